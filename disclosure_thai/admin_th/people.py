"""People are chosen by name in the admin's forms, not by their login names.

A foreign key or many-to-many field to the user model is a select of users, and
Django labels each user by ``str(user)``, the login name ("director", "ict"): Latin
letters a Thai reader must decode into a person. Wagtail itself names people by
their full names elsewhere (``user_display_name``); these fields do the same,
falling back to the login name for a user with no name.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from wagtail.admin.forms.models import register_form_field_override


def person_label(user) -> str:
    return user.get_full_name().strip() or user.get_username()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


def _people_field(db_field) -> dict:
    if db_field.related_model is get_user_model():
        return {"form_class": PeopleChoiceField}
    return {}


def register_person_fields() -> None:
    """Label users by name in every Wagtail admin model form (snippets, settings,
    pages)."""
    register_form_field_override(
        models.ForeignKey,
        to=get_user_model(),
        override={"form_class": PersonChoiceField},
    )
    register_form_field_override(models.ManyToManyField, override=_people_field)
