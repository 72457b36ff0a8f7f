"""Put a script/htmx payload in every field a user or an import can fill, then scan every page as it renders."""
import re
from html.parser import HTMLParser

import pytest

from portal.extensions import db
from portal.moderation.models import ModerationAction, ModeratorNote
from portal.notifications.services import notify
from tests.conftest import AuthActions
from tests.factories import (make_collection, make_comment, make_contact_request, make_featured, make_flag,
                             make_listed_member, make_school, make_searchable_post, make_trust, make_user)
from tests.security.test_no_leaks import World, paths_for

PAYLOAD = ('<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)" hx-post="/evil" '
           'hx-trigger="load" style="position:fixed">x</a><div data-hx-get="/evil">d</div>')
SHORT = '<b onmouseover=alert(1) hx-get="/evil">'


class LiveMarkup(HTMLParser):
    """Anything a payload could have turned into live markup, plus inline script and style the CSP forbids."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self.problems.append("inline <script>")
        if tag in ("img", "iframe", "math") and not (attrs.get("src") or "").startswith("/static/"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs.items():
            value = value or ""
            if name.startswith("on") or name in ("style", "formaction") or name.startswith("data-hx-"):
                self.problems.append(f"<{tag} {name}>")
            if (name.startswith("hx-") or name in ("href", "src", "action")) and "/evil" in value:
                self.problems.append(f"<{tag} {name}={value}>")
            if name in ("href", "src", "action") and value.strip().lower().startswith(("javascript:", "data:")):
                self.problems.append(f"<{tag} {name}={value}>")


def live_markup_in(text):
    scanner = LiveMarkup()
    scanner.feed(text)
    return scanner.problems


@pytest.fixture
def world(app):
    trust = make_trust(name=f"Trust {SHORT}")
    school = make_school(name=f"School {SHORT}", trust=trust, town=SHORT)
    author = make_listed_member(name=f"Ann {SHORT}"[:120], school=school, job_title=SHORT,
                                profile={"happy_to_talk_about": PAYLOAD})
    other = make_listed_member(name=f"Ola {SHORT}"[:120], school=school)
    moderator = make_user(role="admin", name="Mo Derator")
    post = make_searchable_post(author=author, title=f"Title {SHORT}", body=PAYLOAD, tools=[SHORT[:60]])
    held = make_searchable_post(author=author, status="pending", title=f"Held {SHORT}", body=PAYLOAD)
    comment = make_comment(post, author=other, body=PAYLOAD)
    make_comment(post, author=other, body=PAYLOAD, status="hidden")
    make_flag(post, user=other, details=PAYLOAD)
    make_flag(comment, user=author, details=PAYLOAD)
    request = make_contact_request(other, author, message=PAYLOAD)
    make_featured(make_collection(name=f"Collection {SHORT}", description=PAYLOAD), post, note=PAYLOAD)
    db.session.add_all([ModeratorNote(user_id=author.id, author_id=moderator.id, body=PAYLOAD),
                        ModerationAction(moderator_id=moderator.id, action="reject", target_type="post",
                                         target_id=held.id, reason=PAYLOAD)])
    notify(author, "comment", f"Reply {SHORT}", "/")
    db.session.commit()
    ids = dict(post_id=[post.id, held.id], comment_id=[comment.id], request_id=[request.id],
               user_id=[author.id, other.id], target_id=[post.id], school_id=[school.id])
    return {"ids": ids, "author": author, "other": other, "moderator": moderator}


@pytest.mark.parametrize("viewer", ["visitor", "author", "other", "moderator"])
def test_no_page_or_fragment_turns_user_text_into_live_markup(app, world, viewer):
    client = app.test_client()
    if viewer != "visitor":
        AuthActions(client).login(world[viewer])
    with app.test_request_context():
        paths = list(paths_for(app, World(ids=world["ids"])))
    problems = []
    for path in paths + ["/practice?q=Title", "/account/data/export.json"]:
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(path, headers=headers)
            if response.mimetype == "text/html":
                problems += [f"{path} {headers}: {p}" for p in live_markup_in(response.get_data(as_text=True))]
            elif "xml" in response.mimetype:
                assert "<script" not in response.get_data(as_text=True), path
    assert not problems, "\n".join(sorted(set(problems)))


def test_the_scanner_finds_what_it_is_looking_for():
    assert live_markup_in(PAYLOAD)
    assert live_markup_in('<p style="x">') and live_markup_in("<script>x</script>")
    assert live_markup_in('<a href="/" onclick="x">') and live_markup_in('<a hx-post="/evil">')
    assert not live_markup_in('<input value="&lt;b hx-get=&quot;/evil&quot;&gt;">')


def test_emails_escape_user_text_in_their_html_part(app, world, auth):
    from tests.factories import outbox_rows
    auth.login(world["other"])
    response = auth.post(f"/directory/{world['author'].id}/contact", {"message": PAYLOAD})
    assert response.status_code in (303, 422)
    for message in outbox_rows():
        assert not live_markup_in(message.html_body), message.subject
        assert not re.search(r"[\r\n]", message.subject)


def test_an_email_subject_built_from_user_text_stays_on_one_line(app):
    from portal.outbox.queue import queue_email
    user = make_user()
    with app.test_request_context():
        row = queue_email(user.email, "New comment on Line one\r\nBcc: evil@example.com", "notification",
                          category="comment", reason="Testing.", user=user, message="m", link="/", settings_url="/")
    assert "\r" not in row.subject and "\n" not in row.subject and "Line one Bcc:" in row.subject
