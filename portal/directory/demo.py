"""Demo directory: most demo people listed with realistic profiles, and contact requests between them.

Profiles are saved from the profile form and requests sent and answered through the contact services, as
people's clicks would, so the demo keeps the directory's rules (opt-in listing, who may be asked, the daily cap).
"""
from datetime import timedelta

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from portal.auth.models import User
from portal.directory import contact
from portal.directory.forms import DirectoryProfileForm
from portal.directory.models import DirectoryProfile
from portal.directory.services import save_profile
from portal.extensions import db
from portal.taxonomy.services import all_recommendations, question_sets_with_questions
from portal.timestamps import utcnow

# email local part: role type, setting, locality, disadvantaged pupils, listed, open to contact,
# recommendations, question sets, happy to talk about
PROFILES = {
    "priya.shah": ("trust-leader", "mainstream", "mixed", "above", True, True, ["r1", "r12", "r17"],
                   ["strategy-vision", "governance-safeguarding"],
                   "Writing a trust-wide AI policy that staff actually read, and our DPIA template for new tools."),
    "tom.okafor": ("school-leader", "mainstream", "urban", "above", True, True, ["r14-staffing", "r17"],
                   ["staff-development"], "Running twilight CPD on AI for a staff of 60, and what we stopped doing."),
    "helen.marsh": ("trust-leader", "mainstream", "mixed", "around", True, False, ["r2", "r20"],
                    ["monitoring-evaluation"], "Evaluating AI pilots across 30 schools with more than a survey."),
    "amira.hassan": ("teacher", "mainstream", "urban", "above", True, True, ["r17", "r20"],
                     ["curriculum-assessment"],
                     "Using an image generator to spark Year 4 descriptive writing, and the lesson where it flopped."),
    "dan.whitfield": ("school-leader", "mainstream", "urban", "above", True, True, ["r17", "r14-curriculum"],
                      ["curriculum-assessment"], "AI feedback on Key Stage 4 essays: moderation, workload and honesty."),
    "grace.liu": ("teacher", "mainstream", "urban", "above", True, True, ["r17"], ["people-community"],
                  "Drafting parent newsletters and EYFS observations with AI, keeping children's details out."),
    "sam.patel": ("teacher", "mainstream", "urban", "around", True, True, ["r12", "r17"],
                  ["finance-data-technology", "ethical-considerations"],
                  "Teaching Year 9 how language models work, and prompt-writing clubs."),
    "rachel.green": ("school-leader", "mainstream", "urban", "around", True, True, ["r21", "r17"],
                     ["equity-access"], "Text-to-speech and simplified texts for pupils with SEND; what to check first."),
    "owen.price": ("school-leader", "mainstream", "rural", "below", True, True, ["r1", "r14-staffing"],
                   ["strategy-vision", "staff-development"],
                   "Leading AI in a small rural primary where everyone wears three hats."),
    "leah.morgan": ("support-staff", "mainstream", "rural", "below", True, True, ["r17"], ["equity-access"],
                    "Supporting reading interventions with AI-generated decodable texts."),
    "joe.bennett": ("school-leader", "mainstream", "rural", "below", True, True, ["r20", "r17"],
                    ["curriculum-assessment"], "UCAS personal statements and AI: the guidance we gave Year 13."),
    "fatima.begum": ("teacher", "mainstream", "urban", "above", True, True, ["r17"], ["curriculum-assessment"],
                     "Year 6 reading comprehension questions generated with AI, checked before use."),
    "chris.dale": ("it-data", "mainstream", "urban", "above", True, True, ["r12"],
                   ["finance-data-technology", "governance-safeguarding"],
                   "Data protection impact assessments, tenant settings and what not to paste into a chatbot."),
    "nadia.kowalski": ("school-leader", "mainstream", "urban", "above", True, True, ["r14-staffing", "r20"],
                       ["staff-development", "monitoring-evaluation"],
                       "Measuring workload before and after an AI pilot in an all-through school."),
    "imran.malik": ("it-data", "mainstream", "mixed", "around", False, False, ["r12"], ["finance-data-technology"],
                    ""),
    "sophie.turner": ("trust-leader", "special", "rural", "above", True, True, ["r1", "r2", "r21"],
                      ["strategy-vision", "equity-access", "ethical-considerations"],
                      "What AI means for a specialist trust: accessibility first, hype last."),
    "ben.adeyemi": ("teacher", "alternative-provision", "rural", "above", True, True, ["r17", "r21"],
                    ["equity-access"], "Re-engaging Key Stage 3 pupils in alternative provision with AI-made quizzes."),
    "lucy.farrow": ("teacher", "special", "rural", "above", True, True, ["r21", "r17"], ["equity-access"],
                    "Symbol-supported resources made faster with AI, for pupils with complex needs."),
    "mark.ellison": ("school-leader", "mainstream", "mixed", "below", True, True, ["r1", "r12"],
                     ["governance-safeguarding"], "Talking to governors and parents about AI in a church school."),
    "hannah.cole": ("teacher", "mainstream", "mixed", "below", True, False, ["r17"], ["curriculum-assessment"],
                    "Phonics games and Year 2 story starters."),
    "ava.richards": ("school-leader", "mainstream", "urban", "around", True, True, ["r17"], ["people-community"],
                     "Nursery admin with AI: rotas, letters and what we keep away from it."),
    "kwame.mensah": ("teacher", "mainstream", "urban", "above", True, True, ["r17", "r20"],
                     ["curriculum-assessment"], "A-level science practical write-ups and AI feedback trials."),
    "ella.fraser": ("teacher", "mainstream", "urban", "above", False, True, ["r17"], [], ""),
    "george.hughes": ("governor", "mainstream", "mixed", "around", True, True, ["r2", "r12"],
                      ["governance-safeguarding", "ethical-considerations"],
                      "The questions a board should ask before approving an AI tool."),
    "zara.ahmed": ("school-leader", "mainstream", "urban", "above", True, True, ["r14-curriculum", "r17"],
                   ["curriculum-assessment"], "Curriculum mapping with AI and keeping subject leaders in charge."),
    "megan.lloyd": ("teacher", "mainstream", "urban", "above", True, True, ["r17"], ["curriculum-assessment"],
                    "Year 5 maths reasoning prompts and a trial that did not work."),
    "ryan.walsh": ("it-data", "mainstream", "urban", "above", True, True, ["r12"], ["finance-data-technology"],
                   "Licensing and costs of AI tools across a small trust."),
    "olivia.brooks": ("teacher", "mainstream", "urban", "around", True, True, ["r17", "r20"],
                      ["curriculum-assessment"], "Using AI to model weak and strong answers in GCSE English."),
    "hamza.iqbal": ("teacher", "mainstream", "urban", "above", True, True, ["r17"], ["curriculum-assessment"],
                    "Generating varied maths practice and spotting where the AI is wrong."),
}

