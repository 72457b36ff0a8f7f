"""Sharing, browsing and searching practice."""
import functools
import re

import click
from flask import (Blueprint, abort, current_app, flash, g, make_response, redirect, render_template, request,
                   url_for)
from flask_login import current_user, login_required
from markupsafe import Markup

from portal.audiences import audience_key
from portal.content_cache import cached_fragment, cached_page
from portal.extensions import db, limiter
from portal.htmx import is_fragment_request
from portal.local_time import uk_today
from portal.params import page_number, whole_number
from portal.practice import cache_scopes, follow_ups, maturity, queries, reading, search, services, workload
from portal.practice.filters import BrowseForm, PromptBankForm
from portal.practice.forms import FORMS
from portal.practice.models import KINDS, Post
from portal.practice.responses import post_page_context
from portal.practice.saved import saved_posts
from portal.practice.tools import tools_in_use
from portal.practice.visibility import can_view
from portal.taxonomy.services import all_phases, all_recommendations
from portal.security import keeps_input_on_csrf_failure, per_member
from portal.timestamps import utcnow

SIMILAR_TITLE_MAX = 200  # a post's title can be no longer

bp = Blueprint("practice", __name__, url_prefix="/practice")
# Practice's part of a member's directory page, which the directory renders without importing practice.
bp.add_app_template_global(queries.named_posts_by)
bp.add_app_template_global(reading.card_marker)
bp.add_app_template_filter(workload.minutes_a_week)
bp.add_app_template_global(maturity.STEPS, "maturity_steps")


@bp.after_app_request
def mark_unread_cards(response):
    """Fill in each card's "new" marker for the member, on any page that lists posts (see reading)."""
    if current_user.is_authenticated and response.mimetype == "text/html" and not response.direct_passthrough:
        response.set_data(reading.mark_unread(response.get_data(), current_user))
    return response


def _is_preview():
    return request.form.get("action") == "preview"


posting_limit = limiter.limit(lambda: current_app.config["PRACTICE_POST_RATE_LIMIT"], methods=["POST"],
                              key_func=per_member, exempt_when=_is_preview)


@bp.get("")
@cached_page(shows=cache_scopes.LISTS)
def index():
    """Browse and search shared practice; HTMX gets the results fragment alone."""
    form = BrowseForm(request.args, **queries.filter_options(current_user))
    if not form.validate():
        return _browse_page(form, Markup(render_template("practice/_results.html", form=form, listing=None)),
                            lambda: Markup(render_template("practice/_filters.html", form=form))), 400
    # Filters and results look the same to everyone who may see the same posts: rendered once per audience.
    audience = audience_key(current_user)
    results = cached_fragment("browse-results", "practice/_results.html", lambda: {
        "form": form, "listing": queries.browse(current_user, form)},
        shows=cache_scopes.LISTS, seen_by=audience, key=(request.query_string,))
    response = make_response(_browse_page(form, results, lambda: cached_fragment(
        "browse-filters", "practice/_filters.html", lambda: {"form": form},
        shows=cache_scopes.LISTS, seen_by=audience, key=(request.query_string,))))
    if is_fragment_request():
        # Push a tidy, shareable address: only the filters in use, not every empty field.
        response.headers["HX-Push-Url"] = url_for("practice.index", **form.filter_args(),
                                                  after=form.after.data or None)
    return response


def _browse_page(form, results, filters):
    """The results alone for HTMX, else the whole page around them."""
    if is_fragment_request():
        return results
    return render_template("practice/index.html", form=form, filters=filters(), results=results)


@bp.get("/prompts")
@cached_page(shows=cache_scopes.LISTS)
def prompts():
    """The prompt bank: prompts by task, filtered by tool and phase, each ready to copy."""
    form = PromptBankForm(request.args, **queries.filter_options(current_user))
    if not form.validate():
        return render_template("practice/prompts.html", form=form, tasks=None), 400
    tasks = cached_fragment("prompt-bank", "practice/_prompt_bank.html", lambda: {
        "form": form, "tasks": queries.prompt_bank(current_user, form)},
        shows=cache_scopes.LISTS, seen_by=audience_key(current_user), key=(request.query_string,))
    return render_template("practice/prompts.html", form=form, tasks=tasks)


