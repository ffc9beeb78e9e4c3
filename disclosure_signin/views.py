"""Admin screens: the code step after the password, setting two-step sign-in up or
off, and the administrators' screen of lockouts and authenticator apps."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail import log_actions
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request

from .forms import CodeForm
from .throttle import (
    ACCOUNT,
    ADDRESS,
    account_limit,
    address_limit,
    cool_off,
    current_lockouts,
)
from .throttle import unlock as forget_failures
from .two_factor import (
    confirmed_device,
    may_set_up,
    pending_device,
    qr_code,
    remove_two_factor,
    secret_for_typing,
)

logger = logging.getLogger(__name__)


def can_manage_signins(user) -> bool:
    """Administrators: those who may change users (and so reset their passwords)."""
    return user.is_superuser or user.has_perm("auth.change_user")


def _forbidden(request, message: str) -> TemplateResponse:
    return TemplateResponse(
        request,
        "disclosure_signin/forbidden.html",
        {
            "page_title": _("Permission denied"),
            "header_icon": "warning",
            "message": message,
        },
        status=403,
    )


def _own_account(request):
    """The signed-in user as a plain model instance: Wagtail's log cannot tell the
    model of the lazy object the middleware leaves in ``request.user``."""
    return get_user_model().objects.get(pk=request.user.pk)


def _next_url(request) -> str:
    return get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")


def _code_refused(device: TOTPDevice, code: str) -> str | None:
    """Why ``code`` is refused for ``device``, or None once it is accepted (and so
    used up). django-otp makes each try after a wrong code wait longer (1 s, 2 s,
    4 s, ...): a try within that wait is not even checked."""
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return _(
            "Wait a few seconds before the next try: after each wrong code the wait "
            "grows. Then type the code the app shows at that moment."
        )
    if verify_token(device.user, device.persistent_id, code):
        return None
    return _(
        "That code is not right. Type the code the app shows now: it changes "
        "every 30 seconds."
    )


def verify(request):
    """The second step: after the password, the code from the authenticator app."""
    device = confirmed_device(request.user)
    if device is None or request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refused = _code_refused(device, form.cleaned_data["code"])
        if refused is None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", refused)
    return TemplateResponse(
        request,
        "disclosure_signin/verify.html",
        {"form": form, "next": get_valid_next_url_from_request(request)},
    )


def set_up(request):
    """Turn two-step sign-in on: scan the QR code, type the first code."""
    user = request.user
    if not may_set_up(user):
        return _forbidden(
            request,
            _(
                "Two-step sign-in is offered to the ICT publishers and the "
                "administrators, whose password alone could publish."
            ),
        )
    context = {
        "page_title": _("Two-step sign-in"),
        "header_icon": "key",
        "next": get_valid_next_url_from_request(request),
    }
    if confirmed_device(user) is not None:
        return _set_up_done(request, CodeForm(), context)

    device = pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refused = _code_refused(device, form.cleaned_data["code"])
        if refused is None:
            device.refresh_from_db()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # This session has just shown a code: it need not show another.
            otp_login(request, device)
            log_actions.log(
                _own_account(request), "disclosure_signin.two_factor_on", user=user
            )
            messages.success(
                request,
                _(
                    "Two-step sign-in is on. From now on, signing in asks for the "
                    "code from your app after your password."
                ),
            )
            return redirect(_next_url(request))
        form.add_error("code", refused)
    # The QR code comes first on this page: the field must not scroll past it.
    form.fields["code"].widget.attrs.pop("autofocus", None)
    qr_uri, qr_width = qr_code(device)
    context.update(
        {
            "form": form,
            "qr_uri": qr_uri,
            "qr_width": qr_width,
            "secret": secret_for_typing(device),
        }
    )
    return TemplateResponse(request, "disclosure_signin/set_up.html", context)


def _set_up_done(request, form: CodeForm, context: dict) -> TemplateResponse:
    """The page of someone whose two-step sign-in is on, with the code field that
    turning it off asks for."""
    # The page is read first: the field must not take the focus on arrival.
    form.fields["code"].widget.attrs.pop("autofocus", None)
    context["form"] = form
    return TemplateResponse(request, "disclosure_signin/set_up_done.html", context)


@require_POST
def turn_off(request):
    """Turn one's own two-step sign-in off (a new phone, say: then set it up again).

    Only with a current code from the app, as at sign-in: a session alone (a
    computer left signed in, a stolen cookie) could otherwise turn it off and leave
    the account to its password. A lost phone is an administrator's to remove."""
    user = request.user
    device = confirmed_device(user)
    if device is None:
        return redirect("disclosure_signin:setup")
    form = CodeForm(request.POST)
    if form.is_valid():
        refused = _code_refused(device, form.cleaned_data["code"])
        if refused is None:
            remove_two_factor(user)
            log_actions.log(
                _own_account(request), "disclosure_signin.two_factor_off", user=user
            )
            messages.success(request, _("Two-step sign-in is off."))
            return redirect("disclosure_signin:setup")
        form.add_error("code", refused)
    context = {
        "page_title": _("Two-step sign-in"),
        "header_icon": "key",
        "next": get_valid_next_url_from_request(request),
    }
    return _set_up_done(request, form, context)


