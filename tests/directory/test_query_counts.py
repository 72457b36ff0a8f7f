"""Member pages, blocked lists and the moderators' report list run a fixed number of queries."""
from portal.directory.models import ContactRequestReport
from portal.extensions import db
from tests.factories import make_block, make_contact_request, make_listed_member, make_post, make_user


def queries_for(client, count_queries, path):
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_member_page_runs_the_same_queries_for_3_and_30_posts(client, auth, count_queries):
    member = make_listed_member(profile={"recommendation_ids": ["r1", "r17"], "question_set_ids": ["equity-access"]})
    auth.login(make_user())
    for _ in range(3):
        make_post(author=member)
    small = queries_for(client, count_queries, f"/directory/{member.id}")
    for _ in range(27):
        make_post(author=member)
    assert queries_for(client, count_queries, f"/directory/{member.id}") == small


def test_blocked_list_runs_the_same_queries_for_3_and_30_blocks(client, auth, count_queries):
    me = make_user()
    auth.login(me)
    for _ in range(3):
        make_block(me, make_user())
    small = queries_for(client, count_queries, "/account/blocked")
    for _ in range(27):
        make_block(me, make_user())
    assert queries_for(client, count_queries, "/account/blocked") == small


def test_report_list_runs_the_same_queries_for_3_and_30_reports(client, auth, count_queries):
    auth.login(make_user(role="moderator"))

    def add(n):
        for _ in range(n):
            request = make_contact_request(make_user(), make_listed_member())
            db.session.add(ContactRequestReport(request_id=request.id, reporter_id=request.recipient_id, reason="Spam"))
        db.session.commit()
    add(3)
    small = queries_for(client, count_queries, "/moderation/contact-reports")
    add(27)
    assert queries_for(client, count_queries, "/moderation/contact-reports") == small
