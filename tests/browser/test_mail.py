"""In a real browser: confirm the address and reset the password from captured e-mails; follow with HTMX."""
import email
import re

from playwright.sync_api import expect

from tests.browser.helpers import register_ruth, sign_in
from tests.factories import make_user


def deliver_and_read_links(runner, folder):
    """Run one pass of the outbox worker into the folder and return the links of the newest e-mail."""
    result = runner.invoke(args=["mail", "send"])
    assert "Sent" in result.output, result.output
    newest = max(folder.glob("*.eml"), key=lambda p: int(re.search(r"outbox-(\d+)", p.name).group(1)))
    message = email.message_from_bytes(newest.read_bytes())
    body = next(part for part in message.walk() if part.get_content_type() == "text/plain").get_payload(decode=True).decode()
    return re.findall(r"http://127\.0\.0\.1:5000(/\S+)", body)


def test_register_confirm_the_address_reset_the_password_and_sign_in(page, app, runner, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "folder")
    monkeypatch.setitem(app.config, "MAIL_FOLDER", str(tmp_path))

    register_ruth(page)

    verify = next(link for link in deliver_and_read_links(runner, tmp_path) if link.startswith("/verify-email/"))
    page.goto(verify)
    expect(page.get_by_role("heading", name="Your e-mail address is confirmed")).to_be_visible()

    page.goto("/sign-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email address", exact=True).fill("ruth.simmons@fenland.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    reset = next(link for link in deliver_and_read_links(runner, tmp_path) if link.startswith("/reset-password/"))
    page.goto(reset)
    page.get_by_label("New password", exact=True).fill("granary lapwing sunrise")
    page.get_by_label("Confirm new password").fill("granary lapwing sunrise")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("Your password has been reset")).to_be_visible()

    page.get_by_label("Email address", exact=True).fill("ruth.simmons@fenland.example")
    page.get_by_label("Password", exact=True).fill("granary lapwing sunrise")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as Ruth Simmons.")).to_be_visible()
    expect(page.get_by_text("Confirm your e-mail address to post.")).to_have_count(0)


def test_following_a_recommendation_swaps_the_button_in_place(page):
    sign_in(page, make_user())
    page.goto("/recommendations/r17")
    page.get_by_role("button", name=re.compile(r"^Follow ")).click()
    unfollow = page.get_by_role("button", name=re.compile(r"^Unfollow "))
    expect(unfollow).to_be_focused()
    assert page.url.endswith("/recommendations/r17")
    unfollow.click()
    expect(page.get_by_role("button", name=re.compile(r"^Follow "))).to_be_visible()
