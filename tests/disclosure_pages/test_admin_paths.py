"""Admin paths that must answer with a clear refusal or form error, never a 500."""

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.models import Page

from moderation.models import OfficeSettings, Unit
from tests.utils import category, default_site, make_item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("which", ["index", "category"])
def test_the_measure_structure_cannot_be_copied(admin_client, disclosure, which):
    page = disclosure if which == "index" else category("1.9")
    pages_before = Page.objects.count()

    explorer = admin_client.get(reverse("wagtailadmin_explore", args=(page.pk,)))
    copy_url = reverse("wagtailadmin_pages:copy", args=(page.pk,))
    assert explorer.status_code == 200
    assert copy_url not in explorer.content.decode()

    # Wagtail's admin answers a refused action by going back to the dashboard
    # with its "no permission" message.
    refused = admin_client.get(copy_url)
    assert refused.status_code == 302
    assert refused.url == reverse("wagtailadmin_home")
    response = admin_client.post(
        copy_url,
        {
            "new_title": "สำเนา",
            "new_slug": "copy",
            "new_parent_page": page.get_parent().pk,
            "copy_subpages": "on",
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert Page.objects.count() == pages_before


def test_an_item_can_still_be_copied(admin_client, disclosure):
    item = make_item(category("1.9"), title="ประกาศ")
    response = admin_client.post(
        reverse("wagtailadmin_pages:copy", args=(item.pk,)),
        {
            "new_title": "ประกาศ (สำเนา)",
            "new_slug": "notice-copy",
            "new_parent_page": item.get_parent().pk,
        },
    )
    assert response.status_code == 302
    assert Page.objects.filter(slug="notice-copy").exists()


def office_form(**fields) -> dict:
    data = {
        "name_th": "สำนักงานทดสอบ",
        "name_en": "",
        "short_name_th": "",
        "office_director": "",
        "address": "",
        "phone": "",
        "email": "",
        "ict_unit": str(Unit.objects.get(code="ict").pk),
        "pr_unit": str(Unit.objects.get(code="pr").pk),
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("forged", ["abc", "99999999", "-1"])
def test_a_forged_unit_in_office_settings_is_a_form_error(
    admin_client, disclosure, forged
):
    site = default_site()
    url = reverse(
        "wagtailsettings:edit",
        args=("disclosure_moderation", "officesettings", site.pk),
    )
    before = OfficeSettings.for_site(site).name_th
    response = admin_client.post(url, office_form(ict_unit=forged, name_th="ใหม่"))
    assert response.status_code == 200
    assert "ict_unit" in response.context["form"].errors
    assert OfficeSettings.for_site(site).name_th == before


def test_category_page_is_as_current_as_its_newest_item(client, disclosure):
    procurement = category("1.9")
    item = make_item(procurement, publication_date=dt.date(2026, 1, 15))
    when = dt.datetime(2026, 1, 15, 3, 0, tzinfo=dt.UTC)  # 10:00 in Bangkok
    type(item).objects.filter(pk=item.pk).update(last_published_at=when)
    type(procurement).objects.filter(pk=procurement.pk).update(
        last_published_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    response = client.get(procurement.url)
    assert response.context["last_updated"] == when
    assert "ปรับปรุงล่าสุดเมื่อ" in response.content.decode()
    assert "15 มกราคม พ.ศ. 2569" in response.content.decode()
