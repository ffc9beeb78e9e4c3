"""Thai for Wagtail's own admin (disclosure_thai.admin_th): what a Thai user reads."""

import re
from datetime import datetime, timedelta
from pathlib import Path

import polib
import pytest
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from disclosure_thai import admin_th
from tests.moderation.office import build_office, login
from tests.utils import make_user

CATALOGUE = Path(admin_th.__file__).parent / "locale/th/LC_MESSAGES/django.po"
JS_CATALOGUE = admin_th.JS_LOCALE_DIR / "th/LC_MESSAGES/djangojs.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}|</?[a-z][^>]*>")


def all_entries():
    for path in (CATALOGUE, JS_CATALOGUE):
        yield from polib.pofile(str(path))


def test_every_translation_keeps_the_placeholders_and_markup():
    broken = []
    for entry in all_entries():
        source = entry.msgid_plural or entry.msgid
        target = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        # Thai has one form: it may follow the singular's or the plural's wording.
        wanted = (sorted(PLACEHOLDER.findall(s)) for s in (source, entry.msgid))
        if sorted(PLACEHOLDER.findall(target)) not in list(wanted):
            broken.append(entry.msgid)
    assert not broken, broken


# One Thai term per idea (glossary-th.md): spellings and words our screens never use.
FORBIDDEN = {
    "อัพโหลด": "อัปโหลด",
    "ล็อค": "ล็อก",
    "เว็บไซด์": "เว็บไซต์",
    "ลิงค์": "ลิงก์",
    "หลายหน้า": "หน้า",
    "เกร็ดเล็กเกร็ดน้อย": "ข้อมูลย่อย",
}


def test_catalogue_uses_the_glossary_spelling():
    found = [
        (entry.msgid, wrong)
        for entry in all_entries()
        for wrong in FORBIDDEN
        if wrong in (entry.msgstr or "".join(entry.msgstr_plural.values()))
    ]
    assert not found, found


@pytest.mark.parametrize(
    ("msgid", "thai"),
    [
        ("Submit for moderation", "ส่งขออนุญาตเผยแพร่"),
        ("Draft", "ฉบับร่าง"),
        ("Publish", "เผยแพร่"),
        ("Unpublish", "ยกเลิกการเผยแพร่"),
        ("Pages", "หน้า"),
    ],
)
def test_wagtail_words_read_as_the_glossary_says(msgid, thai):
    with translation.override("th"):
        assert translation.gettext(msgid) == thai


def test_our_own_apps_still_win_over_the_wagtail_catalogue():
    # "Units" is ours (moderation); the Wagtail catalogue must not shadow our apps.
    with translation.override("th"):
        assert translation.gettext("units") != "units"


@pytest.mark.django_db
def test_a_thai_editor_reads_the_explorer_in_thai():
    office = build_office()
    item = office.item(title="ประกาศทดสอบ")
    client = login(office.editor_a)
    response = client.get(reverse("wagtailadmin_explore", args=[item.get_parent().pk]))
    html = response.content.decode()
    # Wagtail's own words, which its Thai catalogue leaves English or words otherwise.
    assert "Current page status" not in html
    assert "View history" not in html
    assert "ฉบับร่าง" in html


def test_checks_warn_when_the_catalogue_cannot_win():
    with override_settings(LOCALE_PATHS=[]):
        ids = {message.id for message in run_checks()}
    assert "disclosure_admin_th.W002" in ids
    assert "disclosure_admin_th.W001" not in {message.id for message in run_checks()}


# Screens the visible-English measurement (e2e/visible_english.py) found English on.
LATIN_TIME = re.compile(r"\d+\s*(?:minute|hour|day|week|month|year)s?\b")


