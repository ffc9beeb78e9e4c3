"""Forged or broken admin requests that Wagtail 8 answers with a server error (500)
get a 400 with a Thai message instead, without patching Wagtail:

- an image preview of size zero (``/admin/images/<id>/preview/fill-0x0/``) divides by
  zero while resizing;
- a bulk action on ids that are not numbers (``/admin/bulk/…/publish/?id=abc``) reaches
  the database as they are;
- a StreamField whose hidden count or order fields are broken (``body-count=abc``) is
  read with a bare ``int()`` while the form is validated, before anything is saved.
"""

from __future__ import annotations

import traceback

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.forms import URLGeneratorForm
from wagtail.images.models import Filter
from wagtail.models import Page

# Integer primary keys never reach beyond a signed 64-bit number on any database.
_PK_RANGE = range(-(2**63), 2**63)


def bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def bad_ids() -> HttpResponse:
    return bad_request(
        _("The chosen items are not valid. Go back to the list and choose again.")
    )


def valid_preview_size(spec: str) -> bool:
    """Whether an image filter spec is one the preview offers (as Wagtail's view
    checks), with every size above 0 (which Wagtail's view does not)."""
    try:
        operations = Filter(spec=spec).operations
    except InvalidFilterSpecError:
        return False
    for operation in operations:
        if operation.method not in URLGeneratorForm.FilterChoices.values:
            return False
        for name in ("width", "height", "size"):
            value = getattr(operation, name, None)
            if isinstance(value, int) and value < 1:
                return False
    return True


def valid_object_id(model: type[models.Model], value: str) -> bool:
    """Whether ``value`` can be a primary key of ``model`` (a bulk action's ``id``)."""
    field = model._meta.pk
    try:
        python_value = field.to_python(value)
    except ValidationError:
        return False
    if python_value is None or python_value == "":
        return False
    return not isinstance(python_value, int) or python_value in _PK_RANGE


def check_bulk_action(request: HttpRequest, app_label: str, model_name: str):
    """A 400 for ids (or a parent page) that are not ids, a 404 for a parent page
    that does not exist; None to let Wagtail's view answer."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None  # Wagtail's view answers 404
    ids = request.GET.getlist("id")
    if not all(value == "all" or valid_object_id(model, value) for value in ids):
        return bad_ids()
    parent = request.GET.get("childOf")
    if "all" in ids and parent is not None:
        if not valid_object_id(Page, parent):
            return bad_ids()
        if issubclass(model, Page) and not Page.objects.filter(pk=parent).exists():
            raise Http404
    return None


def raised_reading_block_data(exception: BaseException) -> bool:
    """Whether the exception came from a StreamField block reading the posted form
    (``value_from_datadict`` in ``wagtail.blocks``), i.e. from the request's data."""
    for frame in traceback.extract_tb(exception.__traceback__):
        if frame.name == "value_from_datadict" and "/wagtail/blocks/" in (
            frame.filename.replace("\\", "/")
        ):
            return True
    return False


class AdminBadInputMiddleware:
    """Checks what Wagtail's image preview and bulk action views take from the
    address before they run, and answers a StreamField form Wagtail cannot read with
    a 400. Only for signed-in people: others are sent to sign in by the views, as
    before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not request.user.is_authenticated:
            return None
        if match.view_name == "wagtailimages:preview":
            if not valid_preview_size(view_kwargs.get("filter_spec", "")):
                return bad_request(
                    _(
                        "This image size cannot be made: the size must be written "
                        "like fill-300x200, and the width and height of the image "
                        "must be more than 0."
                    )
                )
        elif match.view_name == "wagtail_bulk_action":
            return check_bulk_action(
                request, view_kwargs["app_label"], view_kwargs["model_name"]
            )
        return None

    def process_exception(self, request, exception):
        if (
            request.method == "POST"
            and isinstance(exception, ValueError | KeyError | TypeError | OverflowError)
            and raised_reading_block_data(exception)
        ):
            return bad_request(
                _(
                    "The form arrived incomplete or damaged, so nothing was saved "
                    "yet. Reload the page and make your changes again."
                )
            )
        return None
