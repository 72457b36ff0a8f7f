"""Importing the DfE register extract: Windows-1252, derived phases, by URN without duplicates, bad rows reported."""
from pathlib import Path

import pytest

from portal.extensions import db
from portal.orgs.models import School, Trust
from portal.register_import.gias import ExtractError, derive_phases, parse_extract
from portal.register_import.services import import_extract
from tests.factories import make_school, make_trust, make_user

SAMPLE = Path(__file__).parent.parent / "fixtures" / "edubasealldata20261128.csv"
BAD_LINES = {14: "URN is missing", 15: "is not a region of England", 16: "NumberOfPupils is not a whole number",
             17: "URN 100002 appears more than once"}


def school(urn):
    return db.session.scalar(db.select(School).where(School.urn == urn))


def phase_ids(urn):
    return [p.id for p in school(urn).phases]


def test_sample_import_keeps_good_rows_and_reports_bad_ones_by_line():
    report = import_extract(SAMPLE.read_bytes())
    assert (report.created, report.updated, report.skipped_closed, report.trusts_created) == (13, 0, 1, 3)
    assert [line for line, _ in report.errors] == sorted(BAD_LINES)
    for (line, reason) in report.errors:
        assert BAD_LINES[line] in reason
    assert db.session.scalar(db.select(db.func.count(School.id))) == 13


def test_windows_1252_text_is_decoded():
    import_extract(SAMPLE.read_bytes())
    assert school(100001).name == "St Mary\u2019s Church of England Primary School"
    assert school(100011).name == "École Française Jacques Prévert"
    assert school(100010).name == "Ysgol Gymraeg Llundain"


def test_register_fields_are_stored():
    import_extract(SAMPLE.read_bytes())
    mary = school(100001)
    assert (mary.region, mary.la_name, mary.town, mary.postcode) == ("north-west", "Lancashire", "Preston", "PR1 2AB")
    assert (mary.number_of_pupils, mary.percentage_fsm, mary.status) == (212, 18.4, "open")
    assert mary.establishment_type == "Academy converter" and "Urban" in mary.urban_rural
    assert mary.trust.name == "Northern Lights Learning Trust" and mary.trust.gias_code == "TR01234"
    kingfisher = school(100006)
    assert kingfisher.percentage_fsm is None and school(100014).number_of_pupils is None
    assert school(100003).region == "yorkshire-and-the-humber"


@pytest.mark.parametrize("urn, expected", [
    (100001, ["nursery", "primary"]), (100002, ["secondary", "sixth-form"]),
    (100003, ["primary", "secondary", "sixth-form"]), (100004, ["pupil-referral-unit"]), (100005, ["specialist"]),
    (100006, ["nursery"]), (100007, ["sixth-form"]), (100008, ["secondary"]), (100009, ["primary"]),
    (100010, []), (100015, ["nursery", "primary", "secondary", "sixth-form"])])
def test_phases_are_derived_from_phase_type_sixth_form_and_nursery(urn, expected):
    import_extract(SAMPLE.read_bytes())
    assert phase_ids(urn) == expected


def test_alternative_provision_academies_count_as_pupil_referral_units():
    row = {"PhaseOfEducation (name)": "Not applicable", "TypeOfEstablishment (name)": "Academy alternative provision converter"}
    assert derive_phases(row) == ["pupil-referral-unit"]


def test_trust_size_bands_follow_their_open_schools():
    import_extract(SAMPLE.read_bytes())
    bands = {t.gias_code: t.size_band for t in db.session.scalars(db.select(Trust))}
    assert bands == {"TR01234": "2-5", "TR05678": "single", "TR09999": "2-5"}


def test_reimporting_updates_without_duplicates():
    import_extract(SAMPLE.read_bytes())
    changed = SAMPLE.read_bytes().replace(b"Harbour View Academy,", b"Harbour View Academy Trust School,")
    report = import_extract(changed)
    assert (report.created, report.updated, report.trusts_created) == (0, 13, 0)
    assert db.session.scalar(db.select(db.func.count(School.id))) == 13
    assert db.session.scalar(db.select(db.func.count(Trust.id))) == 3
    assert school(100002).name == "Harbour View Academy Trust School"


def test_existing_trust_and_school_are_matched_not_duplicated():
    trust = make_trust("Northern Lights", gias_code="TR01234", size_band="51+")
    existing = make_school("St Marys Primary", urn=100001, trust=None)
    member = make_user(school=existing)
    import_extract(SAMPLE.read_bytes())
    db.session.refresh(existing)
    assert existing.trust_id == trust.id and existing.name.startswith("St Mary\u2019s")
    assert trust.size_band == "2-5" and trust.name == "Northern Lights Learning Trust"
    assert db.session.get(type(member), member.id).school_id == existing.id


