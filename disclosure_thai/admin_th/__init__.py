"""Thai for Wagtail's own admin: a catalogue that completes and corrects Wagtail's.

Wagtail ships Thai for about 42% of its admin strings; the roles of the measure
(editors, directors, the ICT publisher, the committee) would meet English on most
screens. Install this app before the ``wagtail.*`` apps so its ``django`` catalogue
wins over theirs, and add ``JS_LOCALE_DIR`` to ``LOCALE_PATHS`` for the strings the
admin's JavaScript reads (Wagtail's JavaScript catalogue only reads wagtail.admin and
``LOCALE_PATHS``). Wording follows the project's glossary (one Thai term per idea).

Besides Wagtail's strings, the catalogue carries the Django strings the admin shows
and Django's Thai lacks or words otherwise: time since ("3 เดือน"), file sizes,
form, formset and password errors and help (django, django.contrib.auth), and
naturaltime (django.contrib.humanize, which Wagtail uses without it being an
installed app, so its own catalogue never loads). Each entry's comment names its
source.

Where Wagtail writes English in a template with no translation, the template is
overridden here, as little as possible (keep them in step when Wagtail changes):

* ``wagtailadmin/shared/headers/_actions.html``: the "Actions" label of the header's
  buttons landmark (every listing).
* ``wagtailadmin/home.html``: the "Search" button of the dashboard's search form
  (read by screen readers); the dashboard block is Wagtail 8.0's otherwise.
* ``wagtailadmin/shared/human_readable_date.html``: the tooltip of every "… ago"
  date wrote Django's format, a Christian-era year; in Thai it gives the Buddhist-era
  date of ``disclosure_thai.dates`` (``{% load thai_dates %}``).

``people.py`` lists people by name, not login name, in the admin's user selects.
``python -m e2e.visible_english`` measures the English left on each role's screens.
"""

from pathlib import Path

JS_LOCALE_DIR = Path(__file__).resolve().parent / "jslocale"
