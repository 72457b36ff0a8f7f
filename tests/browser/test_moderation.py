"""A new member's held post: approved, endorsed with the risk checklist, featured, and shown on the home page."""
import re

from playwright.sync_api import expect

from portal.taxonomy.services import risk_questions
from tests.browser.helpers import sign_in
from tests.factories import make_collection, make_post, make_user


def test_moderator_approves_endorses_and_features_a_new_members_post(page):
    member = make_user(name="Leah Morgan")
    post = make_post(author=member, status="pending", title="Picture prompts for Year 3 writing")
    make_collection("Image generators for writing")
    questions = [q.text for q in risk_questions()]
    moderator = make_user(role="moderator", name="Tom Okafor")

    sign_in(page, moderator)
    page.get_by_role("link", name="Moderation", exact=True).click()
    item = page.locator(f"#queue-post-{post.id}")
    expect(item).to_contain_text("Picture prompts for Year 3 writing")
    item.get_by_role("button", name=re.compile("^Approve")).click()
    result = page.get_by_role("status").filter(has_text="The post has been approved.")
    expect(result).to_be_focused()
    assert page.url.endswith("/moderation")  # swapped in place by HTMX
    result.get_by_role("link", name="Open the post").click()

    page.get_by_role("link", name="Label Endorsed or Experimental").click()
    page.get_by_label("Endorsed", exact=True).check()
    page.get_by_role("button", name="Save the label").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Answer question 1 to endorse the post: “{questions[0]}”")
    page.get_by_role("alert").get_by_role("link", name=re.compile("^Answer question 2 ")).click()
    expect(page.get_by_label(questions[1], exact=True)).to_be_focused()
    for number, question in enumerate(questions, start=1):
        page.get_by_label(question, exact=True).fill(f"Checked with the DPO, point {number}.")
    page.get_by_role("button", name="Save the label").click()
    expect(page.get_by_text("The post is now labelled Endorsed.")).to_be_visible()

    page.get_by_label("Collection").select_option(label="Image generators for writing")
    page.get_by_label("Curator's note").fill("A gentle way in for reluctant writers.")
    page.get_by_role("button", name="Feature this post").click()
    expect(page.get_by_text("The post is now featured in “Image generators for writing”.")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    page.goto("/")
    collection = page.get_by_role("region", name="Image generators for writing")
    expect(collection).to_contain_text("Picture prompts for Year 3 writing")
    expect(collection).to_contain_text("A gentle way in for reluctant writers.")
    expect(collection.get_by_text("Endorsed", exact=True)).to_be_visible()
    collection.get_by_role("link", name=re.compile("See the risk checklist")).click()
    expect(page.get_by_role("heading", name="Risk checklist")).to_be_visible()
    expect(page.get_by_text("scrutinised for safeguarding and cybersecurity issues").first).to_be_visible()
    expect(page.get_by_text("Checked with the DPO, point 7.")).to_be_visible()
    expect(page.get_by_text(questions[0])).to_be_visible()


def test_a_member_flags_a_post_without_leaving_the_page(page):
    post = make_post(title="A post to flag")
    member = make_user()
    sign_in(page, member)
    page.goto(f"/flag/post/{post.id}")
    page.get_by_label("It is inaccurate or misleading").check()
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_role("status").filter(has_text="A moderator will look at this post")).to_be_focused()
