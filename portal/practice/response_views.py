"""Responding to a post: comments and helpful marks."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.extensions import limiter
from portal.htmx import is_fragment_request, render_page_or_fragment
from portal.practice import mentions, responses, saved
from portal.practice.response_forms import CommentForm, ConfirmForm, HelpfulForm, ReplyForm, SaveForm
from portal.safeguarding.findings import flattened, scan
from portal.security import keeps_input_on_csrf_failure, per_member

bp = Blueprint("responses", __name__)


@bp.post("/practice/<int:post_id>/comments")
@login_required
@limiter.limit(lambda: current_app.config["COMMENT_RATE_LIMIT"], key_func=per_member)
@keeps_input_on_csrf_failure
def add_comment(post_id):
    """Add a comment: in place with HTMX, else back to the post at the new comment."""
    post = responses.viewable_post(post_id, current_user)
    responses.ensure_can_comment(post, current_user)
    form = CommentForm(prefix="comment")
    findings = []
    if form.validate_on_submit() and (mentioned := _mentions_or_errors(form, post)) is not None:
        findings = flattened(scan({"body": mentions.unmentioned(form.body.data, mentioned)}))
        if not findings or request.form.get("action") == "publish_anyway":
            comment = responses.add_comment(post, current_user, form.body.data, mentioned=mentioned)
            if is_fragment_request():
                return render_template("practice/_comments.html", post=post, responses=responses.post_page_context(
                    post, current_user, new_comment_id=comment.id))
            return redirect(url_for("practice.show", post_id=post.id, _anchor=f"comment-{comment.id}"), code=303)
    context = responses.post_page_context(post, current_user, comment_form=form, findings=findings)
    return render_page_or_fragment("practice/comment_page.html", "practice/_comments.html",
                                   post=post, responses=context), 422


@bp.route("/practice/<int:post_id>/comments/<int:comment_id>/reply", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["COMMENT_RATE_LIMIT"], methods=["POST"], key_func=per_member)
@keeps_input_on_csrf_failure
def reply(post_id, comment_id):
    """Answer one comment, quoting the passage answered if the member likes; back to the post at the reply."""
    post = responses.viewable_post(post_id, current_user)
    responses.ensure_can_comment(post, current_user)
    answering = responses.answerable_comment(post, comment_id)
    form = ReplyForm(prefix="reply")
    form.body.label.text = "Your reply"
    if answering is None:
        return _comment_instead(post, form)
    findings = []
    if form.validate_on_submit():
        problem = responses.quote_problem(form.quote.data, answering)
        if problem:
            form.quote.errors.append(problem)
        if (mentioned := _mentions_or_errors(form, post)) is not None and not problem:
            findings = flattened(scan({"body": mentions.unmentioned(form.body.data, mentioned)}))
            if not findings or request.form.get("action") == "publish_anyway":
                comment = responses.add_comment(post, current_user, form.body.data, answering, form.quote.data,
                                                mentioned)
                return redirect(url_for("practice.show", post_id=post.id, _anchor=f"comment-{comment.id}"), code=303)
    status = 422 if form.errors or findings else 200
    return render_template("practice/reply.html", post=post, answering=answering, form=form, findings=findings,
                           viewer=current_user), status


def _mentions_or_errors(form, post):
    """The listed members the comment mentions; any @-name that cannot be one becomes an error on the
    field, which keeps what was typed (None then)."""
    found = mentions.resolve(form.body.data, current_user, post)
    if found.problems:
        form.body.errors = [*form.body.errors, *found.problems]
        return None
    return found.members


def _comment_instead(post, reply_form):
    """The comment answered is gone or hidden: nothing to show on a visit; what was typed becomes a
    comment on the post, to send or change."""
    if request.method == "GET":
        abort(404)
    typed = reply_form.body.data or ""
    if reply_form.quote.data:
        typed = f"> {' '.join(reply_form.quote.data.split())}\n\n{typed}"
    form = CommentForm(prefix="comment", formdata=None, data={"body": typed})
    flash("The comment you were answering is no longer shown, so your reply cannot go under it. "
          "What you wrote is below: send it as a comment on the post, or change it first.", "error")
    context = responses.post_page_context(post, current_user, comment_form=form)
    return render_template("practice/comment_page.html", post=post, responses=context), 409


@bp.post("/practice/<int:post_id>/helpful")
@login_required
@limiter.limit(lambda: current_app.config["HELPFUL_RATE_LIMIT"], key_func=per_member)
def helpful(post_id):
    """Mark or unmark a post as helpful; HTMX gets the updated control and count."""
    post = responses.viewable_post(post_id, current_user)
    form = HelpfulForm()
    if not form.validate_on_submit():
        abort(400, "Choose whether this post was helpful.")
    responses.set_helpful(post, current_user, form.marked.data == "yes")
    if is_fragment_request():
        return render_template("practice/_helpful.html", post=post,
                               responses=responses.helpful_context(post, current_user))
    return redirect(url_for("practice.show", post_id=post.id, _anchor="helpful"), code=303)


@bp.post("/practice/<int:post_id>/save")
@login_required
@limiter.limit(lambda: current_app.config["SAVE_RATE_LIMIT"], key_func=per_member)
def save(post_id):
    """Save a post for later or take it off the list; HTMX gets the updated control, and the saved
    list's own "Remove" buttons come back to the list."""
    post = responses.viewable_post(post_id, current_user)
    form = SaveForm()
    if not form.validate_on_submit():
        abort(400, "Choose whether to save this post.")
    wanted = form.saved.data == "yes"
    saved.set_saved(post, current_user, wanted)
    if request.form.get("from") == "saved":
        flash(f"“{post.title}” is no longer in your saved posts.", "success")
        return redirect(url_for("practice.saved"), code=303)
    if is_fragment_request():
        return render_template("practice/_saved.html", post=post, responses=responses.PostResponses(
            post=post, viewer=current_user, saved=wanted, focus_saved=True))
    return redirect(url_for("practice.show", post_id=post.id, _anchor="save-for-later"), code=303)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["COMMENT_RATE_LIMIT"], methods=["POST"], key_func=per_member)
