"""Typed values in Dutch policy text: amounts, percentages, counts, dates, periods, targets, names.

A question asks for a type of value ("Wat kost …?" an amount, "Tegen wanneer …?" a date);
a passage answers it only when it holds a value of that type. Values are read from their
written form, never from a topic: "€ 3,5 miljoen", "650.000 euro", "25%", "een op vijf",
"1.200 woningen", "15 maart 2027", "2024–2029", "tegen 2035", "Streefwaarde: 40 %".

``find_values(text)`` returns every value with its span and a normalised form, so an answer
can open with the value itself and a test can check it against the passage.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ingest.dutch import CARDINALS, MONTHS

_MONTHS = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_ABBR = r"jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
# A number as Dutch writes it: 1.200 / 1 200 (thousands), 3,5 (decimals), 2.300.000.
_NUM = r"\d{1,3}(?:[.\u202f\u00a0 ]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_SCALE = r"miljoen|miljard|mln\.?|mld\.?|duizend|k\b"
_CARDINAL_WORDS = "|".join(sorted((w for w in CARDINALS if w not in ("een", "één")), key=len, reverse=True))

_MONEY = re.compile(
    rf"(?:(?<![\w€])(?P<p>k|K|M|mio\.?)\s?)?(?:€|\bEUR\b)\s?(?P<a>{_NUM})(?:\s?(?P<s1>{_SCALE}))?"
    rf"|(?<![\d.,])(?P<b>{_NUM})\s?(?P<s2>{_SCALE})?\s?(?:euro\b|EUR\b|(?P<q>k|K|M)?€)"
    rf"|\b(?:budget|bedrag|kostprijs|investering)\w*\s+(?:van\s+)?(?P<c>{_NUM})(?![.,]?\d)(?:\s?(?P<s3>{_SCALE}))?(?!\s?(?:euro|EUR|{_SCALE}))",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"(?P<n>{_NUM})\s?(?:%|procent\b|percent\b|procentpunt(?:en)?\b)", re.IGNORECASE)
# "een op vijf", "één op de drie", "1 op 4": a share written as a ratio.
_RATIO = re.compile(rf"(?<![\d.,])\b(?P<a>een|één|\d+|{_CARDINAL_WORDS})\s+op\s+(?:de\s+)?(?P<b>\d+|{_CARDINAL_WORDS})\b",
                    re.IGNORECASE)
_YEAR = r"(?:19|20)\d\d"
_DAY_MONTH = re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTHS}|{_MONTH_ABBR}\.?)(?:\s+(?P<y>{_YEAR}))?\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MONTHS})\s+(?P<y>{_YEAR})\b", re.IGNORECASE)
_QUARTER = re.compile(rf"\b(?P<q>Q[1-4]|(?:eerste|tweede|derde|vierde)\s+kwartaal)\s+(?:van\s+)?(?P<y>{_YEAR})\b", re.IGNORECASE)
_DEADLINE_YEAR = re.compile(rf"\b(?:tegen|vóór|voor|uiterlijk|eind|einde|begin|medio|in|vanaf|sinds|tot)\s+(?:het\s+jaar\s+)?(?P<y>{_YEAR})\b",
                            re.IGNORECASE)
_PERIOD = re.compile(
    rf"\b(?P<a>{_YEAR})\s?(?:[-–—/]|t/m|tot(?:\s+en\s+met)?)\s?(?P<b>{_YEAR}|\d\d)\b"
    rf"|\bvan\s+(?P<c>{_YEAR})\s+tot(?:\s+en\s+met)?\s+(?P<d>{_YEAR})\b"
    rf"|\b(?P<n>{_NUM}|{_CARDINAL_WORDS})\s+(?P<u>jaar|jaren|maanden|maand|weken)\b",
    re.IGNORECASE,
)
_PLAIN_YEAR = re.compile(rf"\b{_YEAR}\b")
_COUNT = re.compile(rf"(?<![\d.,€])\b(?P<n>(?:{_NUM})(?:\s(?:miljoen|miljard|duizend))?|{_CARDINAL_WORDS}|honderden|duizenden|tientallen)\b"
                    rf"(?!\s?(?:%|procent|euro|EUR|{_SCALE}))"
                    r"(?:\s+(?P<noun>(?:[^\W\d_]+\s+){0,2}?[^\W\d_]{3,}))?", re.IGNORECASE)
# Words that make a quantity a target: a field or cell named so, or a value to reach.
_TARGET_WORD = re.compile(r"\b(?:streef\w*|doelwaarde\w*|doelstelling\w*|target\w*|ambitie\w*|beoogd\w*|"
                          r"te\s+bereiken|moet\s+(?:stijgen|dalen|groeien)|(?:stijgen|dalen|groeien|verhogen|verlagen|"
                          r"toenemen|afnemen|halveren|verdubbelen)\s+(?:naar|tot|met))\b", re.IGNORECASE)
_BASELINE_WORD = re.compile(r"\b(?:nulmeting|vertrekwaarde|uitgangswaarde|beginwaarde|basiswaarde|vandaag|momenteel|nu)\b[^.;]*$",
                            re.IGNORECASE)
_FUTURE_YEAR = re.compile(r"\b(?:tegen|in|vóór|voor|uiterlijk)\s+(?:20[2-9]\d)\b", re.IGNORECASE)
# A name: two or more capitalised words, or an acronym, inside a sentence.
_NAME_PAIR = re.compile(r"(?<![\w.])[A-Z][a-zà-ÿ'’-]+(?:\s+(?:van|de|der|den|von|ter|ten)){0,2}\s+[A-Z][a-zà-ÿ'’-]+\b")
# A person's title or role, also as the head of a compound ("klimaatcoördinator"); matched on folded text.
_PERSON_TITLE = re.compile(r"(?:\b|(?<=[a-z]))(?:gouverneur|gedeputeerde|minister|burgemeester|schepen|voorzitter|directeur|"
                           r"wethouder|staatssecretaris|projectleider|coordinator|leider|de heer|mevrouw|dhr\.|mevr\.)\b",
                           re.IGNORECASE)
# Target columns and fields: "Streefwaarde", "Doel 2030", "Target 2035", "Beoogd".
TARGET_LABEL = re.compile(r"\b(?:streef\w*|doel(?:waarde|stelling)?|target\w*|beoogd\w*|ambitie(?=\s+(?:19|20)\d\d\b))\b", re.IGNORECASE)
_ORG = re.compile(r"(?<![\w-])(?:[A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Z]{2,})(?![\w-])"  # VDAB, UHasselt, POM, KU Leuven
                  r"|\b(?:[Pp]rovincie|[Gg]emeente|[Ss]tad|[Uu]niversiteit|[Hh]ogeschool|[Mm]inisterie|[Aa]gentschap|"
                  r"[Kk]amer|[Ww]oningcorporatie|[Ww]aterschap|[Vv]ereniging|[Ss]tichting|[Dd]epartement|[Rr]egio)"
                  r"\s+[A-Z][\w-]+"
                  r"|\b[A-Z][\w-]+\s+(?:NV|BV|vzw|VZW|bv|nv)\b")

# A place: a capitalised name after a preposition of place ("in Maaseik", "van Beekvelde", "naar Genk").
_PLACE = re.compile(r"\b(?:in|te|naar|bij|nabij|rond|uit|van|op|langs)\s+(?:de\s+|het\s+)?(?P<name>[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:\s+[A-ZÀ-Ý][a-zà-ÿ'’-]+)*)")

# A noun a quantity is given for: "compensatie van € 5", "energielening tot € 60.000", "Budget: € 650.000".
_OF_NOUN = re.compile(r"(?P<noun>[^\W\d_]{3,})\s*(?::|\s(?:van|tot|ter\s+waarde\s+van)(?:\s+(?:maximaal|max\.?|minimaal|ten\s+hoogste|"
                      r"hoogstens|gemiddeld|ongeveer|circa|ca\.|bijna|ruim))?)\s*$", re.IGNORECASE)

# Question words that ask for a deadline rather than any date.
_DEADLINE_WORDS = frozenset({"tegen", "uiterlijk", "deadline", "afgerond", "klaar", "voltooid", "by when"})

_MAGNITUDE = {"miljoen": 1e6, "mln": 1e6, "mln.": 1e6, "miljard": 1e9, "mld": 1e9, "mld.": 1e9, "duizend": 1e3, "k": 1e3}

# The types a question can ask for; "number" counts something.
TYPES = ("money", "percent", "number", "date", "period", "target", "person", "organisation", "place")  # noqa: E501


@dataclass(frozen=True)
class Value:
    type: str  # money | percent | number | date | period | person | organisation
    text: str  # as written
    start: int
    end: int
    amount: float | None = None  # normalised quantity (euro, percent, count, year)
    noun: str | None = None  # what a count counts ("woningen")


def parse_number(text: str) -> float | None:
    """A Dutch number: "1.200" 1200, "3,5" 3.5, "2.300.000" 2300000, "twaalf" 12."""
    t = text.strip().lower().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if t in CARDINALS:
        return float(CARDINALS[t])
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", t):
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d+", t):
        t = t.replace(",", ".")
    elif re.fullmatch(r"\d+\.\d{1,2}", t):
        pass  # "3.5": a decimal point in English-style writing
    try:
        return float(t)
    except ValueError:
        return None


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


def find_values(text: str) -> list[Value]:
    """Every typed value in ``text``, in order; an amount's digits are not also a count, and so on."""
    out: list[Value] = []
    taken: list[tuple[int, int]] = []

    def add(v: Value) -> None:
        out.append(v)
        taken.append((v.start, v.end))

    for m in _MONEY.finditer(text):
        number = parse_number(m.group("a") or m.group("b") or m.group("c"))
        scale = _MAGNITUDE.get((m.group("s1") or m.group("s2") or m.group("s3") or "").lower().rstrip("."), 1.0)
        prefix = m.group("p") or m.group("q")
        if prefix:  # "k€ 450", "450 k€" are thousands of euro, "M€ 2" millions
            scale *= 1000.0 if prefix in ("k", "K") else 1_000_000.0
        add(Value("money", m.group(0).strip(), m.start(), m.end(), None if number is None else number * scale))
    for m in _PERCENT.finditer(text):
        if not _overlaps(taken, m.start(), m.end()):
            add(Value("percent", m.group(0), m.start(), m.end(), parse_number(m.group("n"))))
    for m in _RATIO.finditer(text):
        a, b = parse_number(_one(m.group("a"))), parse_number(_one(m.group("b")))
        if a and b and a < b and not _overlaps(taken, m.start(), m.end()):
            add(Value("percent", m.group(0), m.start(), m.end(), round(100 * a / b, 1)))
    for m in _PERIOD.finditer(text):
        if not _overlaps(taken, m.start(), m.end()):
            add(Value("period", m.group(0), m.start(), m.end()))
    for pattern in (_DAY_MONTH, _QUARTER, _MONTH_YEAR, _DEADLINE_YEAR, _PLAIN_YEAR):
        for m in pattern.finditer(text):
            if not _overlaps(taken, m.start(), m.end()):
                add(Value("date", m.group(0), m.start(), m.end()))
    for m in _COUNT.finditer(text):
        s, e = m.start("n"), m.end("n")
        if _overlaps(taken, s, e):
            continue
        if re.fullmatch(r"\d{1,2}\.\d{1,2}", m.group("n")):
            continue  # "Actie 4.3", "OD 2.1": a code, no count (Dutch writes thousands as 4.300)
        head, _, scale_word = m.group("n").partition(" ")
        number = parse_number(head)
        if number is not None and scale_word:
            number *= _MAGNITUDE.get(scale_word.lower(), 1.0)
        noun = (m.group("noun") or "").split()[-1].lower() if m.group("noun") else None
        if number is None and m.group("n").lower() not in ("honderden", "duizenden", "tientallen"):
            continue
        add(Value("number", text[s:m.end()] if noun else m.group("n"), s, m.end() if noun else e, number, noun))
    for m in _NAME_PAIR.finditer(text):
        if not _sentence_start(text, m.start()):
            add(Value("person", m.group(0), m.start(), m.end()))
    for m in _ORG.finditer(text):
        if not _overlaps([(v.start, v.end) for v in out if v.type == "organisation"], m.start(), m.end()):
            out.append(Value("organisation", m.group(0), m.start(), m.end()))
    return sorted(out, key=lambda v: (v.start, v.type))


