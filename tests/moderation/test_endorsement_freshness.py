"""Endorsements kept fresh: who reviewed a post and when, a lapse into "due for review", and the re-review."""
import json
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from portal import local_time
from portal.config import check_period
from portal.extensions import db
from portal.local_time import uk_time
from portal.moderation import endorsement
from portal.moderation.endorsement import add_months
from portal.moderation.models import EndorsementAnswer, ModerationAction
from portal.notifications.models import Notification
from portal.practice.models import Post
from portal.taxonomy.services import risk_questions
from portal.timestamps import utcnow
from tests.conftest import AuthActions
from tests.factories import make_post, make_user


def answers(text="Checked against our DPIA."):
    return {f"answer_{q.id}": f"{text} ({q.id})" for q in risk_questions()}


def endorse(auth, post, text="Checked against our DPIA."):
    response = auth.post(f"/moderation/posts/{post.id}/label", {"label": "endorsed", **answers(text)})
    assert response.status_code == 303
    db.session.refresh(post)


def endorsed_post(moderator=None, months_ago=0, **traits):
    """A post endorsed by the moderator that many months ago (to the day), as set_label records it."""
    post = make_post(label="endorsed", endorsed_by=moderator or make_user(role="moderator"), **traits)
    post.endorsed_at = utcnow() - timedelta(days=1) if months_ago == 0 else _months_before_now(months_ago)
    db.session.commit()
    return post


def _months_before_now(months):
    now = utcnow()
    return datetime.combine(add_months(now.date(), -months), now.time(), timezone.utc)


def move_clock(monkeypatch, **later):
    """Read the clock as on a later day. Nothing is written, so no cached page is moved on: only the day it
    is. A review made then is dated then (moderation's own clock)."""
    moved = local_time.uk_now() + timedelta(**later)
    monkeypatch.setattr(local_time, "uk_now", lambda: moved)
    monkeypatch.setattr(endorsement, "utcnow", lambda: moved.astimezone(timezone.utc))


def checked(page, name):
    """The value of the radio button ticked in the group called name."""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and " checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def month_of(moment):
    return f"{uk_time(moment):%B %Y}"


def label_line(page):
    return page.split('class="post-label__review"')[1].split("</span>")[0]


@pytest.fixture
def visitor(app):
    return app.test_client()


def test_readers_see_the_moderation_team_unless_the_moderator_chose_their_name(client, auth, as_moderator, visitor):
    post = make_post(title="Chatbot feedback on persuasive writing")
    endorse(auth, post)
    page = visitor.get(f"/practice/{post.id}").get_data(as_text=True)
    assert f"Endorsed in <time datetime=\"{post.endorsed_at.isoformat()}\">{month_of(post.endorsed_at)}</time> " \
           "by the moderation team" in page
    assert as_moderator.name not in page
    assert auth.post("/moderation/settings", {"shown_as": "name"}).status_code == 303
    for path in (f"/practice/{post.id}", f"/practice/{post.id}/endorsement"):
        assert f"by {as_moderator.name}" in label_line(visitor.get(path).get_data(as_text=True))


def test_the_settings_page_shows_the_choice_and_refuses_what_is_not_one(client, auth, as_moderator):
    page = client.get("/moderation/settings").get_data(as_text=True)
    assert checked(page, "shown_as") == "team" and '<label class="checkboxes__label" for="shown_as-1">' in page
    assert client.get("/moderation").get_data(as_text=True).count('href="/moderation/settings"') == 1
    response = auth.post("/moderation/settings", {"shown_as": "everyone"})
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)
    assert client.post("/moderation/settings", data={"shown_as": "name"}).status_code == 400  # no CSRF token
    db.session.refresh(as_moderator)
    assert as_moderator.named_on_endorsements is False
    auth.post("/moderation/settings", {"shown_as": "name"})
    assert checked(client.get("/moderation/settings").get_data(as_text=True), "shown_as") == "name"


