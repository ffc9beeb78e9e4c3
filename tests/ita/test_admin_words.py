"""The ITA app's Thai words stay in its own screens: a plain English word it
translates for itself must not replace what Wagtail's admin says elsewhere."""

from django.utils import translation
from django.utils.translation import gettext, pgettext

from ita.models import ItaFreshness, ItaIndicator


def test_wagtails_group_and_any_date_keep_their_own_thai():
    with translation.override("th"):
        # The users' groups screen and the date filters are Wagtail's.
        assert gettext("Group") != "กลุ่มตัวชี้วัด"
        assert gettext("group") != "องค์ประกอบ"
        assert gettext("Any date") != "ไม่กำหนด"
        # The ITA screens still say theirs.
        assert pgettext("ITA indicator", "Group") == "กลุ่มตัวชี้วัด"
        assert str(ItaIndicator._meta.get_field("group").verbose_name) == "องค์ประกอบ"
        assert str(ItaFreshness.NONE.label) == "ไม่กำหนด"
