"""The public feedback endpoint: a plain HTML form post, no JavaScript, no cookies.

CSRF: the public site sets no cookies, and Django's CSRF check needs a cookie (or a
session). The form instead carries a signed, time-limited token naming its page
(``feedback_token``), and a post whose Origin or Referer names another site is
refused. Forging anonymous feedback through a visitor's browser gains an attacker
nothing the visitor's own vote would not; the per-address rate limit bounds abuse.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core import signing
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


def feedback_token(page_id: int) -> str:
    return signing.dumps(page_id, salt=TOKEN_SALT, compress=False)


def token_matches(token: str, page_id: int) -> bool:
    try:
        return signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE) == page_id
    except signing.BadSignature:
        return False


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
    if form.cleaned_data["page_id"] != page.pk or not token_matches(
        form.cleaned_data["token"], page.pk
    ):
        return _error(
            request, 400, _("The form has expired. Please open the page again."), page
        )
    Feedback.objects.create(
        page=page,
        useful=form.cleaned_data["useful"],
        score=form.cleaned_data["score"],
        comment=form.cleaned_data["comment"].strip(),
    )
    url = page.get_url(request=request) or "/"
    return HttpResponseRedirect(f"{url}?{THANKS_PARAMETER}=thanks#evaluation")