REQUESTS = [
    # sender, recipient, status, message, days ago
    ("owen.price", "mark.ellison", "accepted",
     "We're both heads of small primaries. Could we compare how we explain AI to governors and parents?", 12),
    ("amira.hassan", "fatima.begum", "pending",
     "I saw you are generating reading questions for Year 6. I'm trying something similar in Year 4. Fancy a call?", 2),
    ("sam.patel", "chris.dale", "accepted",
     "Could I ask how you set up your DPIA for the chatbot trial? We are about to start one.", 20),
    ("ryan.walsh", "george.hughes", "declined", "Would you share the questions your board asks about AI tools?", 9),
    ("ben.adeyemi", "lucy.farrow", "pending",
     "Both working with pupils who find school hard. I'd love to hear how you use symbols with AI.", 1),
    ("dan.whitfield", "olivia.brooks", "accepted",
     "Your work on modelling answers sounds close to ours on essay feedback. Coffee and a chat online?", 30),
]


def _users_by_local_part():
    users = db.session.scalars(select(User)).all()
    return {user.email.split("@")[0]: user for user in users}


def _save_profile(user, values):
    """Fill in and save the directory profile form as the member would."""
    role, setting, locality, disadvantage, listed, open_, rec_ids, qs_ids, talk = values
    data = MultiDict([("role_type", role), ("setting", setting), ("locality", locality),
                      ("disadvantage_band", disadvantage), ("happy_to_talk_about", talk)])
    data.setlist("recommendations", rec_ids)
    data.setlist("question_sets", qs_ids)
    for name, ticked in (("listed", listed), ("open_to_contact", open_)):
        if ticked:
            data[name] = "y"
    form = DirectoryProfileForm(formdata=data, meta={"csrf": False})
    form.set_priority_choices(all_recommendations(), question_sets_with_questions())
    if not form.validate():
        raise ValueError(f"The demo profile of {user.email} breaks the form's rules: {form.errors}")
    save_profile(user, form)


def _send_and_answer(sender, recipient, status, message, days_ago):
    """Send the request and, unless it still waits, answer it; then date it as if sent days ago."""
    request = contact.send_request(sender, recipient, message)
    if status != "pending":
        contact.respond(recipient, request, accept=status == "accepted")
    request.created_at = utcnow() - timedelta(days=days_ago)
    request.responded_at = None if status == "pending" else request.created_at + timedelta(days=1)
    db.session.commit()


def seed_demo():
    """Add directory profiles and contact requests for the demo people (once)."""
    if db.session.scalar(select(func.count()).select_from(DirectoryProfile)):
        return False
    people = _users_by_local_part()
    for local, values in PROFILES.items():
        if local in people:
            _save_profile(people[local], values)
    for sender, recipient, status, message, days_ago in REQUESTS:
        if sender in people and recipient in people:
            _send_and_answer(people[sender], people[recipient], status, message, days_ago)
    return True
