"""A trust lead's journey in a real browser: publish the staff domain, confirm a colleague, and the pages meet WCAG AA."""
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import WCAG_AA
from tests.factories import make_post, make_trust, make_user


def test_a_lead_confirms_a_colleague_who_then_reads_the_trusts_own_post(page):
    trust = make_trust("Riverside Academies")
    lead = make_user(trust=trust, trust_role="lead", name="Tom Okafor")
    jess = make_user(trust=trust, trust_status="pending", name="Jess Carter", email="jess@freemail.example")
    post = make_post(author=lead, title="Our tenant settings", visibility="trust")

    sign_in(page, jess)
    assert page.goto(f"/practice/{post.id}").status == 404
    page.goto("/account")
    expect(page.get_by_text("Waiting for confirmation")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, lead)
    page.goto("/account")
    page.get_by_role("link", name="Manage the members of Riverside Academies").click()
    assert Axe().run(page, options=WCAG_AA).violations_count == 0
    page.get_by_label("Staff e-mail domain").fill("gmail.com")
    page.get_by_role("button", name="Add domain").click()
    expect(page.get_by_role("alert").get_by_text("Anyone can have an address at gmail.com")).to_be_visible()
    assert Axe().run(page, options=WCAG_AA).violations_count == 0
    page.get_by_label("Staff e-mail domain").fill("riverside.org.uk")
    page.get_by_role("button", name="Add domain").click()
    expect(page.get_by_text("are now verified members")).to_be_visible()
    page.get_by_role("button", name="Confirm Jess Carter").click()
    expect(page.get_by_text("Jess Carter is now a verified member.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, jess)
    page.goto(f"/practice/{post.id}")
    expect(page.get_by_role("heading", name="Our tenant settings")).to_be_visible()
    expect(page.get_by_text("Trust lead").first).to_be_visible()


def test_an_admin_settles_a_requested_trust_with_keyboard_alone(page):
    make_trust("Riverside Academies")
    requested = make_trust("Severn Vale Academy Trust", status="requested")
    make_user(trust=requested, trust_status="pending", name="Anna Price", email="anna@severnvale.org.uk")
    sign_in(page, make_user(role="admin"))
    page.goto("/admin/trusts")
    assert Axe().run(page, options=WCAG_AA).violations_count == 0
    field = page.get_by_label("Staff e-mail domain (optional)")
    field.focus()
    page.keyboard.type("severnvale.org.uk")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Severn Vale Academy Trust is now on the list of trusts.")).to_be_visible()
    expect(page.get_by_role("link", name="Severn Vale Academy Trust")).to_be_visible()
