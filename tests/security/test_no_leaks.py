"""Walk every GET route as four viewers and prove nothing private reaches any body or header.

The world: an anonymous post by a named member, a members-only, a trust-only and a held post, a hidden
comment, a pending contact request between two members, and an unlisted member. Each viewer (a visitor,
an unrelated member, the requester and the recipient) requests every GET route in the URL map with every
plausible argument, as a full page and as an HTMX fragment, plus searches, feeds and the JSON export.
"""
import itertools
from dataclasses import dataclass, field

import pytest

from portal.extensions import db
from tests.conftest import AuthActions
from portal.directory.models import ContactRequest
from tests.factories import (make_comment, make_directory_profile, make_listed_member, make_searchable_post,
                             make_trust, make_user)

ANON_NAME = "Zebedee Quillfeather"
SECRET_TITLES = {
    "members": "Marmalade members-only evaluation",
    "trust": "Tangerine trust-only evaluation",
    "held": "Heliotrope held evaluation",
}
HIDDEN_COMMENT = "Hornbeam hidden remark"
SKIPPED_ENDPOINTS = {"static", "healthz", "account_data.export"}


def send_contact_request(app, sender, recipient):
    """Send through the real endpoint, so the notification and e-mail are the service's own."""
    client = app.test_client()
    actions = AuthActions(client)
    actions.login(sender)
    response = actions.post(f"/directory/{recipient.id}/contact", {"message": "Could we compare notes on marking?"})
    assert response.status_code == 303
    return db.session.scalar(db.select(ContactRequest))


def comment_through_the_site(app, author, post, body):
    """Comment through the real endpoint, so notifications and e-mails to other commenters are the service's own."""
    actions = AuthActions(app.test_client())
    actions.login(author)
    response = actions.post(f"/practice/{post.id}/comments", {"comment-body": body})
    assert response.status_code == 303, response.get_data(as_text=True)


@dataclass
class World:
    ids: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)


@pytest.fixture
def world(app):
    our_trust, other_trust = make_trust(name="Oakfield Learning Trust"), make_trust(name="Elm Valley Trust")
    anonymous_author = make_user(name=ANON_NAME, email="zebedee.quillfeather@school.example", trust=our_trust)
    colleague = make_listed_member(name="Colm Ashdown", trust=our_trust)
    requester = make_listed_member(name="Rhiannon Pryce", email="rhiannon.pryce@school.example", trust=other_trust)
    recipient = make_listed_member(name="Percival Okafor", email="percival.okafor@school.example", trust=other_trust)
    unlisted = make_user(name="Ulrika Vance", email="ulrika.vance@school.example")
    make_directory_profile(unlisted, listed=False, open_to_contact=False)
    bystander = make_user(name="Bea Lockwood", trust=other_trust)

    anonymous_post = make_searchable_post(author=anonymous_author, anonymous=True, tools=["ChatGPT"],
                                          title="Anonymous evaluation of feedback",
                                          body="We tried AI feedback in Year 6 evaluation.")
    comment_through_the_site(app, recipient, anonymous_post, "We had the same evaluation problem.")
    comment_through_the_site(app, anonymous_author, anonymous_post, "Thanks all, the author replying here.")
    members_post = make_searchable_post(author=colleague, visibility="members", title=SECRET_TITLES["members"],
                                        body="Members evaluation body.")
    trust_post = make_searchable_post(author=colleague, visibility="trust", title=SECRET_TITLES["trust"],
                                      body="Trust evaluation body.")
    held_post = make_searchable_post(author=colleague, status="pending", title=SECRET_TITLES["held"],
                                     body="Held evaluation body.")
    public_post = make_searchable_post(author=colleague, title="Public evaluation of quizzes", body="Public body.")
    hidden_comment = make_comment(public_post, author=colleague, body=HIDDEN_COMMENT, status="hidden")
    request = send_contact_request(app, requester, recipient)

    people = dict(anonymous_author=anonymous_author, colleague=colleague, requester=requester,
                  recipient=recipient, unlisted=unlisted, bystander=bystander)
    ids = dict(post_id=[anonymous_post.id, members_post.id, trust_post.id, held_post.id, public_post.id],
               comment_id=[hidden_comment.id], request_id=[request.id],
               user_id=[p.id for p in people.values()], target_id=[anonymous_post.id, hidden_comment.id])
    return World(ids=ids, people=people)


ARGUMENT_VALUES = {
    "key": ["case_study", "primary", "r17", "conceptualising-ai"], "set_id": ["conceptualising-ai"],
    "rec_id": ["r17"], "kind": ["case_study"],
    "token": ["not-a-token"], "target_type": ["post", "comment"], "collection_id": [1], "featured_id": [1],
    "school_id": [1], "notification_id": [1],
}

EXTRA_PATHS = [
    "/practice?q=evaluation", "/practice?q=Marmalade", "/practice?q=Tangerine", "/practice?q=Heliotrope",
    "/practice?sort=helpful", "/directory?q=Ulrika", "/directory?q=percival",
    "/schools/search?q=Oak", "/contact-requests?box=sent", "/contact-requests?box=received",
    "/admin/users?q=zebedee", "/moderation/users?q=zebedee", "/practice/new/case_study?replicates=1",
]