@bp.get("/<int:post_id>")
@cached_page(shows=cache_scopes.post_page_and_related, varies_by=(uk_today,))
def show(post_id):
    viewer = current_user._get_current_object()  # read for every comment: skip the proxy
    try:
        page = queries.post_for_page(post_id, viewer) or abort(404)
    except queries.MembersOnly:
        return render_template("practice/members_only.html"), 403
    post = page.post
    # Most of the page reads the same to everyone who may see the same posts: rendered once per
    # audience, from the whole post and its chain of replications, which are read (once) only then.
    chain = functools.cache(lambda: queries.complete_with_chain(post, viewer))

    def main_context():
        tries = chain().replications  # and completes the post: its body, tags and author
        looked_back = follow_ups.follow_ups_of(post) if post.kind == "trial" else []
        return {"post": post, "follow_ups": looked_back,
                "maturity": maturity.of_post(post, tries, followed_up=bool(looked_back))}

    shows, audience = cache_scopes.post_page(post.id), audience_key(viewer)
    # By the day too: an endorsement's label lapses into "due for review" with no write to move anything.
    main = cached_fragment("post-main", "practice/_post_main.html", main_context,
                           shows=shows, seen_by=audience, key=(post.id, uk_today()))
    tried_too = cached_fragment("post-replications", "practice/_replications.html", lambda: {"chain": chain()},
                                shows=shows, seen_by=audience, key=(post.id,))
    related = cached_fragment("post-related", "practice/_related.html", lambda: {
        "related": chain().related}, shows=cache_scopes.TITLES, seen_by=audience, key=(post.id,))
    unread = reading.note_reading(viewer, post, page.last_look) if viewer.is_authenticated else None
    return render_template("practice/show.html", post=post, main=main, tried_too=tried_too, related=related,
                           unread=unread, follow_up=_follow_up_offer(post, viewer), responses=post_page_context(post, viewer, marked=page.marked,
                                                                      saved=page.saved, cache_comments=True))


# A link's query argument, and the form field (and taxonomy() key) it fills.
TAG_ARGS = {"recommendation": "recommendations", "question_set": "question_sets", "phase": "phases"}
TAG_ID = re.compile(r"[a-z0-9-]{1,64}")


def _follow_up_offer(post, viewer):
    """For a live trial's author: when "one term on" opens, and whether it has."""
    if post.kind == "trial" and post.is_live and viewer.is_authenticated and viewer.id == post.author_id:
        opens = follow_ups.opens_at(post)
        return {"opens": opens, "is_open": opens <= utcnow()}
    return None


@bp.get("/similar")
@login_required
@limiter.limit(lambda: current_app.config["SIMILAR_POSTS_RATE_LIMIT"], key_func=per_member)
def similar():
    """As an author writes a title and picks tags: up to five posts like it, "has someone tried this already?"
    (an htmx fragment; without script the form never asks, and a direct visit becomes a search)."""
    title = request.args.get("title", "")
    if not is_fragment_request():
        return redirect(url_for("practice.index", q=title[:SIMILAR_TITLE_MAX]))
    recommendations, phases = _chosen(all_recommendations(), "recommendations"), _chosen(all_phases(), "phases")
    if len(title) > SIMILAR_TITLE_MAX or recommendations is None or phases is None:
        abort(400, "Those tags or that title cannot be matched.")
    editing = whole_number(request.args.get("post", ""))
    posts = queries.similar_posts(current_user, title, queries.tag_words(recommendations, phases), excluding=editing)
    return render_template("practice/_similar.html", posts=posts)


def _chosen(options, name):
    """The options whose ids the query string names, or None if it names one that does not exist."""
    wanted = set(request.args.getlist(name))
    chosen = [option for option in options if option.id in wanted]
    return chosen if len(chosen) == len(wanted) else None


@bp.get("/saved")
@login_required
def saved():
    """The posts the member saved for later, the latest first."""
    page = page_number()
    posts, more = saved_posts(current_user, page, current_app.config["PRACTICE_PAGE_SIZE"])
    return render_template("practice/saved.html", posts=posts, page=page, more=more)


@bp.get("/mine")
@login_required
def mine():
    """The signed-in member's own posts in every status."""
    return render_template("practice/mine.html", posts=queries.posts_by(current_user))


@bp.get("/new")
@login_required
def choose_kind():
    return render_template("practice/choose_kind.html", kinds=KINDS, replicates=request.args.get("replicates"),
                           tagged=_tags_asked_for())


@bp.route("/new/<kind>", methods=["GET", "POST"])
@login_required
@posting_limit
@keeps_input_on_csrf_failure
def new(kind):
    """Write a new post of one kind: preview, save as draft or publish."""
    if kind not in KINDS:
        abort(404)
    if not current_user.can_contribute:
        return _cannot_post()
    original = _original_post(request.values.get("replicates"), strict=request.method == "GET")
    tags = queries.taxonomy()
    form = _form_for(kind, tags, data=_prefill(original, tags) if request.method == "GET" else None)
    return _handle_form(form, tags, kind, post=None, original=original)


