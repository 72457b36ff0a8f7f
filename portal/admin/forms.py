from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from portal.auth.models import ROLES
from portal.form_fields import PortalForm


class ChangeRoleForm(PortalForm):
    role = SelectField("Role", choices=ROLES)


class UserSearchForm(PortalForm):
    class Meta:
        csrf = False

    q = StringField("Search by name or email", validators=[Optional(), Length(max=100)])
