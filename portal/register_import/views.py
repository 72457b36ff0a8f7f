"""Importing the register (admins), correcting a school's phases, and the school search behind the pickers."""
import click
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from portal.extensions import limiter
from portal.htmx import is_fragment_request
from portal.permissions import admin_required
from portal.register_import import services
from portal.register_import.forms import ImportSchoolsForm, SchoolPhasesForm, SchoolSearchForm
from portal.register_import.gias import ExtractError
from portal.security import keeps_input_on_csrf_failure
from portal.taxonomy.services import phase_choices

bp = Blueprint("register_import", __name__, cli_group=None)


@bp.url_value_preprocessor
def cap_upload_size(endpoint, values):
    # Runs before CSRFProtect reads the form, so an oversized upload is refused before it is parsed.
    if endpoint == "register_import.import_schools":
        request.max_content_length = current_app.config["SCHOOL_IMPORT_MAX_BYTES"]


@bp.route("/admin/schools/import", methods=["GET", "POST"])
@admin_required
@keeps_input_on_csrf_failure
def import_schools():
    """Upload a register extract: schools and trusts are created or updated, bad rows listed."""
    form = ImportSchoolsForm()
    report, problem = None, None
    if form.validate_on_submit():
        try:
            report = services.import_extract(form.extract.data.read())
        except ExtractError as error:
            problem = str(error)
    status = 422 if (form.errors or problem) else 200
    return render_template("register_import/import.html", form=form, report=report, problem=problem), status


@bp.route("/admin/schools/<int:school_id>", methods=["GET", "POST"])
@admin_required
@keeps_input_on_csrf_failure
def edit_school(school_id):
    """Correct the phases the register gave a school."""
    school = services.school_with_phases(school_id) or abort(404)
    form = SchoolPhasesForm()
    form.phases.choices = phase_choices()
    if request.method == "GET":
        form.phases.data = [p.id for p in school.phases]
    if form.validate_on_submit():
        services.set_school_phases(school, form.phases.data)
        flash(f"The phases of {school.name} have been saved.", "success")
        return redirect(url_for("register_import.edit_school", school_id=school.id), code=303)
    return render_template("register_import/school.html", school=school, form=form), 422 if form.errors else 200


@bp.get("/schools/search")
@limiter.limit(lambda: current_app.config["SCHOOL_SEARCH_RATE_LIMIT"])
def search():
    """Find schools; HTMX gets radio options for the school picker, others a page of results."""
    form = SchoolSearchForm(request.args)
    query = form.q.data.strip() if form.validate() and form.q.data else ""
    if is_fragment_request():
        picker = services.school_picker(request.args.get("school", ""), query)
        return render_template("register_import/_school_options.html", picker=picker)
    return render_template("register_import/search.html", form=form, schools=services.search_schools(query),
                           query=query)


@bp.cli.command("import-schools")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_schools_command(path):
    """Import schools and trusts from a register extract (edubasealldataYYYYMMDD.csv)."""
    with open(path, "rb") as extract:
        try:
            report = services.import_extract(extract.read())
        except ExtractError as error:
            raise click.ClickException(str(error))
    click.echo(f"Schools: {report.created} created, {report.updated} updated, "
               f"{report.skipped_closed} closed schools skipped. "
               f"Trusts: {report.trusts_created} created, {report.trusts_matched} matched by name, "
               f"{report.trusts_updated} renamed.")
    for line, reason in report.errors:
        click.echo(f"Line {line}: {reason}", err=True)
    if report.errors:
        click.echo(f"{len(report.errors)} rows were not imported.", err=True)
