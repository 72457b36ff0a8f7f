"""Partials other features include, rate limits and list pages' query counts."""
import pytest
from flask import render_template

from portal.safeguarding.personal_data import find_personal_data
from tests.factories import make_collection, make_featured, make_post, make_user


def test_personal_data_warning_lists_the_passages_and_explains_how_to_write_about_pupils(app):
    findings = find_personal_data("Maya in Year 5 (DOB: 4th May 2015) wrote this")
    with app.test_request_context("/"):
        html = render_template("safeguarding/_personal_data_warning.html", findings=findings)
    assert "Maya in Year 5" in html and "DOB: 4th May 2015" in html and "2 passages" in html
    assert "a Year 4 pupil" in html and "/guidelines#pupils-never-identifiable" in html


def test_label_partial_shows_each_labels_meaning(app):
    with app.test_request_context("/"):
        endorsed = render_template("moderation/_label.html", post=make_post(label="endorsed"))
        experimental = render_template("moderation/_label.html", post=make_post(label="experimental"))
        unlabelled = render_template("moderation/_label.html", post=make_post())
    assert "scrutinised for safeguarding and cybersecurity" in endorsed and "See the risk checklist" in endorsed
    assert "may not have been fully vetted" in experimental and "risk checklist" not in experimental
    assert unlabelled.strip() == ""


def test_flagging_is_rate_limited(app, client, auth, monkeypatch):
    monkeypatch.setitem(app.config, "FLAG_RATE_LIMIT", "2 per hour")
    auth.login(make_user())
    statuses = [auth.post(f"/flag/post/{make_post().id}", {"reason": "spam"}).status_code for _ in range(3)]
    assert statuses == [303, 303, 429]


@pytest.mark.parametrize("path", ["/moderation/collections", "/moderation/users"])
def test_moderation_lists_run_the_same_number_of_queries_for_3_and_30_items(client, auth, count_queries, path):
    auth.login(make_user(role="moderator"))
    counts = []
    for size in (3, 27):
        collection = make_collection()
        for _ in range(size):
            make_featured(collection, make_post(author=make_user()))
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