def paths_for(app, world):
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        choices = [[(name, value) for value in world.ids.get(name) or ARGUMENT_VALUES.get(name, [])]
                   for name in sorted(rule.arguments)]
        for combination in itertools.product(*choices):
            if not rule.arguments or combination:
                yield app.url_for(rule.endpoint, **dict(combination))
    yield from EXTRA_PATHS


def forbidden_for(viewer_name, world):
    """Strings this viewer must never receive."""
    people = world.people
    secrets = {ANON_NAME, "Quillfeather", people["anonymous_author"].email, HIDDEN_COMMENT, *SECRET_TITLES.values(),
               people["unlisted"].email}
    # Neither party of a pending request may learn the other's e-mail; bystanders learn neither.
    secrets |= {people["requester"].email, people["recipient"].email}
    if viewer_name in people:
        secrets.discard(people[viewer_name].email)
    if viewer_name in ("requester", "recipient", "bystander"):
        secrets.discard(SECRET_TITLES["members"])  # any signed-in member may read members-only posts
    return secrets


def leaks_in(response, secrets):
    found = []
    text = response.get_data(as_text=True)
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    for secret in secrets:
        if secret.lower() in text.lower():
            found.append(f"body has {secret!r}")
        if secret.lower() in headers.lower():
            found.append(f"headers have {secret!r}")
    return found


def client_for(app, viewer):
    client = app.test_client()
    if viewer is not None:
        assert AuthActions(client).login(viewer).status_code == 302
    return client


@pytest.mark.parametrize("viewer_name", ["visitor", "bystander", "requester", "recipient"])
def test_no_route_leaks_anonymous_authors_emails_or_invisible_posts(app, world, viewer_name):
    viewer = world.people.get(viewer_name)
    client = client_for(app, viewer)
    secrets = forbidden_for(viewer_name, world)
    problems, requested = [], 0
    with app.test_request_context():
        paths = list(paths_for(app, world))
    for path in paths:
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(path, headers=headers)
            requested += 1
            problems += [f"{path} {headers or ''}: {leak}" for leak in leaks_in(response, secrets)]
    assert requested > 150
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewer_name", ["bystander", "requester", "recipient"])
def test_the_json_export_holds_only_the_members_own_data(app, world, viewer_name):
    client = client_for(app, world.people[viewer_name])
    response = client.get("/account/data/export.json")
    assert response.status_code == 200
    assert not leaks_in(response, forbidden_for(viewer_name, world))


def test_the_walk_reaches_the_private_pages_it_guards(app, world):
    """The scan is only worth something if the parties really see the request and the post pages."""
    client = client_for(app, world.people["recipient"])
    request_id = world.ids["request_id"][0]
    page = client.get(f"/contact-requests/{request_id}")
    assert page.status_code == 200 and "Rhiannon Pryce" in page.get_data(as_text=True)
    anonymous_page = client.get(f"/practice/{world.ids['post_id'][0]}").get_data(as_text=True)
    assert "Anonymous evaluation of feedback" in anonymous_page
    assert "A primary teacher in the North West" in anonymous_page


def test_searching_for_an_anonymous_authors_name_does_not_find_their_post(app, world):
    client = client_for(app, world.people["bystander"])
    for query in ("Quillfeather", "Zebedee"):
        results = client.get(f"/practice?q={query}").get_data(as_text=True)
        assert "Anonymous evaluation of feedback" not in results


def test_no_email_carries_a_senders_address_or_an_anonymous_authors_name(app, world):
    from tests.factories import outbox_rows
    recipient, requester = world.people["recipient"], world.people["requester"]
    assert outbox_rows(user_id=recipient.id)
    for message in outbox_rows():
        if message.user_id == world.people["anonymous_author"].id:
            continue
        whole = " ".join([message.subject, message.text_body, message.html_body, str(message.headers)])
        assert requester.email not in whole and ANON_NAME not in whole, message.subject


def test_a_listed_members_profile_never_shows_their_anonymous_posts_or_comments_on_them(app):
    author = make_listed_member(name="Lorna Listed")
    anonymous = make_searchable_post(author=author, anonymous=True, title="Quietly anonymous trial")
    comment_through_the_site(app, author, anonymous, "Replying under my anonymous post.")
    client = client_for(app, make_user())
    for headers in ({}, {"HX-Request": "true"}):
        for path in (f"/directory/{author.id}", "/directory", "/directory/peers", "/directory?q=Lorna"):
            assert "Quietly anonymous trial" not in client.get(path, headers=headers).get_data(as_text=True), path
        page = client.get(f"/practice/{anonymous.id}", headers=headers).get_data(as_text=True)
        assert "Lorna" not in page and f"/directory/{author.id}" not in page


def test_following_cannot_reveal_who_an_unlisted_member_is(app):
    unlisted = make_user(name="Una Hidden")
    make_directory_profile(unlisted, listed=False)
    no_profile = make_user(name="Nell Noprofile")
    actions = AuthActions(app.test_client())
    actions.login(make_user())
    for member in (unlisted, no_profile):
        for path in (f"/follows/member/{member.id}", f"/follows/member/{member.id}/unfollow"):
            response = actions.post(path, follow_redirects=True)
            assert response.status_code == 404 and member.name not in response.get_data(as_text=True), path
    assert "Una Hidden" not in actions._client.get("/account/follows").get_data(as_text=True)
