"""Saved for later: a member saves posts they may see, finds them on their own "Saved posts" page, and
nobody else learns what they saved."""
import json

from portal.extensions import db
from portal.practice.models import SavedPost
from tests.conftest import csrf_token_from
from tests.factories import make_post, make_trust, make_user


def saved_rows(member):
    return db.session.scalars(db.select(SavedPost.post_id).where(SavedPost.user_id == member.id)).all()


def test_a_member_saves_a_post_without_script_and_finds_it_on_the_saved_page(client, auth):
    post = make_post(title="Report comments drafted with a chatbot")
    member = make_user()
    auth.login(member)
    page = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert 'aria-pressed="false"' in page.split('id="save-for-later"')[1].split("</div>")[0]

    response = auth.post(f"/practice/{post.id}/save", {"saved": "yes"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/practice/{post.id}#save-for-later")
    control = client.get(f"/practice/{post.id}").get_data(as_text=True).split('id="save-for-later"')[1].split("</div>")[0]
    assert 'aria-pressed="true"' in control and "your saved posts" in control
    assert "Report comments drafted with a chatbot" in client.get("/practice/saved").get_data(as_text=True)


def test_saving_twice_keeps_one_row_and_unsaving_removes_it(auth):
    post, member = make_post(), make_user()
    auth.login(member)
    auth.post(f"/practice/{post.id}/save", {"saved": "yes"})
    auth.post(f"/practice/{post.id}/save", {"saved": "yes"})  # a double click, or a second tab
    assert saved_rows(member) == [post.id]
    auth.post(f"/practice/{post.id}/save", {"saved": "no"})
    auth.post(f"/practice/{post.id}/save", {"saved": "no"})
    assert saved_rows(member) == []


def test_with_htmx_the_control_comes_back_pressed_with_focus_on_it(auth):
    post = make_post()
    auth.login(make_user())
    response = auth.post(f"/practice/{post.id}/save", {"saved": "yes"}, headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="save-for-later"' in fragment and 'aria-pressed="true"' in fragment and "data-autofocus" in fragment
    assert 'name="saved" value="no"' in fragment  # the next press takes it off the list
    assert "<html" not in fragment


def test_removing_from_the_saved_page_returns_to_the_list_with_a_message(client, auth):
    kept, removed = make_post(title="Kept for later"), make_post(title="Read already")
    member = make_user()
    auth.login(member)
    for post in (kept, removed):
        auth.post(f"/practice/{post.id}/save", {"saved": "yes"})
    response = auth.post(f"/practice/{removed.id}/save", {"saved": "no", "from": "saved"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.request.path == "/practice/saved"
    assert "“Read already” is no longer in your saved posts." in page
    assert "Kept for later" in page.split("</h1>")[1] and "Read already" not in page.split("no longer")[1]


def test_the_saved_page_lists_the_latest_first_and_pages(client, auth, app, monkeypatch):
    monkeypatch.setitem(app.config, "PRACTICE_PAGE_SIZE", 2)
    member = make_user()
    posts = [make_post(title=f"Saved post {n}") for n in range(3)]
    auth.login(member)
    for post in posts:
        auth.post(f"/practice/{post.id}/save", {"saved": "yes"})
    first = client.get("/practice/saved").get_data(as_text=True)
    assert first.index("Saved post 2") < first.index("Saved post 1") and "Saved post 0" not in first
    assert "Saved earlier" in first
    second = client.get("/practice/saved?page=2").get_data(as_text=True)
    assert "Saved post 0" in second and "Saved post 2" not in second and "Saved more recently" in second
    assert "There are no more saved posts" in client.get("/practice/saved?page=3").get_data(as_text=True)
    assert client.get("/practice/saved?page=abc").status_code == 400


def test_an_empty_list_says_what_to_do(client, auth):
    auth.login(make_user())
    assert "Nothing saved yet." in client.get("/practice/saved").get_data(as_text=True)


def test_a_saved_post_that_is_hidden_or_moves_out_of_sight_drops_out_and_the_members_own_stays(client, auth):
    trust = make_trust()
    member = make_user(trust=trust)
    hidden = make_post(title="Hidden later")
    trust_only = make_post(title="Our trust only", visibility="trust", author=make_user(trust=trust))
    own_draft = make_post(title="My own draft", author=member, status="draft")
    auth.login(member)
    for post in (hidden, trust_only, own_draft):
        assert auth.post(f"/practice/{post.id}/save", {"saved": "yes"}).status_code == 303
    hidden.status = "hidden"
    trust_only.trust_id = make_trust().id  # e.g. its author moved to another trust
    db.session.commit()
    page = client.get("/practice/saved").get_data(as_text=True)
    assert "My own draft" in page and "Hidden later" not in page and "Our trust only" not in page


def test_nobody_saves_a_post_they_may_not_see(client, auth):
    other_trust_post = make_post(visibility="trust", author=make_user(trust=make_trust()))
    someone_elses_draft = make_post(status="draft")
    member = make_user(trust=make_trust())
    auth.login(member)
    for post in (other_trust_post, someone_elses_draft):
        assert auth.post(f"/practice/{post.id}/save", {"saved": "yes"}).status_code == 404
    assert auth.post("/practice/999999/save", {"saved": "yes"}).status_code == 404
    assert saved_rows(member) == []


def test_a_visitor_has_no_control_and_cannot_save(client):
    post = make_post()
    assert 'id="save-for-later"' not in client.get(f"/practice/{post.id}").get_data(as_text=True)
    token = csrf_token_from(client, "/sign-in")
    response = client.post(f"/practice/{post.id}/save", data={"saved": "yes", "csrf_token": token})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert db.session.scalar(db.select(db.func.count()).select_from(SavedPost)) == 0
    response = client.get("/practice/saved")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_bad_input_is_a_400_and_saves_nothing(auth):
    post, member = make_post(), make_user()
    auth.login(member)
    for data in ({"saved": "maybe"}, {}):
        assert auth.post(f"/practice/{post.id}/save", data).status_code == 400
    assert saved_rows(member) == []


def test_what_a_member_saved_is_in_their_export_and_goes_with_their_account(client, auth):
    post, member = make_post(), make_user()
    auth.login(member)
    auth.post(f"/practice/{post.id}/save", {"saved": "yes"})
    data = json.loads(client.get("/account/data/export.json").get_data(as_text=True))
    assert [row["post_id"] for row in data["saved_posts"]] == [post.id] and data["saved_posts"][0]["saved_at"]
    db.session.delete(member)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(SavedPost)) == 0


def test_deleting_a_post_takes_it_off_every_saved_list(auth):
    author = make_user()
    post, member = make_post(author=author), make_user()
    auth.login(member)
    auth.post(f"/practice/{post.id}/save", {"saved": "yes"})
    db.session.delete(post)
    db.session.commit()
    assert saved_rows(member) == []
