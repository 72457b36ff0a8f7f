"""Role checks for views: signed-out visitors go to sign in, members without the role get 403."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def role_required(*roles):
    """Allow only users holding one of roles (admins pass any moderator check)."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if not (current_user.role in roles or current_user.is_admin):
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator


moderator_required = role_required("moderator")
admin_required = role_required("admin")
