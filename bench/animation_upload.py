"""Time and memory of checking an animated upload, refused or accepted.

Usage (from the repository root):

    .venv/bin/python bench/animation_upload.py
    .venv/bin/python bench/animation_upload.py --frames 250000 --compare-with a3b3568

Each case runs photo_gallery.image_files.clean_image_file (what every upload path
calls before anything is stored) in a fresh process, so the peak memory is that
case's own: the figure is the process's peak resident size less what it held just
before the call. Cases:

- ``many.gif``: the attack of the report, a GIF of --frames one-pixel pictures
  written by hand (about 25 bytes a picture); refused.
- ``limit.gif``: as many pictures as the limit allows (DISCLOSURE_IMAGE_MAX_FRAMES)
  on the largest screen the pixel budget allows
  (DISCLOSURE_IMAGE_MAX_ANIMATION_PIXELS): the worst animation that is accepted.
- ``noise.gif``: 100 pictures of 240 × 180 noise made by Pillow, a heavy but
  ordinary animation; accepted.

``--compare-with REV`` runs the same cases with image_files.py as it was at that
git revision too (the figures before the limits).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def many_frame_gif(frames: int, canvas: tuple[int, int] = (1, 1)) -> bytes:
    """A GIF of one-pixel pictures on a canvas, as tests/photo_gallery builds it."""
    width, height = canvas
    header = (
        b"GIF89a"
        + struct.pack("<HHBBB", width, height, 0x80, 0, 0)
        + b"\x00\x00\x00\xff\xff\xff"
        + b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    )
    pixels = (b"\x02\x02\x44\x01\x00", b"\x02\x02\x4c\x01\x00")
    frame = [
        b"\x21\xf9\x04\x00\x02\x00\x00\x00"
        + b"\x2c"
        + struct.pack("<HHHHB", 0, 0, 1, 1, 0)
        + pixel
        for pixel in pixels
    ]
    pictures = (frame[0] + frame[1]) * (frames // 2) + frame[0] * (frames % 2)
    return header + pictures + b";"


def noise_gif(frames: int = 100, size: tuple[int, int] = (240, 180)) -> bytes:
    import io

    from PIL import Image

    pictures = [
        Image.effect_noise(size, 60 + n % 40).convert("P") for n in range(frames)
    ]
    out = io.BytesIO()
    pictures[0].save(out, "GIF", save_all=True, append_images=pictures[1:], loop=0)
    return out.getvalue()


def build(case: str, frames: int) -> bytes:
    from photo_gallery.image_files import max_animation_frames, max_animation_pixels

    if case == "many.gif":
        return many_frame_gif(frames)
    if case == "limit.gif":
        count = max_animation_frames()
        side = math.isqrt(max_animation_pixels() // count)
        return many_frame_gif(count, canvas=(side, side))
    return noise_gif()


def peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_one(case: str, frames: int, module_file: str | None) -> dict:
    """In the child process: build the file, then time one check of it."""
    sys.path.insert(0, str(REPO / "site"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disclosure_site.settings.test")
    import django

    django.setup()
    if module_file:
        import importlib.util

        spec = importlib.util.spec_from_file_location("old_image_files", module_file)
        module = importlib.util.module_from_spec(spec)
        sys.modules["old_image_files"] = module  # dataclasses look it up
        spec.loader.exec_module(module)
    else:
        from photo_gallery import image_files as module
    from django.utils import translation

    translation.activate("th")
    data = build(case, frames)
    before = peak_kb()
    started = time.perf_counter()
    try:
        clean = module.clean_image_file(data, case)
        outcome = f"accepted, {len(clean.content):,} bytes stored"
    except module.ImageFileError as exc:
        outcome = "refused: " + exc.messages[0]
    seconds = time.perf_counter() - started
    return {
        "case": case,
        "file_bytes": len(data),
        "seconds": round(seconds, 3),
        "peak_mb_during_check": round(max(peak_kb() - before, 0) / 1024, 1),
        "outcome": outcome,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=int, default=250_000)
    parser.add_argument("--compare-with", metavar="REV")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--module-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.frames, args.module_file)))
        return

    versions = [("now", None)]
    scratch = tempfile.TemporaryDirectory()
    if args.compare_with:
        old = Path(scratch.name) / "old_image_files.py"
        # git from PATH, on the repository's own history: a developer's tool.
        old.write_text(
            subprocess.run(  # noqa: S603
                ["git", "show", f"{args.compare_with}:photo_gallery/image_files.py"],  # noqa: S607
                cwd=REPO,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        versions.append((args.compare_with, str(old)))
    with scratch:
        for label, module_file in versions:
            for case in ("many.gif", "limit.gif", "noise.gif"):
                command = [
                    sys.executable,
                    __file__,
                    "--one",
                    case,
                    "--frames",
                    str(args.frames),
                ]
                if module_file:
                    command += ["--module-file", module_file]
                # This same script with Python's own interpreter.
                done = subprocess.run(  # noqa: S603
                    command, check=True, capture_output=True, text=True
                )
                row = json.loads(done.stdout.strip().splitlines()[-1])
                print(
                    f"{label:>9} {row['case']:<10} {row['file_bytes']:>11,} B "
                    f"{row['seconds']:>8.2f} s {row['peak_mb_during_check']:>8.1f} MB  "
                    f"{row['outcome'][:90]}"
                )


if __name__ == "__main__":
    main()
