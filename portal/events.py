"""Named signals by which a lower feature tells higher ones what happened, without importing them.

Receivers connect once, when their module is imported by the app's registration, and run inside the
sender's transaction: what they add is committed, or rolled back, with the change that caused it.
"""
from blinker import Namespace

signals = Namespace()

# sender: the new Notification (not yet flushed); user: the member it is for.
notification_added = signals.signal("notification-added")

# sender: the User who just signed in with their password; earlier_session: the session as it was before
# the sign-in began a fresh one (what a half-finished step, such as linking a school account, left there).
password_sign_in = signals.signal("password-sign-in")