def _one(word: str) -> str:
    return "1" if word.lower() in ("een", "één") else word


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    # After a dash a name is an attribution ("– Hanneke Dirkzwager, gedeputeerde"), not a sentence's first word.
    return not before or before[-1] in ".!?:•\n\"“„'‘(-"


def is_target(text: str, value: Value) -> bool:
    """Whether a quantity is a value to reach: named so ("streefwaarde", "doel") or set for a future year."""
    if value.type not in ("percent", "number", "money"):
        return False
    before = text[max(0, value.start - 60) : value.start]
    if _BASELINE_WORD.search(before[-30:]):
        return False  # "nulmeting 6,4 op 10": where it starts from
    # Named so before it ("Streefwaarde: 40 %", "naar 25% in 2031"), or set for a future year after it.
    after = text[value.end : value.end + 25]
    year = _FUTURE_YEAR.search(after)
    # The year belongs to this value when no other number stands between them ("18% (2024) naar 25% in 2031").
    return bool(_TARGET_WORD.search(before) or re.search(r"\bnaar\s*$", before)
                or (year is not None and not re.search(r"\d", after[: year.start()])))


# Question words that ask when something is done (not "tegen wanneer", which a start also answers).
_DONE_WORDS = frozenset({"klaar", "afgerond", "voltooid", "opgeleverd", "finished", "completed", "ready"})
# A date that says when something starts, not when it is done.
_START = re.compile(r"\b(?:vanaf|sinds|start\w*|begin\w*)\s*(?:\w+\s+)?$", re.IGNORECASE)
_START_TEXT = re.compile(r"(?:vanaf|sinds)\b", re.IGNORECASE)

