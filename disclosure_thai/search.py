"""Thai-aware full-text search on Wagtail's database search backend.

Neither SQLite FTS5 nor PostgreSQL segments Thai (Thai is written without spaces):
a page holding ``ข้อมูลการจัดซื้อจัดจ้าง`` is not found by ``จัดซื้อ``. So the text is
cut into words here, at index time and at query time, with PyThaiNLP's ``newmm``
engine, its bundled dictionary and the office's own words
(:mod:`disclosure_thai.search_lexicon`); nothing is fetched from the network.

What a page is indexed under, for each run of Thai letters:

* newmm's words;
* the searchable pieces of each word. A word is cut into the fewest dictionary
  words covering it (at Thai character-cluster boundaries, never an arbitrary
  substring: ``มา`` is never taken out of ``มาตรฐาน``). Of a long word (three
  syllables or more) every piece is searchable (``จัดซื้อจัดจ้าง`` → ``จัดซื้อ``,
  ``จัดจ้าง``); of a two-syllable word only the rest after a prefix that keeps
  its meaning (``การเงิน``, ``วงเงิน`` → ``เงิน``; ``ผู้ชนะ`` → ``ชนะ``) or the verb
  before ``การ``/``งาน`` (``ปฏิบัติการ`` → ``ปฏิบัติ``). Words whose pieces are
  another idea are kept whole (``แผนที่``, ``ตรวจสอบ``, ``ร้องเรียน``), and some
  compounds list their pieces: the lexicon decides, the rules are its default;
* dictionary words newmm's cuts (or its pieces' cuts) run across: newmm reads
  ``แผนปฏิบัติการป้องกัน`` as ``แผน|ปฏิบัติ|การป้องกัน``, so ``ปฏิบัติการ`` is added;
  unknown words newmm broke into letters (``สข|ร``) are joined back;
* abbreviations as one word without their dots (``สพป.``, ``อ.ก.ค.ศ.``); month
  abbreviations and short names as the month (``ต.ค.``, ``ตุลา`` → ``ตุลาคม``);
  an abbreviation and its full name as one word (``ผอ.`` = ``ผู้อำนวยการ``);
* an item's unit, as a token of its own (``y`` + the unit's id).

A query is cut the same way. Every space-separated term is required (AND) and
grammatical words (``การ``, ``ของ``) are dropped when the query has other words.
A term may also be found as the alias of an abbreviation, as the unit it names
(``กลุ่มการเงิน``), and — unless it is one dictionary word spelt right — as the
dictionary spells it (tone marks and upper or lower vowels missing or wrong,
letters of one sound swapped, one letter missing: ``จัดซือ``, ``ประกาส``,
``นวัตกรม``). Thai digits become Arabic digits on both sides (๒๕๖๙ = 2569);
Latin words joined by a hyphen are also one word (``O-NET`` = ``ONET``), numbers
joined by a slash too (``3/2569``).

Each word is written into the index as a plain ASCII token (``t`` + two digits per
Thai character, ``0`` + a Latin word or number): both databases then read every
word whole and alike — SQLite's tokenizer would otherwise cut Thai at each vowel
or tone mark, and PostgreSQL would stem English words that SQLite leaves alone. No FTS syntax can reach the database
either, since a query is reduced to these tokens.

Results are ranked without a query per result: pages whose title holds the query
first, then pages holding the words as typed, then those found only through a
respelling; newest first within each (:func:`search_pages`).

Page types opt in with :class:`ThaiSearchMixin` and :func:`thai_search_fields`; the
site's ``WAGTAILSEARCH_BACKENDS`` points at this module so every search — the public
one and the admin's page search — segments its query the same way. After a change
to this module or the lexicon, run ``manage.py update_index``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from wagtail.search import index

from . import search_lexicon as lexicon
from .dates import arabic_digits

#: The indexed field holding the segmented text of a page.
SEGMENTED_FIELD = "search_text_th"
#: The autocomplete field (admin page search, and the title rank of the public
#: search) holding the segmented title.
SEGMENTED_TITLE_FIELD = "search_title_th"

#: Shortest searchable piece of a word, in Thai consonants: มา and ปี never are.
MIN_SUBWORD_CONSONANTS = 2
#: A word of this many syllables or more has all its pieces searchable.
LONG_WORD_SYLLABLES = 3
#: How deep a piece may itself be cut.
MAX_SPLIT_DEPTH = 3
#: At most this many ways of cutting a word into its fewest pieces are kept.
MAX_SPLITS = 6
#: A query longer than this is cut (a search box is not a document).
MAX_QUERY_CHARS = 500

_THAI_RUN = re.compile(r"[\u0e01-\u0e4f\u0e5a\u0e5b]+")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
#: One piece of a Thai abbreviation, closed by its dot: สพป. ผอ. ต. มี. เม.
_ABBREVIATION_PIECE = r"[\u0e40-\u0e44]?[\u0e01-\u0e2e][\u0e01-\u0e2e\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]{0,4}\."
_PIECES = re.compile(
    rf"(?P<abbr>(?:{_ABBREVIATION_PIECE})+)"
    r"|(?P<thai>[\u0e01-\u0e4f\u0e5a\u0e5b]+)"
    r"|(?P<latin>[0-9a-z]+(?:[-&/][0-9a-z]+)*)"
    r"|(?P<other>[^\W_]+)"
)
#: What a loose spelling leaves out: tone marks, mai taikhu, thanthakhat, nikhahit
#: and the vowels written above or below a consonant (often missed or swapped).
_LOOSE_DROPPED = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
#: Letters typed for one another (same sound): ศ ษ for ส, ณ for น ...
_LOOSE_LETTERS = str.maketrans("ศษณธฑฒภฎฏฐฆฌฬญฅฃใ", "สสนทททพตตถคชลยคขไ")
#: Characters taken out of a query's text as typed before a database sees it.
_UNSAFE_ORIGINAL = re.compile(r'["\x00-\x1f\x7f]')


def consonants(word: str) -> int:
    """How many Thai consonants a word has."""
    return len(_THAI_LETTER.findall(word))


def _clean(word: str) -> str:
    from pythainlp.util import normalize as thai_normalize

    return thai_normalize(unicodedata.normalize("NFC", word))


@functools.cache
def _dictionary():
    """PyThaiNLP's bundled word list and the office's words, as a trie (loaded
    once per process)."""
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    words = set(thai_words())
    words.update(_clean(w) for w in lexicon.OFFICE_WORDS)
    words.update(_clean(w) for w in lexicon.PARTS)
    words.update(_clean(w) for w in lexicon.OPAQUE)
    return Trie(words)


@functools.cache
def _lexicon() -> dict:
    """The lexicon's lists, normalised like the text they are compared with."""
    return {
        "prefixes": frozenset(map(_clean, lexicon.PREFIXES)),
        "heads": frozenset(map(_clean, lexicon.HEADS)),
        "suffixes": frozenset(map(_clean, lexicon.SUFFIXES)),
        "never": frozenset(map(_clean, lexicon.NEVER_PARTS)),
        # a month's name is not about its pieces (ตุลา|คม)
        "opaque": frozenset(map(_clean, lexicon.OPAQUE))
        | frozenset(map(_clean, lexicon.SAME_WORD.values())),
        "parts": {_clean(w): tuple(map(_clean, p)) for w, p in lexicon.PARTS.items()},
        "same": {_clean(a): _clean(b) for a, b in lexicon.SAME_WORD.items()},
        "abbreviations": {
            _clean(a): _clean(b) for a, b in lexicon.ABBREVIATIONS.items()
        },
        "stop": frozenset(map(_clean, lexicon.QUERY_STOPWORDS)),
        "aliases": tuple(
            tuple(_clean(form).lower() for form in group) for group in lexicon.ALIASES
        ),
    }


