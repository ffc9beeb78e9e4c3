"""Two application servers sharing one Redis: what one stores the other serves, and
a publication through either is seen at once through both (no stale copy)."""

from __future__ import annotations

import pytest

from tests.cache.chain import edit_and_publish, publish_through_the_chain
from tests.cache.conftest import Visitor, cache_status
from tests.conftest import shared_data
from tests.moderation.office import build_office
from tests.utils import category

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_office(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield build_office()


@pytest.fixture
def office(module_office, db):
    return module_office


def test_a_publication_is_seen_at_once_through_both_servers(office, redis_caches):
    # Each "server" is a client of its own; the page cache and the counters are
    # the Redis database both use (nothing of the cache is kept in the process).
    server_a, server_b = Visitor(), Visitor(agent="Mozilla/5.0 (iPhone) Safari/604.1")
    listing = category("1.9").url
    assert cache_status(server_a.get(listing)) == "miss"
    assert cache_status(server_b.get(listing)) == "hit"  # stored by A

    item = office.item(title="ประกาศรับสมัครครูอัตราจ้าง", publish=False)
    publish_through_the_chain(office, item)

    on_a = server_a.get(listing)
    assert "ประกาศรับสมัครครูอัตราจ้าง" in on_a.content.decode()
    on_b = server_b.get(listing)
    assert "ประกาศรับสมัครครูอัตราจ้าง" in on_b.content.decode()
    assert cache_status(on_b) == "hit"  # A's fresh copy

    edit_and_publish(office, item, title="ประกาศรับสมัครครูอัตราจ้าง (แก้ไข)")
    for server in (server_b, server_a):
        assert "(แก้ไข)" in server.get(listing).content.decode()
        assert "(แก้ไข)" in server.get(item.url).content.decode()
