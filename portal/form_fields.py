"""Form field helpers shared by every feature's forms."""
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes, rendered one by one by the `checkboxes` template macro."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choice_list(pairs):
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]
