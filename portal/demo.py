"""Realistic demo data, so a new user sees a living portal. Every person and place is fictional."""
from flask import current_app

from portal.auth import membership
from portal.auth.models import User
from portal.directory import demo as directory_demo
from portal.mail import demo as mail_demo
from portal.moderation import demo as moderation_demo
from portal.practice import demo as practice_demo
from portal.practice import response_demo
from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.orgs.models import School, Trust
from portal.taxonomy.loader import load_taxonomy
from portal.taxonomy.models import Phase
from portal.timestamps import utcnow

DEMO_PASSWORD = "practice-exchange-demo"

TRUSTS = [
    # name, size band, region of most schools
    ("Northern Lights Learning Trust", "11-20", "north-west"),
    ("Riverside Academies", "2-5", "london"),
    ("Oak Hill Schools Partnership", "6-10", "west-midlands"),
    ("Coastal Learning Federation", "2-5", "south-west"),
    ("Pennine Multi-Academy Trust", "21-50", "yorkshire-and-the-humber"),
    ("Fenland Specialist Trust", "6-10", "east-of-england"),
]

SCHOOLS = [
    # name, trust (index or None), region, phases
    ("Harbour View Primary Academy", 0, "north-west", ["primary"]),
    ("Millbrook Nursery and Infant School", 0, "north-west", ["nursery", "primary"]),
    ("Northgate High School", 0, "north-east", ["secondary", "sixth-form"]),
    ("Thames Reach Primary", 1, "london", ["primary"]),
    ("Riverside Sixth Form College", 1, "london", ["sixth-form"]),
    ("Oak Hill Academy", 2, "west-midlands", ["secondary"]),
    ("Bramley Fields Primary", 2, "west-midlands", ["nursery", "primary"]),
    ("Saltwick Bay Primary", 3, "south-west", ["primary"]),
    ("Coastal Community College", 3, "south-west", ["secondary", "sixth-form"]),
    ("Ridgeway Academy", 4, "yorkshire-and-the-humber", ["secondary"]),
    ("Calder Valley Primary", 4, "yorkshire-and-the-humber", ["primary"]),
    ("Moorside All-Through School", 4, "yorkshire-and-the-humber", ["primary", "secondary"]),
    ("Fenland Learning Centre", 5, "east-of-england", ["pupil-referral-unit"]),
    ("Willowbrook Special School", 5, "east-of-england", ["specialist"]),
    ("St Aidan's Church of England Primary School", None, "south-east", ["primary"]),
    ("Kingfisher Nursery School", None, "east-midlands", ["nursery"]),
]

PEOPLE = [
    # name, email local part, job title, role, school (index or None), trust (index or None)
    ("Priya Shah", "priya.shah", "Trust Digital Lead", "admin", None, 0),
    ("Tom Okafor", "tom.okafor", "Deputy Headteacher", "moderator", 3, 1),
    ("Helen Marsh", "helen.marsh", "Director of Education", "moderator", None, 4),
    ("Amira Hassan", "amira.hassan", "Year 4 Teacher", "member", 0, 0),
    ("Dan Whitfield", "dan.whitfield", "Head of English", "member", 2, 0),
    ("Grace Liu", "grace.liu", "Early Years Lead", "member", 1, 0),
    ("Sam Patel", "sam.patel", "Computing Teacher", "member", 5, 2),
    ("Rachel Green", "rachel.green", "SENCo", "member", 6, 2),
    ("Owen Price", "owen.price", "Headteacher", "member", 7, 3),
    ("Leah Morgan", "leah.morgan", "Teaching Assistant", "member", 7, 3),
    ("Joe Bennett", "joe.bennett", "Head of Sixth Form", "member", 8, 3),
    ("Fatima Begum", "fatima.begum", "Year 6 Teacher", "member", 10, 4),
    ("Chris Dale", "chris.dale", "Data Manager", "member", 9, 4),
    ("Nadia Kowalski", "nadia.kowalski", "Assistant Headteacher", "member", 11, 4),
    ("Imran Malik", "imran.malik", "IT Network Manager", "member", None, 4),
    ("Sophie Turner", "sophie.turner", "Trust CEO", "member", None, 5),
    ("Ben Adeyemi", "ben.adeyemi", "Teacher (Key Stage 3)", "member", 12, 5),
    ("Lucy Farrow", "lucy.farrow", "Class Teacher", "member", 13, 5),
    ("Mark Ellison", "mark.ellison", "Headteacher", "member", 14, None),
    ("Hannah Cole", "hannah.cole", "Year 2 Teacher", "member", 14, None),
    ("Ava Richards", "ava.richards", "Nursery Manager", "member", 15, None),
    ("Kwame Mensah", "kwame.mensah", "Head of Science", "member", 4, 1),
    ("Ella Fraser", "ella.fraser", "Reception Teacher", "member", 3, 1),
    ("George Hughes", "george.hughes", "Chair of Trustees", "member", None, 2),
    ("Zara Ahmed", "zara.ahmed", "Assistant Principal (Curriculum)", "member", 9, 4),
    ("Megan Lloyd", "megan.lloyd", "Year 5 Teacher", "member", 10, 4),
    ("Ryan Walsh", "ryan.walsh", "Business Manager", "member", None, 1),
    ("Olivia Brooks", "olivia.brooks", "English Teacher", "member", 5, 2),
    ("Hamza Iqbal", "hamza.iqbal", "Maths Teacher", "member", 2, 0),
    ("Ruth Simmons", "ruth.simmons", "Governor", "member", 6, 2),
]

