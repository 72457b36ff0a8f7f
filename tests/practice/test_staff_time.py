"""Staff time saved, or lost, per week with the task it was on: asked on case studies and trials, checked, and
shown as readers and leaders read it."""
import pytest

from portal.extensions import db
from portal.practice.models import Post
from portal.practice.workload import minutes_a_week, term_of
from tests.factories import make_post, make_user
from tests.practice.conftest import post_form


def only_post():
    return db.session.scalars(db.select(Post)).one()


@pytest.mark.parametrize("kind", ["case_study", "trial"])
def test_case_studies_and_trials_record_minutes_and_the_task(auth, client, kind):
    auth.login(make_user())
    response = auth.post(f"/practice/new/{kind}", post_form(kind, minutes_saved_per_week="45", task="report_writing"))
    assert response.status_code == 303
    post = only_post()
    assert (post.minutes_saved_per_week, post.task) == (45, "report_writing")
    assert "45 minutes a week saved, on report writing" in client.get(response.location).get_data(as_text=True)


def test_time_lost_is_a_negative_number_shown_as_time_lost(auth, client):
    auth.login(make_user())
    response = auth.post("/practice/new/case_study", post_form(minutes_saved_per_week="-30", task="letters_admin"))
    assert only_post().minutes_saved_per_week == -30
    assert "30 minutes a week lost, on letters and admin" in client.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize("minutes, message", [
    ("2251", "a working week is 37.5 hours"), ("-5000", "a working week is 37.5 hours"),
    ("ninety", "Enter a whole number of minutes"), ("1e9", "Enter a whole number of minutes"),
])
def test_absurd_minutes_get_a_clear_message_and_nothing_is_saved(auth, minutes, message):
    auth.login(make_user())
    response = auth.post("/practice/new/trial", post_form("trial", minutes_saved_per_week=minutes, task="planning"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and 'value="' + minutes + '"' in page  # what was typed comes back to correct
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 0


def test_minutes_need_a_task_and_an_unknown_task_is_refused(auth):
    auth.login(make_user())
    response = auth.post("/practice/new/case_study", post_form(minutes_saved_per_week="20"))
    assert response.status_code == 422
    assert "Choose the task the time was saved or lost on" in response.get_data(as_text=True)
    response = auth.post("/practice/new/case_study", post_form(minutes_saved_per_week="20", task="juggling"))
    assert response.status_code == 422 and "Choose one of the tasks listed." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 0


def test_failures_and_prompts_do_not_ask_for_minutes(auth, client):
    auth.login(make_user())
    assert 'name="minutes_saved_per_week"' not in client.get("/practice/new/failure").get_data(as_text=True)
    assert 'name="minutes_saved_per_week"' not in client.get("/practice/new/prompt").get_data(as_text=True)
    auth.post("/practice/new/failure", post_form("failure", minutes_saved_per_week="600", task="planning"))
    assert only_post().minutes_saved_per_week is None  # a field the form does not have is never bound


def test_the_evidence_summary_gives_a_median_and_range_by_task(client):
    for minutes, task in ((30, "planning"), (60, "planning"), (-15, "planning"), (90, "report_writing")):
        make_post(kind="case_study", minutes_saved_per_week=minutes, task=task)
    page = client.get("/recommendations/r17").get_data(as_text=True)
    assert "45 minutes a week saved, from 4 reports (from -15 to 90 minutes)" in " ".join(page.split())
    assert "<th scope=\"row\">Planning</th><td>3</td><td>30</td><td>-15 to 60</td>" in page
    assert "<th scope=\"row\">Report writing</th><td>1</td><td>90</td><td>90 to 90</td>" in page
    assert "Negative minutes are time lost." in page  # the range chart's text alternative


@pytest.mark.parametrize("minutes, words", [(40, "40 minutes a week saved"), (-1, "1 minute a week lost"),
                                            (0, "no time saved or lost"), (37.5, "37.5 minutes a week saved")])
def test_minutes_in_words(minutes, words):
    assert minutes_a_week(minutes) == words


@pytest.mark.parametrize("month, name", [(9, "Autumn term 2025"), (12, "Autumn term 2025"), (1, "Spring term 2026"),
                                         (3, "Spring term 2026"), (4, "Summer term 2026"), (8, "Summer term 2026")])
def test_school_terms(month, name):
    from datetime import datetime
    year = 2025 if month >= 9 else 2026
    assert term_of(datetime(year, month, 15)).name == name
