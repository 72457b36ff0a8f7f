"""Nothing leaks: anonymous authors, invisible posts and user-typed markup, scanned in every response."""
import re
from html.parser import HTMLParser

import pytest

from portal.extensions import db
from portal.practice.anonymity import author_facets, describe
from portal.practice.models import Post
from tests.factories import make_peers, make_post, make_searchable_post, make_trust, make_user, phases
from tests.practice.conftest import post_form
from tests.test_markup import XSS_CORPUS

SECRET_NAME = "Zebedee Quillfeather"


def pages_showing(post_id, query):
    return [f"/practice/{post_id}", "/practice", f"/practice?q={query}", "/practice?kind=failure"]


@pytest.fixture
def anonymous_post(client, auth):
    author = make_user(name=SECRET_NAME, email="zebedee@quill.example", job_title="Year 4 teacher",
                       region="north-west", school=None)
    make_peers(4, job_title="Class teacher", region="north-west", phase_ids=("primary",))
    auth.login(author)
    auth.post("/practice/new/failure", post_form("failure", title="Our chatbot pilot", anonymous="y",
                                                 body="## What we tried\nA chatbot for parents' questions."))
    auth.logout()
    return db.session.scalars(db.select(Post)).one()


def test_anonymous_post_gets_a_general_description(anonymous_post):
    assert anonymous_post.anonymous and anonymous_post.author_description == "A primary teacher in the North West"


@pytest.mark.parametrize("viewer", ["visitor", "member"])
def test_anonymous_author_never_appears_in_any_page_or_fragment(client, auth, anonymous_post, viewer):
    if viewer == "member":
        auth.login(make_user())
    for path in pages_showing(anonymous_post.id, "chatbot"):
        for headers in ({}, {"HX-Request": "true"}):
            html = client.get(path, headers=headers).get_data(as_text=True)
            assert "Our chatbot pilot" in html, path
            assert SECRET_NAME not in html and "Zebedee" not in html and "zebedee@" not in html, (path, headers)
            assert "Quillfeather" not in html
    page = client.get(f"/practice/{anonymous_post.id}").get_data(as_text=True)
    assert "A primary teacher in the North West" in page
    assert re.search(r"<title>Our chatbot pilot", page)


def test_moderators_see_who_wrote_an_anonymous_post_on_the_moderation_pages_only(client, auth, anonymous_post):
    auth.login(make_user(role="moderator"))
    assert SECRET_NAME in client.get(f"/moderation/posts/{anonymous_post.id}").get_data(as_text=True)
    assert SECRET_NAME not in client.get(f"/practice/{anonymous_post.id}").get_data(as_text=True)


def test_the_author_still_edits_an_anonymous_post_and_sees_it_is_theirs(client, auth, anonymous_post):
    auth.login(anonymous_post.author)
    assert client.get(f"/practice/{anonymous_post.id}/edit").status_code == 200
    mine = client.get("/practice/mine").get_data(as_text=True)
    assert "Posted without your name" in mine and "Our chatbot pilot" in mine


@pytest.mark.parametrize("job_title, region, phase_ids, expected", [
    ("Year 4 Teacher", "north-west", ("primary",), "A primary teacher in the North West"),
    ("Deputy Headteacher", "london", ("secondary",), "A secondary school leader in London"),
    ("Trust Digital Lead", "yorkshire-and-the-humber", ("primary",), "A trust leader in Yorkshire and The Humber"),
    ("Teaching Assistant", "east-of-england", ("specialist",), "A special school teaching assistant in the East of England"),
    ("Bursar", "south-west", (), "A member of staff in the South West"),
    ("Teacher", None, ("pupil-referral-unit",), "A pupil referral unit teacher"),
    ("Head of Sixth Form", "north-east", ("sixth-form",), "A sixth form school leader in the North East"),
])
def test_descriptions_never_name_the_school_trust_or_job_title(job_title, region, phase_ids, expected):
    trust = make_trust(name="Northern Lights Learning Trust")
    author = make_user(job_title=job_title, region=region, phase_ids=phase_ids, trust=trust)
    assert describe(author_facets(author, phases(*phase_ids))) == expected


def test_the_posts_own_phase_comes_before_the_authors(client):
    author = make_user(job_title="Teacher", phase_ids=("primary",), region="london")
    assert describe(author_facets(author, phases("secondary"))) == "A secondary teacher in London"


@pytest.fixture
def audiences():
    trust = make_trust()
    author = make_user(trust=trust)
    posts = {name: make_searchable_post(author=author, title=f"Audience {name}", body="quokka", **traits)
             for name, traits in {"public": {}, "members": {"visibility": "members"},
                                  "trust": {"visibility": "trust"}, "draft": {"status": "draft"}}.items()}
    return {"trust": trust, "posts": posts}


