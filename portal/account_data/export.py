"""Everything the portal holds about a member, as one JSON document (UK GDPR right of access)."""
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from portal.directory.models import ContactBlock, ContactRequest, ContactRequestReport, DirectoryProfile
from portal.extensions import db
from portal.mail.models import Follow, MailPreference
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.oidc.services import identities_of
from portal.practice.models import Comment, CommentRevision, FollowUp, HelpfulMark, Post, PostRead, SavedPost
from portal.timestamps import utcnow


def _when(value):
    return value.isoformat() if value else None


def _account(user):
    return {"name": user.name, "email": user.email, "job_title": user.job_title, "role": user.role,
            "region": user.region_name or None, "school": user.school.name if user.school else None,
            "trust": user.trust.name if user.trust else None, "trust_membership": user.trust_status,
            "trust_role": user.trust_role, "phases": [p.name for p in user.phases],
            "created_at": _when(user.created_at), "last_sign_in_at": _when(user.last_sign_in_at),
            "last_home_visit_at": _when(user.home_seen_at), "email_verified_at": _when(user.email_verified_at),
            "named_on_endorsements": user.named_on_endorsements}


def _directory_profile(user):
    profile = db.session.get(DirectoryProfile, user.id)
    if profile is None:
        return None
    return {"role_type": profile.role_type_name or None, "setting": profile.setting_name or None,
            "area": profile.locality_name or None, "disadvantaged_pupils": profile.disadvantage_name or None,
            "happy_to_talk_about": profile.happy_to_talk_about, "listed": profile.listed,
            "open_to_contact": profile.open_to_contact,
            "recommendations": [r.label for r in profile.recommendations],
            "question_sets": [q.title for q in profile.question_sets], "updated_at": _when(profile.updated_at)}


POST_FIELDS = ("id", "kind", "title", "body", "status", "visibility", "anonymous", "author_description", "outcome",
               "trial_question", "year_groups", "subjects", "class_size", "what_was_done", "what_happened",
               "evidence_notes", "pupils_involved", "minutes_saved_per_week", "would_change", "prompt_text",
               "prompt_purpose", "prompt_tips", "prompt_checking")


def _posts(user):
    posts = db.session.scalars(select(Post).where(Post.author_id == user.id).order_by(Post.id)).all()
    return [{**{name: getattr(post, name) for name in POST_FIELDS}, "created_at": _when(post.created_at),
             "published_at": _when(post.published_at)} for post in posts]


def _comments(user):
    comments = db.session.scalars(select(Comment).where(Comment.author_id == user.id).order_by(Comment.id)).all()
    earlier = {}
    for revision in db.session.scalars(select(CommentRevision).join(Comment, Comment.id == CommentRevision.comment_id)
                                       .where(Comment.author_id == user.id).order_by(CommentRevision.id)):
        earlier.setdefault(revision.comment_id, []).append({"body": revision.body,
                                                            "replaced_at": _when(revision.replaced_at)})
    return [{"id": c.id, "post_id": c.post_id, "in_reply_to": c.parent_id, "quote": c.quote, "body": c.body,
             "status": c.status, "created_at": _when(c.created_at), "edited_at": _when(c.edited_at),
             "earlier_versions": earlier.get(c.id, [])} for c in comments]


def _sign_in_accounts(user):
    return [{"provider": i.provider, "email": i.email, "tenant": i.tenant, "linked_at": _when(i.created_at),
             "last_used_at": _when(i.last_used_at)} for i in identities_of(user)]


def _follow_ups(user):
    rows = db.session.scalars(select(FollowUp).where(FollowUp.author_id == user.id).order_by(FollowUp.id))
    return [{"post_id": f.post_id, "still_doing_it": f.lasted_name, "what_changed": f.what_changed,
             "minutes_saved_per_week": f.minutes_saved_per_week, "created_at": _when(f.created_at)} for f in rows]


def _posts_read(user):
    rows = db.session.scalars(select(PostRead).where(PostRead.user_id == user.id).order_by(PostRead.read_at))
    return [{"post_id": r.post_id, "last_looked_at": _when(r.read_at), "comments_then": r.comments_seen} for r in rows]


