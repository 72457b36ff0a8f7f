"""An admin maps a Microsoft tenant or a Google Workspace domain to a trust; bad keys and duplicates get a
clear message; nobody else can see or change the mappings."""
from portal.extensions import db
from portal.oidc.models import OidcTrustMapping
from tests.factories import make_trust, make_user

TENANT = "0b7f9d1c-4a52-4c7e-9f59-1f2a3b4c5d6e"


def add(auth, trust, provider="microsoft", key=TENANT):
    return auth.post("/admin/sign-in", {"provider": provider, "key": key, "trust_id": str(trust.id)})


def test_an_admin_maps_a_tenant_and_a_domain_and_removes_one(client, auth):
    trust = make_trust(name="Northern Lights Learning Trust")
    auth.login(make_user(role="admin"))
    assert add(auth, trust, key=TENANT.upper()).status_code == 303
    assert add(auth, trust, provider="google", key="NLLT.org.uk").status_code == 303
    page = client.get("/admin/sign-in").get_data(as_text=True)
    assert TENANT in page and "nllt.org.uk" in page and "Northern Lights Learning Trust" in page
    mapping = db.session.scalars(db.select(OidcTrustMapping).where(OidcTrustMapping.provider == "google")).one()
    assert auth.post(f"/admin/sign-in/{mapping.id}/remove").status_code == 303
    assert [m.key for m in db.session.scalars(db.select(OidcTrustMapping))] == [TENANT]


def test_a_key_that_is_not_a_tenant_id_or_domain_or_is_mapped_already_is_refused(client, auth):
    trust = make_trust()
    auth.login(make_user(role="admin"))
    response = add(auth, trust, key="not a tenant")
    assert response.status_code == 422 and "Enter a tenant id like" in response.get_data(as_text=True)
    response = add(auth, trust, provider="google", key="gmail")
    assert response.status_code == 422 and "Enter a domain like" in response.get_data(as_text=True)
    add(auth, trust)
    response = add(auth, make_trust(), key=TENANT)
    assert response.status_code == 422 and "mapped to a trust already" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(OidcTrustMapping)) == 1


def test_only_admins_see_or_change_the_mappings(client, auth):
    trust = make_trust()
    mapping = OidcTrustMapping(provider="microsoft", key=TENANT, trust=trust)
    db.session.add(mapping)
    db.session.commit()
    auth.login(make_user(role="moderator"))
    assert client.get("/admin/sign-in").status_code == 403
    assert add(auth, trust, key="11111111-2222-3333-4444-555555555555").status_code == 403
    assert auth.post(f"/admin/sign-in/{mapping.id}/remove").status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(OidcTrustMapping)) == 1