@pytest.mark.parametrize("viewer, visible", [
    ("visitor", {"public"}), ("outsider", {"public", "members"}), ("colleague", {"public", "members", "trust"}),
])
def test_visibility_holds_in_list_page_and_search(client, auth, audiences, viewer, visible):
    if viewer != "visitor":
        auth.login(make_user(trust=audiences["trust"] if viewer == "colleague" else make_trust()))
    for path in ("/practice", "/practice?q=quokka", "/practice?recommendation=r17&sort=helpful"):
        html = client.get(path).get_data(as_text=True)
        shown = set(re.findall(r"Audience (\w+)", html))
        assert shown == visible, (viewer, path)
        assert re.search(rf"\b{len(visible)} posts?\b", html)
    for name, post in audiences["posts"].items():
        expected = 200 if name in visible else 403 if name == "members" else 404  # a visitor is asked to sign in
        assert client.get(f"/practice/{post.id}").status_code == expected


def test_tools_on_posts_the_viewer_cannot_see_are_not_suggested(client, auth):
    from tests.factories import make_tool
    trust = make_trust()
    make_post(visibility="trust", author=make_user(trust=trust), tools=[make_tool("Secret Trust Bot")])
    auth.login(make_user(trust=make_trust()))
    assert "Secret Trust Bot" not in client.get("/practice").get_data(as_text=True)
    assert "Secret Trust Bot" not in client.get("/practice/new/case_study").get_data(as_text=True)


# The only htmx attributes the portal's own templates write; anything else came from a user.
OUR_HTMX = {"hx-get": ("/practice", "/notifications", "/flag/", "/home/peers"), "hx-post": ("/practice", "/notifications"),
            "hx-target": ("#",), "hx-swap": ("outerHTML", "innerHTML"), "hx-push-url": ("true",),
            "hx-trigger": ("every 60s", "input changed delay:700ms from:#title", "load"), "hx-disable": ("",),
            # the post form's "has someone tried this already?"
            "hx-include": ("closest form",), "hx-params": ("title,recommendations,phases,post",),
            "hx-sync": ("this:queue last",), "hx-vals": ('{"post": "',)}


def _is_ours(name, value):
    return name in OUR_HTMX and value.startswith(OUR_HTMX[name])


class Scanner(HTMLParser):
    """Collects every tag and attribute, to prove nothing a user typed became live markup."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "iframe", "svg", "math", "img") and not (attrs.get("src") or "").startswith("/static/"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs.items():
            value = value or ""
            if name.startswith("on") or name in ("style", "formaction"):
                self.problems.append(name)
            if name.startswith("data-hx-") or (name.startswith("hx-") and not _is_ours(name, value)):
                self.problems.append(f"{name}={value}")
            if name in ("href", "src", "action") and value.strip().lower().startswith(("javascript:", "data:")):
                self.problems.append(f"{name}={value}")


def problems_in(html):
    scanner = Scanner()
    scanner.feed(html)
    return scanner.problems


def test_the_scanner_itself_catches_live_markup():
    assert problems_in('<a hx-post="/admin/users/1/role">x</a><p onclick="x">y</p><div data-hx-get="/x">') == [
        "hx-post=/admin/users/1/role", "onclick", "data-hx-get=/x"]
    assert problems_in('<script>alert(1)</script><a href="javascript:alert(1)">x</a>') == [
        "<script>", "href=javascript:alert(1)"]


XSS_TITLES = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "<a hx-post='/evil' hx-trigger='load'>x</a>",
              "javascript:alert(1)", '<div data-hx-get="/evil">t</div>']


@pytest.mark.parametrize("payload", XSS_CORPUS + XSS_TITLES)
def test_xss_through_title_body_and_tool_name_never_becomes_markup(client, auth, payload):
    author = make_user()
    auth.login(author)
    response = auth.post("/practice/new/trial", post_form(
        "trial", title=f"T {payload}"[:200], body=f"{payload}\n\nkiwi", tools=f"{payload}"[:80],
        what_happened=payload, trial_question=payload))
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    post_id = db.session.scalar(db.select(Post.id))
    preview = auth.post("/practice/new/trial", post_form("trial", action="preview", body=payload, title=payload),
                        headers={"HX-Request": "true"})
    for html in [client.get(path).get_data(as_text=True) for path in
                 (f"/practice/{post_id}", "/practice", "/practice?q=kiwi", f"/practice/{post_id}/edit",
                  "/practice/mine", "/practice/new/trial")] + [preview.get_data(as_text=True)]:
        assert problems_in(html) == []


def test_a_stale_form_keeps_what_was_typed(client, auth):
    auth.login(make_user())
    response = client.post("/practice/new/case_study", data=post_form(title="Typed before lunch", csrf_token="stale"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Your form had expired" in html
    assert 'value="Typed before lunch"' in html
