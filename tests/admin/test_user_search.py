"""The admin and moderator member search: what is typed is looked for as written, wildcards included."""
import pytest

from tests.factories import make_user


@pytest.fixture
def members():
    make_user(name="Percy Plain", email="percy@plain.example")
    make_user(name="Una Under_score", email="una@school.example")
    make_user(name="Pam Percent", email="pam.100%@school.example")


@pytest.mark.parametrize("path", ["/admin/users", "/moderation/users"])
@pytest.mark.parametrize("query, found", [("_", "Una Under_score"), ("%", "Pam Percent")])
def test_member_search_treats_wildcards_as_the_characters_typed(client, auth, members, path, query, found):
    auth.login(make_user(role="admin", name="Ada Admin"))
    page = client.get(path, query_string={"q": query}).get_data(as_text=True)
    others = {"Percy Plain", "Una Under_score", "Pam Percent"} - {found}
    assert found in page and not any(name in page for name in others)


def test_member_search_ignores_case_in_names_and_addresses(client, auth, members):
    auth.login(make_user(role="admin"))
    assert "Percy Plain" in client.get("/admin/users?q=PLAIN.EXAMPLE").get_data(as_text=True)
    assert "Una Under_score" in client.get("/admin/users?q=under_S").get_data(as_text=True)


def test_members_cannot_search_members(client, auth, members):
    auth.login(make_user())
    assert client.get("/admin/users?q=_").status_code == 403
    assert client.get("/moderation/users?q=_").status_code == 403
