"""The second step of signing in, enforced on every request (after django-otp's
``OTPMiddleware``, which says whether this session has passed it)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse

from .two_factor import has_two_factor, required_for

# What a session that has the password but not yet the code may open in the admin:
# the code screen itself, signing in again or out, and what those pages load.
OPEN_BEFORE_THE_CODE = frozenset(
    {
        "disclosure_signin:verify",
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
    }
)
# What a publisher who must turn two-step sign-in on may open before doing it.
OPEN_BEFORE_SET_UP = OPEN_BEFORE_THE_CODE | {"disclosure_signin:setup"}


def _view_name(request) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class TwoFactorMiddleware:
    """Someone who has turned two-step sign-in on and has given only the password
    reaches no admin page but the code screen, and elsewhere counts as a visitor
    (no restricted pages or documents). With ``DISCLOSURE_TWO_FACTOR_REQUIRED`` a
    publisher without an authenticator app is sent to set one up first.

    Requests without a session cookie (the public) are passed on untouched: their
    session is never read here, so no ``Vary: Cookie`` is added to public pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.second_step(request)
            if response is not None:
                return response
        return self.get_response(request)

    def second_step(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        # request.path, like reverse(), carries the sub-path a site may be served under.
        in_admin = request.path.startswith(reverse("wagtailadmin_home"))
        if has_two_factor(user):
            if not in_admin:
                request.user = AnonymousUser()
                return None
            if _view_name(request) in OPEN_BEFORE_THE_CODE:
                return None
            return redirect_to_login(
                request.get_full_path(), reverse("disclosure_signin:verify")
            )
        if (
            in_admin
            and _view_name(request) not in OPEN_BEFORE_SET_UP
            and required_for(user)
        ):
            return redirect_to_login(
                request.get_full_path(), reverse("disclosure_signin:setup")
            )
        return None
