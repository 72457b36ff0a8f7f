"""Steps that many browser tests share."""
from tests.factories import DEFAULT_PASSWORD


def sign_in(page, user, password=DEFAULT_PASSWORD):
    page.goto("/sign-in")
    page.get_by_label("Email address", exact=True).fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
