"""The admin's form mapping a Microsoft tenant or a Google Workspace domain to a trust."""
import re

from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.form_fields import PortalForm, choice_list

TENANT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DOMAIN = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class MappingForm(PortalForm):
    provider = SelectField("Provider", choices=choice_list([("microsoft", "Microsoft (a tenant id)"),
                                                            ("google", "Google (a Workspace domain)")]))
    key = StringField("Tenant id or Workspace domain",
                      validators=[DataRequired("Enter the tenant id or the Workspace domain."), Length(max=255)],
                      description="Microsoft: the directory (tenant) id, like 72f988bf-86f1-41af-91ab-2d7cd011db47. "
                                  "Google: the domain of the school's Workspace, like northern-lights.org.uk.")
    trust_id = SelectField("Trust", coerce=int, validate_choice=True)

    def validate_key(self, field):
        key = (field.data or "").strip().lower()
        pattern, example = ((TENANT_ID, "a tenant id like 72f988bf-86f1-41af-91ab-2d7cd011db47")
                            if self.provider.data == "microsoft" else (DOMAIN, "a domain like northern-lights.org.uk"))
        if not pattern.match(key):
            raise ValidationError(f"Enter {example}.")
