"""The memo's own Thai words stay on the memo: a plain English word translated
for it must not replace what Wagtail's admin says elsewhere."""

from django.utils import translation
from django.utils.translation import gettext, pgettext


def test_the_memos_to_keeps_to_the_memo():
    with translation.override("th"):
        # Wagtail's date-range filters say From … To …; the memo's addressee line
        # says เรียน.
        assert gettext("To") != "เรียน"
        assert pgettext("memo addressee", "To") == "เรียน"
