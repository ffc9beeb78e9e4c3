"""Thai-aware full-text search on Wagtail's database search backend.

Neither SQLite FTS5 nor PostgreSQL segments Thai (Thai is written without spaces):
a page holding ``ข้อมูลการจัดซื้อจัดจ้าง`` is not found by ``จัดซื้อ``. So the text is
segmented here, at index time and at query time, with PyThaiNLP's ``newmm`` engine
and its bundled dictionary (no network):

* index: every newmm word, plus the dictionary sub-words of a long compound
  (``จัดซื้อจัดจ้าง`` → ``จัดซื้อ``, ``จัดจ้าง``). A sub-word is a piece of a full
  split of the compound into dictionary words at Thai character-cluster boundaries,
  of at least ``MIN_SUBWORD_CONSONANTS`` consonants — never an arbitrary substring, so ``มา`` is
  not taken out of ``มาตรฐาน`` (which splits as ``มาตร`` + ``ฐาน``);
* query: the newmm words of the query, all required (AND).

Thai digits become Arabic digits on both sides (๒๕๖๙ = 2569).

Each word is written into the index as a plain ASCII token (``t`` + two digits per
Thai character, ``0`` + a Latin word or number): both databases then read every word
whole and alike — SQLite's tokenizer would otherwise cut Thai at each vowel or tone
mark, and PostgreSQL would stem English words that SQLite leaves alone. No FTS
syntax can reach the database either, since a query is reduced to these tokens.

Page types opt in with :class:`ThaiSearchMixin` and :func:`thai_search_fields`; the
site's ``WAGTAILSEARCH_BACKENDS`` points at this module so every search — the public
one and the admin's page search — segments its query the same way.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from wagtail.search import index

from .thai_dates import arabic_digits

#: The indexed field holding the segmented text of a page.
SEGMENTED_FIELD = "search_text_th"
#: The autocomplete field (admin page search) holding the segmented title.
SEGMENTED_TITLE_FIELD = "search_title_th"

#: Lengths are counted in Thai consonants (ก-ฮ), a rough count of syllables.
#: Words with fewer consonants are kept whole (จัดซื้อ, ตาราง, ประจำปี, ข้อมูล).
MIN_COMPOUND_CONSONANTS = 5
#: Shortest sub-word taken out of a compound: มา and ปี never are.
MIN_SUBWORD_CONSONANTS = 2
#: How deep a sub-word may itself be split.
MAX_SPLIT_DEPTH = 3
#: A query longer than this is cut (a search box is not a document).
MAX_QUERY_CHARS = 500

_THAI_RUN = re.compile(r"[\u0e01-\u0e4f\u0e5a\u0e5b]+")
_TOKEN_RUN = re.compile(r"[\u0e01-\u0e4f\u0e5a\u0e5b]+|[0-9a-z]+|[^\W_]+")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
#: Characters taken out of a query's text as typed before a database sees it.
_UNSAFE_ORIGINAL = re.compile(r'["\x00-\x1f\x7f]')


def consonants(word: str) -> int:
    """How many Thai consonants a word has (its rough length in syllables)."""
    return len(_THAI_LETTER.findall(word))


@functools.cache
def _dictionary():
    """PyThaiNLP's bundled word list, as a trie (loaded once per process)."""
    from pythainlp.tokenize import word_dict_trie

    return word_dict_trie()


def normalise(text: str) -> str:
    """The text as both sides of a search see it: NFC, Thai spelling variants made
    one (sara am typed or extracted from a PDF as nikhahit + sara aa, doubled or
    misordered tone marks: PyThaiNLP's ``normalize``), Arabic digits, lower case,
    no control characters (a NUL byte included)."""
    from pythainlp.util import normalize as thai_normalize

    text = unicodedata.normalize("NFC", str(text))
    if _THAI_RUN.search(text):
        text = thai_normalize(text)
    text = "".join(
        " " if unicodedata.category(ch).startswith("C") else ch for ch in text
    )
    return arabic_digits(text).lower()


