"""An anonymous post is never linked to its author's name, e-mail, school, trust or directory profile.

The author is listed in the directory and writes anonymous posts for everyone, for members, for their trust and
an "I tried this too" trial, comments under them, and is followed. A visitor, a member of another trust, a colleague
in the author's trust, a follower and a moderator request every GET route in the URL map with the world's real ids,
as a page and as an HTMX fragment; every response that shows one of the anonymous posts (its title or its link)
must not carry anything that identifies the author. Moderators may see the name on the moderation pages only.
Notifications, e-mails (digests included) and other members' JSON exports are held to the same rule.
"""
import re
from dataclasses import dataclass, field

import pytest

from portal.extensions import db
from portal.mail.digests import queue_daily, queue_weekly
from portal.notifications.models import Notification
from portal.practice.models import Comment, Post
from tests.conftest import AuthActions
from tests.factories import (make_directory_profile, make_peers, make_post, make_school, make_trust, make_user,
                             outbox_rows)
from tests.practice.conftest import post_form
from tests.security.test_no_leaks import client_for, paths_for

AUTHOR_NAME = "Zebedee Quillfeather"
SCHOOL_NAME = "Bramblecombe Primary School"
TRUST_NAME = "Larkspur Learning Trust"
TITLES = {"public": "Flopped lesson with a chatbot", "members": "Members-only marking misfire",
          "trust": "Trust-only timetable tangle", "trial": "Tried again: the flopped chatbot"}
EXTRA_PATHS = ["/practice?q=flopped", "/practice?q=Quillfeather", "/practice?region=north-west",
               "/practice?phase=primary&kind=failure", "/practice?sort=helpful", "/feeds/practice.atom",
               "/directory?q=flopped", "/directory?q=Zebedee", "/account/data/export.json"]


@dataclass
class World:
    ids: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    posts: dict = field(default_factory=dict)


def as_member(app, user):
    actions = AuthActions(app.test_client())
    assert actions.login(user).status_code == 302
    return actions


def publish(actions, kind="failure", **fields):
    response = actions.post(f"/practice/new/{kind}", post_form(kind, anonymous="y", **fields))
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[-1])


@pytest.fixture
def world(app, monkeypatch):
    monkeypatch.setitem(app.config, "REVIEW_APPROVED_POSTS_THRESHOLD", 0)
    trust, other_trust = make_trust(name=TRUST_NAME), make_trust(name="Elm Valley Trust")
    school = make_school(SCHOOL_NAME, trust=trust, region="north-west")
    context = dict(job_title="Year 4 teacher", region="north-west", phase_ids=("primary",))
    author = make_user(name=AUTHOR_NAME, email="zebedee.quillfeather@bramblecombe.example", school=school, **context)
    make_directory_profile(author, happy_to_talk_about="The lesson where it flopped, and what I changed.")
    make_peers(5, trust=trust, **context)
    colleague = make_user(name="Colm Ashdown", trust=trust, **context)
    member = make_user(name="Mira Other", trust=other_trust)
    follower = make_user(name="Fern Follower", trust=other_trust)
    moderator = make_user(name="Mo Derator", role="moderator", trust=other_trust)
    original = make_post(author=member, kind="trial", title="Chatbot trial to try again", trial_question="Does it?")

    assert as_member(app, follower).post(f"/follows/member/{author.id}").status_code in (200, 303)
    writer = as_member(app, author)
    ids = {kind: publish(writer, visibility=kind, title=TITLES[kind]) for kind in ("public", "members", "trust")}
    ids["trial"] = publish(writer, "trial", title=TITLES["trial"], replicates=str(original.id))
    for commenter, body in ((member, "Same thing happened to us."), (author, "Thanks, the author replying.")):
        assert as_member(app, commenter).post(f"/practice/{ids['public']}/comments",
                                              {"comment-body": body}).status_code == 303
    first = db.session.scalars(db.select(Comment.id).where(Comment.author_id == member.id)).first()
    assert as_member(app, author).post(f"/practice/{ids['public']}/comments/{first}/reply",
                                       {"reply-body": "The author answering you.",
                                        "reply-quote": "Same thing happened"}).status_code == 303
    as_member(app, member).post(f"/practice/{ids['public']}/helpful")
    queue_daily()
    queue_weekly()

    people = dict(author=author, colleague=colleague, member=member, follower=follower, moderator=moderator)
    posts = {kind: db.session.get(Post, post_id) for kind, post_id in ids.items()}
    comment_ids = db.session.scalars(db.select(Comment.id)).all()
    world_ids = dict(post_id=[*ids.values(), original.id], comment_id=comment_ids,
                     user_id=[p.id for p in people.values()], target_id=[ids["public"], *comment_ids],
                     school_id=[school.id], request_id=[1])
    return World(ids=world_ids, people=people, posts=posts)


