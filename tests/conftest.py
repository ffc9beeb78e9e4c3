"""Fixtures shared by every test folder."""

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from tests.utils import run_setup


@pytest.fixture(autouse=True, scope="session")
def media_root(tmp_path_factory):
    """Uploaded files go to this run's own folder, which pytest cleans up."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, media_root):
    """The test database, with the office set-up builds made once (tests/seeded.py)."""
    from tests import seeded
    from tests.utils import run_setup_command

    with django_db_blocker.unblock():
        seeded.build(run_setup_command)
        cache.clear()


@pytest.fixture(autouse=True)
def clear_cache():
    """Wagtail caches site root paths; a rolled-back site must not outlive its test."""
    yield
    cache.clear()


@pytest.fixture
def disclosure(db):
    """A site with the office, 11 units, the index and the 19 categories."""
    run_setup()
    from tests.utils import disclosure_index

    return disclosure_index()


@contextmanager
def shared_data(django_db_blocker):
    """Data made once for a module or class of read-only tests, rolled back after.

    Each test still runs in its own savepoint inside, as with Django's
    TestCase.setUpTestData, so a test that writes cannot leak into the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