@functools.cache
def _frequency() -> dict[str, int]:
    """How often each word occurs in the Thai National Corpus (bundled)."""
    from pythainlp.corpus import tnc

    return dict(tnc.word_freqs())


@functools.cache
def _loose_dictionary() -> dict[str, tuple[str, int]]:
    """The loose forms of the dictionary's words (see :func:`loose`), each with
    its most frequent word and that word's corpus frequency."""
    frequency = _frequency()
    result: dict[str, tuple[str, int]] = {}
    for word in _dictionary():
        key = loose(word)
        count = frequency.get(word, 0)
        if key not in result or count > result[key][1]:
            result[key] = (word, count)
    return result


def loose(word: str) -> str:
    """A Thai word as it may be mistyped: no tone marks or upper and lower vowels,
    letters of one sound as one (``ประกาศ``, ``ประกาส`` → ประกาส; ``เดือน``,
    ``เดอน`` → เดอน; ``ทุจริต``, ``ทุจรติ`` → ทจรต)."""
    return _LOOSE_DROPPED.sub("", word).translate(_LOOSE_LETTERS)


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


@functools.lru_cache(maxsize=20_000)
def _syllables(word: str) -> int:
    """How many syllables a Thai word has (PyThaiNLP's syllable dictionary)."""
    from pythainlp.tokenize import syllable_tokenize

    return len(syllable_tokenize(word, engine="dict")) if word else 0


@functools.lru_cache(maxsize=20_000)
def _newmm(run: str) -> tuple[str, ...]:
    """newmm's words of one run of Thai letters (lone vowel or tone marks dropped)."""
    from pythainlp.tokenize import word_tokenize

    return tuple(
        token
        for token in word_tokenize(
            run, engine="newmm", custom_dict=_dictionary(), keep_whitespace=False
        )
        if _THAI_LETTER.search(token)
    )


