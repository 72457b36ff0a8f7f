"""Forms for sharing practice: one base form, with extra fields for classroom trials and prompts."""
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional, ValidationError

from portal.form_fields import MultiCheckboxField, PortalForm, choice_list
from portal.markup import MAX_SOURCE_CHARS
from portal.practice.models import LASTED, OUTCOMES, TASKS, VISIBILITIES
from portal.practice.tools import tool_names_from

MAX_TOOLS = 10
FAILURE_OUTLINE = "## What we tried\n\n\n## What went wrong\n\n\n## What to avoid\n\n"
TOO_LONG = f"Your post must be {MAX_SOURCE_CHARS:,} characters or fewer. Shorten it, or split it into two posts."


def _text_field(label, required=None, description=None):
    validators = [DataRequired(required)] if required else [Optional()]
    return TextAreaField(label, validators=validators + [Length(max=MAX_SOURCE_CHARS, message=TOO_LONG)],
                         description=description)


def _whole_number(label, description=None, maximum=10_000):
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=maximum,
                                                                   message=f"Enter a number from 0 to {maximum:,}.")],
                        invalid_value_message="Enter a whole number, like 28.", description=description)


# A working week is 37.5 hours: more time than that saved or lost in a week is a typing slip.
WORKING_WEEK_MINUTES = 2_250
TIME_TASK_NEEDED = "Choose the task the time was saved or lost on, or leave the minutes blank."


def _minutes_field():
    """Staff time saved per week in minutes; a negative number is time lost."""
    return IntegerField("Staff time saved per week, in minutes (optional)", validators=[Optional(), NumberRange(
        min=-WORKING_WEEK_MINUTES, max=WORKING_WEEK_MINUTES,
        message=f"Enter a number of minutes from -{WORKING_WEEK_MINUTES:,} to {WORKING_WEEK_MINUTES:,}: a working "
                "week is 37.5 hours. Use a minus sign for time lost, like -30.")],
        invalid_value_message="Enter a whole number of minutes, like 40, or -30 for time lost.",
        description="Leave blank if you did not measure it. If it cost time, enter a minus number, like -30.")


def _time_task_field():
    return SelectField("The task the time was saved or lost on",
                       choices=choice_list([("", "Choose a task")] + list(TASKS.items())),
                       validators=[Optional(), AnyOf(list(TASKS), message="Choose one of the tasks listed.")],
                       validate_choice=False, description="Needed with the minutes, so figures add up by task.")


class WorkloadFields:
    """Minutes saved (or lost) per week and the task, on case studies and trials: the figures leaders add up."""
    minutes_saved_per_week = _minutes_field()
    task = _time_task_field()

    def validate_minutes_saved_per_week(self, field):
        # Runs only when minutes were given (Optional() stops the chain on a blank).
        if not self.task.data:
            raise ValidationError(TIME_TASK_NEEDED)


