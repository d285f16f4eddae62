"""Understanding a question by general rules: intent, ambition line, kind, question word.

Rules work on folded text (lower case, no accents), tolerate typos in the key word
"ambitielijn", and read English as well as Dutch. Follow-up questions take the
ambition line (and, for elliptic questions, the intent) from the chat history.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ingest.lexical import DUTCH_STOPWORDS, fold, words
from ingest.structure import NUMBER_WORDS

INTENT_LIST = "list"  # all actions/KPIs/analysis items (of a line, or matching a topic)
INTENT_COUNT = "count"
INTENT_WHICH_LINE = "which_line"
INTENT_LINE_TITLE = "line_title"
INTENT_VERBATIM = "verbatim"
INTENT_FACTUAL = "factual"
INTENT_LINES = "lines"  # the ambition lines themselves ("Welke ambitielijnen zijn er?")

ORDINALS = {
    "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5,
    "1e": 1, "2e": 2, "3e": 3, "1ste": 1, "2de": 2, "3de": 3,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
}
NUMBERS = {**NUMBER_WORDS, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
LINE_WORDS = ("ambitielijn", "ambitielijnen")
SHORT_LINE_WORDS = {"lijn", "lijnen", "line", "lines", "pijler", "pijlers", "ambitie", "ambition"}

# Words that say which kind of item is meant. Plural forms ask for lists.
KIND_WORDS = {
    "kpi": {
        "kpi": False, "kpis": True, "kpi's": True, "indicator": False, "indicatoren": True,
        "indicators": True, "meetbare": True, "kengetal": False, "kengetallen": True,
    },
    "actie": {
        "actie": False, "acties": True, "action": False, "actions": True, "maatregel": False,
        "maatregelen": True, "actiepunten": True, "actiepunt": False,
    },
    "analyse": {"analyse": False, "analysepunten": True, "vaststellingen": True, "analysis": False},
}
# Words that only frame a question ("vallen onder", "te maken hebben met") and say
# nothing about its topic; removed before topic matching and coverage checks.
FRAME_WORDS = frozenset(
    """
    welke welk wat wie waar wanneer waarom hoe hoeveel waarop waarover waarmee waaraan waartoe
    zijn is er staat staan stond vallen valt horen hoort behoren behoort hebben heeft maken
    gaan gaat gaan genoemd noemt noem vermeld vermeldt worden wordt werden geef geven toon
    lijst opsomming overzicht alle allemaal totaal totale in onder bij tot over rond rondom
    binnen voor te met van de het een die dat dit deze daarvan ervan daar ook nog
    gedaan doen doet gebeurt gebeuren bedoelt bedoeld bedoelen betekent betekenen heet heten
    noemen zeggen zegt gezegd vind vinden kan kunnen mogelijk ik we wij je jij men
    resultaten resultaat opvolgen volgen opgevolgd meten gemeten uitgewerkt
    telt tellen bevat bevatten omvat omvatten kent kennen hoort horen staan vermeldt
    which what who where when why how many much are is the of for to in about concern concerns
    regarding related list all show give me do does there say says said tell mention mentions mentioned
    zegt vermeldt vertelt tussen between
    iets wel niet nou eigenlijk precies graag even
    """.split()
)
# The domain's own name says nothing about a question's topic.
DOMAIN_WORDS = frozenset({
    "limburg", "limburgse", "limburgs", "provincie", "provinciale", "competitief", "strategie", "document",
    "documenten", "tekst", "province", "provincial", "strategy", "text",
})

ASK_MONEY = re.compile(r"\b(hoeveel (kost|kosten|geld|budget|euro|middelen)|wat kost|kostprijs|kosten|kost|budget\w*|prijs|bedrag|financier\w*|how much|cost\w*|price|euro)\b")
ASK_DATE = re.compile(r"\b(wanneer|welk jaar|in welk jaar|tegen wanneer|vanaf wanneer|tot wanneer|hoe lang|welke datum|datum|deadline|tijdspad|planning|when|what year)\b")
ASK_PERIOD = re.compile(r"\b(welke periode|over welke periode|welke jaren|which period)\b")
ASK_PERSON = re.compile(r"\b(wie (is|was|zijn|waren) (de|het|een)|who (is|was|are)|naam van de|welke persoon)\b")
ASK_PERCENT = re.compile(r"\b(hoeveel procent|welk percentage|percentage|procent|what percentage)\b")
ASK_NUMBER = re.compile(r"\b(hoeveel|how many|welk aantal)\b")
VERBATIM_CUES = re.compile(r"\b(letterlijk|woordelijk|exact|verbatim|precies zo|staat (er|het|dat|dit)?\s*.*\bin de (tekst|strategie|documenten?))\b")
QUOTED = re.compile(r"[\"“”„'‘’‚«»]([^\"“”„'‘’‚«»]{3,300})[\"“”„'‘’‚«»]")
TAGS = re.compile(r"<[^>]{0,200}>")
SCRIPTS = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
FOLLOWUP_CUES = re.compile(r"^(en|en de|en wat|en voor|en bij|en hoe|ook|wat met|hoe zit het met|and)\b|\b(daarvan|ervan|daarbij|daarin|die lijn|deze lijn|dezelfde lijn|diezelfde|hiervan|daar)\b")
# Words asking what a line is called or is about ("de titel van ambitielijn 2").
TITLE_WORDS = frozenset({
    "titel", "naam", "heet", "noemt", "title", "name", "called", "about", "waarover", "inhoud", "omschrijving",
    "betekenis", "doel", "doelen", "doelstelling", "doelstellingen", "bedoeling", "opzet", "verschil", "verschillen",
    "vergelijk", "vergelijking", "goal", "goals", "aim", "aims", "difference", "compare",
})
QUESTION_WORDS = ("hoeveel", "wie", "wanneer", "waar", "waarom", "welke", "welk", "wat", "hoe", "waarop", "waarover")


_LEXICON_PATH = Path(__file__).resolve().parent / "data" / "en_nl.tsv"


@lru_cache(maxsize=1)
def english_lexicon() -> dict[str, tuple[str, ...]]:
    """English topic words -> Dutch words (or word starts) as they occur in the documents."""
    lexicon: dict[str, tuple[str, ...]] = {}
    for line in _LEXICON_PATH.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, dutch = line.partition("\t")
        lexicon[fold(english.strip())] = tuple(fold(d.strip()) for d in dutch.split(",") if d.strip())
    return lexicon


def translate_terms(terms: tuple[str, ...]) -> tuple[str, ...]:
    lexicon = english_lexicon()
    out: list[str] = []
    for term in terms:
        out.extend(lexicon.get(term, (term,)))
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class Understanding:
    question: str  # cleaned question text (tags removed, white space collapsed)
    intent: str
    kind: str | None = None  # actie | kpi | analyse
    plural: bool = False  # asks for several items ("acties", "KPI's")
    ambitielijn: int | None = None
    other_lines: tuple[int, ...] = ()  # further lines named in the same question
    all_lines: bool = False  # "in totaal", "de drie ambitielijnen"
    line_from: str | None = None  # "question" | "title" | "history"
    question_word: str | None = None
    asks_for: str | None = None  # money | date | period | person | percent | number
    topic_terms: tuple[str, ...] = ()  # folded content words that name the topic (Dutch)
    topic_label: str = ""  # the topic in the user's own words
    phrase: str | None = None  # the sentence to check, for verbatim questions
    followup: bool = False
    english: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def search_text(self) -> str:
        """The question for retrieval; English questions also carry their Dutch topic words."""
        if self.english and self.topic_terms:
            return f"{self.question} {' '.join(self.topic_terms)}"
        return self.question


def clean_question(text: str) -> str:
    """Strip markup and control characters; the result is only ever used as text."""
    text = html.unescape(TAGS.sub(" ", SCRIPTS.sub(" ", text or "")))
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    return " ".join(text.split())


def _levenshtein(a: str, b: str, limit: int = 3) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _line_word(token: str) -> str | None:
    """'line' for a (misspelt) singular line word, 'lines' for a plural, else None."""
    if token in SHORT_LINE_WORDS:
        return "lines" if token.endswith(("en", "s")) and token not in ("ambitie",) else "line"
    if len(token) >= 8:
        if _levenshtein(token, "ambitielijnen", 2) <= 2 and token.endswith(("en", "n")) and len(token) >= 12:
            return "lines"
        if _levenshtein(token, "ambitielijn", 2) <= 2:
            return "line"
    return None


def _tokens(text: str) -> list[str]:
    folded = fold(text)
    folded = re.sub(r"([a-z])(\d)", r"\1 \2", folded)  # "ambitielijn2" -> "ambitielijn 2"
    return re.findall(r"[a-z0-9]+(?:'s)?", folded.replace("’", "'"))


def find_line_references(text: str) -> tuple[int, ...]:
    """Every line a question names, in order ("verschil tussen ambitielijn 1 en 2" -> (1, 2))."""
    first, _, used = find_line_reference(text)
    if first is None:
        return ()
    numbers = [first]
    toks = _tokens(text)
    last = max(used) if used else -1
    # "ambitielijn 1 en 2", "lijnen 2 en 3": numbers joined by "en"/"of"/"and"/"," after a line word
    for i in range(last + 1, len(toks) - 1):
        if toks[i] in ("en", "of", "and", "or", "tot", "vs", "versus", "met") and (toks[i + 1].isdigit() or toks[i + 1] in NUMBERS):
            n = int(toks[i + 1]) if toks[i + 1].isdigit() else NUMBERS[toks[i + 1]]
            if n not in numbers and n <= 20:
                numbers.append(n)
    for i, tok in enumerate(toks):
        if _line_word(tok) and i + 1 < len(toks) and toks[i + 1].isdigit() and int(toks[i + 1]) not in numbers and int(toks[i + 1]) <= 20:
            numbers.append(int(toks[i + 1]))
    return tuple(numbers)


def find_line_reference(text: str) -> tuple[int | None, bool, set[int]]:
    """(line number or None, all lines meant, token positions used by the reference)."""
    toks = _tokens(text)
    used: set[int] = set()
    all_lines = False
    found: int | None = None
    for i, tok in enumerate(toks):
        kind = _line_word(tok)
        # "ambitie lijn 2" written apart
        if tok == "ambitie" and i + 1 < len(toks) and toks[i + 1] in ("lijn", "lijnen"):
            continue
        if kind is None:
            continue
        if tok in ("ambitie", "ambition") and not (i + 1 < len(toks) and (toks[i + 1] in NUMBERS or toks[i + 1].isdigit() or toks[i + 1] in ("line", "lijn"))):
            continue
        if kind == "lines":
            used.add(i)
            # "de drie ambitielijnen", "alle lijnen": all lines, not line 3
            if i > 0 and (toks[i - 1] in NUMBERS or toks[i - 1].isdigit() or toks[i - 1] in ("alle", "all", "the", "de")):
                used.add(i - 1)
            all_lines = True
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if nxt in ("nr", "nummer", "number", "no"):
            used.add(i + 1)
            nxt = toks[i + 2] if i + 2 < len(toks) else ""
            offset = 2
        else:
            offset = 1
        number = None
        if nxt.isdigit() and len(nxt) <= 2:
            number = int(nxt)
        elif nxt in NUMBERS:
            number = NUMBERS[nxt]
        elif nxt in ORDINALS:
            number = ORDINALS[nxt]
        if number is not None:
            used.update({i, i + offset})
            found = found or number
            continue
        prev = toks[i - 1] if i > 0 else ""
        if prev in ORDINALS:
            used.update({i - 1, i})
            found = found or ORDINALS[prev]
            continue
        used.add(i)
    return found, all_lines and found is None, used


def _kind(tokens: list[str]) -> tuple[str | None, bool]:
    for tok in tokens:
        for kind, forms in KIND_WORDS.items():
            if tok in forms:
                return kind, forms[tok]
    return None, False


def content_terms(tokens: list[str], skip: set[int] | None = None) -> tuple[str, ...]:
    skip = skip or set()
    out = []
    for i, tok in enumerate(tokens):
        if i in skip or tok.isdigit() and len(tok) <= 2:
            continue
        if tok in FRAME_WORDS or tok in DUTCH_STOPWORDS or len(tok) < 3:
            continue
        if any(tok in forms for forms in KIND_WORDS.values()) or _line_word(tok):
            continue
        out.append(tok)
    # The domain's own name is no topic, unless it is all the question is about.
    specific = [t for t in out if t not in DOMAIN_WORDS]
    return tuple(dict.fromkeys(specific or out))


def _asks_for(folded: str) -> str | None:
    for name, pattern in (("percent", ASK_PERCENT), ("money", ASK_MONEY), ("period", ASK_PERIOD),
                          ("date", ASK_DATE), ("person", ASK_PERSON), ("number", ASK_NUMBER)):
        if pattern.search(folded):
            return name
    return None


def _is_english(tokens: list[str]) -> bool:
    english = {"which", "what", "who", "where", "when", "why", "how", "the", "are", "is", "of", "actions", "does", "line"}
    dutch = {"welke", "wat", "wie", "waar", "wanneer", "waarom", "hoe", "de", "het", "een", "zijn", "van", "acties"}
    return sum(t in english for t in tokens) > sum(t in dutch for t in tokens)


def understand(question: str, history: list[dict] | None = None, line_titles: dict[int, str] | None = None) -> Understanding:
    """Parse one question, using the history for follow-ups."""
    text = clean_question(question)
    folded = fold(text)
    tokens = _tokens(text)
    line, all_lines, used = find_line_reference(text)
    line_from = "question" if line is not None else None
    kind, plural = _kind(tokens)
    qword = next((t for t in tokens if t in QUESTION_WORDS), None)
    if qword is None and tokens and tokens[0] in ("which", "what", "who", "where", "when", "why", "how"):
        qword = tokens[0]
    english = _is_english(tokens)
    asks = _asks_for(folded)
    lines_named = find_line_references(text)
    if len(lines_named) > 1:
        used = used | {i for i, t in enumerate(tokens) if t.isdigit() and int(t) in lines_named or t in NUMBERS and NUMBERS[t] in lines_named}
    topic = content_terms(tokens, used)
    label = " ".join(topic)
    if english:
        topic = translate_terms(topic)
    if any(t in ("totaal", "total", "alle", "all", "allemaal") for t in tokens) and line is None:
        all_lines = True

    # Title words as a line reference ("de lijn over werkkrachten").
    if line is None and line_titles:
        line = _line_from_title(tokens, used, line_titles)
        if line is not None:
            line_from = "title"
            title_terms = set(_tokens(line_titles[line]))
            topic = tuple(t for t in topic if t not in title_terms)
            label = " ".join(t for t in label.split() if t not in title_terms)

    phrase = None
    quoted = QUOTED.search(text)
    if VERBATIM_CUES.search(folded):
        if quoted:
            phrase = quoted.group(1).strip()
        else:
            m = re.search(r"\bstaat\s+(.+?)\s+(letterlijk|woordelijk|exact)\b", text, re.IGNORECASE)
            phrase = m.group(1).strip(" '\"") if m else None

    if phrase:
        intent = INTENT_VERBATIM
    elif _asks_which_line(tokens) and line is None:
        intent = INTENT_WHICH_LINE
    elif kind and asks == "number" and re.search(r"\b(hoeveel|how many|aantal)\b", folded):
        intent = INTENT_COUNT
    elif kind and (plural or not topic):
        intent = INTENT_LIST
    elif line is not None and kind is None and all(t in TITLE_WORDS or t in DOMAIN_WORDS for t in topic):
        intent = INTENT_LINE_TITLE
    elif line is None and kind is None and _names_lines(tokens) and all(t in TITLE_WORDS or t in DOMAIN_WORDS for t in topic):
        intent = INTENT_LINES
    else:
        intent = INTENT_FACTUAL

    understanding = Understanding(
        question=text, intent=intent, kind=kind, plural=plural, ambitielijn=line, other_lines=lines_named[1:], all_lines=all_lines,
        line_from=line_from, question_word=qword, asks_for=None if intent in (INTENT_COUNT, INTENT_LIST) else asks,
        topic_terms=topic, topic_label=label, phrase=phrase, english=english,
    )
    return resolve_followup(understanding, history or [], line_titles)


def _names_lines(tokens: list[str]) -> bool:
    return any(_line_word(t) == "lines" for t in tokens)


def _asks_which_line(tokens: list[str]) -> bool:
    for i, tok in enumerate(tokens):
        if _line_word(tok) == "line" and i > 0 and tokens[i - 1] in ("welke", "welk", "which", "what"):
            return True
    return False


def _line_from_title(tokens: list[str], used: set[int], titles: dict[int, str]) -> int | None:
    """A line named by its title: a line word with title words, or two consecutive title words."""
    has_line_word = any(_line_word(t) == "line" for t in tokens)
    scores: dict[int, int] = {}
    for number, title in titles.items():
        title_tokens = [t for t in _tokens(title) if t not in DUTCH_STOPWORDS and len(t) > 3]
        hits = [t for t in tokens if t in title_tokens]
        bigram = any(
            tokens[i] in title_tokens and tokens[i + 1] in title_tokens for i in range(len(tokens) - 1)
        )
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
    return bool(FOLLOWUP_CUES.search(fold(text))) or len(text.split()) <= 6


def resolve_followup(u: Understanding, history: list[dict], line_titles: dict[int, str] | None) -> Understanding:
    """Fill in what a follow-up leaves out from the latest earlier user question."""
    previous = [m.get("content", "") for m in history if isinstance(m, dict) and m.get("role") == "user" and isinstance(m.get("content"), str)]
    if not previous:
        return u
    folded = fold(u.question)
    cue = bool(FOLLOWUP_CUES.search(folded))
    short = len(u.question.split()) <= 6
    if not (cue or (short and u.intent != INTENT_VERBATIM)):
        return u
    prior: Understanding | None = None
    for text in reversed(previous[-6:]):
        p = understand(text, None, line_titles)
        if p.ambitielijn is not None or p.kind is not None:
            prior = p
            break
    if prior is None:
        return u
    # Elliptic: nothing of its own to ask about ("En de KPI's daarvan?", "Hoeveel zijn het er?").
    elliptic = not u.topic_terms
    changes: dict = {"followup": True}
    if u.ambitielijn is None and not u.all_lines and prior.ambitielijn is not None and (cue or u.kind is not None or elliptic):
        changes["ambitielijn"] = prior.ambitielijn
        changes["line_from"] = "history"
    if u.kind is None and prior.kind is not None and elliptic:
        changes["kind"] = prior.kind
        changes["plural"] = prior.plural
    new = replace(u, **changes)
    counting = bool(re.search(r"\b(hoeveel|how many|aantal)\b", folded))
    if new.kind is not None and elliptic and new.intent in (INTENT_FACTUAL, INTENT_LINE_TITLE, INTENT_LIST):
        if counting:
            intent = INTENT_COUNT
        elif new.intent == INTENT_LIST:
            intent = INTENT_LIST
        else:
            intent = prior.intent if prior.intent in (INTENT_LIST, INTENT_COUNT) else INTENT_LIST
        new = replace(new, intent=intent, asks_for=None)
    return new


def term_variants(term: str) -> tuple[str, ...]:
    """Forms a question word may take in the text: itself and a stem-like prefix."""
    base = term.replace("'s", "")
    variants = {base}
    for suffix in ("en", "e", "s", "n", "de", "te", "d", "t"):
        if base.endswith(suffix) and len(base) - len(suffix) >= 4:
            variants.add(base[: -len(suffix)])
    return tuple(sorted(variants, key=len))


def word_matches(term: str, text_words: set[str]) -> bool:
    """Whether a folded question term occurs in a text's folded words (compounds too)."""
    for variant in term_variants(term):
        if variant in text_words:
            return True
        if len(variant) >= 4:
            for w in text_words:
                if w.startswith(variant) or (len(variant) >= 5 and variant in w):
                    return True
    return False


__all__ = [
    "Understanding", "understand", "clean_question", "find_line_reference", "word_matches", "words",
    "INTENT_LIST", "INTENT_COUNT", "INTENT_WHICH_LINE", "INTENT_LINE_TITLE", "INTENT_VERBATIM", "INTENT_FACTUAL",
    "INTENT_LINES",
]
