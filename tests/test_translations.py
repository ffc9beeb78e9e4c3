"""The Thai catalogues are complete, compiled, and cover every string in the code."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent
CATALOGUE_DIRS = [
    REPO / "action_plans",
    REPO / "channels",
    REPO / "disclosure_pages",
    REPO / "disclosure_signin",
    REPO / "disclosure_thai",
    REPO / "ita",
    REPO / "moderation",
    REPO / "organisation",
    REPO / "photo_gallery",
    REPO / "reporting",
    REPO / "site" / "disclosure_site",
    REPO / "structured_disclosures",
    REPO,  # LOCALE_PATHS: the example site's top-level templates
]
PO_FILES = [d / "locale" / "th" / "LC_MESSAGES" / "django.po" for d in CATALOGUE_DIRS]
# Thai for Wagtail's own strings (disclosure_thai.admin_th): not made by makemessages.
PO_FILES += [
    REPO
    / "disclosure_thai"
    / "admin_th"
    / "locale"
    / "th"
    / "LC_MESSAGES"
    / "django.po",
    REPO
    / "disclosure_thai"
    / "admin_th"
    / "jslocale"
    / "th"
    / "LC_MESSAGES"
    / "djangojs.po",
]


def entries(po: polib.POFile) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_catalogue_is_fully_translated_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy}"

    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for key, entry in entries(po).items():
        assert key in compiled, (
            f"{key} is not compiled into {po_path.with_suffix('.mo')}"
        )
        assert compiled[key][0] == entry.msgstr or compiled[key][1], (
            f"stale .mo for {key}; run compilemessages"
        )


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is not installed")
def test_every_string_in_the_code_is_in_a_catalogue(tmp_path):
    """makemessages on a copy of the tree finds no msgid the catalogues lack."""
    copy = tmp_path / "tree"
    ignore = shutil.ignore_patterns(
        ".venv", "__pycache__", "*.mo", "media", "*.sqlite3*"
    )
    for name in (
        "action_plans",
        "disclosure_pages",
        "disclosure_signin",
        "disclosure_thai",
        "ita",
        "moderation",
        "organisation",
        "photo_gallery",
        "reporting",
        "structured_disclosures",
        "templates",
        "site",
        "locale",
    ):
        source = REPO / name
        if source.exists():
            shutil.copytree(source, copy / name, ignore=ignore)
    # Settings of our own, so makemessages writes only inside the copy.
    (copy / "msg_settings.py").write_text(
        f"SECRET_KEY = 'x'\nUSE_I18N = True\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "th",
            "--no-obsolete",
            "--ignore",
            "tests/*",
            "--ignore",
            "bench/*",
        ],
        cwd=copy,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(copy),
            "DJANGO_SETTINGS_MODULE": "msg_settings",
        },
        check=True,
        capture_output=True,
    )
    missing = {}
    for po_path in PO_FILES:
        fresh = copy / po_path.relative_to(REPO)
        if not fresh.exists():
            continue
        have = entries(polib.pofile(str(po_path))) if po_path.exists() else {}
        lacking = [k[1] for k in entries(polib.pofile(str(fresh))) if k not in have]
        if lacking:
            missing[str(po_path.relative_to(REPO))] = lacking
    assert not missing, f"run 'make messages' and translate: {missing}"


def test_translation_functions_keep_names_makemessages_knows():
    """xgettext only finds _(), gettext() and friends by name: a string passed to
    an alias such as _g() never reaches the catalogue and stays English."""
    known = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext"}
    aliased = []
    for path in REPO.glob("*/**/*.py"):
        if any(
            part in {".venv", "tests", "bench", "node_modules"} for part in path.parts
        ):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = re.match(r"\s*from django\.utils\.translation import (.+)", line)
            if not match:
                continue
            for name in match.group(1).split(","):
                original, _, alias = name.strip(" ()").partition(" as ")
                if alias and "gettext" in original and alias not in known:
                    aliased.append(f"{path.relative_to(REPO)}:{number}: {alias}")
    assert not aliased, aliased
