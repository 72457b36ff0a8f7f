"""Automated WCAG 2.2 AA checks (axe-core) on every page a visitor, a member and an admin can open."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import sign_in
from tests.factories import make_post, make_user

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
           "resultTypes": ["violations"]}
SKIPPED_PATHS = {"/healthz", "/notifications/badge"}


def plain_get_pages(app, prefix_filter=lambda path: True):
    """Every GET route without URL parameters that renders an HTML page."""
    paths = set()
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static":
            if rule.rule not in SKIPPED_PATHS and not rule.rule.endswith((".atom", ".json", ".xml", ".csv")):
                paths.add(rule.rule)
    return sorted(p for p in paths if prefix_filter(p))


def assert_accessible(page, path):
    response = page.goto(path)
    assert response.ok or response.status in (403, 404), f"{path} answered {response.status}"
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, f"{path}:\n{results.generate_report()}"


def test_pages_a_visitor_can_open_meet_wcag_aa(app, page):
    post = make_post(title="Image generators for Year 4 writing")
    for path in plain_get_pages(app) + [f"/practice/{post.id}", "/recommendations/r17", "/question-sets/strategy-vision", "/phases/primary",
                                        "/no-such-page"]:
        assert_accessible(page, path)


@pytest.mark.parametrize("role", ["member", "admin"])
def test_pages_a_signed_in_member_or_admin_can_open_meet_wcag_aa(app, page, role):
    user = make_user(role=role)
    make_post(author=user, title="Our report-writing policy")
    sign_in(page, user)
    for path in plain_get_pages(app, lambda p: p not in ("/sign-in", "/register")):
        assert_accessible(page, path)


def test_form_errors_meet_wcag_aa(page):
    page.goto("/register")
    page.get_by_role("button", name="Create account").click()
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def test_a_thread_with_replies_new_comments_and_the_reply_form_meet_wcag_aa(page):
    from portal.extensions import db
    from tests.factories import make_comment

    member = make_user()
    post = make_post(title="Marking with a chatbot")
    sign_in(page, member)
    page.goto(f"/practice/{post.id}")  # a first look, so the comments below are new to the member
    comment = make_comment(post=post, body="We checked every draft against the pupil's work.")
    db.session.flush()
    make_comment(post=post, body="How long did the checking take?").parent_id = comment.id
    db.session.commit()
    for path in ("/practice", f"/practice/{post.id}", f"/practice/{post.id}/comments/{comment.id}/reply"):
        assert_accessible(page, path)
    page.get_by_role("button", name="Post reply").click()
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
