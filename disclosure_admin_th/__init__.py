"""Thai for Wagtail's own admin: a catalogue that completes and corrects Wagtail's.

Wagtail ships Thai for about 42% of its admin strings; the roles of the measure
(editors, directors, the ICT publisher, the committee) would meet English on most
screens. Install this app before the ``wagtail.*`` apps so its ``django`` catalogue
wins over theirs, and add ``JS_LOCALE_DIR`` to ``LOCALE_PATHS`` for the strings the
admin's JavaScript reads (Wagtail's JavaScript catalogue only reads wagtail.admin and
``LOCALE_PATHS``). Wording follows the project's glossary (one Thai term per idea).
"""

from pathlib import Path

JS_LOCALE_DIR = Path(__file__).resolve().parent / "jslocale"
