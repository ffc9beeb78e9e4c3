"""Admin views of the galleries: many photos at once into a gallery, and planning."""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import asdict, dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.images.views import multiple
from wagtail.models import Collection
from wagtail.permissions import policy_registry

from moderation.drafts import with_public_titles

from .image_files import (
    ImageFileError,
    allowed_extensions,
    check_name_and_size,
    max_upload_size,
)
from .models import ActivityGalleryPage, GalleryPhoto, GalleryStatus, SafeImage

logger = logging.getLogger(__name__)
SESSION_KEY = "photo_gallery_upload_revision_{}"
# The last photo form saved, to recognise the same form sent twice (a second click).
SAVED_KEY = "photo_gallery_saved_form_{}"


@dataclass
class UploadResult:
    """What happened to one file of an upload."""

    name: str
    ok: bool
    message: str
    photo_number: int | None = None


def upload_collection(user) -> Collection | None:
    """Where a photo uploaded without a collection goes: the highest collection the
    person may add images to (the root for most roles), never one they may not."""
    policy = policy_registry.get_by_type(SafeImage)
    return (
        policy.collections_user_has_permission_for(user, "add").order_by("path").first()
    )


class SafeMultipleImageAddView(multiple.AddView):
    """Wagtail's "add images" upload without its holding area.

    When the file is fine but another field is not (a collection that does not
    exist, or one the person may not add to), Wagtail keeps the file untouched in
    ``wagtail_uploads/`` as an UploadedFile, to be finished later: with its GPS and
    XMP, in a folder a web server may serve. The image model has no other required
    field, so such an upload is refused instead, leaving no row and no file; the
    file itself is checked and stripped exactly as before (SafeImageForm).
    """

    def post(self, request):
        upload = request.FILES.get("files[]")
        if upload is None:
            return HttpResponseBadRequest(_("Choose at least one photo."))
        form = self.get_upload_form_class()(
            {
                "title": request.POST.get("title", upload.name),
                "collection": request.POST.get("collection"),
            },
            {"file": upload},
            user=request.user,
        )
        if form.is_valid():
            self.object = self.save_object(form)
            return JsonResponse(self.get_edit_object_response_data())
        return JsonResponse(
            {"success": False, "error_message": self.refusal(upload.name, form)}
        )

    @staticmethod
    def refusal(name: str, form) -> str:
        if "file" in form.errors:
            # The file checks' messages already name the file.
            return "\n".join(form.errors["file"])
        name = os.path.basename(name or "")
        if "collection" in form.errors:
            return _(
                "%(name)s: the photo was not saved because the chosen collection "
                "does not exist or you may not add images to it. Choose a collection "
                "from the list and upload the photo again."
            ) % {"name": name}
        return _("%(name)s: the photo was not saved: %(errors)s") % {
            "name": name,
            "errors": " ".join(
                message for messages in form.errors.values() for message in messages
            ),
        }


