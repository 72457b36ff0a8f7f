""""One term on": a trial's author is reminded a term after sharing it, adds whether it lasted, what changed and
the time it saves now; it shows on the trial with its date and counts towards how far the evidence has come."""
import re
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.notifications.models import Notification
from portal.practice import follow_ups
from portal.practice.models import FollowUp
from portal.timestamps import utcnow
from tests.factories import make_post, make_school, make_trust, make_user, outbox_rows

WEEKS = 12


def term_old(post, weeks=WEEKS, days=1):
    post.published_at = utcnow() - timedelta(weeks=weeks, days=days)
    db.session.commit()
    return post


@pytest.fixture
def author():
    return make_user(name="Tess Trialler")


@pytest.fixture
def trial(author):
    return term_old(make_post(author=author, kind="trial", title="Image prompts in Year 4", outcome="worked"))


def follow_up_form(**overrides):
    return {"lasted": "partly", "what_changed": "We kept it for starters only; the plenaries took too long.",
            "minutes_saved_per_week": "20", **overrides}


def count_follow_ups():
    return db.session.scalar(db.select(db.func.count(FollowUp.id)))


def test_the_author_adds_one_term_on_and_it_shows_with_its_date_and_the_evidence_step(client, auth, author, trial):
    auth.login(author)
    page = client.get(f"/practice/{trial.id}").get_data(as_text=True)
    assert f'href="/practice/{trial.id}/follow-up"' in page
    assert "Followed up after a term</strong><span class=\"visually-hidden\">: not yet" in page
    response = auth.post(f"/practice/{trial.id}/follow-up", follow_up_form())
    assert response.status_code == 303 and response.location.endswith(f"/practice/{trial.id}#follow-ups")
    page = client.get(f"/practice/{trial.id}").get_data(as_text=True)
    assert "One term on" in page and "Partly: we kept some of it" in page
    assert "We kept it for starters only" in page and "20 minutes a week saved" in page
    assert re.search(r"Added <time datetime=\"[^\"]+\">", page)
    assert "Followed up after a term</strong><span class=\"visually-hidden\">: yes" in page
    auth.logout()
    assert "We kept it for starters only" in client.get(f"/practice/{trial.id}").get_data(as_text=True)


def test_before_a_term_has_passed_the_page_says_when_and_the_form_refuses_with_the_date(client, auth, author):
    fresh = make_post(author=author, kind="trial", outcome="worked")
    auth.login(author)
    assert "a term after you shared it, you can add" in client.get(f"/practice/{fresh.id}").get_data(as_text=True)
    response = client.get(f"/practice/{fresh.id}/follow-up")
    assert response.status_code == 409 and "You can add how it went one term on from" in response.get_data(as_text=True)
    assert auth.post(f"/practice/{fresh.id}/follow-up", follow_up_form()).status_code == 409
    assert count_follow_ups() == 0


def test_someone_elses_trial_or_a_post_that_is_not_a_trial_is_refused_with_a_reason(client, auth, author, trial):
    auth.login(make_user())
    response = auth.post(f"/practice/{trial.id}/follow-up", follow_up_form())
    assert response.status_code == 403 and "Only the author" in response.get_data(as_text=True)
    assert f'href="/practice/{trial.id}/follow-up"' not in client.get(f"/practice/{trial.id}").get_data(as_text=True)
    auth.logout()
    auth.login(author)
    case_study = term_old(make_post(author=author, kind="case_study"))
    response = auth.post(f"/practice/{case_study.id}/follow-up", follow_up_form())
    assert response.status_code == 409 and "Only classroom trials" in response.get_data(as_text=True)
    draft = term_old(make_post(author=author, kind="trial", status="draft"))
    assert auth.post(f"/practice/{draft.id}/follow-up", follow_up_form()).status_code == 409
    assert count_follow_ups() == 0


def test_visitors_sign_in_first_and_posts_nobody_may_see_are_not_found(client, auth, trial):
    assert client.get(f"/practice/{trial.id}/follow-up").status_code == 302
    auth.login(make_user())
    hidden = term_old(make_post(kind="trial", status="draft"))
    assert client.get(f"/practice/{hidden.id}/follow-up").status_code == 404
    assert client.get("/practice/999999/follow-up").status_code == 404


@pytest.mark.parametrize("overrides, message", [
    ({"lasted": ""}, "Say whether you are still doing it."),
    ({"lasted": "maybe"}, "Not a valid choice"),
    ({"what_changed": "   "}, "Say what changed"),
    ({"what_changed": "x" * 5001}, "5,000 characters or fewer"),
    ({"minutes_saved_per_week": "99999"}, "a working week is 37.5 hours"),
    ({"minutes_saved_per_week": "lots"}, "Enter a whole number of minutes"),
])
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(auth, author, trial, overrides, message):
    auth.login(author)
    response = auth.post(f"/practice/{trial.id}/follow-up", follow_up_form(**overrides))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count_follow_ups() == 0


def test_a_pupils_name_is_caught_and_the_follow_up_waits_for_a_rewrite(auth, author, trial):
    auth.login(author)
    response = auth.post(f"/practice/{trial.id}/follow-up", follow_up_form(
        what_changed="Maya Patel in Year 4 (born 03/04/2016) still asks for it every lesson."))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "it may identify someone" in page
    assert "Maya Patel in Year 4" in page  # what was written comes back to edit
    assert count_follow_ups() == 0