_AFTER_PREPOSITION = re.compile(r"\b(?:van|bij|voor|uit|in|of|at|for)\s+$", re.IGNORECASE)


def values_of_type(text: str, asked: str, question_words: frozenset[str] = frozenset(),
                   counts=None, window: int = 3, described: frozenset[str] = frozenset(),
                   amount_words: frozenset[str] = frozenset()) -> list[Value]:
    """The values in ``text`` that answer a question asking for ``asked``.

    ``question_words``: folded words of the question; a name the question itself uses is no
    answer to it. ``counts``: for "hoeveel X", which nouns are an X. ``amount_words``: the
    general words for an amount ("budget", "bedrag"); an amount given for another noun the
    question does not name ("een energielening tot € 60.000") is no answer to "welk budget".
    """
    values = find_values(text)
    if asked == "target":
        return [v for v in values if is_target(text, v)]
    if asked == "number":
        nums = [v for v in values if v.type == "number"]
        return nums if counts is None else _counted(text, nums, counts, window)
    if asked == "person":
        # A name with a person's title or role next to it ("voorzitter Jan Peeters"); the role the
        # question names, when it names one ("Wie is de burgemeester van …?").
        from ingest.lexical import fold

        # A name right after a preposition is whom a role belongs to ("de projectcoördinator van
        # Streekgoed Retselt"), not the person.
        # A role written as a name is no person ("Gedeputeerde Staten", "Provinciale Staten").
        names = [v for v in values if v.type == "person" and not _named_in(v.text, question_words)
                 and not _AFTER_PREPOSITION.search(text[max(0, v.start - 8) : v.start])
                 and not _PERSON_TITLE.search(fold(v.text)) and not re.search(r"\bStaten\b", v.text)]
        roles = {m.group(0).lower() for m in _PERSON_TITLE.finditer(" ".join(question_words))}
        near = [(v, fold(text[max(0, v.start - 40) : v.end + 40])) for v in names]
        return [v for v, around in near if (any(r in around for r in roles) if roles else _PERSON_TITLE.search(around))]
    if asked == "organisation":
        named = [v for v in values if v.type in ("organisation", "person") and not _named_in(v.text, question_words)]
        if named or not described:
            return named
        # A group described instead of named: "bedrijven die enkel regionaal verkopen".
        from ingest.lexical import fold

        folded = fold(text)
        return [Value("organisation", m.group(0), m.start(), m.end())
                for m in re.finditer(r"\b(\w+)\s+(?:die|dat|met|zonder|uit)\s+\w+(?:\s+\w+){0,6}", folded)
                if m.group(1) in described]
    if asked == "place":
        return [Value("place", m.group("name"), m.start("name"), m.end("name")) for m in _PLACE.finditer(text)
                if not _named_in(m.group("name"), question_words)]
    if asked == "date":
        dates = [v for v in values if v.type in ("date", "period")]
        if question_words & _DEADLINE_WORDS:
            # "Tegen wanneer …?": a deadline or a period, not a year something once happened ("de jaren
            # 1960"); "Wanneer is … klaar?" not when something starts ("vanaf 2028", "sinds 2024").
            done = bool(question_words & _DONE_WORDS)
            dates = [v for v in dates if not _PLAIN_YEAR.fullmatch(v.text.strip())
                     and not (done and (_START.search(text[max(0, v.start - 12) : v.start]) or _START_TEXT.match(v.text)))]
        return dates
    if asked == "money" and amount_words:
        return [v for v in values if v.type == "money" and _for_asked(text, v, question_words, amount_words)]
    if asked == "period":
        return [v for v in values if v.type == "period" or (v.type == "date" and _PLAIN_YEAR.fullmatch(v.text.strip()) is None)]
    return [v for v in values if v.type == asked]


