"""Gathering the evidence an answer path hands to ``chatbot.decide.decide``: the asked values, coverage, unknowns.

``Gatherer`` finds the values of the asked type in the best passages (or in their documents'
fields) and sums up what a path found as an ``Evidence``.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from chatbot.corpusview import CorpusView, is_heading
from chatbot.decide import Decision, Evidence, decide
from chatbot.facts import EMPTY_CELL, field_value, fields, has_count, has_fact
from chatbot.lexicon import common_prefix, function_words, text_words
from chatbot.ranking import Passage, Question, Ranking
from chatbot.tuning import Tuning
from chatbot.understand import Understanding, cues, english_lexicon, inflected, named_words, role_words, same_word, verb_words
from chatbot.values import TYPES, asks_name, find_values, holds_name, is_target_label, names_role, per_unit, rate_unit, values_of_type
from ingest.chunk import Chunk
from ingest.lexical import fold, words
from ingest.structure import table_cells

# What a field's value must hold to answer a question that asks a quantity or a time.
_FIELD_FITS = {"money": ("money", "number"), "number": ("number", "money", "percent"), "percent": ("percent", "number"),
               "target": ("percent", "number", "money"), "date": ("date", "period"), "period": ("period", "date")}


def fitting_field(u: Understanding, named: tuple[str, str] | None) -> tuple[str, str] | None:
    """A field the question names, when its value is of the type asked: "Hoeveel trekt de provincie
    uit?" is no question for the field "Trekker: Directie Economie" (an empty field still says absent)."""
    if named is not None and named[1] and u.asks_for in ("person", "organisation") and (
            values_of_type(named[1], "money") or values_of_type(named[1], "date")):
        return None  # an amount or a date names nobody ("Gemeente Retselt | € 120.000")
    if named is not None and named[1] and u.asks_for == "person" and asks_name(u.question) and not holds_name(named[1]):
        return named[0], ""  # "Hoe heet de contactpersoon?" and only a role: no name is given
    if named is None or not named[1] or u.asks_for not in _FIELD_FITS:
        return named
    fits = any(values_of_type(named[1], kind) for kind in _FIELD_FITS[u.asks_for])
    if not fits and named[0] in cues()["ask_words"].get(u.asks_for, frozenset()):
        # The field the question asks by its own word ("kosten" and "Totale kost: te bepalen na de
        # studiefase") is there and gives no value of the type: none is known yet.
        return named[0], ""
    return named if fits else None


ANAPHORA_REACH = 2  # paragraphs before a passage, in its section, that may name what it speaks of


def value_after_label(text: str, label: str, asked: str) -> str | None:
    """The first value of type ``asked`` after ``label`` in ``text``, up to the next label of its kind or
    the sentence's end ("Pijler I (fietsen) krijgt € 21,4 miljoen, Pijler II …" gives "€ 21,4 miljoen")."""
    key = re.match(r"[^\W\d_]+", label)
    if key is None:
        return None
    at = re.search(rf"(?<!\w){re.escape(label)}(?!\w|\.\d)", text, re.IGNORECASE)
    if at is None:
        return None
    rest = text[at.end():]
    stop = re.search(rf"(?<!\w){re.escape(key.group(0))}\s?[\dIVXA-Z]|[.!?](?:\s|$)(?!\d)", rest)
    segment = rest[: stop.start()] if stop else rest
    found = values_of_type(segment, asked)
    return found[0].text if found else None


def row_names_part(first_cell: str, code: str, title: str) -> bool:
    """Whether a table row's first cell names a part: its title, after its code or not ("C Kwaliteitsvol
    verblijf" for "THEMA C — KWALITEITSVOL VERBLIJF")."""
    cell, words_of_title = fold(first_cell).split(), fold(title).split()
    if cell and cell[0] == fold(code):
        cell = cell[1:]
    return bool(words_of_title) and cell == words_of_title


def part_row(chunk: Chunk, ref) -> list[tuple[str, str]] | None:
    """A row of a table per part that names ``ref`` ("C Kwaliteitsvol verblijf | 700 | 850 | …"), as
    (column, cell) pairs read under its header; None for any other chunk."""
    if not chunk.columns:
        return None
    pairs = table_cells(chunk.columns, chunk.text)
    return pairs if pairs and row_names_part(pairs[0][1], ref.code, ref.title) else None


