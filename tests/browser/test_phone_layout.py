"""At 375 px wide (a small phone) the header folds, tables scroll in place and results come before filters."""
from playwright.sync_api import expect

from portal.extensions import db
from portal.moderation import audit
from tests.browser.helpers import sign_in
from tests.factories import make_post, make_user

PHONE = {"width": 375, "height": 740}


def page_overflows(page):
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_the_main_menu_folds_behind_a_button_on_a_phone(page):
    admin = make_user(role="admin")
    page.set_viewport_size(PHONE)
    sign_in(page, admin)
    page.goto("/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 90, header  # the name and "Menu" on one line
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Your account")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Your account").click()
    assert page.url.endswith("/account")
    assert not page_overflows(page)


def test_the_menu_is_open_and_has_no_button_on_a_wide_screen(page):
    page.set_viewport_size({"width": 1200, "height": 800})
    page.goto("/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")).to_be_visible()


def test_without_script_the_menu_shows_every_link(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    context.close()


def test_the_audit_log_scrolls_inside_its_table_not_the_page(page):
    moderator = make_user(role="moderator", name="Tom Okafor")
    post = make_post(title="A post with a very long title about image generators and vocabulary in Year 4")
    for _ in range(3):
        audit.record(moderator, "reject", "post", post.id, "other", note="Needs the names taken out first")
    db.session.commit()
    page.set_viewport_size(PHONE)
    sign_in(page, moderator)
    page.goto("/moderation/log")
    expect(page.get_by_role("region", name="Moderation actions, newest first")).to_be_visible()
    assert not page_overflows(page)


def test_on_a_phone_results_come_first_and_filters_wait_behind_filter(page):
    make_post(title="Exit tickets written with a chatbot")
    page.set_viewport_size(PHONE)
    page.goto("/practice")
    first_result = page.get_by_role("link", name="Exit tickets written with a chatbot")
    expect(first_result).to_be_visible()
    keyword = page.get_by_label("Search", exact=True)
    expect(keyword).to_be_hidden()
    toggle = page.locator("summary", has_text="Filter")
    assert toggle.bounding_box()["y"] < first_result.bounding_box()["y"]  # one line, then results
    toggle.click()
    expect(keyword).to_be_visible()
    assert not page_overflows(page)


def test_on_a_wide_screen_the_filters_sit_beside_the_results(page):
    make_post(title="Exit tickets written with a chatbot")
    page.set_viewport_size({"width": 1200, "height": 800})
    page.goto("/practice")
    expect(page.get_by_label("Search", exact=True)).to_be_visible()
    expect(page.locator("summary", has_text="Filter")).to_be_hidden()
    filters = page.locator(".browse__filters").bounding_box()
    result = page.get_by_role("link", name="Exit tickets written with a chatbot").bounding_box()
    assert filters["x"] < result["x"] and abs(filters["y"] - result["y"]) < 200
