"""The description shown instead of an anonymous author's name: general enough to identify no one."""
from portal.orgs.models import REGIONS

PHASE_WORDS = {"nursery": "nursery", "primary": "primary", "secondary": "secondary", "sixth-form": "sixth form",
               "pupil-referral-unit": "pupil referral unit", "specialist": "special school"}
# Checked in order: the first keyword found in the job title names the role type. Job titles
# themselves are never shown ("Trust Digital Lead" could identify someone).
ROLE_KEYWORDS = [
    (("governor", "trustee"), "governor"),
    (("ceo", "chief executive", "director", "trust "), "trust leader"),
    (("headteacher", "head teacher", "principal", "deputy head", "assistant head", "head of"), "school leader"),
    (("teaching assistant", "learning support", "support staff"), "teaching assistant"),
    (("network", "data", " it ", " ict ", "technician", "digital"), "member of IT or data staff"),
    (("senco", "teacher", "lecturer", "tutor"), "teacher"),
]
PHASELESS_ROLES = {"governor", "trust leader", "member of IT or data staff"}


def role_word(job_title):
    title = f" {(job_title or '').casefold()} "
    for keywords, word in ROLE_KEYWORDS:
        if any(keyword in title for keyword in keywords):
            return word
    return "member of staff"


def region_phrase(region):
    name = REGIONS.get(region or "")
    if not name:
        return ""
    return f" in {name}" if name in ("London", "Yorkshire and The Humber") else f" in the {name}"


def author_description(author, phases):
    """E.g. "A primary teacher in the North West", from the post's (or author's) first phase."""
    role = role_word(author.job_title)
    first_phase = (list(phases) or list(author.phases) or [None])[0]
    phase = PHASE_WORDS.get(first_phase.id, "") if first_phase and role not in PHASELESS_ROLES else ""
    words = f"{phase} {role}".strip()
    article = "An" if words[0] in "aeiou" else "A"
    return f"{article} {words}{region_phrase(author.region)}"
