"""Admins upload the register extract and correct a school's phases."""
import io
from pathlib import Path

from portal.extensions import db
from portal.orgs.models import School
from tests.factories import make_school, make_user

SAMPLE = Path(__file__).parent.parent / "fixtures" / "edubasealldata20261128.csv"


def upload(auth, data, filename="edubasealldata20261128.csv"):
    return auth.post("/admin/schools/import", {"extract": (io.BytesIO(data), filename)},
                     content_type="multipart/form-data")


def test_admin_uploads_the_extract_and_sees_the_bad_rows(client, auth):
    auth.login(make_user(role="admin"))
    response = upload(auth, SAMPLE.read_bytes())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "13 schools created" in page and "4 rows were not imported" in page
    assert "<td>15</td><td>GOR (name) &#39;Wales (pseudo)&#39; is not a region of England</td>" in page
    assert db.session.scalar(db.select(db.func.count(School.id))) == 13


def test_upload_needs_a_csv_file(client, auth):
    auth.login(make_user(role="admin"))
    missing = auth.post("/admin/schools/import", {}, content_type="multipart/form-data")
    assert missing.status_code == 422 and "Choose the register&#39;s CSV file." in missing.get_data(as_text=True)
    wrong = upload(auth, b"%PDF", filename="register.pdf")
    assert wrong.status_code == 422 and "Choose a .csv file" in wrong.get_data(as_text=True)


def test_an_unreadable_upload_is_explained_and_nothing_is_written(client, auth):
    auth.login(make_user(role="admin"))
    response = upload(auth, b"name,town\r\nA,B\r\n")
    assert response.status_code == 422 and "does not look like a register extract" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(School.id))) == 0


def test_uploads_over_the_size_cap_are_refused(app, client, auth, monkeypatch):
    monkeypatch.setitem(app.config, "SCHOOL_IMPORT_MAX_BYTES", 1000)
    auth.login(make_user(role="admin"))
    assert upload(auth, SAMPLE.read_bytes()).status_code == 413


def test_only_admins_can_import_or_edit_schools(client, auth):
    target = make_school()
    assert client.get("/admin/schools/import").status_code == 302
    auth.login(make_user(role="moderator"))
    assert client.get("/admin/schools/import").status_code == 403
    assert upload(auth, SAMPLE.read_bytes()).status_code == 403
    assert client.get(f"/admin/schools/{target.id}").status_code == 403
    assert auth.post(f"/admin/schools/{target.id}", {"phases": ["secondary"]}).status_code == 403


def test_admin_corrects_a_schools_phases(client, auth):
    target = make_school("Moorside School", phase_ids=("primary",))
    auth.login(make_user(role="admin"))
    page = client.get(f"/admin/schools/{target.id}").get_data(as_text=True)
    assert "Moorside School" in page
    response = auth.post(f"/admin/schools/{target.id}", {"phases": ["primary", "secondary"]})
    assert response.status_code == 303
    db.session.refresh(target)
    assert [p.id for p in target.phases] == ["primary", "secondary"] and target.phases_corrected_at is not None
    assert auth.post(f"/admin/schools/{target.id}", {"phases": ["made-up"]}).status_code == 422
    assert client.get("/admin/schools/99999").status_code == 404
