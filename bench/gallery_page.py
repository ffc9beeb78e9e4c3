"""Time an activity gallery page with many photos and weigh its first screen.

Usage (from the repository root):

    .venv/bin/python bench/gallery_page.py [--photos 300] [--runs 20]
    .venv/bin/python bench/gallery_page.py \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_gallery

Like bench/category_page.py, the bench builds its own throwaway database and media
folder, migrates, runs ``setup_disclosure`` and creates one published gallery of N
photos (one generated JPEG of --photo-size pixels stored N times through SafeImage,
so every copy is checked and stripped like an upload). It requests the gallery once
to create the renditions, once counting queries, then --runs timed requests, and
prints the render time, the query count beside a 3-photo gallery, and the weight of
the first screen: the HTML, the stylesheets and scripts it loads, and the photos
above the fold in the format and width a browser picks (WebP, 1x and 2x screens).
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from category_page import (  # noqa: E402  (a sibling script, not a package)
    OFFICE_NAME,
    SETTINGS,
    ThrowawayDatabase,
    set_up_django,
)

# A 1280 × 800 screen shows the header, the facts and two rows of four photos.
ABOVE_THE_FOLD = 8


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Render time and first-screen weight of a gallery of N photos."
    )
    parser.add_argument("--photos", type=int, default=300, help="default 300")
    parser.add_argument("--runs", type=int, default=20, help="default 20")
    parser.add_argument(
        "--photo-size",
        default="800x600",
        help="pixels of the generated photo (default 800x600: wider than the "
        "640-pixel renditions the grid uses, quick to resize)",
    )
    parser.add_argument(
        "--database-url",
        nargs="?",
        const="env",
        help="a database that does not exist yet (created, then dropped); without "
        "a value, DATABASE_URL. Default: a temporary SQLite file.",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args(argv)
    if args.photos < 1 or args.runs < 1:
        parser.error("--photos and --runs must be at least 1")
    match = re.fullmatch(r"(\d+)x(\d+)", args.photo_size)
    if not match:
        parser.error("--photo-size must look like 1600x1200")
    args.size = (int(match[1]), int(match[2]))
    if args.database_url == "env":
        args.database_url = os.environ.get("DATABASE_URL")
        if not args.database_url:
            parser.error("--database-url without a value needs DATABASE_URL set")
    return args


def generated_photo(size: tuple[int, int]) -> bytes:
    """A JPEG with gradients and noise, so it compresses like a photo."""
    from PIL import Image

    width, height = size
    noise = Image.effect_noise(size, 24).convert("RGB")
    gradient = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize(size),
            Image.radial_gradient("L").resize(size),
            Image.linear_gradient("L").rotate(90).resize(size),
        ],
    )
    photo = Image.blend(noise, gradient, 0.75)
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=85)
    return out.getvalue()


def make_gallery(index, unit, photo: bytes, count: int, title: str):
    from django.core.files.base import ContentFile

    from photo_gallery.models import ActivityGalleryPage, GalleryPhoto, SafeImage

    photos = []
    for n in range(count):
        image = SafeImage(title=f"ภาพ {n + 1}", file=ContentFile(photo, f"p{n}.jpg"))
        image.save()
        photos.append(
            GalleryPhoto(
                image=image,
                sort_order=n,
                caption=f"ผู้เข้าร่วมกิจกรรม ภาพที่ {n + 1}",
                alt_text=f"ผู้เข้าร่วมอบรมนั่งฟังวิทยากรในห้องประชุม ภาพที่ {n + 1}",
            )
        )
    gallery = ActivityGalleryPage(title=title, unit=unit, place="หอประชุม")
    gallery.photos = photos
    index.add_child(instance=gallery)
    gallery.save_revision().publish()
    return gallery


def populate(args) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from moderation.models import Unit
    from photo_gallery.models import GalleryIndexPage

    timings = {}
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("setup_disclosure", office_name=OFFICE_NAME, stdout=io.StringIO())
    timings["migrate + setup"] = time.perf_counter() - started

    index = GalleryIndexPage.objects.get()
    unit = Unit.objects.order_by("sort_order", "pk").first()
    photo = generated_photo(args.size)
    started = time.perf_counter()
    large = make_gallery(index, unit, photo, args.photos, "อบรมเชิงปฏิบัติการ")
    timings[f"{args.photos} photos stored"] = time.perf_counter() - started
    small = make_gallery(index, unit, photo, 3, "ประชุมประจำเดือน")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"large": large, "small": small, "timings": timings, "photo": photo}


def count_queries(client, url: str) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def local_size(url: str) -> int:
    """Bytes of a media or static file the page refers to."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = unquote(urlsplit(url).path)
    if path.startswith(settings.MEDIA_URL):
        return (
            (Path(settings.MEDIA_ROOT) / path[len(settings.MEDIA_URL) :]).stat().st_size
        )
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        return Path(found).stat().st_size if found else 0
    return 0


