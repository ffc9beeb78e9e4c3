"""Checking and cleaning uploaded image files before anything is stored.

Every path that stores an image (Wagtail's upload forms, the gallery upload, code
that saves a SafeImage with a file) goes through :func:`clean_image_file`: the file
is fully decoded, so a truncated or forged file is refused with a message naming it,
and re-encoded without metadata (EXIF, XMP, IPTC, comments), after the EXIF
orientation has been applied to the pixels. Only the colour profile is kept.
"""

from __future__ import annotations

import io
import os
import time
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# Pillow's format name → the extensions a file of that format may carry.
FORMAT_EXTENSIONS = {
    "JPEG": {"jpg", "jpeg"},
    "PNG": {"png"},
    "GIF": {"gif"},
    "WEBP": {"webp"},
    "AVIF": {"avif"},
}
# A JPEG holding more pictures than the photo (MPF: a phone's depth map or HDR gain
# map, each with its own EXIF) is what Pillow calls MPO: the first picture is the
# photo, stored as a plain JPEG; the others are dropped.
FORMAT_ALIASES = {"MPO": "JPEG"}
# Files of these formats are stored as their first picture, a still. An MPO's other
# pictures are not an animation. Willow, through which Wagtail reads every stored
# image (its upload forms, the dimensions, each rendition), cannot open an animated
# PNG ("Cannot load apng images"): an APNG, even of one unusual picture, could not
# be stored at all, and a gallery photo is a still picture anyway.
FIRST_PICTURE_ONLY = {"MPO", "PNG"}
DEFAULT_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Keys of Image.info that describe pixels, not the photographer or the place.
KEPT_INFO = {"icc_profile", "transparency", "duration", "loop", "background"}
ANIMATION_INFO = {"duration", "loop"}
JPEG_QUALITY = 90
# Modes every rendition (WebP, JPEG, PNG, GIF) is made from without a conversion
# error; others are turned into one of these before the image is stored.
RENDERABLE_MODES = {"1", "L", "LA", "P", "RGB", "RGBA"}
GREY_MODES = {"I;16", "I;16L", "I;16B", "I;16N", "I", "F"}
# The long side at most this many times the short side. A 320-pixel-wide copy of a
# taller strip is past WebP's 16,383-pixel limit (a 1 × 60,000 PNG broke the
# gallery), and a strip shows nothing anyway; a phone's panorama is about 1:8.
MAX_ASPECT_RATIO = 20


class ImageFileError(ValidationError):
    """An uploaded file that cannot become an image; the message names the file."""


@dataclass
class CleanImage:
    """The re-encoded file: bytes without metadata, its format and size."""

    content: bytes
    format: str
    width: int
    height: int


class StrippedUpload(SimpleUploadedFile):
    """An upload already checked and re-encoded by :func:`clean_image_file`: the
    form hands it to the model, which stores it as it is instead of decoding and
    re-encoding it a second time."""


def allowed_extensions() -> list[str]:
    return [
        ext.lower()
        for ext in getattr(settings, "WAGTAILIMAGES_EXTENSIONS", DEFAULT_EXTENSIONS)
    ]


def max_upload_size() -> int | None:
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)


def max_image_pixels() -> int | None:
    """The most pixels a still image may have: WAGTAILIMAGES_MAX_IMAGE_PIXELS, the
    one limit :func:`_open` applies. Pillow refuses to open more than twice its
    Image.MAX_IMAGE_PIXELS (179 MP) whatever the warning filters say, so a setting
    above that, or none, is held to it."""
    setting = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000)
    pillow = Image.MAX_IMAGE_PIXELS
    limits = [n for n in (setting, 2 * pillow if pillow else None) if n]
    return min(limits) if limits else None


# A GIF of 250,000 one-pixel pictures (9 MB) took 34 s and 760 MB to check and
# store, past a worker's 30 s: animations are bounded by their number of pictures,
# their pixels in all (each picture is decoded at the full screen size, and stored
# again), and the time taken to open them.
def max_animation_frames() -> int:
    return getattr(settings, "DISCLOSURE_IMAGE_MAX_FRAMES", 500)


def max_animation_pixels() -> int:
    return getattr(settings, "DISCLOSURE_IMAGE_MAX_ANIMATION_PIXELS", 50_000_000)


def max_decode_seconds() -> float:
    return getattr(settings, "DISCLOSURE_IMAGE_DECODE_SECONDS", 10)


def _error(message, name: str, code: str, **params) -> ImageFileError:
    return ImageFileError(message % {"name": name, **params}, code=code)