def _canonical(word: str) -> str:
    return _lexicon()["same"].get(word, word)


def _abbreviations(piece: str) -> list[str]:
    """The words of an abbreviation with its dots, those standing for a word
    written as that word (ต.ค. → ตุลาคม)."""
    names = _lexicon()["abbreviations"]
    return [names.get(w, w) for w in _abbreviation_words(piece)]


def _join_unknown(tokens: Iterable[str]) -> list[str]:
    """Runs of words unknown to the dictionary joined back into one word
    (newmm breaks สขร, an abbreviation written without dots, into letters)."""
    trie = _dictionary()
    result: list[str] = []
    unknown: list[str] = []
    for token in [*tokens, None]:
        if token is not None and token not in trie:
            unknown.append(token)
            continue
        if unknown:
            result.append("".join(unknown))
            unknown = []
        if token is not None:
            result.append(token)
    return result


def _abbreviation_words(abbreviation: str) -> list[str]:
    """The words of an abbreviation with dots: one-letter pieces make one word
    (``อ.ก.ค.ศ.`` → อกคศ, ``ต.ค.`` → ตค), longer pieces one each
    (``ผอ.สพป.`` → ผอ, สพป)."""
    result: list[str] = []
    letters = ""
    for piece in abbreviation.split(".")[:-1]:
        if consonants(piece) == 1:
            letters += piece
            continue
        if letters:
            result.append(letters)
            letters = ""
        result.append(piece)
    if letters:
        result.append(letters)
    return result


def _pieces(text: str) -> list[tuple[str, str]]:
    """(kind, text) of a normalised text's pieces: an abbreviation, a run of Thai
    letters, a Latin word or number (hyphens kept), another script's word."""
    return [(match.lastgroup, match.group()) for match in _PIECES.finditer(text or "")]


_LETTERS_DIGITS = re.compile(r"[a-z]+|[0-9]+")


def _latin_words(word: str, *, query: bool) -> list[str]:
    """A Latin word or number. The index holds it, its parts between hyphens and
    between letters and digits, and its parts joined (``o-net`` → o, net, onet;
    ``ita2569`` → ita, 2569); a query looks for the word as written, parts joined
    (``O-NET`` = ``onet``, ``O1`` is not ``O10``). Numbers joined by a hyphen are
    a range, not one number (``1-2`` is 1 and 2); joined by a slash they are
    one too (``3/2569``, an order or a meeting: not any 3 beside 2569)."""
    parts = [p for p in re.split(r"[-&/]", word) if p]
    if not any(ch.isalpha() for ch in word):
        numbered = "/".join(re.split(r"/", word)) if "/" in word else ""
        if query:
            return [numbered] if numbered else parts
        return [*parts, numbered] if numbered else parts
    joined = "".join(parts)
    if query:
        return [joined]
    pieces = [x for part in parts for x in _LETTERS_DIGITS.findall(part)]
    return list(dict.fromkeys([*parts, *pieces, joined]))


def words(text: str) -> list[str]:
    """The words of a text as a query reads them: newmm's Thai words (unknown
    letters joined, months and abbreviations in one form), Latin words and
    numbers; punctuation and emoji left out."""
    result: list[str] = []
    for kind, piece in _pieces(normalise(text)):
        if kind == "abbr":
            result.extend(_abbreviations(piece))
        elif kind == "thai":
            result.extend(_canonical(w) for w in _join_unknown(_newmm(piece)))
        elif kind == "latin":
            result.extend(_latin_words(piece, query=True))
        else:
            result.append(piece)
    return result


# --- Pieces of a word ----------------------------------------------------------------


@functools.lru_cache(maxsize=50_000)
def _fewest_pieces(word: str) -> tuple[tuple[str, ...], ...]:
    """The ways of covering a word exactly with the fewest dictionary words
    (other than the word itself), cut only between Thai character clusters."""
    from pythainlp.tokenize.tcc import tcc_pos

    trie = _dictionary()
    n = len(word)
    boundaries = tcc_pos(word) | {0, n}
    # fewest[i]: fewest pieces covering word[:i]; starts[i]: where the last of
    # such a cover may start.
    fewest = [0] + [n + 1] * n
    starts: list[list[int]] = [[] for _ in range(n + 1)]
    for i in range(n):
        if fewest[i] > n or i not in boundaries:
            continue
        for piece in trie.prefixes(word[i:]):
            j = i + len(piece)
            if piece == word or j not in boundaries:
                continue
            if fewest[i] + 1 < fewest[j]:
                fewest[j], starts[j] = fewest[i] + 1, [i]
            elif fewest[i] + 1 == fewest[j]:
                starts[j].append(i)
    if fewest[n] > n:
        return ()
    splits: list[tuple[str, ...]] = []

    def walk(end: int, tail: tuple[str, ...]) -> None:
        if len(splits) >= MAX_SPLITS:
            return
        if end == 0:
            splits.append(tail)
            return
        for start in starts[end]:
            walk(start, (word[start:end], *tail))

    walk(n, ())
    return tuple(splits)


