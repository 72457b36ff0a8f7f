"""A member shares a classroom trial, previews it with HTMX, publishes it, then finds it by filtering."""
import re

from playwright.sync_api import expect

from portal.extensions import db
from portal.practice.models import Post
from tests.browser.helpers import sign_in
from tests.factories import make_post, make_user


def test_member_shares_a_trial_and_finds_it_by_its_recommendation(app, page, monkeypatch):
    monkeypatch.setitem(app.config, "REVIEW_APPROVED_POSTS_THRESHOLD", 0)  # an established member: no review
    make_post(title="A report-writing policy", recommendation_ids=("r22",))
    member = make_user(name="Amira Hassan", job_title="Year 4 teacher")
    sign_in(page, member)

    page.goto("/practice")
    page.get_by_role("link", name="Share practice").click()
    page.get_by_role("link", name="A classroom trial").click()
    page.get_by_label("Title").fill("Image generators for Year 4 setting descriptions")
    page.get_by_label("The question you asked").fill("Does drawing pupils' descriptions sharpen their vocabulary?")
    page.get_by_label("What was done").fill("Pupils described a setting and the teacher typed it in.")
    page.get_by_label("What happened").fill("Redrafts used more precise adjectives.")
    page.get_by_label("Worked").check()
    page.get_by_label("Primary").check()
    page.get_by_label(re.compile(r"^Recommendation 17:")).check()
    page.get_by_label("AI tools used").fill("Adobe Firefly")

    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#post-preview")
    expect(preview).to_contain_text("Redrafts used more precise adjectives.")
    expect(page.get_by_role("heading", name="Preview")).to_be_focused()
    assert page.url.endswith("/practice/new/trial")  # swapped in place, nothing saved

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Your post is published.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Image generators for Year 4 setting descriptions")
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 2  # the preview saved nothing

    page.goto("/practice")
    expect(page.locator("#practice-results")).to_contain_text("A report-writing policy")
    page.get_by_label("Recommendation", exact=True).select_option("r17")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#practice-results")).not_to_contain_text("A report-writing policy")
    expect(page).to_have_url(re.compile(r"/practice\?.*recommendation=r17"))
    expect(page.get_by_role("heading", name="1 post")).to_be_focused()

    page.get_by_role("link", name="Image generators for Year 4 setting descriptions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Image generators for Year 4 setting descriptions")
    expect(page.get_by_text("Adobe Firefly")).to_be_visible()


def test_search_highlights_matches_and_failures_look_like_successes(page):
    from tests.factories import make_searchable_post
    make_searchable_post(title="Chatbot for parents", kind="failure", body="The chatbot gave wrong dates.")
    make_searchable_post(title="Chatbot trial", kind="trial", body="A chatbot answered questions well.")
    page.goto("/practice")
    page.get_by_label("Search", exact=True).fill("chatbot")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#practice-results mark").first).to_have_text("chatbot")
    expect(page).to_have_url(re.compile(r"q=chatbot"))
    cards = page.locator("article.post-card")
    expect(cards).to_have_count(2)
    assert cards.nth(0).get_attribute("class") == cards.nth(1).get_attribute("class")


def test_tool_suggestions_keep_the_tools_already_typed(page):
    from tests.factories import make_tool
    make_post(tools=[make_tool("Adobe Firefly")])
    sign_in(page, make_user())
    page.goto("/practice/new/case_study")
    page.get_by_label("AI tools used").fill("ChatGPT, Ad")
    expect(page.locator("#tool-suggestions option")).to_have_attribute("value", "ChatGPT, Adobe Firefly")


def test_a_misspelt_search_offers_did_you_mean_and_following_it_finds_the_post(page):
    from tests.browser.test_accessibility import assert_accessible
    from tests.factories import make_searchable_post
    make_searchable_post(title="Image generator for story settings", kind="trial",
                         body="Pupils described a setting and the generator drew it.")
    page.goto("/practice")
    page.get_by_label("Search", exact=True).fill("imgae generator")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#practice-results h2")).to_contain_text("0 posts")
    expect(page.locator("#practice-results")).to_contain_text("check the spelling")
    page.get_by_role("link", name="image generator").click()
    expect(page).to_have_url(re.compile(r"q=image\+generator"))
    expect(page.get_by_label("Search", exact=True)).to_have_value("image generator")
    expect(page.locator("article.post-card")).to_have_count(1)
    expect(page.locator("#practice-results mark").first).to_have_text("generator")
    assert_accessible(page, "/practice?q=imgae&kind=trial")


