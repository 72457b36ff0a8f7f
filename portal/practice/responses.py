"""Comments and helpful marks on a post, and the reads the post page needs for them."""
from dataclasses import dataclass, field, replace

from flask import abort, url_for
from markupsafe import Markup
from sqlalchemy import delete, or_, true, update
from sqlalchemy.orm import joinedload

from portal.auth.models import PEOPLE
from portal.content_cache import cached_fragment, moving, only_for
from portal.extensions import db, insert_with_conflicts
from portal.directory.contact import has_blocked
from portal.markup import plain_text, render_markdown
from portal.notifications.services import notify
from portal.orgs.models import ORGS
from portal.practice import mentions, reading
from portal.practice.models import COUNTS, Comment, CommentRevision, HelpfulMark, Post, post_scope
from portal.practice.publication import hold_for_review
from portal.practice.response_forms import CommentForm, HelpfulForm
from portal.practice.visibility import can_view
from portal.safeguarding.findings import forget_findings, record_findings
from portal.timestamps import utcnow

CANNOT_CONTRIBUTE = ("You cannot comment or mark posts as helpful at the moment. If you have not confirmed "
                     "your email address yet, confirm it first; otherwise ask a moderator.")
NOT_PUBLISHED = "Comments open once the post is published."


@dataclass
class PostResponses:
    """Everything the responses part of a post page shows, loaded in a fixed number of queries."""
    post: Post
    viewer: object
    comments: list = field(default_factory=list)
    marked: bool = False
    saved: bool = False  # the viewer saved the post for later
    comment_form: CommentForm | None = None
    new_comment_id: int | None = None
    focus_helpful: bool = False
    focus_saved: bool = False
    findings: list = field(default_factory=list)  # likely personal data in a comment being written
    comment_list: Markup | None = None  # the comments already rendered (see post_page_context)

    @property
    def comment_refusal(self):
        return comment_refusal(self.post, self.viewer)

    @property
    def can_mark(self):
        return helpful_refusal(self.post, self.viewer) is None

    @property
    def helpful_form(self):
        return HelpfulForm(formdata=None, marked="no" if self.marked else "yes")

    def can_delete(self, comment):
        return can_delete_comment(comment, self.viewer)

    def can_edit(self, comment):
        return can_edit_comment(comment, self.viewer)

    @property
    def threads(self):
        return threads(self.comments)

    def answered(self, reply):
        """The comment a reply answers, if the reader can see it."""
        return next((comment for comment in self.comments if comment.id == reply.parent_id), None)


def post_page_context(post, viewer, comment_form=None, new_comment_id=None, findings=(), marked=None,
                      saved=False, cache_comments=False):
    """The comments and helpful state of a post, as the viewer may see them (the helpful state is read
    here unless the caller has it already).

    With cache_comments, a signed-in member's rendered comment list is kept until anything shared
    changes: a long thread costs more to render than the rest of the page.
    """
    # A form holds a CSRF token, which writes to the session: visitors, who cannot comment, get none.
    form = comment_form or (CommentForm(prefix="comment", formdata=None) if _signed_in(viewer) else None)
    responses = PostResponses(post=post, viewer=viewer, marked=has_marked(post, viewer) if marked is None else marked,
                              saved=saved, new_comment_id=new_comment_id, findings=list(findings),
                              comment_form=_with_anonymity_hint(form, post, viewer))
    if cache_comments and _signed_in(viewer):
        responses.comment_list = cached_fragment(
            "comments", "practice/_comment_list.html",
            lambda: {"responses": replace(responses, comments=comments_for(post, viewer))},
            shows=(post_scope(post.id), PEOPLE, ORGS), seen_by=only_for(viewer), key=(post.id,))
    else:
        responses.comments = comments_for(post, viewer)
    return responses


def _with_anonymity_hint(form, post, viewer):
    """Tell an anonymous post's author, in the field's hint, how their comment will be signed."""
    if post.anonymous and _signed_in(viewer) and viewer.id == post.author_id:
        form.body.description = (f"{form.body.description} Your post is anonymous, so your comment will show as "
                                 f"“{post.author_description}”.")
    return form


def helpful_context(post, viewer):
    """Just the helpful mark's state, after a toggle (focus returns to the button)."""
    return PostResponses(post=post, viewer=viewer, marked=has_marked(post, viewer), focus_helpful=True)


def viewable_post(post_id, viewer):
    """The post, or 404 if it does not exist or the viewer may not see it."""
    post = db.session.get(Post, post_id)
    if post is None or not can_view(post, viewer):
        abort(404)
    return post