@pytest.mark.parametrize("months", [12, 3])
def test_an_endorsement_lapses_the_configured_months_after_its_review(app, client, auth, as_moderator, visitor,
                                                                      monkeypatch, months):
    monkeypatch.setitem(app.config, "ENDORSEMENT_REVIEW_MONTHS", months)
    post = make_post()
    endorse(auth, post)
    endorsed_day = uk_time(post.endorsed_at).date()
    days_to_lapse = (add_months(endorsed_day, months) - endorsed_day).days
    move_clock(monkeypatch, days=days_to_lapse - 1)
    assert "due for review" not in visitor.get(f"/practice/{post.id}").get_data(as_text=True)
    move_clock(monkeypatch, days=1)
    line = label_line(visitor.get(f"/practice/{post.id}").get_data(as_text=True))
    assert line.endswith(f">{month_of(post.endorsed_at)}</time>, <strong>due for review</strong>")
    assert "by the moderation team" not in line


def test_an_endorsement_lapses_and_a_moderator_re_reviews_it(app, client, auth, as_moderator, visitor, monkeypatch,
                                                             real_cache, runner):
    """The whole story, with the pages cached as in production: nothing is written when the endorsement lapses."""
    author = make_user(name="Amira Hassan")
    post = make_post(author=author, title="Report comments with a chatbot")
    endorse(auth, post, "First review")
    first_review = post.endorsed_at
    member = app.test_client()
    AuthActions(member).login(make_user())
    for reader in (visitor, member):  # both cached now: the visitor's page, the member's fragment
        assert "by the moderation team" in reader.get(f"/practice/{post.id}").get_data(as_text=True)

    move_clock(monkeypatch, days=366)
    for reader in (visitor, member):
        page = reader.get(f"/practice/{post.id}").get_data(as_text=True)
        assert f"Endorsed in <time datetime=\"{first_review.isoformat()}\">{month_of(first_review)}</time>, " \
               "<strong>due for review</strong>" in page
    assert "due for review" in visitor.get(f"/practice/{post.id}/endorsement").get_data(as_text=True)
    queue = client.get("/moderation/due-for-review").get_data(as_text=True)
    assert f'id="due-post-{post.id}"' in queue and as_moderator.name in queue
    assert f'href="/moderation/posts/{post.id}/label"' in queue
    assert "1 endorsement has lapsed" in runner.invoke(args=["moderation", "lapse-endorsements"]).output

    # Another moderator, who shows their name, answers the 7 questions again from the pre-filled form.
    other = make_user(role="moderator", name="Helen Marsh", named_on_endorsements=True)
    auth.logout()
    auth.login(other)
    form = client.get(f"/moderation/posts/{post.id}/label").get_data(as_text=True)
    assert 'id="due-for-review"' in form and "First review (1)" in form and checked(form, "label") == "endorsed"
    endorse(auth, post, "Second review")
    assert "The endorsement has been reviewed again" in client.get(f"/moderation/posts/{post.id}").get_data(as_text=True)
    assert post.endorsed_at > first_review and post.endorsed_by_id == other.id
    assert post.endorsement_lapse_notified_at is None
    assert {a.answer for a in db.session.scalars(db.select(EndorsementAnswer))} == \
        {f"Second review ({q.id})" for q in risk_questions()}
    for reader in (visitor, member):
        line = label_line(reader.get(f"/practice/{post.id}").get_data(as_text=True))
        assert "due for review" not in line and line.endswith(f"{month_of(post.endorsed_at)}</time> by Helen Marsh")
    assert f'id="due-post-{post.id}"' not in client.get("/moderation/due-for-review").get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(
        Notification.user_id == author.id, Notification.kind == "post_endorsed")) == 1  # told once, when endorsed
    assert db.session.scalars(db.select(ModerationAction.details).where(ModerationAction.action == "label")
                              .order_by(ModerationAction.id)).all() == [
        {"label": "endorsed"}, {"label": "endorsed", "re_review": True}]


