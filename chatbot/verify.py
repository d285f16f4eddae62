"""Verification of a language model's text against the numbered passages it was given.

Nothing a model writes is shown before it passes here. Per sentence:

- it cites at least one passage as ``[n]``, and every cited number exists;
- every number (digits or a number word), month or weekday, and name (a capitalised word
  inside the sentence, an acronym) occurs in the passages it cites;
- text it puts between quotation marks occurs in a cited passage;
- it adds no negation (niet, geen, nooit, ...) that its passages lack;
- it does not talk about instructions or prompts (injected text) unless the passage does;
- at least ``min_overlap`` of its content words occur in the passages it cites;
- its brackets and quotation marks are balanced (no piece cut off at the token limit).

Failing sentences are removed. The answer as a whole is supported only when enough of it
remains (``min_kept_share`` of the claim sentences, at least one). Pure functions; the
service decides what to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chatbot.cite import loose
from chatbot.lexicon import function_words, word_matches
from chatbot.quotes import outer_quotations
from chatbot.tuning import VerifyTuning as VerifyTuning  # with the other tuned values
from ingest.dutch import ARTICLES, CARDINALS, MAGNITUDES, MONTHS, WEEKDAYS, sentence_spans
from ingest.lexical import fold, stopwords, tokenize, words
from prompts import Prompts, load_prompts


# Words a faithful paraphrase may add without adding a fact: how the documents are referred
# to, and connectives. Everything else must come from the cited passages.
PHRASING_WORDS = frozenset(
    """
    document documenten tekst teksten passage passages strategie bron bronnen volgens vermeld vermeldt
    genoemd beschreven beschrijft aangegeven staat stelt noemt zegt wil willen wilt gaat moet moeten
    daarnaast bovendien namelijk andere onder zoals verder ook dus daarom hierbij hiervoor hierin
    waarbij waarin waarmee daarmee dankzij door zodat onder meer mogelijk belangrijk kort samengevat
    inzetten zet zetten ingezet provincie provinciale limburg limburgse ambitielijn ambitielijnen
    actie acties kpi kpis doel doelen ja nee gaan wel qua alleen enkel slechts
    ligt liggen lag lagen zit zitten zat komt komen kwam kwamen doet doen deed hoort horen behoort
    """.split()
)
# Adjectives of place names: "Vlaamse" is supported by "Vlaanderen" and the other way round.
PLACE_FORMS = {
    "vlaams": "vlaanderen", "vlaamse": "vlaanderen", "limburgs": "limburg", "limburgse": "limburg",
    "belgisch": "belgie", "belgische": "belgie", "europees": "europa", "europese": "europa",
    "nederlands": "nederland", "nederlandse": "nederland", "waals": "wallonie", "waalse": "wallonie",
    "brussels": "brussel", "brusselse": "brussel", "duits": "duitsland", "duitse": "duitsland",
}
# Number words a sentence may state and its passages must support, with their digits
# ("drie" is supported by "3" and the other way round). Without digits: amounts without
# one value, proportions and multiples, which must occur as words.
NUMBER_WORDS: dict[str, str | None] = {
    **{word: str(value) for word, value in CARDINALS.items() if word not in ARTICLES},
    **dict.fromkeys(MAGNITUDES | {"half", "helft", "dubbel", "verdubbelen", "verdubbeling"}),
}
DATE_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(
    "voorjaar najaar zomer winter lente herfst kwartaal eeuw decennium".split()
)
# A negation the passages lack turns a supported sentence into its opposite.
NEGATIONS = frozenset({"niet", "geen", "nooit", "niemand", "niets", "nergens", "allerminst", "not", "no", "never"})
INSTRUCTION = re.compile(
    r"\b(negeer\w*|vergeet|ignore|disregard|instructie\w*|opdracht(en)?|prompt\w*|systeembericht\w*|"
    r"regels? (hierboven|van het systeem)|als (een )?(ai|taalmodel|assistent)|taalmodel\w*|system message)\b",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\[\s*(\d{1,3}(?:\s*(?:[,;]|[-–])\s*\d{1,3})*)\s*\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
QUOTE_MIN_CHARS = 8  # shorter quoted bits ("'s", a term in quotes) are words, checked as words
_NAME = re.compile(r"(?<![\w-])([A-ZÀ-ÖØ-Þ][\w'’-]*)")
_ACRONYM = re.compile(r"\b[A-Z]{2,}[a-z]?\b")
_BULLET = re.compile(r"^\s*(?:[-*•➔>]+|\d{1,2}[.)])\s+")
_MARKUP = re.compile(r"\*\*|__|`|^#+\s*", re.MULTILINE)


@dataclass(frozen=True)
class SentenceCheck:
    """One sentence of the model's text and the verdict on it."""

    text: str  # as written, citation markers included
    body: str  # without citation markers
    cited: tuple[int, ...]
    ok: bool
    reason: str | None = None  # no_citation | unknown_citation | number | date | name | quote | negation | instruction | overlap | fragment | empty | refusal | repeated | too_long
    unsupported: tuple[str, ...] = ()  # the words, numbers or names that were not found
    overlap: float = 0.0


