"""The office's look through the page cache: what ICT changes in Settings → Site
appearance shows on the next anonymous GET, and what an attacker writes past the
form never reaches the style sheet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from disclosure_site.models import SiteAppearance
from moderation.public_cache import purge_public_cache
from tests.cache.conftest import cache_status
from tests.conftest import shared_data
from tests.utils import category, default_site, make_item, run_setup

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        item = make_item(category("1.9"), title="ประกาศผลการจัดซื้อ")
        yield {"item": item}


@pytest.fixture
def data(module_data, db):
    return module_data


def warm(visitor, url):
    visitor.get(url)
    assert cache_status(visitor.get(url)) == "hit"


def test_appearance_made_with_the_office_colours_shows_at_once(data, visitor):
    """A site's look created with chosen colours (a script, set-up, an import) is
    not a row made with its defaults on first read: it changes every page."""
    SiteAppearance.objects.filter(site=default_site()).delete()
    warm(visitor, "/")
    warm(visitor, data["item"].url)
    SiteAppearance.objects.create(
        site=default_site(), primary_colour="#1b5e20", mourning=True
    )
    for url in ("/", data["item"].url):
        html = visitor.get(url).content.decode()
        assert "/appearance.css?v=" in html, url
        assert "mourning-ribbon" in html, url


def test_mourning_from_tomorrow_shows_after_midnight(data, visitor, monkeypatch):
    evening = dt.datetime(
        2026, 12, 4, 23, 58, tzinfo=dt.timezone(dt.timedelta(hours=7))
    )
    monkeypatch.setattr(timezone, "now", lambda: evening)
    settings = SiteAppearance.for_site(default_site())
    settings.mourning = True
    settings.mourning_starts = dt.date(2026, 12, 5)
    settings.mourning_ends = dt.date(2026, 12, 5)
    settings.save()
    warm(visitor, "/")
    assert "mourning-ribbon" not in visitor.get("/").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: evening + dt.timedelta(minutes=3))
    assert "mourning-ribbon" in visitor.get("/").content.decode()
    monkeypatch.setattr(
        timezone, "now", lambda: evening + dt.timedelta(days=1, minutes=3)
    )
    assert "mourning-ribbon" not in visitor.get("/").content.decode()


def test_changed_colours_change_the_style_sheet_at_once(data, visitor):
    settings = SiteAppearance.for_site(default_site())
    settings.primary_colour = "#1b5e20"
    settings.save()
    warm(visitor, "/appearance.css")
    settings.primary_colour = "#4a148c"
    settings.save()
    response = visitor.get("/appearance.css")
    assert "--c-brand: #4a148c;" in response.content.decode()
    html = visitor.get("/").content.decode()
    assert f"/appearance.css?v={settings.colours_version}" in html
    versioned = visitor.get(f"/appearance.css?v={settings.colours_version}")
    assert "--c-brand: #4a148c;" in versioned.content.decode()
    assert "immutable" in versioned["Cache-Control"]


@pytest.mark.parametrize(
    "forged", ["url(x)", "red;}b{", "#1b5e2g", "#1b5e2", "#1B5E2;"]
)
def test_forged_colours_never_reach_the_style_sheet(data, visitor, forged):
    # Written past the form (seven characters at most, as the column holds;
    # eight-digit hex is refused by its length), then the cache purged.
    SiteAppearance.objects.filter(site=default_site()).update(primary_colour=forged)
    purge_public_cache("colour written past the form")
    css = visitor.get("/appearance.css").content.decode()
    assert forged not in css
    assert "--c-brand: #0a3d6b;" in css
