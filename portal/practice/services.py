"""Writing posts: create, edit, publish and delete, each in one transaction."""
from sqlalchemy import select

from portal.extensions import db
from portal.markup import plain_text, render_markdown
from portal.practice import search
from portal.practice.anonymity import disclose
from portal.practice.forms import COMMON_FIELDS, KIND_FIELDS
from portal.practice.models import TEXT_FIELDS, Comment, Post
from portal.practice.publication import go_live, hold_for_review, resubmit, status_on_publish
from portal.practice.tools import tool_names_from, tools_named
from portal.practice.visibility import can_view
from portal.safeguarding.findings import flattened, forget_findings, record_findings, scan
from portal.taxonomy.models import Phase, QuestionSet, Recommendation

SUMMARY_CHARS = 300


class NotAllowed(Exception):
    """The user may not change this post."""


def publish(post):
    """Publish a post, unless moderation holds it for review first."""
    if status_on_publish(post) == "published":
        go_live(post)
    else:
        post.status = "pending"


def save_post(form, editor, kind=None, post=None, publish_now=False, original=None):
    """Create (kind given) or update (post given) a post from a validated form, then commit.

    The safeguarding assist's findings are recomputed from every text field and replace the stored
    ones; a post published with findings (its author chose to publish anyway) is held for review.
    """
    if post is None:
        post = Post(kind=kind, author=editor, status="draft", replication_of=_replicable(original, editor))
        fill_post(post, form)  # before add(): its look-ups must not autoflush a half-filled post
        db.session.add(post)
    elif post.is_editable_by(editor):
        fill_post(post, form)
    else:
        raise NotAllowed()
    if post.author is editor:
        stamp_author_context(post, editor)
    db.session.flush()
    _set_status(post, publish_now, record_findings("post", post.id, post.texts()))
    search.index_post(post)
    db.session.commit()
    return post


def personal_data_in(form, kind):
    """Likely personal data (pupils' names, contact details, dates of birth...) in every text field of the form."""
    names = set(COMMON_FIELDS + KIND_FIELDS[kind]) & set(TEXT_FIELDS)
    return flattened(scan({name: getattr(form, name).data for name in TEXT_FIELDS if name in names}))


def preview_post(form, editor, kind, post=None):
    """A post built from the form but never saved, for the preview (the same partial as the page),
    and how an anonymous post would be signed (None when the editor is not its author)."""
    preview = Post(kind=kind, author=post.author if post else editor, status="draft")
    fill_post(preview, form, create_tools=False)
    if preview.author is not editor:
        preview.author_description = post.author_description  # a moderator's edit keeps the author's
        return preview, None
    return preview, stamp_author_context(preview, editor)


def anonymous_signature(form, editor, post=None):
    """How the editor's post would be signed without their name, from the form's phases and audience
    (None when a moderator edits someone else's post: it keeps its author's description)."""
    if post is not None and post.author is not editor:
        return None
    return disclose(editor, _by_ids(Phase, form.phases.data), form.visibility.data, editor.verified_trust_id)


def fill_post(post, form, create_tools=True):
    """Copy the form's allowed fields onto the post; no other field a request sends is bound."""
    fields = {name: getattr(form, name).data for name in COMMON_FIELDS + KIND_FIELDS[post.kind]}
    set_content(post, fields, form.phases.data, form.recommendations.data, form.question_sets.data,
                tool_names_from(form.tools.data), create_tools)


def set_content(post, fields, phase_ids, recommendation_ids, question_set_ids, tool_names, create_tools=True):
    """Set a post's text, tags and tools, and render its Markdown and summary."""
    for name, value in fields.items():
        setattr(post, name, _blank(name) if value is None else value)
    post.outcome = "did_not_work" if post.kind == "failure" else (post.outcome or None)
    post.phases = _by_ids(Phase, phase_ids)
    post.recommendations = _by_ids(Recommendation, recommendation_ids)
    post.question_sets = _by_ids(QuestionSet, question_set_ids)
    post.tools = tools_named(tool_names, create=create_tools)
    render_text(post)


def render_text(post):
    """Render the post's Markdown and its plain-text summary from its source fields."""
    post.body_html = str(render_markdown(post.body))
    post.summary = plain_text(post.body or post.what_happened or post.prompt_purpose or post.trial_question,
                              SUMMARY_CHARS)


def _blank(name):
    column = Post.__table__.columns[name]
    return "" if column.type.python_type is str and not column.nullable else None


def _by_ids(model, ids):
    return db.session.scalars(select(model).where(model.id.in_(ids or [])).order_by(model.position)).all()


def stamp_author_context(post, author):
    """Fix the author's description, region and trust on the post; returns how it will be signed."""
    # Fixed when the author saves: moderators' edits never take on the moderator's own context.
    post.trust_id = author.verified_trust_id  # a post counts for a trust only when its author is verified staff
    # A trust-only post's description is counted among its readers, that trust's verified members.
    disclosure = disclose(author, post.phases, post.visibility, post.trust_id)
    post.author_description = disclosure.description
    # Browsing by region must not find an anonymous post in a region its description leaves out.
    post.region = disclosure.shown.region if post.anonymous else author.region
    return disclosure


def _set_status(post, publish_now, findings):
    if post.status == "hidden":
        return  # only a moderator's decision brings a hidden post back
    if not publish_now:
        post.status = "draft"
    elif findings:
        hold_for_review(post)
    elif post.status == "rejected":
        resubmit(post)
    elif post.status != "published":
        publish(post)


def _replicable(original, user):
    return original if original is not None and original.is_live and can_view(original, user) else None


def delete_post(post, user):
    """Delete a post; the schema deletes what hangs off it (comments, marks, tags) and unlinks replications."""
    if not post.is_editable_by(user):
        raise NotAllowed()
    search.remove_post(post.id)
    forget_findings("post", post.id)
    forget_findings("comment", *db.session.scalars(select(Comment.id).where(Comment.post_id == post.id)))
    db.session.delete(post)
    db.session.commit()
