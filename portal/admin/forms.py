from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from portal.auth.models import ROLES


class ChangeRoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLES)


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search by name or email", validators=[Optional(), Length(max=100)])