def test_known_school_that_closed_is_marked_closed():
    make_school("Old Mill Primary School", urn=100012)
    report = import_extract(SAMPLE.read_bytes())
    assert report.skipped_closed == 0 and school(100012).status == "closed"


def test_admin_phase_corrections_survive_a_reimport():
    import_extract(SAMPLE.read_bytes())
    from portal.register_import.services import set_school_phases
    set_school_phases(school(100010), ["primary", "secondary"])
    import_extract(SAMPLE.read_bytes())
    assert phase_ids(100010) == ["primary", "secondary"]


def test_a_file_that_is_not_windows_1252_is_refused_as_a_whole():
    with pytest.raises(ExtractError, match="Windows-1252"):
        parse_extract(SAMPLE.read_bytes() + b"\x81\x8d")


def test_a_file_without_the_register_columns_is_refused():
    with pytest.raises(ExtractError, match="URN"):
        parse_extract(b"name,town\r\nA school,Leeds\r\n")


def test_a_utf8_file_with_a_byte_order_mark_is_read_too():
    text = SAMPLE.read_bytes().decode("cp1252")
    parsed = parse_extract(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert parsed.rows[0].name == "St Mary\u2019s Church of England Primary School"


def test_bad_percentages_are_reported():
    header = b"URN,EstablishmentName,PhaseOfEducation (name),GOR (name),EstablishmentStatus (name),PercentageFSM\r\n"
    parsed = parse_extract(header + b"1,A,Primary,London,Open,120\r\n2,B,Primary,London,Open,abc\r\n")
    assert [line for line, _ in parsed.errors] == [2, 3] and not parsed.rows


def test_cli_imports_a_file_and_lists_bad_rows(runner):
    result = runner.invoke(args=["import-schools", str(SAMPLE)])
    assert result.exit_code == 0
    assert "13 created" in result.output and "Line 14: URN is missing" in result.output
    assert db.session.scalar(db.select(db.func.count(School.id))) == 13


def test_cli_refuses_an_unreadable_file(runner, tmp_path):
    bad = tmp_path / "edubasealldata.csv"
    bad.write_bytes(b"not,a,register\r\n")
    result = runner.invoke(args=["import-schools", str(bad)])
    assert result.exit_code != 0 and "register extract" in result.output


def test_trusts_made_here_without_a_code_are_matched_by_name_not_copied():
    demo = make_trust("Northern Lights Learning Trust")  # as the demo and an admin make them: no register code
    requested = make_trust("riverside  academies", status="requested")  # named by someone registering
    member = make_user(trust=demo)
    report = import_extract(SAMPLE.read_bytes())
    assert (report.trusts_created, report.trusts_matched) == (1, 2)  # only Fenland is new
    names = db.session.scalars(db.select(Trust.name).order_by(Trust.name)).all()
    assert names == ["Fenland Specialist Trust", "Northern Lights Learning Trust", "Riverside Academies"]
    db.session.refresh(demo)
    db.session.refresh(requested)
    assert demo.gias_code == "TR01234" and requested.gias_code == "TR09999"
    assert requested.status == "requested"  # the register names it; an admin still decides on the request
    assert school(100002).trust_id == demo.id and db.session.get(type(member), member.id).trust_id == demo.id


def test_the_registration_list_shows_each_trust_once_after_an_import(client):
    make_trust("Northern Lights Learning Trust")
    make_trust("Riverside Academies")
    import_extract(SAMPLE.read_bytes())
    page = client.get("/register").get_data(as_text=True)
    assert page.count(">Northern Lights Learning Trust") == 1 and page.count(">Riverside Academies") == 1


def test_a_school_named_here_gets_its_register_record_instead_of_a_copy():
    trust = make_trust("Riverside Academies")
    named = make_school("Riverside Sixth Form College", trust=trust, region="london")
    elsewhere = make_school("Kingfisher Nursery School", region="south-west")  # same name, another part of England
    import_extract(SAMPLE.read_bytes())
    db.session.refresh(named)
    db.session.refresh(elsewhere)
    assert named.urn == 100007 and named.la_name and named.trust.gias_code == "TR09999"
    assert db.session.scalar(db.select(db.func.count(School.id)).where(
        School.name == "Riverside Sixth Form College")) == 1
    assert elsewhere.urn is None and school(100006).id != elsewhere.id


def test_a_common_school_name_with_several_unregistered_matches_is_left_alone():
    first = make_school("Harbour View Academy", region=None)
    second = make_school("Harbour View Academy", region=None)
    import_extract(SAMPLE.read_bytes())
    db.session.refresh(first)
    db.session.refresh(second)
    assert first.urn is None and second.urn is None and school(100002) is not None
