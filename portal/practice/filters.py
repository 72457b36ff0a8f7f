"""The browse page's filters and its keyset cursor, parsed strictly from the query string."""
import math
from datetime import datetime, timedelta, timezone

from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from portal.form_fields import PortalForm, choice_list
from portal.orgs.models import REGIONS
from portal.practice.models import KINDS, OUTCOMES, TASKS

SORTS = {"newest": "Newest first", "helpful": "Most helpful first", "relevance": "Best match first"}
MAX_INT = 2**31 - 1  # the database's integer columns
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
FILTER_FIELDS = ("q", "kind", "recommendation", "question_set", "phase", "region", "tool", "task", "outcome", "sort")


def _any(label, pairs):
    return choice_list([("", label)] + list(pairs))


class BrowseForm(PortalForm):
    """Filters for /practice. A GET form: no CSRF token, and every value checked against its list."""
    class Meta:
        csrf = False

    q = StringField("Search", validators=[Optional(), Length(max=200, message="Search for 200 characters or fewer.")])
    kind = SelectField("Kind", choices=_any("Any kind", KINDS.items()))
    recommendation = SelectField("Recommendation")
    question_set = SelectField("Question set")
    phase = SelectField("Phase")
    region = SelectField("Region", choices=_any("Any region", REGIONS.items()))
    tool = SelectField("AI tool")
    task = SelectField("Task", choices=_any("Any task", TASKS.items()))
    outcome = SelectField("Outcome", choices=_any("Any outcome", OUTCOMES.items()))
    sort = SelectField("Sort by", choices=_any("Best match, or newest", SORTS.items()))
    after = StringField("After", validators=[Optional(), Length(max=60)])

    def __init__(self, formdata, recommendations, question_sets, phases, tools):
        """Each of the tag arguments is a list of (value, label) choices."""
        super().__init__(formdata)
        self.recommendation.choices = _any("Any recommendation", recommendations)
        self.question_set.choices = _any("Any question set", question_sets)
        self.phase.choices = _any("Any phase", phases)
        self.tool.choices = _any("Any tool", tools)
        for field in self:
            field.pre_validate = _friendly_choice_check(field)

    @property
    def order(self):
        """The sort in effect: best match only makes sense with a search."""
        if self.sort.data == "relevance" and not self.q.data:
            return "newest"
        return self.sort.data or ("relevance" if self.q.data else "newest")

    def validate_after(self, field):
        if field.data and parse_cursor(self.order, field.data) is None:
            raise ValidationError("The link to the next page is not right. Go back to the first page.")

    def cursor(self):
        return parse_cursor(self.order, self.after.data) if self.after.data else None

    def filter_args(self):
        """The filters as URL parameters (empty ones left out), for links that keep them."""
        return {name: self[name].data for name in FILTER_FIELDS if self[name].data}

    def chosen_filters(self):
        """(filter, chosen value, the URL parameters without it) for each filter in use, search and sort aside."""
        args = self.filter_args()
        return [(self[name].label.text, _chosen_label(self[name]), {k: v for k, v in args.items() if k != name})
                for name in args if name not in ("q", "sort")]


class PromptBankForm(PortalForm):
    """Filters for the prompt bank: a GET form, every value checked against its list."""
    class Meta:
        csrf = False

    tool = SelectField("AI tool")
    phase = SelectField("Phase")

    def __init__(self, formdata, phases, tools, **_):
        super().__init__(formdata)
        self.phase.choices = _any("Any phase", phases)
        self.tool.choices = _any("Any tool", tools)
        for field in self:
            field.pre_validate = _friendly_choice_check(field)

    def filter_args(self):
        return {name: self[name].data for name in ("tool", "phase") if self[name].data}


def _chosen_label(field):
    return next((choice.label for choice in field.choices if choice.value == field.data), field.data)


def _friendly_choice_check(field):
    if not isinstance(field, SelectField):
        return lambda form: None

    def check(form):
        if (field.data or "") not in {choice.value for choice in field.choices}:
            raise ValidationError(f"{field.label.text}: “{(field.data or '')[:40]}” is not one of the choices. "
                                  "Choose from the list.")
    return check


def cursor_for(order, post, rank=None):
    """The position just after this post, in the given order."""
    if order == "helpful":
        key = str(post.helpful_count)
    elif order == "relevance":
        key = repr(float(rank))
    else:
        key = str((post.published_at - EPOCH) // timedelta(microseconds=1))
    return f"{key}_{post.id}"


def parse_cursor(order, value):
    """(key, post id) from a cursor, or None if it is malformed or out of range."""
    key, sep, post_id = (value or "").partition("_")
    if not sep or not post_id.isdigit() or int(post_id) > MAX_INT:
        return None
    try:
        number = float(key) if order == "relevance" else int(key)
    except ValueError:
        return None
    if order == "relevance":
        return (number, int(post_id)) if math.isfinite(number) else None
    if order == "helpful":
        return (number, int(post_id)) if abs(number) <= MAX_INT else None
    try:
        return EPOCH + timedelta(microseconds=number), int(post_id)
    except OverflowError:
        return None
