"""The Thai layer: Thai-language support at the bottom of the project.

Every app above reads Thai through it, and it imports no app of the project:

* ``dates``: Buddhist-era years, fiscal years (1 October to 30 September) and
  quarters, Thai dates and Thai digits; ``{% load thai_dates %}`` gives templates
  ``thai_date``, ``thai_digits`` and ``fiscal_year``.
* ``slugs``: page addresses that keep Thai vowel and tone marks (the rule, the admin
  script ``disclosure_thai/js/thai_slug.js``, the serving URL patterns).
* ``search``: Thai word segmentation (PyThaiNLP and the office's words in
  ``search_lexicon``) and the search backend Wagtail is configured with
  (``WAGTAILSEARCH_BACKENDS``); the public search hands it the units' names.
* ``admin_th``: Thai for Wagtail's own admin, an app of its own
  (``disclosure_thai.admin_th``, label ``disclosure_admin_th``) listed before the
  wagtail apps so its catalogue wins; the layer's app can sit anywhere.

The office, units, roles and the approval chain stay in ``moderation``.
"""
