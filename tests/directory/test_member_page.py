"""A listed member's page: context, priorities and named posts; never their email or anonymous posts."""
from tests.factories import make_block, make_listed_member, make_post, make_user


def test_listed_members_page_shows_context_priorities_and_named_posts(client, auth):
    member = make_listed_member(name="Amira Hassan", email="amira@northern.example",
                                profile={"recommendation_ids": ["r17"], "question_set_ids": ["equity-access"],
                                         "happy_to_talk_about": "Image generators for writing"})
    make_post(author=member, title="Named trial of image prompts")
    make_post(author=member, title="Anonymous failure story", anonymous=True)
    make_post(author=member, title="Draft not yet shared", status="draft")
    make_post(author=member, title="Members only post", visibility="members")
    auth.login(make_user())
    response = client.get(f"/directory/{member.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Amira Hassan" in page and "Image generators for writing" in page
    assert "Recommendation 17" in page and "Equity &amp; Access" in page
    assert "Named trial of image prompts" in page and "Members only post" in page
    assert "Anonymous failure story" not in page and "Draft not yet shared" not in page
    assert "amira@northern.example" not in page


def test_trust_only_posts_show_only_to_the_same_trust(client, auth):
    from tests.factories import make_trust
    trust = make_trust()
    member = make_listed_member(trust=trust)
    make_post(author=member, title="Trust only post", visibility="trust")
    auth.login(make_user())
    assert "Trust only post" not in client.get(f"/directory/{member.id}").get_data(as_text=True)


def test_unlisted_unknown_and_blocked_members_pages_are_not_found(client, auth):
    viewer = make_user()
    unlisted = make_listed_member(listed=False)
    no_profile = make_user()
    blocked = make_listed_member()
    blocking = make_listed_member()
    make_block(viewer, blocked)
    make_block(blocking, viewer)
    auth.login(viewer)
    for user_id in (unlisted.id, no_profile.id, blocked.id, blocking.id, 99999):
        assert client.get(f"/directory/{user_id}").status_code == 404, user_id


def test_members_can_preview_their_own_page_even_when_unlisted(client, auth):
    me = make_listed_member(name="Private Pru", listed=False)
    auth.login(me)
    page = client.get(f"/directory/{me.id}").get_data(as_text=True)
    assert "Private Pru" in page and "only you can see this page" in page
    assert "Send contact request" not in page


def test_member_page_needs_sign_in(client):
    member = make_listed_member()
    assert client.get(f"/directory/{member.id}").status_code == 302
