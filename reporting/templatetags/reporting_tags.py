"""Template tags of the reporting app for the public site."""

from django import template
from django.urls import reverse

from moderation.public_cache import hole

from ..counted import is_counted
from ..forms import FeedbackForm
from ..views import THANKS_PARAMETER, TOKEN_HOLE, feedback_token

register = template.Library()


@register.inclusion_tag("reporting/evaluation_form.html", takes_context=True)
def evaluation_form(context, page=None):
    """The "Was this information useful?" form, on live, public items and galleries
    only: a private page (shown to a signed-in reader) would have its answers
    refused, as the feedback view takes them for public pages only."""
    page = page or context.get("page")
    request = context.get("request")
    show = bool(
        page is not None
        and getattr(page, "pk", None)
        and page.live
        and is_counted(page)
        and not getattr(request, "is_preview", False)
        and not page.get_view_restrictions().exists()
    )
    if not show:
        return {"show": False}
    # A page that may be cached carries a hole filled with a new token for each
    # visitor (moderation.public_cache), never one token for all of them.
    token = hole(request, TOKEN_HOLE, page.pk) if request else feedback_token(page.pk)
    form = FeedbackForm(
        initial={"page_id": page.pk, "token": token},
        auto_id="evaluation-%s",
    )
    return {
        "show": True,
        "form": form,
        "action": reverse("disclosure_reporting:feedback"),
        "thanks": request is not None and request.GET.get(THANKS_PARAMETER) == "thanks",
    }
