"""Members choose what the directory shows about them, and whether they are listed at all."""
import re

from portal.directory.models import DirectoryProfile
from portal.extensions import db
from tests.factories import make_directory_profile, make_user

VALID = {"role_type": "school-leader", "setting": "special", "locality": "rural", "disadvantage_band": "above",
         "recommendations": ["r17", "r14-staffing"], "question_sets": ["equity-access"],
         "happy_to_talk_about": "Report writing with AI <and> what went wrong", "listed": "y", "open_to_contact": "y"}


def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get("/account/directory")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_new_member_is_not_listed_until_they_opt_in(client, auth):
    user = make_user()
    auth.login(user)
    page = client.get("/account/directory").get_data(as_text=True)
    assert 'name="listed"' in page and 'name="listed" type="checkbox" value="y" checked' not in page
    assert db.session.get(DirectoryProfile, user.id) is None  # created only when saved


def test_member_saves_their_directory_profile(client, auth):
    user = make_user()
    auth.login(user)
    response = auth.post("/account/directory", VALID)
    assert response.status_code == 303
    profile = db.session.get(DirectoryProfile, user.id)
    assert profile.listed and profile.open_to_contact and profile.setting == "special"
    assert [r.id for r in profile.recommendations] == ["r14-staffing", "r17"]
    assert [q.id for q in profile.question_sets] == ["equity-access"]
    page = client.get("/account/directory").get_data(as_text=True)
    assert "Report writing with AI &lt;and&gt; what went wrong" in page


def test_invalid_profile_answers_422_and_keeps_what_was_typed(client, auth):
    auth.login(make_user())
    response = auth.post("/account/directory", {**VALID, "role_type": "", "happy_to_talk_about": "x" * 501})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in page and "Choose the kind of role you have." in page
    assert "Keep this to 500 characters or fewer." in page


def test_unknown_priority_is_refused(client, auth):
    auth.login(make_user())
    response = auth.post("/account/directory", {**VALID, "recommendations": ["r99"]})
    assert response.status_code == 422


def test_profile_form_cannot_change_someone_elses_profile(client, auth):
    other = make_user()
    make_directory_profile(other, listed=False)
    me = make_user()
    auth.login(me)
    auth.post("/account/directory", {**VALID, "user_id": str(other.id)})
    assert db.session.get(DirectoryProfile, other.id).listed is False
    assert db.session.get(DirectoryProfile, me.id).listed is True


def test_account_page_links_to_the_directory_profile_and_your_data(client, auth):
    auth.login(make_user())
    page = client.get("/account").get_data(as_text=True)
    assert 'href="/account/directory"' in page and 'href="/account/data"' in page


def test_a_new_profile_suggests_setting_and_area_from_the_register(client, auth):
    from tests.factories import make_school
    school = make_school("Willowbrook Special School", establishment_type="Academy special converter",
                         urban_rural="(England/Wales) Rural town and fringe")
    auth.login(make_user(school=school))
    page = client.get("/account/directory").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*name="setting"[^>]*value="special">', page)
    assert '<option selected value="rural">' in page
