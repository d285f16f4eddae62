"""Understanding a question: what it asks (intent, kind, fact type), about what, for which line.

General rules only. Kinds of items and their cue words are data (``ingest/data/kinds.toml``); the
cues for what kind of fact is asked (an amount, a date, ...) too (``data/cues.toml``).
Which words name the topic is decided against the documents: a content word is a topic
word when the documents contain it in some form (``chatbot.lexicon``: inflection, compounds,
diminutives, a typo); other words are phrasing, and the embedder weighs meaning. English questions keep their words (the
multilingual embedder reads them) and add Dutch translations from a general vocabulary.
Follow-up questions take the ambition line (and, for elliptic questions, the intent) from
the chat history.
"""

from __future__ import annotations

import html
import re
import tomllib
from enum import StrEnum
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any
from importlib.resources import files

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from chatbot.lexicon import Lexicon, common_prefix, function_words, typed_compound
from chatbot.parts import PartRef, asked_part_label, asked_which_part, find_item_number, find_part_reference
from chatbot.quotes import clean_wording, main_quotation, rest_after
from chatbot.values import names_role
from chatbot.linerefs import NUMBERS, ORDINALS, find_line_reference, find_line_references, line_word, tokens
from ingest.kinds import exact_kind, kinds
from ingest.lexical import fold

class Intent(StrEnum):
    """What a question asks for; each has one answer path (``chatbot.paths``)."""

    LIST = "list"  # all items of a kind (of a line or part, or of all), or one by its place or number
    COUNT = "count"
    TOPIC = "topic"  # every item about a topic ("Wat doet de provincie voor toerisme?")
    WHICH_LINE = "which_line"  # which line or part something belongs to
    LINE_TITLE = "line_title"
    LINES = "lines"  # the ambition lines themselves ("Welke ambitielijnen zijn er?")
    VERBATIM = "verbatim"
    NAMES = "names"  # what the documents mention by name ("Welke regio's worden bij naam genoemd?")
    PARTS = "parts"  # the labelled parts of a plan ("Welke OD's vallen onder SD3?")
    FACTUAL = "factual"


INTENT_LIST, INTENT_COUNT, INTENT_TOPIC = Intent.LIST, Intent.COUNT, Intent.TOPIC
INTENT_WHICH_LINE, INTENT_LINE_TITLE, INTENT_LINES = Intent.WHICH_LINE, Intent.LINE_TITLE, Intent.LINES
INTENT_VERBATIM, INTENT_NAMES, INTENT_PARTS, INTENT_FACTUAL = Intent.VERBATIM, Intent.NAMES, Intent.PARTS, Intent.FACTUAL

# Package data (importlib.resources): found in a checkout and in an installed wheel alike.
DATA = files("chatbot") / "data"
TAGS = re.compile(r"<[^>]{0,200}>")
SCRIPTS = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
YEAR = re.compile(r"^(19|20)\d\d$")
QUESTION_WORDS = frozenset("welk welke wat wie waar wanneer waarom hoe hoeveel waarop waarover waarmee which what who where when why how".split())


ACRONYM = re.compile(r"\b[A-Z]{2}\b")
# A capitalised word after another word (not at the start of a sentence).
NAME = re.compile(r"(?<=[\w,;:)]\s)[A-Z][\w’'-]+")
# A name after a definite article ("de UHasselt", "het Provinciehuis"): a named thing the question
# is about. Places and persons take no article ("in Maaseik"), and a region after a preposition of
# place is where, not what ("toerisme in de Kempen"); a clause in the first person is the asker's
# own situation ("ik werk bij de VDAB"), not what is asked. Capitalised words before a noun
# describe it ("de Waalse regio"). English capitalises more than names ("the Flemish government"),
# so only Dutch questions are read this way.
ARTICLE_NAME = re.compile(r"(?:(\w+)\s+)?\b(?i:de|het)\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)(?:\s+([a-z][\w’'-]*))?")
FIRST_PERSON = frozenset("ik me mij mijn we wij ons onze".split())
APPOSITION = re.compile(r"(?:(\w+)\s+)?\b(?i:de|het)\s+[a-z][\w’'-]+\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)(?:\s+([a-z][\w’'-]*))?")
PLACE_PREPOSITIONS = frozenset("in uit naar rond richting buiten binnen doorheen".split())
CLAUSE = re.compile(r"[^.,;:!?]+")
LAST = frozenset(("laatste", "last"))
# Words that ask which one of a class of things is meant ("Welke politicus ...?").
WHICH = frozenset(("welke", "welk", "which"))
# A cue word of a kind is recognised with one typing error from this length on.
TYPO_MIN_CHARS = 5


@lru_cache(maxsize=1)
def cues() -> dict:
    with (DATA / "cues.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    compiled: dict[str, Any] = {"asks": [(kind, _phrases(words)) for kind, words in raw["asks"].items()]}
    # Per asked type, the words of its cues ("streefwaarde", "budget"): what is asked, not its subject.
    compiled["ask_words"] = {kind: frozenset(w for ph in words for w in fold(ph).split()) for kind, words in raw["asks"].items()}
    for section in ("title", "all", "count", "most", "least", "self"):
        compiled[section] = frozenset(fold(w) for w in raw[section]["words"])
    compiled["organisation_nouns"] = frozenset(fold(w) for w in raw["organisation"]["nouns"])
    compiled["place_nouns"] = frozenset(fold(w) for w in raw["place"]["nouns"])
    compiled["belongs"] = frozenset(fold(w) for w in raw["belongs"]["verbs"])
    compiled["amount_nouns"] = frozenset(fold(w) for w in raw["amounts"]["nouns"])
    compiled["goal_nouns"] = frozenset(fold(w) for w in raw["goal"]["nouns"])
    compiled["goal_quantities"] = _phrases(raw["goal"]["quantities"])
    # The goal noun of a target question is what is asked, not its subject.
    compiled["ask_words"]["target"] = compiled["ask_words"]["target"] | compiled["goal_nouns"]
    compiled["extreme"] = {side: frozenset(fold(w) for w in raw["extreme"][side]) for side in ("most", "least")}
    compiled["verbatim"] = _phrases(raw["verbatim"]["phrases"])
    compiled["verbatim_check"] = _phrases(raw["verbatim"]["check"])
    compiled["wording"] = frozenset(fold(w) for w in raw["verbatim"]["wording"])
    verbatim = raw["verbatim"]
    lead = _alternatives(verbatim["lead"])
    compiled["verbatim_lead"] = re.compile(
        rf"\b{lead}\b\s*(?:{_alternatives(verbatim['lead_place'])}\s*)?(?:\b{_alternatives(verbatim['lead_conjunction'])}\b|:)\s+",
        re.IGNORECASE)
    compiled["verbatim_between"] = re.compile(rf"^\s*{_alternatives(verbatim['lead_verbs'])}\s+(.+?)\s+{lead}\b", re.IGNORECASE)
    followup = raw["followup"]
    compiled["followup"] = re.compile(r"^(" + "|".join(re.escape(fold(w)) for w in followup["openings"]) + r")\b|"
                                      + _phrases(followup["words"]).pattern)
    compiled["pointers"] = _phrases(followup["words"])
    compiled["names"] = _phrases(raw["names"]["phrases"])
    compiled["name_words"] = frozenset(fold(w) for ph in raw["names"]["phrases"] for w in ph.split()) - function_words()
    compiled["definition"] = re.compile(r"^(" + "|".join(re.escape(fold(w)) for w in raw["definition"]["phrases"]) + r")\b")
    return compiled


def _alternatives(words: list[str]) -> str:
    """A regular-expression group of the phrases, longest first, white space as any run of it."""
    return "(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True)) + ")"


