"""The image upload form of Wagtail's admin, with the full file check.

Its own module: Wagtail's image forms need the image model, so they cannot be
imported while models load.
"""

from django.forms.fields import FileField
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .image_files import StrippedUpload, clean_image_file


class SafeImageField(WagtailImageField):
    """Decodes the whole file before Wagtail looks at it: Wagtail's own check lets a
    truncated JPEG through to a server error, and a bomb to a vague message."""

    def to_python(self, data):
        f = FileField.to_python(self, data)
        if f is not None and hasattr(data, "read"):
            data.seek(0)
            clean = clean_image_file(data.read(), data.name)
            # What was checked is what is stored: the stripped copy goes on to
            # Wagtail's checks and the model, which does not decode it again (an
            # animation near the limits takes seconds to re-encode).
            data = StrippedUpload(data.name, clean.content, data.content_type)
        return super().to_python(data)


class SafeImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE) with SafeImageField; the
    model then stores the file without metadata."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Keep Wagtail's label, widget and help text; change only the check.
            self.fields["file"].__class__ = SafeImageField
