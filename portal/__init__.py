"""Practice Exchange: a community-of-practice portal for school staff trying AI."""
from flask import Flask

from portal.config import check_period, check_threshold, config_from_env, engine_options


def create_app(config=None):
    """Create and configure an instance of the portal."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_relative_config=True)
    app.config.from_object(config or config_from_env())
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["SQLALCHEMY_DATABASE_URI"] or _default_sqlite(app)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    for threshold in ("ANONYMITY_THRESHOLD", "SMALL_NUMBER_THRESHOLD"):
        app.config[threshold] = check_threshold(app.config[threshold], threshold)
    for period, unit in (("ENDORSEMENT_REVIEW_MONTHS", "months"), ("FOLLOW_UP_WEEKS", "weeks")):
        app.config[period] = check_period(app.config[period], period, unit)

    from portal import (extensions, security, errors, htmx, cli, templating, request_log, health, assets,
                        content_cache, params, metrics)
    request_log.init_app(app)
    params.init_app(app)
    assets.init_app(app)
    extensions.init_app(app)
    _import_models()
    content_cache.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    htmx.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    health.init_app(app)
    metrics.init_app(app)

    from portal.main.views import bp as main_bp
    from portal.auth.views import bp as auth_bp
    from portal.taxonomy.views import bp as taxonomy_bp
    from portal.notifications.views import bp as notifications_bp
    from portal.admin.views import bp as admin_bp
    from portal.practice.views import bp as practice_bp
    from portal.practice.response_views import bp as responses_bp
    from portal.practice.evidence_views import bp as evidence_bp
    from portal.practice.follow_up_views import bp as follow_ups_bp
    from portal.moderation.views import bp as moderation_bp
    from portal.moderation.user_views import bp as moderation_users_bp
    from portal.moderation.curation_views import bp as curation_bp
    from portal.moderation.public_views import bp as community_bp
    from portal.moderation.contact_report_views import bp as contact_reports_bp
    from portal.moderation.standing_views import bp as standing_bp
    from portal.directory.views import bp as directory_bp
    from portal.directory.contact_views import bp as contact_bp
    from portal.register_import.views import bp as register_import_bp
    from portal.account_data.views import bp as account_data_bp
    from portal.mail.views import bp as mail_bp
    from portal.feeds.views import bp as feeds_bp
    from portal.trusts.views import bp as trusts_bp
    from portal.oidc.views import bp as oidc_bp
    from portal.places.views import bp as places_bp
    from portal.oidc import providers as oidc_providers
    oidc_providers.init_app(app)
    for blueprint in (main_bp, auth_bp, taxonomy_bp, notifications_bp, admin_bp, practice_bp, responses_bp,
                      evidence_bp, moderation_bp, moderation_users_bp, curation_bp, community_bp, contact_reports_bp,
                      standing_bp, directory_bp, contact_bp, register_import_bp, account_data_bp, mail_bp, feeds_bp,
                      trusts_bp, oidc_bp, places_bp, follow_ups_bp):
        app.register_blueprint(blueprint)
    return app


def _import_models():
    """Import every feature's models, so Alembic and the relationships between features see every table."""
    from portal.taxonomy import models as _taxonomy  # noqa: F401
    from portal.orgs import models as _orgs  # noqa: F401
    from portal.auth import models as _auth  # noqa: F401
    from portal.notifications import models as _notifications  # noqa: F401
    from portal.outbox import models as _outbox  # noqa: F401
    from portal.safeguarding import models as _safeguarding  # noqa: F401
    from portal.practice import models as _practice  # noqa: F401
    from portal.moderation import models as _moderation  # noqa: F401
    from portal.directory import models as _directory  # noqa: F401
    from portal.mail import models as _mail  # noqa: F401
    from portal.oidc import models as _oidc  # noqa: F401


def _default_sqlite(app):
    import os
    os.makedirs(app.instance_path, exist_ok=True)
    return "sqlite:///" + os.path.join(app.instance_path, "portal.sqlite3")
