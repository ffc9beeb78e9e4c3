"""Admin wiring: the sign-in URLs, the Settings menu item for administrators, the
account menu and dashboard prompt for publishers, and the log entries."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .panels import TwoFactorPromptPanel
from .two_factor import can_publish, has_two_factor, may_set_up
from .views import can_manage_signins


@hooks.register("register_admin_urls")
def register_signin_urls():
    return [path("sign-in/", include(urls, namespace="disclosure_signin"))]


class SigninSecurityMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_signins(request.user)


@hooks.register("register_settings_menu_item")
def register_signin_security_menu_item():
    return SigninSecurityMenuItem(
        _("Sign-in security"),
        reverse("disclosure_signin:security"),
        name="disclosure-signin-security",
        icon_name="lock",
        order=610,
    )


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    if not may_set_up(request.user):
        return None
    return {
        "url": reverse("disclosure_signin:setup"),
        "label": _("Two-step sign-in"),
        "help_text": _(
            "Ask for a code from an app on your phone after your password, so a "
            "stolen password alone cannot publish."
        ),
    }


@hooks.register("construct_homepage_panels")
def add_two_factor_prompt(request, panels):
    if can_publish(request.user) and not has_two_factor(request.user):
        panels.append(TwoFactorPromptPanel())


@hooks.register("register_log_actions")
def register_signin_log_actions(actions):
    actions.register_action(
        "disclosure_signin.unlock", _("Sign-in unlocked"), _("Sign-in unlocked")
    )
    actions.register_action(
        "disclosure_signin.two_factor_on",
        _("Two-step sign-in turned on"),
        _("Two-step sign-in turned on"),
    )
    actions.register_action(
        "disclosure_signin.two_factor_off",
        _("Two-step sign-in turned off"),
        _("Two-step sign-in turned off"),
    )
    actions.register_action(
        "disclosure_signin.two_factor_removed",
        _("Authenticator app removed by an administrator"),
        _("Authenticator app removed by an administrator"),
    )
