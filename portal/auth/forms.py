"""Forms for registering, signing in and looking after an account."""
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from portal.auth.passwords import MAX_LENGTH, password_problem
from portal.extensions import db
from portal.form_fields import MultiCheckboxField, PortalForm, choice_list
from portal.orgs.models import REGIONS, SIZE_BANDS, School
from portal.params import whole_number

NOT_LISTED = "new"


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


def email_validators(missing="Enter your email address."):
    return [DataRequired(missing), Email("Enter an email address in the correct format, like name@school.org.uk."),
            Length(max=254)]


class ProfileForm(PortalForm):
    name = StringField("Your name", validators=[DataRequired("Enter your name."), Length(max=120)])
    job_title = StringField("Job title", validators=[Optional(), Length(max=120)],
                            description="For example, Year 4 teacher or Director of Education.")
    trust = SelectField("Trust or school group", validate_choice=False)
    new_trust_name = StringField("Name of your trust or school group", validators=[Length(max=200)])
    new_trust_size = SelectField("How many schools are in it?", choices=SIZE_BANDS,
                                 default="2-5")
    # Any open school by id, "" or "new": picked from search results, not a list of every school.
    school = StringField("School")
    new_school_name = StringField("Name of your school", validators=[Length(max=200)])
    phases = MultiCheckboxField("Phases you work in", validate_choice=True,
                                description="Select all that apply.")
    region = SelectField("Region of England",
                         choices=choice_list([("", "Choose a region")] + list(REGIONS.items())),
                         validators=[DataRequired("Choose the region of England you work in.")])

    def set_organisation_choices(self, trusts, phase_choices):
        self.trust.choices = choice_list([("", "Not part of a trust or group")] + [(t.id, t.name) for t in trusts]
                                         + [(NOT_LISTED, "My trust or group is not listed")])
        self.phases.choices = choice_list(phase_choices)

    def validate_trust(self, field):
        _check_choice(field, "trust or school group")

    def validate_school(self, field):
        field.data = field.data or ""
        if field.data in ("", NOT_LISTED):
            return
        school_id = whole_number(field.data)
        if school_id is None or db.session.get(School, school_id) is None:
            raise ValidationError("Choose your school from the list.")

    def validate_new_trust_name(self, field):
        _require_name_if_not_listed(self.trust, field, "trust or school group")

    def validate_new_school_name(self, field):
        _require_name_if_not_listed(self.school, field, "school")


def _check_choice(field, noun):
    if field.data not in {choice.value for choice in field.choices}:
        raise ValidationError(f"Choose your {noun} from the list.")


def _require_name_if_not_listed(choice_field, name_field, noun):
    if choice_field.data == NOT_LISTED and not (name_field.data or "").strip():
        raise ValidationError(f"Enter the name of your {noun}.")


class RegistrationForm(ProfileForm):
    email = EmailField("Email address", filters=[strip_whitespace], validators=email_validators())
    password = PasswordField("Create a password", validators=[DataRequired("Create a password.")],
                             description="At least 8 characters. A phrase of three or four words is easy "
                                         "to remember and hard to guess.")
    confirm_password = PasswordField("Confirm your password", validators=[
        DataRequired("Confirm your password."), EqualTo("password", "The passwords do not match.")])

    def validate_password(self, field):
        problem = password_problem(field.data or "", self.name.data, (self.email.data or "").split("@")[0])
        if problem:
            raise ValidationError(problem)


class SignInForm(PortalForm):
    email = EmailField("Email address", filters=[strip_whitespace], validators=[DataRequired("Enter your email address."),
                                                    Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password."),
                                                     Length(max=MAX_LENGTH)])
    remember = BooleanField("Keep me signed in on this device for 30 days")


class ResetPasswordForm(PortalForm):
    new_password = PasswordField("New password", validators=[DataRequired("Enter a new password.")],
                                 description="At least 8 characters. Setting it signs you out everywhere.")
    confirm_password = PasswordField("Confirm new password", validators=[
        DataRequired("Confirm your new password."), EqualTo("new_password", "The passwords do not match.")])

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_new_password(self, field):
        problem = password_problem(field.data or "", self.user.name, self.user.email.split("@")[0])
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField("Current password", validators=[DataRequired("Enter your current password.")])
    new_password = PasswordField("New password", validators=[DataRequired("Enter a new password.")],
                                 description="At least 8 characters. Changing it signs you out everywhere else.")


class ForgotPasswordForm(PortalForm):
    email = EmailField("Email address", filters=[strip_whitespace], validators=email_validators())


class ChangeEmailForm(PortalForm):
    new_email = EmailField("New email address", filters=[strip_whitespace],
                           validators=email_validators("Enter your new email address."),
        description="We will send a link to it. Your address changes only when you open that link.")
    current_password = PasswordField("Your password", validators=[DataRequired("Enter your password.")])
