"""The form that confirms deleting an account."""
from wtforms import PasswordField, RadioField
from wtforms.validators import DataRequired

from portal.form_fields import PortalForm, choice_list

POST_CHOICES = {
    "anonymise": "Keep my posts and comments, without my name (shown as by \"A former member\" or my anonymous description)",
    "delete": "Delete my posts and comments",
}


class DeleteAccountForm(PortalForm):
    posts = RadioField("What should happen to what you have shared?", choices=choice_list(POST_CHOICES.items()),
                       validators=[DataRequired("Choose what should happen to your posts and comments.")])
    password = PasswordField("Your password", validators=[DataRequired("Enter your password to confirm.")],
                             description="To confirm it is you.")
