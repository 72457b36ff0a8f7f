"""An endorsement lapses and a moderator re-reviews it, in a real browser: readers see it due for review, the
moderator is told, answers the 7 key questions again from the queue, and readers see it renewed."""
import re
from datetime import timedelta

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from portal.extensions import db
from portal.moderation.endorsement import notify_lapsed_endorsements
from portal.timestamps import utcnow
from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import WCAG_AA
from tests.factories import make_post, make_user


def test_an_endorsement_lapses_and_a_moderator_reviews_it_again(page, app):
    reviewer = make_user(role="moderator", name="Tom Okafor")
    helen = make_user(role="moderator", name="Helen Marsh")
    post = make_post(title="Feedback drafts checked by staff", kind="trial", label="endorsed", endorsed_by=reviewer)
    post.endorsed_at = utcnow() - timedelta(days=400)
    db.session.commit()
    with app.app_context():
        assert notify_lapsed_endorsements() == 1

    page.goto(f"/practice/{post.id}")
    expect(page.locator(".post-label__review")).to_contain_text("due for review")

    sign_in(page, helen)
    page.goto("/notifications")
    page.get_by_role("link", name=re.compile("1 endorsement is due for review")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Endorsements due for review")
    assert Axe().run(page, options=WCAG_AA).violations_count == 0
    page.get_by_role("link", name=re.compile("^Review again.*Feedback drafts checked by staff")).click()
    expect(page.locator("#due-for-review")).to_be_visible()
    assert Axe().run(page, options=WCAG_AA).violations_count == 0
    answers = page.locator("textarea")
    for index in range(answers.count()):
        answers.nth(index).fill(f"Checked again this term against the current DPIA ({index + 1}).")
    page.get_by_role("button", name="Save the label").click()

    page.context.clear_cookies()
    page.goto(f"/practice/{post.id}")
    label = page.locator(".post-label__review")
    expect(label).not_to_contain_text("due for review")
    expect(label).to_contain_text("by the moderation team")
