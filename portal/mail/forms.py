"""The e-mail settings form: one choice per notification kind, plus the weekly digest."""
from wtforms import RadioField

from portal.form_fields import PortalForm
from portal.mail.models import DELIVERIES
from portal.mail.services import WEEKLY
from portal.notifications.kinds import KINDS

WEEKLY_CHOICES = {"digest": "Yes, send me the weekly digest", "off": "No weekly digest"}


def preferences_form(current, formdata=None):
    """A form with a radio group per kind, preset to the member's current choices."""
    class PreferencesForm(PortalForm):
        pass

    for kind, (description, _default) in KINDS.items():
        setattr(PreferencesForm, kind, RadioField(description, choices=DELIVERIES))
    setattr(PreferencesForm, WEEKLY, RadioField("New practice in what you follow, once a week",
                                                choices=WEEKLY_CHOICES))
    return PreferencesForm(formdata=formdata) if formdata is not None else PreferencesForm(data=current)


def chosen(form):
    return {kind: form[kind].data for kind in [*KINDS, WEEKLY]}