def first_screen(html: str) -> dict:
    """The first screen's bytes: HTML, CSS and scripts, and the photos above the
    fold as a browser picks them from the WebP srcset on 1x and 2x screens."""
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assets += re.findall(r'<script src="([^"]+)"', html)
    fonts = re.findall(r'<link rel="preload" href="([^"]+)" as="font"', html)
    pictures = re.findall(r"<picture>(.*?)</picture>", html, re.S)[:ABOVE_THE_FOLD]
    photos = {1: 0, 2: 0}
    for picture in pictures:
        srcset = re.search(
            r'<source [^>]*srcset="([^"]+)"[^>]*type="image/webp"', picture
        )
        srcset = srcset or re.search(
            r'<source [^>]*type="image/webp"[^>]*srcset="([^"]+)"', picture
        )
        candidates = sorted(
            (int(width), url)
            for url, width in re.findall(r"(\S+) (\d+)w", srcset.group(1))
        )
        for density in photos:
            # The slot is 17rem (272 px) wide on a large screen.
            wanted = 272 * density
            pick = next((u for w, u in candidates if w >= wanted), candidates[-1][1])
            photos[density] += local_size(pick)
    return {
        "html": len(html.encode()),
        "html_gzip": len(gzip.compress(html.encode())),
        "css_js_fonts": sum(local_size(u) for u in assets + fonts),
        "photos_1x": photos[1],
        "photos_2x": photos[2],
        "pictures": len(pictures),
        "lazy": html.count('loading="lazy"'),
    }


def time_admin_pages(gallery, runs: int) -> dict:
    """What an editor waits for: the gallery's photo page and Wagtail's editor."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    user = get_user_model().objects.create_superuser("bench", "bench@example.org")
    client = Client()
    client.force_login(user)
    pages = {
        "admin photo page": reverse("photo_gallery:photos", args=[gallery.pk]),
        "admin editor": reverse("wagtailadmin_pages:edit", args=[gallery.pk]),
    }
    results = {}
    for label, url in pages.items():
        client.get(url)  # creates the thumbnails
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        # Read now: every request_started signal clears the connection's query log.
        query_count = len(queries)
        times = []
        for _ in range(max(1, runs // 4)):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        results[label] = (
            statistics.median(times),
            len(response.content) / 1024,
            query_count,
        )
    return results


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    db = ThrowawayDatabase(args.database_url, args.keep)
    media = tempfile.mkdtemp(prefix="disclosure-bench-media-")
    db.create()
    try:
        set_up_django(db.url)
        from django.test import Client, override_settings

        override_settings(MEDIA_ROOT=media).enable()
        data = populate(args)
        client = Client()
        url = data["large"].url
        started = time.perf_counter()
        response = client.get(url)  # creates the renditions
        first_render = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        client.get(data["small"].url)
        queries = {
            "small": count_queries(client, data["small"].url),
            "large": count_queries(client, url),
        }
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        html = response.content.decode()
        weight = first_screen(html)
        admin = time_admin_pages(data["large"], args.runs)
        report(args, data, first_render, queries, times, weight)
        for label, (median, size_kb, count) in admin.items():
            print(
                f"{label:<16} median {median:.0f} ms, {size_kb:.0f} KB, {count} queries"
            )
    finally:
        db.remove()
        shutil.rmtree(media, ignore_errors=True)


def report(args, data, first_render, queries, times, weight) -> None:
    import django
    import wagtail
    from django.db import connection

    kb = 1024
    print()
    print(
        f"Gallery of {args.photos} photos ({args.size[0]}×{args.size[1]} originals, "
        f"{len(data['photo']) / kb:.0f} KB each), {args.runs} timed requests, "
        f"{connection.vendor}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, settings {SETTINGS}"
    )
    print(
        "set-up: "
        + ", ".join(f"{name} {secs:.1f} s" for name, secs in data["timings"].items())
        + f", first render (creates the renditions) {first_render:.1f} s"
    )
    p95 = (
        statistics.quantiles(times, n=20, method="inclusive")[18]
        if len(times) > 1
        else times[0]
    )
    print()
    print(
        f"render time      median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms"
    )
    print(
        f"queries          {queries['large']} with {args.photos} photos, "
        f"{queries['small']} with 3 photos (cold cache)"
    )
    print(
        f"HTML             {weight['html'] / kb:.0f} KB ({weight['pictures']} photos above the fold counted, {weight['lazy']} lazy images)"
    )
    print(f"CSS, JS, font    {weight['css_js_fonts'] / kb:.0f} KB")
    print(
        f"HTML gzipped     {weight['html_gzip'] / kb:.0f} KB (as a web server sends it)"
    )
    for density in (1, 2):
        photos = weight[f"photos_{density}x"]
        total = weight["html"] + weight["css_js_fonts"] + photos
        sent = weight["html_gzip"] + weight["css_js_fonts"] + photos
        print(
            f"first screen {density}x  {total / kb:.0f} KB, {sent / kb:.0f} KB with "
            f"gzipped HTML (photos above the fold {photos / kb:.0f} KB, WebP)"
        )


if __name__ == "__main__":
    main()
