"""Writing posts: each kind, drafts, previews, edits, deletes and who may do them."""
import re

import pytest

from portal.extensions import db
from portal.markup import MAX_SOURCE_CHARS
from portal.notifications.models import Notification
from portal.practice.models import Post, Tool
from tests.factories import make_peers, make_post, make_trust, make_user
from tests.practice.conftest import post_form


def only_post():
    return db.session.scalars(db.select(Post)).one()


@pytest.mark.parametrize("kind", ["case_study", "failure", "trial", "prompt"])
def test_member_publishes_each_kind_of_post(client, auth, kind):
    member = make_user(name="Amira Hassan")
    auth.login(member)
    response = auth.post(f"/practice/new/{kind}", post_form(kind))
    assert response.status_code == 303
    post = only_post()
    assert post.kind == kind and post.status == "published" and post.published_at is not None
    assert post.author_id == member.id and [r.id for r in post.recommendations] == ["r17"]
    assert post.summary and post.body_html is not None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Image generators in Year 4 writing" in page and "Amira Hassan" in page


def test_trial_keeps_its_structured_fields(auth):
    auth.login(make_user())
    auth.post("/practice/new/trial", post_form("trial"))
    post = only_post()
    assert (post.class_size, post.minutes_saved_per_week, post.outcome) == (28, 15, "worked")
    assert post.summary == "Richer adjectives."


def test_failure_posts_are_marked_did_not_work(auth):
    auth.login(make_user())
    auth.post("/practice/new/failure", post_form("failure", outcome="worked"))
    assert only_post().outcome == "did_not_work"


def test_saving_as_draft_keeps_the_post_to_its_author(client, auth):
    author = make_user()
    auth.login(author)
    auth.post("/practice/new/case_study", post_form(action="draft"))
    post = only_post()
    assert post.status == "draft" and post.published_at is None
    assert client.get(f"/practice/{post.id}").status_code == 200
    mine = client.get("/practice/mine").get_data(as_text=True)
    assert "Draft" in mine and post.title in mine
    auth.logout()
    assert client.get(f"/practice/{post.id}").status_code == 404
    auth.login(make_user())
    assert client.get(f"/practice/{post.id}").status_code == 404
    assert post.title not in client.get("/practice").get_data(as_text=True)


def test_saving_a_post_that_waits_for_review_as_a_draft_asks_first_and_keeps_what_was_typed(client, auth):
    author = make_user()
    post = make_post(author=author, status="pending", title="Waiting for a moderator")
    auth.login(author)
    response = auth.post(f"/practice/{post.id}/edit", post_form(title="Retitled while waiting", action="draft"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Take your post out of the review queue?" in page
    assert 'value="Retitled while waiting"' in page  # the form comes back as typed
    db.session.expire_all()
    assert db.session.get(Post, post.id).status == "pending"  # nothing saved yet
    assert db.session.get(Post, post.id).title == "Waiting for a moderator"

    response = auth.post(f"/practice/{post.id}/edit", post_form(title="Retitled while waiting", action="draft_anyway"))
    assert response.status_code == 303
    db.session.expire_all()
    saved = db.session.get(Post, post.id)
    assert (saved.status, saved.title) == ("draft", "Retitled while waiting")


def test_saving_a_draft_or_a_live_post_as_a_draft_does_not_ask(auth):
    author = make_user()
    draft, live = make_post(author=author, status="draft"), make_post(author=author)
    auth.login(author)
    for post in (draft, live):
        assert auth.post(f"/practice/{post.id}/edit", post_form(action="draft")).status_code == 303
    db.session.expire_all()
    assert {db.session.get(Post, p.id).status for p in (draft, live)} == {"draft"}


def test_publishing_a_draft_later_stamps_the_first_publication_only(auth):
    author = make_user()
    auth.login(author)
    auth.post("/practice/new/case_study", post_form(action="draft"))
    post_id = only_post().id
    auth.post(f"/practice/{post_id}/edit", post_form())
    first = db.session.get(Post, post_id).published_at
    assert first is not None
    auth.post(f"/practice/{post_id}/edit", post_form(title="Renamed"))
    db.session.expire_all()
    assert db.session.get(Post, post_id).published_at == first


def test_your_posts_shows_every_status_with_plain_names(client, auth):
    author = make_user()
    for status in ("draft", "pending", "rejected", "hidden"):
        make_post(author=author, status=status, title=f"My {status} post")
    auth.login(author)
    page = client.get("/practice/mine").get_data(as_text=True)
    for label in ("Draft", "Awaiting review", "Sent back", "Hidden"):
        assert label in page


def test_preview_with_htmx_renders_the_post_body_fragment_without_saving(client, auth):
    auth.login(make_user())
    response = auth.post("/practice/new/case_study", post_form(action="preview", body="Some *careful* words"),
                         headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert 'id="post-preview"' in html and "<em>careful</em>" in html and "hx-disable" in html
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Tool.id))) == 0


