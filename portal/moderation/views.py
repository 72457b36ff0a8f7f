"""The review queue and moderators' actions on posts and comments."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from jinja2 import pass_context

from portal.htmx import is_fragment_request, render_page_or_fragment
from portal.moderation import audit, curation, endorsement, redaction, services, writing_review
from portal.permissions import moderator_required
from portal.safeguarding.findings import findings_on, flattened, scan
from portal.moderation.forms import (ActionForm, EndorsementNameForm, FeatureForm, HideForm, RedactForm, RejectForm,
                                    TagsForm, label_form_class)
from portal.moderation.marking import mark_html, mark_text, marks_from
from portal.moderation.reasons import ACTIONS, FLAG_REASONS, LABEL_MEANINGS, REJECTION_REASONS
from portal.params import page_number
from portal.practice.models import TEXT_FIELDS
from portal.security import keeps_input_on_csrf_failure
from portal.taxonomy.services import all_phases, all_recommendations, question_sets_with_questions, risk_questions

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

DECISION_FORMS = {"approve": ActionForm, "restore": ActionForm, "hide": HideForm, "reject": RejectForm}


@bp.app_template_global()
@pass_context
def marked(context, text, field):
    """A field's text, with the findings marked when the page set `finding_marks` (the review page)."""
    return mark_text(text, (context.get("finding_marks") or {}).get(field))


@bp.app_template_global()
@pass_context
def marked_html(context, sanitised_html, field):
    return mark_html(sanitised_html, (context.get("finding_marks") or {}).get(field))


bp.add_app_template_global(mark_text)
# Moderation's parts of a post's page, which practice renders without importing moderation.
bp.add_app_template_global(services.rejection_for)
bp.add_app_template_global(endorsement.endorsement_checklist)
bp.add_app_template_global(endorsement.endorsement_freshness)


@bp.app_context_processor
def reason_names():
    return {"flag_reasons": FLAG_REASONS, "rejection_reasons": REJECTION_REASONS, "label_meanings": LABEL_MEANINGS,
            "actions": ACTIONS}


@bp.get("")
@moderator_required
def queue():
    """Held posts and comments, and flagged items with their reasons."""
    return render_page_or_fragment("moderation/queue.html", "moderation/_queue.html", queue=services.review_queue())


@bp.get("/due-for-review")
@moderator_required
def due_for_review():
    """Endorsements that have lapsed, the longest lapsed first, each to be reviewed again or relabelled."""
    return render_template("moderation/due_for_review.html", pagination=endorsement.due_for_review(page_number()))


@bp.route("/settings", methods=["GET", "POST"])
@moderator_required
@keeps_input_on_csrf_failure
def settings():
    """The moderator's own choice: their name, or the moderation team's, on the posts they endorse."""
    form = EndorsementNameForm()
    if request.method == "GET":
        form.shown_as.data = "name" if current_user.named_on_endorsements else "team"
    elif form.validate_on_submit():
        endorsement.name_on_endorsements(current_user, form.shown_as.data == "name")
        flash("Your choice has been saved.", "success")
        return redirect(url_for("moderation.settings"), code=303)
    return render_template("moderation/settings.html", form=form), 422 if form.errors else 200


@bp.post("/writing/<any(profile, contact_request, featured_post):writing_type>/<int:target_id>/checked")
@moderator_required
def writing_checked(writing_type, target_id):
    """A moderator has read a profile, message or note with findings and leaves it as it is."""
    if not ActionForm().validate_on_submit():
        abort(400)
    if not writing_review.mark_checked(current_user, writing_type, target_id):
        abort(404)
    message = "Checked. It is no longer on the queue."
    if is_fragment_request():
        writing = writing_review.Writing(writing_type, target_id, "", None, "", [])
        return render_template("moderation/_writing_item.html", writing=writing, done=message)
    flash(message, "success")
    return redirect(url_for("moderation.queue"), code=303)


@bp.get("/posts/<int:post_id>")
@moderator_required
def post(post_id):
    item = services.post_for_review(post_id) or abort(404)
    return _review_page(item, "post")