def security(request):
    """Who is locked out now, and who signs in with an authenticator app."""
    if not can_manage_signins(request.user):
        return _forbidden(
            request, _("Only administrators may unlock sign-ins or remove apps.")
        )
    devices = (
        TOTPDevice.objects.filter(confirmed=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    return TemplateResponse(
        request,
        "disclosure_signin/security.html",
        {
            "page_title": _("Sign-in security"),
            "header_icon": "lock",
            "lockouts": current_lockouts(),
            "devices": devices,
            "ACCOUNT": ACCOUNT,
            "account_limit": account_limit(),
            "address_limit": address_limit(),
            "cool_off_minutes": round(cool_off().total_seconds() / 60),
        },
    )


@require_POST
def unlock(request):
    """Let a locked-out account or address sign in again at once."""
    if not can_manage_signins(request.user):
        return _forbidden(
            request, _("Only administrators may unlock sign-ins or remove apps.")
        )
    kind = request.POST.get("kind", "")
    value = request.POST.get("value", "").strip()
    if kind not in (ACCOUNT, ADDRESS) or not value:
        messages.error(request, _("Choose a lockout from the list."))
        return redirect("disclosure_signin:security")
    forget_failures(kind, value)
    logger.info("%s unlocked sign-in for %s %s", request.user, kind, value)
    if kind == ACCOUNT:
        locked_user = get_user_model().objects.filter(username=value).first()
        if locked_user is not None:
            log_actions.log(locked_user, "disclosure_signin.unlock", user=request.user)
        messages.success(
            request, _("%(username)s can sign in again.") % {"username": value}
        )
    else:
        messages.success(
            request, _("Sign-in from %(address)s is open again.") % {"address": value}
        )
    return redirect("disclosure_signin:security")


@require_POST
def remove(request, user_id: int):
    """Remove someone's authenticator app (a lost phone): they sign in with the
    password alone until they set a new one up."""
    if not can_manage_signins(request.user):
        return _forbidden(
            request, _("Only administrators may unlock sign-ins or remove apps.")
        )
    person = get_object_or_404(get_user_model(), pk=user_id)
    if person.is_superuser and not request.user.is_superuser:
        return _forbidden(
            request, _("Only a superuser may change another superuser's sign-in.")
        )
    if remove_two_factor(person):
        log_actions.log(
            person, "disclosure_signin.two_factor_removed", user=request.user
        )
        messages.success(
            request,
            _(
                "Two-step sign-in is off for %(name)s: they sign in with their "
                "password alone until they set it up again."
            )
            % {"name": person.get_full_name() or person.get_username()},
        )
    return redirect("disclosure_signin:security")
