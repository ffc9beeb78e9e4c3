"""One page per "new page" form, whichever of its saves arrives first.

Wagtail 8's autosave posts the create form in the background (as JSON); its answer
turns the form into the new page's edit form. "Save draft" pressed while that post
is on its way posts the create form again: Wagtail then refused it ("slug already
used", the person's own page) or, when both posts passed the check together, made
two pages or failed on the tree's unique path (a server error).

Each create form carries a random token (``wagtailadmin/pages/create.html``). Posts
of one form run one at a time (a row of ``PageCreation`` taken in a transaction
around Wagtail's create view), and every post after the one that created the page
is handed to Wagtail's edit view of that page: the click wins with the text it
carries, and the person lands on the page's edit form. An autosave of a form the
person has already saved with a click is stale (the browser left that form) and
saves nothing. A form without the token (an older tab) works as before.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpResponseBadRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page

from .models import PageCreation

TOKEN_FIELD = "disclosure_creation_token"  # noqa: S105 (a form field's name)
# Pages saved for the first time while a create form's post runs: the page it made.
_created_pages: ContextVar[list | None] = ContextVar("created_pages", default=None)


def new_token() -> str:
    """A token for one rendering of a create form."""
    return uuid.uuid4().hex


def _token(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None


@receiver(post_save)
def _note_created_page(sender, instance, created, **kwargs):
    pages = _created_pages.get()
    if created and pages is not None and isinstance(instance, Page):
        pages.append(instance.pk)


def _is_autosave(request) -> bool:
    # Wagtail's autosave asks for JSON; a click on a button asks for a page.
    return not request.accepts("text/html")


def _create(request) -> tuple[object, int | None]:
    """Wagtail's create view for this request; the page it made, if any."""
    match = request.resolver_match
    pages: list = []
    reset = _created_pages.set(pages)
    try:
        response = match.func(request, *match.args, **match.kwargs)
    finally:
        _created_pages.reset(reset)
    return response, (pages[0] if pages else None)


def _edit(request, page_id: int):
    """Wagtail's edit view of the page this form created, given the same post."""
    response = EditView.as_view()(request, page_id=page_id)
    if _is_autosave(request) and response.get("Content-Type") == "application/json":
        # Answer as the create view does, so the form becomes the edit form.
        data = json.loads(response.content)
        if data.get("success"):
            edit_url = reverse("wagtailadmin_pages:edit", args=[page_id])
            data.pop("html", None)
            data["url"] = edit_url
            data["hydrate_url"] = f"{edit_url}?_w_hydrate_create_view=1"
            response = JsonResponse(data, status=response.status_code)
    return response


@hooks.register("before_create_page", order=-100)
def create_one_page_per_form(request, parent_page, page_class):
    """Run the posts of one create form one at a time; the second edits the page."""
    if request.method != "POST" or getattr(request, "_page_creation_token", None):
        return None
    token = _token(request.POST.get(TOKEN_FIELD))
    if token is None:
        return None
    request._page_creation_token = token
    autosave = _is_autosave(request)
    with transaction.atomic():
        # The second post of a form waits here until the first has committed.
        creation, new = PageCreation.objects.get_or_create(
            token=token, defaults={"user": request.user}
        )
        creation = PageCreation.objects.select_for_update().get(pk=creation.pk)
        if creation.user_id != request.user.pk:
            return HttpResponseBadRequest(
                gettext("This form belongs to someone else. Open a new form.")
            )
        if creation.page_id is None:
            response, creation.page_id = _create(request)
        elif autosave and creation.submitted:
            return JsonResponse(
                {
                    "success": False,
                    "error_code": "invalid_revision",
                    "error_message": gettext(
                        "This page has already been saved: carry on in its edit form."
                    ),
                },
                status=409,
            )
        else:
            response = _edit(request, creation.page_id)
        if creation.page_id is not None and not autosave:
            creation.submitted = True
        creation.save()
    if new:  # forms older than a day are closed tabs: forget them
        PageCreation.objects.filter(
            created_at__lt=timezone.now() - dt.timedelta(days=1)
        ).delete()
    return response
