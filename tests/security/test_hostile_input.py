"""Each cause of a 500 the outside fuzz test found: ids, numbers, NUL, "²", blank filters, empty bodies, register rows."""
import io
from pathlib import Path

import pytest
from flask_wtf import FlaskForm

from portal.auth.models import User
from portal.extensions import db
from portal.form_fields import CONTROL_CHARACTER_PROBLEM, PortalForm
from portal.orgs.models import School
from portal.params import ADDRESS_PROBLEM, PAGE_PROBLEM, whole_number
from portal.practice.models import Comment
from portal.register_import.gias import parse_extract
from tests.conftest import csrf_token_from
from tests.factories import make_post, make_school, make_user

SAMPLE = Path(__file__).parent.parent / "fixtures" / "edubasealldata20261128.csv"


@pytest.mark.parametrize("path", ["/practice/2147483648", "/practice/9223372036854775808", "/practice/" + "9" * 5000,
                                  "/practice/2147483647", "/practice/%D9%A3", "/practice/%C2%B2",
                                  "/directory/2147483648", "/admin/schools/9223372036854775808"])
def test_an_id_the_database_cannot_hold_is_page_not_found(client, auth, path):
    auth.login(make_user(role="admin"))
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/admin/users", "/moderation/users", "/moderation/log", "/directory"])
@pytest.mark.parametrize("page", ["9223372036854775808", "2147483648", "²", "-1", "0", "x"])
def test_a_page_number_out_of_range_is_a_400_that_says_so(client, auth, path, page):
    auth.login(make_user(role="admin"))
    response = client.get(path, query_string={"page": page})
    assert response.status_code == 400 and PAGE_PROBLEM in response.get_data(as_text=True)


def test_a_page_past_the_last_still_answers(client, auth):
    auth.login(make_user(role="admin"))
    assert client.get("/admin/users?page=2147483647").status_code == 200


@pytest.mark.parametrize("query", ["9223372036854775808", "2147483648", "²"])
def test_a_huge_number_or_superscript_digit_in_the_school_search_finds_nothing(client, query):
    make_school("Oak Hill Academy", urn=100001)
    response = client.get("/schools/search", query_string={"q": query})
    assert response.status_code == 200 and "Oak Hill Academy" not in response.get_data(as_text=True)


def test_a_school_can_still_be_found_by_its_urn(client):
    make_school("Oak Hill Academy", urn=100001)
    assert "Oak Hill Academy" in client.get("/schools/search?q=100001").get_data(as_text=True)


def test_whole_numbers_are_ascii_digits_within_the_id_columns():
    assert [whole_number(v) for v in ["12", "007", "2147483647"]] == [12, 7, 2147483647]
    assert [whole_number(v) for v in ["²", "٣", "2147483648", "-1", " 1", "1.0", "", None, 3]] == [None] * 9


@pytest.mark.parametrize("path", ["/recommendations/%00", "/practice?q=a%00b", "/schools/search?q=%00",
                                  "/feeds/kinds/%00.atom", "/practice?%00=x", "/verify-email/a%00b",
                                  "/practice?phase=primary&phase=a%00b"])
def test_nul_in_the_address_is_a_400_with_a_clear_page(client, path):
    response = client.get(path)
    assert response.status_code == 400 and ADDRESS_PROBLEM in response.get_data(as_text=True)


