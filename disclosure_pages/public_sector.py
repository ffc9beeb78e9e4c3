"""The office's own pages: those the Thai government web standard expects
(accessibility statement, privacy notice, website policy, contact, sitemap) and the
measure's first steps (§3.1 (1)–(2)): the announcement itself and the people
responsible for publication.

One page of each type per site, seeded by ``setup_disclosure`` and then edited like
any page. Only ICT publishers and administrators change them (see
``moderation.pages.SectionPagePermissionTester``); the people responsible and the
sitemap are read from the database at request time, so they are always current.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction, Site

from moderation import page_kinds
from moderation.models import OfficeSettings, Unit, UnitKind
from moderation.pages import SectionPagePermissionTester

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]

# The standard's pages, in the order the footer links them.
FOOTER_KINDS = ("accessibility", "privacy", "website_policy", "sitemap", "contact")


class OfficePage(Page):
    """Base of the office's own pages: one of each type, changed only by those who
    publish (ICT publishers, administrators); a unit's staff and the directors read
    them like the public. Deleting or moving one needs an administrator."""

    # The key the footer and set-up find the page type by.
    office_page_kind = ""

    body = RichTextField(_("content"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    max_count = 1
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        return SectionPagePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["office"] = OfficeSettings.for_request(request)
        return context


# Wagtail gives each page class its own default template name, so the three
# statement pages name their shared one each.
STATEMENT_TEMPLATE = "disclosure_pages/statement_page.html"


class StatementPage(OfficePage):
    """A page of text the office writes once and keeps up to date."""

    class Meta:
        abstract = True


class AccessibilityStatementPage(StatementPage):
    """การเข้าถึงเว็บไซต์: the office's WCAG 2.1 AA commitment, known limits and how to
    report a barrier."""

    office_page_kind = "accessibility"
    template = STATEMENT_TEMPLATE

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")


class PrivacyNoticePage(StatementPage):
    """นโยบายคุ้มครองข้อมูลส่วนบุคคล: the notice of PDPA B.E. 2562 §23 for this site."""

    office_page_kind = "privacy"
    template = STATEMENT_TEMPLATE

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")


class WebsitePolicyPage(StatementPage):
    """นโยบายเว็บไซต์: purpose, copyright, links and security of the website."""

    office_page_kind = "website_policy"
    template = STATEMENT_TEMPLATE

    class Meta:
        verbose_name = _("website policy")
        verbose_name_plural = _("website policies")


class ContactPage(OfficePage):
    """ติดต่อเรา: the office's address, phone and email as the office settings hold
    them now, and a plain link to a map (never an embedded one)."""

    office_page_kind = "contact"

    map_url = models.URLField(
        _("map link"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_(
            "The address of the office's location on a map service, e.g. "
            "OpenStreetMap or Google Maps. It is shown as a plain link: no map is "
            "embedded, so the page loads nothing from the map's website."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("body", heading=_("introduction")),
        FieldPanel("map_url"),
    ]

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")


class SitemapPage(OfficePage):
    """แผนผังเว็บไซต์: the public page tree of the site, read at request time."""

    office_page_kind = "sitemap"

    content_panels = [
        *Page.content_panels,
        FieldPanel("body", heading=_("introduction")),
    ]

    class Meta:
        verbose_name = _("sitemap")
        verbose_name_plural = _("sitemaps")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request) or self.get_site()
        context["sitemap"] = sitemap_tree(site) if site else []
        return context


class MeasurePage(OfficePage):
    """The measure itself (§3.1 (1)): the office's announcement, seeded from the
    announcement's template with the office's name, then edited as the office
    signed it."""

    office_page_kind = "measure"

    announced_on = models.DateField(_("announced on"), default=timezone.localdate)
    signer_name = models.CharField(
        _("signed by"),
        max_length=255,
        blank=True,
        help_text=_(
            "The name of the person who signed the announcement. Leave empty to "
            "show the office director named in the office settings."
        ),
    )
    signer_position = models.CharField(_("position"), max_length=255, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("announced_on"),
                FieldPanel("signer_name"),
                FieldPanel("signer_position"),
            ],
            heading=_("Signature"),
        ),
    ]

    class Meta:
        verbose_name = _("disclosure measure")
        verbose_name_plural = _("disclosure measures")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        name = self.signer_name
        if not name:
            director = context["office"].office_director
            name = director.get_full_name().strip() if director else ""
        context["signer"] = name
        return context


class ResponsiblePeoplePage(OfficePage):
    """The people responsible for publication (§3.1 (2)): the office director, the
    ICT publishers and each unit's director and deputy, read at request time."""

    office_page_kind = "responsible_people"

    content_panels = [
        *Page.content_panels,
        FieldPanel("body", heading=_("introduction")),
    ]

    class Meta:
        verbose_name = _("people responsible for publication")
        verbose_name_plural = _("people responsible for publication")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["people"] = publication_people(context["office"])
        return context


