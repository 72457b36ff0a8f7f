"""A leader finds a peer, asks to talk; the peer accepts; both then see each other's email."""
import re

from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import make_listed_member, make_school, make_trust


def test_leader_filters_finds_a_peer_and_both_see_emails_after_acceptance(page):
    trust = make_trust("Northern Lights Learning Trust", size_band="6-10")
    leader = make_listed_member(name="Owen Price", email="owen.price@northern.example", job_title="Headteacher",
                                trust=trust, school=make_school("Harbour View Primary", trust=trust),
                                profile={"role_type": "school-leader", "recommendation_ids": ["r17"]})
    peer = make_listed_member(name="Leah Morgan", email="leah.morgan@coastal.example", job_title="Year 4 Teacher",
                              school=make_school("Saltwick Bay Primary", trust=make_trust(size_band="6-10")),
                              profile={"recommendation_ids": ["r17"], "happy_to_talk_about": "Image prompts for writing"})
    make_listed_member(name="Kwame Mensah", region="london", phase_ids=("secondary",))

    sign_in(page, leader)
    page.get_by_role("link", name="Find peers").click()
    results = page.locator("#directory-results")
    expect(results).to_contain_text("Kwame Mensah")
    page.get_by_label("Region").select_option(label="North West")
    expect(results).not_to_contain_text("Kwame Mensah")
    expect(results).to_contain_text("Leah Morgan")
    expect(page).to_have_url(re.compile(r"/directory\?.*region=north-west"))

    page.get_by_role("link", name="See peers like you").click()
    expect(page.get_by_role("heading", name="Peers like you")).to_be_visible()
    expect(page.locator(".member-card").first).to_contain_text("Leah Morgan")
    expect(page.locator(".member-card").first).to_contain_text("Primary · North West")
    page.get_by_role("link", name="Leah Morgan").click()

    page.get_by_label("Why you would like to talk").fill("We are both trying image prompts in primary. Could we talk?")
    page.get_by_role("button", name="Send contact request").click()
    expect(page.locator("#contact-panel")).to_contain_text("Your request has been sent to Leah Morgan")
    expect(page.locator("body")).not_to_contain_text("leah.morgan@coastal.example")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name="Owen Price would like to talk").click()
    expect(page.locator("body")).not_to_contain_text("owen.price@northern.example")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", name="Email addresses")).to_be_visible()
    expect(page.get_by_role("link", name="owen.price@northern.example")).to_be_visible()
    request_url = page.url
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, leader)
    page.goto(request_url)
    expect(page.get_by_role("link", name="leah.morgan@coastal.example")).to_be_visible()
    expect(page.get_by_text("Accepted", exact=True)).to_be_visible()
