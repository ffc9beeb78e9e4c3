"""The feedback form on a cached page: every visitor's copy carries a one-time
token of its own, so one visitor's answer never refuses another's, and a form
posted twice still stores one answer."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from moderation.public_cache import _hole_prefix
from reporting.models import Feedback
from tests.cache.conftest import BROWSER, Visitor, cache_status
from tests.conftest import shared_data
from tests.reporting.test_public_evaluation import form_fields
from tests.utils import category, make_gallery, make_item, make_user, run_setup

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        yield {
            "item": make_item(category("1.9"), title="ประกาศสอบราคา"),
            "gallery": make_gallery(photos=1),
        }


@pytest.fixture
def data(module_data, db):
    return module_data


@pytest.mark.parametrize("kind", ["item", "gallery"])
def test_each_visitor_of_a_cached_page_gets_a_token_of_their_own(data, kind):
    url = data[kind].url
    visitors = [
        Visitor(agent=f"Mozilla/5.0 (visitor {n}) Firefox/130.0") for n in range(3)
    ]
    pages = [v.get(url) for v in visitors]
    assert [cache_status(p) for p in pages] == ["miss", "hit", "hit"]
    forms = [form_fields(p.content.decode()) for p in pages]
    tokens = {f["token"] for f in forms}
    assert len(tokens) == 3
    for page in pages:
        assert _hole_prefix() not in page.content.decode()
        assert int(page["Content-Length"]) == len(page.content)
    # Each answers; none is refused as a replay of another's.
    for visitor, fields in zip(visitors, forms, strict=True):
        response = visitor.post("/evaluation/feedback/", {**fields, "useful": "yes"})
        assert response.status_code == 302
    assert Feedback.objects.filter(page=data[kind]).count() == 3


def test_a_form_from_the_cache_posted_twice_stores_one_answer(data, visitor):
    url = data["item"].url
    visitor.get(url)
    page = visitor.get(url)
    assert cache_status(page) == "hit"
    fields = form_fields(page.content.decode())
    first = visitor.post("/evaluation/feedback/", {**fields, "useful": "yes"})
    assert first.status_code == 302
    again = visitor.post("/evaluation/feedback/", {**fields, "useful": "no"})
    assert again.status_code == 409
    assert list(Feedback.objects.values_list("useful", flat=True)) == [True]
    # The thank-you page is cached too, and the next visit still has a fresh form.
    thanks = visitor.get(first["Location"])
    assert "ขอบคุณ" in thanks.content.decode()
    fresh = form_fields(visitor.get(url).content.decode())
    assert fresh["token"] != fields["token"]
    assert (
        visitor.post("/evaluation/feedback/", {**fresh, "useful": "no"}).status_code
        == 302
    )


def test_the_marker_cannot_be_typed_into_a_page(data, visitor):
    """The marker carries a digest of SECRET_KEY: a search for a made-up marker is
    shown as typed, never filled with a token."""
    made_up = f"pchole-0123456789abcdef-feedback_token.{data['item'].pk}."
    response = visitor.get(f"/search/?q={made_up}")
    assert made_up in response.content.decode()


def test_a_signed_in_reader_gets_a_token_without_the_cache(data):
    reader = Client()
    reader.force_login(make_user())
    page = reader.get(data["item"].url, HTTP_USER_AGENT=BROWSER)
    assert cache_status(page) == "bypass"
    fields = form_fields(page.content.decode())
    assert re.fullmatch(r"[\w:.-]+", fields["token"])
    assert _hole_prefix() not in page.content.decode()
