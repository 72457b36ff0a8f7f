"""The directory: your directory profile, finding members, peers like you and members' pages."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.content_cache import cached_fragment, only_for
from portal.directory import contact, matching, services
from portal.directory.forms import ContactRequestForm, DirectoryFilterForm, DirectoryProfileForm
from portal.directory.services import DIRECTORY_PAGES
from portal.form_fields import ActionForm
from portal.htmx import is_fragment_request
from portal.params import page_number
from portal.safeguarding.findings import flattened, scan
from portal.security import keeps_input_on_csrf_failure
from portal.taxonomy.services import all_recommendations, question_sets_with_questions

bp = Blueprint("directory", __name__)


def _profile_form(profile):
    form = DirectoryProfileForm(obj=profile if request.method == "GET" else None)
    form.set_priority_choices(all_recommendations(), question_sets_with_questions())
    if request.method == "GET":
        form.recommendations.data = [r.id for r in profile.recommendations]
        form.question_sets.data = [q.id for q in profile.question_sets]
        form.locality.data = profile.locality or ""
        form.disadvantage_band.data = profile.disadvantage_band or ""
    return form


@bp.route("/account/directory", methods=["GET", "POST"])
@login_required
@keeps_input_on_csrf_failure
def edit_profile():
    """Edit what other members see about you in the directory, and whether you are listed."""
    profile = services.profile_for(current_user)
    form = _profile_form(profile)
    findings = []
    if form.validate_on_submit():
        findings = flattened(scan(services.profile_texts(form.happy_to_talk_about.data)))
        if not findings or request.form.get("action") == "save_anyway":
            saved = services.save_profile(current_user, form)
            flash("Your directory profile has been saved. " + (
                "You are listed in the directory." if saved.listed else "You are not listed in the directory."),
                "success")
            return redirect(url_for("directory.edit_profile"), code=303)
    return render_template("directory/edit_profile.html", form=form, profile=profile,
                           findings=findings), 422 if form.errors or findings else 200


def _filter_form():
    form = DirectoryFilterForm(request.args)
    form.set_taxonomy_choices(**services.filter_taxonomy())
    if not form.validate():
        abort(400, "Choose the filters from the lists on the directory page.")
    return form


@bp.get("/directory")
@login_required
def index():
    """Listed members, filtered and searched; HTMX swaps the results and pushes the URL."""
    form = _filter_form()
    filters = form.active_filters()
    # Who appears depends on who is looking (blocks hide members both ways): kept per member.
    results = cached_fragment("directory-results", "directory/_results.html", lambda: {
        "filters": filters, "pagination": services.search_directory(current_user, filters, page_number())},
        shows=DIRECTORY_PAGES, seen_by=only_for(current_user), key=(request.query_string,))
    if is_fragment_request():
        return results
    return render_template("directory/index.html", form=form, results=results)


@bp.get("/directory/peers")
@login_required
def peers():
    """Listed members ranked by how much context they share with you, with the reasons."""
    choice = _other_trusts_choice()
    return render_template("directory/peers.html", content=cached_fragment(
        "peers", "directory/_peers.html", lambda: _peers_context(choice), shows=DIRECTORY_PAGES,
        seen_by=only_for(current_user), key=(choice,)))


def _other_trusts_choice():
    """"Only people in other trusts" as the member set it (True or False), or None for the default.

    The form sends a hidden "0" before the checkbox's "1", so an unticked box still says so."""
    values = request.args.getlist("other_trusts")
    if not set(values) <= {"0", "1"}:
        abort(400, "Tick or untick \"Only people in other trusts\" on the peers page.")
    return "1" in values if values else None


def _peers_context(other_trusts_choice):
    viewer_profile = services.viewer_profile_for_peers(current_user)
    other_trusts_only = matching.other_trusts_only(viewer_profile, other_trusts_choice)
    peers = services.ranked_peers(current_user, viewer_profile, other_trusts_only)
    return {"matches": [matching.score(viewer_profile, peer) for peer in peers], "viewer_profile": viewer_profile,
            "other_trusts_only": other_trusts_only, "matching": matching}


def member_page_context(profile, contact_form=None):
    """What the member page shows: the profile and where a contact request stands (practice adds their posts)."""
    member = profile.user
    return {"profile": profile, "member": member,
            "latest_request": contact.latest_between(current_user, member),
            "refusal": contact.refusal_reason(current_user, member),
            "contact_form": contact_form or ContactRequestForm(), "action_form": ActionForm()}


@bp.get("/directory/<int:user_id>")
@login_required
def member(user_id):
    """A listed member's page: context, priorities and named posts; never their email."""
    profile = services.visible_profile(current_user, user_id) or abort(404)
    return render_template("directory/member.html", **member_page_context(profile))


@bp.post("/directory/<int:user_id>/block")
@login_required
def block(user_id):
    """Block a member you can see: neither of you can contact or find the other."""
    profile = services.visible_profile(current_user, user_id) or abort(404)
    if not ActionForm().validate_on_submit() or not contact.block(current_user, profile.user):
        abort(400)
    flash(f"You have blocked {profile.user.name}. You can unblock them from your blocked members list.", "success")
    return redirect(url_for("contact.blocked"), code=303)