@bp.route("/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
@posting_limit
@keeps_input_on_csrf_failure
def edit(post_id):
    post = _editable_post(post_id)
    if not (current_user.is_moderator or current_user.can_contribute):
        return _cannot_post()
    tags = queries.taxonomy()
    form = _form_for(post.kind, tags, obj=post if request.method == "GET" else None)
    if request.method == "GET":
        _fill_tags(form, post)
    return _handle_form(form, tags, post.kind, post=post)


@bp.route("/<int:post_id>/delete", methods=["GET", "POST"])
@login_required
def delete(post_id):
    """Confirm, then delete a post (its author or a moderator only)."""
    post = _editable_post(post_id)
    if request.method == "GET":
        return render_template("practice/delete.html", post=post)
    title = post.title
    services.delete_post(post, current_user._get_current_object())
    flash(f"“{title}” has been deleted.", "success")
    return redirect(url_for("practice.mine"), code=303)


def _editable_post(post_id):
    post = db.session.get(Post, post_id)
    if post is None or not can_view(post, current_user):
        abort(404)
    if not post.is_editable_by(current_user):
        abort(403)
    return post


def _cannot_post():
    return render_template("practice/cannot_post.html"), 403


def _form_for(kind, tags, **kwargs):
    return FORMS[kind](author=current_user, choices=queries.form_choices(tags), **kwargs)


def _fill_tags(form, post):
    form.phases.data = [p.id for p in post.phases]
    form.recommendations.data = [r.id for r in post.recommendations]
    form.question_sets.data = [qs.id for qs in post.question_sets]
    form.tools.data = ", ".join(t.name for t in post.tools)


def _original_post(value, strict):
    """The post an "I tried this too" trial follows: 404 on the form's first load, ignored on submit."""
    if not value:
        return None
    post_id = whole_number(value)
    post = db.session.get(Post, post_id) if post_id else None
    if post is None or not post.is_live or not can_view(post, current_user):
        if strict:
            abort(404)
        return None
    return post


def _tags_asked_for():
    """The tags a "share the first one" link names (recommendation, question_set, phase), to carry to the form."""
    return {name: request.args[name] for name in TAG_ARGS if TAG_ID.fullmatch(request.args.get(name, ""))}


def _prefill(original, tags):
    """A new form's first values: the post it tries again, or the tags a link from the coverage map asked for
    (any that are not the report's are ignored)."""
    if original:
        return _replication_prefill(original)
    asked = _tags_asked_for()
    return {field: [tag.id for tag in tags[field] if tag.id == asked.get(arg)] for arg, field in TAG_ARGS.items()}


def _replication_prefill(original):
    return {"title": f"Tried again: {original.title}"[:200], "trial_question": original.trial_question,
            "phases": [p.id for p in original.phases], "recommendations": [r.id for r in original.recommendations],
            "question_sets": [qs.id for qs in original.question_sets], "subjects": original.subjects,
            "year_groups": original.year_groups, "tools": ", ".join(t.name for t in original.tools),
            "replicates": str(original.id)}


def _handle_form(form, tags, kind, post, original=None):
    """Preview (a fragment for HTMX), or validate and save; otherwise show the form again."""
    editor = current_user._get_current_object()
    preview, findings, signature, confirm_draft = None, [], None, False
    if request.method == "POST" and _is_preview() and not g.get("csrf_failed"):
        preview, signature = services.preview_post(form, editor, kind, post)
        if is_fragment_request():
            return render_template("practice/_preview.html", preview=preview, signature=signature)
    elif form.validate_on_submit():
        action = request.form.get("action")
        publish_now = action in ("publish", "publish_anyway")
        findings = services.personal_data_in(form, post.kind if post else kind) if publish_now else []
        if _leaves_the_queue(post, action):
            confirm_draft = True  # the form comes back with what was typed, and asks first
        elif not findings or action == "publish_anyway":
            saved = services.save_post(form, editor, kind=kind, post=post, publish_now=publish_now,
                                       original=original)
            flash(_saved_message(saved), "success")
            return redirect(url_for("practice.show", post_id=saved.id), code=303)
    signature = signature or services.anonymous_signature(form, editor, post)
    return render_template("practice/form.html", form=form, kind=kind, post=post, original=original,
                           preview=preview, signature=signature, tags=tags, findings=findings,
                           confirm_draft=confirm_draft, tool_suggestions=tools_in_use(editor)), (
        422 if form.errors or findings else 200)


def _leaves_the_queue(post, action):
    """Saving a post that waits for review as a draft takes it out of the moderators' queue: ask first."""
    return action == "draft" and post is not None and post.status == "pending"


def _saved_message(post):
    return {"published": "Your post is published. Thank you for sharing.",
            "pending": "Your post has been sent to the moderators. We will tell you when it is live.",
            "hidden": "Your changes are saved. The post stays hidden until a moderator restores it."}.get(
        post.status, "Your post is saved as a draft. Only you can see it.")


@bp.cli.command("remind-follow-ups")
def remind_follow_ups_command():
    """Remind trials' authors, a term after they shared one, to add how it went "one term on" (daily)."""
    click.echo(f"Reminded the authors of {follow_ups.send_reminders()} trials.")


@bp.cli.command("reindex")
def reindex_command():
    """Rebuild the full-text search index from every post."""
    click.echo(f"Indexed {search.rebuild_index()} posts.")
