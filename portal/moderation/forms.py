"""Moderation forms. Choices come from the reason and label data in reasons.py."""
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from portal import form_fields
from portal.form_fields import MultiCheckboxField, PortalForm, choice_list
from portal.local_time import uk_today
from portal.moderation.models import TARGET_TYPES
from portal.moderation.reasons import ACTIONS, FLAG_REASONS, LABEL_MEANINGS, REJECTION_REASONS


class ActionForm(form_fields.ActionForm):
    """A bare action (approve, restore, unfeature...), read as a decision with no reason."""

    def decision(self):
        return "", ""


class RejectForm(PortalForm):
    reason = RadioField("Why are you sending it back?", choices=choice_list(
        (key, label) for key, (label, _anchor) in REJECTION_REASONS.items()),
        validators=[InputRequired("Choose the reason it is being sent back.")],
        description="The author sees this reason, with a link to the guideline it relates to.")
    note = TextAreaField("Your words to the author (optional)", validators=[Length(max=1000)],
                         description="Only the author sees this. Be kind and say what would make it ready.")

    def validate_note(self, field):
        if self.reason.data == "other" and not (field.data or "").strip():
            raise ValidationError("Explain the reason to the author when you choose another reason.")

    def decision(self):
        return self.reason.data, (self.note.data or "").strip()


class HideForm(PortalForm):
    hide_reason = SelectField("Reason for hiding (optional)", choices=choice_list(
        [("", "No reason given")] + [(key, label) for key, (label, _a) in REJECTION_REASONS.items()]),
        validators=[Optional()])

    def decision(self):
        return self.hide_reason.data or "", ""


class RedactForm(PortalForm):
    passage = TextAreaField("Passage to remove", validators=[DataRequired("Enter the passage to remove."),
                                                             Length(max=2000)],
                            description="Copy it exactly as the post has it. Every place it appears is replaced "
                                        "by “[removed by a moderator]”.")
    redact_reason = TextAreaField("Why you are removing it", validators=[
        DataRequired("Give the reason for removing the passage."), Length(max=1000)],
        description="Recorded in the moderation log, without the passage itself. Do not repeat the passage here.")


class TagsForm(PortalForm):
    phases = MultiCheckboxField("Phases")
    recommendations = MultiCheckboxField("Recommendations of the 2024 report")
    question_sets = MultiCheckboxField("Question sets for leaders")

    def set_choices(self, phases, recommendations, question_sets):
        self.phases.choices = choice_list((p.id, p.name) for p in phases)
        self.recommendations.choices = choice_list((r.id, f"{r.label}: {r.title}") for r in recommendations)
        self.question_sets.choices = choice_list((q.id, q.title) for q in question_sets)
        return self


def label_form_class(questions):
    """A label form with one answer box per key risk question (answers are required to endorse)."""
    class LabelForm(PortalForm):
        label = RadioField("Label", choices=choice_list(
            [(key, name) for key, (name, _meaning) in LABEL_MEANINGS.items()] + [("", "No label")]),
            validators=[Optional()], default="")

        def answers(self):
            return {q.id: getattr(self, f"answer_{q.id}").data for q in questions}

    for question in questions:
        setattr(LabelForm, f"answer_{question.id}", TextAreaField(
            question.text, validators=[Length(max=2000)]))
    return LabelForm


class EndorsementNameForm(PortalForm):
    """A moderator's choice of how the posts they endorse name the reviewer."""
    shown_as = RadioField("On the posts you endorse, readers see", choices=choice_list([
        ("team", "“Endorsed by the moderation team”"), ("name", "“Endorsed by” and your name")]),
        validators=[InputRequired("Choose what readers see.")],
        description="The team is the default. Your choice applies to every post you have endorsed, as well as "
                    "to the ones you endorse from now on.")


class FeatureForm(PortalForm):
    collection = SelectField("Collection", validators=[DataRequired("Choose a collection.")])
    curator_note = TextAreaField("Curator's note", validators=[DataRequired("Write a short note saying why it is worth reading."),
                                                       Length(max=280)],
                         description="One or two sentences readers see beside the post (280 characters at most).")

    def set_choices(self, collections):
        self.collection.choices = choice_list([("", "Choose a collection")] + [(c.id, c.name) for c in collections])
        return self


class CollectionForm(PortalForm):
    name = StringField("Name of the collection", validators=[DataRequired("Name the collection."), Length(max=120)],
                       description='For example "Report writing safely".')
    description = StringField("Short description (optional)", validators=[Length(max=300)])


class MoveForm(PortalForm):
    direction = SelectField("Direction", choices={"up": "Up", "down": "Down"})


# The suspend and silence forms share a page, so their fields carry ids of their own for the labels.
class SuspendForm(PortalForm):
    reason = TextAreaField("Reason", id="suspend-reason", validators=[
        DataRequired("Give the reason for the suspension."), Length(max=1000)],
        description="The member sees this when they try to sign in.")
    until = DateField("Suspended until (optional)", id="suspend-until", validators=[Optional()],
                      description="Leave empty to suspend until a moderator lifts it.")

    def validate_until(self, field):
        if field.data and field.data <= uk_today():
            raise ValidationError("The end date must be in the future.")


class SilenceForm(PortalForm):
    reason = TextAreaField("Reason (optional)", id="silence-reason", validators=[Length(max=1000)],
                           description="The member reads this on their standing page.")


class WarnForm(PortalForm):
    warning = TextAreaField("Your warning to the sender", validators=[
        DataRequired("Write the warning the sender will read."), Length(max=1000)],
        description="The sender reads this in their notifications. Say what was wrong and what happens next time.")


class CloseReportForm(PortalForm):
    closing_note = TextAreaField("Note on the outcome", validators=[
        DataRequired("Write a note saying how the report was dealt with."), Length(max=1000)],
        description="Only moderators see this note.")


class NoteForm(PortalForm):
    body = TextAreaField("Private note", validators=[DataRequired("Write the note."), Length(max=2000)],
                         description="Only moderators see notes. Record facts, not opinions.")


class FlagForm(PortalForm):
    reason = RadioField("What is the problem?", choices=choice_list(FLAG_REASONS.items()),
                        validators=[InputRequired("Choose what the problem is.")])
    details = TextAreaField("Tell the moderators more", validators=[Length(max=1000)],
                            description="Required if you chose something else. Do not repeat any personal data.")

    def validate_details(self, field):
        if self.reason.data == "other" and not (field.data or "").strip():
            raise ValidationError("Tell the moderators what the problem is.")


class LogFilterForm(PortalForm):
    class Meta:
        csrf = False

    action = SelectField("Action", choices=choice_list([("", "Any action")] + list(ACTIONS.items())),
                         validators=[Optional()])
    moderator = SelectField("Moderator", validators=[Optional()])
    target_type = SelectField("Item", choices=choice_list([("", "Any item")] + list(TARGET_TYPES.items())),
                              validators=[Optional()])
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])

    def set_moderators(self, moderators):
        self.moderator.choices = choice_list([("", "Anyone")] + [(m.id, m.name) for m in moderators])
        return self
