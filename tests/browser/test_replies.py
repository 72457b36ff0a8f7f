"""A reply reaches the commenter it answers: they come back, find it on their home, and it leads to the
reply under their comment, with the passage it quotes."""
import re

from playwright.sync_api import expect

from portal.extensions import db
from tests.browser.helpers import sign_in
from tests.factories import make_comment, make_post, make_user


def test_a_member_comes_back_and_finds_a_reply_to_their_comment(page):
    commenter = make_user(name="Sam Patel")
    post = make_post(title="Vocabulary from an image generator")
    make_comment(post=post, author=commenter, body="The pictures were odd, but the adjectives got richer.")
    db.session.commit()

    sign_in(page, make_user(name="Amira Hassan"))
    page.goto(f"/practice/{post.id}")
    page.get_by_role("link", name=re.compile("^Reply to Sam Patel")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reply to Sam Patel")
    page.get_by_label("Quote a passage (optional)").fill("the adjectives got richer")
    page.get_by_label("Your reply").fill("Which year group was this? We want to try it in Year 3.")
    page.get_by_role("button", name="Post reply").click()
    reply = page.locator(".comment-replies .comment")
    expect(reply).to_contain_text("In reply to Sam Patel")
    expect(reply.locator("blockquote")).to_contain_text("the adjectives got richer")
    page.context.clear_cookies()

    sign_in(page, commenter)
    page.goto("/")
    answers = page.get_by_role("region", name=re.compile("Answers to you"))
    answers.get_by_role("link", name=re.compile("New reply to your comment")).click()
    expect(page.get_by_text("We want to try it in Year 3")).to_be_in_viewport()
    page.get_by_role("link", name="Sam Patel", exact=True).click()
    expect(page).to_have_url(re.compile(r"#comment-\d+$"))


def test_a_mention_reaches_the_member_named_and_nobody_else(page):
    from tests.factories import make_listed_member

    priya = make_listed_member(name="Priya Shah")
    bystander = make_listed_member(name="Owen Price")
    post = make_post(title="Parents' letters drafted with AI")
    sign_in(page, make_user(name="Amira Hassan"))
    page.goto(f"/practice/{post.id}")
    page.get_by_label("Add a comment").fill("@Priya Nobody, and @Priya Shah: you asked about this.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator("#comment-body-error")).to_contain_text("Nobody listed in the directory is called “Priya Nobody”")
    field = page.get_by_label("Add a comment")
    expect(field).to_have_value("@Priya Nobody, and @Priya Shah: you asked about this.")
    field.fill("@Priya Shah: you asked about this.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_role("link", name="@Priya Shah")).to_be_visible()
    page.context.clear_cookies()

    for member, told in ((priya, True), (bystander, False)):
        sign_in(page, member)
        page.goto("/notifications")
        mention = page.locator(".notification__message", has_text="You were mentioned in a comment")
        expect(mention).to_have_count(1 if told else 0)
        page.context.clear_cookies()