def _thai_tokens(run: str) -> list[str]:
    """newmm's words of one run of Thai letters (lone vowel or tone marks dropped)."""
    from pythainlp.tokenize import word_tokenize

    return [
        token
        for token in word_tokenize(
            run, engine="newmm", custom_dict=_dictionary(), keep_whitespace=False
        )
        if _THAI_LETTER.search(token)
    ]


def _runs(text: str) -> list[str]:
    """Runs of Thai letters, of Latin letters and digits, of other letters."""
    text = normalise(text)
    return _TOKEN_RUN.findall(text) if text.strip() else []


def words(text: str) -> list[str]:
    """The words of a text: newmm's Thai words, Latin words and numbers; punctuation
    and emoji left out."""
    result = []
    for run in _runs(text):
        if _THAI_RUN.fullmatch(run):
            result.extend(_thai_tokens(run))
        else:
            result.append(run)
    return result


def _split(word: str) -> list[str] | None:
    """The fewest dictionary words (other than the word itself) covering the word
    exactly, cut only between Thai character clusters; on a tie the split with the
    longer pieces. None when there is no such split."""
    from pythainlp.tokenize.tcc import tcc_pos

    trie = _dictionary()
    n = len(word)
    boundaries = tcc_pos(word) | {0, n}
    # best[i]: the best cover of word[:i] as (pieces, -sum of squared lengths);
    # back[i]: where its last piece starts.
    worst = (n + 1, 0)
    best = [(0, 0)] + [worst] * n
    back = [0] * (n + 1)
    for i in range(n):
        if best[i] == worst or i not in boundaries:
            continue
        for piece in trie.prefixes(word[i:]):
            j = i + len(piece)
            if piece == word or j not in boundaries:
                continue
            score = (best[i][0] + 1, best[i][1] - len(piece) ** 2)
            if score < best[j]:
                best[j] = score
                back[j] = i
    if best[n] == worst:
        return None
    pieces, j = [], n
    while j > 0:
        pieces.append(word[back[j] : j])
        j = back[j]
    return pieces[::-1]


@functools.lru_cache(maxsize=50_000)
def _subword_spans(word: str, depth: int = 1) -> tuple[tuple[int, int], ...]:
    """(start, end) of the sub-words of a long compound, ``MAX_SPLIT_DEPTH`` deep."""
    if (
        depth > MAX_SPLIT_DEPTH
        or consonants(word) < MIN_COMPOUND_CONSONANTS
        or not _THAI_RUN.fullmatch(word)
    ):
        return ()
    pieces = _split(word)
    if not pieces:
        return ()
    spans: list[tuple[int, int]] = []
    start = 0
    for piece in pieces:
        end = start + len(piece)
        if consonants(piece) >= MIN_SUBWORD_CONSONANTS:
            spans.append((start, end))
            spans.extend(
                (start + a, start + b) for a, b in _subword_spans(piece, depth + 1)
            )
        start = end
    return tuple(spans)


def subwords(word: str) -> tuple[str, ...]:
    """Dictionary words inside a long Thai compound, found by splitting it whole.

    The compound is split into the fewest dictionary words that cover it exactly;
    the pieces of at least ``MIN_SUBWORD_CONSONANTS`` consonants are returned, then
    their own pieces. A compound with no such split gives nothing: no arbitrary
    substrings (มาตรฐาน gives มาตร and ฐาน, never มา).
    """
    return tuple(word[a:b] for a, b in _subword_spans(word))


# The same titles and phrases are indexed again on every save of a page (and every
# test's set-up), so a run's words are remembered; entries are a few short strings.
@functools.lru_cache(maxsize=20_000)
def _index_thai_run(run: str) -> tuple[str, ...]:
    """Words of a Thai run for the index: newmm's words, their sub-words, and the
    dictionary words newmm's cuts split across two or more of its words.

    newmm reads แผนปฏิบัติการป้องกัน as แผน|ปฏิบัติ|การป้องกัน; with the sub-word cut
    การ|ป้องกัน, the word ปฏิบัติการ is whole between two cuts and is indexed too.
    Unknown words newmm broke into pieces (สข|ร for สขร) are joined back.
    """
    tokens = _thai_tokens(run)
    found: list[str] = []
    cuts = {0}
    token_ends = set()
    position = 0
    unknown: list[str] = []
    trie = _dictionary()
    for token in tokens:
        found.append(token)
        for a, b in _subword_spans(token):
            found.append(token[a:b])
            cuts.update((position + a, position + b))
        if token in trie:
            if len(unknown) > 1:
                found.append("".join(unknown))
            unknown = []
        else:
            unknown.append(token)
        position += len(token)
        cuts.add(position)
        token_ends.add(position)
    if len(unknown) > 1:
        found.append("".join(unknown))
    joined = "".join(tokens)
    for i in sorted(cuts):
        for piece in trie.prefixes(joined[i:]):
            j = i + len(piece)
            crosses = any(i < end < j for end in token_ends)
            if j in cuts and crosses and consonants(piece) >= MIN_SUBWORD_CONSONANTS:
                found.append(piece)
    return tuple(found)


