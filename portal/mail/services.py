"""E-mail preferences, notification e-mails and one-click unsubscribe."""
from portal import tokens
from portal.absolute_urls import absolute_link, absolute_url
from portal.auth.models import User
from portal.events import notification_added
from portal.extensions import db
from portal.mail.models import DELIVERIES, MailPreference
from portal.notifications.kinds import KINDS
from portal.outbox.queue import queue_email

WEEKLY = "weekly_digest"
DAILY = "daily_digest"


def topic_name(topic):
    """What a member reads for an unsubscribe topic: a notification kind or one of the digests."""
    if topic == WEEKLY:
        return "the weekly digest of new practice in what you follow"
    if topic == DAILY:
        return "the daily digest of your notifications"
    return KINDS[topic][0].lower() if topic in KINDS else ""


def preferences_for(user):
    """Every kind's delivery for this member (their choice, else the kind's default), plus the weekly digest."""
    prefs = {kind: default for kind, (_, default) in KINDS.items()}
    prefs[WEEKLY] = "digest"
    rows = db.session.scalars(db.select(MailPreference).where(MailPreference.user_id == user.id))
    prefs.update({row.kind: row.delivery for row in rows})
    return prefs


def delivery_for(user, kind):
    row = db.session.get(MailPreference, (user.id, kind))
    if row is not None:
        return row.delivery
    return "digest" if kind == WEEKLY else KINDS[kind][1]


def set_preference(user, kind, delivery):
    """Record one choice in the current transaction."""
    if delivery not in DELIVERIES:
        raise ValueError(f"unknown delivery {delivery!r}")
    row = db.session.get(MailPreference, (user.id, kind))
    if row is None:
        db.session.add(MailPreference(user_id=user.id, kind=kind, delivery=delivery))
    else:
        row.delivery = delivery


def save_preferences(user, choices):
    for kind, delivery in choices.items():
        set_preference(user, kind, delivery)
    db.session.commit()


@notification_added.connect
def email_for_notification(note, user):
    """Queue the e-mail for a new notification if the member wants this kind immediately.

    Only verified addresses get notification e-mail: an address nobody confirmed may not be theirs.
    """
    if not user.is_verified or delivery_for(user, note.kind) != "immediately":
        return None
    description = KINDS[note.kind][0]
    return queue_email(
        user.email, note.message, "notification", category=note.kind, user=user,
        unsubscribe_topic=note.kind, message=note.message, link=absolute_link(note.link),
        reason=f"You are getting this because you asked to hear by e-mail when: {description.lower()}.",
        settings_url=absolute_url("mail.preferences"))


def read_unsubscribe_token(token):
    """The member and topic a signed unsubscribe link is for; raise BadToken if it is not valid."""
    payload = tokens.read_token(tokens.UNSUBSCRIBE, token)
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int)):
        raise tokens.BadToken()
    user_id, topic = payload
    user = db.session.get(User, user_id)
    if user is None or (topic not in KINDS and topic not in (WEEKLY, DAILY)):
        raise tokens.BadToken()
    return user, topic


def unsubscribe(user, topic):
    """Turn off e-mail for one topic; the daily digest turns off every kind sent in it."""
    if topic == DAILY:
        for kind, delivery in preferences_for(user).items():
            if delivery == "digest" and kind != WEEKLY:
                set_preference(user, kind, "off")
    else:
        set_preference(user, topic, "off")
    db.session.commit()