def identifying(world):
    """What ties a post to its author: name, e-mail, school, trust, directory profile and moderation pages."""
    author = world.people["author"]
    return [AUTHOR_NAME, "Quillfeather", "Zebedee", author.email, SCHOOL_NAME, "Bramblecombe", TRUST_NAME,
            f"/directory/{author.id}\"", f"/directory/{author.id}/", f"/moderation/users/{author.id}"]


def anonymous_post_markers(world):
    markers = [re.escape(title) for title in TITLES.values()]
    markers += [rf"/practice/{post.id}(?!\d)" for post in world.posts.values()]
    return re.compile("|".join(markers), re.IGNORECASE)


def leaks(text, secrets):
    lowered = text.lower()
    return [secret for secret in secrets if secret.lower() in lowered]


def scan(app, world, viewer_name):
    viewer = world.people.get(viewer_name)
    client = client_for(app, viewer)
    markers, secrets = anonymous_post_markers(world), identifying(world)
    problems, shown = [], 0
    with app.test_request_context():
        paths = list(paths_for(app, world)) + EXTRA_PATHS
    for path in paths:
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(path, headers=headers)
            text = response.get_data(as_text=True) + "\n".join(f"{k}: {v}" for k, v in response.headers.items())
            if not markers.search(text):
                continue
            shown += 1
            if viewer_name == "moderator" and path.startswith("/moderation/"):
                continue  # moderators may see who wrote it where they moderate
            problems += [f"{path} {headers or ''}: has {secret!r}" for secret in leaks(text, secrets)]
    return problems, shown


@pytest.mark.parametrize("viewer_name", ["visitor", "member", "colleague", "follower", "moderator"])
def test_no_page_fragment_feed_or_export_ties_an_anonymous_post_to_its_author(app, world, viewer_name):
    problems, shown = scan(app, world, viewer_name)
    assert shown >= 10, "the walk must reach pages that show the anonymous posts"
    assert not problems, "\n".join(problems)


def test_the_walk_catches_a_post_that_names_its_author(app, world):
    """The scan is only worth something if it fails when a byline gives the author away."""
    post = world.posts["public"]
    post.author_description = f"{AUTHOR_NAME}, {SCHOOL_NAME}"
    db.session.commit()
    problems, _ = scan(app, world, "visitor")
    assert any(AUTHOR_NAME in problem for problem in problems)


def test_moderators_see_the_name_on_the_moderation_page_of_the_post(app, world):
    client = client_for(app, world.people["moderator"])
    page = client.get(f"/moderation/posts/{world.posts['public'].id}").get_data(as_text=True)
    assert AUTHOR_NAME in page
    assert AUTHOR_NAME not in client.get(f"/practice/{world.posts['public'].id}").get_data(as_text=True)


def test_a_trust_only_post_shows_its_trust_members_no_school_or_trust_in_the_byline(app, world):
    post = world.posts["trust"]
    page = client_for(app, world.people["colleague"]).get(f"/practice/{post.id}").get_data(as_text=True)
    assert TITLES["trust"] in page and post.author_description in page
    assert not leaks(page, [SCHOOL_NAME, TRUST_NAME, AUTHOR_NAME])
    assert client_for(app, world.people["member"]).get(f"/practice/{post.id}").status_code == 404


def test_notifications_and_emails_never_name_the_anonymous_author_to_others(app, world):
    author = world.people["author"]
    secrets = identifying(world)
    for note in db.session.scalars(db.select(Notification).where(Notification.user_id != author.id)):
        assert not leaks(note.message + note.link, secrets), note.message
    for message in outbox_rows():
        if message.user_id == author.id:
            continue
        whole = " ".join([message.subject, message.text_body, message.html_body or "", str(message.headers)])
        assert not leaks(whole, secrets), message.subject


def test_following_a_member_never_brings_their_anonymous_posts(app, world):
    from portal.mail.models import Follow
    follower = world.people["follower"]
    assert db.session.scalars(db.select(Follow).where(Follow.user_id == follower.id)).one()
    assert not db.session.scalars(db.select(Notification).where(Notification.user_id == follower.id)).all()
    for message in outbox_rows(user_id=follower.id):
        assert not leaks(message.text_body, list(TITLES.values())), message.subject


def test_the_replication_notice_to_the_original_author_uses_the_description(app, world):
    notes = db.session.scalars(db.select(Notification).where(Notification.kind == "replication")).all()
    assert [note.message.split(" tried ")[0] for note in notes] == [world.posts["trial"].author_description]


def test_a_trust_leads_badge_never_shows_beside_their_anonymous_post(app):
    lead = make_user(trust=make_trust(name=TRUST_NAME), trust_role="lead")
    named, anonymous = make_post(author=lead, title="Named by a lead"), make_post(author=lead, anonymous=True)
    client = client_for(app, make_user())
    assert "Trust lead" in client.get(f"/practice/{named.id}").get_data(as_text=True)
    assert "Trust lead" not in client.get(f"/practice/{anonymous.id}").get_data(as_text=True)
