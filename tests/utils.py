"""Plain helpers for building test data (style of Wagtail's contrib tests)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Site

from disclosure_pages.models import (
    DisclosureCategoryPage,
    DisclosureIndexPage,
    DisclosureItemPage,
)
from moderation.models import Unit

OFFICE_NAME = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต ๑"
_counter = itertools.count(1)


def run_setup(**kwargs) -> None:
    """Run setup_disclosure for a test office, quietly."""
    kwargs.setdefault("office_name", OFFICE_NAME)
    call_command("setup_disclosure", stdout=_Null(), **kwargs)


def default_site() -> Site:
    return Site.objects.get(is_default_site=True)


def disclosure_index() -> DisclosureIndexPage:
    return DisclosureIndexPage.objects.get()


def category(code: str) -> DisclosureCategoryPage:
    return DisclosureCategoryPage.objects.get(code=code)


def make_user(username: str | None = None, **kwargs):
    username = username or f"user{next(_counter)}"
    kwargs.setdefault("email", f"{username}@example.org")
    kwargs.setdefault("password", "pw-" + username)
    return get_user_model().objects.create_user(username=username, **kwargs)


def make_unit(**kwargs) -> Unit:
    n = next(_counter)
    kwargs.setdefault("code", f"unit-{n}")
    kwargs.setdefault("name_th", f"กลุ่มทดสอบ {n}")
    return Unit.objects.create(**kwargs)


def make_item(
    parent: DisclosureCategoryPage,
    *,
    publish: bool = True,
    **kwargs,
) -> DisclosureItemPage:
    """An item under a category, published (with a revision) unless told not to."""
    n = next(_counter)
    kwargs.setdefault("title", f"รายการข้อมูลทดสอบ {n}")
    kwargs.setdefault("slug", f"item-{n}")
    kwargs.setdefault("publication_date", dt.date(2026, 1, 15))
    if "unit" not in kwargs:
        kwargs["unit"] = Unit.objects.order_by("pk").first() or make_unit()
    if not publish:
        kwargs.setdefault("live", False)
    item = DisclosureItemPage(**kwargs)
    parent.add_child(instance=item)
    revision = item.save_revision()
    if publish:
        revision.publish()
        item.refresh_from_db()
    return item


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