def _phrases(words: list[str]) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=1)
def english_lexicon() -> dict[str, tuple[str, ...]]:
    """A general English-Dutch policy vocabulary: English word -> Dutch words (``data/en_nl.tsv``)."""
    lexicon: dict[str, tuple[str, ...]] = {}
    for line in (DATA / "en_nl.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, dutch = line.partition("\t")
        lexicon[fold(english.strip())] = tuple(fold(d.strip()) for d in dutch.split(",") if d.strip())
    return lexicon


def kind_of(token: str, lexicon: Lexicon | None = None, present: frozenset[str] | None = None) -> tuple[str | None, bool]:
    """(kind, plural) a token names: a cue word itself, or a compound with a cue as its head.

    Dutch compounds take the meaning of their head: "voorbeeldacties" are actions, when the
    modifier is a word of its own ("voorbeeld"; not "trans" of "transacties").
    """
    exact = exact_kind(token)
    if exact[0] is not None:
        return exact
    for kind in kinds().values():
        for cue, plural in [(c, True) for c in kind.plural] + [(c, False) for c in kind.singular]:
            if len(cue) >= 5 and token.endswith(cue) and len(token) - len(cue) >= 4:
                modifier = token[: -len(cue)]
                # A compound names a kind the documents have items of; else it is a topic word
                # ("innovatieprojecten" in a corpus without project descriptions).
                if present is not None and kind.name not in present:
                    continue
                if lexicon is None or lexicon.is_word(modifier) or lexicon.is_word(modifier.rstrip("s")):
                    return kind.name, plural
    if lexicon is not None and len(token) >= TYPO_MIN_CHARS and not lexicon.is_word(token) and token not in function_words():
        # One typing error in a cue ("akties", "projekten"), for a word the documents do not
        # have themselves; the first letter is taken as typed.
        word, apostrophe = (token[:-2], True) if token.endswith("'s") else (token, False)
        for kind in kinds().values():
            for cue, plural in [(c, True) for c in kind.plural] + [(c, False) for c in kind.singular]:
                if len(cue) >= TYPO_MIN_CHARS and cue[0] == word[0] and Levenshtein.distance(word, cue, score_cutoff=1) <= 1:
                    return kind.name, plural or apostrophe
    return None, False


@dataclass(frozen=True)
class Understanding:
    question: str  # cleaned question text (tags removed, white space collapsed)
    intent: str
    kind: str | None = None  # a name from ingest/data/kinds.toml
    plural: bool = False  # asks for several items ("acties", "KPI's")
    position: int | None = None  # one item by its place in the list: 1, 2, ...; -1 the last ("de derde actie")
    ambitielijn: int | None = None
    other_lines: tuple[int, ...] = ()  # further lines named in the same question
    all_lines: bool = False  # "in totaal", "de drie ambitielijnen"
    line_from: str | None = None  # "question" | "title" | "history"
    asks_for: str | None = None  # percent | money | period | date | person | place | number
    counted: str | None = None  # what "hoeveel X" counts (folded X)
    counted_words: tuple[str, ...] = ()  # the words of that noun phrase ("extra sociale woningen")
    numbers: tuple[str, ...] = ()  # numbers and years the question names (not line numbers)
    terms: tuple[str, ...] = ()  # folded content words (Dutch; English ones with their translations)
    known: tuple[str, ...] = ()  # the terms the documents contain (topic words)
    unknown: tuple[str, ...] = ()  # content words the documents lack
    names: tuple[str, ...] = ()  # of those, the ones written as a name ("Corda Campus", "VOKA")
    subjects: tuple[str, ...] = ()  # of those, the names the question is about ("de UHasselt"), as written
    label: str = ""  # the content words as the user wrote them (before translation)
    phrase: str | None = None  # the sentence to check, for verbatim questions
    compare: str | None = None  # most | least: compares the lines by their items ("welke lijn heeft de meeste acties")
    definition: bool = False  # asks what one thing is ("Wat is de extended gateway?")
    followup: bool = False
    english: bool = False
    part: str | None = None  # a labelled part below the top level the question names ("OD 2.3"), as written
    number: str | None = None  # an item's number ("actie 3.5" -> "3.5", "maatregel 2" -> "2")
    parts_of: str | None = None  # asks for the labelled parts with this label ("welke OD's" -> "od")
    which_part: str | None = None  # asks which part of this label something belongs to ("onder welke OD")
    field: str | None = None  # with asks_for "field": the field the question asks for ("looptijd")
    organisation: str | None = None  # the noun of a "welke bedrijven" question (asks_for "organisation")
    extreme: str | None = None  # most | least: the highest or lowest value of the asked type ("het grootste budget")
    counting: bool = False  # asks how many ("hoeveel", "aantal", "how many")

    @property
    def topic_terms(self) -> tuple[str, ...]:
        return self.known

    @property
    def topic_label(self) -> str:
        """The topic in the user's own words."""
        return self.label or " ".join(self.known or self.terms)

    @property
    def search_text(self) -> str:
        """The question for retrieval; English questions also carry their Dutch topic words, and a
        follow-up the topic it takes from the question before ("En voor ambitielijn 2?")."""
        if self.english or self.followup:
            extra = [t for t in self.known if t not in fold(self.question)]
            if extra:
                return f"{self.question} {' '.join(extra)}"
        return self.question


def clean_question(text: str) -> str:
    """Strip markup and control characters; the result is only ever used as text."""
    text = html.unescape(TAGS.sub(" ", SCRIPTS.sub(" ", text or "")))
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _language_markers() -> tuple[frozenset[str], frozenset[str]]:
    """(English, Dutch) grammar words that are not also words of the other language.

    bm25s's stop words of each language plus the question words; a word both languages
    write ("is", "of", "in") tells nothing.
    """
    from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

    english = {"which", "what", "who", "where", "when", "why", "how", "the", "are", "does", "do", "there", "will", "be",
               "for", "and"} | set(STOPWORDS_EN)
    dutch = {"welke", "wat", "wie", "waar", "wanneer", "waarom", "hoe", "de", "het", "een", "zijn", "van", "er", "en",
             "voor", "ik"} | set(STOPWORDS_DUTCH)
    return frozenset(english - dutch), frozenset(dutch - english)


def _is_english(toks: list[str]) -> bool:
    english, dutch = _language_markers()
    return sum(t in english for t in toks) > sum(t in dutch for t in toks)


def _asks_for(folded: str) -> str | None:
    for kind, pattern in cues()["asks"]:
        if pattern.search(folded):
            return kind
    return None


def _counted_words(toks: list[str], skip: set[int]) -> tuple[str, ...]:
    """The content words right after "hoeveel"/"how many" (at most three): the noun phrase it counts,
    adjectives included ("hoeveel extra sociale woningen")."""
    fw = function_words()
    for i, tok in enumerate(toks):
        if tok in ("hoeveel", "many", "aantal"):
            out: list[str] = []
            for j in range(i + 1, min(len(toks), i + 4)):
                if j in skip or toks[j] in fw or toks[j].isdigit() or len(toks[j]) < 3:
                    if out:
                        break
                    continue
                out.append(toks[j])
            return tuple(out)
    return ()


def _organisation_noun(toks: list[str], nouns: frozenset[str]) -> str | None:
    """The noun after "welke"/"which" (a number word between allowed) when it names organisations."""
    for i, tok in enumerate(toks[:-1]):
        if tok in ("welke", "welk", "which", "what"):
            # "welke bedrijven", "welke twee partners", "welke sociale onderneming"
            for nxt in toks[i + 1 : i + 3]:
                if nxt in nouns:
                    return nxt
    return None


# Words that open a subject after a verb: "hoeveel trekt DE provincie uit", "hoeveel bespaar JE".
_SUBJECT_OPENERS = frozenset("de het een je jij ik we wij u men ze zij hij er jullie".split())


# Auxiliary and modal verbs: with one earlier in a clause, its last word is a verb ("wil de provincie halen").
_AUXILIARIES = frozenset("""wil wilt willen moet moeten kan kun kunt kunnen zal zult zullen mag mogen gaat gaan wordt worden
is zijn was waren heeft hebben had hadden""".split())
_VERB_FORM = re.compile(r"^(?:[a-z]{3,}en|[a-z]{0,6}ge[a-z]{3,}[dt]|(?:be|ver|ont|her)[a-z]{3,}[dt])$")


def verb_words(text: str) -> frozenset[str]:
    """The question's verbs, found by Dutch word order: the finite verb right after the question's
    opening phrase when a subject follows it ("hoeveel geld TREKT de provincie uit"), and a clause's last
    word after an auxiliary or modal ("hoeveel hectare wil de provincie HALEN tegen 2032", "zijn er …
    VERDWENEN"). What is asked of something, not what it is."""
    fw = function_words()
    out: set[str] = set()
    for clause in re.split(r"[,;:?!.]|\b(?:en|of|als|maar|dat|die|omdat|zodat)\b", fold(text)):
        toks = tokens(clause)
        if not toks:
            continue
        q = next((i for i, t in enumerate(toks) if t in QUESTION_WORDS), None)
        if q is not None:
            for j in range(q + 1, min(len(toks) - 1, q + 4)):
                if toks[j + 1] in _SUBJECT_OPENERS and toks[j] not in fw and toks[j] not in _SUBJECT_OPENERS:
                    out.add(toks[j])
                    break
        aux = next((i for i, t in enumerate(toks) if t in _AUXILIARIES), None)
        if aux is not None:
            # From the clause's end, past phrases after the verb ("in Zandkempen", "tegen 2032").
            for k in range(len(toks) - 1, aux + 1, -1):
                t, before = toks[k], toks[k - 1]
                if t in fw or t.isdigit():
                    continue
                if before in _DETERMINERS or before in _PREPOSITIONS:
                    continue
                if _VERB_FORM.match(t):
                    out.add(t)
                break
    return frozenset(out)


_PREPOSITIONS = frozenset("in op aan van voor met naar bij uit over tegen tot door onder tussen rond sinds vanaf per zonder".split())


def _verb_after(toks: list[str], i: int) -> bool:
    """Whether the word after "hoeveel" at ``i`` is a verb: a subject follows it ("hoeveel kan ik …")."""
    return i + 2 < len(toks) and toks[i + 2] in _SUBJECT_OPENERS


def _counted(toks: list[str], skip: set[int]) -> str | None:
    """What "hoeveel X" / "how many X" counts: the first content word after the cue (none when a verb
    follows the cue: "hoeveel trekt de provincie uit" asks a quantity, not a count of something)."""
    fw = function_words()
    for i, tok in enumerate(toks):
        if tok in ("hoeveel", "many", "aantal"):
            if tok == "hoeveel" and _verb_after(toks, i):
                return None
            for j in range(i + 1, min(len(toks), i + 4)):
                if j not in skip and toks[j] not in fw and not toks[j].isdigit() and len(toks[j]) >= 3:
                    return toks[j]
            return None
    return None


# Several words: a quoted text this long, in a yes/no question or with a check word, is a text to check.
CHECK_MIN_WORDS = 3
# Words that stand for the text instead of being it ("Staat dit letterlijk in de tekst?").
POINTING = frozenset("er dit dat het deze die it this that".split())
_SEPARATOR = re.compile(r"[:?]\s+(?=\S)")


def _verbatim_phrase(text: str, folded: str) -> str | None:
    """The wording to check, or None when the question is no check (``data/cues.toml``, ``[verbatim]``).

    A quoted text (``chatbot.quotes``: nested and mixed quotation marks) is checked with a
    verbatim cue ("letterlijk"), or when it has several words and the question asks whether it
    is right (a check word: "citaat", "correct overgenomen", "in de tekst") or is a yes/no
    question ("Klopt 'X Y Z'?"; with a question word before it, "Welke KPI's staan onder 'X'?",
    it names something instead). Without quotation marks: the rest of the sentence after
    "letterlijk (dat)" or after a colon or question mark that follows a cue ("Klopt dit citaat: ...").
    A cue in a question that gives no text ("Geef de letterlijke formulering van ...") asks for
    the wording of something: no check.
    """
    c = cues()
    strong = c["verbatim"].search(folded)
    check = c["verbatim_check"].search(folded)
    quote = main_quotation(text)
    if quote is not None:
        return _quoted_wording(text, quote, bool(strong), bool(check))
    if not (strong or check):
        return None
    return _unquoted_wording(text, (strong or check).start(), bool(strong))


def _quoted_wording(text: str, quote, strong: bool, check: bool) -> str | None:
    """The quoted text to check, when the question asks for a check of it (``_verbatim_phrase``)."""
    wording = clean_wording(quote.text)
    words = len(wording.split())
    # "Bij welke lijn hoort 'X Y Z'?": a question word before the quotation asks about what it names.
    yes_no = not any(t in QUESTION_WORDS for t in tokens(text[: quote.start]))
    # A mark never closed ("Zijn er acties voor 'slimme mobiliteit in de stad?") quotes to the end
    # of the question: a check only when the question says so.
    if wording and (strong or (words >= CHECK_MIN_WORDS and (check or (yes_no and quote.closed)))):
        return wording
    return None


def _unquoted_wording(text: str, cue: int, strong: bool) -> str | None:
    """The text to check without quotation marks: after "letterlijk (dat)", after a separator that follows
    the cue at ``cue``, or between a strong cue and its end (``_verbatim_phrase``)."""
    c = cues()
    m = c["verbatim_lead"].search(text)
    if m:
        wording = rest_after(text, m.end())
        return wording if len(wording.split()) >= 2 else None
    for sep in _SEPARATOR.finditer(text):
        # "Klopt dit citaat: ...", "Is deze zin correct overgenomen? ...": a yes/no question before
        # the text ("Wat is de precieze formulering? Ik zoek ..." asks something else).
        before = text[: sep.start()]
        if len(fold(before)) >= cue and not any(t in QUESTION_WORDS for t in tokens(before)):
            wording = rest_after(text, sep.end())
            return wording if len(wording.split()) >= CHECK_MIN_WORDS else None
    m = c["verbatim_between"].search(text) if strong else None
    if m and len(m.group(1).split()) >= 2 and fold(m.group(1).split()[0]) not in POINTING:
        return clean_wording(m.group(1))
    return None


@dataclass(frozen=True)
class Grounding:
    """What understanding knows of the documents (built once per index version)."""

    line_titles: dict[int, str] = field(default_factory=dict)
    lexicon: Lexicon | None = None  # which words the documents contain, in which forms
    domain: frozenset[str] = frozenset()  # words that name the whole domain: a strategy's title
    framing: dict[str, frozenset[str]] = field(default_factory=dict)  # per kind: words of the headings over its lists
    # Whether a word names a kind of person ("politicus", "minister"): by meaning (the embedder).
    person_like: Callable[[str], bool] | None = None
    parts: tuple[PartRef, ...] = ()  # the labelled parts of the plans ("SD3", "OD 2.3")
    kinds_present: frozenset[str] | None = None  # the kinds the documents have items of (None: unknown)
    field_labels: frozenset[str] = frozenset()  # labels of the documents' fields and table columns ("budget", "looptijd")
    own_kinds: dict[str, tuple[str, bool]] = field(default_factory=dict)  # a plan's own word for a kind ("ingrepen" -> ("actie", True))


@dataclass(frozen=True)
class References:
    """The lines, parts and item numbers a question names, and the token positions they use."""

    line: int | None = None
    all_lines: bool = False
    line_from: str | None = None
    lines_named: tuple[int, ...] = ()
    part_ref: PartRef | None = None
    number: str | None = None
    which_part: str | None = None
    used: frozenset[int] = frozenset()

    @property
    def part(self) -> str | None:
        """A part below the top level, as written ("OD 2.3"); a top-level part is the line."""
        return self.part_ref.label if self.part_ref is not None and self.part_ref.level > 1 else None


def extract_references(text: str, toks: list[str], g: Grounding) -> References:
    """Line references ("ambitielijn 2"), a plan's parts ("OD 2.3"), item numbers ("actie 3.5")."""
    line, all_lines, used = find_line_reference(text)
    line_from = "question" if line is not None else None
    lines_named = find_line_references(text)
    item_words = frozenset().union(*(k.cues for k in kinds().values()))
    part_ref, part_used = find_part_reference(text, g.parts, item_words)
    if part_ref is not None and line is None and part_ref.line is not None:
        line, line_from = int(part_ref.line), "question"
    number, number_used = find_item_number(text, item_words)
    which_part, which_used = asked_which_part(toks, g.parts)
    if part_ref is not None and which_part == part_ref.key:
        which_part, which_used = None, set()  # "welke OD is OD 2.3": the part itself, not one above it
    used = used | part_used | number_used | which_used
    if len(lines_named) > 1:
        used |= {i for i, t in enumerate(toks) if (t.isdigit() and int(t) in lines_named) or (t in NUMBERS and NUMBERS[t] in lines_named)}
    if line is None and any(t in cues()["all"] for t in toks):
        all_lines = True
    return References(line, all_lines, line_from, lines_named, part_ref, number, which_part, frozenset(used))


@dataclass(frozen=True)
class KindRef:
    """The kind of item a question names, in the plural or not, and one item by its place ("de derde actie")."""

    kind: str | None = None
    plural: bool = False
    position: int | None = None
    used: frozenset[int] = frozenset()
    compound: bool = False  # named only as the head of a compound ("cohousingprojecten")


def extract_kind(toks: list[str], used: frozenset[int], g: Grounding) -> KindRef:
    kind, plural, position, mine, compound = None, False, None, set(), True
    for i, tok in enumerate(toks):
        k, p = kind_of(tok, g.lexicon, g.kinds_present)
        if k is None and tok in g.own_kinds:
            k, p = g.own_kinds[tok]  # "ingrepen", "ingreep": the plan's own word for its actions
        if k is not None and kind in (None, k):
            kind, plural = k, plural or p
            compound = compound and tok.replace("'s", "") not in kinds()[k].cues and tok not in kinds()[k].cues and tok not in g.own_kinds
            mine.add(i)
            # "de derde actie", "the last KPI": one item by its place in the list.
            before = toks[i - 1] if i > 0 and i - 1 not in used | mine else None
            if not p and before is not None and (before in ORDINALS or before in LAST):
                position = -1 if before in LAST else ORDINALS[before]
                mine.add(i - 1)
    return KindRef(kind, plural, position, frozenset(mine), compound and kind is not None)


@dataclass(frozen=True)
class Asked:
    """The type of value a question asks for (``chatbot.values.TYPES``, "field"), and what it counts."""

    asks: str | None = None
    counted: str | None = None
    counted_words: tuple[str, ...] = ()
    organisation: str | None = None  # the noun of "welke bedrijven"
    field: str | None = None  # the field or column asked for ("looptijd")


def extract_asked(folded: str, toks: list[str], used: frozenset[int], lexicon: Lexicon | None) -> Asked:
    """The asked type by its cue words ("hoeveel kost", "wanneer", "welke bedrijven")."""
    c = cues()
    asks = _asks_for(folded)
    counted = _counted(toks, set(used)) if asks == "number" else None
    counted_words = _counted_words(toks, set(used)) if counted is not None else ()
    for value_kind in ("money", "percent"):
        if set(counted_words) & c["ask_words"][value_kind]:
            # "Hoeveel Europees geld …?": how much money, not a count of things.
            asks, counted, counted_words = value_kind, None, ()
    organisation = _organisation_noun(toks, c["organisation_nouns"])
    if organisation is not None and asks is None:
        asks = "organisation"
    if asks is None and _organisation_noun(toks, c["place_nouns"]) is not None:
        asks = "place"  # "welke gemeenten": their names
    if counted is not None and kind_of(counted, lexicon)[0] is not None:
        counted = None  # "hoeveel acties": a count of items, answered from the structure
    return Asked(asks, counted, counted_words, organisation if asks == "organisation" else None)


def refine_asked(asked: Asked, toks: list[str], terms: Terms, g: Grounding) -> Asked:
    """What the documents tell of the asked type: "welke politicus" asks for a person (by meaning),
    "de looptijd" for a field the documents give things."""
    if asked.asks is None and g.person_like is not None:
        # "Welke politicus heeft ...?" asks for a person, as "Wie ...?" does, when the documents
        # do not use the word: then they can name no such person.
        noun = _asked_noun(toks, terms.known, terms.unknown)
        if noun is not None and noun not in terms.names and g.person_like(noun):
            return replace(asked, asks="person")
        # "Welke wethouder is verantwoordelijk …?": a role of a person, also when the documents use the word.
        which = next((toks[i + 1] for i, t in enumerate(toks[:-1]) if t in WHICH), None)
        if which is not None and names_role(which):
            return replace(asked, asks="person")
        # "Hoe heet de gedeputeerde …?": the name of a person the question names by role.
        named = _named_noun(toks)
        if named is not None and named not in terms.names and g.person_like(named):
            return replace(asked, asks="person")
    if asked.asks in (None, "number", "percent") and _asks_goal_value(toks):
        # "Wat is het doel voor het aantal gebruikers in 2030?": a value to reach, not a purpose.
        return replace(asked, asks="target")
    if asked.asks is None and g.field_labels:
        # "Wat is de looptijd van …?": a word that labels a field or a table column in the documents.
        # Only the word asked for ("wie zijn de partners", "wat is de looptijd"), not any word of the question
        # ("ik heb geen opvolger voor mijn bedrijf" is no question for the field "Deelnemende bedrijven").
        head = _asked_head(toks)
        field = head if (head in terms.known and any(same_word(head, f) for f in g.field_labels)) or (
            head is not None and any(typed_compound(head, f) for f in g.field_labels)) else None
        if field is not None:
            return replace(asked, asks="field", field=field)
    return asked


_FUTURE_YEAR_TOKEN = re.compile(r"^20[2-9]\d$")


def _asks_goal_value(toks: list[str]) -> bool:
    """"Wat is het doel voor het aantal … in 2030?": "wat" asks for a goal noun, and the question names a
    quantity or a year to come; "wat is het doel van actie 3" asks a purpose."""
    if not toks or toks[0] not in ("wat", "what") or _asked_head(toks) not in cues()["goal_nouns"]:
        return False
    return bool(cues()["goal_quantities"].search(" ".join(toks))) or any(_FUTURE_YEAR_TOKEN.match(t) for t in toks)


def _without(terms: Terms, drop: list[str]) -> Terms:
    """Terms without some words."""
    def kept(words: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(t for t in words if t not in drop)

    return Terms(kept(terms.terms), kept(terms.own_words), kept(terms.known), kept(terms.unknown), kept(terms.names), terms.subjects)


# Adjectives of measure after "hoe" ("hoe groot is de bijdrage"): they ask the size of what follows.
_MEASURE = frozenset({"groot", "hoog", "laag", "lang", "kort", "veel", "duur", "breed", "klein", "zwaar", "oud", "big", "large",
                      "high", "long"})


def _asked_head(toks: list[str]) -> str | None:
    """The first content word after the question's first question word ("wat is de looptijd" -> looptijd;
    "hoe groot is de bijdrage" -> bijdrage)."""
    fw = function_words()
    for i, tok in enumerate(toks):
        if tok in QUESTION_WORDS:
            return next((t for t in toks[i + 1 : i + 5] if t not in fw and not t.isdigit()
                         and not (tok == "hoe" and t in _MEASURE)), None)
    return None


@dataclass(frozen=True)
class Terms:
    """The content words of a question: all, those the documents have (topic words), the rest, names."""

    terms: tuple[str, ...] = ()
    own_words: tuple[str, ...] = ()  # as the user wrote them (before translation)
    known: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()


def extract_terms(text: str, toks: list[str], used: frozenset[int], kind: str | None, english: bool, g: Grounding,
                  drop: frozenset[str] = frozenset()) -> Terms:
    """Content words: not grammar, not cue words, not the domain's own name, and for a question about
    a kind of item not the words of the headings over such lists; ``drop``: words that are phrasing here."""
    c = cues()
    skip = (function_words() | c["all"] | c["count"] | c["self"] | c["wording"] | c["extreme"]["most"] | c["extreme"]["least"]
            | ORDINALS.keys() | LAST | g.framing.get(kind or "", frozenset()))
    acronyms = {fold(a) for a in ACRONYM.findall(text)}  # two-letter words are grammar, unless an acronym ("AI")
    terms = [t for i, t in enumerate(toks) if i not in used and not t.isdigit() and (len(t) >= 3 or t in acronyms)
             and t not in skip and not line_word(t)
             and not any(inflected(t, d) or (len(t) >= 4 and d.endswith(t)) for d in g.domain)]  # "visie": "plattelandsvisie"
    for joined, parts in _hyphenated(text):  # "start-ups": one word when the documents know it so
        if g.lexicon is not None and g.lexicon.match(joined).known and any(p in terms for p in parts):
            terms = [joined if t == parts[-1] else t for t in terms if t not in parts[:-1]]
    terms = [t for t in terms if t not in drop]
    own_words = tuple(dict.fromkeys(terms))
    if english:
        vocab = english_lexicon()
        terms = [d for t in terms for d in vocab.get(t, (t,))]
    terms = list(dict.fromkeys(terms))
    known, unknown = _split_terms(terms, g.lexicon)
    names = tuple(u for u in unknown if u in _written_as_names(text))
    subjects = () if english else _subject_names(text, names)
    return Terms(tuple(terms), own_words, known, unknown, names, subjects)


@dataclass(frozen=True)
class Signals:
    """Cue words that shape the intent."""

    phrase: str | None  # a text to check verbatim
    names_asked: bool  # "bij naam genoemd"
    counting: bool  # "hoeveel", "aantal"
    names_lines: bool  # "ambitielijnen"
    which_line: bool  # "welke lijn", "onder welke OD"
    compare: str | None  # most | least
    parts_of: str | None  # "welke OD's"
    definition: bool  # "wat is de …"
    pointing: bool = False  # an item by its place ("de tweede", "de laatste"), with or without a kind


def extract_signals(text: str, folded: str, toks: list[str], refs: References, kind: str | None, g: Grounding) -> Signals:
    c = cues()
    which_line = refs.which_part is not None or any(
        line_word(t) == "line" and i > 0 and toks[i - 1] in WHICH | {"what"} for i, t in enumerate(toks))
    compare = None
    if which_line and kind is not None:
        compare = "least" if any(t in c["least"] for t in toks) else ("most" if any(t in c["most"] for t in toks) else None)
    return Signals(
        phrase=_verbatim_phrase(text, folded),
        names_asked=bool(c["names"].search(folded)),
        counting=any(t in c["count"] for t in toks) or "how many" in folded,
        names_lines=any(line_word(t) == "lines" for t in toks),
        which_line=which_line,
        compare=compare,
        parts_of=asked_part_label(toks, g.parts),
        definition=bool(c["definition"].search(folded)),
        pointing=any(t in ORDINALS or t in LAST for t in toks),
    )


def choose_intent(refs: References, k: KindRef, asks: str | None, terms: Terms, s: Signals, title_only: bool) -> Intent:
    """The intent table: the first row whose condition holds."""
    kind, line, known, unknown = k.kind, refs.line, terms.known, terms.unknown
    rows: list[tuple[bool, Intent]] = [
        (bool(s.phrase), Intent.VERBATIM),
        (s.parts_of is not None and kind is None, Intent.PARTS),
        # "Wat is actie 2.4?"; "Welk project dient OD 3.1?": the projects linked to that part.
        (refs.number is not None and kind is not None and not k.plural and asks is None, Intent.LIST),
        (kind is not None and kinds()[kind].unit == "document" and refs.part_ref is not None and asks is None, Intent.LIST),
        (s.names_asked and not s.names_lines and not s.which_line, Intent.NAMES),
        # "Hoeveel acties telt lijn 1?"; "Hoeveel acties gaan over toerisme?" counts items about a topic.
        # Words the documents lack, with no line named, are the topic ("Hoeveel acties gaan over windmolens?").
        (bool(s.compare) or (kind is not None and s.counting and asks in (None, "number")
                             and ((not known and (not unknown or line is not None))
                                  or (refs.all_lines and line is None))), Intent.COUNT),
        # "Onder welke ambitie valt doel 3.b?": the part above a part named (whose line is then known).
        (s.which_line and (line is None or (refs.part_ref is not None and kind is None)), Intent.WHICH_LINE),
        # "Welke acties vallen onder ambitielijn 3?" lists; "Welke acties gaan over X?" is a topic. With a
        # line (or all lines) named, words the documents lack are phrasing ("Which actions belong to …?").
        (kind is not None and k.plural, Intent.TOPIC if (known and not (refs.all_lines and line is None))
         or (unknown and not (line is not None or refs.all_lines)) else Intent.LIST),
        (kind is not None and not known and not unknown, Intent.LIST),
        (line is not None and kind is None and title_only and asks in (None, "number"), Intent.LINE_TITLE),
        # "Welke ambitielijnen zijn er?"; a value asked of the lines ("het budget van de lijnen") is a fact.
        (line is None and kind is None and s.names_lines and (title_only or s.counting or not known)
         and asks in (None, "number"), Intent.LINES),
        # No word of a topic, a kind, a line or a value at all ("wat is het plan eigenlijk?", "waar gaat
        # dit over?"): a question about the documents as a whole, answered by their parts.
        (line is None and kind is None and not known and not unknown and asks is None and not refs.all_lines
         and refs.part_ref is None and not s.which_line and s.parts_of is None and not s.pointing, Intent.LINES),
    ]
    return next((intent for holds, intent in rows if holds), Intent.FACTUAL)


QUANTITIES = ("money", "number", "percent", "target")


def _extreme(toks: list[str]) -> str | None:
    """"most" or "least" for a superlative of a value ("het grootste budget", "de laagste streefwaarde")."""
    c = cues()["extreme"]
    return "most" if any(t in c["most"] for t in toks) else ("least" if any(t in c["least"] for t in toks) else None)


_PREAMBLE = re.compile(r"^\s*([^:?!.\"“„‘'«]{1,40}):\s+(?=[^\s\"“„‘'«])")


def _preamble_words(text: str, lexicon: Lexicon | None = None) -> frozenset[str]:
    """Words of a short lead before a colon that asks nothing itself ("Voor een artikel: hoeveel …?"):
    why or for whom the question is asked, not its topic; a word the documents have ("Renovatiestraat:
    wie trekt het?") is kept."""
    m = _PREAMBLE.match(text)
    if m is None:
        return frozenset()
    lead, rest = tokens(m.group(1)), text[m.end():]
    if not lead or len(lead) > 5 or any(t in QUESTION_WORDS for t in lead):
        return frozenset()
    if not (rest.rstrip().endswith("?") or any(t in QUESTION_WORDS for t in tokens(rest))):
        return frozenset()
    return frozenset(t for t in lead if lexicon is None or not lexicon.match(t).known) - frozenset(tokens(rest))


def as_counted_fact(u: Understanding) -> Understanding | None:
    """A count of items none of which is about the topic, as a count to read from the text
    ("Hoeveel projecten werden afgerond?": "12 projecten die … werden afgerond"); None if it is no count."""
    if not u.counting or u.kind is None:
        return None
    spec = kinds().get(u.kind)
    noun = next((t for t in tokens(u.question) if spec is not None and t in spec.cues), None)
    if noun is None:
        return None
    return replace(u, intent=INTENT_FACTUAL, asks_for="number", counted=noun, counted_words=(noun,))


def understand(question: str, history: list[dict] | None = None, grounding: Grounding | None = None) -> Understanding:
    """Parse one question, using the history for follow-ups and the documents for topic words."""
    g = grounding or Grounding()
    text = _correct_grammar_typos(clean_question(question), g.lexicon)
    folded, toks = fold(text), tokens(text)
    refs = extract_references(text, toks, g)
    k = extract_kind(toks, refs.used, g)
    used = refs.used | k.used
    english = _is_english(toks)
    asked = extract_asked(folded, toks, used, g.lexicon)
    if k.compound and asked.asks not in (None, "number"):
        # A value asked of "het aantal cohousingprojecten": the compound names the subject, not a kind asked.
        k, used = KindRef(), refs.used
        asked = extract_asked(folded, toks, used, g.lexicon)
    s = extract_signals(text, folded, toks, refs, k.kind, g)
    drop = (cues()["name_words"] if s.names_asked else frozenset()) | _preamble_words(text, g.lexicon)
    if refs.line is not None or refs.part_ref is not None:
        drop = drop | cues()["belongs"]  # "Welke acties vallen onder doel 4.b?": membership, no topic
    terms = extract_terms(text, toks, used, k.kind, english, g, drop)
    line, line_from = refs.line, refs.line_from
    if line is None and g.line_titles and not s.which_line:
        # A line named by its title ("de lijn over werkkrachten"); its words are the reference.
        line = _line_from_title(toks, g.line_titles, frozenset(p.key for p in g.parts if p.level == 1))
        if line is not None:
            line_from, terms = "title", Terms()
    elif line is not None and terms.terms and line in g.line_titles:
        # "onder ambitie 2, over bodem en water": two or more words of the line's own title said again
        # are the line, no topic within it ("over water" alone is one).
        title = [t for t in tokens(g.line_titles[line]) if t not in function_words()]
        said = [t for t in toks if t not in function_words() and any(same_word(t, w) for w in title)]
        if len(set(said)) >= 2:
            terms = _without(terms, said)
    refs = replace(refs, line=line, line_from=line_from)
    asked = refine_asked(asked, toks, terms, g)
    title_only = all(t in cues()["title"] for t in terms.terms)
    intent = choose_intent(refs, k, asked.asks, terms, s, title_only)
    if _extreme(toks) and asked.asks in QUANTITIES and intent in (Intent.LIST, Intent.TOPIC, Intent.COUNT) and not s.compare:
        intent = Intent.FACTUAL  # "Welk project is het duurst?": a value compared, not a list
    # A count of items is answered by the items, not by a number in a passage.
    asks_for = None if intent in (Intent.COUNT, Intent.LIST, Intent.NAMES) or (intent == Intent.TOPIC and s.counting) \
        or (asked.asks == "field" and intent != Intent.FACTUAL) else asked.asks
    if _extreme(toks) and asks_for in (None, "number") and not asked.counted and any(t in cues()["amount_nouns"] for t in toks):
        asks_for = "money"  # "Welke pijler krijgt het meeste geld?": the highest amount
    numbers = tuple(t for i, t in enumerate(toks) if t.isdigit() and i not in used and (YEAR.match(t) or len(t) >= 2))
    understanding = Understanding(
        question=text, intent=intent, kind=k.kind, plural=k.plural, position=k.position if intent == Intent.LIST else None,
        ambitielijn=line, other_lines=refs.lines_named[1:], all_lines=refs.all_lines, line_from=line_from,
        asks_for=asks_for, counted=asked.counted, counted_words=asked.counted_words, numbers=numbers,
        terms=terms.terms, known=terms.known, unknown=terms.unknown, names=terms.names, subjects=terms.subjects,
        label=" ".join(terms.own_words), phrase=s.phrase, compare=s.compare, definition=s.definition, english=english,
        part=refs.part, number=refs.number if intent == Intent.LIST else None,
        parts_of=s.parts_of if intent == Intent.PARTS else None,
        which_part=refs.which_part if intent == Intent.WHICH_LINE else None,
        field=asked.field if asked.asks == "field" and intent == Intent.FACTUAL else None,
        organisation=asked.organisation, counting=s.counting, extreme=_extreme(toks) if asks_for in QUANTITIES else None,
    )
    return resolve_followup(understanding, history or [], g)


def _hyphenated(text: str) -> list[tuple[str, list[str]]]:
    return [(m.group(0).replace("-", ""), m.group(0).split("-")) for m in re.finditer(r"[a-z]+(?:-[a-z]+)+", fold(text))]


@lru_cache(maxsize=1)
def _grammar_words() -> tuple[str, ...]:
    """What a typing error is corrected to: the words that decide what a question asks (question
    words and the single cue words). A mistyped pronoun or preposition only costs a topic word;
    correcting to every grammar word would turn "lanes" into "langs"."""
    c = cues()
    return tuple(sorted(QUESTION_WORDS | c["count"] | c["all"] | c["title"] | c["most"] | c["least"] | c["name_words"]))


_WORD = re.compile(r"[^\W\d_]+")


def _correct_grammar_typos(text: str, lexicon: Lexicon | None) -> str:
    """A word one typing error (or two letters swapped) away from exactly one question or cue word
    ("hoevel" -> "hoeveel", "wleke" -> "welke"),
    that the documents do not have themselves, is read as that word; the first letter is taken
    as typed. Topic words are the lexicon's (``Lexicon.match`` allows a typo there)."""
    if lexicon is None:
        return text

    def fix(m: re.Match) -> str:
        word = m.group(0)
        folded = fold(word)
        if len(folded) < TYPO_MIN_CHARS or folded in function_words() or lexicon.is_word(folded):
            return word
        near = [w for w, _, _ in process.extract(folded, _grammar_words(), scorer=OSA.distance, score_cutoff=1,
                                                 limit=3) if w[:1] == folded[:1]]
        return near[0] if len(near) == 1 else word

    return _WORD.sub(fix, text)


def _written_as_names(text: str) -> set[str]:
    """Folded words capitalised inside the question (not first in a sentence): names. None in a
    question written all in capitals."""
    letters = [ch for ch in text if ch.isalpha()]
    if sum(ch.isupper() for ch in letters) * 2 > len(letters):
        return set()
    return {w for m in NAME.finditer(text) for w in tokens(m.group(0))}


def named_words(text: str) -> frozenset[str]:
    """Folded words the question writes as names ("uit de provincie Antwerpen"), outside a clause in
    the first person (the asker's own situation: "ik woon in Genk"). None in an English question,
    which capitalises more than names."""
    if _is_english(tokens(text)):
        return frozenset()
    return frozenset(w for clause in CLAUSE.findall(text) if not set(tokens(clause)) & FIRST_PERSON
                     for w in _written_as_names(clause))


_DETERMINERS = frozenset("de het een die deze dat dit".split())


def role_words(text: str) -> frozenset[str]:
    """Folded words of the role the asker speaks in ("kan ik als uitbater van een vakantiewoning …",
    "wij als vereniging"): who asks, not what is asked. Only right after a first-person pronoun, and
    only the noun after "als" with a "van"-phrase on it ("als" is also "if": "als ik …")."""
    toks = tokens(text)
    out: set[str] = set()
    for i, tok in enumerate(toks[:-1]):
        if tok != "als" or i == 0 or toks[i - 1] not in FIRST_PERSON:
            continue
        rest = [t for t in toks[i + 1 : i + 6]]
        while rest and rest[0] in _DETERMINERS:
            rest.pop(0)
        if not rest or rest[0] in function_words():
            continue
        out.add(rest[0])
        if len(rest) > 2 and rest[1] == "van":
            noun = [t for t in rest[2:] if t not in _DETERMINERS][:1]
            out.update(t for t in noun if t not in function_words())
    return frozenset(out)


def _subject_names(text: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The names of ``names`` (folded) that the question is about: after a definite article, outside
    a clause in the first person. As the user wrote them."""
    out: list[str] = []
    for clause in CLAUSE.findall(text):
        if set(tokens(clause)) & FIRST_PERSON:
            continue
        for m in ARTICLE_NAME.finditer(clause):
            before, name, after = fold(m.group(1) or ""), m.group(2), fold(m.group(3) or "")
            if after and after not in function_words():
                continue  # an attribute of the noun after it
            if before not in PLACE_PREPOSITIONS and set(tokens(name)) & set(names) and name not in out:
                out.append(name)
        for m in APPOSITION.finditer(clause):
            # A name after its common noun ("het plan van de provincie Scheldeland", "het festival Pukkelpop").
            before, name, after = fold(m.group(1) or ""), m.group(2), fold(m.group(3) or "")
            if after and after not in function_words():
                continue  # a name before a noun describes it ("de provincie Limburg-regio")
            if before not in PLACE_PREPOSITIONS and set(tokens(name)) & set(names) and name not in out:
                out.append(name)
    return tuple(out)


def _named_noun(toks: list[str]) -> str | None:
    """The noun whose name "hoe heet (de) …" asks ("hoe heet de gedeputeerde" -> gedeputeerde)."""
    for i, tok in enumerate(toks[:-2]):
        if tok in ("hoe", "what's", "whats") and toks[i + 1] in ("heet", "heten", "noemt"):
            rest = [t for t in toks[i + 2 : i + 5] if t not in _DETERMINERS]
            return rest[0] if rest else None
    return None


def _asked_noun(toks: list[str], known: tuple[str, ...], unknown: tuple[str, ...]) -> str | None:
    """The noun after "welke"/"which" that the documents lack ("welke politicus"); None when the
    question has no such word, or the first content word after it is one the documents have."""
    for i, tok in enumerate(toks):
        if tok in WHICH:
            for nxt in toks[i + 1 : i + 3]:
                if nxt in unknown:
                    return nxt
                if nxt in known:
                    return None
    return None


def _split_terms(terms: list[str], lexicon: Lexicon | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if lexicon is None:
        return tuple(terms), ()
    known = tuple(t for t in terms if lexicon.match(t).known)
    return known, tuple(t for t in terms if t not in known)


def inflected(a: str, b: str) -> bool:
    """``same_word`` by an ending only ("limburgse", "limburg"), not two compounds of one modifier
    ("vrijetijdspas", "vrijetijdseconomie")."""
    return same_word(a, b) and max(len(a), len(b)) - common_prefix(a, b) <= 3


def same_word(a: str, b: str) -> bool:
    """Two forms of one word: equal, or sharing a long start ("internationale", "internationaal")."""
    if a == b:
        return True
    n = common_prefix(a, b)
    return n >= 5 and n >= 0.75 * min(len(a), len(b))


def _line_from_title(toks: list[str], titles: dict[int, str], own: frozenset[str] = frozenset()) -> int | None:
    """A line named by its title: a line word (or the plan's own label for its lines, ``own``: "het
    thema over routes en landschap") with title words, or two consecutive title words."""
    has_line_word = any(line_word(t) == "line" or t in own or t.removesuffix("'s") in own for t in toks)
    fw = function_words()
    scores: dict[int, int] = {}
    for number, title in titles.items():
        title_tokens = {t for t in tokens(title) if t not in fw and len(t) > 3}
        in_title = [any(same_word(t, w) for w in title_tokens) for t in toks]
        hits = [t for t, hit in zip(toks, in_title) if hit]
        bigram = any(in_title[i] and in_title[i + 1] for i in range(len(toks) - 1))
        if (has_line_word and hits) or bigram:
            scores[number] = len(hits)
    if not scores:
        return None
    best = max(scores.values())
    winners = [n for n, s in scores.items() if s == best]
    return winners[0] if len(winners) == 1 else None


def followup_candidate(question: str, history: list[dict] | None) -> bool:
    """Whether a question may lean on the chat history (same trigger as ``resolve_followup``)."""
    if not any(isinstance(m, dict) and m.get("role") == "user" and isinstance(m.get("content"), str) for m in history or []):
        return False
    text = clean_question(question)
    return bool(cues()["followup"].search(fold(text))) or len(text.split()) <= 6


def resolve_followup(u: Understanding, history: list[dict], grounding: Grounding) -> Understanding:
    """Fill in what a follow-up leaves out from the latest earlier user question."""
    previous = [m.get("content", "") for m in history if isinstance(m, dict) and m.get("role") == "user" and isinstance(m.get("content"), str)]
    if not previous:
        return u
    folded = fold(u.question)
    cue = bool(cues()["followup"].search(folded))
    short = len(u.question.split()) <= 6
    if not (cue or (short and u.intent != INTENT_VERBATIM)):
        return u
    prior = _prior_question(previous, grounding)
    if prior is None:
        return u
    return _reframed(u, _carried(u, prior, cue), prior, folded)


def _prior_question(previous: list[str], grounding: Grounding) -> Understanding | None:
    """The latest of the last six user questions that names a line or a kind."""
    for text in reversed(previous[-6:]):
        p = understand(text, None, grounding)
        if p.ambitielijn is not None or p.kind is not None:
            return p
    return None


def _carried(u: Understanding, prior: Understanding, cue: bool) -> Understanding:
    """The follow-up with the line and kind it leaves out taken from the prior question; an elliptic one
    about a kind ("En de KPI's daarvan?") lists or counts them."""
    # Elliptic: nothing of its own to ask about ("En de KPI's daarvan?", "Hoeveel zijn het er?").
    elliptic = not u.known
    changes: dict = {"followup": True}
    if u.ambitielijn is None and not u.all_lines and prior.ambitielijn is not None and (cue or u.kind is not None or elliptic):
        changes["ambitielijn"] = prior.ambitielijn
        changes["line_from"] = "history"
    if u.kind is None and prior.kind is not None and elliptic:
        changes["kind"] = prior.kind
        changes["plural"] = prior.plural
    new = replace(u, **changes)
    if new.kind is not None and elliptic and new.intent in (INTENT_FACTUAL, INTENT_LINE_TITLE, INTENT_LIST, INTENT_TOPIC):
        counting = any(t in cues()["count"] for t in tokens(u.question)) or "how many" in fold(u.question)
        intent: str
        if counting:
            intent = INTENT_COUNT
        elif new.intent == INTENT_LIST:
            intent = INTENT_LIST
        else:
            intent = prior.intent if prior.intent in (INTENT_LIST, INTENT_COUNT) else INTENT_LIST
        new = replace(new, intent=intent, asks_for=None, counted=None, counted_words=())
    return new


def _reframed(u: Understanding, new: Understanding, prior: Understanding, folded: str) -> Understanding:
    """A follow-up that points back at the prior question's items: one by its place, those about a topic,
    or the same topic for another kind or line; else ``new`` as it is."""
    elliptic = not u.known
    toks = tokens(u.question)
    points_back = bool(cues()["pointers"].search(folded))
    place = next((-1 if t in LAST else ORDINALS[t] for t in toks if t in ORDINALS or t in LAST), None)
    if elliptic and place is not None and u.ambitielijn is None and u.position is None and prior.kind is not None \
            and (prior.position is not None or points_back):
        # "En de tweede?" after "de eerste actie van lijn 3"; "wat is de laatste daarvan?" after a list.
        return replace(new, kind=prior.kind, plural=False, position=place, intent=INTENT_LIST, asks_for=None, counted=None, counted_words=())
    if u.kind is None and prior.kind is not None and u.known and points_back:
        # "En hoeveel daarvan gaan over toerisme?": the items asked before, about a topic.
        return replace(new, kind=prior.kind, plural=True, intent=INTENT_TOPIC, asks_for=None, counted=None, counted_words=())
    if elliptic and not u.unknown and prior.intent == INTENT_TOPIC and prior.known and new.intent in (INTENT_LIST, INTENT_COUNT):
        # "En de KPI's?" after "Welke acties gaan over toerisme?": the same topic, another kind or line.
        return replace(new, intent=INTENT_TOPIC, terms=prior.terms, known=prior.known, label=prior.label,
                       asks_for=None, counted=None, counted_words=())
    return new


__all__ = [
    "Grounding", "Understanding", "understand", "clean_question", "find_line_reference", "find_line_references", "kinds", "kind_of",
    "INTENT_LIST", "INTENT_COUNT", "INTENT_TOPIC", "INTENT_WHICH_LINE", "INTENT_LINE_TITLE", "INTENT_LINES",
    "INTENT_VERBATIM", "INTENT_FACTUAL", "INTENT_NAMES", "INTENT_PARTS", "Intent",
]