class PostForm(PortalForm):
    """What every kind of post has: title, body, tags to the report, tools, audience and anonymity."""
    title = StringField("Title", validators=[DataRequired("Enter a title."),
                                             Length(max=200, message="The title must be 200 characters or fewer.")])
    body = _text_field("Your post", "Write your post.")
    phases = MultiCheckboxField("Phases", validate_choice=False, description="Select all that apply.")
    recommendations = MultiCheckboxField("Recommendations of the 2024 report", validate_choice=False)
    question_sets = MultiCheckboxField("Question sets for leaders", validate_choice=False)
    year_groups = StringField("Year groups (optional)", validators=[Length(max=120)],
                              description="For example, Year 4, or Years 10 and 11.")
    subjects = StringField("Subjects (optional)", validators=[Length(max=200)],
                           description="For example, English, or maths and science.")
    tools = StringField("AI tools used", validators=[Length(max=600)],
                        render_kw={"list": "tool-suggestions", "data-comma-suggestions": "true"},
                        description="Separate tools with commas, for example: an image generator, Copilot.")
    visibility = RadioField("Who can see this post", choices=VISIBILITIES, default="public")
    anonymous = BooleanField("Post without my name")
    replicates = HiddenField()
    title_hint = ""
    body_hint = "You can use Markdown: **bold**, lists starting with -, links, and ## headings."

    def __init__(self, *args, author, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.author = author
        self.title.description = self.title_hint
        self.body.description = self.body_hint
        self.phases.choices = choice_list(choices["phases"])
        self.recommendations.choices = choice_list(choices["recommendations"])
        self.question_sets.choices = choice_list(choices["question_sets"])

    def validate_phases(self, field):
        _known_choices(field, "phases")

    def validate_recommendations(self, field):
        _known_choices(field, "recommendations of the report")
        if not field.data and not self.question_sets.data:
            raise ValidationError("Choose at least one recommendation or question set of the report.")

    def validate_question_sets(self, field):
        _known_choices(field, "question sets")

    def validate_tools(self, field):
        names = tool_names_from(field.data)
        if len(names) > MAX_TOOLS:
            raise ValidationError(f"Name up to {MAX_TOOLS} tools.")
        if any(len(name) > 80 for name in names):
            raise ValidationError("Each tool's name must be 80 characters or fewer.")

    def validate_visibility(self, field):
        if field.data == "trust" and not self.author.verified_trust_id:
            raise ValidationError(_trust_audience_problem(self.author))


def _trust_audience_problem(author):
    if author.trust_id is None:
        return "You are not part of a trust, so choose everyone or signed-in members."
    return (f"Only verified staff of {author.trust.name} can share with it, and your membership is not confirmed "
            "yet. Choose everyone or signed-in members for now.")


def _known_choices(field, noun):
    known = {choice.value for choice in field.choices}
    unknown = [value for value in field.data or [] if value not in known]
    if unknown:
        raise ValidationError(f"Choose {noun} from the list ({', '.join(unknown)[:60]} is not one of them).")


class CaseStudyForm(WorkloadFields, PostForm):
    title_hint = "For example: Our report-writing policy for AI, one term on."
    body_hint = "What your school or trust did, why, and what came of it. " + PostForm.body_hint
    outcome = RadioField("How did it go? (optional)", choices=OUTCOMES, validators=[Optional()])


class FailureForm(PostForm):
    title_hint = "For example: Our chatbot for parent queries, and why we switched it off."
    body_hint = ("Use the three headings if they help, and say what you would tell a colleague about to try the same. "
                 + PostForm.body_hint)
    body = TextAreaField("What was tried, what went wrong and what to avoid", default=FAILURE_OUTLINE,
                         validators=[DataRequired("Write your post."), Length(max=MAX_SOURCE_CHARS, message=TOO_LONG)])

    def validate_body(self, field):
        written = [line for line in (field.data or "").splitlines() if line.strip() and not line.startswith("#")]
        if not written:
            raise ValidationError("Write what was tried, what went wrong and what to avoid.")


class TrialForm(WorkloadFields, PostForm):
    title_hint = "For example: Image generators to sharpen descriptive writing in Year 4."
    body_hint = "Anything the sections above do not cover. " + PostForm.body_hint
    body = _text_field("Context and anything else (optional)")
    trial_question = TextAreaField("The question you asked", validators=[
        DataRequired("Enter the question your trial asked."), Length(max=2000)],
        description="For example: Does asking an image generator to draw pupils’ descriptions help Year 4 "
                    "choose more precise vocabulary?")
    class_size = _whole_number("Class size (optional)", maximum=400)
    what_was_done = _text_field("What was done", "Say what was done.", description=(
        "For example: Over three lessons pupils wrote a paragraph describing a setting. The teacher typed each "
        "description into an image generator, and pupils compared the picture with what they meant."))
    what_happened = _text_field("What happened", "Say what happened.", description=(
        "What changed, for whom, and anything unexpected. Describe “a Year 4 pupil”, never a name."))
    evidence_notes = _text_field("Evidence (optional)", description=(
        "What you saw and heard, as recommendation 20 asks: work compared before and after, pupil voice, staff notes."))
    pupils_involved = _whole_number("Pupils involved (optional)", maximum=100_000)
    outcome = RadioField("Outcome", choices=OUTCOMES, validators=[DataRequired("Choose how the trial went.")])
    would_change = _text_field("What you would change (optional)")


class PromptForm(PostForm):
    title_hint = "For example: A first draft of a letter to parents about a school trip."
    body_hint = "Anything else colleagues should know. " + PostForm.body_hint
    body = _text_field("Anything else to know (optional)")
    prompt_text = TextAreaField("The prompt", validators=[DataRequired("Enter the prompt."),
                                                          Length(max=MAX_SOURCE_CHARS, message=TOO_LONG)],
                                description="Use placeholders like [year group] for details staff fill in. "
                                            "Never include pupils’ names or data.")
    prompt_purpose = _text_field("What it is for", "Say what the prompt is for.",
                                 description="For example: a plain-English first draft of a letter to parents.")
    task = SelectField("The task it helps with", choices=choice_list([("", "Choose a task")] + list(TASKS.items())),
                       validators=[DataRequired("Choose the task the prompt helps with."),
                                   AnyOf(list(TASKS), message="Choose one of the tasks listed.")],
                       validate_choice=False, description="The prompt bank lists prompts by task.")
    prompt_tips = _text_field("Tips (optional)")
    prompt_checking = _text_field("Checking the output", "Say how to check what the tool produces.",
                                  description="For example: check dates, costs and names against the trip plan; "
                                              "read it aloud for tone.")


FORMS = {"case_study": CaseStudyForm, "failure": FailureForm, "trial": TrialForm, "prompt": PromptForm}

# Fields copied from a form onto a post, per kind; nothing else a request sends is ever bound.
COMMON_FIELDS = ("title", "body", "year_groups", "subjects", "visibility", "anonymous")
KIND_FIELDS = {
    "case_study": ("outcome", "minutes_saved_per_week", "task"),
    "failure": (),
    "trial": ("trial_question", "class_size", "what_was_done", "what_happened", "evidence_notes",
              "pupils_involved", "minutes_saved_per_week", "task", "outcome", "would_change"),
    "prompt": ("prompt_text", "prompt_purpose", "task", "prompt_tips", "prompt_checking"),
}


class FollowUpForm(PortalForm):
    """ "One term on": did the trial last, what changed, and the staff time it saves now."""
    lasted = RadioField("Are you still doing it?", choices=LASTED,
                        validators=[DataRequired("Say whether you are still doing it.")])
    what_changed = TextAreaField("What changed since you shared it", validators=[
        DataRequired("Say what changed, even if the answer is “not much”."),
        Length(max=5_000, message="Keep it to 5,000 characters or fewer.")],
        description="What lasted, what you dropped, and what you would tell a colleague starting now. "
                    "Describe “a Year 4 pupil”, never a name.")
    minutes_saved_per_week = _minutes_field()
