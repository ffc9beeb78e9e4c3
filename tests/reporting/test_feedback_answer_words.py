"""The feedback form's answers are worded for the form only: the admin's own
"Yes"/"No" (Wagtail's filters and dialogs) stay ใช่/ไม่ใช่ in Thai."""

from django.utils import translation
from django.utils.translation import gettext

from reporting.forms import FeedbackForm


def test_the_admins_yes_and_no_are_not_the_feedback_answers():
    with translation.override("th"):
        assert gettext("Yes") == "ใช่"
        assert gettext("No") == "ไม่ใช่"


def test_the_feedback_form_still_answers_useful_or_not():
    with translation.override("th"):
        html = str(FeedbackForm()["useful"])
    assert "เป็นประโยชน์" in html
    assert "ไม่เป็นประโยชน์" in html
    assert ">ใช่<" not in html
