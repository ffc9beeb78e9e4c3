"""Thai slugs spelled right: page addresses keep Thai vowel and tone marks.

Django's ``slugify(allow_unicode=True)``, its ``validate_unicode_slug`` and Wagtail's
serve URL pattern all use ``\\w``, and Python's ``\\w`` does not match combining
marks (Unicode category Mn: ั ิ ี ึ ื ุ ู ็ ่ ้ ๊ ๋ ์ ํ ฺ); Wagtail's admin JavaScript
keeps ``\\p{L}\\p{N}`` only. So ``แผนการใช้จ่ายงบประมาณ`` became the slug
``แผนการใชจายงบประมาณ``: every Thai address was misspelled, and that is what people
share. The rule here, for every page type: a slug is whole Thai words (letters,
digits, Thai combining marks, ``-`` and ``_``), never spaces or punctuation.

``install_thai_slugs()`` (run by the app's ``ready``) applies it to Wagtail's
``Page.slug``: the model validator, the admin form field (with a Thai message) and a
widget that puts back the marks a browser or Wagtail stripped from a slug made from
the title. ``wagtail_urlpatterns()`` replaces ``wagtail.urls`` so such addresses are
served and reversed. The admin's slug JavaScript is corrected by
``disclosure_thai/js/thai_slug.js``.
"""

from __future__ import annotations

import re
import unicodedata

from django.core import checks
from django.core.validators import RegexValidator, validate_slug, validate_unicode_slug
from django.forms import SlugField as SlugFormField
from django.urls import NoReverseMatch, re_path, reverse
from django.utils.translation import gettext_lazy as _

# Thai combining marks (category Mn): MAI HAN-AKAT, SARA I .. PHINTHU, MAITAIKHU ..
# YAMAKKAN. Other scripts' marks stay as Django treats them.
THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_THAI_MARK = re.compile(f"[{THAI_MARKS}]")
_THAI_LETTER = re.compile("[\u0e01-\u0e2e]")
_NOT_SLUG = re.compile(rf"[^\w\s{THAI_MARKS}-]")
_NUMBERED = re.compile(r"(.+)-(\d+)")
# NFKC splits SARA AM into NIKHAHIT + SARA AA; Thai keyboards type SARA AM.
_SARA_AM_SPLIT = "\u0e4d\u0e32"
_SARA_AM = "\u0e33"

SLUG_PATTERN = rf"^[-\w{THAI_MARKS}]+\Z"
SLUG_MESSAGE = _(
    "The URL slug may hold only letters (Thai vowel and tone marks included), "
    "digits, hyphens (-) and underscores (_): no spaces or punctuation."
)
validate_thai_slug = RegexValidator(
    re.compile(SLUG_PATTERN), SLUG_MESSAGE, code="invalid"
)


def thai_slugify(value: object) -> str:
    """Django's ``slugify(allow_unicode=True)``, keeping Thai combining marks.

    >>> thai_slugify("แผนการใช้จ่ายงบประมาณ ประจำปี 2569")
    'แผนการใช้จ่ายงบประมาณ-ประจำปี-2569'
    """
    text = unicodedata.normalize("NFKC", str(value)).replace(_SARA_AM_SPLIT, _SARA_AM)
    text = _NOT_SLUG.sub("", text.lower())
    return re.sub(r"[-\s]+", "-", text).strip("-_")


def _skeleton(slug: str) -> str:
    """A slug without Thai marks, SARA AM read as NFKC does (as Django strips it)."""
    return _THAI_MARK.sub("", unicodedata.normalize("NFKC", slug))


def spelled_slug(submitted: str, title: str) -> str:
    """The slug to keep when ``submitted`` comes with a page titled ``title``.

    A slug without Thai marks whose letters are those of the title's slug (what
    Django, Wagtail's JavaScript or an older version of this site made of the
    title, possibly numbered ``-2`` as Wagtail does for duplicates) is that slug
    misspelled: it is spelled from the title again, with its marks. Anything else
    (typed by hand, or already with marks) is kept as given.
    """
    spelled = thai_slugify(title or "")
    if not submitted or not spelled or submitted == spelled:
        return submitted
    if _THAI_MARK.search(submitted) or not _THAI_LETTER.search(submitted):
        return submitted
    if _skeleton(submitted) == _skeleton(spelled):
        return spelled
    numbered = _NUMBERED.fullmatch(submitted)
    if numbered and _skeleton(numbered[1]) == _skeleton(spelled):
        return f"{spelled}-{numbered[2]}"
    return submitted