def _signed_in(user):
    return user is not None and user.is_authenticated


# ---- Comments -------------------------------------------------------------------------------

def _comments_visible_to(viewer):
    """Others see published comments; authors also see their own held ones, moderators all."""
    if not _signed_in(viewer):
        return Comment.status == "published"
    if viewer.is_moderator:
        return true()
    return or_(Comment.status == "published", Comment.author_id == viewer.id)


def comments_for(post, viewer):
    return db.session.scalars(
        db.select(Comment).where(Comment.post_id == post.id, _comments_visible_to(viewer))
        .options(joinedload(Comment.author)).order_by(Comment.created_at, Comment.id)).all()


def comment_refusal(post, user):
    """Why this signed-in user may not comment on the post, or None if they may."""
    if not _signed_in(user):
        return "Sign in to comment."
    if not user.can_contribute:
        return CANNOT_CONTRIBUTE
    if post.status != "published":
        return NOT_PUBLISHED
    return None


def ensure_can_comment(post, user):
    if comment_refusal(post, user):
        abort(403)


def threads(comments):
    """Comments in order, each with the replies under it (one level: a reply to a reply stays beside it,
    saying whom it answers). A reply whose comment the reader cannot see stands on its own."""
    shown = {comment.id: comment for comment in comments}
    grouped = {}
    for comment in comments:
        top = comment
        while top.parent_id in shown and top.parent_id != top.id:
            top = shown[top.parent_id]
        thread = grouped.setdefault(top.id, (top, []))
        if comment is not top:
            thread[1].append(comment)
    return list(grouped.values())


def answerable_comment(post, comment_id):
    """The published comment on this post a member replies to, or None if it is gone or no longer shown."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.post_id != post.id or comment.status != "published":
        return None
    return comment


def quote_problem(quote, comment):
    """Why a quote cannot stand for a passage of the comment, or None if it is one."""
    passage, written = _words(quote), _words(comment.body)
    if not passage:
        return None
    if len(passage) > len(written):
        return "The quote is longer than the comment it comes from. Quote only the passage you answer."
    if passage not in written and passage not in _words(plain_text(comment.body)):
        return "Quote only words from the comment you answer, as they are written there."
    return None


def _words(text):
    return " ".join((text or "").split())


def add_comment(post, user, body, answering=None, quote="", mentioned=()):
    """Publish a comment (or a reply to answering, quoting a passage of it), count it and tell the post's
    author, the answered commenter and the members it mentions, in one transaction.

    A comment with likely personal data that its author posts anyway is held for a moderator instead.
    """
    ensure_can_comment(post, user)
    comment = Comment(post_id=post.id, author_id=user.id, body=body.strip(),
                      body_html=str(mentions.linked(render_markdown(body), mentioned)), status="published",
                      parent_id=answering.id if answering else None, quote=_words(quote))
    db.session.add(comment)
    db.session.flush()
    if record_findings("comment", comment.id, {"body": mentions.unmentioned(comment.body, mentioned)}):
        hold_for_review(comment)
        db.session.commit()
        return comment
    reading.note_own_comment(user, post, _change_comment_count(post, +1))
    told = _tell_mentioned(post, comment, mentioned, already={user.id})
    _tell_who_it_answers(post, comment, user, answering, already=told)
    db.session.commit()
    return comment


def _comment_link(post, comment):
    return url_for("practice.show", post_id=post.id, _anchor=f"comment-{comment.id}")


def _tell_mentioned(post, comment, mentioned, already):
    """Tell each member mentioned (once, however often); returns everyone told so far."""
    # The title only: a message must never carry an anonymous author's identity, nor the writer's.
    for member in mentioned:
        if member.id not in already:
            notify(member, "mention", f'You were mentioned in a comment on "{post.title}"',
                   _comment_link(post, comment))
            already = already | {member.id}
    return already


def _tell_who_it_answers(post, comment, user, answering, already):
    """Tell the commenter a reply answers, and the post's author of a new comment, each only once."""
    link = _comment_link(post, comment)
    answered = answering.author if answering else None
    if answered is not None and answered.id not in already and not has_blocked(answered, user):
        notify(answered, "reply", f'New reply to your comment on "{post.title}"', link)
        already = already | {answered.id}
    if post.author_id is not None and post.author_id not in already:
        notify(post.author, "comment", f'New comment on "{post.title}"', link)


def _change_comment_count(post, delta):
    """Move the post's comment count by delta; returns the new count."""
    # Relative, so concurrent comments on the same post cannot overwrite each other's count.
    return db.session.execute(
        update(Post).where(Post.id == post.id).values(comment_count=Post.comment_count + delta)
        .returning(Post.comment_count)
        .execution_options(synchronize_session=False, **moving(post_scope(post.id), COUNTS))).scalar_one()