def _is_part(piece: str) -> bool:
    """Whether a piece of a word may be searched for (long enough, not a
    grammatical word or bound syllable)."""
    return (
        consonants(piece) >= MIN_SUBWORD_CONSONANTS
        and piece not in _lexicon()["never"]
        and bool(_THAI_RUN.fullmatch(piece))
    )


@functools.lru_cache(maxsize=50_000)
def _parts(word: str, depth: int = 1) -> tuple[tuple[int, int], ...]:
    """(start, end) of the searchable pieces of a word, ``MAX_SPLIT_DEPTH`` deep."""
    lex = _lexicon()
    if depth > MAX_SPLIT_DEPTH or not _THAI_RUN.fullmatch(word):
        return ()
    # (start, end, listed): listed pieces and the rest after a prefix need not be
    # two consonants long (น้ำ in ห้องน้ำ, มา in ผู้มาติดต่อ).
    spans: list[tuple[int, int, bool]] = []
    if word in lex["parts"]:
        for piece in lex["parts"][word]:
            start = word.find(piece)
            if start >= 0:
                spans.append((start, start + len(piece), True))
    elif word not in lex["opaque"]:
        long_word = _syllables(word) >= LONG_WORD_SYLLABLES
        for pieces in _fewest_pieces(word):
            offsets = [0]
            for piece in pieces:
                offsets.append(offsets[-1] + len(piece))
            if pieces[0] in lex["heads"]:
                spans.append((0, offsets[1], True))
            if long_word:
                chosen = range(len(pieces))
            elif pieces[0] in lex["prefixes"]:
                chosen = range(1, len(pieces))
            elif (
                pieces[-1] in lex["suffixes"] and _syllables("".join(pieces[:-1])) >= 2
            ):
                chosen = range(len(pieces) - 1)
            else:
                continue
            listed = not long_word and pieces[0] in lex["prefixes"]
            for k in chosen:
                spans.append((offsets[k], offsets[k + 1], listed))
            if not long_word and len(chosen) > 1:
                # the rest after a prefix is a word too (ผู้|อำนวย|การ → อำนวยการ)
                spans.append((offsets[chosen[0]], offsets[chosen[-1] + 1], listed))
    result: list[tuple[int, int]] = []
    for a, b, listed in dict.fromkeys(spans):
        piece = word[a:b]
        if piece == word or not (
            _is_part(piece) or (listed and piece not in lex["never"])
        ):
            continue
        result.append((a, b))
        result.extend((a + c, a + d) for c, d in _parts(piece, depth + 1))
    return tuple(dict.fromkeys(result))


def subwords(word: str) -> tuple[str, ...]:
    """The searchable pieces of a Thai word (see the module's docstring):
    ``จัดซื้อจัดจ้าง`` → จัดซื้อ, ซื้อ, จัดจ้าง, จ้าง; ``มาตรฐาน`` → nothing."""
    word = _clean(word)
    return tuple(dict.fromkeys(word[a:b] for a, b in _parts(word)))


@functools.lru_cache(maxsize=50_000)
def _cuts(word: str) -> frozenset[int]:
    """Every place a word may be cut into dictionary words (its fewest pieces)."""
    cuts: set[int] = set()
    for pieces in _fewest_pieces(word):
        offset = 0
        for piece in pieces[:-1]:
            offset += len(piece)
            cuts.add(offset)
    return frozenset(cuts)


# The same titles and phrases are indexed again on every save of a page (and every
# test's set-up), so a run's words are remembered; entries are a few short strings.
@functools.lru_cache(maxsize=20_000)
def _index_thai_run(run: str) -> tuple[str, ...]:
    """Words of a Thai run for the index: newmm's words, their searchable pieces,
    the dictionary words newmm's cuts run across, unknown letters joined; but
    nothing inside a word whose pieces are another idea (newmm reads
    ``การสอบสวน`` as ``การ|สอบ|สวนทาง``: ``สอบสวน`` is added, ``สอบ`` left out)."""
    tokens = _newmm(run)
    trie = _dictionary()
    opaque = _lexicon()["opaque"]
    joined = "".join(tokens)
    spans: list[tuple[int, int]] = []
    cuts = {0}
    token_ends = set()
    unknown_start = None
    position = 0
    for token in tokens:
        end = position + len(token)
        spans.append((position, end))
        spans.extend((position + a, position + b) for a, b in _parts(token))
        cuts.update(position + c for c in _cuts(token))
        # runs of unknown words (สข|ร) are joined back into one
        if token in trie:
            if unknown_start is not None and position - unknown_start > 0:
                spans.append((unknown_start, position))
            unknown_start = None
        elif unknown_start is None:
            unknown_start = position
        position = end
        cuts.add(position)
        token_ends.add(position)
    if unknown_start is not None:
        spans.append((unknown_start, position))
    for i in sorted(cuts):
        for piece in trie.prefixes(joined[i:]):
            j = i + len(piece)
            crosses = any(i < end < j for end in token_ends)
            if (
                j in cuts
                and crosses
                and (_syllables(piece) >= 2 or piece in opaque)
                and _is_part(piece)
            ):
                spans.append((i, j))
                spans.extend((i + a, i + b) for a, b in _parts(piece))
    spans = list(dict.fromkeys(spans))
    whole = [(a, b) for a, b in spans if joined[a:b] in opaque]
    kept = [
        (a, b)
        for a, b in spans
        if not any(c <= a and b <= d and (a, b) != (c, d) for c, d in whole)
    ]
    return tuple(dict.fromkeys(_canonical(joined[a:b]) for a, b in kept))