def test_preview_without_javascript_re_renders_the_form_with_the_preview(auth):
    auth.login(make_user())
    response = auth.post("/practice/new/trial", post_form("trial", action="preview"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in html
    assert 'id="post-preview"' in html and "Richer adjectives." in html
    assert 'value="Image generators in Year 4 writing"' in html
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 0


def test_tools_typed_differently_are_one_tool_keeping_the_first_spelling(auth):
    auth.login(make_user())
    auth.post("/practice/new/case_study", post_form(tools="ChatGPT, Copilot"))
    auth.post("/practice/new/case_study", post_form(tools=" chatgpt ,  COPILOT,chatGPT"))
    tools = db.session.scalars(db.select(Tool).order_by(Tool.name)).all()
    assert [(t.key, t.name) for t in tools] == [("chatgpt", "ChatGPT"), ("copilot", "Copilot")]


def test_form_suggests_tools_already_used(client, auth):
    make_post(title="Visible", tools=[Tool(key="gemini", name="Gemini")])
    auth.login(make_user())
    html = client.get("/practice/new/case_study").get_data(as_text=True)
    assert 'list="tool-suggestions"' in html and '<option value="Gemini">' in html


@pytest.mark.parametrize("overrides, message", [
    ({"title": ""}, "Enter a title."),
    ({"recommendations": [], "question_sets": []}, "Choose at least one recommendation or question set"),
    ({"recommendations": ["r99"]}, "Choose recommendations of the report from the list"),
    ({"question_sets": ["not-a-set"]}, "Choose question sets from the list"),
    ({"phases": ["college"]}, "Choose phases from the list"),
    ({"body": "x" * (MAX_SOURCE_CHARS + 1)}, f"{MAX_SOURCE_CHARS:,} characters or fewer"),
    ({"visibility": "trust"}, "You are not part of a trust"),
    ({"visibility": "everyone"}, "Not a valid choice"),
])
def test_bad_input_is_refused_with_a_clear_message_keeping_what_was_typed(auth, overrides, message):
    auth.login(make_user(trust=None))
    response = auth.post("/practice/new/case_study", post_form(tools="Kept Tool Name", **overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and "There is a problem" in html
    assert 'value="Kept Tool Name"' in html
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 0


def test_trial_needs_its_question_and_a_whole_number_class_size(auth):
    auth.login(make_user())
    response = auth.post("/practice/new/trial", post_form("trial", trial_question="", class_size="about 30"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter the question your trial asked." in html and "Enter a whole number" in html
    assert 'value="about 30"' in html


def test_failure_needs_more_than_the_outline(auth):
    auth.login(make_user())
    response = auth.post("/practice/new/failure", post_form("failure", body="## What we tried\n\n## What went wrong\n"))
    assert response.status_code == 422


def test_unknown_kind_is_not_found(client, auth):
    auth.login(make_user())
    assert client.get("/practice/new/essay").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get("/practice/new/trial").status_code == 302
    response = client.get("/practice/new/trial", headers={"HX-Request": "true"})
    assert response.status_code == 401 and "HX-Redirect" in response.headers


def test_unverified_member_is_told_why_they_cannot_post(client, auth):
    auth.login(make_user(verified=False))
    response = client.get("/practice/new/case_study")
    assert response.status_code == 403 and "Confirm your email address" in response.get_data(as_text=True)
    assert auth.post("/practice/new/case_study", post_form()).status_code == 403


def test_request_fields_cannot_set_the_author_status_or_label(auth):
    member, other = make_user(), make_user()
    auth.login(member)
    auth.post("/practice/new/case_study", post_form(author_id=str(other.id), status="hidden", label="endorsed",
                                                  helpful_count="99", trust_id="5"))
    post = only_post()
    assert (post.author_id, post.status, post.label, post.helpful_count) == (member.id, "published", None, 0)


def test_trust_only_posts_record_the_authors_trust(auth):
    trust = make_trust()
    auth.login(make_user(trust=trust))
    auth.post("/practice/new/case_study", post_form(visibility="trust"))
    post = only_post()
    assert post.visibility == "trust" and post.trust_id == trust.id


def test_author_edits_their_post(client, auth):
    author = make_user()
    post = make_post(author=author, title="Before")
    auth.login(author)
    form = client.get(f"/practice/{post.id}/edit").get_data(as_text=True)
    assert 'value="Before"' in form and re.search(r'<input checked[^>]*value="r17"', form)
    response = auth.post(f"/practice/{post.id}/edit", post_form(title="After"))
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Post, post.id).title == "After"


def test_member_cannot_edit_or_delete_someone_elses_post(client, auth):
    post = make_post(title="Not yours")
    auth.login(make_user())
    assert client.get(f"/practice/{post.id}/edit").status_code == 403
    assert auth.post(f"/practice/{post.id}/edit", post_form(title="Hijacked")).status_code == 403
    assert client.get(f"/practice/{post.id}/delete").status_code == 403
    assert auth.post(f"/practice/{post.id}/delete").status_code == 403
    db.session.expire_all()
    assert db.session.get(Post, post.id).title == "Not yours"


def test_someone_elses_draft_is_not_found_rather_than_forbidden(client, auth):
    post = make_post(status="draft")
    auth.login(make_user())
    assert client.get(f"/practice/{post.id}/edit").status_code == 404
    assert client.get("/practice/999999/edit").status_code == 404


def test_moderator_can_edit_without_taking_over_the_authors_context(auth):
    author = make_user(region="north-west", job_title="Year 4 teacher")
    post = make_post(author=author, anonymous=True)
    auth.login(make_user(role="moderator", region="london", job_title="Deputy Headteacher"))
    assert auth.post(f"/practice/{post.id}/edit", post_form(title="Tidied", anonymous="y")).status_code == 303
    db.session.expire_all()
    post = db.session.get(Post, post.id)
    assert post.title == "Tidied" and post.author_id == author.id and post.region == "north-west"
    assert post.author_description == "A primary teacher in the North West"


def test_delete_asks_for_confirmation_then_deletes(client, auth):
    author = make_user()
    post_id = make_post(author=author, title="Going soon").id
    auth.login(author)
    confirm = client.get(f"/practice/{post_id}/delete")
    assert confirm.status_code == 200 and "Yes, delete this post" in confirm.get_data(as_text=True)
    assert db.session.get(Post, post_id) is not None
    response = auth.post(f"/practice/{post_id}/delete")
    assert response.status_code == 303 and response.headers["Location"].endswith("/practice/mine")
    db.session.expire_all()
    assert db.session.get(Post, post_id) is None


def test_moderator_can_delete_a_post(auth):
    post = make_post()
    auth.login(make_user(role="moderator"))
    assert auth.post(f"/practice/{post.id}/delete").status_code == 303


def test_a_hidden_post_stays_hidden_when_its_author_edits_it(auth):
    author = make_user()
    post = make_post(author=author, status="hidden")
    auth.login(author)
    auth.post(f"/practice/{post.id}/edit", post_form())
    db.session.expire_all()
    assert db.session.get(Post, post.id).status == "hidden"


def test_posting_is_rate_limited_but_previews_are_not(app, auth):
    auth.login(make_user())
    app.config["PRACTICE_POST_RATE_LIMIT"] = "2 per hour"
    try:
        for _ in range(3):
            assert auth.post("/practice/new/case_study", post_form(action="preview")).status_code == 200
        assert auth.post("/practice/new/case_study", post_form()).status_code == 303
        assert auth.post("/practice/new/case_study", post_form()).status_code == 303
        assert auth.post("/practice/new/case_study", post_form()).status_code == 429
    finally:
        app.config["PRACTICE_POST_RATE_LIMIT"] = "20 per hour"


class TestTriedThisToo:
    def test_form_is_prefilled_from_the_original(self, client, auth):
        original = make_post(kind="trial", title="Image generators", trial_question="Does it help?",
                             phase_ids=("primary",))
        auth.login(make_user())
        html = client.get(f"/practice/new/trial?replicates={original.id}").get_data(as_text=True)
        assert 'value="Tried again: Image generators"' in html and "Does it help?" in html
        assert f'name="replicates" type="hidden" value="{original.id}"' in html

    def test_publishing_links_the_trial_and_tells_the_original_author(self, auth):
        author = make_user()
        original = make_post(author=author, kind="trial")
        auth.login(make_user(job_title="Year 5 teacher", region="london"))
        make_peers(4, job_title="Teacher", region="london")
        auth.post("/practice/new/trial", post_form("trial", replicates=str(original.id), anonymous="y"))
        trial = db.session.scalars(db.select(Post).where(Post.id != original.id)).one()
        assert trial.replication_of_id == original.id
        note = db.session.scalars(db.select(Notification)).one()
        assert note.user_id == author.id and note.kind == "replication" and note.link == f"/practice/{trial.id}"
        assert note.message.startswith("A primary teacher in London tried")

    def test_an_invisible_original_is_not_found_and_ignored_on_submit(self, client, auth):
        hidden = make_post(kind="trial", visibility="trust", author=make_user(trust=make_trust()))
        auth.login(make_user())
        assert client.get(f"/practice/new/trial?replicates={hidden.id}").status_code == 404
        assert client.get("/practice/new/trial?replicates=abc").status_code == 404
        auth.post("/practice/new/trial", post_form("trial", replicates=str(hidden.id)))
        trial = db.session.scalars(db.select(Post).where(Post.id != hidden.id)).one()
        assert trial.replication_of_id is None
        assert db.session.scalar(db.select(db.func.count(Notification.id))) == 0


def test_home_page_and_practice_page_invite_members_to_share(client, auth):
    for path in ("/", "/practice"):
        assert 'href="/practice/new">Share practice</a>' in client.get(path).get_data(as_text=True)
    auth.login(make_user())
    choices = client.get("/practice/new").get_data(as_text=True)
    for kind in ("case_study", "failure", "trial", "prompt"):
        assert f'href="/practice/new/{kind}"' in choices
    assert "Imperfect attempts are welcome" in choices


def test_failure_form_reassures_and_explains_how_to_write_about_pupils(client, auth):
    auth.login(make_user())
    html = client.get("/practice/new/failure").get_data(as_text=True)
    assert "Imperfect attempts are welcome" in html and "a Year 4 pupil" in html and "## What went wrong" in html


def test_moderator_can_preview_and_edit_a_post_whose_author_has_left(auth):
    post = make_post(anonymous=True, author_description="A primary teacher in the North West")
    post.author = None
    db.session.commit()
    auth.login(make_user(role="moderator", region="london"))
    assert auth.post(f"/practice/{post.id}/edit", post_form(action="preview")).status_code == 200
    assert auth.post(f"/practice/{post.id}/edit", post_form(title="Kept")).status_code == 303
    db.session.expire_all()
    kept = db.session.get(Post, post.id)
    assert kept.title == "Kept" and kept.author_description == "A primary teacher in the North West"
