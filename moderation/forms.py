"""The form of unit-owned pages (page apps set it as ``base_form_class``); the
chain's decision forms are in moderation.decision_forms."""

from wagtail.admin.forms import WagtailAdminPageForm

from .change_notes import (
    CHANGE_NOTE_FIELDS,
    NOTE_REQUIRED,
    change_note_fields,
    clean_entry,
    pending_note,
)
from .office import Unit, unit_ids_for
from .pages import has_office_wide_access


class UnitOwnedPageForm(WagtailAdminPageForm):
    """A unit-owned page's form: staff give a new page one of their own units and
    may move their unit's page only to another of their units; anyone else who
    opens the editor (an approver at their step) sees the unit but cannot change it.
    Publishers and administrators choose any unit.

    A new version of a live page is submitted with a change note, or marked as a
    minor edit (moderation.change_notes; the page type shows them with
    ``ChangeNotePanel``)."""

    change_note = change_note_fields()["change_note"]
    minor_edit = change_note_fields()["minor_edit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a page type whose editor shows ChangeNotePanel asks for the note
        # (Wagtail builds the form's fields from the panels).
        self.asks_change_note = "change_note" in (self._meta.fields or ())
        if not self.asks_change_note:
            for name in CHANGE_NOTE_FIELDS:
                self.fields.pop(name, None)
        elif not self.is_bound:
            pending = pending_note(self.instance)
            if pending is not None:
                self.initial.setdefault("change_note", pending.note)
                self.initial.setdefault("minor_edit", pending.minor)
        # Fields with a callable default (the publication date: today) compare with
        # a hidden "initial" input that never matches, so an unchanged form counted
        # as changed and every approval from the editor saved a new revision.
        for form_field in self.fields.values():
            form_field.show_hidden_initial = False
        field = self.fields.get("unit")
        user = self.for_user
        if field is None or user is None:
            return
        if has_office_wide_access(user):
            return
        own = unit_ids_for(user)
        current = self.instance.unit_id if self.instance.pk else None
        if current is not None and current not in own:
            field.disabled = True  # an approver: the posted value is ignored
            field.queryset = Unit.objects.filter(pk=current)
            return
        field.queryset = Unit.objects.filter(pk__in=own)
        if current is None and not self.initial.get("unit") and own:
            self.initial["unit"] = field.queryset.first().pk

    def clean(self):
        cleaned = super().clean()
        # Submitting a change to a live page: the note (or the minor-edit choice)
        # is required; a draft save or an approver's decision needs none.
        if (
            self.asks_change_note
            and self.data.get("action-submit")
            and self.instance.pk
            and self.instance.live
            and clean_entry(cleaned) is None
        ):
            self.add_error("change_note", NOTE_REQUIRED)
        return cleaned
