"""Fixtures shared by every test folder."""

import pytest

from tests.utils import run_setup


@pytest.fixture
def disclosure(db):
    """A site with the office, 11 units, the index and the 19 categories."""
    run_setup()
    from tests.utils import disclosure_index

    return disclosure_index()
