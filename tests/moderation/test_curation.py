"""Featured collections, their order, and the home page that shows them to each reader."""
import pytest

from portal.extensions import db
from portal.moderation.models import Collection, FeaturedPost
from portal.notifications.models import Notification
from tests.factories import make_collection, make_featured, make_post, make_user


def test_moderator_creates_a_collection_and_names_are_unique(client, auth, as_moderator):
    assert auth.post("/moderation/collections", {"name": "Report writing safely"}).status_code == 303
    response = auth.post("/moderation/collections", {"name": "Report writing safely"})
    assert response.status_code == 422 and "already exists" in response.get_data(as_text=True)
    assert auth.post("/moderation/collections", {"name": ""}).status_code == 422
    assert db.session.scalar(db.select(db.func.count(Collection.id))) == 1


def test_featuring_a_post_needs_a_note_and_tells_the_author(client, auth, as_moderator):
    author = make_user()
    post = make_post(author=author)
    collection = make_collection("Image generators for writing")
    response = auth.post(f"/moderation/posts/{post.id}/feature", {"collection": str(collection.id), "curator_note": ""})
    assert response.status_code == 422 and "Write a short note" in response.get_data(as_text=True)
    response = auth.post(f"/moderation/posts/{post.id}/feature", {"collection": str(collection.id),
                                                                 "curator_note": "A gentle first step."})
    assert response.status_code == 303
    assert db.session.scalar(db.select(FeaturedPost.note)) == "A gentle first step."
    assert db.session.scalar(db.select(Notification.kind).where(Notification.user_id == author.id)) == "post_featured"
    again = auth.post(f"/moderation/posts/{post.id}/feature", {"collection": str(collection.id), "curator_note": "Again"})
    assert again.status_code == 422 and "already featured" in again.get_data(as_text=True)


def test_held_posts_cannot_be_featured(client, auth, as_moderator):
    post = make_post(status="pending")
    collection = make_collection()
    response = auth.post(f"/moderation/posts/{post.id}/feature", {"collection": str(collection.id), "curator_note": "Good"})
    assert response.status_code == 422 and "Only published posts" in response.get_data(as_text=True)


def test_moderators_reorder_and_remove_featured_posts(client, auth, as_moderator):
    collection = make_collection()
    first = make_featured(collection, make_post(title="First"), position=1)
    second = make_featured(collection, make_post(title="Second"), position=2)
    assert auth.post(f"/moderation/collections/featured/{second.id}/move", {"direction": "up"}).status_code == 303
    db.session.expire_all()
    assert [f.post.title for f in db.session.get(Collection, collection.id).featured] == ["Second", "First"]
    response = auth.post(f"/moderation/collections/featured/{second.id}/move", {"direction": "up"}, follow_redirects=True)
    assert "already at the top" in response.get_data(as_text=True)
    assert auth.post(f"/moderation/collections/featured/{first.id}/move", {"direction": "sideways"}).status_code == 400
    assert auth.post(f"/moderation/collections/featured/{first.id}/remove").status_code == 303
    assert db.session.scalar(db.select(db.func.count(FeaturedPost.id))) == 1
    assert auth.post(f"/moderation/collections/{collection.id}/delete").status_code == 303
    assert db.session.scalar(db.select(db.func.count(FeaturedPost.id))) == 0


def test_home_page_shows_featured_practice_in_the_chosen_order_with_notes(client):
    collection = make_collection("Report writing safely")
    make_featured(collection, make_post(title="Second choice"), position=2, note="Read this second.")
    make_featured(collection, make_post(title="First choice", label="endorsed"), position=1)
    page = client.get("/").get_data(as_text=True)
    assert "Report writing safely" in page and "Read this second." in page
    assert page.index("First choice") < page.index("Second choice")
    assert "scrutinised for safeguarding and cybersecurity" in page


def test_home_page_shows_recent_posts_and_failures_worth_learning_from(client):
    make_post(title="A case study that worked")
    make_post(title="Chatbot homework help flopped", kind="failure")
    page = client.get("/").get_data(as_text=True)
    failures = page[page.index("Failures worth learning from"):]
    assert "A case study that worked" in page and "Chatbot homework help flopped" in failures


def test_home_page_never_shows_visitors_hidden_held_or_members_only_posts(client, auth):
    collection = make_collection("Everything")
    for status in ("pending", "hidden", "rejected", "draft"):
        make_featured(collection, make_post(title=f"Not for you {status}", status=status, kind="failure"))
    members_only = make_post(title="Members only failure", kind="failure", visibility="members")
    make_featured(collection, members_only)
    make_post(title="Anonymous trial", anonymous=True, author=make_user(name="Hidden Name"),
              author_description="A secondary teacher in London")
    page = client.get("/").get_data(as_text=True)
    assert "Not for you" not in page and "Members only failure" not in page
    assert "Hidden Name" not in page and "A secondary teacher in London" in page
    auth.login(make_user())
    page = client.get("/").get_data(as_text=True)
    assert "Members only failure" in page and "Not for you" not in page and "Hidden Name" not in page


@pytest.mark.parametrize("signed_in", [False, True])
def test_home_page_runs_the_same_number_of_queries_for_3_and_30_posts(client, auth, count_queries, signed_in):
    if signed_in:
        auth.login(make_user())
        client.get("/")  # a member's first visit home records itself once
    counts = []
    for size in (3, 27):
        collection = make_collection()
        for _ in range(size):
            post = make_post(kind="failure", author=make_user())
            make_featured(collection, post)
        with count_queries() as statements:
            assert client.get("/").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_a_recent_failure_is_shown_once_beside_the_recent_posts(client):
    make_post(title="Chatbot homework help flopped", kind="failure")
    make_post(title="A trial that did not work", kind="trial", outcome="did_not_work")
    make_post(title="A case study that worked")
    page = client.get("/").get_data(as_text=True)
    recent = page[page.index("Recently shared"):page.index("Failures worth learning from")]
    failures = page[page.index("Failures worth learning from"):]
    assert "A case study that worked" in recent
    for title in ("Chatbot homework help flopped", "A trial that did not work"):
        assert page.count(f">{title}<") == 1 and title in failures and title not in recent
