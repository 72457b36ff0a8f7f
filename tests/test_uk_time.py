"""Every date and time a person reads is on the UK's clock (summer time too); days they type are UK days."""
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone

import pytest

from portal.extensions import db
from portal.local_time import format_date, format_datetime, uk_today
from portal.mail import digests
from portal.moderation import audit
from portal.notifications.services import notify
from tests.factories import make_comment, make_follow, make_post, make_user, outbox_rows

ATOM = "{http://www.w3.org/2005/Atom}"
SUMMER_NIGHT = datetime(2026, 6, 1, 23, 30, tzinfo=timezone.utc)  # 00:30 on 2 June in the UK (BST)
WINTER_NIGHT = datetime(2026, 1, 15, 23, 30, tzinfo=timezone.utc)  # 23:30 on 15 January in the UK (GMT)


def utc(*parts):
    return datetime(*parts, tzinfo=timezone.utc)


def post_published_at(moment, **traits):
    post = make_post(**traits)
    post.published_at = moment
    db.session.commit()
    return post


@pytest.mark.parametrize(("moment", "shown"), [
    (SUMMER_NIGHT, "2 June 2026 at 00:30"),
    (WINTER_NIGHT, "15 January 2026 at 23:30"),
    # Clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
    (utc(2026, 3, 29, 0, 59), "29 March 2026 at 00:59"),
    (utc(2026, 3, 29, 1, 0), "29 March 2026 at 02:00"),
    (utc(2026, 10, 25, 0, 59), "25 October 2026 at 01:59"),
    (utc(2026, 10, 25, 1, 0), "25 October 2026 at 01:00"),
])
def test_the_one_formatting_helper_shows_uk_time_on_both_sides_of_a_clock_change(moment, shown):
    assert format_datetime(moment) == shown
    assert format_date(moment) == shown.split(" at ")[0]


def test_empty_values_show_nothing():
    assert format_date(None) == "" and format_datetime(None) == ""
    assert format_date(date(2026, 6, 2)) == "2 June 2026"


def test_a_post_and_its_comments_show_uk_dates_and_times(client):
    post = post_published_at(SUMMER_NIGHT, title="Marking with AI at midnight")
    summer, winter = make_comment(post, body="Summer comment"), make_comment(post, body="Winter comment")
    summer.created_at, winter.created_at = SUMMER_NIGHT, WINTER_NIGHT
    db.session.commit()
    page = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "2 June 2026 at 00:30" in page and "15 January 2026 at 23:30" in page
    assert "1 June 2026" not in page
    # The machine-readable value keeps the same moment, in ISO 8601 with its offset.
    assert 'datetime="2026-06-01T23:30:00+00:00"' in page


def test_notifications_show_uk_time(client, auth):
    user = make_user()
    note = notify(user, "comment", "A comment at half past midnight")
    note.created_at = SUMMER_NIGHT
    db.session.commit()
    auth.login(user)
    page = client.get("/notifications").get_data(as_text=True)
    assert "2 June 2026 at 00:30" in page and "1 June 2026 at 23:30" not in page


def entry_times(response):
    root = ET.fromstring(response.data)
    return {entry.find(f"{ATOM}title").text: (entry.find(f"{ATOM}published").text, entry.find(f"{ATOM}updated").text)
            for entry in root.findall(f"{ATOM}entry")}, root.find(f"{ATOM}updated").text


def test_feeds_give_rfc_3339_times_with_the_uk_offset(client):
    post_published_at(SUMMER_NIGHT, title="Summer post")
    post_published_at(WINTER_NIGHT, title="Winter post")
    entries, updated = entry_times(client.get("/feeds/practice.atom"))
    assert entries["Summer post"] == ("2026-06-02T00:30:00+01:00", "2026-06-02T00:30:00+01:00")
    assert entries["Winter post"] == ("2026-01-15T23:30:00+00:00", "2026-01-15T23:30:00+00:00")
    assert updated == "2026-06-02T00:30:00+01:00"


