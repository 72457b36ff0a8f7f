"""Forms for importing the register, correcting a school's phases and searching schools."""
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import StringField
from wtforms.validators import Length, Optional

from portal.form_fields import MultiCheckboxField, PortalForm


class ImportSchoolsForm(PortalForm):
    extract = FileField("Register extract (CSV)", validators=[
        FileRequired("Choose the register's CSV file."),
        FileAllowed(["csv"], "Choose a .csv file, like edubasealldata20261128.csv.")],
        description="The \"establishment fields\" CSV downloaded from Get Information About Schools, as it comes "
                    "(Windows-1252 encoded).")


class SchoolPhasesForm(PortalForm):
    phases = MultiCheckboxField("Phases", validate_choice=True, description="Select all that apply.")


class SchoolSearchForm(PortalForm):
    class Meta:
        csrf = False

    q = StringField("School name, town, postcode or URN", validators=[Optional(), Length(max=100)])
