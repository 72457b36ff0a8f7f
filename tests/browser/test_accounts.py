"""A member's first visit: register, edit the profile, sign out, sign back in."""
import re

from playwright.sync_api import expect

from portal.notifications.services import notify
from portal.extensions import db
from tests.browser.helpers import sign_in
from tests.factories import make_school, make_trust, make_user


def test_register_edit_profile_sign_out_and_sign_in(page):
    trust = make_trust("Coastal Learning Federation")
    make_school("Saltwick Bay Primary", trust=trust, region="south-west")

    page.goto("/")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Email address", exact=True).fill("leah.morgan@coastal.example")
    page.get_by_label("Your name").fill("Leah Morgan")
    page.get_by_label("Job title").fill("Teaching assistant")
    page.get_by_label("Trust or school group", exact=True).select_option(label="Coastal Learning Federation")
    page.get_by_label("Search for your school").fill("Saltwick")
    page.get_by_label(re.compile(r"^Saltwick Bay Primary")).check()
    page.get_by_label("Primary", exact=True).check()
    page.get_by_label("Region of England").select_option(label="South West")
    page.get_by_label("Create a password").fill("seaside lantern biscuit")
    page.get_by_label("Confirm your password").fill("seaside lantern biscuit")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Email address", exact=True).fill("leah.morgan@coastal.example")
    page.get_by_label("Password", exact=True).fill("seaside lantern biscuit")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Confirm your e-mail address to post.")).to_be_visible()

    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Edit your profile").click()
    page.get_by_label("Job title").fill("Higher level teaching assistant")
    page.get_by_label("Nursery").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your profile has been updated.")).to_be_visible()
    expect(page.get_by_text("Higher level teaching assistant")).to_be_visible()
    expect(page.get_by_text("Nursery, Primary")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()

    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email address", exact=True).fill("leah.morgan@coastal.example")
    page.get_by_label("Password", exact=True).fill("seaside lantern biscuit")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as Leah Morgan.")).to_be_visible()


def test_not_listed_fields_appear_only_when_needed(page):
    page.goto("/register")
    new_school = page.get_by_label("Name of your school")
    expect(new_school).to_be_hidden()
    page.get_by_label("My school is not listed").check()
    expect(new_school).to_be_visible()


def test_failed_sign_in_focuses_the_error_summary(page):
    make_user(email="known@school.example")
    page.goto("/sign-in")
    page.get_by_label("Email address", exact=True).fill("known@school.example")
    page.get_by_label("Password", exact=True).fill("not the right password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("The email address or password is not right.")
    expect(summary).to_be_focused()


def test_marking_a_notification_read_with_htmx_sends_the_csrf_token(page):
    user = make_user()
    notify(user, "post_approved", "Your trial was approved")
    db.session.commit()
    sign_in(page, user)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications").click()
    expect(page.locator("#notification-badge")).to_contain_text("1")
    mark_read = page.get_by_role("button", name=re.compile(r"Mark as read\W+Your trial was approved"))
    mark_read.click()
    expect(mark_read).to_have_count(0)
    expect(page.locator("#notification-badge")).to_be_hidden()
    expect(page.get_by_text("Your trial was approved")).to_be_visible()
    assert page.url.endswith("/notifications")  # swapped in place, no navigation


def test_admin_search_filters_as_you_type_and_updates_the_url(page):
    make_user(name="Rachel Green")
    make_user(name="Owen Price")
    admin = make_user(role="admin", name="Priya Shah")
    sign_in(page, admin)
    page.goto("/admin/users")
    page.get_by_label("Search by name or email").fill("rachel")
    expect(page.locator("#user-results")).not_to_contain_text("Owen Price")
    expect(page.locator("#user-results")).to_contain_text("Rachel Green")
    expect(page).to_have_url(re.compile(r"/admin/users\?q=rachel$"))