@dataclass(frozen=True)
class Verification:
    checks: tuple[SentenceCheck, ...]
    tuning: VerifyTuning = field(default_factory=VerifyTuning)

    @property
    def claims(self) -> list[SentenceCheck]:
        return [c for c in self.checks if c.reason not in ("refusal", "empty")]

    @property
    def kept(self) -> list[SentenceCheck]:
        return [c for c in self.checks if c.ok]

    @property
    def refusal(self) -> bool:
        """The model said the passages do not answer (and claimed nothing that held)."""
        return any(c.reason == "refusal" for c in self.checks) and not self.kept

    @property
    def supported(self) -> bool:
        claims, kept = self.claims, self.kept
        return bool(kept) and len(kept) / max(1, len(claims)) >= self.tuning.min_kept_share

    @property
    def removed(self) -> list[SentenceCheck]:
        return [c for c in self.checks if not c.ok]


# -- splitting -----------------------------------------------------------------------------
def clean_output(text: str) -> str:
    """The model's text without markdown emphasis, headings and bullets."""
    text = _MARKUP.sub("", text or "")
    lines = [_BULLET.sub("", line).strip() for line in text.replace("\r", "").split("\n")]
    return "\n".join(line for line in lines if line)


def split_sentences(text: str) -> list[str]:
    """Sentences of the model's text, line by line; ``[n]`` markers after the full stop stay with their sentence."""
    return [line[s:e] for line in clean_output(text).split("\n") for s, e in sentence_spans(line)]