def encode(word: str) -> str:
    """A word as one ASCII token that both databases keep whole and unstemmed."""
    if _THAI_RUN.fullmatch(word):
        return "t" + "".join(f"{ord(ch) - 0x0E00:02d}" for ch in word)
    if word.isascii():  # a slash is written as x2f: no tokenizer cuts there
        return "0" + re.sub(r"[^0-9a-z]", lambda m: f"x{ord(m.group()):02x}", word)
    return "u" + "".join(f"{ord(ch):06x}" for ch in word)


def _alias_words(text: str, found: Iterable[str]) -> list[str]:
    """The first form of every alias group the text holds in any form."""
    squeezed = text.replace(" ", "")
    found = set(found)
    result = []
    for group in _lexicon()["aliases"]:
        if any(
            form in found or (len(form) >= 5 and form in squeezed) for form in group
        ):
            result.append(group[0])
    return result


def index_words(*texts: str | None) -> list[str]:
    """The words some texts are found by (readable; see :func:`segment_for_index`)."""
    result: list[str] = []
    for text in texts:
        if not text:
            continue
        text = normalise(text)
        found: list[str] = []
        for kind, piece in _pieces(text):
            if kind == "abbr":
                found.extend(_abbreviations(piece))
            elif kind == "thai":
                found.extend(_index_thai_run(piece))
            elif kind == "latin":
                found.extend(_latin_words(piece, query=False))
            else:
                found.append(piece)
        found.extend(_alias_words(text, found))
        result.extend(found)
    return result


def segment_for_index(*texts: str | None) -> str:
    """The indexed form of some texts: their words and pieces, encoded."""
    return " ".join(dict.fromkeys(encode(word) for word in index_words(*texts)))


# --- Queries -------------------------------------------------------------------------


def _is_dictionary_word(word: str) -> bool:
    return word in _dictionary() or word in _lexicon()["same"]


def query_terms(
    query: str, units: Iterable[tuple[int, str, str]] = ()
) -> list[list[tuple[str, ...]]]:
    """What a query asks for: a list of terms, all required; each term a list of
    alternatives, any of which will do; each alternative a tuple of tokens, all
    required. The first alternative of a term is its exact words.

    A term is what the visitor typed between two spaces. Its other alternatives
    are the alias of an abbreviation (``ITA`` ~ ``การประเมินคุณธรรมและความโปร่งใส``),
    the unit it names among ``units`` ((id, name, short name) rows: ``กลุ่มการเงิน``
    finds the items of กลุ่มบริหารงานการเงินและสินทรัพย์) and, unless it is one
    dictionary word spelt right, its words respelt as the dictionary spells
    them (``จัดซือ`` → จัดซื้อ, ``ประกาส`` → ประกาศ, ``นวัตกรม`` → นวัตกรรม).
    """
    query = normalise(str(query)[:MAX_QUERY_CHARS])
    lex = _lexicon()
    named = unit_alternatives(query, units) if units else {}
    terms: list[tuple[list[str], list[list[str]]]] = []
    for chunk in query.split():
        exact = words(chunk)
        if not exact:
            continue
        others: list[list[str]] = []
        spellings = [chunk]
        single = len(exact) == 1 and _is_dictionary_word(exact[0])
        if not single or _maybe_mistyped(exact[0]):
            respelt = _respelt_chunk(chunk)
            if respelt and words(respelt) != exact:
                spellings.append(respelt)
                others.append(words(respelt))
        for spelling in spellings:
            squeezed = spelling.replace(".", "")
            found = words(spelling)
            for group in lex["aliases"]:
                if squeezed in group or "".join(found) in group:
                    others.append([group[0]])
        for spelling in spellings[1:]:
            for tokens in unit_alternatives(spelling, units).values() if units else ():
                others.extend([f"={token}"] for token in tokens)
        others.extend([f"={token}"] for token in named.get(len(terms), ()))
        terms.append((exact, others))
    if None in named:  # the whole query is a unit's name, typed with spaces
        every = [w for exact, _others in terms for w in exact]
        terms = [(every, [[f"={token}"] for token in named[None]])]
    # Grammatical words are dropped when something else is asked for.
    every = [w for exact, _others in terms for w in exact]
    if any(w not in lex["stop"] for w in every):
        terms = [
            (
                [w for w in exact if w not in lex["stop"]],
                [[w for w in o if w not in lex["stop"]] for o in others],
            )
            for exact, others in terms
        ]
        terms = [(exact, others) for exact, others in terms if exact]
    result: list[list[tuple[str, ...]]] = []
    for exact, others in terms:
        alternatives = [tuple(dict.fromkeys(_token(w) for w in exact))]
        for other in others:
            tokens = tuple(dict.fromkeys(_token(w) for w in other))
            if tokens and tokens not in alternatives:
                alternatives.append(tokens)
        result.append(alternatives)
    return result