def test_the_queue_lists_only_lapsed_endorsements_oldest_first(client, as_moderator):
    older = endorsed_post(months_ago=20, title="Lapsed long ago")
    newer = endorsed_post(months_ago=13, title="Lapsed lately")
    fresh = endorsed_post(months_ago=6, title="Still fresh")
    experimental = make_post(label="experimental", title="Experimental only")
    page = client.get("/moderation/due-for-review").get_data(as_text=True)
    assert page.index(f'id="due-post-{older.id}"') < page.index(f'id="due-post-{newer.id}"')
    assert fresh.title not in page and experimental.title not in page


def test_the_queue_pages_through_a_long_list(app, client, as_moderator, monkeypatch):
    monkeypatch.setitem(app.config, "DUE_FOR_REVIEW_PAGE_SIZE", 2)
    posts = [endorsed_post(months_ago=30 - n) for n in range(3)]
    first = client.get("/moderation/due-for-review").get_data(as_text=True)
    assert f'id="due-post-{posts[2].id}"' not in first and "Page 1 of 2" in first
    assert f'id="due-post-{posts[2].id}"' in client.get("/moderation/due-for-review?page=2").get_data(as_text=True)
    assert client.get("/moderation/due-for-review?page=0").status_code == 400


def test_the_queue_runs_the_same_queries_for_3_and_30_lapsed_endorsements(client, as_moderator, count_queries):
    def queries():
        with count_queries() as statements:
            assert client.get("/moderation/due-for-review").status_code == 200
        return len(statements)
    for _ in range(3):
        endorsed_post(months_ago=14)
    small = queries()
    for _ in range(27):
        endorsed_post(months_ago=14)
    assert queries() == small


def test_members_and_visitors_cannot_see_the_queue_re_review_or_settings(client, auth, visitor):
    post = endorsed_post(months_ago=14)
    assert visitor.get("/moderation/due-for-review").status_code == 302  # to sign in
    auth.login(make_user())
    assert client.get("/moderation/due-for-review").status_code == 403
    assert client.get("/moderation/settings").status_code == 403
    assert auth.post("/moderation/settings", {"shown_as": "name"}).status_code == 403
    assert auth.post(f"/moderation/posts/{post.id}/label", {"label": "endorsed", **answers()}).status_code == 403
    db.session.refresh(post)
    assert post.endorsed_at < utcnow() - timedelta(days=365)


def test_the_command_tells_each_moderator_once_per_lapse(runner, as_moderator, auth, client):
    other_moderator, admin, member = make_user(role="moderator"), make_user(role="admin"), make_user()
    suspended = make_user(role="moderator", suspended_at=utcnow())
    lapsed = [endorsed_post(as_moderator, months_ago=13), endorsed_post(as_moderator, months_ago=15)]
    endorsed_post(as_moderator, months_ago=2)
    result = runner.invoke(args=["moderation", "lapse-endorsements"])
    assert result.exit_code == 0 and "2 endorsements have lapsed" in result.output
    assert "0 endorsements have lapsed" in runner.invoke(args=["moderation", "lapse-endorsements"]).output
    notes = db.session.scalars(db.select(Notification).where(Notification.kind == "endorsement_due")).all()
    assert sorted(n.user_id for n in notes) == sorted(u.id for u in (as_moderator, other_moderator, admin))
    assert member.id not in {n.user_id for n in notes} and suspended.id not in {n.user_id for n in notes}
    assert notes[0].link == "/moderation/due-for-review" and notes[0].message.startswith("2 endorsements are due")

    # A re-review starts the clock again: its next lapse is told again.
    endorse(auth, lapsed[0])
    lapsed[0].endorsed_at = _months_before_now(13)
    db.session.commit()
    assert "1 endorsement has lapsed" in runner.invoke(args=["moderation", "lapse-endorsements"]).output