def row_value(pairs: list[tuple[str, str]], numbers: tuple[str, ...]) -> str | None:
    """The cells of a row under the columns that hold values: the one whose header the question names
    ("in 2028": "2028: 850"), else all of them ("2027: 700; 2028: 850; …")."""
    cells = [(col, cell) for col, cell in pairs[1:] if re.search(r"\d", cell) and not EMPTY_CELL.match(cell)]
    named = [(col, cell) for col, cell in cells if col in numbers]
    chosen = named or cells
    return "; ".join(f"{col}: {cell}" for col, cell in chosen) if chosen else None


def row_cell(pairs: list[tuple[str, str]], numbers: tuple[str, ...]) -> tuple[str, str] | None:
    """One value of a row, to compare rows by: the column the question names ("2028"), else the one
    column whose header is a word among columns headed by years ("Totaal")."""
    cells = [(col, cell) for col, cell in pairs[1:] if re.search(r"\d", cell) and not EMPTY_CELL.match(cell)]
    named = [(col, cell) for col, cell in cells if col in numbers]
    if named:
        return named[0]
    worded = [(col, cell) for col, cell in cells if not re.search(r"\d", col)]
    return worded[0] if len(worded) == 1 else None


def amount_nouns(u: Understanding) -> frozenset[str]:
    """The amount nouns a money question names ("welk budget"), with which an amount for another
    thing is no answer; none for "hoeveel kost …" (``chatbot.values.values_of_type``)."""
    nouns = cues()["amount_nouns"]
    return nouns if any(w in nouns for w in words(u.question)) else frozenset()


def target_cell(u: Understanding, pairs: list[tuple[str, str]], asked_cues: frozenset[str]) -> tuple[str, str] | None:
    """For a target asked, the field or column a target label heads ("Doel 2030: 1.100 MWp"), as
    (the question's cue word, value); an empty cell ("–") gives an empty value: no target."""
    if u.asks_for != "target":
        return None
    label_value = next(((lb, v) for lb, v in pairs if is_target_label(lb)), None)
    if label_value is None:
        return None
    cue = next((w for w in words(u.question) if w in asked_cues), label_value[0].lower())
    return cue, "" if EMPTY_CELL.match(label_value[1]) else label_value[1]


def asked_names(u: Understanding, asked_cues: frozenset[str]) -> tuple[str, ...]:
    """The words that may name a field: the topic words and the question's cue words of the asked type."""
    # Grammar never names a field: "van" of "naam van de" is no "Stand van zaken".
    fw = function_words()
    return tuple(dict.fromkeys((*u.known, *((u.field,) if u.field else ()),
                                *(w for w in words(u.question) if w in asked_cues and w not in fw))))


def named_field(u: Understanding, text: str, pairs: list[tuple[str, str]] | None, asked_cues: frozenset[str]
                ) -> tuple[str, str] | None:
    """(word, value) of the field the question names, of the asked type (``fitting_field``): by the
    question's own words first; for an amount asked in any words ("wat gaat het kosten?"), then by the
    amount words of the asked type ("Kostprijs", "Budget")."""
    named = fitting_field(u, field_value(text, asked_names(u, asked_cues), pairs))
    if named is None and u.asks_for == "money":
        amount_words = tuple(sorted(w for w in asked_cues if len(w) >= 4 and w not in function_words()))
        named = fitting_field(u, field_value(text, amount_words, pairs))
    return named


_PARTICIPLE = re.compile(r"^(?:[a-z]{0,6}ge[a-z]{3,}[dt]|(?:be|ver|ont|her)[a-z]{3,}[dt])$")


def event_participle(question: str) -> str | None:
    """The participle a date question asks the moment of ("Op welke datum is de agenda vastgesteld?"):
    its last content word, when that is a past participle; else None."""
    fw = function_words()
    content = [w for w in words(question) if w not in fw and not w.isdigit()]
    last = content[-1] if content else ""
    return last if _PARTICIPLE.match(last) else None


def _asked_rate(u: Understanding) -> str | None:
    """The unit a quantity is asked per ("hoeveel krijg ik per hectare", "hoeveel fietsers per werkdag"), not
    a noun's own "per" ("het bruto binnenlands product per inwoner" names what the value is of)."""
    unit = rate_unit(u.question)
    if unit is None:
        return None
    toks = words(u.question)
    at = next((i for i, t in enumerate(toks) if t == "per" and i + 1 < len(toks) and toks[i + 1] == unit), None)
    before = toks[at - 1] if at else ""
    fw = function_words()
    return unit if (before in fw or before in (u.counted_words or ()) or before == u.counted) else None


