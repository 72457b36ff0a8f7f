"""A member comes back to a post colleagues answered: the list says how many comments are new to them, and
the post opens at the first of them."""
import re

from playwright.sync_api import expect

from portal.extensions import db
from tests.browser.helpers import sign_in
from tests.factories import make_comment, make_post, make_user


def test_a_member_comes_back_to_new_comments_and_the_post_opens_at_the_first(page):
    member = make_user(name="Amira Hassan")
    post = make_post(title="Vocabulary from an image generator")
    for n in range(12):
        make_comment(post=post, body=f"An earlier comment, number {n}.\n\n" + "Long enough to fill the page. " * 12)
    sign_in(page, member)
    page.goto(f"/practice/{post.id}")
    expect(page.get_by_text("since you last looked")).to_have_count(0)

    make_comment(post=post, author=make_user(name="Sam Patel"), body="We tried it with Year 5: richer adjectives.")
    db.session.commit()
    page.goto("/practice")
    card = page.locator(".post-card", has_text="Vocabulary from an image generator")
    expect(card.locator(".unread-badge")).to_have_text("1 new comment")
    card.get_by_role("link", name="Vocabulary from an image generator").click()
    expect(page.get_by_text(re.compile("1 new comment since you last looked"))).to_be_visible()
    expect(page.get_by_text("richer adjectives")).to_be_in_viewport()
    expect(page.get_by_role("heading", level=1)).not_to_be_in_viewport()
