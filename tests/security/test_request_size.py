"""Every form has a size cap, not only the register upload."""
import gc

import pytest

from tests.factories import make_user


def test_an_oversized_form_is_refused_before_it_is_read(client, auth):
    auth.login(make_user())
    response = auth.post("/practice/new/case_study", {"title": "x", "body": "a" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_a_long_post_still_fits(client, auth):
    auth.login(make_user())
    response = auth.post("/practice/new/case_study", {"title": "x", "body": "a" * 60_000})
    assert response.status_code != 413


# The test client spools a large body to a temporary file it never closes; collect it here, not in a later test.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_the_register_upload_keeps_its_own_larger_cap(client, auth):
    from tests.register_import.test_admin_pages import upload
    auth.login(make_user(role="admin"))
    response = upload(auth, b"URN,EstablishmentName\n" + b"1,School\n" * 400_000)
    assert response.status_code != 413
    del response
    gc.collect()
