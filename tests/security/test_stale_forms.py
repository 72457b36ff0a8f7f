"""Forms sent from a page left open: signed out in another tab, or with a token the session no longer knows."""
from portal.auth.services import sign_out_everywhere
from portal.extensions import db
from portal.practice.models import Comment
from tests.conftest import csrf_token_from
from tests.factories import make_post, make_user

TEXT = "We trialled exit tickets written with a chatbot, and here is what Year 6 made of it."


def open_post_page(client, auth, member=None):
    """A member with a post's page open: the token its comment form would send."""
    post = make_post()
    auth.login(member or make_user())
    return post, csrf_token_from(client, f"/practice/{post.id}")


def send_comment(client, post, token, headers=()):
    return client.post(f"/practice/{post.id}/comments", data={"csrf_token": token, "comment-body": TEXT},
                       headers={"Referer": f"http://localhost/practice/{post.id}", **dict(headers)})


def test_a_comment_sent_after_signing_out_in_another_tab_shows_sign_in_with_the_text_kept(client, auth):
    post, token = open_post_page(client, auth)
    auth.logout()
    response = send_comment(client, post, token)
    page = response.get_data(as_text=True)
    assert response.status_code == 401 and "Redirecting" not in page
    assert "You are signed out (perhaps in another tab or on another device), so what you sent has not been saved" in page
    assert TEXT in page and 'for="typed-text"' in page and 'id="typed-text"' in page
    # Signing in again goes back to the post, where the comment can be sent again.
    assert f'action="/sign-in?next=/practice/{post.id}"' in page or f"next=%2Fpractice%2F{post.id}" in page
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_a_comment_sent_after_being_signed_out_everywhere_shows_sign_in_with_the_text_kept(client, auth):
    member = make_user()
    post, token = open_post_page(client, auth, member)
    sign_out_everywhere(db.session.get(type(member), member.id))  # from another device: this session's token stays
    db.session.commit()
    response = send_comment(client, post, token)
    assert response.status_code == 401 and TEXT in response.get_data(as_text=True)


def test_a_password_form_sent_signed_out_is_never_shown_back(client, auth):
    member = make_user()
    auth.login(member)
    token = csrf_token_from(client, "/account/password")
    auth.logout()
    response = client.post("/account/password", data={"csrf_token": token, "current_password": "old secret words",
                                                      "password": "new secret words", "confirm": "new secret words"})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert "secret words" not in client.get(response.headers["Location"]).get_data(as_text=True)


def test_an_htmx_form_sent_after_signing_out_is_told_to_go_to_sign_in(client, auth):
    post, token = open_post_page(client, auth)
    auth.logout()
    response = send_comment(client, post, token, headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/sign-in")


def test_a_stale_token_while_signed_in_re_renders_the_comment_form_with_the_text(client, auth):
    post, _ = open_post_page(client, auth)
    response = send_comment(client, post, "stale-token")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your form had expired" in page and TEXT in page


def test_a_signed_in_member_sending_the_sign_in_form_with_a_stale_token_gets_a_clear_page(client, auth):
    auth.login(make_user())
    response = client.post("/sign-in", data={"csrf_token": "stale", "email": "a@school.example"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Redirecting" not in page and "expired" in page


def test_comments_refused_for_a_stale_token_do_not_use_up_the_rate_limit(app, client, auth, monkeypatch):
    monkeypatch.setitem(app.config, "COMMENT_RATE_LIMIT", "2 per minute")
    post, token = open_post_page(client, auth)
    refused = [send_comment(client, post, "stale-token").status_code for _ in range(3)]
    sent = [send_comment(client, post, token).status_code for _ in range(2)]
    assert refused == [400, 400, 400] and sent == [303, 303]


def test_a_comment_over_the_rate_limit_gets_a_clear_429_message(app, client, auth, monkeypatch):
    monkeypatch.setitem(app.config, "COMMENT_RATE_LIMIT", "1 per minute")
    post, token = open_post_page(client, auth)
    assert send_comment(client, post, token).status_code == 303
    for headers in ({}, {"HX-Request": "true", "X-CSRFToken": token}):
        response = send_comment(client, post, token, headers=headers)
        page = response.get_data(as_text=True)
        assert response.status_code == 429 and response.headers["Retry-After"]
        assert "You have tried that too many times. Wait" in page
    # A stale token once the limit is reached still shows the form again with the text, not the 429.
    response = send_comment(client, post, "stale-token")
    assert response.status_code == 400 and TEXT in response.get_data(as_text=True)


def test_a_stale_token_on_a_broken_reset_link_says_the_link_does_not_work(client):
    response = client.post("/reset-password/not-a-real-token", data={"csrf_token": "stale"})
    assert response.status_code == 400 and "That link does not work" in response.get_data(as_text=True)