def _helpful_marks(user):
    marks = db.session.scalars(select(HelpfulMark).where(HelpfulMark.user_id == user.id)).all()
    return [{"post_id": m.post_id, "created_at": _when(m.created_at)} for m in marks]


def _saved_posts(user):
    rows = db.session.scalars(select(SavedPost).where(SavedPost.user_id == user.id).order_by(SavedPost.created_at))
    return [{"post_id": row.post_id, "saved_at": _when(row.created_at)} for row in rows]


def _request(item, user, blocked_ids):
    """A request as this member sees it on its page: the other's email only once accepted, and not after a block."""
    other = item.other_party(user)
    entry = {"id": item.id, "direction": "sent" if item.sender_id == user.id else "received",
             "other_member": other.name, "message": item.message, "status": item.status_for(user),
             "created_at": _when(item.created_at), "responded_at": _when(item.responded_at)}
    if item.shows_emails() and other.id not in blocked_ids:
        entry["other_member_email"] = other.email
    return entry


def _contact_requests(user):
    items = db.session.scalars(select(ContactRequest).where(or_(
        ContactRequest.sender_id == user.id, ContactRequest.recipient_id == user.id))
        .options(selectinload(ContactRequest.sender), selectinload(ContactRequest.recipient))
        .order_by(ContactRequest.id)).all()
    blocked_ids = _blocked_either_way(user)
    return [_request(item, user, blocked_ids) for item in items]


def _blocked_either_way(user):
    """The members this one has blocked or been blocked by: a block by either hides both addresses."""
    rows = db.session.execute(select(ContactBlock.blocker_id, ContactBlock.blocked_id).where(or_(
        ContactBlock.blocker_id == user.id, ContactBlock.blocked_id == user.id)))
    return {blocked if blocker == user.id else blocker for blocker, blocked in rows}


def _blocks(user):
    blocks = db.session.scalars(select(ContactBlock).where(ContactBlock.blocker_id == user.id)
                                .options(selectinload(ContactBlock.blocked))).all()
    return [{"member": b.blocked.name, "created_at": _when(b.created_at)} for b in blocks]


def _reports(user):
    reports = db.session.scalars(select(ContactRequestReport).where(ContactRequestReport.reporter_id == user.id)).all()
    return [{"contact_request_id": r.request_id, "reason": r.reason, "created_at": _when(r.created_at)}
            for r in reports]


def _notifications(user):
    notes = db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                               .order_by(Notification.id)).all()
    return [{"kind": n.kind, "message": n.message, "link": n.link, "created_at": _when(n.created_at),
             "read_at": _when(n.read_at)} for n in notes]


def _email_preferences(user):
    rows = db.session.scalars(select(MailPreference).where(MailPreference.user_id == user.id))
    return {row.kind: row.delivery for row in rows}


def _follows(user):
    rows = db.session.scalars(select(Follow).where(Follow.user_id == user.id).order_by(Follow.id))
    return [{"type": f.target_type, "id": f.target_id, "created_at": _when(f.created_at)} for f in rows]


def _emails(user):
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == user.id).order_by(OutboxMessage.id))
    return [{"subject": m.subject, "category": m.category, "status": m.status, "created_at": _when(m.created_at),
             "sent_at": _when(m.sent_at)} for m in rows]


def export_for(user):
    """Everything about the member, grouped the way the "Your data" page describes it."""
    return {"exported_at": _when(utcnow()), "account": _account(user), "sign_in_accounts": _sign_in_accounts(user), "directory_profile": _directory_profile(user),
            "posts": _posts(user), "follow_ups": _follow_ups(user), "comments": _comments(user), "helpful_marks": _helpful_marks(user),
            "saved_posts": _saved_posts(user), "posts_read": _posts_read(user), "contact_requests": _contact_requests(user), "blocked_members": _blocks(user),
            "contact_request_reports": _reports(user), "notifications": _notifications(user),
            "email_preferences": _email_preferences(user), "follows": _follows(user), "emails": _emails(user)}
