"""Forms for trust leads and admins."""
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from portal.form_fields import PortalForm

DOMAIN_HINT = ("The part after the @ in your staff's addresses, like northern-lights.org.uk. Addresses on its "
               "subdomains count too. Anyone who confirms an address on it becomes a verified member.")


class DomainForm(PortalForm):
    domain = StringField("Staff e-mail domain", description=DOMAIN_HINT,
                         validators=[DataRequired("Enter your staff's e-mail domain."), Length(max=253)])


class ApproveTrustForm(PortalForm):
    domain = StringField("Staff e-mail domain (optional)", description=DOMAIN_HINT,
                         validators=[Optional(), Length(max=253)])


class MergeTrustForm(PortalForm):
    target = SelectField("Merge it into", validate_choice=True,
                         description="Its members and schools move to this trust; members wait for its "
                                     "leads to confirm them unless their address proves it.")