def _token(word: str) -> str:
    if word.startswith("="):  # already a token
        return word[1:]
    return encode(word)


def _respelt_chunk(chunk: str) -> str | None:
    """A term with its Thai runs spelt as the dictionary spells them (None when
    a run cannot be read as dictionary words)."""
    parts = []
    changed = False
    for kind, piece in _pieces(chunk):
        if kind == "thai":
            respelt = _respelt(piece)
            if respelt is None:
                return None
            changed = changed or respelt != piece
            parts.append(respelt)
        else:
            parts.append(piece)
    return " ".join(parts) if changed else None


@functools.lru_cache(maxsize=5_000)
def _respelt(thai: str) -> str | None:
    """A run of Thai letters perhaps mistyped, spelt as the dictionary's most
    frequent words of the same loose form: the whole run as one word, else one
    word with a letter more (a letter left out), else the fewest words covering
    it. None when it cannot be read so."""
    keys = _loose_dictionary()
    text = loose(thai)
    if text in keys:
        return keys[text][0]
    more = _one_letter_more(text)
    if more:
        return keys[more][0]
    pieces = _loose_pieces(text)
    if pieces is None:
        return None
    return "".join(keys[piece][0] for piece in pieces)


def _one_letter_more(text: str) -> str | None:
    """The most frequent loose form of a dictionary word that is ``text`` with
    one letter more (``นวตกรม`` → นวตกรรม: นวัตกรรม typed with one ร)."""
    if len(text) < 4:
        return None
    keys = _loose_dictionary()
    found = {
        text[:i] + ch + text[i:]
        for i in range(1, len(text) + 1)
        for ch in _loose_letters()
        if text[:i] + ch + text[i:] in keys
    }
    return max(found, key=lambda key: (keys[key][1], key)) if found else None


@functools.cache
def _loose_letters() -> frozenset[str]:
    return frozenset(ch for key in _loose_dictionary() for ch in key)


def _loose_pieces(text: str) -> list[str] | None:
    """The fewest loose dictionary forms covering a loose text (None if none)."""
    keys = _loose_dictionary()
    n = len(text)
    longest = max(map(len, keys))
    best = [0] + [n + 1] * n
    back = [0] * (n + 1)
    for i in range(n):
        if best[i] > n:
            continue
        for j in range(i + 1, min(n, i + longest) + 1):
            if text[i:j] in keys and best[i] + 1 < best[j]:
                best[j], back[j] = best[i] + 1, i
    if best[n] > n:
        return None
    pieces, j = [], n
    while j > 0:
        pieces.append(text[back[j] : j])
        j = back[j]
    return pieces[::-1]


def _maybe_mistyped(word: str) -> bool:
    """Whether a dictionary word typed alone is likely a mistyped more common
    word (``สถิต`` for ``สถิติ``): its loose form belongs to a word used five
    times as often in the Thai National Corpus."""
    best = _loose_dictionary().get(loose(word), ("", 0))
    return best[0] != word and best[1] >= 5 * max(_frequency().get(word, 0), 1)


def segment_query(query: str) -> str:
    """The exact words of a query, encoded, space-separated (every word
    required). Empty when nothing searchable is left."""
    tokens: dict[str, None] = {}
    for alternatives in query_terms(query):
        for token in alternatives[0]:
            tokens.setdefault(token, None)
    return " ".join(tokens)


def query_words(query: str) -> list[str]:
    """The words a query looks for, readable (for highlighting in snippets)."""
    return list(dict.fromkeys(words(str(query)[:MAX_QUERY_CHARS])))


#: A run of Thai script (letters, vowels, tone marks, Thai digits, ๆ).
_THAI_RUN = re.compile(r"[\u0e01-\u0e5b]+")


