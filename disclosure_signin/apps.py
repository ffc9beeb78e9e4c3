from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    """Throttled sign-in, the unlock screen and two-step sign-in for publishers."""

    name = "disclosure_signin"
    label = "disclosure_signin"
    verbose_name = _("Sign-in security")
    default_auto_field = "django.db.models.BigAutoField"
