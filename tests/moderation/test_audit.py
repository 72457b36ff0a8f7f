"""Every moderation action writes one audit row; moderators filter the log; the public sees only counts."""
from collections import Counter
from datetime import timedelta

from portal.directory.models import ContactRequestReport
from portal.extensions import db
from portal.local_time import uk_time, uk_today
from portal.moderation.models import ModerationAction
from portal.moderation.reasons import ACTIONS
from portal.safeguarding.findings import record_findings
from portal.taxonomy.services import risk_questions
from portal.timestamps import utcnow
from tests.factories import (make_contact_request, make_directory_profile, make_flag, make_listed_member, make_post,
                             make_user)
from tests.moderation.conftest import HX


def perform_every_action(app, auth, moderator):
    """Carry out each kind of moderation action once, through the pages a moderator uses."""
    post = make_post(status="pending", title="Audited post")
    member = make_user(name="Audited Member")
    answers = {f"answer_{q.id}": "Yes" for q in risk_questions()}
    steps = [
        (f"/moderation/posts/{post.id}/approve", {}),
        (f"/moderation/posts/{post.id}/hide", {}),
        (f"/moderation/posts/{post.id}/restore", {}),
        (f"/moderation/posts/{post.id}/reject", {"reason": "needs_detail"}),
        (f"/moderation/posts/{post.id}/approve", {}),
        (f"/moderation/posts/{post.id}/tags", {"phases": ["primary"]}),
        (f"/moderation/posts/{post.id}/label", {"label": "endorsed", **answers}),
        (f"/moderation/posts/{post.id}/label", {"label": ""}),
        ("/moderation/collections", {"name": "Report writing safely"}),
        (f"/moderation/users/{member.id}/suspend", {"reason": "Spam"}),
        (f"/moderation/users/{member.id}/unsuspend", {}),
        (f"/moderation/users/{member.id}/silence", {}),
        (f"/moderation/users/{member.id}/unsilence", {}),
        (f"/moderation/users/{member.id}/notes", {"body": "Watch this account"}),
    ]
    for path, data in steps:
        assert auth.post(path, data).status_code == 303, path
    collection = db.session.scalar(db.select(ModerationAction.target_id).where(
        ModerationAction.action == "create_collection"))
    other = make_post(title="Second featured")
    for target in (post, other):
        assert auth.post(f"/moderation/posts/{target.id}/feature", {"collection": str(collection), "curator_note": "Good"}).status_code == 303
    from portal.moderation.models import FeaturedPost
    featured = db.session.scalars(db.select(FeaturedPost).order_by(FeaturedPost.position)).all()
    assert auth.post(f"/moderation/collections/featured/{featured[1].id}/move", {"direction": "up"}).status_code == 303
    assert auth.post(f"/moderation/collections/featured/{featured[1].id}/remove").status_code == 303
    assert auth.post(f"/moderation/collections/{collection}/delete").status_code == 303
    flagged = make_post(title="Flagged away")
    for _ in range(app.config["FLAG_HIDE_THRESHOLD"] - 1):
        make_flag(flagged)
    auth.post(f"/flag/post/{flagged.id}", {"reason": "spam"})
    assert auth.post(f"/moderation/posts/{post.id}/redact",
                     {"passage": "tried", "redact_reason": "Names a pupil"}).status_code == 303
    request = make_contact_request(member, make_listed_member())
    report = ContactRequestReport(request_id=request.id, reporter_id=request.recipient_id, sender_id=member.id,
                                  message=request.message, reason="Spam")
    profile = make_directory_profile(make_user(), happy_to_talk_about="Call 07912 345678")
    db.session.add(report)
    record_findings("profile", profile.user_id, {"happy_to_talk_about": profile.happy_to_talk_about})
    db.session.commit()
    for path, data in [(f"/moderation/contact-reports/{report.id}/warn", {"warn-warning": "Stop selling"}),
                       (f"/moderation/contact-reports/{report.id}/close", {"close-closing_note": "Warned"}),
                       (f"/moderation/writing/profile/{profile.user_id}/checked", {})]:
        assert auth.post(path, data).status_code == 303, path
    return post, member


def test_every_kind_of_action_writes_exactly_the_expected_audit_rows(app, client, auth, as_moderator):
    perform_every_action(app, auth, as_moderator)
    counts = Counter(db.session.scalars(db.select(ModerationAction.action)))
    expected = Counter({action: 1 for action in ACTIONS})
    expected.update({"approve": 1, "feature": 1})  # approved twice, featured twice
    assert counts == expected
    rows = db.session.scalars(db.select(ModerationAction).where(ModerationAction.action != "auto_hide")).all()
    assert {row.moderator_id for row in rows} == {as_moderator.id}


def test_the_log_lists_actions_with_who_what_and_why_and_filters_them(app, client, auth, as_moderator):
    post, member = perform_every_action(app, auth, as_moderator)
    page = client.get("/moderation/log").get_data(as_text=True)
    assert "Tom Okafor" in page and "It needs more detail to be useful" in page and "Automatic" in page
    page = client.get("/moderation/log?action=suspend").get_data(as_text=True)
    assert ">1 action." in page and "Spam" in page
    page = client.get(f"/moderation/log?target_type=user&moderator={as_moderator.id}").get_data(as_text=True)
    assert ">6 actions." in page
    tomorrow = (uk_today() + timedelta(days=1)).isoformat()
    assert ">0 actions." in client.get(f"/moderation/log?date_from={tomorrow}").get_data(as_text=True)
    today = uk_today().isoformat()
    assert ">0 actions." not in client.get(f"/moderation/log?date_from={today}&date_to={today}").get_data(as_text=True)
    assert client.get("/moderation/log?date_from=yesterday").status_code == 400


def test_log_filters_answer_htmx_with_the_results_fragment(client, as_moderator):
    fragment = client.get("/moderation/log?action=approve", headers=HX).get_data(as_text=True)
    assert "<html" not in fragment and 'id="log-results"' in fragment
    assert "<html" in client.get("/moderation/log?action=approve").get_data(as_text=True)


def test_log_runs_the_same_number_of_queries_for_3_and_30_rows(client, as_moderator, count_queries):
    from portal.moderation import audit
    counts = []
    for size in (3, 27):
        for _ in range(size):
            audit.record(make_user(role="moderator"), "approve", "post", 1)
        db.session.commit()
        with count_queries() as statements:
            assert client.get("/moderation/log").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_transparency_page_shows_monthly_counts_without_names_titles_or_ids(app, client, auth, as_moderator):
    post, member = perform_every_action(app, auth, as_moderator)
    auth.logout()
    response = client.get("/transparency")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert uk_time(utcnow()).strftime("%B %Y") in page and "Account suspended" in page and "Hidden automatically" in page
    for secret in ("Tom Okafor", "Audited Member", "Audited post", "Report writing safely", "Spam",
                   f"/moderation/posts/{post.id}", f"/moderation/users/{member.id}", "Watch this account"):
        assert secret not in page
