"""Page types of the disclosure section: index → 19 categories → items (measure §1)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from disclosure_thai.dates import fiscal_year
from disclosure_thai.search import ThaiSearchMixin, thai_search_fields
from moderation import page_kinds
from moderation.change_notes import ChangeNotePanel
from moderation.forms import UnitOwnedPageForm
from moderation.pages import SectionPagePermissionTester, UnitOwnedPageMixin

from . import figures
from .blocks import ItemBodyBlock
from .figures import CategoryFigures
from .filters import ItemFilter
from .public_sector import (  # noqa: F401 - registers the models
    AccessibilityStatementPage,
    ContactPage,
    MeasurePage,
    PrivacyNoticePage,
    ResponsiblePeoplePage,
    SitemapPage,
    WebsitePolicyPage,
)
from .search import (
    DocumentText,  # noqa: F401 - registers the model
    attached_documents,
    document_text,
)

ITEMS_PER_PAGE = 20
FISCAL_YEAR_VALIDATORS = [MinValueValidator(2400), MaxValueValidator(2700)]


def route_to_child(parent: Page, model, request, path_components, select_related=()):
    """Route to a child of ``parent`` read as ``model`` in one query (Wagtail reads
    the child, then its specific row), with ``select_related`` joined;
    any other child is routed by Wagtail as usual."""
    if path_components:
        try:
            child = (
                model.objects.child_of(parent)
                .select_related(*select_related)
                .get(slug=path_components[0])
            )
        except model.DoesNotExist:
            return Page.route(parent, request, path_components)
        if child.specific_class is not model:
            # A subtype (the monthly procurement summary is an item) is served as
            # itself: its own template, fields and downloads.
            child = child.specific
        child._cached_parent_obj = parent  # the breadcrumbs and page.category
        return child.route(request, path_components[1:])
    return Page.route(parent, request, path_components)


class FixedStructurePermissionTester(SectionPagePermissionTester):
    """The index and the categories are the measure's fixed structure (see
    SectionPagePermissionTester); adding a category needs the bulk-delete permission
    (administrators)."""

    def can_add_subpage(self):
        if isinstance(self.page, DisclosureIndexPage) and not self._has("bulk_delete"):
            return False
        return super().can_add_subpage()


class DisclosureIndexPage(Page):
    """The disclosure section (ข้อมูลเผยแพร่ต่อสาธารณะ): lists the 19 categories."""

    intro = RichTextField(_("introduction"), blank=True)

    # The approval workflow covers everything under the index (moderation.setup).
    disclosure_workflow_root = True

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["disclosure_pages.DisclosureCategoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("disclosure index")

    def permissions_for_user(self, user):
        return FixedStructurePermissionTester(user, self)

    def route(self, request, path_components):
        return route_to_child(self, DisclosureCategoryPage, request, path_components)

    def category_rows(self) -> list[dict]:
        """Each live category with its count of public items and newest item's date.

        The categories, then their figures: one cache read, and for the categories
        not in the cache one grouped count of their items (category_figures).
        """
        categories = list(DisclosureCategoryPage.objects.child_of(self).live().public())
        counted = category_figures(categories)
        return [
            {
                "page": category,
                "count": counted[category.pk].total,
                # The newest item's date: a category is as current as its items.
                "last_updated": counted[category.pk].newest,
            }
            for category in categories
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["category_rows"] = self.category_rows()
        return context


class DisclosureCategoryPage(ThaiSearchMixin, Page):
    """One of the measure's categories (1.1-1.19) holding the items published in it."""

    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        help_text=_("The number of the category in the measure, e.g. 1.9"),
    )
    description = RichTextField(_("description"), blank=True)
    responsible_units = ParentalManyToManyField(
        "disclosure_moderation.Unit",
        verbose_name=_("responsible units"),
        blank=True,
        related_name="categories",
    )
    minimum_required = models.BooleanField(
        _("minimum required information"),
        default=False,
        help_text=_(
            "Part of the set the website must always hold (measure §2.1): structure, "
            "policy and strategy, action plan, plan monitoring, procurement, manuals, "
            "service standards."
        ),
    )
    update_interval_days = models.PositiveIntegerField(
        _("expected update interval (days)"),
        null=True,
        blank=True,
        help_text=_("How often this category should get a new item, e.g. 365."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("code"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("responsible_units"),
                FieldPanel("minimum_required"),
                FieldPanel("update_interval_days"),
            ],
            heading=_("Responsibility"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("code"),
        index.SearchField("description"),
        *thai_search_fields(),
    ]
    thai_search_source_fields = ("code", "description")
    parent_page_types = ["disclosure_pages.DisclosureIndexPage"]
    subpage_types = ["disclosure_pages.DisclosureItemPage"]

    class Meta:
        verbose_name = _("disclosure category")
        verbose_name_plural = _("disclosure categories")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def permissions_for_user(self, user):
        return FixedStructurePermissionTester(user, self)

    @classmethod
    def clean_subpage_models(cls):
        """The items, and the item types of other apps that stand in a category
        (moderation.page_kinds: e.g. the monthly procurement summary), without
        this app naming them."""
        models_ = list(super().clean_subpage_models())
        for model in page_kinds.item_models():
            if model not in models_ and cls in model.clean_parent_page_models():
                models_.append(model)
        return models_

    def route(self, request, path_components):
        return route_to_child(
            self,
            DisclosureItemPage,
            request,
            path_components,
            select_related=("unit",),
        )

    def public_items(self):
        """Items the public may see in this category, newest first."""
        return (
            DisclosureItemPage.objects.child_of(self)
            .live()
            .public()
            .select_related("unit")
            .order_by("-publication_date", "-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        counted = category_figures([self])[self.pk]
        item_filter = ItemFilter(
            request.GET or None,
            queryset=self.public_items(),
            fiscal_years=counted.years,
        )
        # The listing's count is read from the figures unless words or dates narrow
        # it; the page of rows is one LIMIT/OFFSET query either way, and without
        # filters it reads only the publication dates that hold the page's rows.
        count = listing_count(item_filter, counted)
        rows = item_filter.qs
        if count == counted.total:
            rows = DatedRows(rows, counted)
        paginator = CountedPaginator(rows, ITEMS_PER_PAGE, count=count)
        page_obj = paginator.get_page(request.GET.get("page"))
        context.update(
            {
                "filter": item_filter,
                "filter_errors": item_filter.is_bound and item_filter.errors,
                "items_page": page_obj,
                "paginator": paginator,
                # As current as its newest item; its own date until it has one.
                "last_updated": counted.newest or self.last_published_at,
            }
        )
        return context


class CountedPaginator(Paginator):
    """A paginator that is given its count when the category's figures know it,
    instead of counting the rows again."""

    def __init__(self, object_list, per_page, *, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
        return Paginator.count.func(self)


class DatedRows:
    """The unfiltered listing, whose pages are read within the publication dates
    that hold them (the figures count the items of each date), so that a page costs
    the same in a category of 100 items as in one of 100,000."""

    def __init__(self, queryset, counted: CategoryFigures):
        self.queryset = queryset
        self.counted = counted

    def count(self) -> int:
        return self.counted.total

    def __len__(self) -> int:
        return self.counted.total

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            return self.queryset[index]
        start, stop = index.start or 0, min(index.stop, self.counted.total)
        window = figures.date_window(self.counted.days, start, stop)
        if window is None or stop <= start:
            return self.queryset[index]
        newest, oldest, before = window
        rows = list(
            self.queryset.filter(
                publication_date__lte=newest, publication_date__gte=oldest
            )[start - before : stop - before]
        )
        if len(rows) != stop - start:  # fewer than the figures said: read plainly
            return list(self.queryset[index])
        return rows


def listing_count(item_filter: ItemFilter, counted: CategoryFigures) -> int | None:
    """How many items the filtered listing holds, from the figures; None when words
    or dates narrow it (the rows are counted then). A value the form refused is
    ignored, as the filter ignores it."""
    if not item_filter.is_bound:
        return counted.total
    item_filter.errors  # noqa: B018 - validates the form, as the filter does
    data = item_filter.form.cleaned_data
    if any(data.get(name) for name in ("q", "date_from", "date_to")):
        return None
    unit, year = data.get("unit"), data.get("fiscal_year")
    return counted.count(
        unit_id=unit.pk if unit else None, year=int(year) if year else None
    )


def category_figures(
    categories: list[DisclosureCategoryPage],
) -> dict[int, CategoryFigures]:
    """The figures of these categories by id: from the cache, and those missing
    counted in one grouped query and kept (disclosure_pages.figures)."""
    found = figures.cached(category.pk for category in categories)
    missing = [category for category in categories if category.pk not in found]
    if missing:
        counted = count_category_figures(missing)
        figures.store(counted)
        found.update(counted)
    return found


def count_category_figures(
    categories: list[DisclosureCategoryPage],
) -> dict[int, CategoryFigures]:
    """Public items per category, unit and fiscal year, with the newest publication
    of each group, and per publication date: two grouped queries whatever the
    number of items."""
    by_path = {category.path: category.pk for category in categories}
    within = Q()
    for category in categories:
        within |= Q(path__startswith=category.path, depth=category.depth + 1)
    items = DisclosureItemPage.objects.live().public().filter(within).order_by()
    # An item's category is its path less the last step.
    category_path = Substr("path", 1, Length("path") - Page.steplen)
    rows = items.values("unit_id", "fiscal_year", category_path=category_path).annotate(
        count=Count("pk"), newest=Max("last_published_at")
    )
    groups: dict[int, list] = {pk: [] for pk in by_path.values()}
    for row in rows:
        groups[by_path[row["category_path"]]].append(
            ((row["unit_id"], row["fiscal_year"]), row["count"], row["newest"])
        )
    days: dict[int, list] = {pk: [] for pk in by_path.values()}
    for row in (
        items.values(category_path=category_path, day=F("publication_date"))
        .annotate(count=Count("pk"))
        .order_by("-day")
    ):
        days[by_path[row["category_path"]]].append(
            (row["day"].toordinal(), row["count"])
        )
    return {
        pk: CategoryFigures(
            groups=tuple(sorted(rows, key=_group_order)), days=tuple(days[pk])
        )
        for pk, rows in groups.items()
    }


def _group_order(group) -> tuple:
    (unit_id, year), _, _ = group
    return (unit_id, year or 0)


class DisclosureItemPage(ThaiSearchMixin, UnitOwnedPageMixin, Page):
    """A published piece of information (รายการข้อมูล) owned by one unit."""

    disclosure_kind = "item"
    base_form_class = UnitOwnedPageForm

    unit = models.ForeignKey(
        "disclosure_moderation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="disclosure_items",
    )
    publication_date = models.DateField(
        _("publication date"), default=timezone.localdate, db_index=True
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"),
        null=True,
        editable=False,
        db_index=True,
        help_text=_("The override if given, else taken from the publication date."),
    )
    fiscal_year_override = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"),
        null=True,
        blank=True,
        validators=FISCAL_YEAR_VALIDATORS,
        help_text=_(
            "Leave empty to take it from the publication date. Fill in only when the "
            "item belongs to another fiscal year."
        ),
    )
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(ItemBodyBlock(), verbose_name=_("content"), blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    review_date = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Optional. The date by which this item should be checked or replaced. "
            "The unit's editors and director are reminded in the weekly e-mail from "
            "14 days before. It replaces the category's update interval for this item."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("unit"),  # a plain select: see moderation.wagtail_hooks
        MultiFieldPanel(
            [
                FieldPanel("publication_date"),
                FieldPanel("fiscal_year_override"),
                FieldPanel("effective_date"),
                FieldPanel("last_reviewed"),
            ],
            heading=_("Dates"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        ChangeNotePanel(),  # a live item's new version says what changed
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("review_date")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("unit"),
        index.FilterField("fiscal_year"),
        index.FilterField("publication_date"),
        *thai_search_fields(),
    ]
    thai_search_source_fields = ("summary", "body")
    parent_page_types = ["disclosure_pages.DisclosureCategoryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("disclosure item")
        verbose_name_plural = _("disclosure items")

    def clean(self):
        super().clean()
        if (
            self.publication_date
            and self.last_reviewed
            and self.last_reviewed < self.publication_date
        ):
            raise ValidationError(
                {"last_reviewed": _("The review date is before the publication date.")}
            )

    def save(self, *args, **kwargs):
        # Derived on every save, so moving the publication date across 1 October
        # moves the item to the right fiscal year unless an editor overrode it.
        self.fiscal_year = self.fiscal_year_override or (
            fiscal_year(self.publication_date) if self.publication_date else None
        )
        return super().save(*args, **kwargs)

    def extra_search_text(self):
        """The text of attached PDF documents, read once per file."""
        return [document_text(document) for document in attached_documents(self.body)]

    def memo_attachments(self) -> list[dict]:
        """The attached documents, as the request memo lists them."""
        from django.template.defaultfilters import filesizeformat

        rows = []
        for block in self.body or ():
            if block.block_type == "document" and block.value.get("document"):
                size = block.value.file_size
                rows.append(
                    {
                        "title": f"{block.value.display_title} ({block.value.file_type})",
                        "size": filesizeformat(size) if size else "",
                    }
                )
        return rows

    @property
    def category(self) -> "DisclosureCategoryPage | None":
        parent = self.get_parent()
        return parent.specific if parent else None

    @property
    def updated_at(self):
        """When the public version last changed ("ปรับปรุงล่าสุดเมื่อ")."""
        return self.last_published_at or self.latest_revision_created_at


class ReviewDigest(models.Model):
    """One weekly review reminder sent to one person (send_review_digest): kept so
    that the week's e-mail goes once, however often the command runs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField(
        pgettext_lazy("review reminder", "week"), help_text=_("The Monday of the week.")
    )
    stale = models.PositiveIntegerField(_("stale items"), default=0)
    due_soon = models.PositiveIntegerField(_("items due within 14 days"), default=0)
    sent_at = models.DateTimeField(
        pgettext_lazy("review reminder", "sent at"), auto_now_add=True
    )

    class Meta:
        verbose_name = _("review reminder sent")
        verbose_name_plural = _("review reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week"], name="one_review_digest_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week}"
