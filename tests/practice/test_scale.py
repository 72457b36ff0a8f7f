"""What keeps the browse page fast on a large portal: a capped count and cached filter options."""
from portal.practice import queries
from tests.factories import make_post, make_searchable_post, make_user


def test_a_long_list_says_more_than_the_cap_instead_of_counting_everything(client, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    for _ in range(5):
        make_post()
    assert "More than 3 posts" in client.get("/practice").get_data(as_text=True)
    make_post(title="Only one of its kind", kind="prompt")
    assert "1 post" in client.get("/practice?kind=prompt").get_data(as_text=True)


def test_tool_options_are_cached_per_audience_and_never_cross_it(client, auth, real_cache):
    make_searchable_post(tools=["Public Tool"])
    make_searchable_post(tools=["Members Tool"], visibility="members")
    visitor_page = client.get("/practice").get_data(as_text=True)
    assert "Public Tool" in visitor_page and "Members Tool" not in visitor_page
    auth.login(make_user())
    assert "Members Tool" in client.get("/practice").get_data(as_text=True)
    auth.logout()
    assert "Members Tool" not in client.get("/practice").get_data(as_text=True)
