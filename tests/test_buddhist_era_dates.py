"""Dates in the admin are typed and shown in the Buddhist era: a Thai user reads and
types 15/01/2569, the database keeps 2026-01-15; an English user reads C.E."""

import datetime as dt
import re

import pytest
from django.utils import translation
from wagtail.users.models import UserProfile

from disclosure_pages.models import DisclosureItemPage
from disclosure_thai.forms import BuddhistEraDateField, BuddhistEraDateInput, read_date
from photo_gallery.models import ActivityGalleryPage as GalleryPage
from reporting.forms import DueDateForm
from tests.utils import category, make_item, make_user


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("15/01/2569", dt.date(2026, 1, 15)),
        ("๑๕/๐๑/๒๕๖๙", dt.date(2026, 1, 15)),
        ("5-1-2569", dt.date(2026, 1, 5)),
        ("2569-01-15", dt.date(2026, 1, 15)),
        ("15/01/2026", dt.date(2026, 1, 15)),  # a C.E. year stays C.E.
        ("2026-01-15", dt.date(2026, 1, 15)),
        # 2567 B.E. is 2024, a leap year, though 2567 is not by the Gregorian rule.
        ("29/02/2567", dt.date(2024, 2, 29)),
    ],
)
def test_a_typed_date_is_stored_in_the_common_era(typed, stored):
    assert BuddhistEraDateField().clean(typed) == stored


@pytest.mark.parametrize("typed", ["31/02/2569", "15/13/2569", "15/01/69", "พรุ่งนี้"])
def test_a_date_that_is_not_one_is_refused_in_thai(typed):
    with translation.override("th"):
        field = BuddhistEraDateField()
        with pytest.raises(Exception) as refused:
            field.clean(typed)
        message = " ".join(refused.value.messages)
    assert "วัน/เดือน/ปี พ.ศ." in message and "31/01/2569" in message
    assert typed in message


def test_a_thai_user_reads_the_buddhist_era_and_an_english_one_the_common_era():
    widget = BuddhistEraDateInput()
    day = dt.date(2026, 1, 15)
    with translation.override("th"):
        html = widget.render("d", day)
        assert 'value="15/01/2569"' in html
        assert '"yearOffset": 543' in html
    with translation.override("en"):
        html = widget.render("d", day)
        assert 'value="15/01/2026"' in html
        assert '"yearOffset": 0' in html
    assert read_date("15/01/2569") == read_date("15/01/2026") == day


@pytest.mark.parametrize(
    "model, field",
    [
        (DisclosureItemPage, "publication_date"),
        (DisclosureItemPage, "effective_date"),
        (GalleryPage, "event_date"),
    ],
)
def test_the_page_editors_use_the_buddhist_era_field(model, field):
    form_class = model.get_edit_handler().get_form_class()
    assert isinstance(form_class.base_fields[field], BuddhistEraDateField)
    assert isinstance(form_class.base_fields[field].widget, BuddhistEraDateInput)


def test_the_due_date_form_reads_the_buddhist_era():
    form = DueDateForm({"due_date": "10/04/2568"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due_date"] == dt.date(2025, 4, 10)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, shown", [("th", "15/01/2569"), ("en", "15/01/2026")]
)
def test_the_item_editor_shows_the_date_in_the_users_era(
    client, disclosure, language, shown
):
    item = make_item(category("1.1"), publication_date=dt.date(2026, 1, 15))
    user = make_user(is_superuser=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    html = client.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    box = re.search(r'<input[^>]*name="publication_date"[^>]*>', html).group()
    assert f'value="{shown}"' in box