def citations_in(sentence: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for m in _MARKER.finditer(sentence):
        for part in re.split(r"\s*[,;]\s*", m.group(1)):
            if re.search(r"[-–]", part):
                a, b = (int(x) for x in re.split(r"\s*[-–]\s*", part)[:2])
                numbers.extend(range(a, b + 1) if 0 < b - a < 20 else (a, b))
            else:
                numbers.append(int(part))
    return tuple(dict.fromkeys(numbers))


def strip_markers(sentence: str) -> str:
    body = _MARKER.sub("", sentence)
    body = re.sub(r"\s+([.,;:!?…])", r"\1", body)
    return " ".join(body.split())


# -- what a sentence claims ----------------------------------------------------------------
def content_words(text: str) -> set[str]:
    """Folded words that carry content (no stop, frame or phrasing words, no numbers)."""
    return {
        w for w in words(text)
        if len(w) >= 3 and not w[0].isdigit() and w not in stopwords() and w not in function_words() and w not in PHRASING_WORDS
    }


def numbers_in(text: str) -> set[str]:
    """Numbers as written in digits (decimal comma and point alike) and number words."""
    found = {m.group(0).replace(".", ",").rstrip(",") for m in _NUMBER.finditer(text)}
    for w in words(text):
        if w in NUMBER_WORDS:
            found.add(w)
    return found


def _number_supported(number: str, support_numbers: set[str], support_words: set[str]) -> bool:
    if number in support_numbers or number in support_words:
        return True
    digits = NUMBER_WORDS.get(number)
    if digits and digits in support_numbers:
        return True
    # "3" is supported by "drie" in the passage
    return any(d == number and w in support_words for w, d in NUMBER_WORDS.items() if d)


def names_in(sentence: str) -> set[str]:
    """Capitalised words not at the start of the sentence (or of a quotation), and acronyms."""
    body = sentence.lstrip(" „“\"'(«")
    names: set[str] = set()
    for m in _NAME.finditer(body):
        if m.start() == 0:
            continue
        before = body[: m.start()].rstrip()
        if before.endswith((":", "„", "“", '"', "«", "(", ".", "!", "?")):
            continue
        names.add(m.group(1))
    names.update(_ACRONYM.findall(body))
    return names


def _support(texts: list[str]) -> tuple[set[str], set[str], set[str], str]:
    joined = "\n".join(texts)
    ws = set(words(joined))
    stems = set(tokenize(joined))
    nums = {n.replace(".", ",").rstrip(",") for n in _NUMBER.findall(joined)}
    return ws, stems, nums, loose(joined)


def _word_supported(word: str, support_words: set[str], support_stems: set[str]) -> bool:
    if word in support_words or word_matches(word, support_words):
        return True
    place = PLACE_FORMS.get(word)
    if place and (place in support_words or any(PLACE_FORMS.get(w) == place for w in support_words)):
        return True
    # An inflected or compound form of a passage word: "innovatieve" for "innovatie".
    if any(len(w) >= 5 and word.startswith(w) for w in support_words):
        return True
    stem = tokenize(word)
    return bool(stem) and stem[0] in support_stems


def _unbalanced(body: str) -> bool:
    return body.count("(") != body.count(")") or body.count("„") + body.count("“") < body.count("”") or (
        body.count("„") > body.count("”") + body.count("“"))


def refusals(p: Prompts) -> tuple[str, ...]:
    """How a refusal is worded: the answer's own sentence and the phrase that marks a model's variants of it."""
    return p.get("algemeen.niet_gevonden"), p.get("llm.weigering")


def is_refusal(body: str, refusal: str | tuple[str, ...]) -> bool:
    """Whether a sentence says the documents do not answer: it holds one of the ``refusals`` phrases."""
    folded = loose(body).rstrip(".! ")
    return any(loose(phrase).rstrip(".! ") in folded for phrase in ((refusal,) if isinstance(refusal, str) else refusal))


def check_sentence(sentence: str, passages: dict[int, str], tuning: VerifyTuning,
                   refusal: str | tuple[str, ...]) -> SentenceCheck:
    cited = citations_in(sentence)
    body = strip_markers(sentence)
    if is_refusal(body, refusal):
        return SentenceCheck(sentence, body, cited, False, "refusal")
    content = content_words(body)
    nums = numbers_in(body)
    if not content and not nums:
        return SentenceCheck(sentence, body, cited, False, "empty")
    if not cited:
        return SentenceCheck(sentence, body, cited, False, "no_citation")
    missing = [n for n in cited if n not in passages]
    if missing:
        return SentenceCheck(sentence, body, cited, False, "unknown_citation", tuple(f"[{n}]" for n in missing))
    if _unbalanced(body):  # a cut-off or garbled piece, e.g. "(Competit" at the token limit
        return SentenceCheck(sentence, body, cited, False, "fragment")
    ws, stems, support_nums, support_loose = _support([passages[n] for n in cited])
    for q in outer_quotations(body):  # text presented as a quotation must be one (inner quotes included)
        if q.closed and len(q.text.strip()) >= QUOTE_MIN_CHARS and loose(q.text).strip(" .,") not in support_loose:
            return SentenceCheck(sentence, body, cited, False, "quote", (q.text,))

    bad = sorted(n for n in nums if not _number_supported(n, support_nums, ws))
    if bad:
        return SentenceCheck(sentence, body, cited, False, "number", tuple(bad))
    bad = sorted(w for w in set(words(body)) if w in DATE_WORDS and w not in ws)
    if bad:
        return SentenceCheck(sentence, body, cited, False, "date", tuple(bad))
    bad = sorted(n for n in names_in(body) if not all(_word_supported(w, ws, stems) for w in words(n)))
    if bad:
        return SentenceCheck(sentence, body, cited, False, "name", tuple(bad))
    bad = sorted(w for w in set(words(body)) if w in NEGATIONS and w not in ws)
    if bad:
        return SentenceCheck(sentence, body, cited, False, "negation", tuple(bad))
    for m in INSTRUCTION.finditer(body):
        if fold(m.group(0)) not in support_loose:
            return SentenceCheck(sentence, body, cited, False, "instruction", (m.group(0),))

    if content:
        unsupported = sorted(w for w in content if not _word_supported(w, ws, stems))
        overlap = 1 - len(unsupported) / len(content)
    else:
        unsupported, overlap = [], 1.0
    if overlap < tuning.min_overlap:
        return SentenceCheck(sentence, body, cited, False, "overlap", tuple(unsupported), round(overlap, 3))
    return SentenceCheck(sentence, body, cited, True, None, tuple(unsupported), round(overlap, 3))


def verify(text: str, passages: dict[int, str], tuning: VerifyTuning | None = None,
           refusal: str | tuple[str, ...] | None = None) -> Verification:
    """Check every sentence of ``text`` against ``passages`` (number -> passage text with its source line).

    ``refusal``: how a refusal is worded (default: ``refusals`` of the bundled prompts).
    """
    tuning = tuning or VerifyTuning()
    refusal = refusal if refusal is not None else refusals(load_prompts())
    checks: list[SentenceCheck] = []
    seen: set[str] = set()
    for i, sentence in enumerate(split_sentences(text)):
        if i >= tuning.max_sentences:
            checks.append(SentenceCheck(sentence, strip_markers(sentence), citations_in(sentence), False, "too_long"))
            continue
        check = check_sentence(sentence, passages, tuning, refusal)
        key = loose(check.body)
        if check.ok and key in seen:  # a repeated sentence adds nothing
            check = SentenceCheck(check.text, check.body, check.cited, False, "repeated")
        seen.add(key)
        checks.append(check)
    return Verification(tuple(checks), tuning)


def render(checks: list[SentenceCheck], numbering: dict[int, int]) -> str:
    """Kept sentences as prose, markers renumbered and placed before the final punctuation."""
    out = []
    for check in checks:
        marks = "".join(f"[{numbering[n]}]" for n in check.cited)
        body = check.body
        m = re.search(r"(?<![.…])[.!?]$", body)  # "zin [1]." but "opsomming, … [1]"
        if m:
            out.append(f"{body[: m.start()].rstrip()} {marks}{body[m.start():]}")
        else:
            out.append(f"{body} {marks}")
    return " ".join(out)


# -- follow-up rewrites ----------------------------------------------------------------------
def rewrite_supported(rewrite: str, question: str, history: list[str]) -> bool:
    """A rewritten follow-up may only use words, numbers and names found in the question or the history."""
    rewrite = " ".join((rewrite or "").split())
    if not rewrite or len(rewrite) > 400:
        return False
    source = "\n".join([question, *history])
    ws, stems, nums, _ = _support([source])
    if any(not _number_supported(n, nums, ws) for n in numbers_in(rewrite)):
        return False
    if INSTRUCTION.search(rewrite) and not INSTRUCTION.search(source):
        return False
    return all(_word_supported(w, ws, stems) for w in content_words(rewrite) | {fold(n) for n in names_in(rewrite)})