_PER = re.compile(r"\b(?:per|each|every)\s+(?:(?:de|het|een)\s+)?(?P<unit>[^\W\d_]{2,})", re.IGNORECASE)


_INITIALS_NAME = re.compile(r"\b(?:[A-Z]\.\s?){1,3}(?:(?:van|de|der|den|ter|ten)\s+){0,2}[A-Z][a-zà-ÿ'’-]+")
_ASKS_NAME = re.compile(r"\bhoe\s+(?:heet|heten|noemt)\b|\bna(?:a)?m(?:en)?\b|\bnames?\b|\bcalled\b", re.IGNORECASE)


def asks_name(question: str) -> bool:
    """Whether a question asks for a name as such ("Hoe heet de contactpersoon?", "de naam van …")."""
    return bool(_ASKS_NAME.search(question))


# Roles a question may name besides the titles above, also in English ("Who is the mayor of …?").
_ROLE_WORD = re.compile(r"(?:\b|(?<=[a-z]))(?:manager|secretaris|mayor|chair|chairman|chairwoman|chairperson|director|governor|"
                        r"alderman|coordinator|leader|president|secretary|spokesperson|woordvoerder)s?\b")


def names_role(question: str) -> bool:
    """Whether a question names a person's role ("Wie is de voorzitter …?", "de projectleider")."""
    from ingest.lexical import fold

    folded = fold(question)
    return bool(_PERSON_TITLE.search(folded) or _ROLE_WORD.search(folded))