def encode(word: str) -> str:
    """A word as one ASCII token that both databases keep whole and unstemmed."""
    if _THAI_RUN.fullmatch(word):
        return "t" + "".join(f"{ord(ch) - 0x0E00:02d}" for ch in word)
    if word.isascii():
        return "0" + word
    return "u" + "".join(f"{ord(ch):06x}" for ch in word)


def segment_for_index(*texts: str | None) -> str:
    """The indexed form of some texts: their words and sub-words, encoded."""
    tokens: list[str] = []
    for text in texts:
        if not text:
            continue
        for run in _runs(text):
            if _THAI_RUN.fullmatch(run):
                tokens.extend(encode(word) for word in _index_thai_run(run))
            else:
                tokens.append(encode(run))
    return " ".join(tokens)


def segment_query(query: str) -> str:
    """The query form of what a visitor typed: its words, encoded, space-separated
    (every word required). Empty when nothing searchable is left."""
    query = str(query)[:MAX_QUERY_CHARS]
    seen: dict[str, None] = {}
    for word in words(query):
        seen.setdefault(encode(word), None)
    return " ".join(seen)


def query_words(query: str) -> list[str]:
    """The words a query looks for, readable (for highlighting in snippets)."""
    return list(dict.fromkeys(words(str(query)[:MAX_QUERY_CHARS])))


# --- Page types ------------------------------------------------------------------


def html_to_text(value) -> str:
    """Plain text of rich text or a StreamField value (tags stripped)."""
    from django.utils.html import strip_tags

    if value is None:
        return ""
    if hasattr(value, "raw_data") or hasattr(value, "stream_block"):
        parts = []
        for block in value:
            parts.append(_block_text(block.value))
        return " ".join(p for p in parts if p)
    return strip_tags(str(value))


def _block_text(value) -> str:
    from django.utils.html import strip_tags

    if value is None:
        return ""
    if hasattr(value, "source"):  # RichText
        return strip_tags(value.source)
    if isinstance(value, str):
        return strip_tags(value)
    if isinstance(value, dict):  # StructValue
        return " ".join(
            _block_text(v) for v in value.values() if isinstance(v, str | dict | list)
        )
    if isinstance(value, list | tuple):
        return " ".join(_block_text(v) for v in value)
    if hasattr(value, "__iter__") and not hasattr(value, "pk"):
        try:
            return " ".join(_block_text(v) for v in value)
        except TypeError:
            return ""
    return ""


class ThaiSearchMixin:
    """Gives a page type a segmented search text; pair it with
    :func:`thai_search_fields` in the model's ``search_fields``.

    ``thai_search_source_fields`` names the model's text fields (plain, rich text or
    StreamField) that go into the search text, after the title and the search
    description; :meth:`extra_search_text` may add more (attached documents ...).
    """

    thai_search_source_fields: tuple[str, ...] = ()

    def search_source_texts(self) -> list[str]:
        texts = [self.title, getattr(self, "search_description", "")]
        for name in self.thai_search_source_fields:
            texts.append(html_to_text(getattr(self, name, None)))
        texts.extend(self.extra_search_text())
        return [t for t in texts if t]

    def extra_search_text(self) -> Iterable[str]:
        return ()

    def search_text_th(self) -> str:
        return segment_for_index(*self.search_source_texts())

    def search_title_th(self) -> str:
        return segment_for_index(self.title)


