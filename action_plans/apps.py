from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    """The annual action plan (แผนปฏิบัติการประจำปี, category 1.6): its projects and
    the progress reports that follow them."""

    name = "action_plans"
    label = "action_plans"
    verbose_name = _("Action plans")
    default_auto_field = "django.db.models.BigAutoField"
