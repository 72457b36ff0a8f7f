"""Atom feeds: valid per RFC 4287, public published posts only, anonymous authors as their description."""
import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_post, make_trust, make_user

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["/feeds/practice.atom", "/feeds/kinds/case_study.atom", "/feeds/recommendations/r17.atom",
         "/feeds/phases/primary.atom"]


def parse(response):
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None and root.find(f"{ATOM}{required}").text
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://127.0.0.1:5000/practice/")
    return root


def titles(root):
    return [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]


@pytest.fixture
def mixed_posts():
    author = make_user(name="Zed Secretname", trust=make_trust())
    make_post(author=author, title="Public named post", body="Year 4 pupils described an image.")
    make_post(author=author, title="Public anonymous post", anonymous=True, author_description="A primary teacher in Kent")
    make_post(author=author, title="Members only leaked", visibility="members")
    make_post(author=author, title="Trust only leaked", visibility="trust")
    for status in ("draft", "pending", "hidden", "rejected"):
        make_post(author=author, title=f"{status} leaked", status=status)
    return author


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_are_valid_atom_with_only_public_published_posts(client, mixed_posts, path):
    root = parse(client.get(path))
    assert "Public named post" in titles(root) and "Public anonymous post" in titles(root)
    assert not any("leaked" in title for title in titles(root))


def test_anonymous_posts_show_only_the_author_description(client, mixed_posts):
    xml = client.get("/feeds/practice.atom").get_data(as_text=True)
    assert "A primary teacher in Kent" in xml
    root = ET.fromstring(xml.encode())
    anonymous = next(e for e in root.findall(f"{ATOM}entry") if e.find(f"{ATOM}title").text == "Public anonymous post")
    assert anonymous.find(f"{ATOM}author/{ATOM}name").text == "A primary teacher in Kent"
    assert xml.count("Zed Secretname") == 1  # only on the named post
    assert "@" not in xml.replace("@127.0.0.1", "")  # no e-mail addresses


def test_entries_have_a_summary_and_the_feed_is_not_the_signed_in_view(client, auth, mixed_posts):
    auth.login(make_user(role="moderator"))
    root = parse(client.get("/feeds/practice.atom"))
    assert not any("leaked" in title for title in titles(root))
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}summary").text


def test_scoped_feeds_filter_and_unknown_scopes_are_404(client):
    make_post(title="Trial in secondary", kind="trial", phase_ids=("secondary",), recommendation_ids=("r20",))
    assert titles(parse(client.get("/feeds/kinds/trial.atom"))) == ["Trial in secondary"]
    assert titles(parse(client.get("/feeds/kinds/failure.atom"))) == []
    assert titles(parse(client.get("/feeds/recommendations/r20.atom"))) == ["Trial in secondary"]
    assert titles(parse(client.get("/feeds/phases/primary.atom"))) == []
    for path in ("/feeds/kinds/nope.atom", "/feeds/recommendations/r999.atom", "/feeds/question-sets/nope.atom",
                 "/feeds/phases/university.atom"):
        assert client.get(path).status_code == 404


def test_question_set_feed(client):
    from portal.extensions import db
    from portal.taxonomy.models import QuestionSet
    qset = db.session.scalars(db.select(QuestionSet)).first()
    post = make_post(title="Governance post")
    post.question_sets = [qset]
    db.session.commit()
    assert titles(parse(client.get(f"/feeds/question-sets/{qset.id}.atom"))) == ["Governance post"]


def test_feeds_are_cacheable_and_answer_304_when_unchanged(client):
    make_post()
    first = client.get("/feeds/practice.atom")
    assert "max-age" in first.headers["Cache-Control"] and first.headers["ETag"]
    again = client.get("/feeds/practice.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path,feed", [("/practice", "/feeds/practice.atom"),
                                       ("/recommendations/r17", "/feeds/recommendations/r17.atom"),
                                       ("/phases", "/feeds/phases/primary.atom")])
def test_pages_link_their_feeds(client, path, feed):
    page = client.get(path).get_data(as_text=True)
    assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in page
    assert "Subscribe to updates (Atom feed)" in page


@pytest.mark.parametrize("size", [3, 30])
def test_a_feed_runs_the_same_queries_for_few_or_many_posts(client, count_queries, size):
    for _ in range(size):
        make_post()
    with count_queries() as statements:
        assert client.get("/feeds/phases/primary.atom").status_code == 200
    assert len(statements) == 4  # the phase, posts, their authors, their phases
