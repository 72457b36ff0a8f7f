"""/trusts, /trusts/<id> and /schools/<id>: trusts and schools as places, with what their staff share."""
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import and_

from portal.audiences import audience_key
from portal.auth import membership
from portal.auth.models import PEOPLE
from portal.content_cache import EVERYONE, cached, cached_fragment
from portal.downloads import csv_response
from portal.orgs.models import ORGS, REGIONS, SIZE_BANDS
from portal.params import page_number
from portal.places import queries
from portal.practice import cache_scopes, coverage, workload
from portal.practice.charts import range_chart
from portal.practice.evidence_views import coverage_table
from portal.practice.queries import named_by_staff_of, posts_by_staff_of, taxonomy
from portal.practice.visibility import listed_for
from portal.taxonomy.services import all_recommendations, themes_with_recommendations

bp = Blueprint("places", __name__)


@bp.get("/trusts")
def trusts():
    """Every approved trust by name, filtered by a region its schools are in and by size."""
    region, size_band, page = request.args.get("region", ""), request.args.get("size", ""), page_number()
    if (region and region not in REGIONS) or (size_band and size_band not in SIZE_BANDS):
        abort(400, "Choose a region and a size from the lists.")
    rows = queries.trusts(region or None, size_band or None, page)
    return render_template("places/trusts.html", rows=rows[:queries.TRUSTS_PER_PAGE],
                           more=len(rows) > queries.TRUSTS_PER_PAGE, page=page, region=region, size_band=size_band,
                           regions=REGIONS, size_bands=SIZE_BANDS)


@bp.get("/trusts/<int:trust_id>")
def trust(trust_id):
    """A trust: size, phases, regions and schools, how many verified staff it has, and their named practice."""
    place, staff = queries.trust_with_staff(trust_id) or abort(404)
    return render_template("places/trust.html", trust=place, summary=_summary_html(place, staff),
                           can_manage=membership.can_manage(current_user, place),
                           posts=_posts_html(trust_id=place.id))


def _summary_html(place, staff):
    """What the trust is and its schools, the same for every reader: rendered once until a school, the trust or
    its members change."""
    def context():
        schools = queries.open_schools(place.id)
        return {"trust": place, "schools": schools, "phases": _phases_of(schools), "staff": staff,
                "regions": sorted({s.region_name for s in schools if s.region})}
    return cached_fragment("trust-summary", "places/_trust_summary.html", context,
                           shows=(ORGS, PEOPLE), seen_by=EVERYONE, key=(place.id,))


@bp.get("/trusts/<int:trust_id>/coverage")
def trust_coverage(trust_id):
    """The coverage map of what the trust's verified staff shared under their name."""
    place = queries.approved_trust(trust_id) or abort(404)
    return render_template("practice/coverage.html", trust=place, table=coverage_table(current_user, place),
                           rounded=coverage.viewer_outside(current_user, place),
                           threshold=current_app.config["SMALL_NUMBER_THRESHOLD"])


@bp.get("/trusts/<int:trust_id>/coverage.csv")
def trust_coverage_csv(trust_id):
    place = queries.approved_trust(trust_id) or abort(404)
    found = coverage.coverage_map(current_user, taxonomy(), themes_with_recommendations(), place)
    return csv_response(coverage.csv_header(found), coverage.csv_rows(found), f"trust-{place.id}-coverage.csv")


@bp.get("/trusts/<int:trust_id>/dashboard")
@login_required
def dashboard(trust_id):
    """Staff time its verified staff reported, by task, recommendation and term: for the trust's leads."""
    place = _led_trust(trust_id)
    board = _dashboard_of(place)
    return render_template("places/dashboard.html", trust=place, board=board, tasks_chart=range_chart(
        "chart-time", "Staff time saved per week, by task, all terms", "Task", board.by_task))


@bp.get("/trusts/<int:trust_id>/dashboard.csv")
@login_required
def dashboard_csv(trust_id):
    place = _led_trust(trust_id)
    return csv_response(workload.CSV_HEADER, workload.csv_rows(_dashboard_of(place)),
                        f"trust-{place.id}-staff-time.csv")


def _posts_html(trust_id=None, school_id=None):
    """The staff's named practice, rendered once for everyone who may see the same posts."""
    return cached_fragment("place-posts", "places/_posts.html", lambda: {"posts": posts_by_staff_of(
        current_user, trust_id=trust_id, school_id=school_id)}, shows=cache_scopes.LISTS, seen_by=audience_key(current_user),
        key=(trust_id or 0, school_id or 0))


def _led_trust(trust_id):
    """An approved trust the viewer leads (or any, for an admin); to everyone else it is not there."""
    place = queries.approved_trust(trust_id)
    if place is None or not membership.can_manage(current_user, place):
        abort(404)
    return place


def _dashboard_of(place):
    """The trust's figures, worked out once for its leads (and once for admins) until its staff's posts change."""
    return cached("trust-dashboard", lambda: workload.dashboard(
        and_(listed_for(current_user), named_by_staff_of(place.id)), all_recommendations()),
        shows=cache_scopes.TITLES, seen_by=audience_key(current_user), key=(place.id,))


@bp.get("/schools/<int:school_id>")
def school(school_id):
    place = queries.school(school_id) or abort(404)
    return render_template("places/school.html", school=place, posts=_posts_html(school_id=place.id))


@bp.get("/schools/urn/<int:urn>")
def school_by_urn(urn):
    """A school by its unique reference number in the DfE register."""
    school_id = queries.school_id_for_urn(urn) or abort(404)
    return redirect(url_for("places.school", school_id=school_id), code=301)


def _phases_of(schools):
    phases = {phase.id: phase for school in schools for phase in school.phases}
    return sorted(phases.values(), key=lambda phase: phase.position)
