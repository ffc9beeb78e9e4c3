"""The in-admin guides of the measure's roles (measure §3.1 (3), "brief staff").

One guide per role, written in Thai for the office's staff whatever their admin
language: what the role does, its steps with pictures, the emails it receives and
whom to ask. The pictures are screenshots the browser tests take of the same steps
(``make guide-screenshots``); a step whose picture is not there yet is shown
without one.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import OfficeSettings, Role, RoleGroup, Unit, UnitKind
from .roles import DERIVED_ROLES, derived_role_holders


@dataclass(frozen=True)
class Guide:
    """One role's guide: its address, its title in the admin's language and the
    Thai page that holds its content."""

    role: str
    slug: str
    title: Promise
    summary: Promise

    @property
    def template_name(self) -> str:
        return f"disclosure_moderation/guide/{self.role}.html"

    @property
    def url(self) -> str:
        return reverse("disclosure_guide:guide", args=[self.slug])


GUIDES: tuple[Guide, ...] = (
    Guide(
        Role.EDITOR,
        "editor",
        _("Guide for editors"),
        _("Prepare an item, attach its documents and submit it for approval."),
    ),
    Guide(
        Role.UNIT_DIRECTOR,
        "unit-director",
        _("Guide for unit directors"),
        _("Review your unit's requests, approve them or request changes."),
    ),
    Guide(
        Role.OFFICE_DIRECTOR,
        "office-director",
        _("Guide for the office director"),
        _("Approve publication for the office and submit the quarterly report."),
    ),
    Guide(
        Role.ICT_PUBLISHER,
        "ict-publisher",
        _("Guide for ICT publishers"),
        _("Check approved items, publish them and keep the memo as evidence."),
    ),
    Guide(
        Role.PR,
        "public-relations",
        _("Guide for public relations"),
        _("Post published items on the office's other channels and log each posting."),
    ),
    Guide(
        Role.COMMITTEE,
        "committee",
        _("Guide for the committee"),
        _("Read the quarterly report and the evaluation of publications."),
    ),
)
GUIDES_BY_SLUG = {guide.slug: guide for guide in GUIDES}

# The pictures the browser tests save for the guides (e2e, `make guide-screenshots`).
SCREENSHOT_DIR = "disclosure_moderation/guide"
SCREENSHOTS = frozenset(
    {
        "editor-1-dashboard",
        "editor-2-add-item",
        "editor-3-document",
        "editor-4-submitted",
        "unit_director-1-waiting",
        "unit_director-2-review",
        "unit_director-3-approve-dialog",
        "office_director-1-waiting",
        "office_director-2-request-changes",
        "ict-1-waiting",
        "ict-2-publish",
        "public-1-item",
        "memo-1",
        "committee-1-report",
        "committee-2-evaluation",
    }
)


@dataclass(frozen=True)
class Screenshot:
    """A guide picture that exists: its address and its size in pixels."""

    url: str
    width: int | None
    height: int | None


def png_size(path: str | Path) -> tuple[int, int] | None:
    """Width and height from a PNG's header, or None if it is not a PNG."""
    with open(path, "rb") as file:
        head = file.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def screenshot(name: str) -> Screenshot | None:
    """The picture ``name`` if it is among the static files, else None."""
    if name not in SCREENSHOTS:
        raise ValueError(f"unknown guide screenshot {name!r}")
    relative = f"{SCREENSHOT_DIR}/{name}.png"
    found = finders.find(relative)
    if not found:
        return None
    size = png_size(found)
    try:
        url = staticfiles_storage.url(relative)
    except ValueError:
        # Collected without it (a manifest that predates the picture).
        return None
    width, height = size or (None, None)
    return Screenshot(url, width, height)


def roles_of(user) -> list[str]:
    """The user's roles, worked out as the role groups are kept in step: the
    derived ones from the units and the office settings, committee and
    administrator from the groups given by hand."""
    if not (user.is_authenticated and user.is_active):
        return []
    holders = derived_role_holders()
    roles = {role for role in DERIVED_ROLES if user.pk in holders.get(role, ())}
    roles |= set(
        RoleGroup.objects.filter(
            role__in=[Role.COMMITTEE, Role.ADMINISTRATOR], group__user=user
        ).values_list("role", flat=True)
    )
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    return [role for role in Role if role in roles]


def guides_for(user) -> list[Guide]:
    """The guides of the user's own roles, in the order of the chain."""
    roles = set(roles_of(user))
    return [guide for guide in GUIDES if guide.role in roles]


def contacts(request) -> dict:
    """Whom the guide tells the reader to ask: their own unit's director and
    deputy about content, the ICT unit about the system, and the office."""
    office = OfficeSettings.for_request(request)
    own_units = list(
        Unit.objects.for_user(request.user).select_related("director", "deputy")
    )
    ict_unit = office.ict_unit or Unit.objects.filter(kind=UnitKind.ICT).first()
    return {"office": office, "own_units": own_units, "ict_unit": ict_unit}


def guide_index(request):
    """Every role's guide, the reader's own first."""
    mine = guides_for(request.user)
    others = [guide for guide in GUIDES if guide not in mine]
    return TemplateResponse(
        request,
        "disclosure_moderation/guide/index.html",
        {
            "page_title": _("User guides"),
            "header_title": _("User guides"),
            "header_icon": "help",
            "mine": mine,
            "others": others,
        },
    )


def guide_page(request, slug: str):
    """One role's guide: Thai content inside the admin."""
    guide = GUIDES_BY_SLUG.get(slug)
    if guide is None:
        raise Http404
    context = {
        "page_title": guide.title,
        "header_title": guide.title,
        "header_icon": "help",
        "guide": guide,
        "is_mine": guide in guides_for(request.user),
    }
    context.update(contacts(request))
    return TemplateResponse(request, guide.template_name, context)