def test_the_reminder_goes_once_a_term_on_to_trials_without_a_follow_up(app, author, trial):
    fresh = make_post(author=author, kind="trial")
    done = term_old(make_post(author=author, kind="trial"))
    db.session.add(FollowUp(post_id=done.id, author_id=author.id, lasted="yes", what_changed="Still going."))
    term_old(make_post(author=author, kind="case_study"))
    db.session.commit()
    with app.test_request_context():
        assert follow_ups.send_reminders() == 1
        assert follow_ups.send_reminders() == 0
    notes = db.session.scalars(db.select(Notification).where(Notification.kind == "follow_up")).all()
    assert len(notes) == 1 and notes[0].link == f"/practice/{trial.id}/follow-up"
    assert "Image prompts in Year 4" in notes[0].message
    assert len([m for m in outbox_rows(user_id=author.id) if "Image prompts in Year 4" in m.subject]) == 1
    assert fresh.follow_up_reminded_at is None


def test_the_reminder_e_mail_follows_the_members_preference(app, auth, client, author, trial):
    from portal.mail.models import MailPreference
    db.session.add(MailPreference(user_id=author.id, kind="follow_up", delivery="off"))
    db.session.commit()
    with app.test_request_context():
        assert follow_ups.send_reminders() == 1
    assert not [m for m in outbox_rows(user_id=author.id) if "Image prompts" in m.subject]


def test_the_command_reminds_and_says_how_many(runner, trial):
    result = runner.invoke(args=["practice", "remind-follow-ups"])
    assert result.exit_code == 0 and "Reminded the authors of 1 trials." in result.output


def test_the_weeks_are_configurable(app, monkeypatch, author):
    monkeypatch.setitem(app.config, "FOLLOW_UP_WEEKS", 4)
    post = term_old(make_post(author=author, kind="trial"), weeks=4)
    with app.test_request_context():
        assert follow_ups.send_reminders() == 1
    follow_ups.check_can_follow_up(post, author)


def test_tries_in_another_school_and_trust_mature_the_evidence(client, author):
    riverside, oak_hill = make_trust("Riverside"), make_trust("Oak Hill")
    author.school, author.trust, author.trust_status = make_school(trust=riverside), riverside, "verified"
    db.session.commit()
    original = make_post(author=author, kind="trial")
    steps = lambda: dict(re.findall(r"<strong>([^<]+)</strong><span class=\"visually-hidden\">: ([a-z ]+)</span>",
                                    client.get(f"/practice/{original.id}").get_data(as_text=True)))
    assert steps() == {"One report": "yes", "Tried again in another school": "not yet",
                       "Tried again in another trust": "not yet", "Followed up after a term": "not yet"}
    colleague = make_user(school=make_school(trust=riverside))
    make_post(author=colleague, kind="trial", replication_of_id=original.id)
    assert steps()["Tried again in another school"] == "yes" and steps()["Tried again in another trust"] == "not yet"
    make_post(author=make_user(school=make_school(trust=oak_hill)), kind="trial", replication_of_id=original.id,
              visibility="trust")
    assert steps()["Tried again in another trust"] == "not yet"  # a visitor cannot see that trust-only try
    make_post(author=make_user(school=make_school(trust=oak_hill)), kind="trial", replication_of_id=original.id)
    assert steps()["Tried again in another trust"] == "yes"


def test_the_evidence_summary_counts_posts_at_each_step(client, author):
    riverside = make_trust("Riverside")
    author.school, author.trust, author.trust_status = make_school(trust=riverside), riverside, "verified"
    db.session.commit()
    original = term_old(make_post(author=author, kind="trial"))
    make_post(author=make_user(school=make_school(trust=make_trust("Oak Hill"))), kind="trial",
              replication_of_id=original.id)
    db.session.add(FollowUp(post_id=original.id, author_id=author.id, lasted="yes", what_changed="Still going."))
    db.session.commit()
    page = " ".join(client.get("/recommendations/r17").get_data(as_text=True).split())
    for name, count in (("One report", 2), ("Tried again in another school", 1), ("Tried again in another trust", 1),
                        ("Followed up after a term", 1)):
        assert re.search(rf'<th scope="row">{name}</th><td>[^<]+</td><td>{count}</td>', page), name


def test_a_members_follow_ups_are_in_their_data_export(client, auth, author, trial):
    db.session.add(FollowUp(post_id=trial.id, author_id=author.id, lasted="no", what_changed="We stopped.",
                            minutes_saved_per_week=-10))
    db.session.commit()
    auth.login(author)
    exported = client.get("/account/data/export.json").get_json()
    assert exported["follow_ups"] == [{"post_id": trial.id, "still_doing_it": "No, we stopped",
                                       "what_changed": "We stopped.", "minutes_saved_per_week": -10,
                                       "created_at": exported["follow_ups"][0]["created_at"]}]


@pytest.mark.parametrize("value", ["a term", "0", ""])
def test_follow_up_weeks_that_are_not_whole_weeks_are_refused_at_start_up(value):
    from portal.config import check_period
    with pytest.raises(ValueError, match="FOLLOW_UP_WEEKS must"):
        check_period(value, "FOLLOW_UP_WEEKS", "weeks")
