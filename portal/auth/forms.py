"""Forms for registering, signing in and looking after an account."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.auth.passwords import MAX_LENGTH, password_problem
from portal.orgs.models import REGIONS, SIZE_BANDS

NOT_LISTED = "new"


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProfileForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired("Enter your name."), Length(max=120)])
    job_title = StringField("Job title", validators=[Optional(), Length(max=120)],
                            description="For example, Year 4 teacher or Director of Education.")
    trust = SelectField("Trust or school group", validate_choice=False)
    new_trust_name = StringField("Name of your trust or school group", validators=[Optional(), Length(max=200)])
    new_trust_size = SelectField("How many schools are in it?", choices=list(SIZE_BANDS.items()),
                                 default="2-5")
    school = SelectField("School", validate_choice=False)
    new_school_name = StringField("Name of your school", validators=[Optional(), Length(max=200)])
    phases = MultiCheckboxField("Phases you work in", validate_choice=True,
                                description="Select all that apply.")
    region = SelectField("Region of England",
                         choices=[("", "Choose a region")] + list(REGIONS.items()),
                         validators=[DataRequired("Choose the region of England you work in.")])

    def set_organisation_choices(self, trusts, schools, phase_choices):
        self.trust.choices = ([("", "Not part of a trust or group")] + [(str(t.id), t.name) for t in trusts]
                              + [(NOT_LISTED, "My trust or group is not listed")])
        self.school.choices = ([("", "I do not work in one school (for example, central team)")]
                               + [(str(s.id), s.name) for s in schools]
                               + [(NOT_LISTED, "My school is not listed")])
        self.phases.choices = phase_choices

    def validate_trust(self, field):
        _check_org_choice(field, self.new_trust_name, "trust or school group")

    def validate_school(self, field):
        _check_org_choice(field, self.new_school_name, "school")


def _check_org_choice(field, new_name_field, noun):
    valid = {value for value, _ in field.choices}
    if field.data not in valid:
        raise ValidationError(f"Choose your {noun} from the list.")
    if field.data == NOT_LISTED and not (new_name_field.data or "").strip():
        new_name_field.errors = list(new_name_field.errors) + [f"Enter the name of your {noun}."]
        raise ValidationError(f"You chose a {noun} that is not listed: enter its name below.")


class RegistrationForm(ProfileForm):
    email = EmailField("Email address", validators=[
        DataRequired("Enter your email address."),
        Email("Enter an email address in the correct format, like name@school.org.uk."),
        Length(max=254)])
    password = PasswordField("Create a password", validators=[DataRequired("Create a password.")],
                             description="At least 8 characters. A phrase of three or four words is easy "
                                         "to remember and hard to guess.")
    confirm_password = PasswordField("Confirm your password", validators=[
        DataRequired("Confirm your password."), EqualTo("password", "The passwords do not match.")])

    def validate_password(self, field):
        problem = password_problem(field.data or "", self.name.data, (self.email.data or "").split("@")[0])
        if problem:
            raise ValidationError(problem)


class SignInForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired("Enter your email address."),
                                                    Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password."),
                                                     Length(max=MAX_LENGTH)])
    remember = BooleanField("Keep me signed in on this device for 30 days")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired("Enter your current password.")])
    new_password = PasswordField("New password", validators=[DataRequired("Enter a new password.")],
                                 description="At least 8 characters. Changing it signs you out everywhere else.")
    confirm_password = PasswordField("Confirm new password", validators=[
        DataRequired("Confirm your new password."), EqualTo("new_password", "The passwords do not match.")])

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_new_password(self, field):
        problem = password_problem(field.data or "", self.user.name, self.user.email.split("@")[0])
        if problem:
            raise ValidationError(problem)
