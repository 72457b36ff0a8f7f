import pytest

from tests.factories import make_user


@pytest.fixture
def moderator():
    return make_user(role="moderator", name="Tom Okafor")


@pytest.fixture
def as_moderator(auth, moderator):
    auth.login(moderator)
    return moderator


HX = {"HX-Request": "true"}
