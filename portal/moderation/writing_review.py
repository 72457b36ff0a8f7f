"""Other writing the safeguarding assist found personal data in: directory profiles, contact request
messages and curators' notes. Their writers were warned and went ahead, so a moderator looks too."""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.directory.models import ContactRequest, DirectoryProfile
from portal.extensions import db
from portal.moderation import audit
from portal.moderation.models import FeaturedPost
from portal.safeguarding.findings import findings_by_target, findings_on, flagged_items, forget_findings

TARGETS = {"profile": "Directory profile", "contact_request": "Contact request message",
           "featured_post": "Curator's note"}


@dataclass
class Writing:
    target_type: str
    target_id: int
    text: str
    writer: object
    about: str  # what the writing belongs to, e.g. "to Jo Bloggs" or the featured post's title
    findings: list

    @property
    def kind_name(self):
        return TARGETS[self.target_type]

    @property
    def marks(self):
        return [(finding.passage, finding.label) for finding in self.findings]


def writing_with_findings(limit):
    """Each kind's items with findings, oldest first, with their findings: a fixed number of queries."""
    ids = {target_type: flagged_items(target_type, limit) for target_type in TARGETS}
    found = findings_by_target({(t, i) for t, target_ids in ids.items() for i in target_ids})
    items = _profiles(ids["profile"]) + _requests(ids["contact_request"]) + _notes(ids["featured_post"])
    for item in items:
        item.findings = found.get((item.target_type, item.target_id), [])
    return items


def _profiles(ids):
    rows = db.session.scalars(select(DirectoryProfile).options(selectinload(DirectoryProfile.user))
                              .where(DirectoryProfile.user_id.in_(ids))) if ids else []
    return [Writing("profile", p.user_id, p.happy_to_talk_about, p.user, "What they are happy to talk about", [])
            for p in rows]


def _requests(ids):
    rows = db.session.scalars(select(ContactRequest).options(
        selectinload(ContactRequest.sender), selectinload(ContactRequest.recipient))
        .where(ContactRequest.id.in_(ids))) if ids else []
    return [Writing("contact_request", r.id, r.message, r.sender, f"To {r.recipient.name}", []) for r in rows]


def _notes(ids):
    rows = db.session.scalars(select(FeaturedPost).options(selectinload(FeaturedPost.post))
                              .where(FeaturedPost.id.in_(ids))) if ids else []
    return [Writing("featured_post", f.id, f.note, None, f"Beside “{f.post.title}”", []) for f in rows]


def mark_checked(moderator, target_type, target_id):
    """A moderator has read the writing and leaves it as it is: its findings go, and that is audited."""
    if not findings_on(target_type, target_id):
        return False
    forget_findings(target_type, target_id)
    audit.record(moderator, "clear_findings", target_type, target_id)
    db.session.commit()
    return True
