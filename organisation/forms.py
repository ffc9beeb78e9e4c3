"""The executives page's form: a post's photo is one the person may choose."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import policy_registry

from moderation.forms import UnitOwnedPageForm

PHOTO_REFUSED = _(
    "This photo cannot be used: it does not exist or is in a collection you may not "
    "choose images from. Choose a photo with the chooser."
)


def choosable_images(user):
    """The images the person may pick in Wagtail's image chooser (its "choose"
    permission on their collections)."""
    model = get_image_model()
    policy = policy_registry.get_by_type(model)
    if not isinstance(policy, CollectionOwnershipPermissionPolicy):
        return model.objects.none()
    return policy.instances_user_has_any_permission_for(user, ["choose"])


class ExecutivesPageForm(UnitOwnedPageForm):
    """Wagtail's chooser offers only the images of the person's collections, but
    its field takes any image id posted: a forged id of another collection's
    picture is refused here. A photo the post already has stays valid, so an
    approver without the choose permission can still save the page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("executives")
        user = self.for_user
        if formset is None or user is None:
            return
        allowed = choosable_images(user)
        for form in formset.forms:
            field = form.fields.get("photo")
            if field is None:
                continue
            current = form.instance.photo_id if form.instance.pk else None
            field.queryset = (
                field.queryset.filter(Q(pk__in=allowed.values("pk")) | Q(pk=current))
                if current
                else field.queryset.filter(pk__in=allowed.values("pk"))
            )
            field.error_messages["invalid_choice"] = PHOTO_REFUSED