_TOTAL = re.compile(r"\b(?:in\s+totaal|totaal|totale|samen\s+goed\s+voor|in\s+het\s+totaal|total|volledige|gehele)\b",
                    re.IGNORECASE)


def _asks_total(u: Understanding) -> bool:
    """Whether a question asks a total ("het totale budget", "hoeveel in totaal", "the total budget")."""
    return bool(_TOTAL.search(u.question))


_COPULA = frozenset({"is", "zijn", "was", "waren", "are", "were"})


def _who_does(question: str) -> bool:
    """"Wie leidt het project?", "Who is running …?": who does something, a person or an organisation;
    "Wie is de gemeente Retselt bij …?" asks what someone is."""
    toks = words(question)
    at = next((i for i, t in enumerate(toks) if t in ("wie", "who")), None)
    if at is None or at + 1 >= len(toks):
        return False
    verb = toks[at + 1]
    return verb not in _COPULA or (at + 2 < len(toks) and toks[at + 2].endswith("ing"))


def _counts_as(form: str, word: str) -> bool:
    """Whether a corpus form counts as the counted word: the word itself, inflected, or a compound whose head
    it is; not a compound with the word as its modifier."""
    return (form == word or form.endswith(word) or word.endswith(form) or len(form) - common_prefix(form, word) <= 3
            or (len(word) >= 7 and Levenshtein.distance(form, word) <= 1))  # a typing error ("stagplaatsen")


def _bare_quantity(u: Understanding) -> bool:
    """"Hoeveel" that counts no noun ("hoeveel legt de provincie bij"): any quantity, an amount first."""
    return u.asks_for == "number" and not u.counted


def _label_said(label: str, asked_words: frozenset[str]) -> int:
    """How many words of a field's label the question says, in some form ("provincie": "Provinciale")."""
    fw = function_words()
    return sum(1 for w in words(label) if w not in fw and len(w) >= 4
               and any(q[:6] == w[:6] if min(len(q), len(w)) >= 6 else q == w for q in asked_words))


def _amount_or_share(value: str) -> bool:
    return any(v.type in ("money", "percent") for v in find_values(value))