def holds_name(value: str) -> bool:
    """Whether a field's value names a person ("Fatma Demirel, directeur", "J. Peeters"), not only a role
    ("de erfgoedconsulent van de gemeente Oudenhoeve", "de programmamanager arbeidsmarkt")."""
    if _INITIALS_NAME.search(value):
        return True
    return any(not _AFTER_PREPOSITION.search(value[max(0, m.start() - 8) : m.start()])
               for m in _NAME_PAIR.finditer(value))


def rate_unit(question: str) -> str | None:
    """What a question asks a quantity per ("hoeveel krijg ik per hectare": "hectare"), folded, or None."""
    from ingest.lexical import fold

    m = _PER.search(fold(question))
    return m.group("unit") if m else None


def per_unit(text: str, value: Value, forms: frozenset[str]) -> bool:
    """Whether a value is given per the asked unit ("€ 400 per hectare per jaar"; "35 hectare" is not),
    the unit as one of ``forms`` or a word starting like it."""
    from ingest.lexical import fold

    m = _PER.match(fold(text[value.end : value.end + 40]).lstrip(" ,"))
    if m is None:
        m = re.match(r"\s*(?:[^\W\d_]+\s+){0,2}?(?:per|/)\s*(?:(?:de|het|een)\s+)?(?P<unit>[^\W\d_]{2,})",
                     fold(text[value.end : value.end + 40]))
    if m is None:
        # "jaarlijks € 2 miljoen", "dagelijkse ritten": per year, per day.
        before = fold(text[max(0, value.start - 30) : value.start])
        return any(len(f) >= 3 and re.search(rf"\b{re.escape(f[:3])}\w*lijkse?\b", before) for f in forms)
    unit = m.group("unit")
    return unit in forms or any(len(f) >= 4 and (unit.startswith(f[:4]) and f.startswith(unit[:4])) for f in forms)


def of_noun(text: str, value: Value) -> str | None:
    """The noun a quantity is given for, joined to it by "van", "tot" or a colon (folded), or None."""
    from ingest.lexical import fold

    m = _OF_NOUN.search(text[max(0, value.start - 60) : value.start])
    return fold(m.group("noun")) if m else None


def related_word(word: str, others: frozenset[str]) -> bool:
    """Whether ``word`` is one of ``others`` or shares its stem or compound head with one ("energielening", "lening")."""
    if word in others:
        return True
    for other in others:
        if len(other) < 4 or len(word) < 4:
            continue
        if word.endswith(other) or other.endswith(word):
            return True  # a compound and its head
        shorter = min(len(word), len(other))
        shared = len(os.path.commonprefix([word, other]))
        if shared >= 5 and shared >= shorter - 2:
            return True  # one word in another form ("prioriteit", "prioriteiten")
    return False


