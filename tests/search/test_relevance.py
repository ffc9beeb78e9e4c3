"""Recall and precision of the site search on the Thai relevance set (floors)."""

import pytest

from disclosure_pages.search import find_pages, public_pages
from tests.conftest import shared_data
from tests.search import relevance
from tests.utils import run_setup

RECALL_FLOOR = 0.97
PRECISION_FLOOR = 0.95


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        data = relevance.load()
        yield data, relevance.create_items(data)


def test_the_set_is_big_enough():
    data = relevance.load()
    assert len(data["items"]) >= 60
    assert len(data["queries"]) >= 40
    keys = {row["key"] for row in data["items"]}
    for row in data["queries"]:
        assert set(row["expected"]) <= keys, row["query"]


@pytest.mark.django_db
def test_search_meets_the_recall_and_precision_floors(corpus):
    data, ids = corpus

    def search(query):
        return [page.pk for page in find_pages(public_pages(), query)]

    result = relevance.score(search, ids, data["queries"])
    detail = "\n".join(
        f"{q}: missing {missing} extra {extra}" for q, missing, extra in result.misses
    )
    assert result.recall >= RECALL_FLOOR, detail
    assert result.precision >= PRECISION_FLOOR, detail


@pytest.mark.django_db
def test_traps_are_not_found(corpus):
    data, ids = corpus
    found = {page.pk for page in find_pages(public_pages(), "มา")}
    for key in ("p23", "p24", "p17", "p13"):  # มาตรฐาน, มาตรการ, งบประมาณ
        assert ids[key] not in found
    assert ids["p26"] in found  # ผู้มาติดต่อราชการ