def test_nul_in_a_form_field_re_renders_the_form_keeping_what_was_typed(client, auth):
    user = make_user(name="Sam Patel")
    auth.login(user)
    response = auth.post("/account/profile", {"name": "Sam\x00 Jones", "job_title": "Head of\x1b Computing",
                                              "trust": "", "school": "", "phases": ["primary"], "region": "london"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.count(CONTROL_CHARACTER_PROBLEM) == 4  # each field's message, and the summary's links to them
    assert 'value="Sam Jones"' in page and 'value="Head of Computing"' in page
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Sam Patel"


def test_nul_in_an_htmx_comment_is_refused_with_the_comment_kept(client, auth):
    post = make_post()
    auth.login(make_user())
    response = auth.post(f"/practice/{post.id}/comments", {"comment-body": "Useful\x00 idea"},
                         headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and CONTROL_CHARACTER_PROBLEM in page and "Useful idea" in page
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_tabs_and_new_lines_in_a_textarea_are_kept(client, auth):
    post = make_post()
    auth.login(make_user())
    response = auth.post(f"/practice/{post.id}/comments", {"comment-body": "First line\r\n\tthen an indented one"})
    assert response.status_code < 400
    assert "\n\tthen an indented one" in db.session.scalar(db.select(Comment.body))


@pytest.mark.parametrize("school", ["²", "9223372036854775808", "2147483648"])
def test_a_school_choice_that_is_not_a_school_id_is_refused_kindly(client, auth, school):
    auth.login(make_user())
    response = auth.post("/account/profile", {"name": "Sam", "trust": "", "school": school, "phases": ["primary"],
                                              "region": "london"})
    assert response.status_code == 422 and "Choose your school from the list." in response.get_data(as_text=True)


@pytest.mark.parametrize("replicates", ["²", "9223372036854775808"])
def test_a_replication_of_a_post_id_that_cannot_exist_is_not_found(client, auth, replicates):
    auth.login(make_user())
    assert client.get("/practice/new/trial", query_string={"replicates": replicates}).status_code == 404
    response = auth.post("/practice/new/trial", {"replicates": replicates, "title": ""})
    assert response.status_code == 422


@pytest.mark.parametrize("moderator", [" ", "²", "9223372036854775808", "x"])
def test_a_blank_or_junk_moderator_filter_does_not_break_the_moderation_log(client, auth, moderator):
    auth.login(make_user(role="moderator"))
    response = client.get("/moderation/log", query_string={"moderator": moderator})
    assert response.status_code in (200, 400)


def test_a_blank_moderator_filter_shows_everyone(client, auth):
    auth.login(make_user(role="moderator"))
    assert client.get("/moderation/log?moderator=%20").status_code == 200


def test_an_admin_school_update_with_no_form_body_leaves_the_school_with_no_phases(client, auth):
    school = make_school(phase_ids=("primary",))
    auth.login(make_user(role="admin"))
    response = client.post(f"/admin/schools/{school.id}", headers={"X-CSRFToken": csrf_token_from(client, "/")})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(School, school.id).phases == []


def test_every_form_shares_the_portal_base_form(app):
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)
    outside = [f"{cls.__module__}.{cls.__name__}" for cls in subclasses(FlaskForm)
               if cls.__module__.startswith("portal.") and not issubclass(cls, PortalForm)]
    assert outside == []


def register_row(**values):
    """The sample extract's header and one good row, with the given columns changed."""
    lines = SAMPLE.read_bytes().decode("cp1252").splitlines()
    header = lines[0].split(",")
    row = dict(zip(header, lines[1].split(",")), **{"URN": "123456", **values})
    return (lines[0] + "\r\n" + ",".join(row[column] for column in header) + "\r\n").encode("cp1252")


@pytest.mark.parametrize("column, value, reason", [
    ("EstablishmentName", "Oak\x00Hill", "EstablishmentName contains a control character"),
    ("Town", "Preston\x00", "Town contains a control character"),
    ("NumberOfPupils", "99999999999999999999", "NumberOfPupils is not a whole number from 0 to 20,000"),
    ("NumberOfPupils", "²", "NumberOfPupils is not a whole number"),
    ("URN", "9223372036854775808", "URN is not a whole number"),
    ("PercentageFSM", "1e309", "PercentageFSM is not between 0 and 100"),
    ("PercentageFSM", "nan", "PercentageFSM is not between 0 and 100"),
    ("Postcode", "PR1 2AB" * 3, "Postcode is longer than 10 characters"),
    ("Trusts (code)", "T" * 21, "Trusts (code) is longer than 20 characters"),
    ("EstablishmentName", "x" * 201, "EstablishmentName is longer than 200 characters"),
])
def test_a_register_row_the_database_cannot_hold_is_reported_by_line(column, value, reason):
    parsed = parse_extract(register_row(**{column: value}))
    assert parsed.rows == [] and len(parsed.errors) == 1
    line, problem = parsed.errors[0]
    assert line == 2 and reason in problem


def test_an_admin_import_with_a_nul_in_a_name_lists_the_row_and_keeps_the_others(client, auth):
    auth.login(make_user(role="admin"))
    data = SAMPLE.read_bytes().replace(b"Harbour View Academy", b"Harbour\x00View Academy")
    response = auth.post("/admin/schools/import", {"extract": (io.BytesIO(data), "edubasealldata20261128.csv")},
                         content_type="multipart/form-data")
    assert response.status_code == 200
    assert "EstablishmentName contains a control character" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(School).where(School.urn == 100002)) is None
    assert db.session.scalar(db.select(School).where(School.urn == 100001)) is not None


def test_a_value_the_database_refuses_is_a_400_with_a_message_not_a_500(client, monkeypatch, caplog):
    from sqlalchemy.exc import DataError

    from portal.register_import import services

    def refused(*args, **kwargs):
        raise DataError("SELECT ...", {}, ValueError("integer out of range"))
    monkeypatch.setattr(services, "search_schools", refused)
    response = client.get("/schools/search?q=oak")
    assert response.status_code == 400
    assert "Check what you sent" in response.get_data(as_text=True)
    assert "value refused by the database" in caplog.text and "SELECT" not in response.get_data(as_text=True)