def test_a_prompt_is_copied_with_one_button_and_says_so(page):
    prompt = "Rewrite the text below for a reader with a reading age of [age].\nKeep these words: [words]."
    post = make_post(kind="prompt", title="Simplify a text", prompt_purpose="Lower the reading age.",
                     prompt_text=prompt, prompt_checking="Compare the facts line by line.")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/practice/{post.id}")
    button = page.get_by_role("button", name="Copy prompt")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == prompt


def test_the_prompt_bank_opens_a_prompt_from_the_keyboard_and_copies_the_one_named(page):
    make_post(kind="prompt", task="planning", title="A unit plan", prompt_text="Plan six lessons on [topic].")
    make_post(kind="prompt", task="report_writing", title="Report comments", prompt_text="Turn my notes into a comment.")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/practice/prompts")
    page.get_by_text("Show the prompt for Report comments").focus()
    page.keyboard.press("Enter")  # a details element: opens without script too
    button = page.get_by_role("button", name="Copy prompt for Report comments")
    expect(button).to_be_visible()
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Copied")).to_have_text("Copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == "Turn my notes into a comment."


def test_as_the_author_types_a_title_posts_like_it_appear_and_the_draft_stays(app, page):
    from tests.factories import make_searchable_post
    make_searchable_post(title="Report comments drafted with a chatbot")
    sign_in(page, make_user())
    page.goto("/practice/new/case_study")
    page.get_by_label("Title").press_sequentially("Chatbot report comments", delay=20)
    found = page.locator("#similar-posts")
    expect(found.get_by_role("heading", name="Has someone tried this already?")).to_be_visible()
    link = found.get_by_role("link", name="Report comments drafted with a chatbot (opens in a new tab)")
    expect(link).to_have_attribute("target", "_blank")
    expect(page.get_by_label("Title")).to_be_focused()  # the list never takes the author's place
    page.get_by_label("Title").fill("Zebra crossings")
    expect(found.get_by_role("heading")).to_have_count(0)


def test_the_recommendations_narrow_as_the_author_types_and_a_ticked_one_stays(app, page):
    sign_in(page, make_user())
    page.goto("/practice/new/case_study")
    recommendations = page.get_by_role("group", name="Recommendations")
    page.get_by_label(re.compile(r"^Recommendation 17:")).check()
    page.get_by_label("Filter the list by typing").fill("report writing")
    visible = recommendations.locator(".checkboxes__item:visible")
    labels = visible.all_inner_texts()
    assert labels and any(label.startswith("Recommendation 17:") for label in labels)  # ticked: still shown
    assert len(labels) < 29 and all("report" in label.lower() or label.startswith("Recommendation 17:") for label in labels)
    expect(page.get_by_role("status").filter(has_text="of 29 shown")).to_be_visible()
    page.get_by_label("Filter the list by typing").press("Enter")  # filters, never sends the form
    assert page.url.endswith("/practice/new/case_study")
    page.get_by_label("Filter the list by typing").fill("zzzz")
    expect(recommendations.locator(".checkboxes__item:visible")).to_have_count(1)  # only the ticked one
    page.get_by_label(re.compile(r"^Recommendation 17:")).uncheck()
    page.get_by_label("Filter the list by typing").fill("zzz")
    expect(page.get_by_role("status").filter(has_text="None match “zzz”")).to_be_visible()
    page.get_by_label("Filter the list by typing").fill("")
    expect(recommendations.locator(".checkboxes__item:visible")).to_have_count(29)


def test_the_preview_shows_beside_the_form_when_wide_and_above_the_buttons_when_narrow(app, page):
    sign_in(page, make_user())
    for width, beside in ((1280, True), (375, False)):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/practice/new/case_study")
        page.get_by_label("Title").fill("Report comments with a chatbot")
        page.get_by_label("Your post").fill("We drafted comments, then rewrote most of them.")
        page.get_by_role("button", name="Preview").click()
        expect(page.get_by_role("heading", name="Preview")).to_be_focused()
        preview = page.locator("#post-preview").bounding_box()
        title = page.get_by_label("Title").bounding_box()
        publish = page.get_by_role("button", name="Publish").bounding_box()
        if beside:
            assert preview["x"] > title["x"] + title["width"] and preview["y"] < publish["y"]
        else:
            assert preview["y"] > title["y"] and preview["y"] + preview["height"] <= publish["y"]
