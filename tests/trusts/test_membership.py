"""Trust membership is proved, never chosen: a staff e-mail domain or a lead's answer, and only then trust-only posts."""
import pytest

from portal import tokens
from portal.audiences import audience_key
from portal.auth import membership
from portal.auth.models import User
from portal.extensions import db
from portal.notifications.models import Notification
from portal.orgs.models import School, Trust, TrustDomain
from tests.auth.test_registration import registration
from tests.factories import make_post, make_school, make_trust, make_user


def confirm_address(client, user):
    token = tokens.make_token(tokens.VERIFY_EMAIL, {"uid": user.id, "email": user.email})
    assert client.get(f"/verify-email/{token}").status_code == 200


def reload(user):
    db.session.expire_all()
    return db.session.get(User, user.id)


@pytest.fixture
def riverside():
    trust = make_trust("Riverside Academies")
    membership.add_domain(trust, "riverside.org.uk")
    db.session.commit()
    return trust


@pytest.fixture
def trust_post(riverside):
    return make_post(author=make_user(trust=riverside), title="Our tenant settings", visibility="trust")


def test_registering_under_a_trust_and_never_confirming_reads_no_trust_only_post(client, auth, riverside, trust_post):
    registration(client, trust=str(riverside.id), email="intruder@riverside.org.uk")
    user = db.session.scalar(db.select(User).where(User.email == "intruder@riverside.org.uk"))
    assert user.trust_id == riverside.id and user.verified_trust_id is None
    auth.login(user.email, "kettle orchard lantern")
    assert client.get(f"/practice/{trust_post.id}").status_code == 404
    assert "Our tenant settings" not in client.get("/practice").get_data(as_text=True)


def test_unconfirmed_accounts_read_only_what_visitors_read(client, auth):
    members_post = make_post(visibility="members", title="For members")
    user = make_user(verified=False)
    auth.login(user)
    assert client.get(f"/practice/{members_post.id}").status_code == 403  # asked to confirm their address first
    assert audience_key(user) == "unconfirmed"


def test_changing_the_trust_on_the_profile_is_a_request_not_membership(client, auth, riverside, trust_post):
    outsider = make_user(trust=make_trust("Oak Hill"), email="sam@oakhill.example")
    auth.login(outsider)
    response = auth.post("/account/profile", {"name": outsider.name, "trust": str(riverside.id), "school": "",
                                              "phases": ["primary"], "region": "north-west", "new_trust_size": "2-5"})
    assert response.status_code == 303
    outsider = reload(outsider)
    assert (outsider.trust_id, outsider.trust_status, outsider.verified_trust_id) == (riverside.id, "pending", None)
    assert client.get(f"/practice/{trust_post.id}").status_code == 404
    assert "Waiting for confirmation" in client.get("/account").get_data(as_text=True)


def test_leaving_a_trust_on_the_profile_leaves_its_audience(client, auth, riverside, trust_post):
    colleague = make_user(trust=riverside)
    auth.login(colleague)
    assert client.get(f"/practice/{trust_post.id}").status_code == 200
    auth.post("/account/profile", {"name": colleague.name, "trust": "", "school": "", "phases": ["primary"],
                                   "region": "north-west", "new_trust_size": "2-5"})
    assert reload(colleague).trust_status == "none"
    assert client.get(f"/practice/{trust_post.id}").status_code == 404


def test_a_confirmed_address_on_the_trusts_domain_verifies_at_once(client, auth, riverside, trust_post):
    registration(client, trust=str(riverside.id), email="ella.fraser@riverside.org.uk")
    user = db.session.scalar(db.select(User).where(User.email == "ella.fraser@riverside.org.uk"))
    confirm_address(client, user)
    user = reload(user)
    assert (user.trust_status, user.trust_verified_via, user.verified_trust_id) == ("verified", "domain", riverside.id)
    auth.login(user.email, "kettle orchard lantern")
    assert client.get(f"/practice/{trust_post.id}").status_code == 200


