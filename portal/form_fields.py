"""The base form and field helpers shared by every feature's forms."""
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from portal.params import has_control_characters, without_control_characters

CONTROL_CHARACTER_PROBLEM = ("This had a character in it that cannot be saved (a control character, such as a NUL), "
                             "so we have taken it out. Check what is left and send it again.")


class PortalForm(FlaskForm):
    """Every form's base: control characters are taken out of what was sent, and the form is invalid until resent.

    PostgreSQL refuses NUL in text, and nobody types the others; tabs and line breaks are not among them.
    Taking them out here, before any field sees the data, keeps everything else that was typed.
    """

    class Meta:
        def wrap_formdata(self, form, formdata):
            formdata = super().wrap_formdata(form, formdata)
            form.fields_with_control_characters = set()
            if formdata is None:
                return None
            cleaned = MultiDict()
            for key, value in formdata.items(multi=True):
                if isinstance(value, str) and has_control_characters(value):
                    value = without_control_characters(value)
                    form.fields_with_control_characters.add(key)
                cleaned.add(key, value)
            return cleaned

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field in self:
            if field.name in getattr(self, "fields_with_control_characters", ()):
                field.errors = [*field.errors, CONTROL_CHARACTER_PROBLEM]
                valid = False
        self._errors = None  # recomputed with the errors just added
        return valid


class ActionForm(PortalForm):
    """A button that changes something (accept, block, approve ...): only the CSRF token."""


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes, rendered one by one by the `checkboxes` template macro."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_data(self, value):
        # A form sent with no body at all has no boxes ticked: an empty list, as when all are unticked.
        super().process_data(value)
        self.data = self.data or []


def choice_list(pairs):
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]