# Each trust's digital lead, who confirms colleagues that write from an address off the trust's domain.
TRUST_LEADS = ["priya.shah", "tom.okafor", "sam.patel", "owen.price", "helen.marsh", "sophie.turner"]
DIGITAL_CHAMPIONS = ["dan.whitfield", "rachel.green"]  # named by their trusts' leads
# Staff who joined from a personal address, waiting for their trust's lead; and a trust typed at registration.
WAITING = [("Jess Carter", "jess.carter@freemail.example", "Year 3 Teacher", 3, 1)]
REQUESTED_TRUST = ("Severn Vale Academy Trust", "2-5", "Anna Price", "anna.price@severnvale.example",
                   "Science Teacher", "south-west")


def trust_domain(trust_index):
    return TRUSTS[trust_index][0].split()[0].lower() + ".example"


def demo_email(local_part, trust_index):
    return f"{local_part}@{trust_domain(trust_index) if trust_index is not None else 'school.example'}"


ADMIN_EMAIL = demo_email("priya.shah", 0)


def seed_demo():
    """Create the demo organisations, people and their content once; return False if they already exist.

    Runs as if in a request to the portal's own address, since services build the links they store
    (a comment's notification) with url_for.
    """
    with current_app.test_request_context(base_url=current_app.config["PORTAL_BASE_URL"]):
        return _seed()


def _seed():
    load_taxonomy()
    if db.session.scalar(db.select(User).where(User.email == ADMIN_EMAIL)):
        return False
    phases = {p.id: p for p in db.session.scalars(db.select(Phase))}
    trusts = [Trust(name=name, size_band=band) for name, band, _ in TRUSTS]
    schools = [School(name=name, region=region, trust=trusts[t] if t is not None else None,
                      phases=[phases[p] for p in phase_ids]) for name, t, region, phase_ids in SCHOOLS]
    password_hash = hash_password(DEMO_PASSWORD)
    now = utcnow()
    people = []
    for name, local, title, role, s, t in PEOPLE:
        school = schools[s] if s is not None else None
        trust = trusts[t] if t is not None else (school.trust if school else None)
        region = school.region if school else TRUSTS[t][2]
        people.append(User(name=name, email=demo_email(local, t), job_title=title, role=role, email_verified_at=now,
                           password_hash=password_hash, school=school, trust=trust, region=region,
                           phases=list(school.phases) if school else []))
    db.session.add_all(trusts + schools + people)
    db.session.flush()
    _seed_membership(trusts, schools, people, password_hash, now)
    db.session.commit()
    # Each feature adds its own demo content, through the services people's clicks call: posts are shared,
    # new members' first posts approved from the queue, dated, answered, then labelled and curated.
    directory_demo.seed_demo()
    if practice_demo.share_posts(review=moderation_demo.approve_if_held):
        practice_demo.date_posts()
    response_demo.seed_demo()
    moderation_demo.seed_demo()
    mail_demo.seed_demo()
    return True


def _seed_membership(trusts, schools, people, password_hash, now):
    """Prove memberships the way trusts do: a staff domain each, a lead each, a request or two waiting."""
    for index, trust in enumerate(trusts):
        membership.add_domain(trust, trust_domain(index))
    trust_roles = {**dict.fromkeys(TRUST_LEADS, "lead"), **dict.fromkeys(DIGITAL_CHAMPIONS, "champion")}
    roles = {demo_email(local, t): trust_roles[local] for _, local, _, _, _, t in PEOPLE if local in trust_roles}
    for person in people:
        db.session.refresh(person)  # add_domain verified people in bulk, behind the session's back
        if person.email in roles:
            membership.set_trust_role(person, person.trust, roles[person.email])
    for name, email, title, s, t in WAITING:
        person = User(name=name, email=email, job_title=title, password_hash=password_hash, email_verified_at=now,
                      school=schools[s], region=schools[s].region, phases=list(schools[s].phases))
        membership.claim_trust(person, trusts[t])
        db.session.add(person)
    trust_name, band, name, email, title, region = REQUESTED_TRUST
    requested = Trust(name=trust_name, size_band=band, status="requested")
    person = User(name=name, email=email, job_title=title, password_hash=password_hash, email_verified_at=now,
                  region=region)
    membership.claim_trust(person, requested)
    db.session.add_all([requested, person])