def _thai_validators(validators: list) -> list:
    """Django's slug validator replaced by the Thai one, other validators kept."""
    kept = [v for v in validators if v not in (validate_slug, validate_unicode_slug)]
    return [*kept, validate_thai_slug]


class ThaiSlugField(SlugFormField):
    """A page's slug in admin forms: Thai marks allowed, refusals in Thai."""

    def __init__(self, **kwargs):
        kwargs["allow_unicode"] = True
        super().__init__(**kwargs)
        self.validators = _thai_validators(self.validators)


def _copy_form_class():
    from wagtail.admin.forms.pages import CopyForm

    class ThaiSlugCopyForm(CopyForm):
        """Wagtail's "copy page" form, whose new slug may keep its Thai marks."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            new_slug = self.fields["new_slug"]
            new_slug.validators = _thai_validators(new_slug.validators)

    return ThaiSlugCopyForm


def _slug_input_class():
    from wagtail.admin.widgets import SlugInput

    class ThaiSlugInput(SlugInput):
        """Wagtail's slug input, reading back a slug stripped of its Thai marks.

        The slug is spelled from the title again when what came is the title's
        slug without its marks (a browser without our script, an older draft):
        the form's own title field is read from the same submitted data.
        """

        def value_from_datadict(self, data, files, name):
            value = super().value_from_datadict(data, files, name)
            if not isinstance(value, str) or not name.endswith("slug"):
                return value
            title = data.get(name[: -len("slug")] + "title")
            if not isinstance(title, str):
                return value
            return spelled_slug(value.strip(), title)

    return ThaiSlugInput


def thai_slug_script() -> str:
    """The admin's script that keeps Thai marks in the slugs it writes."""
    from django.utils.html import format_html
    from wagtail.admin.staticfiles import versioned_static

    return format_html(
        '<script src="{}"></script>',
        versioned_static("disclosure_thai/js/thai_slug.js"),
    )


_installed = False


def install_thai_slugs() -> None:
    """Apply the Thai slug rule to Wagtail's ``Page.slug`` (once).

    ``Page`` belongs to Wagtail, so its field cannot be redeclared: the field's
    validator is replaced in place (used by ``Page.full_clean`` on publish), and
    Wagtail's form-field override for slug fields (``register_form_field_override``,
    the hook Wagtail itself uses to give slugs their widget) gives page forms of
    every type the Thai field and widget, and the "copy page" form its own. Other
    slug fields (unit codes) keep Wagtail's. The admin's slug script is corrected on every admin page.
    """
    global _installed
    if _installed:
        return
    _installed = True
    from django.db import models
    from wagtail import hooks
    from wagtail.admin.forms.models import register_form_field_override
    from wagtail.admin.widgets import SlugInput
    from wagtail.models import Page

    slug = Page._meta.get_field("slug")
    slug.default_validators = [validate_thai_slug]
    slug.__dict__.pop("validators", None)  # a cached_property built from the above
    thai_input = _slug_input_class()

    def slug_form_field(db_field):
        if db_field is slug:
            return {"widget": thai_input, "form_class": ThaiSlugField}
        return {"widget": SlugInput}

    register_form_field_override(models.SlugField, override=slug_form_field)
    # Read by Wagtail's copy view for every page type that sets none of its own.
    Page.copy_form_class = _copy_form_class()
    hooks.register("insert_global_admin_js", thai_slug_script)


def _serve_pattern() -> str:
    from wagtail.coreutils import WAGTAIL_APPEND_SLASH

    if WAGTAIL_APPEND_SLASH:
        return rf"^((?:[-\w{THAI_MARKS}]+/)*)$"
    return rf"^([-\w/{THAI_MARKS}]*)$"


