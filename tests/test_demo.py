"""The demo obeys the product's own rules: it is seeded through the services people's clicks call."""
import re

import pytest
from werkzeug.datastructures import MultiDict

from portal.demo import seed_demo
from portal.extensions import db
from portal.moderation.demo import COLLECTIONS, ENDORSED, EXPERIMENTAL, HELD_POST
from portal.moderation.models import EndorsementAnswer, FeaturedPost, ModerationAction
from portal.practice import queries
from portal.practice.demo import POSTS
from portal.practice.forms import COMMON_FIELDS, FORMS, KIND_FIELDS
from portal.practice.models import Comment, HelpfulMark, Post
from portal.practice.response_demo import AUTHOR, CONVERSATIONS
from portal.practice.visibility import can_view
from portal.safeguarding.models import PersonalDataFinding


@pytest.fixture
def demo(app):
    assert seed_demo() is True
    db.session.expire_all()
    return {post.title: post for post in db.session.scalars(db.select(Post))}


def test_every_demo_post_is_published_except_the_one_held_for_a_pupils_name(demo):
    assert {title for title, post in demo.items() if post.status != "published"} == {HELD_POST["title"]}
    held = demo[HELD_POST["title"]]
    assert held.status == "pending" and held.kind == "trial"
    assert [f.passage for f in db.session.scalars(db.select(PersonalDataFinding).where(
        PersonalDataFinding.target_type == "post"))] == ["Ellis (Y2)"]


def test_every_demo_post_passes_its_kinds_form_as_saved(demo):
    choices = queries.form_choices(queries.taxonomy())
    for post in demo.values():
        fields = COMMON_FIELDS + KIND_FIELDS[post.kind]
        data = MultiDict([(name, "y" if value is True else str(value)) for name in fields
                          if (value := getattr(post, name)) not in (None, False, "")])
        data.setlist("phases", [p.id for p in post.phases])
        data.setlist("recommendations", [r.id for r in post.recommendations])
        data.setlist("question_sets", [q.id for q in post.question_sets])
        data["tools"] = ", ".join(t.name for t in post.tools)
        form = FORMS[post.kind](formdata=data, author=post.author, choices=choices, meta={"csrf": False})
        assert form.validate(), (post.title, form.errors)


def test_the_endorsed_post_has_its_seven_answers_and_shows_its_checklist(client, demo):
    endorsed = [post for post in demo.values() if post.label == "endorsed"]
    assert [post.title for post in endorsed] == [ENDORSED]
    answers = db.session.scalars(db.select(EndorsementAnswer).where(EndorsementAnswer.post_id == endorsed[0].id)).all()
    assert len(answers) == 7
    assert db.session.scalar(db.select(db.func.count(EndorsementAnswer.id))) == 7  # no answers on another post
    page = client.get(f"/practice/{endorsed[0].id}").get_data(as_text=True)
    assert "not endorsed" not in page and "risk" in page.lower()
    assert sorted(post.title for post in demo.values() if post.label == "experimental") == sorted(EXPERIMENTAL)


def test_featured_posts_each_have_their_own_note(demo):
    featured = db.session.scalars(db.select(FeaturedPost)).all()
    notes = [f.note for f in featured]
    assert len(featured) == sum(len(posts) for _, _, posts in COLLECTIONS) and len(set(notes)) == len(notes)
    for row in featured:
        assert db.session.get(Post, row.post_id).status == "published"


def test_each_comment_was_written_for_its_post_by_someone_who_may_read_it(demo):
    for title, conversation in CONVERSATIONS.items():
        post = demo[title]
        comments = db.session.scalars(db.select(Comment).where(Comment.post_id == post.id).order_by(Comment.id)).all()
        assert [c.body for c in comments] == [body for _, body in conversation], title
        for comment, (who, _) in zip(comments, conversation):
            assert (comment.author_id == post.author_id) == (who == AUTHOR)
            assert can_view(post, comment.author) and comment.created_at >= post.published_at
        assert post.comment_count == len(comments)
    assert set(CONVERSATIONS) <= {title for title, post in demo.items() if post.status == "published"}


def test_helpful_counts_match_their_marks_and_nobody_marks_their_own_post(demo):
    for post in demo.values():
        marks = db.session.scalars(db.select(HelpfulMark).where(HelpfulMark.post_id == post.id)).all()
        assert post.helpful_count == len(marks)
        assert post.author_id not in {mark.user_id for mark in marks}


def test_new_members_first_posts_were_approved_by_a_moderator(demo):
    approved = set(db.session.scalars(db.select(ModerationAction.target_id).where(
        ModerationAction.action == "approve", ModerationAction.target_type == "post")))
    assert approved == {post.id for post in demo.values() if post.status == "published"}
    trial = demo["Tried again: image generators for setting descriptions in Year 6"]
    assert trial.replication_of_id == demo[ENDORSED].id


def test_the_home_page_never_shows_a_post_twice_side_by_side(client, demo):
    page = client.get("/").get_data(as_text=True)
    for section in ("recent-title", "failures-title"):
        assert section in page
    recent = page.split('id="recent-title"')[1].split("</section>")[0]
    failures = page.split('id="failures-title"')[1].split("</section>")[0]
    links = re.compile(r'href="/practice/(\d+)"')
    assert not set(links.findall(recent)) & set(links.findall(failures))
    assert links.findall(failures)  # the failures column is not empty


def test_the_demo_runs_once(demo):
    assert seed_demo() is False
    assert db.session.scalar(db.select(db.func.count(Post.id))) == len(POSTS) + 1
