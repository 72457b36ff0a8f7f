"""Every route and form field, sent hostile values: the portal answers 4xx (or a page), never 5xx.

Generic on purpose: routes are found by walking `app.url_map` and fields by reading the forms the pages
render, so routes and fields added later are fuzzed too. One hostile value at a time, not every
combination, to keep the run short.
"""
import re
from html import unescape
from urllib.parse import quote

import pytest
from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

from portal.extensions import db, limiter
from portal.notifications.services import notify
from tests.conftest import AuthActions, csrf_token_from
from tests.factories import (make_collection, make_comment, make_contact_request, make_featured, make_listed_member,
                             make_post, make_school, make_trust, make_user)

BIG = str(2**63)
# Raw path segments, already percent-encoded where they need to be.
HOSTILE_SEGMENTS = [str(2**31), BIG, "-1", "0", quote("²"), "%00", "a%00b", "9" * 5000, "x" * 5000,
                    quote("é☃\u202e𝄞"), "%0a", "%ff"]
HOSTILE_VALUES = ["a\x00b", str(2**31), BIG, "-1", "²", " ", "1" * 5000, "é☃\u202e𝄞", "1e309", "\x1b[2J"]
# Tried one field or parameter at a time (the list above goes into all of them at once).
EACH_FIELD_VALUES = [BIG, "²"]
LONG = "x" * 100_000  # in every field of a form at once; URLs get the 5,000 digits above
# Query parameters the views read (grep request.args and the GET forms), tried on every page.
QUERY_ARGS = ["q", "page", "after", "sort", "kind", "recommendation", "question_set", "phase", "region", "tool",
              "outcome", "school", "replicates", "box", "moderator", "action", "target_type", "date_from",
              "date_to", "role_type", "setting", "next", "from", "v", "status", "trust", "other_trusts"]
# Plausible answers, so that one hostile field at a time gets past the others' checks.
PLAUSIBLE = {"email": "someone@school.example", "password": "correct horse battery staple", "confirm": "y",
             "date_from": "2026-01-01", "date_to": "2026-12-31", "days": "7", "direction": "up"}
# Routes that end the session (or the account): fuzzed last so the others run signed in.
SESSION_ENDING = ("auth.logout", "account_data.delete", "auth.change_password", "auth.change_email")
FIELD = re.compile(r'<(input|textarea|select)\b([^>]*)>', re.I)
ATTR = re.compile(r'([a-z-]+)="([^"]*)"', re.I)
OPTION = re.compile(r'<option\b[^>]*value="([^"]*)"', re.I)


