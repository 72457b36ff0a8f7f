"""Digital champions: named by a trust's leads, worn as a verified badge on posts, comments and profiles."""
import pytest

from portal.auth import membership
from portal.auth.models import User
from portal.extensions import db
from tests.factories import make_comment, make_post, make_trust, make_user


@pytest.fixture
def riverside():
    return make_trust("Riverside Academies")


def reload(user):
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_a_lead_names_a_digital_champion_and_can_take_the_role_back(client, auth, riverside):
    colleague = make_user(trust=riverside, name="Priya Shah")
    auth.login(make_user(trust=riverside, trust_role="lead"))
    page = client.get(f"/trusts/{riverside.id}/manage").get_data(as_text=True)
    assert "Make a digital champion" in page
    response = auth.post(f"/trusts/{riverside.id}/members/{colleague.id}/role/champion")
    assert response.status_code == 303
    assert reload(colleague).trust_badge == "Digital champion"
    assert "Priya Shah is now a digital champion." in client.get(response.location).get_data(as_text=True)
    assert "Stop being a champion" in client.get(f"/trusts/{riverside.id}/manage").get_data(as_text=True)
    auth.post(f"/trusts/{riverside.id}/members/{colleague.id}/role/member")
    assert reload(colleague).trust_role is None


def test_only_the_trusts_leads_and_admins_name_champions_and_only_verified_staff(client, auth, riverside):
    colleague = make_user(trust=riverside)
    waiting = make_user(trust=riverside, trust_status="pending")
    outsider = make_user(trust=make_trust("Oak Hill"), trust_role="lead")
    for who in (make_user(trust=riverside), make_user(trust=riverside, trust_role="champion"), outsider):
        auth.login(who)
        assert auth.post(f"/trusts/{riverside.id}/members/{colleague.id}/role/champion").status_code == 404
        auth.logout()
    auth.login(make_user(trust=riverside, trust_role="lead"))
    assert auth.post(f"/trusts/{riverside.id}/members/{waiting.id}/role/champion").status_code == 404
    assert auth.post(f"/trusts/{riverside.id}/members/{outsider.id}/role/champion").status_code == 404
    assert auth.post(f"/trusts/{riverside.id}/members/{colleague.id}/role/wizard").status_code == 404
    assert reload(colleague).trust_role is None and reload(waiting).trust_role is None
    auth.logout()
    auth.login(make_user(role="admin"))
    assert auth.post(f"/trusts/{riverside.id}/members/{colleague.id}/role/champion").status_code == 303
    assert reload(colleague).trust_badge == "Digital champion"


def test_a_role_needs_verified_membership(riverside):
    waiting = make_user(trust=riverside, trust_status="pending")
    with pytest.raises(ValueError):
        membership.set_trust_role(waiting, riverside, "champion")
    with pytest.raises(ValueError):
        membership.set_trust_role(make_user(trust=riverside), riverside, "wizard")


def test_the_badge_shows_on_named_posts_comments_and_the_profile_but_never_beside_an_anonymous_post(client, auth,
                                                                                                    riverside):
    champion = make_user(trust=riverside, trust_role="champion", name="Priya Shah")
    named = make_post(author=champion, title="Named")
    anonymous = make_post(author=champion, title="Unnamed", anonymous=True)
    make_comment(post=named, author=champion, body="Happy to help anyone trying this.")
    make_comment(post=anonymous, author=champion, body="I wrote this; ask me anything.")
    page = client.get(f"/practice/{named.id}").get_data(as_text=True)
    assert page.count("Digital champion<span") == 2  # the byline and the comment
    page = client.get(f"/practice/{anonymous.id}").get_data(as_text=True)
    assert "Digital champion" not in page and "Priya Shah" not in page
    # Someone else's comment on an anonymous post still wears its own badge.
    lead = make_user(trust=riverside, trust_role="lead")
    make_comment(post=anonymous, author=lead, body="Thank you for writing this up.")
    assert "Trust lead<span" in client.get(f"/practice/{anonymous.id}").get_data(as_text=True)


def test_a_member_who_leaves_the_trust_loses_the_badge(riverside):
    champion = make_user(trust=riverside, trust_role="champion")
    membership.remove_member(champion, riverside, decided_by=None)
    db.session.commit()
    assert reload(champion).trust_badge == ""
