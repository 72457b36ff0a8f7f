"""A member's standing page: each of their posts and comments with its state and why, what reports led to
(never who made them), and what their account may not do now, seen by nobody else."""
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.moderation import accounts, flags, services
from portal.safeguarding.models import PersonalDataFinding
from portal.timestamps import utcnow
from tests.factories import (make_comment, make_contact_request, make_flag, make_listed_member, make_post,
                             make_user)


@pytest.fixture
def member(auth):
    member = make_user(name="Amira Hassan")
    auth.login(member)
    return member


def page(client):
    response = client.get("/account/standing")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def row_for(text, title):
    return text.split(title, 1)[1].split("</tr>", 1)[0]


def test_each_post_says_its_state_and_what_it_means(client, member, moderator):
    make_post(author=member, title="A draft about reports", status="draft")
    make_post(author=member, title="Waiting in the queue", status="pending")
    make_post(author=member, title="Live and well")
    sent_back = make_post(author=member, title="Sent back to me", status="pending")
    services.decide(moderator, sent_back, "reject", "needs_detail", "Say what year group it was.")
    hidden = make_post(author=member, title="Taken down")
    services.decide(moderator, hidden, "hide", "advertising")

    text = page(client)
    assert "Only you can see it" in row_for(text, "A draft about reports")
    assert "Waiting for a moderator before others see it. You can still edit it." in row_for(text, "Waiting in the queue")
    assert "Others can see it." in row_for(text, "Live and well")
    rejected = row_for(text, "Sent back to me")
    assert "It needs more detail to be useful to colleagues" in rejected and "Say what year group it was." in rejected
    assert "/guidelines#useful-detail" in rejected
    assert "Hidden by a moderator: It advertises a product or service" in row_for(text, "Taken down")
    assert "Tom Okafor" not in text  # decisions are the moderators', not a named moderator's


def test_a_post_held_by_the_personal_data_check_says_so(client, member):
    held = make_post(author=member, title="Our Year 2 trial", status="pending")
    db.session.add(PersonalDataFinding(target_type="post", target_id=held.id, field="body", kind="name",
                                       passage="Jacob", start=0))
    db.session.commit()
    assert "the check for pupils' personal data found something" in row_for(page(client), "Our Year 2 trial")


def test_reports_say_what_they_led_to_without_naming_who_made_them(client, member, moderator, app):
    reported = make_post(author=member, title="Reported but still up")
    make_flag(reported, user=make_user(name="Grace Flagger"), reason="inaccurate")
    kept = make_post(author=member, title="Reported and kept")
    make_flag(kept, reason="spam")
    services.decide(moderator, kept, "approve")
    auto_hidden = make_post(author=member, title="Hidden by reports")
    for _ in range(app.config["FLAG_HIDE_THRESHOLD"]):
        flags.flag(auto_hidden, make_user(), "personal_data")

    text = page(client)
    waiting = row_for(text, "Reported but still up")
    assert "Reported by 1 member (it is inaccurate or misleading): a moderator will read the reports." in waiting
    assert "a moderator read the reports and kept it as it is" in row_for(text, "Reported and kept")
    threshold = app.config["FLAG_HIDE_THRESHOLD"]
    assert (f"Hidden after reports from {threshold} members (it identifies a pupil or contains personal data)"
            in row_for(text, "Hidden by reports"))
    assert "Grace Flagger" not in text


def test_comments_show_their_state_and_reason(client, member, moderator):
    post = make_post(title="Someone else's trial")
    make_comment(post=post, author=member, body="We found the same with Year 6.")
    removed = make_comment(post=post, author=member, body="Try the tool on the class list.")
    services.decide(moderator, removed, "hide", "personal_data")

    text = page(client)
    comments = text.split("Your comments", 1)[1]
    assert "We found the same with Year 6." in comments and "Others can see it." in comments
    hidden = row_for(comments, "Try the tool on the class list.")
    assert "Hidden by a moderator: It identifies a pupil or contains personal data" in hidden
    assert f"/practice/{post.id}#comment-{removed.id}" in comments


def test_a_silenced_member_reads_since_when_and_why(client, member, moderator):
    accounts.silence(moderator, member, "Repeated advertising in comments")
    text = page(client)
    assert "Paused</strong> by a moderator since" in text and "“Repeated advertising in comments”" in text
    accounts.unsilence(moderator, member)
    text = page(client)
    assert "You can post, comment and ask colleagues to talk." in text
    assert "Repeated advertising" not in text  # an old silence is not held against them


def test_warnings_and_the_review_hold_are_listed(client, member, moderator, app):
    from portal.moderation import audit
    audit.record(moderator, "warn", "user", member.id, note="Please keep contact requests about practice.")
    db.session.commit()
    make_post(author=member, title="First published post")
    text = page(client)
    assert "“Please keep contact requests about practice.”" in text
    threshold = app.config["REVIEW_APPROVED_POSTS_THRESHOLD"]
    assert f"until {threshold} of your posts are published. So far: 1." in text


def test_at_the_contact_request_cap_the_page_says_when_the_next_may_go(client, member, app):
    app.config["CONTACT_REQUEST_DAILY_CAP"] = 2
    first = make_contact_request(member, make_listed_member())
    first.created_at = utcnow() - timedelta(hours=20)
    make_contact_request(member, make_listed_member())
    db.session.commit()
    text = page(client)
    assert "You sent 2 of the 2 allowed in any 24 hours." in text
    assert "You can send the next one from" in text


def test_nobody_else_sees_a_members_standing(client, auth, member):
    make_post(author=member, title="Amira's private draft", status="draft")
    auth.logout()
    assert client.get("/account/standing").status_code in (302, 303)
    auth.login(make_user())
    assert "Amira's private draft" not in page(client)


def test_an_empty_standing_says_what_to_do_next(client, member):
    text = page(client)
    assert "You have not written a post yet." in text and "You have not commented yet." in text
    assert "None." in text.split("Warnings</dt>", 1)[1].split("</dd>", 1)[0]


def test_the_page_runs_the_same_queries_for_few_or_many_items(app, client, member, moderator, count_queries):
    def add(count):
        for _ in range(count):
            post = make_post(author=member)
            make_flag(post)
            services.decide(moderator, make_comment(post=make_post(), author=member), "hide", "unkind")
    add(2)
    client.get("/account/standing")
    with count_queries() as few:
        client.get("/account/standing")
    add(10)
    with count_queries() as many:
        client.get("/account/standing")
    assert len(many) == len(few)
