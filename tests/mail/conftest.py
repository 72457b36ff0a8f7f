import re

import pytest

LINK = re.compile(r"http://127\.0\.0\.1:5000(/\S+)")


class FakeTransport:
    """Records messages; refuses the first `refuse` sends like a mail server that is down."""

    def __init__(self, refuse=0):
        self.refuse = refuse
        self.sent = []

    def send(self, message):
        if self.refuse:
            self.refuse -= 1
            raise ConnectionRefusedError("connection refused by mail.example")
        self.sent.append(message)


@pytest.fixture
def transport():
    return FakeTransport()


def links_in(text):
    """Site-relative paths of the links in an e-mail body."""
    return LINK.findall(text)
