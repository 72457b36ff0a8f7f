"""Steps that many browser tests share."""
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD


def sign_in(page, user, password=DEFAULT_PASSWORD):
    page.goto("/sign-in")
    page.get_by_label("Email address", exact=True).fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def register_ruth(page):
    """Register Ruth Simmons from the form, up to "Check your e-mail"."""
    page.goto("/register")
    page.get_by_label("Email address", exact=True).fill("ruth.simmons@fenland.example")
    page.get_by_label("Your name").fill("Ruth Simmons")
    page.get_by_label("Primary").check()
    page.get_by_label("Region of England").select_option(label="East of England")
    page.get_by_label("Create a password").fill("marsh heron evening")
    page.get_by_label("Confirm your password").fill("marsh heron evening")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
