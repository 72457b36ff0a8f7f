"""A member responds to a post in place: marks it helpful, then comments, without leaving the page."""
import re

from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import make_post, make_user


def test_member_marks_a_post_helpful_and_comments_with_htmx(page):
    post = make_post(title="Image generator prompts for Year 4 story openings", kind="trial", outcome="worked")
    member = make_user(name="Sam Patel")
    sign_in(page, member)
    page.goto(f"/practice/{post.id}")
    page_url = page.url

    helpful = page.get_by_role("button", name="This was helpful")
    expect(helpful).to_have_attribute("aria-pressed", "false")
    helpful.click()
    expect(page.locator("#helpful-count")).to_have_text("1 found this helpful")
    expect(page.get_by_role("button", name="This was helpful")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="This was helpful")).to_be_focused()
    assert page.url == page_url  # updated in place, no navigation

    page.get_by_label("Add a comment").fill("We tried this with **Year 3** and it worked well.")
    page.get_by_role("button", name="Add comment").click()
    new_comment = page.locator("li.comment").last
    expect(new_comment).to_contain_text("We tried this with Year 3 and it worked well.")
    expect(new_comment).to_contain_text("Sam Patel")
    expect(new_comment).to_be_focused()
    expect(page.get_by_label("Add a comment")).to_have_value("")
    expect(page.get_by_role("heading", name=re.compile(r"Comments\s*\(1\)"))).to_be_visible()
    assert page.url == page_url



def test_member_saves_a_post_in_place_and_finds_it_on_the_saved_page(page):
    post = make_post(title="Marking feedback drafted with a chatbot")
    sign_in(page, make_user())
    page.goto(f"/practice/{post.id}")
    page_url = page.url
    save = page.get_by_role("button", name="Save for later")
    expect(save).to_have_attribute("aria-pressed", "false")
    save.click()
    save = page.get_by_role("button", name="Save for later")
    expect(save).to_have_attribute("aria-pressed", "true")
    expect(save).to_be_focused()  # the swap puts focus back on the control that was pressed
    assert page.url == page_url  # in place, no reload
    page.get_by_role("link", name="your saved posts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saved posts")
    page.get_by_role("button", name="Remove “Marking feedback drafted with a chatbot” from your saved posts").click()
    expect(page.get_by_text("Nothing saved yet.")).to_be_visible()