def wagtail_urlpatterns() -> list:
    """``wagtail.urls`` with a page-serving pattern that accepts Thai marks.

    Wagtail's own pattern (``[\\w\\-]+``) neither serves nor reverses an address
    with marks (``page.url`` would be None). Add these last, in place of
    ``include(wagtail.urls)``.
    """
    from wagtail import urls as wagtail_urls
    from wagtail import views

    kept = [p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"]
    return [*kept, re_path(_serve_pattern(), views.serve, name="wagtail_serve")]


@checks.register(checks.Tags.urls)
def check_thai_slugs_are_served(app_configs=None, **kwargs):
    """Warn when the URLconf serves pages with Wagtail's pattern, which has no marks."""
    try:
        reverse("wagtail_serve", args=["a/"])
    except NoReverseMatch:  # no page serving at all (a headless site)
        return []
    try:
        reverse("wagtail_serve", args=["ใช้/"])
    except NoReverseMatch:
        return [
            checks.Warning(
                "Pages whose slug has Thai vowel or tone marks cannot be served.",
                hint="Use disclosure_thai.slugs.wagtail_urlpatterns() in place of "
                "include(wagtail.urls) in the site's urls.py.",
                id="disclosure_thai.W101",
            )
        ]
    return []


def respell_stripped_slugs(apps) -> list[tuple[int, str, str]]:
    """Give each page whose slug is its title's slug stripped of Thai marks the
    spelled slug; every address it had while live redirects to it (301).

    Works on the models of ``apps`` (a migration's historical models, or Django's
    own), so it runs as a data migration: the page row, its descendants' URL paths
    and its latest revision (whose slug would otherwise come back on the next
    publication) change together. A page whose spelled slug a sibling already uses
    is left as it is. Returns (page id, old slug, new slug) for each page changed.
    """
    from django.db.models import TextField, Value
    from django.db.models.functions import Concat, Substr
    from wagtail.contrib.redirects.models import Redirect as WagtailRedirect

    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    Site = apps.get_model("wagtailcore", "Site")
    step = 4  # treebeard's path step in Wagtail
    sites = [
        (site, site.root_page) for site in Site.objects.select_related("root_page")
    ]
    changed = []
    candidates = Page.objects.filter(depth__gt=1).order_by("path")
    for page_id, slug, title in list(candidates.values_list("pk", "slug", "title")):
        new_slug = spelled_slug(slug, title)
        if new_slug == slug:
            continue
        page = Page.objects.get(pk=page_id)  # fresh: an ancestor may have changed
        siblings = Page.objects.filter(
            depth=page.depth, path__startswith=page.path[:-step]
        ).exclude(pk=page.pk)
        if siblings.filter(slug=new_slug).exists() or not page.url_path.endswith(
            f"/{slug}/"
        ):
            continue
        old_url_path = page.url_path
        new_url_path = old_url_path[: -len(slug) - 1] + new_slug + "/"
        moved = list(
            Page.objects.filter(path__startswith=page.path, live=True).values_list(
                "pk", "path", "url_path"
            )
        )
        Page.objects.filter(pk=page.pk).update(slug=new_slug, url_path=new_url_path)
        Page.objects.filter(path__startswith=page.path, depth__gt=page.depth).update(
            url_path=Concat(
                Value(new_url_path),
                Substr("url_path", len(old_url_path) + 1),
                output_field=TextField(),
            )
        )
        if page.latest_revision_id:
            revision = Revision.objects.get(pk=page.latest_revision_id)
            if revision.content.get("slug") == slug:
                revision.content["slug"] = new_slug
                revision.content["url_path"] = new_url_path
                revision.save(update_fields=["content"])
        for moved_id, path, url_path in moved:
            for site, root in sites:
                if not path.startswith(root.path) or path == root.path:
                    continue
                old_path = WagtailRedirect.normalise_path(
                    url_path[len(root.url_path) - 1 :]
                )
                Redirect.objects.update_or_create(
                    old_path=old_path,
                    site=site,
                    defaults={
                        "redirect_page_id": moved_id,
                        "redirect_link": "",
                        "is_permanent": True,
                        "automatically_created": True,
                    },
                )
        changed.append((page.pk, slug, new_slug))
    return changed
