"""Public views that are not pages: the site search, the notice-board poster and
robots.txt."""

from __future__ import annotations

import re

import segno
from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from wagtail.models import Page

from disclosure_thai.dates import arabic_digits
from disclosure_thai.search import MAX_QUERY_CHARS, segment_query
from moderation.models import OfficeSettings, Unit

from .models import DisclosureCategoryPage
from .search import (
    filter_pages,
    find_pages,
    page_date,
    page_plain_text,
    page_summary_text,
    public_pages,
    searchable_models,
    snippet,
)
from .share import page_address

RESULTS_PER_PAGE = 20
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_YEAR = re.compile(r"^\d{4}$")


class QueryField(forms.CharField):
    """The words typed: never an error (a NUL byte or control characters are
    dropped, a long text is cut); what cannot be searched is said on the page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators = []

    def to_python(self, value):
        value = _CONTROL.sub(" ", str(value or ""))
        return value[:MAX_QUERY_CHARS].strip()


class SearchForm(forms.Form):
    q = QueryField(label=_("Search words"), required=False, widget=forms.SearchInput)
    category = forms.ChoiceField(label=_("Category"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    fiscal_year = forms.CharField(
        label=_("Fiscal year (B.E.)"),
        required=False,
        max_length=10,
        widget=forms.Select,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"autocomplete": "off", "maxlength": MAX_QUERY_CHARS}
        )
        self.categories = {
            c.code: c
            for c in DisclosureCategoryPage.objects.live().public().order_by("path")
        }
        self.fields["category"].choices = [
            ("", _("All categories")),
            *[(code, str(c)) for code, c in self.categories.items()],
        ]
        self.units = {u.code: u for u in Unit.objects.order_by("sort_order", "name_th")}
        self.fields["unit"].choices = [
            ("", _("All units")),
            *[(code, u.name_th) for code, u in self.units.items()],
        ]
        self.fields["fiscal_year"].widget.choices = [
            ("", _("All years")),
            *[(str(y), str(y)) for y in self.fiscal_years()],
        ]

    @staticmethod
    def fiscal_years() -> list[int]:
        """The fiscal years of the public searchable pages that have one, newest
        first (a restricted page's year is not offered)."""
        years: set[int] = set()
        models = set(searchable_models())
        for model in models:
            if not any(f.name == "fiscal_year" for f in model._meta.get_fields()):
                continue
            # A subclass's rows are read with the page type that defines the year
            # (the procurement summary's with the item's): one query per table.
            defined_by = model._meta.get_field("fiscal_year").model
            if defined_by is not model and defined_by in models:
                continue
            years.update(
                y
                for y in model.objects.live()
                .public()
                .order_by()
                .values_list("fiscal_year", flat=True)
                .distinct()
                if y
            )
        return sorted(years, reverse=True)

    def clean_fiscal_year(self):
        value = arabic_digits(self.cleaned_data["fiscal_year"].strip())
        if not value:
            return None
        if not _YEAR.match(value) or not 2400 <= int(value) <= 2700:
            raise forms.ValidationError(
                _(
                    "Enter the fiscal year as a Buddhist-era year of four digits, e.g. 2569."
                )
            )
        return int(value)


def _specific_in_order(pages) -> list:
    ids = [page.pk for page in pages]
    by_id = {p.pk: p for p in Page.objects.filter(pk__in=ids).specific()}
    return [by_id[pk] for pk in ids if pk in by_id]


def _results(pages: list, query: str) -> list[dict]:
    """What each result shows; parents and units read in one query each."""
    parent_paths = {
        p.path[: -p.steplen] for p in pages if getattr(p, "disclosure_kind", None)
    }
    parents = {p.path: p for p in Page.objects.filter(path__in=parent_paths)}
    unit_ids = {getattr(p, "unit_id", None) for p in pages} - {None}
    units = Unit.objects.in_bulk(unit_ids)
    results = []
    for page in pages:
        unit = units.get(getattr(page, "unit_id", None))
        results.append(
            {
                "page": page,
                "kind": page.specific_class._meta.verbose_name,
                "unit": unit.name_th if unit else "",
                "date": page_date(page),
                "fiscal_year": getattr(page, "fiscal_year", None),
                "parent": parents.get(page.path[: -page.steplen]),
                "snippet": (
                    snippet(page_plain_text(page), query)
                    if query
                    else page_summary_text(page)[:200]
                ),
            }
        )
    return results


@require_safe
def search(request):
    """The site search: items, categories and galleries, with filters."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "notices": [], "searched": False}
    status = 200
    if not form.is_bound:
        return render(request, "disclosure_pages/search.html", context)

    form.is_valid()  # fills cleaned_data with the valid fields; errors are shown
    data = form.cleaned_data
    raw = request.GET.get("q", "")
    query = data.get("q", "")
    if len(raw) > MAX_QUERY_CHARS:
        context["notices"].append(
            _(
                "The search text was too long; only its first %(n)s characters were used."
            )
            % {"n": MAX_QUERY_CHARS}
        )
    tokens = segment_query(query)
    if raw.strip() and not tokens:
        context["notices"].append(
            _(
                "Nothing in the search text can be searched. Type Thai or English "
                "words or numbers."
            )
        )
    if form.errors:
        status = 400  # a malformed filter: said on the page, the filter ignored

    category = form.categories.get(data.get("category") or "")
    unit = form.units.get(data.get("unit") or "")
    fiscal_year = data.get("fiscal_year")
    filtering = bool(category or unit or fiscal_year)

    pages = filter_pages(
        public_pages(), category=category, unit=unit, fiscal_year=fiscal_year
    )
    if tokens:
        results = find_pages(pages, query)
    elif filtering:
        results = pages.order_by("-first_published_at", "-pk")
    else:
        results = None

    if results is not None:
        paginator = Paginator(results, RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context.update(
            {
                "searched": True,
                "query": query,
                "paginator": paginator,
                "items_page": page_obj,
                "results": _results(_specific_in_order(page_obj.object_list), query),
            }
        )
    return render(request, "disclosure_pages/search.html", context, status=status)


def poster_context(request, page) -> dict | None:
    """What one A4 poster shows of a live item or gallery: the office, the title,
    the date, the summary and a QR code to its public address; None when the page
    has no address to print (outside every site). The notice-board batch prints the
    same sheet per page."""
    url = page_address(request, page)
    if not url:
        return None
    qr = segno.make(url, error="m")
    return {
        "page": page,
        "poster_url": url,
        "qr_svg": qr.svg_inline(scale=5, border=2, title=url),
        "summary": page_summary_text(page),
        "date": page_date(page),
        "office": OfficeSettings.for_request(request),
        "unit": getattr(page, "unit", None),
    }


@require_safe
def poster(request, page_id: int):
    """A print-ready A4 notice-board poster of a published item or gallery."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    if getattr(page, "disclosure_kind", None) not in ("item", "gallery"):
        raise Http404
    context = poster_context(request, page)
    if context is None:  # a page outside every site has no address to print
        raise Http404
    return render(request, "disclosure_pages/poster.html", context)


@require_safe
def robots_txt(request):
    """robots.txt: everything public may be crawled except the admin."""
    sitemap = request.build_absolute_uri(reverse("disclosure_sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