class Gatherer:
    """The evidence for the decision, over one index version."""

    def __init__(self, corpus: CorpusView, ranking: Ranking, tuning: Tuning) -> None:
        self.corpus = corpus
        self.ranking = ranking
        self.t = tuning

    def fact_check(self, q: Question, passages: list[Passage]) -> bool | None:
        """Whether one of the best passages holds the kind of fact asked for (None: nothing asked)."""
        if not q.u.asks_for:
            return None
        return bool(self.fact_values(q, passages))

    def fact_values(self, q: Question, passages: list[Passage]) -> list[tuple[Passage, str]]:
        """The values of the asked type in the best passages about the question's subject, as written.

        A passage is about the subject when the question's topic words are in it or in what it
        stands under (its document's title, its section, the heading it came from): a fiche's
        "Budget: € 650.000" line is about the project the fiche is titled by. A ``Label: waarde``
        field whose label the question names answers it whatever the value's form. The question
        words a field's label answered go to ``q.field_words``.
        """
        u = q.u
        if not u.asks_for:
            return []
        counting = self._counting(u)
        if counting is None:
            return []  # what is counted occurs in no document
        counts, topic = counting
        # The asker's role ("als uitbater van een vakantiewoning") is not what the value is of.
        role = role_words(u.question)
        topic = tuple(t for t in topic if t not in role) or topic
        # What is done to it ("trekt … uit", "wil … halen") is asked of the subject; when no passage has it,
        # it is not a word its value stands with.
        verbs = verb_words(u.question)
        nouns = tuple(t for t in topic if t not in verbs)
        asked_words = frozenset(words(u.question)) | self.corpus.domain_forms
        asked_cues = cues()["ask_words"].get(u.asks_for, frozenset())
        if not [t for t in topic if t not in asked_cues]:
            # Nothing asked of but a part ("Welk budget is voorzien voor werf 3?"): the line that gives it for that part.
            by_part = self.part_lines(u)
            q.memo["part_value"] = bool(by_part)
            if by_part:
                return by_part
        # A fiche's field that the question names ("Met welk bedrag steunt de provincie …" and "Provinciale
        # steun | € 310.000") is the fiche's own answer, before any amount its other lines give.
        found = self.document_fields(u, passages, asked_words, asked_cues, named_only=True, said=q.field_words)
        named = [t for t in nouns if t not in asked_cues]
        if not found and u.asks_for == "money" and _asks_total(u) and all(self._names_a_document(t) for t in named):
            # "Wat is het totale budget van de agenda?": the amount a sentence or row gives as the total, in
            # the documents the question names by their title (all when it names none).
            found = self.total_lines(frozenset(src for src, ws in self.corpus.title_words.items()
                                               if all(self._names_a_document(t, ws) for t in named)))
            q.memo["part_value"] = bool(found)  # the total of what the question names is about all of it
        if not found:
            found = self._passage_values(q, passages, topic, counts, asked_words, asked_cues)
        if not found and nouns != topic:
            found = self._passage_values(q, passages, nouns, counts, asked_words, asked_cues)
        if not found or (_bare_quantity(u) and not any(_amount_or_share(v) for _, v in found)):
            # A fiche's amount answers "hoeveel legt de provincie bij" before a count in its description.
            found = self.document_fields(u, passages, asked_words, asked_cues) or found
        if not found:
            found = self.part_lines(u)
            q.memo["part_value"] = bool(found)
        return found

    def _passage_values(self, q: Question, passages: list[Passage], topic: tuple[str, ...], counts,
                        asked_words: frozenset[str], asked_cues: frozenset[str]) -> list[tuple[Passage, str]]:
        """The asked values in the best passages about the subject (a named field first)."""
        u = q.u
        found: list[tuple[Passage, str]] = []
        # Names the question writes must each be in a passage for its value to be theirs ("uit de
        # provincie Antwerpen": Limburg's share is no answer); a name in every document's title
        # ("Limburg", "Dijleland") is what all passages are about.
        everywhere = frozenset().union(*self.corpus.title_words.values()) if self.corpus.title_words else frozenset()
        names = tuple(n for n in named_words(u.question) if n in topic and n not in everywhere)
        event = event_participle(u.question) if u.asks_for == "date" else None
        wholly_without = False  # a passage with every subject word has no such value
        partial_ids: set[str] = set()  # passages with a value that hold only some subject words
        for p in passages[: self.t.evidence_depth]:
            text = self.corpus.whole(p.chunk)
            pairs = fields(text) + (table_cells(p.chunk.columns, p.chunk.text) if p.chunk.columns else [])
            named = named_field(u, text, pairs, asked_cues) or target_cell(u, pairs, asked_cues)
            # The field's own label names what is asked; the rest must be about the subject.
            subject = tuple(t for t in topic if (named is None or not same_word(t, named[0])) and t not in asked_cues)
            if not self._about_subject(subject, p, text, names):
                continue
            whole = self._wholly_about(subject, p, text)
            if wholly_without and not whole:
                continue  # the passage all about the subject has no value; one about part of it gives none
            if named is not None:
                if named[1]:
                    found.append((p, named[1]))
                    q.field_words.add(named[0])  # "trekt" is said by the field "Trekker"
                continue  # the field is there, empty: this passage has no such value
            if u.asks_for == "field":
                continue
            if event is not None and not self._says_event(event, text):
                continue  # "Op welke datum is de agenda vastgesteld?": a date of something else
            value = self._typed_value(u, text, asked_words, counts)
            if value is not None:
                found.append((p, value))
                if not whole:
                    partial_ids.add(p.chunk.id)
            elif whole and len(subject) >= 2 and u.asks_for == "target":
                # An indicator named in full that gives no target has none; a passage about part of it
                # ("fietsers", "netwerk") gives no target for it either.
                wholly_without = True
        if wholly_without:
            found = [(p, v) for p, v in found if p.chunk.id not in partial_ids]
        if _bare_quantity(u):
            # "Hoeveel legt de provincie bij voor …?" counts nothing: an amount or a share answers it before
            # a count of something the question does not name ("80 wagens").
            found = [(p, v) for p, v in found if _amount_or_share(v)] or found
        return found

    def _counting(self, u: Understanding) -> tuple | None:
        """(which words are the counted noun, the topic without it) for "hoeveel X"; (None, topic) for any
        other question; None when what is counted occurs in no document."""
        if not (u.asks_for == "number" and u.counted):
            return None, u.known
        counted = u.counted_words or (u.counted,)
        # What is counted by its forms and the compounds it heads ("bedrijven": "landbouwbedrijven"), not
        # a compound it only modifies ("water" and "Waterbuffer": two project fiches are no water).
        forms = frozenset(f for w in counted for f in self.corpus.lexicon.match(w).forms if _counts_as(f, w))
        dutch: list[str] = []
        if u.english:
            # "How many cyclists …", "How many jobs …": the counted noun in the documents' language too
            # ("jobs" is also Dutch; "6.850 mensen" at "werk" is what the text counts).
            dutch = [d for w in counted for d in english_lexicon().get(w, ())]
            forms |= frozenset().union(*(self.corpus.lexicon.match(d).forms for d in dutch)) if dutch else frozenset()
        if not forms:
            return None
        return (lambda w: w in forms), tuple(t for t in u.known if t != counted[0] and t not in dutch)

    def _names_a_document(self, word: str, title: frozenset[str] | None = None) -> bool:
        """Whether a word names what a document's title (or any title) names ("waterbuffer")."""
        titles = [title] if title is not None else list(self.corpus.title_words.values())
        return any(self.corpus.lexicon.coverage((word,), ws) >= 0.99 for ws in titles)

    def total_lines(self, sources: frozenset[str]) -> list[tuple[Passage, str]]:
        """The largest amount a passage of ``sources`` gives as a total ("In totaal stelt de provincie € 47
        miljoen beschikbaar", "Totaal | 12.400"), with its passage; none when no passage says "totaal"."""
        best: tuple[float, Chunk, str] | None = None
        for chunk in self.corpus.chunks:
            if is_heading(chunk) or not _TOTAL.search(chunk.text) or chunk.source not in sources:
                continue
            for sentence in re.split(r"(?<=[.;!?])\s+", chunk.text):
                if not _TOTAL.search(sentence):
                    continue
                for v in values_of_type(sentence, "money"):
                    if v.amount is not None and (best is None or v.amount > best[0]):
                        best = (v.amount, chunk, v.text)
        if best is None:
            return []
        return [(Passage(best[1], 0.0, 0.0, 1.0), best[2])]

    def part_lines(self, u: Understanding) -> list[tuple[Passage, str]]:
        """For a value asked of a part the question names ("Welk budget is voorzien voor werf 3?"), the
        value written right after that part's label anywhere, before another part of that label or the
        sentence's end: "Werf 3 – Water en hitte: € 11,2 miljoen", "Pijler II (openbaar vervoer) € 15,8 miljoen"."""
        label = u.part or (self.corpus.lines.get(u.ambitielijn, {}).get("label") if u.ambitielijn is not None else None)
        if not label or u.asks_for not in TYPES:
            return []
        ref = next((r for r in self.corpus.parts if r.label == label), None)
        out = []
        for chunk in self.corpus.chunks:
            if is_heading(chunk):
                continue
            value = value_after_label(chunk.text, label, u.asks_for)
            pairs = part_row(chunk, ref) if not value and ref is not None else None
            if pairs:
                value = row_value(pairs, u.numbers)
            if value:
                out.append((Passage(chunk, 0.0, 0.0, 1.0, via_heading=self.corpus.table_header(chunk)), value))
        return out


    def _about_subject(self, subject: tuple[str, ...], p: Passage, text: str, names: tuple[str, ...] = ()) -> bool:
        """Only a passage about the topic can hold the answer ("2013-2017" elsewhere is no date of the
        campus), and about every name the question writes."""
        if not subject:
            return True
        about = text_words(text) | self.corpus.context_words(p.chunk, p.via_heading)
        if self.corpus.lexicon.coverage(subject, about) < self.t.evidence_coverage:
            return False
        if names:
            # A name is itself or inflected, never another compound ("Vrijetijdspas", "vrijetijdseconomie");
            # the paragraphs just before it in its section may have named it ("… het pact ondertekenen").
            about = about | self.corpus.words_before(p.chunk, ANAPHORA_REACH)
            if any(not any(inflected(name, w) for w in about) for name in names):
                return False
        return not self.elsewhere_by_title(subject, p.chunk, text)

    def _says_event(self, event: str, text: str) -> bool:
        """Whether a passage tells of the event a date is asked for ("vastgesteld": "stelt … vast",
        "vastgesteld", "vaststelling"), by a word sharing its stem."""
        forms = self.corpus.lexicon.match(event).forms | {event}
        stems = {event[:-1]}
        m = re.match(r"^([a-z]{0,6}?)ge([a-z]{3,})[dt]$", event)
        if m:
            stems.add(m.group(1) + m.group(2))  # "vastgesteld" -> "vaststel", "geopend" -> "open"
            stems.add(m.group(2))  # a separable verb split in a main clause: "stelt … een plan op"
        return any(w in forms or any(common_prefix(w, st) >= min(len(st), 6) for st in stems) for w in text_words(text))

    def _wholly_about(self, subject: tuple[str, ...], p: Passage, text: str) -> bool:
        """Whether a passage holds every subject word itself ("Tevredenheid van fietsers over het netwerk")."""
        about = text_words(text) | self.corpus.context_words(p.chunk, p.via_heading)
        return bool(subject) and self.corpus.lexicon.coverage(subject, about) >= 0.99

    def _typed_value(self, u: Understanding, text: str, asked_words: frozenset[str], counts) -> str | None:
        """The values of the asked type a passage holds, as written ("" for a fact without a value), or None."""
        asked = u.asks_for or ""  # only asked with a kind of fact asked for
        # "hoeveel" without a counted noun asks any quantity: a count, a share or an amount.
        kinds_ok: tuple[str, ...] = ("money", "percent", asked) if asked == "number" and not u.counted else (asked,)
        if asked == "person" and not asks_name(u.question) and not names_role(u.question) and _who_does(u.question):
            # "Wie leidt het project?", "Who is running …?": a person or the organisation that does it.
            kinds_ok = ("person", "organisation")
        lexicon, window = self.corpus.lexicon, self.t.count_window
        for kind in kinds_ok:
            if kind in TYPES:
                described = lexicon.match(u.organisation).forms | {u.organisation} if u.organisation else frozenset()
                values = values_of_type(text, kind, asked_words, counts, window, frozenset(described),
                                        amount_words=amount_nouns(u) if kind == "money" else frozenset())
                if kind == "number" and counts is not None:
                    values = values if has_count(text, counts, window) else []
                unit = _asked_rate(u)
                if unit is not None and kind in ("money", "number", "percent", "target"):
                    # "Hoeveel krijg ik per hectare?": a value given per that unit, not "35 hectare".
                    forms = lexicon.match(unit).forms | {unit}
                    for dutch in english_lexicon().get(unit, ()) if u.english else ():
                        forms |= lexicon.match(dutch).forms | {dutch}
                    values = [v for v in values if per_unit(text, v, frozenset(forms))]
                if values:
                    return ", ".join(dict.fromkeys(v.text for v in values[:3]))
            elif has_fact(kind, text, u.question, counts, window, self.corpus.domain_forms):
                return ""
        return None

    def document_fields(self, u: Understanding, passages: list[Passage], asked_words: frozenset[str],
                        asked_cues: frozenset[str], named_only: bool = False, said: set[str] | None = None
                        ) -> list[tuple[Passage, str]]:
        """The asked value among the fields of the documents the best passages stand in, when such a
        document is about the question's subject ("Wat kost de Renovatiestraat?" and its "Budget: …");
        ``named_only``: only a field whose label the question names."""
        seen: set[str] = set()
        doc_fields = self.corpus.doc_fields
        rest = tuple(t for t in u.known if t not in asked_cues and t not in (u.counted_words or ()))
        candidates = list(passages[: self.t.evidence_depth])
        if named_only:
            # A field asked of a project named by its fiche's title or heading, wherever its passages rank
            # ("Op welke datum start de uitrol van de Vrijetijdspas in de nieuwe gemeenten?" and "Startdatum").
            candidates += [Passage(fs[0][2], 0.0, 0.0, 0.0) for src, fs in doc_fields.items() if fs
                           and any(self.corpus.lexicon.coverage(rest, self.corpus.context_words(c)) >= self.t.evidence_coverage
                                   for _, _, c in fs)]
        for p in candidates:
            source = p.chunk.source
            if source in seen or source not in doc_fields:
                continue
            seen.add(source)
            title = text_words(p.chunk.title or "")
            # In a file of several fiches, only the fields of the fiche about the subject.
            own = [(label, value, chunk) for label, value, chunk in doc_fields[source] if self._field_about(chunk, rest, title)]
            named = named_field(u, "", [(label, value) for label, value, _ in own], asked_cues)
            if named_only and (named is None or not named[1]):
                continue
            subject = tuple(t for t in rest if named is None or not same_word(t, named[0]))
            hits: list[tuple[int, int, Passage, str]] = []
            for _label, value, chunk in own:
                if not self._field_about(chunk, subject, title):
                    continue
                # Without a field the question names, a typed value only for an amount or an organisation:
                # a fiche's "Looptijd" is no answer to "wanneer wordt … goedgekeurd".
                hit = (named is not None and named[1] and value == named[1]) or (
                    named is None and u.asks_for in ("money", "organisation", "percent", "target")
                    and values_of_type(value, u.asks_for, asked_words, None, self.t.count_window)) or (
                    named is None and _bare_quantity(u) and _amount_or_share(value))
                if hit:
                    if named is not None and said is not None:
                        said.add(named[0])  # "trekt" is said by the field "Trekker"
                    hits.append((_label_said(_label, asked_words), len(hits), Passage(chunk, p.score, p.dense, p.coverage), value))
            if hits:
                # Of a fiche's amounts, the one its label says the question asks ("legt de provincie bij":
                # "Provinciale bijdrage" before "Investering"); else the first.
                best = max(hits, key=lambda h: (h[0], -h[1]))
                return [(best[2], best[3])]
        return []

    def _field_about(self, chunk: Chunk, subject: tuple[str, ...], title: frozenset[str]) -> bool:
        """A fiche's field is about the subject by the document's title, the fiche's heading or its own words."""
        ws = title | self.corpus.context_words(chunk) | self.corpus.words_of(chunk)
        return not subject or self.corpus.lexicon.coverage(subject, ws) >= self.t.evidence_coverage

    def heading_words(self, chunk: Chunk) -> frozenset[str]:
        """Words of the title of the document a chunk stands in, when that document is about one thing
        (a project fiche, not a strategy whose title names the whole domain)."""
        if chunk.kind != "project":
            return frozenset()
        return self.corpus.context_words(chunk)

    def elsewhere_by_title(self, subject: tuple[str, ...], chunk: Chunk, text: str) -> bool:
        """Whether a passage is about the subject only by what it stands under, while another document's
        title names the subject better ("the budget of the warmtenet project" is not in the fiche of the
        Renovatiestraat, whose "Budget:" line is about its own project)."""
        lexicon = self.corpus.lexicon
        if lexicon.coverage(subject, text_words(text)) >= self.t.evidence_coverage:
            return False
        scores = {src: lexicon.coverage(subject, ws) for src, ws in self.corpus.title_words.items()}
        return max(scores.values(), default=0.0) > scores.get(chunk.source, 0.0)

    def evidence(self, q: Question, path: str, passages: list[Passage], quoted_chunks: list[Chunk] | None = None,
                 items: int | None = None) -> Evidence:
        """What a path found for the question: the facts ``decide`` weighs."""
        u, corpus = q.u, self.corpus
        top = passages[: self.t.evidence_depth]
        shown = quoted_chunks if quoted_chunks is not None else [p.chunk for p in passages[:1]]
        fact_found = self.fact_check(q, passages)
        ws = frozenset().union(*(corpus.words_of(c) | self.heading_words(c) for c in shown)) if shown else frozenset()
        ws |= frozenset(q.field_words)
        return Evidence(
            path=path,
            line_exists=None if u.ambitielijn is None else u.ambitielijn in corpus.lines,
            items=items,
            passages=len(passages),
            asks_for=u.asks_for,
            fact_found=fact_found,
            unknown_numbers=corpus.unknown_numbers(u),
            best_dense=max((p.dense for p in top), default=0.0),
            coverage=1.0 if fact_found and q.memo.get("part_value") else (
                corpus.lexicon.coverage(u.known, ws) if u.known else (1.0 if shown else 0.0)),
            # A value given for the part the question names ("Werf 3 – …: € 11,2 miljoen") is about all of it.
            all_coverage=1.0 if fact_found and q.memo.get("part_value") else self.ranking.all_coverage(u, [p.chunk for p in top]),
            known_terms=len(u.known),
            unknown_names=len(u.names),
            unknown_names_asked=len(set(u.names) & named_words(u.question)),
            unknown_subjects=u.subjects,
            kind_asked=u.kind is not None,
        )

    def decide(self, evidence: Evidence) -> Decision:
        return decide(evidence, self.t)