def test_a_schools_subdomain_counts_but_a_lookalike_domain_does_not(riverside):
    assert membership.trust_for_address("kai@staff.riverside.org.uk") == riverside.id
    assert membership.trust_for_address("kai@notriverside.org.uk") is None
    assert membership.trust_for_address("kai@riverside.org.uk.evil.example") is None


def test_changing_to_an_address_off_the_domain_undoes_a_domain_proof(client, riverside):
    user = make_user(trust=riverside, email="ella@riverside.org.uk", trust_status="pending")
    membership.recheck(user)
    assert user.trust_status == "verified"
    token = tokens.make_token(tokens.CHANGE_EMAIL, {"uid": user.id, "old": user.email, "new": "ella@home.example"})
    assert client.get(f"/account/email/confirm/{token}").status_code == 200
    assert reload(user).trust_status == "pending"


@pytest.mark.parametrize("typed, message", [
    ("gmail.com", "Anyone can have an address at gmail.com"),
    ("not a domain", "Enter a domain like"),
    ("%.org.uk", "Enter a domain like"),
])
def test_domains_that_prove_nothing_are_refused_with_a_reason(client, auth, riverside, typed, message):
    auth.login(make_user(role="admin"))
    response = auth.post(f"/trusts/{riverside.id}/domains", {"domain": typed})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(TrustDomain.id))) == 1


def test_one_domain_belongs_to_one_trust(client, auth, riverside):
    other = make_trust("Oak Hill")
    auth.login(make_user(role="admin"))
    response = auth.post(f"/trusts/{other.id}/domains", {"domain": "@Riverside.org.uk"})
    assert response.status_code == 422
    assert "already belongs to another trust" in response.get_data(as_text=True)


def test_adding_a_domain_verifies_the_confirmed_members_it_covers(client, auth):
    trust = make_trust("Oak Hill")
    lead = make_user(trust=trust, trust_role="lead")
    waiting = make_user(trust=trust, email="rachel@oakhill.sch.uk", trust_status="pending")
    unconfirmed = make_user(trust=trust, email="new@oakhill.sch.uk", trust_status="pending", verified=False)
    elsewhere = make_user(trust=make_trust(), email="x@oakhill.sch.uk", trust_status="pending")
    auth.login(lead)
    assert auth.post(f"/trusts/{trust.id}/domains", {"domain": "oakhill.sch.uk"}).status_code == 303
    assert reload(waiting).verified_trust_id == trust.id
    assert reload(unconfirmed).trust_status == "pending"
    assert reload(elsewhere).trust_status == "pending"


def test_removing_a_domain_sends_the_members_it_verified_back_to_waiting(client, auth, riverside):
    member = make_user(trust=riverside, email="ella@riverside.org.uk", trust_status="pending")
    membership.recheck(member)
    approved = make_user(trust=riverside, email="jo@home.example")
    db.session.commit()
    domain = db.session.scalar(db.select(TrustDomain))
    auth.login(make_user(role="admin"))
    assert auth.post(f"/trusts/{riverside.id}/domains/{domain.id}/remove").status_code == 303
    assert reload(member).trust_status == "pending"
    assert reload(approved).trust_status == "verified"


def test_a_trust_lead_confirms_and_declines_requests_and_the_member_is_told(client, auth, riverside, trust_post):
    lead = make_user(trust=riverside, trust_role="lead")
    jess = make_user(trust=riverside, email="jess@freemail.example", trust_status="pending")
    kai = make_user(trust=riverside, email="kai@freemail.example", trust_status="pending")
    auth.login(lead)
    page = client.get(f"/trusts/{riverside.id}/manage").get_data(as_text=True)
    assert jess.name in page and "@freemail.example" in page and "jess@freemail.example" not in page
    assert auth.post(f"/trusts/{riverside.id}/requests/{jess.id}/approve").status_code == 303
    assert auth.post(f"/trusts/{riverside.id}/requests/{kai.id}/decline").status_code == 303
    jess, kai = reload(jess), reload(kai)
    assert (jess.verified_trust_id, jess.trust_verified_via, jess.trust_decided_by_id) == (riverside.id, "approval", lead.id)
    assert kai.trust_status == "declined" and kai.verified_trust_id is None
    told = db.session.scalars(db.select(Notification.user_id).where(Notification.kind == "trust_membership")).all()
    assert sorted(told) == sorted([jess.id, kai.id])
    auth.logout()
    auth.login(jess)
    assert client.get(f"/practice/{trust_post.id}").status_code == 200