def test_the_command_leaves_the_posts_updated_time_alone(runner):
    post = endorsed_post(months_ago=13)
    before = post.updated_at
    runner.invoke(args=["moderation", "lapse-endorsements"])
    db.session.expire_all()
    post = db.session.get(Post, post.id)
    assert post.updated_at == before and post.endorsement_lapse_notified_at is not None


def test_an_anonymous_post_names_its_reviewer_never_its_author(auth, as_moderator, visitor):
    author = make_user(name="Jess Carter")
    post = make_post(author=author, anonymous=True, author_description="A primary teacher in the North West")
    as_moderator.named_on_endorsements = True
    db.session.commit()
    endorse(auth, post)
    page = visitor.get(f"/practice/{post.id}").get_data(as_text=True)
    assert f"by {as_moderator.name}" in label_line(page) and author.name not in page


def test_a_moderator_reviewing_their_own_anonymous_post_is_the_moderation_team(auth, as_moderator, visitor):
    post = make_post(author=as_moderator, anonymous=True)
    as_moderator.named_on_endorsements = True
    db.session.commit()
    endorse(auth, post)
    page = visitor.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "by the moderation team" in label_line(page) and as_moderator.name not in page


def test_relabelling_or_removing_the_label_clears_the_review(auth, as_moderator, client):
    post = endorsed_post(moderator=as_moderator, months_ago=14)
    assert auth.post(f"/moderation/posts/{post.id}/label", {"label": "experimental"}).status_code == 303
    db.session.refresh(post)
    assert (post.endorsed_at, post.endorsed_by_id) == (None, None)
    assert f'id="due-post-{post.id}"' not in client.get("/moderation/due-for-review").get_data(as_text=True)
    assert 'class="post-label__review"' not in client.get(f"/practice/{post.id}").get_data(as_text=True)


def test_a_deleted_reviewers_endorsement_reads_the_moderation_team(visitor):
    moderator = make_user(role="moderator", named_on_endorsements=True)
    post = endorsed_post(moderator=moderator)
    db.session.delete(moderator)
    db.session.commit()
    assert "by the moderation team" in label_line(visitor.get(f"/practice/{post.id}").get_data(as_text=True))


@pytest.mark.parametrize("day, months, expected", [
    ("2026-01-31", 1, "2026-02-28"), ("2024-02-29", 12, "2025-02-28"), ("2026-03-15", -12, "2025-03-15"),
    ("2026-12-01", 1, "2027-01-01")])
def test_months_are_added_by_the_calendar(day, months, expected):
    assert add_months(date.fromisoformat(day), months) == date.fromisoformat(expected)


@pytest.mark.parametrize("value", ["twelve", "0", "-3", ""])
def test_a_review_period_that_is_not_whole_months_is_refused_at_start_up(value):
    with pytest.raises(ValueError, match="ENDORSEMENT_REVIEW_MONTHS must"):
        check_period(value, "ENDORSEMENT_REVIEW_MONTHS", "months")
    assert check_period("6", "ENDORSEMENT_REVIEW_MONTHS", "months") == 6


def test_the_audit_log_says_an_endorsement_was_reviewed_again(client, auth, as_moderator):
    post = make_post()
    endorse(auth, post)
    endorse(auth, post)
    history = client.get(f"/moderation/posts/{post.id}").get_data(as_text=True)
    assert history.count("· Endorsed") == 2 and history.count("· reviewed again") == 1
    log = client.get("/moderation/log").get_data(as_text=True)
    assert log.count("(endorsed)") == 1 and log.count("(endorsed, reviewed again)") == 1


def test_the_data_export_holds_the_moderators_choice(client, auth, as_moderator):
    auth.post("/moderation/settings", {"shown_as": "name"})
    response = client.get("/account/data/export.json")
    assert response.status_code == 200 and json.loads(response.get_data())["account"]["named_on_endorsements"] is True