@functools.lru_cache(maxsize=2_000)
def _run_cuts(run: str) -> tuple[int, ...]:
    """Where newmm ends each word of a run of Thai, as offsets into the run."""
    from pythainlp.tokenize import word_tokenize

    offsets, at = [], 0
    for token in word_tokenize(run, engine="newmm", custom_dict=_dictionary()):
        at += len(token)
        offsets.append(at)
    return tuple(offsets) if at == len(run) else (len(run),)


def word_boundaries(text: str) -> list[int]:
    """The offsets at which ``text`` may be cut without cutting a word, in order:
    its ends, both sides of every space, where Thai script starts or stops, and
    between the Thai words newmm reads (Thai is written without spaces, so a cut
    anywhere else can leave half a word: "หรับสาธิต", "งบปร")."""
    cuts = {0, len(text)}
    for at, char in enumerate(text):
        if char.isspace():
            cuts.update((at, at + 1))
    for match in _THAI_RUN.finditer(text):
        start = match.start()
        cuts.add(start)
        cuts.update(start + offset for offset in _run_cuts(match.group()))
    return sorted(cuts)


# --- Units ---------------------------------------------------------------------------

#: What a unit's name starts with, left out in its short forms.
_UNIT_KINDS = ("กลุ่ม", "หน่วย", "งาน", "ฝ่าย")


def unit_token(unit_id: int) -> str:
    """The token a page owned by a unit is indexed under."""
    return f"y{unit_id}"


def _squeeze(text: str) -> str:
    return "".join(normalise(text).replace("ฯ", "").replace(".", "").split())


@functools.lru_cache(maxsize=1_000)
def unit_forms(name: str, short_name: str = "") -> frozenset[str]:
    """How people write a unit's name, spaces left out: its name and short name,
    without ``กลุ่ม``/``หน่วย``/``งาน``, the part before ``และ`` or a space, without
    ``บริหารงาน``, and ``กลุ่ม`` + that (``กลุ่มบริหารงานการเงินและสินทรัพย์`` →
    การเงินและสินทรัพย์, การเงิน, กลุ่มการเงิน ...)."""
    forms: set[str] = set()
    for written in (name, short_name):
        written = normalise(written).replace("ฯ", "").strip()
        if not written:
            continue
        kind = next((k for k in _UNIT_KINDS if written.startswith(k)), "")
        rest = written[len(kind) :].strip()
        head = re.split(r"\s|และ", rest, maxsplit=1)[0]
        core = head.removeprefix("บริหารงาน")
        for form in (written, rest, head, core):
            if form:
                forms.add(_squeeze(form))
                forms.add("กลุ่ม" + _squeeze(form))
                if kind:
                    forms.add(kind + _squeeze(form))
        squeezed = _squeeze(rest)
        if kind and _THAI_RUN.fullmatch(squeezed):
            # its first words (หน่วยตรวจสอบ for หน่วยตรวจสอบภายใน)
            ends, position = set(), 0
            for token in _newmm(squeezed):
                ends.update(position + cut for cut in _cuts(token))
                position += len(token)
                ends.add(position)
            forms.update(kind + squeezed[:end] for end in ends)
    return frozenset(f for f in forms if f not in _UNIT_KINDS)


@functools.lru_cache(maxsize=32)
def _unit_form_index(units: tuple[tuple[int, str, str], ...]) -> dict[str, list[str]]:
    forms: dict[str, list[str]] = {}
    for pk, name, short_name in units:
        for form in unit_forms(name, short_name or ""):
            forms.setdefault(form, []).append(unit_token(pk))
    return forms


def unit_alternatives(query: str, units: Iterable[tuple[int, str, str]]) -> dict:
    """The units a query names, by space-separated term (``None``: the whole
    query): ``{term index or None: [unit tokens]}``."""
    forms = _unit_form_index(tuple(tuple(row) for row in units))
    query = normalise(str(query)[:MAX_QUERY_CHARS])
    result: dict = {}
    whole = _squeeze(query)
    if whole in forms and len(query.split()) > 1:
        result[None] = forms[whole]
    for number, chunk in enumerate(c for c in query.split() if words(c)):
        if _squeeze(chunk) in forms:
            result[number] = forms[_squeeze(chunk)]
    return result


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
        text = segment_for_index(*self.search_source_texts())
        unit_id = getattr(self, "unit_id", None)
        return f"{text} {unit_token(unit_id)}" if unit_id else text

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


# --- Keeping the index in step -----------------------------------------------------

#: Pages of each type compared with their index entry by :func:`stale_models`.
STALE_SAMPLE = 20


def segmented_page_models() -> list[type]:
    """The page types indexing the segmented text."""
    from wagtail.models import get_page_models

    return [m for m in get_page_models() if model_is_segmented(m)]


