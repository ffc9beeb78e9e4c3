"""Change notes (ประวัติการแก้ไข) — the one place that decides them.

A new version of a live page is submitted with a note of what changed, or marked
explicitly as a minor edit that needs none. The note travels with the request
(its memo prints it) and becomes public when that version is published, by the
chain's last step or outside it. Page apps show a page's public notes with
:func:`public_change_notes`; moderation never imports them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import WorkflowState

from .change_note_records import ChangeNote
from .decision_forms import COMMENT_MAX_LENGTH
from .records import PublicationRequest

NOTE_REQUIRED = _(
    "Write what changed in this version: the public sees it under "
    "“Change history”. For a minor edit, tick “Minor edit, no change note”."
)


CHANGE_NOTE_FIELDS = ("change_note", "minor_edit")


@dataclass(frozen=True)
class ChangeNoteEntry:
    """What the editor wrote: the note, or that the edit is minor."""

    note: str
    minor: bool


def change_note_fields() -> dict[str, forms.Field]:
    """The two fields, as the page form and the urgent publication form ask them."""
    return {
        "change_note": forms.CharField(
            label=_("Change note"),
            required=False,
            max_length=COMMENT_MAX_LENGTH,
            widget=forms.Textarea({"rows": 3}),
            help_text=_(
                "What changed in this version, for the public: shown under “Change "
                "history” on the page once this version is published."
            ),
        ),
        "minor_edit": forms.BooleanField(
            label=_("Minor edit, no change note"),
            required=False,
            help_text=_(
                "A typo or layout fix that changes nothing a reader relies on."
            ),
        ),
    }


def clean_entry(cleaned_data: dict) -> ChangeNoteEntry | None:
    """The entry of a cleaned form, or None when it has neither a note nor the
    minor-edit choice (refused with NOTE_REQUIRED)."""
    note = (cleaned_data.get("change_note") or "").strip()
    minor = bool(cleaned_data.get("minor_edit"))
    if not note and not minor:
        return None
    return ChangeNoteEntry(note="" if minor else note, minor=minor)


def note_required(page) -> bool:
    """A new version of a live page needs a note (or the minor-edit choice)."""
    return bool(page.pk and page.live)


class ChangeNotePanel(MultiFieldPanel):
    """The change note and the minor-edit choice in a unit's page editor, shown
    while the page is live (a first publication needs no note). A page type opts
    in by listing this panel; its form must be moderation's ``UnitOwnedPageForm``,
    which declares both fields and requires them only where this panel is shown."""

    def __init__(self, children=(), *args, **kwargs):
        children = children or [FieldPanel("change_note"), FieldPanel("minor_edit")]
        kwargs.setdefault("heading", _("Change note"))
        super().__init__(children, *args, **kwargs)

    class BoundPanel(MultiFieldPanel.BoundPanel):
        def is_shown(self):
            return note_required(self.instance) and super().is_shown()


def page_asks_change_note(page) -> bool:
    """Whether the page's type shows ChangeNotePanel in its editor."""
    model = page.specific_class or type(page)
    options = model.get_edit_handler().get_form_options()
    return "change_note" in (options.get("fields") or ())


def running_request(page) -> PublicationRequest | None:
    """The memo of the page's request still in the chain."""
    return (
        PublicationRequest.objects.filter(
            page_id=page.pk,
            workflow_state__status__in=[
                WorkflowState.STATUS_IN_PROGRESS,
                WorkflowState.STATUS_NEEDS_CHANGES,
            ],
        )
        .order_by("-pk")
        .first()
    )


def pending_note(page) -> ChangeNote | None:
    """The note of the page's running request (shown again on resubmission)."""
    if not note_required(page):
        return None
    memo = running_request(page)
    return ChangeNote.objects.filter(request=memo).first() if memo else None


def record_note(page, memo, revision, user, entry: ChangeNoteEntry) -> ChangeNote:
    """Keep the note with its request; a resubmission rewrites it."""
    note, _created = ChangeNote.objects.update_or_create(
        request=memo,
        defaults={
            "page_id": page.pk,
            "revision": revision,
            "note": entry.note,
            "minor": entry.minor,
            "written_by": user,
            "written_at": timezone.now(),
        },
    )
    return note


def record_submitted_note(page, user, entry: ChangeNoteEntry | None) -> None:
    """After the editor's submission: the note goes with the request just sent."""
    if entry is None or not note_required(page) or not page_asks_change_note(page):
        return
    memo = running_request(page)
    if memo is not None:
        record_note(page, memo, page.get_latest_revision(), user, entry)


def carry_over_note(workflow_state, memo) -> None:
    """A request cancelled by a publication outside the chain hands its note to
    that publication's memo (the version it described is the one published)."""
    ChangeNote.objects.filter(request__workflow_state=workflow_state).update(
        request=memo
    )


def publish_change_notes(page, revision) -> int:
    """Make public the notes of versions up to ``revision`` (now published),
    except those of requests cancelled without publishing."""
    return (
        ChangeNote.objects.filter(page_id=page.pk, published_at__isnull=True)
        .filter(Q(revision__isnull=True) | Q(revision_id__lte=revision.pk))
        .exclude(request__cancelled_at__isnull=False)
        .update(published_at=timezone.now())
    )


def public_change_notes(page) -> list[ChangeNote]:
    """The page's change history as the public reads it, newest first: published,
    not minor. A page published once has none, and costs no query."""
    if not page.live or not page.last_published_at:
        return []
    if page.first_published_at and page.last_published_at <= page.first_published_at:
        return []
    return list(
        ChangeNote.objects.filter(
            page_id=page.pk, published_at__isnull=False, minor=False
        )
        .exclude(note="")
        .order_by("-published_at", "-pk")
        .only("note", "published_at")
    )


def memo_change_note(memo) -> ChangeNote | None:
    """The note written with this request (the memo prints it)."""
    return ChangeNote.objects.filter(request=memo).first()
