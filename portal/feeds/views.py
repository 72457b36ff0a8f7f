"""Atom feeds: new public practice overall, per kind, per recommendation, per question set, per phase."""
from flask import Blueprint, abort, current_app, make_response, request

from portal.absolute_urls import absolute_url
from portal.feeds import services
from portal.practice.models import KINDS

bp = Blueprint("feeds", __name__, url_prefix="/feeds")

MAX_AGE = 600


@bp.app_context_processor
def feed_helpers():
    return {"POST_KINDS": KINDS}


def _feed_response(title, self_url, page_url, posts):
    xml = services.build_feed(title, self_url, page_url, posts, current_app.config["SITE_NAME"])
    response = make_response(xml)
    response.mimetype = "application/atom+xml"
    # The same for every reader (public posts only), so shared caches may keep it for a while.
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.add_etag()
    return response.make_conditional(request)


def _scoped(scope, key, page_url):
    found = services.scope_for(scope, key)
    if found is None:
        abort(404)
    condition, title = found
    return _feed_response(f"New practice: {title}", absolute_url(f"feeds.{scope}", key=key), page_url,
                          services.public_posts(condition))


@bp.get("/practice.atom")
def practice():
    return _feed_response("New practice", absolute_url("feeds.practice"), absolute_url("practice.index"),
                          services.public_posts())


@bp.get("/kinds/<key>.atom")
def kind(key):
    return _scoped("kind", key, absolute_url("practice.index"))


@bp.get("/recommendations/<key>.atom")
def recommendation(key):
    return _scoped("recommendation", key, absolute_url("evidence.recommendation", rec_id=key))


@bp.get("/question-sets/<key>.atom")
def question_set(key):
    return _scoped("question_set", key, absolute_url("evidence.question_set", set_id=key))


@bp.get("/phases/<key>.atom")
def phase(key):
    return _scoped("phase", key, absolute_url("evidence.phase", phase_id=key))