def thai_search_fields() -> list:
    """Search fields to add to a page type using :class:`ThaiSearchMixin`."""
    return [
        index.SearchField(SEGMENTED_FIELD),
        index.AutocompleteField(SEGMENTED_TITLE_FIELD),
    ]


def model_is_segmented(model) -> bool:
    """Whether a model indexes the segmented text."""
    try:
        fields = model.get_search_fields()
    except AttributeError:
        return False
    return any(getattr(f, "field_name", None) == SEGMENTED_FIELD for f in fields)


# --- The search backend -----------------------------------------------------------


class SegmentedQuery:
    """Marker: a query already segmented by :func:`segment_query` (searched as is)."""

    def __init__(self, tokens: str):
        self.tokens = tokens


class ThaiQueryMixin:
    """Segments every query sent to a page model before the database sees it.

    A model that indexes the segmented field is searched on it alone; the base
    ``Page`` model (admin page search across all types) is searched on the
    segmented words *or* the words as typed, so page types without the field are
    still found; any other model (documents, images, users) is left untouched.
    """

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        from django.db.models import QuerySet
        from modelsearch.backends.base import EmptySearchResults
        from modelsearch.query import PlainText
        from wagtail.models import Page

        model = (
            model_or_queryset.model
            if isinstance(model_or_queryset, QuerySet)
            else model_or_queryset
        )
        if isinstance(query, SegmentedQuery):
            if not query.tokens:
                return EmptySearchResults()
            query = PlainText(query.tokens, operator="and")
        elif isinstance(model, type) and issubclass(model, Page):
            segmented = model_is_segmented(model)
            converted = self._convert(query, keep_original=not segmented)
            if converted is None:
                return EmptySearchResults()
            query = converted
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    def _convert(self, query, keep_original: bool):
        from modelsearch.query import (
            And,
            Boost,
            MatchAll,
            Not,
            Or,
            Phrase,
            PlainText,
        )

        if isinstance(query, str):
            query = PlainText(query, operator="and")
        if isinstance(query, MatchAll):
            return query
        if isinstance(query, PlainText | Phrase):
            text = query.query_string
            tokens = segment_query(text)
            segmented = PlainText(tokens, operator="and") if tokens else None
            if not keep_original:
                return segmented
            # The words as typed, without what the databases' full-text syntax
            # chokes on: a double quote ends SQLite's quoted term early (some admin
            # views pass the text unparsed), a NUL byte is refused by PostgreSQL.
            safe = _UNSAFE_ORIGINAL.sub(" ", text)
            original = None
            if safe.strip():
                original = (
                    Phrase(safe)
                    if isinstance(query, Phrase)
                    else PlainText(safe, operator=query.operator, boost=query.boost)
                )
            if original and segmented:
                return Or([original, segmented])
            return original or segmented
        if isinstance(query, Boost):
            sub = self._convert(query.subquery, keep_original)
            return Boost(sub, query.boost) if sub is not None else None
        if isinstance(query, Not):
            sub = self._convert(query.subquery, keep_original)
            return Not(sub) if sub is not None else None
        if isinstance(query, And | Or):
            subs = [self._convert(q, keep_original) for q in query.subqueries]
            subs = [q for q in subs if q is not None]
            if not subs:
                return None
            return type(query)(subs) if len(subs) > 1 else subs[0]
        return query


@functools.cache
def _thai_backend_class(base: type) -> type:
    return type(f"Thai{base.__name__}", (ThaiQueryMixin, base), {})


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a module
    """Wagtail's database search backend for this database, segmenting Thai."""
    from modelsearch.backends.database import SearchBackend as database_backend

    plain = database_backend(params)
    return _thai_backend_class(type(plain))(params)


def search_pages(queryset, query: str, **kwargs):
    """Search a page queryset on the segmented text only (the public search)."""
    from modelsearch.query import PlainText
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    tokens = segment_query(query)
    if isinstance(backend, ThaiQueryMixin):
        return backend.search(SegmentedQuery(tokens), queryset, **kwargs)
    if not tokens:
        return queryset.none()
    return backend.search(PlainText(tokens, operator="and"), queryset, **kwargs)
