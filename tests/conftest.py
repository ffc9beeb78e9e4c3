"""Fixtures shared by every test folder."""

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from tests.utils import run_setup


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Keep a file's tests on one worker when they share module- or class-wide data.

    `make test` runs xdist's loadgroup scheduler: tests marked with one xdist_group
    go to the same worker, the others are handed out one by one. Without the mark,
    the workers would take turns on a file's tests and each build its shared data
    (a demo office, a thousand items) again. Tests that commit (transactional) are
    left ungrouped, so they still run last, after every test that needs the rows
    migrations made.
    """
    if not getattr(config.option, "loadgroup", False):
        return  # one process, or another scheduler: nothing to group
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None or _is_transactional(item):
            continue
        shared = any(
            definitions[-1].scope in ("class", "module", "package")
            for name in item.fixturenames
            # Not the plugins' own (pytest-django's unittest set-up is class-wide).
            if not name.startswith("_")
            and (definitions := info.name2fixturedefs.get(name))
        )
        if shared:
            _join_group(item, item.nodeid.split("::")[0])


def _join_group(item, group: str) -> None:
    """What xdist does for an xdist_group mark: the scheduler reads the group after
    the test id's last "@". xdist 3.8 writes ``item._nodeid``, which pytest 9 no
    longer reads (its id is ``item._id``), so the id is set here for both."""
    item.add_marker(pytest.mark.xdist_group(group))
    grouped = f"{item.nodeid}@{group}"
    if hasattr(item, "_id"):
        from _pytest.nodeid import NodeId

        item._id = NodeId.parse(grouped)
    else:
        item._nodeid = grouped


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
