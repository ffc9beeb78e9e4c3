"""The office's colours as a style sheet the public pages link to."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from .appearance import HEX_COLOUR, darker
from .models import SiteAppearance

YEAR = 365 * 24 * 3600


@require_safe
def appearance_css(request):
    """CSS custom properties of the office's colours. The pages link it with the
    colours' version in the address, so browsers keep it until the colours change."""
    appearance = SiteAppearance.for_request(request)
    defaults = dict(
        zip(
            ("primary", "on_primary", "accent"),
            SiteAppearance.DEFAULT_COLOURS,
            strict=True,
        )
    )
    chosen = {
        "primary": appearance.primary_colour,
        "on_primary": appearance.text_on_primary_colour,
        "accent": appearance.accent_colour,
    }
    # Saved through the form, they are checked; anything else falls back.
    colours = {
        key: value if HEX_COLOUR.match(value or "") else defaults[key]
        for key, value in chosen.items()
    }
    css = (
        ":root {\n"
        f"  --c-brand: {colours['primary']};\n"
        f"  --c-brand-dark: {darker(colours['primary'])};\n"
        f"  --c-on-brand: {colours['on_primary']};\n"
        f"  --c-accent: {colours['accent']};\n"
        "}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    if request.GET.get("v") == appearance.colours_version:
        response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return response
