"""Every id on the main pages is used once, and every label names the one control it is for."""
import pytest

from tests.conftest import AuthActions
from tests.factories import make_block, make_comment, make_contact_request, make_listed_member, make_post, make_user
from tests.html_checks import duplicate_ids, labels_without_their_control

VISITOR_PAGES = ["/", "/sign-in", "/register", "/forgot-password", "/practice", "/report", "/recommendations",
                 "/question-sets", "/about", "/practice/prompts"]
MEMBER_PAGES = ["/", "/practice", "/practice/{post}", "/practice/new/case_study", "/practice/new/trial",
                "/practice/new/failure", "/practice/new/prompt", "/practice/mine", "/practice/saved", "/practice/prompts",
                "/directory", "/directory/{member}",
                "/directory/{stranger}",
                "/account", "/account/profile", "/account/password", "/account/email", "/account/directory",
                "/account/notifications", "/account/follows", "/account/blocked", "/account/data", "/account/standing",
                "/contact-requests", "/notifications", "/moderation", "/moderation/users/{member}",
                "/moderation/log", "/moderation/contact-reports", "/contact-requests/{request}"]


def check(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    page = response.get_data(as_text=True)
    assert duplicate_ids(page) == [], path
    assert labels_without_their_control(page) == [], path


@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_a_visitors_pages_use_each_id_once(app, client, path):
    make_comment(make_post())
    check(client, path)


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_a_moderators_pages_use_each_id_once_and_label_each_control(app, client, path):
    post = make_post()
    make_comment(post)
    member = make_listed_member()
    moderator = make_listed_member(role="moderator")
    request = make_contact_request(member, moderator)
    for _ in range(2):
        make_block(moderator, make_user())
    AuthActions(client).login(moderator)
    stranger = make_listed_member()  # no request between them yet: the page offers the contact form
    check(client, path.format(post=post.id, member=member.id, request=request.id, stranger=stranger.id))