def stale_models(sample: int = STALE_SAMPLE) -> list[type]:
    """The segmented page types whose index holds words cut otherwise than this
    module cuts them now (an upgrade changed the segmentation or the lexicon):
    the newest ``sample`` pages of each are compared with their index entry."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from modelsearch.conf import get_app_config

    entries = get_app_config().get_model("IndexEntry")._default_manager
    column = "body_text" if connection.vendor == "postgresql" else "body"
    stale = []
    for model in segmented_page_models():
        pages = list(model.objects.order_by("-pk")[:sample])
        if not pages:
            continue
        content_type = ContentType.objects.get_for_model(model)
        stored = dict(
            entries.filter(
                content_type=content_type,
                object_id__in=[str(page.pk) for page in pages],
            ).values_list("object_id", column)
        )
        if any(
            page.search_text_th() not in (stored.get(str(page.pk)) or "")
            for page in pages
        ):
            stale.append(model)
    return stale


def reindex(models: Iterable[type], chunk: int = 500) -> int:
    """Index every page of these types again; how many pages were."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    count = 0
    for model in models:
        queryset = model.objects.order_by("pk")
        for start in range(0, queryset.count(), chunk):
            pages = list(queryset[start : start + chunk])
            backend.add_bulk(model, pages)
            count += len(pages)
    return count


# --- The search backend -----------------------------------------------------------


def query_tree(terms: list[list[tuple[str, ...]]], *, exact_only: bool = False):
    """The modelsearch query of :func:`query_terms`' terms (None when empty):
    an ``And`` of the terms, each an ``Or`` of its alternatives."""
    from modelsearch.query import And, Or, PlainText

    required = []
    for alternatives in terms:
        chosen = alternatives[:1] if exact_only else alternatives
        options = [PlainText(" ".join(t), operator="and") for t in chosen if t]
        if options:
            required.append(options[0] if len(options) == 1 else Or(options))
    if not required:
        return None
    return required[0] if len(required) == 1 else And(required)


class SegmentedQuery:
    """Marker: a query already segmented by :func:`query_tree` (searched as is)."""

    def __init__(self, tree):
        self.tree = tree


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
        from wagtail.models import Page

        model = (
            model_or_queryset.model
            if isinstance(model_or_queryset, QuerySet)
            else model_or_queryset
        )
        if isinstance(query, SegmentedQuery):
            if query.tree is None:
                return EmptySearchResults()
            query = query.tree
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
            segmented = query_tree(query_terms(text))
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


def search_pages(
    queryset,
    query: str,
    *,
    units: Iterable[tuple[int, str, str]] = (),
    order_by: tuple[str, ...] = ("-first_published_at", "-pk"),
):
    """Search a page queryset on the segmented text (the public search), ranked.

    Pages whose title holds every exact word of the query come first, then pages
    holding them anywhere, then pages found only through a respelling, an alias
    or their unit; ``order_by`` within each. The rank is a ``CASE`` over one
    subquery per level in the same SQL statement, never a query per result (the database
    backend's own relevance ranking runs a full-text subquery for every match on
    SQLite: seconds for a common word over 10,000 items).

    ``units`` are the office's units as (id, name, short name) rows, so that a query
    naming a unit finds its pages; the caller reads them (the Thai layer knows no
    model of the project's apps).
    """
    from django.db.models import Case, IntegerField, Value, When
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    terms = query_terms(query, units=list(units))
    tree = query_tree(terms)
    if not isinstance(backend, ThaiQueryMixin):
        if tree is None:
            return queryset.none()
        return backend.search(tree, queryset.order_by(*order_by))
    if tree is not None:
        exact = query_tree(terms, exact_only=True)
        levels = [When(pk__in=_matching_pages(backend, exact, title=True), then=0)]
        if repr(exact) != repr(tree):
            levels.append(
                When(pk__in=_matching_pages(backend, exact, title=False), then=1)
            )
        rank = Case(*levels, default=Value(len(levels)), output_field=IntegerField())
        queryset = queryset.order_by(rank.asc(), *order_by)
    return backend.search(SegmentedQuery(tree), queryset, order_by_relevance=False)


@functools.cache
def _exact_compiler(base: type) -> type:
    """A backend's query compiler with no prefix matching on the last word."""
    return type(f"Exact{base.__name__}", (base,), {"LAST_TERM_IS_PREFIX": False})


def _matching_pages(backend, tree, *, title: bool):
    """A subquery of the ids of the pages matching a segmented query tree: in
    their segmented title (the autocomplete column) or anywhere."""
    from wagtail.models import Page

    base = (
        backend.autocomplete_query_compiler_class
        if title
        else backend.query_compiler_class
    )
    compiler = _exact_compiler(base)(Page.objects.all(), tree, order_by_relevance=False)
    return backend.results_class(backend, compiler).get_queryset().values("pk")