@bp.get("/comments/<int:comment_id>")
@moderator_required
def comment(comment_id):
    item = services.comment_for_review(comment_id) or abort(404)
    return _review_page(item, "comment")


def _review_page(item, target_type, reject_form=None, feature_form=None, redact_form=None, note_findings=(),
                 status=200):
    findings = findings_on(target_type, item.id)
    return render_template(
        "moderation/item.html", item=item, target_type=target_type, findings=findings,
        finding_marks=marks_from(findings), field_names=TEXT_FIELDS,
        redact_form=redact_form or RedactForm(formdata=None), note_findings=note_findings,
        flags=services.open_flags_on(target_type, item.id), history=audit.actions_on(target_type, item.id),
        reject_form=reject_form or RejectForm(formdata=None), hide_form=HideForm(formdata=None),
        feature_form=feature_form or FeatureForm(formdata=None).set_choices(curation.all_collections()),
        action_form=ActionForm(formdata=None),
        revisions=services.revisions_of(item) if target_type == "comment" else ()), status


@bp.post("/posts/<int:post_id>/<any(approve, reject, hide, restore):action>")
@moderator_required
@keeps_input_on_csrf_failure
def decide_post(post_id, action):
    item = services.post_for_review(post_id) or abort(404)
    return _decide(item, "post", action)


@bp.post("/comments/<int:comment_id>/<any(approve, reject, hide, restore):action>")
@moderator_required
@keeps_input_on_csrf_failure
def decide_comment(comment_id, action):
    item = services.comment_for_review(comment_id) or abort(404)
    return _decide(item, "comment", action)


def _decide(item, target_type, action):
    form = DECISION_FORMS[action]()
    if not form.validate_on_submit():
        reject_form = form if action == "reject" else None
        return _review_page(item, target_type, reject_form=reject_form, status=422)
    try:
        done = services.decide(current_user, item, action, *form.decision())
    except services.NotApplicable as problem:
        return _decision_response(item, target_type, str(problem), ok=False)
    return _decision_response(item, target_type, f"The {target_type} has been {done}.")


def _decision_response(item, target_type, message, ok=True):
    if is_fragment_request():
        return render_template("moderation/_decision_result.html", item=item, target_type=target_type,
                               message=message, ok=ok), 200 if ok else 409
    flash(message, "success" if ok else "error")
    if request.args.get("from") == "queue":
        return redirect(url_for("moderation.queue"), code=303)
    return redirect(url_for(f"moderation.{target_type}", **{f"{target_type}_id": item.id}), code=303)


@bp.post("/posts/<int:post_id>/redact")
@moderator_required
@keeps_input_on_csrf_failure
def redact_post(post_id):
    """Remove a passage from a post before deciding on it."""
    return _redact(services.post_for_review(post_id) or abort(404), "post")


@bp.post("/comments/<int:comment_id>/redact")
@moderator_required
@keeps_input_on_csrf_failure
def redact_comment(comment_id):
    return _redact(services.comment_for_review(comment_id) or abort(404), "comment")


def _redact(item, target_type):
    form = RedactForm()
    if form.validate_on_submit():
        try:
            count = redaction.redact(current_user, item, form.passage.data, form.redact_reason.data)
        except redaction.PassageNotFound as problem:
            form.passage.errors.append(str(problem))
        else:
            message = f"The passage was removed ({count} {'place' if count == 1 else 'places'})."
            if is_fragment_request():
                return _review_content(item, target_type, RedactForm(formdata=None), redacted=message)
            flash(message, "success")
            return redirect(url_for(f"moderation.{target_type}", **{f"{target_type}_id": item.id}), code=303)
    if is_fragment_request():
        return _review_content(item, target_type, form, status=422)
    return _review_page(item, target_type, redact_form=form, status=422)


def _review_content(item, target_type, form, redacted=None, status=200):
    findings = findings_on(target_type, item.id)
    return render_template("moderation/_review_content.html", item=item, target_type=target_type,
                           is_post=target_type == "post", findings=findings, finding_marks=marks_from(findings),
                           field_names=TEXT_FIELDS, redact_form=form, redacted=redacted, fragment=True), status