@pytest.mark.django_db
def test_a_thai_editor_reads_how_long_ago_in_thai():
    office = build_office()
    item = office.item(title="ประกาศทดสอบ", publish=True)
    months_ago = timezone.now() - timedelta(days=75)
    type(item).objects.filter(pk=item.pk).update(
        latest_revision_created_at=months_ago, last_published_at=months_ago
    )
    client = login(office.editor_a)
    html = client.get(
        reverse("wagtailadmin_explore", args=[item.get_parent().pk])
    ).content.decode()
    assert not LATIN_TIME.search(html), LATIN_TIME.search(html)
    assert re.search(r"2\s+เดือน ที่ผ่านมา", html)


@pytest.mark.django_db
def test_account_settings_explain_the_password_rules_in_thai():
    office = build_office()
    html = login(office.editor_a).get(reverse("wagtailadmin_account")).content.decode()
    assert "Your password" not in html
    assert "Enter the same password" not in html
    assert "รหัสผ่านต้องมีอย่างน้อย 8 ตัวอักษร" in html


@pytest.mark.django_db
def test_listing_and_upload_screens_have_no_english_labels():
    office = build_office()
    client = login(office.editor_a)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'value="Search"' not in dashboard
    images = client.get(reverse("wagtailimages:index")).content.decode()
    assert 'aria-label="Actions"' not in images
    assert 'aria-label="การดำเนินการ"' in images
    assert "safe image" not in images
    upload = client.get(reverse("wagtaildocs:add_multiple")).content.decode()
    assert "Maximum filesize" not in upload
    assert re.search(r"ขนาดไฟล์สูงสุด: 20.0\s+MB", upload)


@pytest.mark.django_db
def test_people_are_chosen_by_name_not_login_name():
    office = build_office()
    director = make_user("somchai.k", first_name="สมชาย", last_name="กล้าหาญ")
    unit = office.unit_a
    html = (
        login(make_user("root", is_superuser=True))
        .get(reverse("wagtailsnippets_disclosure_moderation_unit:edit", args=[unit.pk]))
        .content.decode()
    )
    assert f'<option value="{director.pk}">สมชาย กล้าหาญ</option>' in html
    assert ">somchai.k<" not in html


TOOLTIPS = re.compile(
    r'class="w-human-readable-date"[^>]*data-w-tooltip-content-value="([^"]*)"'
)


def listing_updated_ago(user, office, age: timedelta) -> tuple[str, datetime]:
    """The explorer listing as ``user`` sees it, its item last changed ``age`` ago."""
    item = office.item(title="ประกาศทดสอบ", publish=True)
    when = timezone.now() - age
    type(item).objects.filter(pk=item.pk).update(
        latest_revision_created_at=when, last_published_at=when
    )
    return (
        login(user)
        .get(reverse("wagtailadmin_explore", args=[item.get_parent().pk]))
        .content.decode()
    ), when


@pytest.mark.django_db
@pytest.mark.parametrize(
    "age", [timedelta(minutes=5), timedelta(hours=3), timedelta(days=2)]
)
def test_a_thai_editor_reads_times_in_thai_and_dates_in_the_buddhist_era(age):
    office = build_office()
    html, when = listing_updated_ago(office.editor_a, office, age)
    assert not LATIN_TIME.search(html), LATIN_TIME.search(html)
    assert "ที่ผ่านมา" in html
    tooltips = TOOLTIPS.findall(html)
    assert tooltips
    be_year = timezone.localtime(when).year + 543
    assert f"พ.ศ. {be_year}" in " ".join(tooltips)
    # No Christian-era year left in a date's tooltip.
    assert not [t for t in tooltips if re.search(rf"\b{be_year - 543}\b", t)]


@pytest.mark.django_db
def test_an_english_user_still_reads_english_dates():
    from wagtail.users.models import UserProfile

    office = build_office()
    profile = UserProfile.get_for_user(office.editor_a)
    profile.preferred_language = "en"
    profile.save()
    html, when = listing_updated_ago(office.editor_a, office, timedelta(minutes=5))
    assert "5\xa0minutes ago" in html
    tooltips = " ".join(TOOLTIPS.findall(html))
    assert str(timezone.localtime(when).year) in tooltips
    assert "พ.ศ." not in tooltips
