"""What the safeguarding assist reports: a kind of personal data, the exact passage and where it starts."""
from dataclasses import dataclass

KIND_LABELS = {
    "email": "An email address",
    "phone": "A phone number",
    "postcode": "A postcode",
    "address": "A home address",
    "date_of_birth": "A date of birth",
    "upn": "A Unique Pupil Number (UPN)",
    "uln": "A Unique Learner Number (ULN)",
    "pupil_name": "A pupil's name",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    passage: str
    start: int

    @property
    def end(self):
        return self.start + len(self.passage)

    @property
    def label(self):
        return KIND_LABELS[self.kind]
