"""The leaders' view in a real browser: a trust lead finds a gap on the coverage map and shares the first post
for it; a trial's author is reminded a term on and adds how it went; the pages meet WCAG 2.2 AA."""
import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from portal.extensions import db
from portal.practice import follow_ups
from portal.timestamps import utcnow
from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import WCAG_AA
from tests.factories import make_post, make_trust, make_user


@pytest.fixture(autouse=True)
def _publish_without_review(app, monkeypatch):
    monkeypatch.setitem(app.config, "REVIEW_APPROVED_POSTS_THRESHOLD", 0)


def test_a_leader_finds_an_empty_cell_and_shares_the_first_post_for_it(page):
    trust = make_trust("Riverside Academies")
    lead = make_user(trust=trust, trust_role="lead", name="Tom Okafor")
    make_post(author=lead, title="Report-writing policy", recommendation_ids=("r22",), phase_ids=("secondary",),
              kind="case_study", minutes_saved_per_week=40, task="report_writing")

    sign_in(page, lead)
    page.goto("/")
    page.get_by_role("link", name="Coverage map", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where practice has been shared")
    assert Axe().run(page, options=WCAG_AA).violations_count == 0
    gap = page.get_by_role("link", name="Share the first for Recommendation 1 in Specialist")
    expect(gap).to_be_visible()
    gap.click()
    page.get_by_role("link", name="A case study").click()
    expect(page.get_by_label("Specialist")).to_be_checked()
    expect(page.get_by_label(re.compile(r"^Recommendation 1:"))).to_be_checked()
    page.get_by_label("Title").fill("AI-generated social stories for a specialist setting")
    page.get_by_label("Your post").fill("We drafted social stories with a chatbot, then rewrote them with families.")
    page.get_by_label("Staff time saved per week, in minutes (optional)").fill("-15")
    page.get_by_label("The task the time was saved or lost on").select_option(label="Resource adaptation")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("15 minutes a week lost, on resource adaptation")).to_be_visible()

    page.goto("/coverage")
    cell = page.get_by_role("link", name="1 post for Recommendation 1 in Specialist")
    expect(cell).to_be_visible()
    page.goto(f"/trusts/{trust.id}")
    page.get_by_role("link", name="Staff time saved: the trust's dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff time saved with AI")
    all_terms = page.get_by_role("region", name="Staff time by task, all terms")
    expect(all_terms.get_by_role("row", name=re.compile("^Report writing 1 40"))).to_be_visible()
    expect(all_terms.get_by_role("row", name=re.compile("^Resource adaptation 1 -15"))).to_be_visible()
    assert Axe().run(page, options=WCAG_AA).violations_count == 0


def test_a_trial_author_is_reminded_a_term_on_and_adds_how_it_went(page, app):
    author = make_user(name="Tess Trialler")
    trial = make_post(author=author, kind="trial", title="Image prompts in Year 4", outcome="worked")
    trial.published_at = utcnow() - timedelta(weeks=13)
    db.session.commit()
    with app.test_request_context():
        assert follow_ups.send_reminders() == 1

    sign_in(page, author)
    page.goto("/notifications")
    page.get_by_role("link", name=re.compile('It is a term since you shared "Image prompts in Year 4"')).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("One term on")
    assert Axe().run(page, options=WCAG_AA).violations_count == 0
    page.get_by_label("Partly: we kept some of it").check()
    page.get_by_label("What changed since you shared it").fill("Maya Patel still asks for it every lesson.")
    page.get_by_role("button", name="Add to my trial").click()
    warning = page.get_by_role("alert").filter(has_text="it may identify someone")
    expect(warning).to_be_focused()
    page.get_by_label("What changed since you shared it").fill(
        "We kept it for starters only: a Year 4 pupil said the pictures 'make the words real'.")
    page.get_by_label("Staff time saved per week, in minutes (optional)").fill("20")
    page.get_by_role("button", name="Add to my trial").click()
    expect(page).to_have_url(re.compile(rf"/practice/{trial.id}#follow-ups$"))
    follow_up = page.get_by_role("region", name="One term on")
    expect(follow_up).to_contain_text("Partly: we kept some of it")
    expect(follow_up).to_contain_text("20 minutes a week saved")
    expect(page.get_by_role("region", name="How far this evidence has come")).to_contain_text(
        "Followed up after a term: yes")
