"""A member comes back: their home shows the answer waiting for them, and it leads to it."""
import re

from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import make_listed_member, make_post, make_user


def test_a_member_comes_back_and_finds_the_comment_on_their_post(app, page):
    author = make_user(name="Amira Hassan")
    post = make_post(author=author, title="Drawing pupils' settings with an image generator")
    sign_in(page, make_user(name="Sam Patel"))
    page.goto(f"/practice/{post.id}")
    page.get_by_label(re.compile("Your comment|Add a comment")).fill("We tried this with Year 5: the adjectives got richer.")
    page.get_by_role("button", name=re.compile("Post comment|Add comment")).click()
    expect(page.get_by_text("the adjectives got richer")).to_be_visible()
    page.context.clear_cookies()

    sign_in(page, author)
    page.goto("/")
    answers = page.get_by_role("region", name=re.compile("Answers to you"))
    expect(answers.get_by_role("heading", level=2)).to_have_text(re.compile(r"Answers to you\s*1 item"))
    answers.get_by_role("link", name=re.compile("Drawing pupils' settings")).click()
    expect(page).to_have_url(re.compile(rf"/practice/{post.id}"))
    expect(page.get_by_text("the adjectives got richer")).to_be_visible()


def test_suggested_peers_arrive_after_the_page_and_lead_to_a_profile(page):
    member = make_listed_member(name="Amira Hassan")
    make_listed_member(name="Priya Shah")  # same phase and region as the factory's default
    sign_in(page, member)
    page.goto("/")
    peers = page.get_by_role("region", name="Peers you might talk to")
    expect(peers.locator(".member-card")).to_have_count(1)
    expect(peers).to_contain_text("Why:")
    peers.get_by_role("link", name="Priya Shah").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Priya Shah")