def can_edit_comment(comment, user):
    """Only its author edits a comment (moderators remove a passage instead), while others may still read it."""
    return _signed_in(user) and comment.author_id == user.id and comment.status in ("published", "pending")


def editable_comment(comment_id, user):
    """The comment if the user may edit it; 404 if they cannot see it, 403 if it is not theirs to edit."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        abort(404)
    if can_edit_comment(comment, user):
        return comment
    if comment.status != "published" or not can_view(comment.post, user):
        abort(404)
    abort(403)


def edit_comment(comment, user, body, mentioned=()):
    """Replace the comment's text, keeping the old text for moderators and marking it edited; members it
    now mentions for the first time are told.

    A new text with likely personal data that its author saves anyway is held for a moderator, and
    leaves the post's count until one approves it.
    """
    if not can_edit_comment(comment, user) or not user.can_contribute:
        abort(403)
    body = body.strip()
    if body == comment.body:
        return comment
    before = {member.id for member in mentions.resolve(comment.body, user, comment.post).members}
    db.session.add(CommentRevision(comment_id=comment.id, body=comment.body))
    comment.body, comment.edited_at = body, utcnow()
    comment.body_html = str(mentions.linked(render_markdown(body), mentioned))
    if (record_findings("comment", comment.id, {"body": mentions.unmentioned(body, mentioned)})
            and comment.status == "published"):
        hold_for_review(comment)
        _change_comment_count(comment.post, -1)
    elif comment.status == "published":
        _tell_mentioned(comment.post, comment, mentioned, already=before | {user.id})
    db.session.commit()
    return comment


def can_delete_comment(comment, user):
    return _signed_in(user) and (comment.author_id == user.id or user.is_moderator)


def deletable_comment(comment_id, user):
    """The comment if the user may delete it; 404 if they cannot see it, 403 if it is not theirs."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        abort(404)
    if can_delete_comment(comment, user):
        return comment
    if comment.status != "published" or not can_view(comment.post, user):
        abort(404)
    abort(403)


def delete_comment(comment, user):
    """Delete the comment; the post's count drops only if it was a published one."""
    if not can_delete_comment(comment, user):
        abort(403)
    post = comment.post
    forget_findings("comment", comment.id)
    on_its_page = moving(post_scope(post.id))
    removed_published = db.session.execute(
        delete(Comment).where(Comment.id == comment.id, Comment.status == "published"),
        execution_options=on_its_page).rowcount
    if removed_published:
        _change_comment_count(post, -1)
    else:
        db.session.execute(delete(Comment).where(Comment.id == comment.id), execution_options=on_its_page)
    db.session.commit()
    return post


# ---- Helpful marks --------------------------------------------------------------------------

def helpful_refusal(post, user):
    """Why this user may not mark the post as helpful, or None if they may."""
    if not _signed_in(user):
        return "Sign in to mark this post as helpful."
    if user.id == post.author_id:
        return "You cannot mark your own post as helpful."
    if post.status != "published":
        return "Only published posts can be marked as helpful."
    if not user.can_contribute:
        return CANNOT_CONTRIBUTE
    return None


def has_marked(post, viewer):
    if not _signed_in(viewer):
        return False
    return db.session.get(HelpfulMark, (post.id, viewer.id)) is not None


def set_helpful(post, user, wanted):
    """Mark or unmark the post for this user; the count moves only if a row was really added or removed."""
    if helpful_refusal(post, user):
        abort(403)
    if wanted:
        delta = 1 if _insert_mark(post, user) else 0
    else:
        delta = -db.session.execute(delete(HelpfulMark).where(
            HelpfulMark.post_id == post.id, HelpfulMark.user_id == user.id)).rowcount
    if delta:
        # The count shows on the post's page and the lists' cards, and orders the "most helpful" lists.
        db.session.execute(update(Post).where(Post.id == post.id).values(helpful_count=Post.helpful_count + delta)
                           .execution_options(synchronize_session=False, **moving(post_scope(post.id), COUNTS)))
    db.session.commit()


def _insert_mark(post, user):
    """Insert the mark unless it exists (even if a concurrent request just added it); True if inserted."""
    statement = (insert_with_conflicts(HelpfulMark).values(post_id=post.id, user_id=user.id).on_conflict_do_nothing()
                 .returning(HelpfulMark.user_id))
    # RETURNING rather than rowcount: psycopg reports -1 for this statement.
    return db.session.execute(statement).first() is not None