def check_name_and_size(name: str, size: int | None) -> None:
    """Refuse a file by its name and size alone, before reading it."""
    ext = os.path.splitext(name)[1].lower().lstrip(".")
    if not size:
        raise _error(_("%(name)s: the file is empty (0 bytes)."), name, "empty")
    allowed = allowed_extensions()
    if ext not in allowed or ext not in set().union(*FORMAT_EXTENSIONS.values()):
        if ext in ("heic", "heif"):
            raise _error(
                _(
                    "%(name)s: HEIC photos are not accepted on this website. Save the "
                    "photo as JPEG (on an iPhone: Settings → Camera → Formats → Most "
                    "Compatible) and upload it again."
                ),
                name,
                "heic",
            )
        if ext == "svg":
            raise _error(
                _(
                    "%(name)s: SVG files are not accepted because they can carry "
                    "scripts. Upload a JPEG or PNG image."
                ),
                name,
                "svg",
            )
        raise _error(
            _("%(name)s: not a supported image type. Accepted types: %(types)s."),
            name,
            "extension",
            types=", ".join(e.upper() for e in allowed),
        )
    limit = max_upload_size()
    if limit is not None and size > limit:
        raise _error(
            _("%(name)s: the file is too big (%(size)s); the limit is %(limit)s."),
            name,
            "too_big",
            size=filesizeformat(size),
            limit=filesizeformat(limit),
        )