class GalleryPhotosView(WagtailAdminTemplateMixin, TemplateView):
    """A gallery's photos: upload many at once, then caption, reorder, pick the
    cover and leave photos out, all saved to the gallery's latest draft.

    Uploads add one photo per transaction: each accepted file becomes a SafeImage
    and a photo at the end of the draft; a refused file leaves no row and no file
    behind and does not stop the others. The script on the page sends one file per
    request to show progress; without it the form sends all files at once.
    """

    template_name = "photo_gallery/admin/photos.html"
    header_icon = "image"
    page_title = gettext_lazy("Photos of the gallery")
    thumbnail_spec = "max-165x165"

    def dispatch(self, request, *args, **kwargs):
        self.gallery = get_object_or_404(ActivityGalleryPage, pk=kwargs["page_id"])
        user = request.user
        may_add_images = policy_registry.get_by_type(SafeImage).user_has_permission(
            user, "add"
        )
        if not may_add_images or not self.gallery.permissions_for_user(user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.gallery.get_admin_display_title()

    def get_breadcrumbs_items(self):
        """The header names the gallery (under its section), not only "Home"."""
        parent = self.gallery.get_parent()
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_explore", args=[parent.pk]),
                "label": parent.get_admin_display_title(),
            },
            {
                "url": "",
                "label": self.gallery.get_admin_display_title(),
                "sublabel": self.page_title,
            },
        ]

    @property
    def wants_json(self) -> bool:
        return "application/json" in self.request.headers.get("Accept", "")

    def lock_message(self, page: ActivityGalleryPage) -> str | None:
        lock = page.get_lock()
        if lock and lock.for_user(self.request.user):
            return _(
                "The gallery is locked, so its photos cannot be changed now. Try "
                "again when it is unlocked or the approval step is over."
            )
        return None

    def photo_rows(self, draft: ActivityGalleryPage) -> list[dict]:
        """The draft's photos with their thumbnails, in a fixed number of queries."""
        photos = draft.ordered_photos()
        images = SafeImage.objects.prefetch_renditions(self.thumbnail_spec).in_bulk(
            [p.image_id for p in photos]
        )
        rows = []
        for number, photo in enumerate(photos):
            image = images.get(photo.image_id)
            rows.append(
                {
                    "index": number,
                    "number": number + 1,
                    "photo": photo,
                    "thumbnail": image.get_rendition(self.thumbnail_spec)
                    if image
                    else None,
                }
            )
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.gallery.get_latest_revision_as_object()
        limit = max_upload_size()
        context.update(
            {
                "gallery": self.gallery,
                "rows": self.photo_rows(draft),
                "has_chosen_cover": any(p.is_cover for p in draft.photos.all()),
                "revision_id": self.gallery.latest_revision_id or "",
                "submission_errors": draft.submission_errors(),
                "accept": ",".join(f".{ext}" for ext in allowed_extensions()),
                "allowed_types": ", ".join(e.upper() for e in allowed_extensions()),
                "max_upload_size": limit,
                "lock_message": self.lock_message(self.gallery),
                "caption_max": GalleryPhoto._meta.get_field("caption").max_length,
                "alt_max": GalleryPhoto._meta.get_field("alt_text").max_length,
                "credit_max": GalleryPhoto._meta.get_field("credit").max_length,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if "photo-count" in request.POST:
            return self.save_photos()
        files = request.FILES.getlist("files")
        if not files:
            results = [UploadResult("", False, _("Choose at least one photo."))]
        else:
            results = [self.add_photo(f) for f in files]
        status = 200 if any(r.ok for r in results) else 400
        if self.wants_json:
            return JsonResponse(
                {"results": [asdict(r) for r in results]}, status=status
            )
        context = self.get_context_data(results=results)
        return self.render_to_response(context, status=status)

    # ---- uploads ---------------------------------------------------------

    def add_photo(self, upload) -> UploadResult:
        name = os.path.basename(upload.name or "")
        image = None
        try:
            with transaction.atomic():
                # Serialises uploads to one gallery: each reads and extends the
                # latest draft.
                page = ActivityGalleryPage.objects.select_for_update().get(
                    pk=self.gallery.pk
                )
                locked = self.lock_message(page)
                if locked:
                    return UploadResult(name, False, f"{name}: {locked}")
                # Refuse by name and size before reading a large file into memory.
                check_name_and_size(name, upload.size)
                image = SafeImage.from_upload(
                    upload.read(),
                    name,
                    title=os.path.splitext(name)[0][:255] or name,
                    uploaded_by_user=self.request.user,
                    collection=upload_collection(self.request.user),
                )
                image.save()
                number = self.append_to_draft(page, image)
        except ImageFileError as exc:
            return UploadResult(name, False, exc.messages[0])
        except Exception:
            # Nothing half-saved: the rows are rolled back; remove the file too.
            if image is not None and image.file.name:
                image.file.storage.delete(image.file.name)
            logger.exception("Adding %s to gallery %s failed", name, self.gallery.pk)
            return UploadResult(
                name,
                False,
                _("%(name)s: the photo could not be saved.") % {"name": name},
            )
        return UploadResult(
            name,
            True,
            _("%(name)s: added as photo %(number)s.")
            % {"name": name, "number": number},
            number,
        )

    def append_to_draft(self, page: ActivityGalleryPage, image: SafeImage) -> int:
        draft = page.get_latest_revision_as_object()
        photos = draft.ordered_photos()
        order = max((p.sort_order or 0 for p in photos), default=-1) + 1
        draft.photos = [
            *photos,
            GalleryPhoto(image=image, sort_order=order, caption="", alt_text=""),
        ]
        if draft.status == GalleryStatus.PLANNED:
            draft.status = GalleryStatus.SHOT
        session_key = SESSION_KEY.format(page.pk)
        latest = page.latest_revision
        # One revision for a whole upload session rather than one per photo.
        overwrite = (
            latest
            if latest is not None
            and self.request.session.get(session_key) == latest.pk
            and latest.user_id == self.request.user.pk
            and latest.pk != page.live_revision_id
            and not page.workflow_in_progress
            else None
        )
        revision = self.save_draft(draft, overwrite=overwrite)
        self.request.session[session_key] = revision.pk
        return len(photos) + 1

    def save_draft(self, draft: ActivityGalleryPage, overwrite=None):
        if not draft.live:
            # Wagtail keeps a draft-only page's row in step with its latest draft.
            draft.save(clean=False)
        return draft.save_revision(
            user=self.request.user,
            clean=False,
            log_action=True,
            overwrite_revision=overwrite,
        )

    # ---- captions, order, cover, selection ---------------------------------

    def save_photos(self):
        post = self.request.POST
        with transaction.atomic():
            page = ActivityGalleryPage.objects.select_for_update().get(
                pk=self.gallery.pk
            )
            error = self.lock_message(page)
            draft = page.get_latest_revision_as_object()
            photos = draft.ordered_photos()
            form_key = [self.form_digest(post), page.latest_revision_id]
            if not error and post.get("revision") != str(page.latest_revision_id or ""):
                if self.request.session.get(SAVED_KEY.format(page.pk)) == form_key:
                    # The same form again, after it was saved: nothing to do.
                    messages.success(
                        self.request, _("The photos were saved in the draft.")
                    )
                    return redirect(self.request.path)
                error = _(
                    "The photos were changed (by someone else, or by an upload) after "
                    "you opened this page, so your changes were not saved. Reload the "
                    "page and make them again."
                )
            rows = [] if error else self.read_rows(post, photos)
            if isinstance(rows, str):
                error, rows = rows, []
            if error:
                messages.error(self.request, error)
                return self.render_to_response(self.get_context_data(), status=409)
            kept = []
            for order, (photo, values) in enumerate(
                sorted(rows, key=lambda r: (r[1]["order"], r[1]["index"]))
            ):
                if values["remove"]:
                    continue
                photo.sort_order = order
                photo.caption = values["caption"]
                photo.alt_text = values["alt_text"]
                photo.credit = values["credit"]
                photo.show_on_page = values["show"]
                photo.is_cover = values["cover"] and values["show"]
                kept.append(photo)
            draft.photos = kept
            revision = self.save_draft(draft)
            self.request.session.pop(SESSION_KEY.format(page.pk), None)
            self.request.session[SAVED_KEY.format(page.pk)] = [
                form_key[0],
                revision.pk,
            ]
        messages.success(self.request, _("The photos were saved in the draft."))
        return redirect(self.request.path)

    @staticmethod
    def form_digest(post) -> str:
        """A fingerprint of the posted photo form (without its CSRF token)."""
        items = sorted(
            (key, value)
            for key, values in post.lists()
            if key != "csrfmiddlewaretoken"
            for value in values
        )
        return hashlib.sha256(repr(items).encode()).hexdigest()

    def read_rows(self, post, photos) -> list | str:
        """The posted values of each photo, or a message if the form was forged."""
        fields = {
            "caption": GalleryPhoto._meta.get_field("caption").max_length,
            "alt_text": GalleryPhoto._meta.get_field("alt_text").max_length,
            "credit": GalleryPhoto._meta.get_field("credit").max_length,
        }
        forged = _("The photo form was not sent as the page made it. Reload the page.")
        if post.get("photo-count") != str(len(photos)):
            return forged
        cover = post.get("cover", "")
        rows = []
        for index, photo in enumerate(photos):
            prefix = f"photo-{index}-"
            if post.get(prefix + "image") != str(photo.image_id):
                return forged
            try:
                order = int(post.get(prefix + "order", index + 1))
            except ValueError:
                return _("Photo %(number)s: the order must be a number.") % {
                    "number": index + 1
                }
            values = {"index": index, "order": order}
            for name, limit in fields.items():
                value = post.get(prefix + name, "").strip()
                if len(value) > limit:
                    return _(
                        "Photo %(number)s: the text is longer than %(limit)s "
                        "characters."
                    ) % {"number": index + 1, "limit": limit}
                values[name] = value
            values["show"] = prefix + "show" in post
            values["remove"] = prefix + "remove" in post
            values["cover"] = cover == str(index)
            rows.append((photo, values))
        return rows


class PlanningView(WagtailAdminTemplateMixin, TemplateView):
    """Activities to photograph (measure §3.2 (1)): upcoming ones by date, and past
    ones that still have no photos."""

    template_name = "photo_gallery/admin/planning.html"
    header_icon = "date"
    page_title = gettext_lazy("Activity photo planning")
    past_limit = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        # Another unit's galleries appear once published, under their public
        # title; its planned (draft) galleries stay with it.
        galleries = with_public_titles(
            ActivityGalleryPage.objects.select_related("unit"), self.request.user
        ).annotate(photos_total=Count("photos"))
        context.update(
            {
                "today": today,
                "upcoming": galleries.filter(event_date__gte=today).order_by(
                    "event_date", "pk"
                ),
                "past_without_photos": galleries.filter(
                    event_date__lt=today, photos_total=0
                ).order_by("-event_date", "-pk")[: self.past_limit],
            }
        )
        return context
