/*
 * Thai slugs spelled right in the admin (disclosure_thai/slugs.py has the rule).
 *
 * Wagtail's slug controller (w-slug) keeps \p{L} and \p{N} only, so the Thai vowel
 * and tone marks (\p{Mn}) of a title disappear from the slug it writes:
 * "แผนการใช้จ่ายงบประมาณ" becomes "แผนการใชจายงบประมาณ". This replaces the
 * controller with one that also keeps Thai marks when unicode slugs are allowed
 * (WAGTAIL_ALLOW_UNICODE_SLUGS); ASCII-only slugs (unit codes) are untouched.
 * The server puts the marks back too, for browsers that run no script.
 */
(() => {
  const app = window.wagtail && window.wagtail.app;
  const module = app && app.router.modulesByIdentifier.get('w-slug');
  if (!module) return;
  const WagtailSlugController = module.definition.controllerConstructor;
  const THAI_MARKS = '\\u0E31\\u0E34-\\u0E3A\\u0E47-\\u0E4E';
  const SLUG_CHARACTER = new RegExp(`^[\\p{L}\\p{N}_\\-${THAI_MARKS}]$`, 'u');
  const NOT_URL = new RegExp(`[^\\-_\\p{L}\\p{N}\\s${THAI_MARKS}]`, 'gu');

  class ThaiSlugController extends WagtailSlugController {
    slugify(event, { ignoreUpdate = false, runFormat = !ignoreUpdate } = {}) {
      if (!this.allowUnicodeValue) return super.slugify(event, { ignoreUpdate, runFormat });
      const { value: source = this.element.value } = event?.detail || {};
      const value = this.prepareValue(source, { runFormat });
      if (!value) return '';
      const slug = value
        .replace(/\s+/g, '-')
        .toLowerCase()
        .split('')
        .filter((character) => SLUG_CHARACTER.test(character))
        .join('');
      if (!ignoreUpdate) this.applyUpdate('slugify', slug, source);
      return slug;
    }

    urlify(event, { ignoreUpdate = false, runFormat = !ignoreUpdate } = {}) {
      if (!this.allowUnicodeValue) return super.urlify(event, { ignoreUpdate, runFormat });
      const { value: source = this.element.value } = event?.detail || {};
      const value = this.prepareValue(source, { runFormat });
      if (!value) return '';
      const slug =
        value
          .toLowerCase()
          .replace(NOT_URL, '')
          .replace(/[-\s]+/g, '-')
          .substring(0, 255)
          .replace(/-+$/g, '') ||
        this.slugify({ detail: { value } }, { ignoreUpdate: true });
      if (!ignoreUpdate) this.applyUpdate('urlify', slug, source);
      return slug;
    }
  }

  app.register('w-slug', ThaiSlugController);
})();
