"""Fixtures of the reporting tests."""

import pytest

from tests.utils import make_user


@pytest.fixture
def admin_user(db):
    return make_user("report-admin", is_superuser=True, is_staff=True)
