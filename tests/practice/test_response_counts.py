"""Every list shows each post's helpful marks, comments and "tried it too" from its stored counters, kept
right by every write (a try published, hidden or deleted with its author's account) and fresh on cached
lists, for visitors and members alike."""
import re

import pytest

from portal.extensions import db
from portal.moderation.services import apply_status
from portal.practice.models import Post
from tests.conftest import AuthActions
from tests.factories import (DEFAULT_PASSWORD, make_collection, make_comment, make_featured, make_helpful_mark, make_listed_member,
                             make_post, make_searchable_post,
                             make_user)


def counts_on(client, path, title):
    """The counts line of the card titled title on the page at path, without the reader's "new" marker."""
    page = client.get(path).get_data(as_text=True)
    card = page.split(f">{title}</a>", 1)[1]
    counts = card.split('class="response-counts">', 1)[1].split("</p>", 1)[0]
    return " ".join(re.sub(r'<span (data-unread|class="unread-badge")[^<]*</span>', "", counts).split())


def tried_count(post):
    db.session.expire_all()
    return db.session.get(Post, post.id).tried_count


@pytest.fixture
def readers(app, client):
    member_client = app.test_client()
    AuthActions(member_client).login(make_user())
    return {"visitor": client, "member": member_client}


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_a_card_shows_its_counts_and_a_new_comment_moves_them_on_a_cached_list(app, real_cache, readers, reader):
    post = make_post(title="Drafting reports with a chatbot")
    make_helpful_mark(post)
    make_post(title="Tried it in Year 6", replication_of_id=post.id)
    db.session.commit()
    client = readers[reader]
    assert counts_on(client, "/practice", "Drafting reports with a chatbot") == (
        "<span>1 found it helpful</span> <span>0 comments</span> <span>1 tried it too</span>")
    commenter = AuthActions(app.test_client())
    commenter.login(make_user())
    assert commenter.post(f"/practice/{post.id}/comments", {"comment-body": "We did the same."}).status_code == 303
    assert "<span>1 comment</span>" in counts_on(client, "/practice", "Drafting reports with a chatbot")


def test_counts_show_on_search_home_saved_and_a_members_directory_page(app, client, auth, real_cache):
    author = make_listed_member(name="Rhian Evans")
    post = make_searchable_post(author=author, title="Feedback with a rubric bot", body="Comments drafted by a bot.")
    for _ in range(2):
        make_comment(post=post)
    make_featured(make_collection(name="Worth a look"), post)
    reader = make_user()
    auth.login(reader)
    assert auth.post(f"/practice/{post.id}/save", {"saved": "yes"}).status_code in (200, 303)
    for path in ("/", "/practice?q=drafted", "/practice/saved", f"/directory/{author.id}"):
        assert "<span>2 comments</span>" in counts_on(client, path, "Feedback with a rubric bot"), path


def test_only_published_tries_count_and_hiding_one_takes_it_off(app):
    original = make_post(title="Original idea")
    draft = make_post(title="Still trying", replication_of_id=original.id, status="draft")
    published = make_post(title="Tried it", replication_of_id=original.id)
    db.session.commit()
    assert tried_count(original) == 1
    apply_status(db.session.get(Post, draft.id), "published")
    db.session.commit()
    assert tried_count(original) == 2
    apply_status(db.session.get(Post, published.id), "hidden")
    db.session.commit()
    assert tried_count(original) == 1


def test_a_try_moved_to_another_original_moves_its_count(app):
    first, second = make_post(title="First"), make_post(title="Second")
    attempt = make_post(title="A try", replication_of_id=first.id)
    db.session.commit()
    attempt.replication_of_id = second.id
    db.session.commit()
    assert (tried_count(first), tried_count(second)) == (0, 1)


def test_deleting_an_account_with_its_posts_takes_its_tries_off_the_count(client, auth):
    original = make_post(title="An idea to try")
    leaver = make_user()
    make_post(author=leaver, title="My try", replication_of_id=original.id)
    make_post(author=leaver, title="My second try", replication_of_id=original.id)
    make_post(title="Someone else's try", replication_of_id=original.id)
    db.session.commit()
    assert tried_count(original) == 3
    auth.login(leaver)
    assert auth.post("/account/data/delete", {"posts": "delete", "password": DEFAULT_PASSWORD}).status_code == 303
    assert tried_count(original) == 1
