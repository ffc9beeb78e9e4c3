"""The admin's login form with the lockout message, and the 6-digit code form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from .throttle import lockout_message


class LoginForm(WagtailLoginForm):
    """Wagtail's login form (``WAGTAILADMIN_USER_LOGIN_FORM``) that says in Thai
    why a locked-out sign-in is refused, instead of "wrong password": django-axes
    refuses it inside ``authenticate()`` and marks the request."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Wagtail's password field has no label, so Django shows its field name,
        # "Password", untranslated; this label is in the Thai catalogue.
        self.fields["password"].label = _("Password")

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            # The lockout response keeps this page, with this message, as a 429.
            self.request.disclosure_lockout_shown = True
            return forms.ValidationError(lockout_message(), code="locked_out")
        return super().get_invalid_login_error()


class CodeForm(forms.Form):
    """The 6-digit code an authenticator app shows."""

    code = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": "",
                "pattern": "[0-9 ]*",
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(
                _("Type the 6 digits the app shows now, without letters."),
                code="format",
            )
        return code