@pytest.fixture
def world(app, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    trust = make_trust()
    school = make_school(trust=trust)
    admin = make_listed_member(role="admin", name="Admin Person", school=school)
    moderator = make_listed_member(role="moderator", name="Moderator Person")
    member = make_listed_member(name="Member Person", school=school)
    post = make_post(author=admin, kind="trial", trial_question="Does it help?")
    comment = make_comment(post, author=member)
    request = make_contact_request(member, admin)
    featured = make_featured(make_collection(), post)
    note = notify(admin, "comment", "Hello", "/")
    db.session.commit()
    ids = {"post_id": post.id, "comment_id": comment.id, "request_id": request.id, "user_id": member.id,
           "notification_id": note.id, "collection_id": featured.collection_id, "featured_id": featured.id,
           "school_id": school.id, "trust_id": trust.id, "target_id": str(post.id), "target_type": "post", "kind": "trial",
           "action": "hide", "token": "x", "rec_id": "r17", "set_id": "qs1", "key": "r17", "filename": "css/x.css"}
    return {"admin": admin, "moderator": moderator, "member": member, "ids": ids}


def signed_in(app, user):
    actions = AuthActions(app.test_client())
    actions.login(user)
    return actions


def routes(app, methods):
    ending = [r for r in app.url_map.iter_rules() if r.endpoint in SESSION_ENDING]
    for rule in [r for r in app.url_map.iter_rules() if r.endpoint not in SESSION_ENDING] + ending:
        if rule.methods & methods and rule.endpoint != "static":
            yield rule


def real_path(rule, ids, **raw):
    """The rule's URL with real ids, or the raw (already encoded) segments given."""
    def segment(match):
        converter, name = match.group(1) or "", match.group(2)
        if name in raw:
            return raw[name]
        if converter.startswith("any("):
            return re.match(r"any\(\s*([a-z_]+)", converter).group(1)
        return quote(str(ids.get(name, "1")))
    return re.sub(r"<(?:([^:<>]+):)?([a-z_]+)>", segment, rule.rule)


class ServerErrors(list):
    """The requests answered 5xx, collected so that one run lists them all."""

    def check(self, response, what):
        if response.status_code >= 500:
            self.append(f"{what} answered {response.status_code}")

    def assert_none(self):
        assert not self, f"{len(self)} answers were 5xx:\n" + "\n".join(self[:60])


@pytest.fixture
def server_errors(caplog):
    errors = ServerErrors()
    yield errors
    # errors.py answers 400 for a value the database refuses: the forms and parameters should have caught it first.
    errors.extend(r.getMessage() for r in caplog.records if r.getMessage().startswith("value refused by the database"))
    errors.assert_none()


def form_fields(html):
    """The fields of the page's forms, with a value each as the browser would send it."""
    fields = {}
    for tag, attrs in FIELD.findall(html):
        attrs = dict((k.lower(), unescape(v)) for k, v in ATTR.findall(attrs))
        name = attrs.get("name")
        if not name or name == "csrf_token":
            continue
        if tag.lower() == "select":
            fields.setdefault(name, "")
        elif attrs.get("type") in ("checkbox", "radio"):
            fields.setdefault(name, attrs.get("value", "y"))
        else:
            fields.setdefault(name, attrs.get("value") or PLAUSIBLE.get(name, "Something worth saying here."))
    for name, options in re.findall(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S | re.I):
        values = [v for v in OPTION.findall(options) if v]
        fields[name] = unescape(values[0]) if values else ""
    return fields


class ArgsRecorder:
    """Notes which query parameters the views read, so that each is fuzzed where it is used."""

    def __init__(self, monkeypatch):
        self.names = set()
        recorder, original = self, Request.args

        class RecordingArgs(ImmutableMultiDict):
            def __getitem__(self, key):
                recorder.names.add(key)
                return super().__getitem__(key)

            def __contains__(self, key):
                recorder.names.add(key)
                return super().__contains__(key)

            def get(self, key, *args, **kwargs):
                recorder.names.add(key)
                return super().get(key, *args, **kwargs)

            def getlist(self, key, *args, **kwargs):
                recorder.names.add(key)
                return super().getlist(key, *args, **kwargs)

        monkeypatch.setattr(Request, "args", property(lambda request: RecordingArgs(original.__get__(request))))

    def read_by(self, client, path, headers):
        self.names.clear()
        client.get(path, headers=headers)
        return set(self.names)


def test_hostile_path_segments_never_answer_5xx(app, world, server_errors):
    client = signed_in(app, world["admin"])._client
    token = csrf_token_from(client, "/")
    for rule in routes(app, {"GET", "POST"}):
        for name in rule.arguments:
            for value in HOSTILE_SEGMENTS:
                path = real_path(rule, world["ids"], **{name: value})
                for method in sorted(rule.methods & {"GET", "POST"}):
                    response = client.open(path, method=method, headers={"X-CSRFToken": token})
                    server_errors.check(response, f"{method} {path[:80]}")


def test_hostile_query_parameters_never_answer_5xx(app, world, server_errors, monkeypatch):
    recorder = ArgsRecorder(monkeypatch)
    for role in ("admin", "member"):
        client = signed_in(app, world[role])._client
        for rule in routes(app, {"GET"}):
            path = real_path(rule, world["ids"])
            for value in HOSTILE_VALUES:
                response = client.get(path, query_string={name: value for name in QUERY_ARGS})
                server_errors.check(response, f"GET {path} with every parameter {value[:20]!r} as {role}")
            for headers in ({}, {"HX-Request": "true"}):
                for name in recorder.read_by(client, path, headers):
                    for value in EACH_FIELD_VALUES:
                        response = client.get(path, query_string={name: value}, headers=headers)
                        server_errors.check(response, f"GET {path}?{name}={value[:20]!r} {headers} as {role}")


def fields_of_each_form(app, world):
    """For each POST route, the fields of the form its page shows (as the admin sees it), or plausible ones."""
    client = signed_in(app, world["admin"])._client
    fields = []
    for rule in routes(app, {"POST"}):
        path = real_path(rule, world["ids"])
        page = client.get(path) if "GET" in rule.methods else None
        found = form_fields(page.get_data(as_text=True)) if page is not None and page.status_code == 200 else {}
        fields.append((rule, found or dict(PLAUSIBLE, body="x", title="x", note="x", reason="other", details="x",
                                           name="x", message="x", marked="yes")))
    return fields


def test_hostile_form_fields_never_answer_5xx(app, world, server_errors):
    forms = fields_of_each_form(app, world)
    for role in ("member", "moderator", "admin"):
        client = signed_in(app, world[role])._client
        token = csrf_token_from(client, "/")
        for rule, fields in forms:
            path = real_path(rule, world["ids"])
            empty = client.post(path, headers={"X-CSRFToken": token})
            server_errors.check(empty, f"POST {path} with no body as {role}")
            for value in (HOSTILE_VALUES if role == "admin" else EACH_FIELD_VALUES + ["a\x00b"]) + [LONG]:
                every = client.post(path, data=dict({n: value for n in fields}, csrf_token=token))
                server_errors.check(every, f"POST {path} with every field {value[:20]!r} as {role}")
            if role == "admin":
                for name in fields:
                    for value in EACH_FIELD_VALUES:
                        response = client.post(path, data=dict(fields, **{name: value}, csrf_token=token))
                        server_errors.check(response, f"POST {path} with {name}={value[:20]!r}")