def test_only_the_trusts_own_leads_and_admins_manage_it(client, auth, riverside):
    waiting = make_user(trust=riverside, trust_status="pending")
    other_lead = make_user(trust=make_trust("Oak Hill"), trust_role="lead")
    unverified_lead = make_user(trust=riverside, trust_role="lead", trust_status="pending")
    for person in (make_user(trust=riverside), other_lead, unverified_lead, make_user(role="moderator")):
        auth.login(person)
        assert client.get(f"/trusts/{riverside.id}/manage").status_code == 404
        assert auth.post(f"/trusts/{riverside.id}/requests/{waiting.id}/approve").status_code == 404
        assert auth.post(f"/trusts/{riverside.id}/domains", {"domain": "evil.example"}).status_code == 404
        auth.logout()
    assert reload(waiting).trust_status == "pending"
    assert client.get(f"/trusts/{riverside.id}/manage").status_code == 302  # visitors go to sign in
    auth.login(make_user(role="admin"))
    assert client.get(f"/trusts/{riverside.id}/manage").status_code == 200


def test_a_lead_cannot_answer_for_someone_in_another_trust_by_changing_the_id(client, auth, riverside):
    elsewhere = make_user(trust=make_trust("Oak Hill"), trust_status="pending")
    auth.login(make_user(trust=riverside, trust_role="lead"))
    assert auth.post(f"/trusts/{riverside.id}/requests/{elsewhere.id}/approve").status_code == 404
    assert auth.post(f"/trusts/{riverside.id}/members/{elsewhere.id}/role/lead").status_code == 404
    assert reload(elsewhere).trust_status == "pending"


def test_leads_name_other_leads_but_not_themselves_and_only_verified_members(client, auth, riverside):
    lead = make_user(trust=riverside, trust_role="lead")
    colleague = make_user(trust=riverside)
    waiting = make_user(trust=riverside, trust_status="pending")
    auth.login(lead)
    assert auth.post(f"/trusts/{riverside.id}/members/{colleague.id}/role/lead").status_code == 303
    assert reload(colleague).is_trust_lead
    assert auth.post(f"/trusts/{riverside.id}/members/{waiting.id}/role/lead").status_code == 404
    auth.post(f"/trusts/{riverside.id}/members/{lead.id}/role/member")
    assert reload(lead).is_trust_lead


def test_a_removed_member_loses_the_audience_and_any_trust_role(client, auth, riverside, trust_post):
    colleague = make_user(trust=riverside, trust_role="lead")
    auth.login(make_user(role="admin"))
    assert auth.post(f"/trusts/{riverside.id}/members/{colleague.id}/remove").status_code == 303
    colleague = reload(colleague)
    assert colleague.verified_trust_id is None and colleague.trust_role is None


def test_only_verified_members_can_share_with_their_trust(client, auth, riverside):
    from tests.practice.conftest import post_form
    waiting = make_user(trust=riverside, trust_status="pending")
    auth.login(waiting)
    response = auth.post("/practice/new/case_study", post_form(visibility="trust"))
    assert response.status_code == 422
    assert "membership is not confirmed yet" in response.get_data(as_text=True)


def test_a_post_counts_for_a_trust_only_when_its_author_is_verified(client, auth, riverside):
    from portal.practice.models import Post
    from tests.practice.conftest import post_form
    waiting = make_user(trust=riverside, trust_status="pending")
    auth.login(waiting)
    auth.post("/practice/new/case_study", post_form(visibility="public"))
    assert db.session.scalar(db.select(Post.trust_id)) is None


