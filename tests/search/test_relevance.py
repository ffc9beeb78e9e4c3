"""Recall and precision of the site search on the Thai relevance sets (floors).

Two sets: relevance.json (every query a dictionary word found inside its expected
items) and the hard set (relevance_hard.json, written without reading the search
code, and relevance_hard_lead.json): words inside words, traps, misspellings,
abbreviations, months, unit names, Thai and Arabic digits. The floors are the
figures reached on SQLite and PostgreSQL (bench/search.py prints them).
"""

import json

import pytest

from disclosure_pages.search import find_pages, public_pages
from tests.conftest import shared_data
from tests.search import relevance
from tests.utils import run_setup

RECALL_FLOOR = 0.99
PRECISION_FLOOR = 0.98
HARD_RECALL_FLOOR = 0.989
HARD_PRECISION_FLOOR = 0.99


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        data, hard = relevance.load(), relevance.load_hard()
        yield (data, relevance.create_items(data)), (hard, relevance.create_items(hard))


def search(query):
    return [page.pk for page in find_pages(public_pages(), query)]


def _detail(result) -> str:
    return "\n".join(
        f"{q}: missing {missing} extra {extra}" for q, missing, extra in result.misses
    )


def test_the_sets_are_big_enough():
    data = relevance.load()
    assert len(data["items"]) >= 60
    assert len(data["queries"]) >= 40
    keys = {row["key"] for row in data["items"]}
    for row in data["queries"]:
        assert set(row["expected"]) <= keys, row["query"]

    hard = relevance.load_hard()
    assert len(hard["items"]) >= 100
    assert len(hard["queries"]) >= 150
    keys = {row["key"] for row in hard["items"]}
    for row in hard["queries"]:
        assert set(row["expected"]) <= keys, row["query"]
    # half written by someone who had not read the search code
    first = json.loads(relevance.HARD.read_text(encoding="utf-8"))
    assert len(first["queries"]) >= 75
    assert len(hard["queries"]) - len(first["queries"]) >= 75
    traps = [row for row in hard["queries"] if "trap" in row.get("note", "")]
    assert len(traps) >= 20


@pytest.mark.django_db
def test_search_meets_the_recall_and_precision_floors(corpus):
    (data, ids), _hard = corpus
    result = relevance.score(search, ids, data["queries"])
    assert result.recall >= RECALL_FLOOR, _detail(result)
    assert result.precision >= PRECISION_FLOOR, _detail(result)


@pytest.mark.django_db
def test_search_meets_the_floors_on_the_hard_set(corpus):
    _data, (hard, ids) = corpus
    result = relevance.score(search, ids, hard["queries"])
    assert result.recall >= HARD_RECALL_FLOOR, _detail(result)
    assert result.precision >= HARD_PRECISION_FLOOR, _detail(result)


@pytest.mark.django_db
def test_traps_are_not_found(corpus):
    (_data, ids), _hard = corpus
    found = {page.pk for page in find_pages(public_pages(), "มา")}
    for key in ("p23", "p24", "p17", "p13"):  # มาตรฐาน, มาตรการ, งบประมาณ
        assert ids[key] not in found
    assert ids["p26"] in found  # ผู้มาติดต่อราชการ


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("เงิน", ["h005", "h013", "h052"], ["h062"]),  # การเงิน, วงเงิน, ขอรับเงิน
        ("ชนะ", ["h007", "h065"], []),  # ผู้ชนะ, ชนะเลิศ
        ("มาตรการ", ["p18", "h094"], []),  # newmm: มาตรการป้องกัน (มาตร|การป้องกัน)
        ("แผนที่", ["p31", "h034"], ["p04"]),  # newmm: แผน|ที่ตั้ง
        ("แผน", ["h020", "h133"], ["p31", "h034", "h035", "h038", "h137"]),
        ("สอบ", ["h074", "h081"], ["h056", "h036", "h057", "h015"]),
        ("เรียน", ["h012", "h067"], ["h098", "h100"]),
    ],
)
def test_words_inside_words_and_their_traps(corpus, query, found, not_found):
    """The issue's own examples: a word inside a word the dictionary keeps whole
    is found, a word newmm splits is found, and the traps are not."""
    (_data, old_ids), (_hard, hard_ids) = corpus
    ids = {**old_ids, **hard_ids}
    results = set(search(query))
    for key in found:
        assert ids[key] in results, (query, key)
    for key in not_found:
        assert ids[key] not in results, (query, key)