OFFICE_PAGE_MODELS: tuple[type[OfficePage], ...] = (
    MeasurePage,
    ResponsiblePeoplePage,
    AccessibilityStatementPage,
    PrivacyNoticePage,
    WebsitePolicyPage,
    ContactPage,
    SitemapPage,
)
OFFICE_PAGE_TYPES = {model.office_page_kind: model for model in OFFICE_PAGE_MODELS}


# --- Finding the pages ------------------------------------------------------------


def without_restricted(queryset: models.QuerySet) -> models.QuerySet:
    """Pages under no view restriction (password, login, groups).

    Wagtail's ``.public()`` reads every restriction first; this asks in the same
    query: a restriction applies when its page's path starts the page's path.
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, F("page__depth") * Page.steplen)
    )
    return queryset.exclude(Exists(restricted))


def office_pages(request) -> dict[str, Page]:
    """The live, public office page of each kind on the request's site.

    One query, kept on the request: the footer of every page and the disclosure
    index both ask.
    """
    cached = getattr(request, "_disclosure_office_pages", None)
    if cached is not None:
        return cached
    found: dict[str, Page] = {}
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        kinds = {
            content_type.pk: model.office_page_kind
            for model, content_type in ContentType.objects.get_for_models(
                *page_kinds.office_page_models().values()
            ).items()
        }
        pages = without_restricted(
            Page.objects.live().filter(
                content_type_id__in=kinds, path__startswith=site.root_page.path
            )
        ).order_by("path")
        for page in pages:
            found.setdefault(kinds[page.content_type_id], page)
    if request is not None:
        request._disclosure_office_pages = found
    return found


# --- The sitemap ------------------------------------------------------------------


@dataclass
class SitemapNode:
    """A page of the sitemap and the pages shown under it."""

    page: Page
    children: list[SitemapNode] = field(default_factory=list)


def publication_content_types() -> list[int]:
    """Items and galleries: listed on their category and gallery pages, not in the
    sitemap (a site holds thousands of them)."""
    models_ = page_kinds.unit_owned_models()
    if not models_:
        return []
    return [ct.pk for ct in ContentType.objects.get_for_models(*models_).values()]


def sitemap_tree(site: Site) -> list[SitemapNode]:
    """The live, public pages of the site from its root down, as nested nodes.

    A page whose parent is not shown (a draft, a private section, an item) is left
    out with its branch, so every link leads to a page the public can reach. One
    query whatever the number of pages.
    """
    root_path = site.root_page.path
    pages = without_restricted(
        Page.objects.live()
        .filter(path__startswith=root_path)
        .exclude(content_type_id__in=publication_content_types())
    ).order_by("path")
    nodes: dict[str, SitemapNode] = {}
    roots: list[SitemapNode] = []
    for page in pages:
        node = SitemapNode(page)
        if page.path == root_path:
            roots.append(node)
        else:
            parent = nodes.get(page.path[: -Page.steplen])
            if parent is None:
                continue
            parent.children.append(node)
        nodes[page.path] = node
    return roots


# --- The people responsible --------------------------------------------------------


@dataclass
class Person:
    """A name and the position it is shown with."""

    name: str
    position: str


@dataclass
class UnitPeople:
    """A unit with its director and deputy; ``None`` where nobody is named."""

    unit: Unit
    director: str | None
    deputy: str | None


@dataclass
class PublicationPeople:
    """Who is responsible for publication, as the office's data says now."""

    office_director: str | None
    office_director_position: str
    ict_unit: Unit | None
    publishers: list[Person]
    units: list[UnitPeople]


def public_name(user) -> str | None:
    """The full name a visitor sees; never the username, which is a login.

    ``None`` when nobody is named; a placeholder when the account has no name.
    """
    if user is None:
        return None
    return user.get_full_name().strip() or gettext("(name not recorded)")


def publication_people(office: OfficeSettings) -> PublicationPeople:
    """The office director, the ICT publishers (the people of the office's ICT unit)
    and every unit's director and deputy.

    Three queries whatever the number of units: the office director, the units
    with their directors and deputies, and the ICT unit's members.
    """
    director = office.office_director
    units = list(Unit.objects.select_related("director", "deputy"))
    # As moderation.roles does: without an ICT unit named in the settings, the
    # units of the ICT kind publish.
    ict = next((u for u in units if u.pk == office.ict_unit_id), None) or next(
        (u for u in units if u.kind == UnitKind.ICT), None
    )
    publishers: list[Person] = []
    if ict is not None:
        seen: set[int] = set()
        people = [
            (ict.director, gettext("Director of %(unit)s")),
            (ict.deputy, gettext("Acting for the director of %(unit)s")),
        ]
        members = ict.members.order_by("first_name", "last_name", "pk")
        people += [(member, gettext("Staff of %(unit)s")) for member in members]
        for user, position in people:
            if user is None or user.pk in seen:
                continue
            seen.add(user.pk)
            publishers.append(
                Person(public_name(user), position % {"unit": ict.name_th})
            )
    return PublicationPeople(
        office_director=public_name(director),
        office_director_position=gettext("Director of %(office)s")
        % {"office": office.name_th},
        ict_unit=ict,
        publishers=publishers,
        units=[
            UnitPeople(unit, public_name(unit.director), public_name(unit.deputy))
            for unit in units
        ],
    )
