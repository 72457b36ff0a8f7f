"""A health check for load balancers: 200 when the app can reach its database, else 503."""
from flask import g, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db, limiter, login_manager


def init_app(app):
    @app.get("/healthz")
    @limiter.exempt
    def healthz():
        try:
            db.session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            db.session.rollback()
            # A signed-in browser's session would otherwise be loaded after the view (for its
            # headers), fail on the same database and turn this answer into a 500.
            g._login_user = login_manager.anonymous_user()
            return jsonify(status="unavailable", database="unreachable"), 503
        return jsonify(status="ok", database="ok")