def test_digest_emails_show_uk_time(client):
    user = make_user()
    note = notify(user, "comment", "Ella commented on your trial")
    note.created_at = SUMMER_NIGHT
    db.session.commit()
    assert digests.queue_daily(now=SUMMER_NIGHT + timedelta(hours=1)) == 1
    [digest] = outbox_rows(category="daily_digest")
    assert "2 June 2026 at 00:30" in digest.text_body and "23:30" not in digest.text_body
    assert "2 June 2026 at 00:30" in digest.html_body


def test_the_weekly_digest_dates_each_post_by_its_uk_day(client):
    reader = make_user()
    make_follow(reader, "recommendation", "r17")
    post_published_at(SUMMER_NIGHT, title="Published just after midnight")
    assert digests.queue_weekly(now=SUMMER_NIGHT + timedelta(hours=1)) == 1
    [digest] = outbox_rows(category="weekly_digest")
    assert "2 June 2026" in digest.text_body and "1 June 2026" not in digest.text_body


def test_the_audit_log_filters_by_uk_days(client, auth):
    moderator = make_user(role="moderator")
    audit.record(moderator, "approve", "post", 1).created_at = SUMMER_NIGHT  # 00:30 on 2 June, UK time
    audit.record(moderator, "approve", "post", 2).created_at = WINTER_NIGHT  # 23:30 on 15 January, UK time
    db.session.commit()
    auth.login(moderator)
    assert ">1 action." in client.get("/moderation/log?date_from=2026-06-02&date_to=2026-06-02").get_data(as_text=True)
    assert ">0 actions." in client.get("/moderation/log?date_to=2026-06-01&date_from=2026-03-01").get_data(as_text=True)
    assert ">1 action." in client.get("/moderation/log?date_from=2026-01-15&date_to=2026-01-15").get_data(as_text=True)
    assert ">0 actions." in client.get("/moderation/log?date_from=2026-01-16&date_to=2026-01-31").get_data(as_text=True)
    page = client.get("/moderation/log").get_data(as_text=True)
    assert "2 June 2026 at 00:30" in page and "15 January 2026 at 23:30" in page


def test_the_transparency_page_counts_each_action_in_its_uk_month(client):
    moderator = make_user(role="moderator")
    audit.record(moderator, "approve", "post", 1).created_at = utc(2026, 5, 31, 23, 30)  # 00:30 on 1 June in the UK
    audit.record(moderator, "approve", "post", 2).created_at = utc(2026, 1, 31, 23, 30)  # still January in the UK
    db.session.commit()
    assert audit.monthly_counts() == {"2026-06": {"approve": 1}, "2026-01": {"approve": 1}}
    page = client.get("/transparency").get_data(as_text=True)
    assert "June 2026" in page and "May 2026" not in page and "January 2026" in page


def test_a_suspension_until_a_summer_day_ends_when_that_uk_day_begins(client, auth):
    moderator, member = make_user(role="moderator"), make_user()
    auth.login(moderator)
    summer_day = date(uk_today().year + 1, 7, 1)
    response = auth.post(f"/moderation/users/{member.id}/suspend", {"reason": "Spam", "until": summer_day.isoformat()})
    assert response.status_code == 303
    db.session.refresh(member)
    assert member.suspended_until == datetime(summer_day.year, 6, 30, 23, 0, tzinfo=timezone.utc)
    assert f"until 1 July {summer_day.year}" in client.get(f"/moderation/users/{member.id}").get_data(as_text=True)


def test_a_suspension_cannot_end_today_or_earlier_by_the_uk_calendar(client, auth):
    moderator, member = make_user(role="moderator"), make_user()
    auth.login(moderator)
    response = auth.post(f"/moderation/users/{member.id}/suspend", {"reason": "Spam", "until": uk_today().isoformat()})
    assert response.status_code == 422
    db.session.refresh(member)
    assert not member.is_suspended
