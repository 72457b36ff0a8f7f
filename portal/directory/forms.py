"""Forms for the directory profile, the directory's filters, contact requests and reports."""
from markupsafe import Markup, escape
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import Select

from portal.directory.models import (DISADVANTAGE_BANDS, HAPPY_TO_TALK_MAX, LOCALITIES, REPORT_REASON_MAX,
                                     REQUEST_MESSAGE_MAX, ROLE_TYPES, SETTINGS)
from portal.form_fields import MultiCheckboxField, PortalForm, choice_list
from portal.orgs.models import REGIONS, SIZE_BANDS

NOT_SAYING = [("", "Prefer not to say")]


class DirectoryProfileForm(PortalForm):
    role_type = RadioField("Your role", choices=choice_list(ROLE_TYPES.items()),
                           validators=[DataRequired("Choose the kind of role you have.")])
    setting = RadioField("Your setting", choices=choice_list(SETTINGS.items()),
                         validators=[DataRequired("Choose the kind of setting you work in.")])
    locality = SelectField("Where your school or schools are", choices=choice_list(NOT_SAYING + list(LOCALITIES.items())))
    disadvantage_band = SelectField(
        "Proportion of disadvantaged pupils", choices=choice_list(NOT_SAYING + list(DISADVANTAGE_BANDS.items())),
        description="For example, pupils eligible for free school meals, compared with the national average.")
    recommendations = MultiCheckboxField("Recommendations you are working on", validate_choice=True)
    question_sets = MultiCheckboxField("Question sets you are working through", validate_choice=True)
    happy_to_talk_about = TextAreaField(
        "What you are happy to talk about", validators=[Optional(), Length(
            max=HAPPY_TO_TALK_MAX, message=f"Keep this to {HAPPY_TO_TALK_MAX} characters or fewer.")],
        description=f"Plain text, up to {HAPPY_TO_TALK_MAX} characters. For example, \"Using AI to draft "
                    "reports, and what went wrong the first time\". Do not include pupils' names.")
    listed = BooleanField("List me in the directory")
    open_to_contact = BooleanField("Let listed members ask to contact me")

    def set_priority_choices(self, recommendations, question_sets):
        self.recommendations.choices = choice_list((r.id, f"{r.number}. {r.title}") for r in recommendations)
        self.question_sets.choices = choice_list((q.id, q.title) for q in question_sets)


class PlainOptionsSelect(Select):
    """WTForms' select, writing each option out directly: the same HTML, without building every
    option's attributes through Markup.format, which made the filters' 76 options a fifth of the page."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{escape(choice.value)}">{label}</option>')


def _filter(label, choices=None):
    return SelectField(label, choices=choices, default="", widget=PlainOptionsSelect())


class DirectoryFilterForm(PortalForm):
    """The directory's filters, read from the query string so every view of it has a URL."""
    class Meta:
        csrf = False

    q = StringField("Search names, job titles, schools, trusts and topics", validators=[Optional(), Length(max=100)])
    phase = _filter("Phase")
    region = _filter("Region", choice_list([("", "Any region")] + list(REGIONS.items())))
    role_type = _filter("Role", choice_list([("", "Any role")] + list(ROLE_TYPES.items())))
    setting = _filter("Setting", choice_list([("", "Any setting")] + list(SETTINGS.items())))
    size_band = _filter("Trust size", choice_list([("", "Any size")] + list(SIZE_BANDS.items())))
    priority = _filter("Working on")

    def set_taxonomy_choices(self, phases, recommendations, question_sets):
        """Choices from (id, name) phases, (id, number, title) recommendations and (id, title) question sets."""
        self.phase.choices = choice_list([("", "Any phase")] + phases)
        self.priority.choices = (
            [SelectChoice("", "Any priority")]
            + [SelectChoice(f"r:{rec_id}", f"{number}. {_short(title)}", optgroup="Recommendations")
               for rec_id, number, title in recommendations]
            + [SelectChoice(f"q:{set_id}", title, optgroup="Question sets") for set_id, title in question_sets])

    def active_filters(self):
        """The chosen filter values by name, for the service and for page links."""
        return {name: self[name].data for name in ("q", "phase", "region", "role_type", "setting", "size_band",
                                                    "priority") if self[name].data}


def _short(title, limit=70):
    return title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0] + "…"


class ContactRequestForm(PortalForm):
    message = TextAreaField("Why you would like to talk", validators=[
        DataRequired("Say briefly why you would like to talk."),
        Length(max=REQUEST_MESSAGE_MAX, message=f"Keep your message to {REQUEST_MESSAGE_MAX} characters or fewer.")],
        description=f"Up to {REQUEST_MESSAGE_MAX} characters. They see your name, role and school, "
                    "but not your email address unless they accept.")


class ReportRequestForm(PortalForm):
    reason = TextAreaField("What is wrong with this request", validators=[
        DataRequired("Tell the moderators what is wrong with this request."),
        Length(max=REPORT_REASON_MAX, message=f"Keep this to {REPORT_REASON_MAX} characters or fewer.")])

