"""Flask extensions, created unbound and attached to the app in create_app."""
from flask_caching import Cache
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase

from portal import circuit, database_timeouts, local_time, sqlite_foreign_keys

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
compress = Compress()
# Derived, shareable data only (filter options); SimpleCache per process by default, Redis in production.
cache = Cache()
mail = Mail()


def insert_with_conflicts(table):
    """An INSERT of this database's own dialect, which can say ON CONFLICT (both PostgreSQL and SQLite can)."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def init_app(app):
    db.init_app(app)
    with app.app_context():
        database_timeouts.init_engine(db.engine, app.config)
        sqlite_foreign_keys.enforce(db.engine)
        local_time.init_engine(db.engine)
    circuit.init_app(app)  # before the limiter and the cache, which read the Redis options it sets
    migrate.init_app(app, db, directory=app.config.get("MIGRATIONS_DIR", _migrations_dir()), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    cache.init_app(app)
    mail.init_app(app)


def _migrations_dir():
    import os
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")