@keeps_input_on_csrf_failure
def edit_comment(comment_id):
    """Its author rewrites a comment; readers see it marked "edited", moderators keep the earlier text."""
    comment = responses.editable_comment(comment_id, current_user)
    if not current_user.can_contribute:
        abort(403)
    form = CommentForm(data={"body": comment.body} if request.method == "GET" else None)
    form.body.label.text = "Your comment"
    findings = []
    if form.validate_on_submit() and (mentioned := _mentions_or_errors(form, comment.post)) is not None:
        findings = flattened(scan({"body": mentions.unmentioned(form.body.data, mentioned)}))
        if not findings or request.form.get("action") == "save_anyway":
            responses.edit_comment(comment, current_user, form.body.data, mentioned)
            flash("Your comment has been updated." if comment.status == "published" else
                  "Your comment has been updated. A moderator will check it before others see it.", "success")
            return redirect(url_for("practice.show", post_id=comment.post_id, _anchor=f"comment-{comment.id}"),
                            code=303)
    status = 422 if form.errors or findings else 200
    return render_template("practice/edit_comment.html", comment=comment, form=form, findings=findings), status


@bp.route("/comments/<int:comment_id>/delete", methods=["GET", "POST"])
@login_required
def delete_comment(comment_id):
    """Ask before deleting a comment (its author's or, for moderators, anyone's), then delete it."""
    comment = responses.deletable_comment(comment_id, current_user)
    form = ConfirmForm()
    if form.validate_on_submit():
        own = comment.author_id == current_user.id
        post = responses.delete_comment(comment, current_user)
        flash("Your comment has been deleted." if own else "The comment has been deleted.", "success")
        return redirect(url_for("practice.show", post_id=post.id, _anchor="comments"), code=303)
    return render_template("practice/delete_comment.html", comment=comment, form=form)