def measures(text: str, counts, window: int) -> list[Value]:
    """Amounts and percentages given for a counted noun: "een compensatie van € 5" answers "hoeveel compensatie"."""
    from ingest.lexical import fold

    out = []
    for v in find_values(text):
        if v.type in ("money", "percent"):
            before = re.findall(r"[^\W\d_]+", text[max(0, v.start - 60) : v.start])[-(window + 1) :]
            if any(counts(fold(w)) for w in before) and of_noun(text, v) is not None:
                out.append(v)
    return out


def _for_asked(text: str, v: Value, question_words: frozenset[str], amount_words: frozenset[str]) -> bool:
    noun = of_noun(text, v)
    return noun is None or related_word(noun, amount_words | question_words)


def _named_in(name: str, question_words: frozenset[str]) -> bool:
    """Whether the question names this name itself: all its words, or its only long one ("de UHasselt";
    "Landbouwcentrum Kempen" is no name of the question "… van het klimaatplan Kempenland")."""
    from ingest.lexical import fold

    parts = [w for w in re.findall(r"\w+", fold(name)) if len(w) > 2 and w not in _ORG_TYPES]
    return bool(parts) and all(w in question_words for w in parts)


# The type words of an organisation's name ("Gemeente Maasdal" is named by "Maasdal"); as in ``_ORG``.
_ORG_TYPES = frozenset({"provincie", "gemeente", "stad", "universiteit", "hogeschool", "ministerie", "agentschap", "kamer",
                        "woningcorporatie", "waterschap", "vereniging", "stichting", "departement", "regio", "van", "der",
                        "den"})


_THAT_NUMBER = re.compile(r"\b(?:dat|dit|hun|het|zijn|haar|dat\s+totale|hun\s+totale)\s+aantal\b(?:[^.;:!?]|[.,](?=\d))*$",
                          re.IGNORECASE)


def _counts_by_reference(text: str, v: Value, counts) -> bool:
    """A number of "dat aantal" / "hun aantal" in its sentence, the counted noun named in the sentence
    before ("… 1,1 miljoen overnachtingen; dat aantal willen we optrekken tot 1,4 miljoen"), with no noun
    of its own."""
    from ingest.lexical import fold

    from ingest.lexical import stopwords

    if v.noun is not None and not counts(v.noun) and v.noun not in stopwords():
        return False  # "80 wagens": it counts something else
    before = text[max(0, v.start - 200) : v.start]
    if not _THAT_NUMBER.search(before):
        return False
    return any(counts(fold(w)) for w in re.findall(r"[^\W\d_]+", before))


def _counted(text: str, nums: list[Value], counts, window: int) -> list[Value]:
    """The numbers that count the asked noun: written with it ("1.200 sociale woningen"), or of "dat
    aantal" after a sentence that names it; and amounts given for it (``measures``)."""
    out = []
    for v in nums:
        end = _counted_end(text, v, counts, window)
        if end is not None:
            out.append(Value(v.type, text[v.start : end], v.start, end, v.amount, v.noun))
        elif _counts_by_reference(text, v, counts):
            number = v.text[: v.text.rfind(v.noun)].strip() if v.noun and v.text.endswith(v.noun) else v.text
            out.append(Value(v.type, number, v.start, v.start + len(number), v.amount, None))
    return out + measures(text, counts, window)


def _counted_end(text: str, v: Value, counts, window: int) -> int | None:
    """Where the counted noun after a number ends ("1.200 sociale woningen"), None if none is counted."""
    from ingest.lexical import fold

    first_word = re.match(r"\S+", text[v.start :])
    assert first_word is not None  # a value starts with its first non-space character
    number_end = v.start + len(first_word.group(0))
    for i, m in enumerate(re.finditer(r"[^\W\d_]+", text[number_end : number_end + 80])):
        if i >= window:
            break
        if counts(fold(m.group(0))):
            return number_end + m.end()
    return None


def is_target_label(label: str) -> bool:
    """Whether a field or column label names a target value ("Streefwaarde", "Doel 2030")."""
    return bool(TARGET_LABEL.search(label))


__all__ = ["names_role", "asks_name", "holds_name", "rate_unit", "per_unit", "is_target_label", "Value", "TYPES", "find_values", "values_of_type", "is_target", "parse_number", "measures", "of_noun",
           "related_word"]
