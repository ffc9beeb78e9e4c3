"""The public feedback endpoint: a plain HTML form post, no JavaScript, no cookies.

CSRF: the public site sets no cookies, and Django's CSRF check needs a cookie (or a
session). The form instead carries a signed, time-limited token naming its page
(``feedback_token``), and a post whose Origin or Referer names another site is
refused. Forging anonymous feedback through a visitor's browser gains an attacker
nothing the visitor's own vote would not; the per-address rate limit bounds abuse.

One answer per rendered form: the token also carries a random one-time number,
stored with the answer in a unique column, so a form posted again is refused by the
database and the first answer kept. The token depends on no session or cookie.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .counted import public_live_counted_page
from .forms import FeedbackForm
from .models import Feedback
from .tracking import rate_limited

TOKEN_SALT = "disclosure_reporting.feedback"  # noqa: S105 - a signing namespace
TOKEN_MAX_AGE = 7 * 24 * 60 * 60  # a page left open for a week can still be rated
# A 1,000-character Thai comment, percent-encoded, is about 9 kB.
MAX_BODY_BYTES = 16 * 1024
THANKS_PARAMETER = "evaluation"


NONCE_BYTES = 16  # 32 hexadecimal digits, Feedback.form_nonce


def feedback_token(page_id: int) -> str:
    """The signed token of one rendered form: its page and a one-time number."""
    return signing.dumps(
        {"page": page_id, "nonce": secrets.token_hex(NONCE_BYTES)},
        salt=TOKEN_SALT,
        compress=False,
    )


# The feedback form's token is a hole of the public page cache (apps.py): each
# response of a cached page, hit or not, gets a token of its own.
TOKEN_HOLE = "feedback_token"  # noqa: S105 - a name, not a secret


def token_for_hole(request, page_id: int) -> str:
    return feedback_token(page_id)


def read_token(token: str) -> tuple[int, str] | None:
    """(page id, one-time number) of a valid, unexpired token; else None.

    A token of the earlier kind (the page id alone, no one-time number) is refused.
    """
    try:
        value = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    page_id, nonce = value.get("page"), value.get("nonce")
    if not isinstance(page_id, int) or not isinstance(nonce, str):
        return None
    if len(nonce) != 2 * NONCE_BYTES:
        return None
    return page_id, nonce


def _same_origin(request) -> bool:
    """False when the browser says the form was posted from another site."""
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not source or source == "null":
        return True
    return urlsplit(source).netloc == request.get_host()


def _error(request, status: int, message: str, page=None):
    return render(
        request,
        "reporting/feedback_error.html",
        {"message": message, "status": status, "target_page": page},
        status=status,
    )


@csrf_exempt
@require_POST
def feedback(request):
    """Store one answer to "Was this information useful?" and go back to the page."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        return _error(request, 413, _("The form sent is too large."))
    if not _same_origin(request):
        return _error(request, 403, _("This form must be sent from this website."))
    if rate_limited(request, "feedback"):
        return _error(
            request,
            429,
            _("Too many answers were sent from your connection. Please try later."),
        )
    page = public_live_counted_page(request.POST.get("page_id"))
    if page is None:
        return _error(request, 404, _("This information is not published."))
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _error(
            request,
            400,
            _(
                "Please answer whether the information was useful; a comment may "
                "have at most 1,000 characters."
            ),
            page,
        )
    token = read_token(form.cleaned_data["token"])
    if form.cleaned_data["page_id"] != page.pk or not token or token[0] != page.pk:
        return _error(
            request, 400, _("The form has expired. Please open the page again."), page
        )
    try:
        with transaction.atomic():
            Feedback.objects.create(
                page=page,
                useful=form.cleaned_data["useful"],
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"].strip(),
                form_nonce=token[1],
            )
    except IntegrityError:  # this form's one-time number was used: a replay
        return _error(
            request,
            409,
            _(
                "This form has already sent its answer. To answer again, please "
                "open the page again."
            ),
            page,
        )
    url = page.get_url(request=request) or "/"
    return HttpResponseRedirect(f"{url}?{THANKS_PARAMETER}=thanks#evaluation")
