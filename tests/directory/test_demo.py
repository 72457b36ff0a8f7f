"""The demo data gives the directory listed people, a few private ones, and requests in every state."""
from portal.demo import seed_demo
from portal.directory.models import ContactRequest, DirectoryProfile
from portal.extensions import db


def test_demo_lists_most_people_and_adds_requests_once():
    seed_demo()
    profiles = db.session.scalars(db.select(DirectoryProfile)).all()
    listed = [p for p in profiles if p.listed]
    assert len(listed) >= 20 and len(profiles) - len(listed) >= 2
    assert any(p.listed and not p.open_to_contact for p in profiles)
    assert all(p.happy_to_talk_about for p in listed)
    statuses = {r.status for r in db.session.scalars(db.select(ContactRequest))}
    assert statuses == {"pending", "accepted", "declined"}
    from portal.directory.demo import seed_demo as seed_directory
    assert seed_directory() is False
    assert db.session.scalar(db.select(db.func.count()).select_from(DirectoryProfile)) == len(profiles)
