"""A malformed register upload gets a clear 422, never a server error."""
import pytest

from portal.register_import.gias import REQUIRED_COLUMNS
from tests.factories import make_user
from tests.register_import.test_admin_pages import upload

HEADER = ",".join(REQUIRED_COLUMNS).encode("cp1252")


@pytest.mark.parametrize("body", [
    HEADER + b'\n"' + b"x" * 200_000 + b'"\n',  # a field beyond the csv module's limit
    HEADER + b'\n"unterminated,quote\n',
    HEADER + b"\n\x00\x00,\x00\n",
    b'"' + b"y" * 200_000 + b'"\n',  # the header line itself
])
def test_a_broken_csv_is_refused_with_a_message(client, auth, body):
    auth.login(make_user(role="admin"))
    response = upload(auth, body)
    assert response.status_code in (200, 422), response.status_code  # 200: the bad rows are listed
    assert "Traceback" not in response.get_data(as_text=True)