def test_a_new_trust_name_is_a_request_and_a_known_name_joins_the_known_trust(client, riverside):
    registration(client, trust="new", new_trust_name="  riverside   ACADEMIES ", email="a@home.example")
    registration(client, trust="new", new_trust_name="Severn Vale Academy Trust", email="b@home.example")
    a, b = (db.session.scalar(db.select(User).where(User.email == e)) for e in ("a@home.example", "b@home.example"))
    assert a.trust_id == riverside.id and a.trust_status == "pending"
    assert b.trust.name == "Severn Vale Academy Trust" and b.trust.status == "requested"
    assert db.session.scalar(db.select(db.func.count(Trust.id))) == 2
    page = client.get("/register").get_data(as_text=True)
    assert "Severn Vale Academy Trust" not in page  # not offered to others until an admin approves it


def test_an_admin_approves_a_requested_trust_with_its_domain(client, auth):
    requested = make_trust("Severn Vale Academy Trust", status="requested")
    anna = make_user(trust=requested, email="anna@severnvale.org.uk", trust_status="pending")
    auth.login(make_user(role="admin"))
    assert "Severn Vale Academy Trust" in client.get("/admin/trusts").get_data(as_text=True)
    response = auth.post(f"/admin/trusts/{requested.id}/approve", {f"t{requested.id}-domain": "severnvale.org.uk"})
    assert response.status_code == 303
    assert reload(anna).verified_trust_id == requested.id
    assert db.session.get(Trust, requested.id).status == "approved"  # reload() expired the session


def test_approving_with_a_public_mail_domain_changes_nothing_and_says_why(client, auth):
    requested = make_trust("Severn Vale Academy Trust", status="requested")
    auth.login(make_user(role="admin"))
    response = auth.post(f"/admin/trusts/{requested.id}/approve", {f"t{requested.id}-domain": "hotmail.co.uk"})
    assert response.status_code == 422
    assert "Anyone can have an address at hotmail.co.uk" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Trust, requested.id).status == "requested"


def test_merging_a_requested_trust_moves_its_people_and_schools(client, auth, riverside):
    requested = make_trust("Riverside Academy Trust", status="requested")
    school = make_school("Thames Reach Primary", trust=requested)
    person = make_user(trust=requested, email="kwame@riverside.org.uk", trust_status="pending")
    requested_id, school_id, riverside_id = requested.id, school.id, riverside.id
    auth.login(make_user(role="admin"))
    assert auth.post(f"/admin/trusts/{requested_id}/merge", {f"t{requested_id}-target": str(riverside_id)}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Trust, requested_id) is None
    assert db.session.get(School, school_id).trust_id == riverside_id
    assert reload(person).verified_trust_id == riverside_id  # the address proves the trust it was merged into


def test_declining_a_requested_trust_leaves_its_people_in_no_trust(client, auth):
    requested = make_trust("Not A Trust", status="requested")
    school = make_school(trust=requested)
    person = make_user(trust=requested, trust_status="pending")
    auth.login(make_user(role="admin"))
    assert auth.post(f"/admin/trusts/{requested.id}/decline").status_code == 303
    person = reload(person)
    assert person.trust_id is None and person.trust_status == "none"
    assert db.session.get(School, school.id).trust_id is None
    assert db.session.scalar(db.select(Notification.message).where(Notification.user_id == person.id)).startswith("“Not A Trust”")


def test_only_admins_settle_requested_trusts(client, auth):
    requested = make_trust("Severn Vale Academy Trust", status="requested")
    auth.login(make_user(trust=make_trust(), trust_role="lead"))
    assert client.get("/admin/trusts").status_code == 403
    assert auth.post(f"/admin/trusts/{requested.id}/decline").status_code == 403
    db.session.expire_all()
    assert db.session.get(Trust, requested.id) is not None


def test_trust_leads_wear_a_verified_badge_on_their_posts_and_profile(client, auth, riverside):
    lead = make_user(trust=riverside, trust_role="lead", name="Tom Okafor")
    named = make_post(author=lead, title="Named")
    anonymous = make_post(author=lead, title="Anonymous", anonymous=True)
    auth.login(make_user())
    assert "Trust lead" in client.get(f"/practice/{named.id}").get_data(as_text=True)
    assert "Trust lead" not in client.get(f"/practice/{anonymous.id}").get_data(as_text=True)
    waiting_lead = make_user(trust=riverside, trust_role="lead", trust_status="pending")
    assert waiting_lead.trust_badge == ""