@bp.route("/posts/<int:post_id>/tags", methods=["GET", "POST"])
@moderator_required
@keeps_input_on_csrf_failure
def edit_tags(post_id):
    """Correct a post's phases, recommendations and question sets."""
    item = services.post_for_review(post_id) or abort(404)
    form = TagsForm().set_choices(all_phases(), all_recommendations(), question_sets_with_questions())
    if request.method == "GET":
        form.phases.data = [p.id for p in item.phases]
        form.recommendations.data = [r.id for r in item.recommendations]
        form.question_sets.data = [q.id for q in item.question_sets]
    if form.validate_on_submit():
        services.edit_tags(current_user, item, form.phases.data or [], form.recommendations.data or [],
                           form.question_sets.data or [])
        flash("The post's tags have been saved.", "success")
        return redirect(url_for("moderation.post", post_id=item.id), code=303)
    return render_template("moderation/tags.html", item=item, form=form), 422 if form.errors else 200


@bp.route("/posts/<int:post_id>/label", methods=["GET", "POST"])
@moderator_required
@keeps_input_on_csrf_failure
def label(post_id):
    """Label a post Endorsed (answering the 7 key risk questions) or Experimental, or remove its label."""
    item = services.post_for_review(post_id) or abort(404)
    questions = risk_questions()
    form = label_form_class(questions)()
    if request.method == "GET":
        _prefill_label_form(form, item, questions)
    elif form.validate_on_submit():
        was_endorsed = item.label == "endorsed"
        try:
            endorsement.set_label(current_user, item, form.label.data, form.answers())
        except endorsement.MissingAnswers as missing:
            _name_missing_answers(form, questions, missing.question_ids)
        else:
            flash(_label_message(item, was_endorsed), "success")
            return redirect(url_for("moderation.post", post_id=item.id), code=303)
    status = 422 if form.errors or _has_field_errors(form) else 200
    return render_template("moderation/label.html", item=item, form=form, questions=questions,
                           meanings=LABEL_MEANINGS, due=endorsement.is_due_for_review(item)), status


def _name_missing_answers(form, questions, missing_ids):
    """Each error names its question, so the summary at the top says which ones are left."""
    for number, question in enumerate(questions, start=1):
        if question.id in missing_ids:
            getattr(form, f"answer_{question.id}").errors.append(
                f"Answer question {number} to endorse the post: “{question.text}”")


def _prefill_label_form(form, item, questions):
    form.label.data = item.label or ""
    answers = endorsement.current_answers(item)
    for question in questions:
        getattr(form, f"answer_{question.id}").data = answers.get(question.id, "")


def _has_field_errors(form):
    return any(field.errors for field in form)


def _label_message(item, was_endorsed):
    if item.label is None:
        return "The label has been removed."
    if item.label == "endorsed" and was_endorsed:
        return "The endorsement has been reviewed again and is renewed from today."
    return f"The post is now labelled {LABEL_MEANINGS[item.label][0]}."


@bp.post("/posts/<int:post_id>/feature")
@moderator_required
@keeps_input_on_csrf_failure
def feature(post_id):
    """Feature a post in a collection with a curator's note."""
    item = services.post_for_review(post_id) or abort(404)
    collections = curation.all_collections()
    form = FeatureForm().set_choices(collections)
    chosen = next((c for c in collections if str(c.id) == form.collection.data), None)
    note_findings = []
    if form.validate_on_submit() and chosen is not None:
        note_findings = flattened(scan({"note": form.curator_note.data}))
        if not note_findings or request.form.get("action") == "feature_anyway":
            try:
                curation.feature(current_user, chosen, item, form.curator_note.data)
            except curation.CurationError as problem:
                form.collection.errors.append(str(problem))
            else:
                flash(f"The post is now featured in “{chosen.name}”.", "success")
                return redirect(url_for("moderation.post", post_id=item.id), code=303)
    return _review_page(item, "post", feature_form=form, note_findings=note_findings, status=422)
