"""Deleting an account and everything personal with it, in one transaction."""
from sqlalchemy import case, delete, func, or_, select, update

from portal.auth.models import User
from portal.auth.passwords import verify_password
from portal.directory.models import ContactRequest
from portal.extensions import db
from portal.mail.models import Follow
from portal.outbox.models import OutboxMessage
from portal.practice import search
from portal.practice.models import Comment, HelpfulMark, Post, recount_tries
from portal.safeguarding.findings import forget_findings

FORMER_MEMBER = "A former member"


def password_matches(user, password):
    return verify_password(user.password_hash, password or "")


def delete_account(user, keep_posts):
    """Delete the member; their posts and comments are deleted, or kept anonymously if keep_posts."""
    user_id = user.id
    _withdraw_helpful_marks(user_id)
    _forget_findings(user_id, keep_posts)
    if keep_posts:
        _anonymise_posts(user_id)
    else:
        _delete_comments(user_id)
        posts = _ids(select(Post.id).where(Post.author_id == user_id))
        tried = _ids(select(Post.replication_of_id).where(Post.id.in_(posts), Post.replication_of_id.is_not(None))
                     .distinct())
        search.remove_posts(posts)  # the full-text index is not a model table: _purge cannot see it
        _purge(Post.__table__, posts)
        recount_tries(sorted(set(tried) - set(posts)))
    _forget_mail(user)
    _purge(User.__table__, [user_id])
    db.session.commit()
    db.session.expunge_all()


def _forget_mail(user):
    """E-mails to the member (sent or waiting) carry their address; others' follows of them point nowhere."""
    db.session.execute(delete(OutboxMessage).where(
        or_(OutboxMessage.user_id == user.id, OutboxMessage.to_address == user.email)))
    db.session.execute(delete(Follow).where(Follow.target_type == "member", Follow.target_id == str(user.id)))


def _forget_findings(user_id, keep_posts):
    """Findings quote what the member wrote: they go with the writing (kept posts and comments keep theirs)."""
    forget_findings("profile", user_id)
    forget_findings("contact_request", *_ids(select(ContactRequest.id).where(
        or_(ContactRequest.sender_id == user_id, ContactRequest.recipient_id == user_id))))
    if not keep_posts:
        forget_findings("comment", *_ids(select(Comment.id).where(Comment.author_id == user_id)))
        posts = _ids(select(Post.id).where(Post.author_id == user_id))
        forget_findings("post", *posts)
        forget_findings("comment", *_ids(select(Comment.id).where(Comment.post_id.in_(posts))))


def _ids(stmt):
    return list(db.session.scalars(stmt))


def _withdraw_helpful_marks(user_id):
    """Keep each post's helpful count equal to its marks once this member's marks are gone."""
    marked = select(HelpfulMark.post_id).where(HelpfulMark.user_id == user_id)
    db.session.execute(update(Post).where(Post.id.in_(marked)).values(helpful_count=Post.helpful_count - 1)
                       .execution_options(synchronize_session=False))


def _anonymise_posts(user_id):
    db.session.execute(update(Post).where(Post.author_id == user_id).values(
        anonymous=True, author_id=None,
        author_description=case((Post.author_description == "", FORMER_MEMBER), else_=Post.author_description))
        .execution_options(synchronize_session=False))


def _delete_comments(user_id):
    post_ids = _ids(select(Comment.post_id).where(Comment.author_id == user_id).distinct())
    _purge(Comment.__table__, _ids(select(Comment.id).where(Comment.author_id == user_id)))
    published = (select(func.count(Comment.id)).where(Comment.post_id == Post.id, Comment.status == "published")
                 .scalar_subquery())
    db.session.execute(update(Post).where(Post.id.in_(post_ids)).values(comment_count=published)
                       .execution_options(synchronize_session=False))


def _purge(table, ids):
    """Delete rows by primary key; each referencing foreign key's ON DELETE does the rest, on both databases."""
    if ids:
        (key,) = table.primary_key.columns
        db.session.execute(delete(table).where(key.in_(ids)))