def _open(data: bytes, name: str) -> Image.Image:
    """Open and fully decode the image, refusing bombs and broken files.

    Pillow's own bomb check warns past Image.MAX_IMAGE_PIXELS (89 MP), below the
    setting (128 MP): a 121 MP photo was refused as over 89. Here the setting
    governs instead. Pillow's warning is ignored while this file is decoded, and
    Image.MAX_IMAGE_PIXELS is left as it is for other code (Willow, renditions);
    the setting is checked on the size the file declares, before any pixel is
    decoded (:func:`_check_frames`).
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return _decode(data, name)
    except Image.DecompressionBombError:
        # Past twice Pillow's limit, which max_image_pixels() never exceeds.
        raise _too_many_pixels(name) from None


def _decode(data: bytes, name: str) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise _error(
            _(
                "%(name)s: this file is not an image, or its type is not recognised "
                "(it may be another kind of file renamed)."
            ),
            name,
            "not_image",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise _broken(name) from None

    ext = os.path.splitext(name)[1].lower().lstrip(".")
    fmt = _format(image)
    if ext not in FORMAT_EXTENSIONS.get(fmt, set()):
        raise _error(
            _(
                "%(name)s: the file name says .%(ext)s but the file is %(format)s. "
                "Rename it with the right extension or save it again as JPEG."
            ),
            name,
            "mismatch",
            ext=ext,
            format=fmt or "?",
        )
    long_side, short_side = max(image.size), min(image.size)
    if long_side > MAX_ASPECT_RATIO * short_side:
        raise _error(
            _(
                "%(name)s: the image is too long and narrow (%(width)s × %(height)s "
                "pixels) to show on a web page: its long side may be at most "
                "%(ratio)s times its short side. Crop it and upload it again."
            ),
            name,
            "aspect_ratio",
            width=image.width,
            height=image.height,
            ratio=MAX_ASPECT_RATIO,
        )
    if image.format != "GIF":
        # WebP, APNG and MPO declare their number of pictures in a header: refuse
        # before decoding any. A GIF does not; counting its pictures means reading
        # the whole file, so they are counted while decoding, up to the limit.
        _check_frames(image, name, getattr(image, "n_frames", 1))
    deadline = time.monotonic() + max_decode_seconds()
    frames = 0
    try:
        while True:
            frames += 1
            _check_frames(image, name, frames)
            image.load()
            if time.monotonic() > deadline:
                raise _too_slow(name)
            try:
                image.seek(image.tell() + 1)
            except EOFError:
                break
        image.seek(0)
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _broken(name) from None
    image.disclosure_frames = frames
    return image


def _check_frames(image: Image.Image, name: str, frames: int) -> None:
    """Refuse an image of ``frames`` pictures that is past a limit."""
    pixels = image.width * image.height * frames
    if frames == 1:
        limit = max_image_pixels()
        if limit is not None and pixels > limit:
            raise _too_many_pixels(name)
        return
    if frames > max_animation_frames():
        raise _error(
            _(
                "%(name)s: the animation has too many pictures (more than "
                "%(limit)s). Shorten it, or upload a still photo (JPEG or PNG)."
            ),
            name,
            "too_many_frames",
            limit=max_animation_frames(),
        )
    if pixels > max_animation_pixels():
        raise _error(
            _(
                "%(name)s: the animation is too large: its pictures have more than "
                "%(limit)s megapixels in all. Make it smaller or shorter and upload "
                "it again."
            ),
            name,
            "animation_too_big",
            limit=max_animation_pixels() // 1_000_000,
        )


def _too_slow(name: str) -> ImageFileError:
    return _error(
        _(
            "%(name)s: the image takes too long to open (more than %(seconds)s "
            "seconds). Save it again as an ordinary JPEG or PNG, or make it smaller, "
            "and upload it again."
        ),
        name,
        "too_slow",
        seconds=max_decode_seconds(),
    )


def _format(image: Image.Image) -> str:
    return FORMAT_ALIASES.get(image.format or "", image.format or "")


def _too_many_pixels(name: str) -> ImageFileError:
    return _error(
        _(
            "%(name)s: the image has too many pixels (the limit is %(limit)s "
            "megapixels). Reduce its size and upload it again."
        ),
        name,
        "too_many_pixels",
        limit=(max_image_pixels() or 0) // 1_000_000,
    )


def _broken(name: str) -> ImageFileError:
    return _error(
        _(
            "%(name)s: the image is damaged or incomplete (perhaps the upload or "
            "the copy was cut short). Open it on your computer and save it again."
        ),
        name,
        "broken",
    )


def clean_image_file(data: bytes, name: str) -> CleanImage:
    """Check an uploaded file and return it re-encoded without any metadata."""
    check_name_and_size(name, len(data))
    image = _open(data, name)
    fmt = _format(image)
    kept = {k: v for k, v in image.info.items() if k in KEPT_INFO}
    frames = 1 if image.format in FIRST_PICTURE_ONLY else image.disclosure_frames
    out = io.BytesIO()
    if frames > 1 and image.mode in RENDERABLE_MODES:
        # Animations keep their frames; they carry no camera orientation.
        image.info = kept
        image.save(out, format=fmt, save_all=True, exif=b"", **_options(fmt, kept))
        width, height = image.size
    else:
        # A still, or the first picture of one of the files above (a GIF or WebP
        # animation is always in a renderable mode: RGB(A), P or L).
        kept = {k: v for k, v in kept.items() if k not in ANIMATION_INFO}
        upright = ImageOps.exif_transpose(image)
        pixels = renderable(upright.copy(), kept)
        pixels.info = kept
        if fmt == "JPEG" and pixels.mode not in ("RGB", "L", "CMYK"):
            pixels = pixels.convert("RGB")
        pixels.save(out, format=fmt, exif=b"", **_options(fmt, kept))
        width, height = pixels.size
    return CleanImage(out.getvalue(), fmt, width, height)


def renderable(image: Image.Image, kept: dict | None = None) -> Image.Image:
    """The image in a mode every rendition can be made from.

    16-bit and 32-bit greyscale cannot be written as JPEG (a 16-bit PNG broke the
    public gallery): it becomes 8-bit grey with its shades kept. CMYK becomes RGB
    through its colour profile (the profile then describes CMYK, so it is dropped
    from ``kept``). Any other unusual mode becomes RGB, or RGBA if transparent.
    """
    mode = image.mode
    if mode in RENDERABLE_MODES:
        return image
    if mode in GREY_MODES:
        return _eight_bit_grey(image)
    if mode == "CMYK":
        return _cmyk_to_rgb(image, kept if kept is not None else {})
    has_alpha = "A" in mode or "a" in mode or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def _eight_bit_grey(image: Image.Image) -> Image.Image:
    values = image.convert("F")
    low, high = values.getextrema()
    if image.mode.startswith("I;16") or (image.mode == "I" and 255 < high <= 65535):
        scale, offset = 1 / 256, 0.0
    elif image.mode == "F" and low >= 0 and high <= 1:
        scale, offset = 255.0, 0.0
    elif low >= 0 and high <= 255:
        scale, offset = 1.0, 0.0
    else:
        # No known range: spread what there is over 0-255.
        scale = 255 / (high - low) if high > low else 0.0
        offset = -low * scale
    # +0.5: converting floats to 8 bits truncates; round instead.
    return values.point(lambda v: v * scale + offset + 0.5).convert("L")


def _cmyk_to_rgb(image: Image.Image, kept: dict) -> Image.Image:
    profile = kept.pop("icc_profile", None)
    if profile:
        try:
            return ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the plain conversion below
    return image.convert("RGB")


def _options(fmt: str, kept: dict) -> dict:
    options: dict = {}
    if kept.get("icc_profile"):
        options["icc_profile"] = kept["icc_profile"]
    if fmt == "JPEG":
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif fmt == "WEBP":
        options.update(quality=JPEG_QUALITY)
    elif fmt == "AVIF":
        options.update(quality=80)
    return options
