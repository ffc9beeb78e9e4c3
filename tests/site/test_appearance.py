"""The office's look: colours checked for contrast, logo and favicon, the display
tools (text size, high contrast) and mourning mode."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from disclosure_site.appearance import contrast_ratio, darker, relative_luminance
from disclosure_site.models import SiteAppearance
from tests.conftest import shared_data
from tests.utils import category, default_site, make_item, make_safe_image, run_setup

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        item = make_item(category("1.9"), title="ประกาศผู้ชนะการเสนอราคา")
        yield {"item": item}


@pytest.fixture
def data(module_data, db):
    return module_data


def appearance(**fields) -> SiteAppearance:
    settings = SiteAppearance.for_site(default_site())
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def test_wcag_contrast_figures():
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#ffffff") == pytest.approx(1)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#0a3d6b", "#ffffff") == contrast_ratio("#ffffff", "#0a3d6b")
    assert darker("#808080", 0.5) == "#404040"


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"primary_colour": "#0a3d6b", "text_on_primary_colour": "#3a6d9b"},
         "text_on_primary_colour", "ตัวอักษรบนสีหลักจะอ่านยาก"),
        ({"primary_colour": "#7fb2e5", "text_on_primary_colour": "#000000"},
         "primary_colour", "สีหลักบนพื้นสีขาวจะอ่านยาก"),
        ({"accent_colour": "#0b3e6c"}, "accent_colour", "สีเน้นไม่โดดเด่น"),
    ],
)  # fmt: skip
def test_a_colour_pair_under_the_contrast_floor_is_refused_in_thai(
    fields, field, words
):
    settings = SiteAppearance(**fields)
    with translation.override("th"), pytest.raises(ValidationError) as error:
        settings.clean()
    messages = error.value.message_dict[field]
    assert words in messages[0]
    assert ":1" in messages[0]


def test_readable_colours_are_accepted():
    SiteAppearance(
        primary_colour="#1b5e20",
        text_on_primary_colour="#ffffff",
        accent_colour="#ffeb3b",
    ).clean()


def test_default_colours_add_no_style_sheet(data, client):
    html = client.get("/").content.decode()
    assert "/appearance.css" not in html
    assert 'href="/static/disclosure_site/img/favicon.svg"' in html


def test_the_office_colours_reach_every_page(data, client):
    settings = appearance(primary_colour="#1b5e20", accent_colour="#ffeb3b")
    html = client.get(data["item"].url).content.decode()
    link = f'href="/appearance.css?v={settings.colours_version}"'
    assert link in html
    response = client.get(f"/appearance.css?v={settings.colours_version}")
    css = response.content.decode()
    assert "--c-brand: #1b5e20;" in css
    assert "--c-accent: #ffeb3b;" in css
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/css")


def test_a_colour_written_past_the_form_never_reaches_the_css(data, client):
    appearance(primary_colour="red;}*{")  # seven characters, as the column holds
    css = client.get("/appearance.css").content.decode()
    assert "red" not in css
    assert "}*{" not in css
    assert "--c-brand: #0a3d6b;" in css


def test_the_logo_is_shown_and_is_the_favicon(data, client):
    appearance(logo=make_safe_image(title="ตราสำนักงาน"))
    html = client.get("/").content.decode()
    assert 'class="site-brand__logo"' in html
    assert '<link rel="icon" type="image/png" href="' in html
    assert "favicon.svg" not in html


def test_mourning_mode_within_its_dates(data, client):
    today = dt.date.today()
    appearance(mourning=True, mourning_starts=today - dt.timedelta(days=1))
    html = client.get("/").content.decode()
    assert "site-mourning" in html
    assert 'class="mourning-ribbon"' in html
    appearance(mourning=True, mourning_starts=today + dt.timedelta(days=3))
    assert "mourning-ribbon" not in client.get("/").content.decode()
    appearance(
        mourning=True, mourning_starts=None, mourning_ends=today - dt.timedelta(days=1)
    )
    assert "mourning-ribbon" not in client.get("/").content.decode()
    appearance(mourning=False, mourning_ends=None)
    assert "mourning-ribbon" not in client.get("/").content.decode()


def test_mourning_period_must_end_after_it_starts():
    settings = SiteAppearance(
        mourning=True,
        mourning_starts=dt.date(2026, 10, 20),
        mourning_ends=dt.date(2026, 10, 13),
    )
    with translation.override("th"), pytest.raises(ValidationError) as error:
        settings.clean()
    assert "วันสิ้นสุดอยู่ก่อนวันเริ่มต้น" in error.value.message_dict["mourning_ends"]


def test_display_tools_are_labelled_buttons_that_set_no_cookie(data, client):
    response = client.get(data["item"].url)
    html = response.content.decode()
    assert '<script src="/static/disclosure_site/js/display.js"></script>' in html
    tools = html[html.index("data-display-tools") : html.index("site-header__main")]
    assert tools.count('type="button"') == 4
    assert tools.count("aria-pressed=") == 4
    for label in ("ตัวอักษรเล็กลง", "ตัวอักษรขนาดปกติ", "ตัวอักษรใหญ่ขึ้น", "ความคมชัดสูง"):
        assert label in tools
    assert not response.cookies


def test_items_print_on_a4_without_the_navigation():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("disclosure_site/css/site.css")).read_text(encoding="utf-8")
    printed = css[css.rindex("@media print") :]
    assert "size: A4" in printed
    for hidden in (".display-tools", ".site-search", ".evaluation"):
        assert hidden in printed
