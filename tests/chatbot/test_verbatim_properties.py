"""Property 6(a) of the wording check, generated from the documents of an index (any corpus).

Every sentence of every document, checked verbatim, is found (``ja``, ``verbatim_found``).
Each one-word mutation of it is reported as differing, never as found, and the verdict names
the changed word: a word replaced by a longer word containing it, a number changed, a
capitalised word (a place, a name) swapped for another capitalised word of the corpus, and
the sentence checked from inside a long word (its first word part of a longer one). The
quick run takes a seeded sample; the ``slow`` run takes every sentence.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import pytest

from ingest.dutch import sentence_spans

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
NUMBER = re.compile(r"(?<![\w.,])\d+(?![\w])")
# A one-word change of a sentence this short is most of it: its verdict is "not comparable".
MIN_WORDS = 5
QUICK_SAMPLE = 12


@dataclass(frozen=True)
class Mutation:
    kind: str  # longer | number | name | inside
    text: str
    word: str  # the changed word as it now stands in the text


def corpus_sentences(bot) -> list[str]:
    """Every sentence of every chunk of the index, once."""
    seen: dict[str, None] = {}
    for chunk in bot.state().index.chunks:
        for s, e in sentence_spans(chunk.text):
            sentence = " ".join(chunk.text[s:e].split())
            if WORD.search(sentence) and len(sentence) <= 800:
                seen.setdefault(sentence, None)
    return list(seen)


def _in_corpus(text: str, documents: dict) -> bool:
    """A plain oracle: the text's words, in order, on word boundaries, anywhere in a document."""
    words = re.findall(r"\w+", text.casefold())
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)")
    return any(pattern.search(doc["text"].casefold()) for doc in documents.values())


def mutations(sentence: str, vocabulary: list[str], names: list[str], rng: random.Random) -> list[Mutation]:
    """Up to one mutation of each kind."""
    out = []
    words = [m for m in WORD.finditer(sentence) if len(m.group(0)) >= 4]
    if words:
        m = rng.choice(words)
        word = m.group(0)
        longer = [v for v in vocabulary if word.casefold() in v.casefold() and len(v) > len(word)]
        new = rng.choice(longer) if longer else "over" + word.lower()
        out.append(Mutation("longer", sentence[: m.start()] + new + sentence[m.end():], new))
    numbers = list(NUMBER.finditer(sentence))
    if numbers:
        m = rng.choice(numbers)
        new = str(int(m.group(0)) + rng.choice((1, 3, 10)))
        out.append(Mutation("number", sentence[: m.start()] + new + sentence[m.end():], new))
    capitals = [m for m in WORD.finditer(sentence) if m.start() > 0 and m.group(0)[0].isupper() and len(m.group(0)) >= 3]
    if capitals:
        m = rng.choice(capitals)
        others = [n for n in names if n.casefold() != m.group(0).casefold()]
        if others:
            new = rng.choice(others)
            out.append(Mutation("name", sentence[: m.start()] + new + sentence[m.end():], new))
    # The text to check starts inside a long word ("regionale interactie" for "interregionale interactie").
    long_words = [m for m in WORD.finditer(sentence) if len(m.group(0)) >= 9 and len(WORD.findall(sentence[m.start():])) > MIN_WORDS]
    if long_words:
        m = rng.choice(long_words)
        cut = m.start() + rng.randrange(2, len(m.group(0)) - 5)
        out.append(Mutation("inside", sentence[cut:], m.group(0)[cut - m.start():]))
    return out


def corpus_words(bot) -> tuple[list[str], list[str]]:
    """(every word, the capitalised words inside a sentence) of the documents."""
    words: set[str] = set()
    names: set[str] = set()
    for doc in bot.state().index.documents.values():
        for m in WORD.finditer(doc["text"]):
            words.add(m.group(0))
            before = doc["text"][max(0, m.start() - 2) : m.start()]
            if m.group(0)[0].isupper() and len(m.group(0)) >= 3 and before.strip() == "" and not re.search(r"[.!?:•\n]\s*$", doc["text"][max(0, m.start() - 3) : m.start()]):
                names.add(m.group(0))
    return sorted(words), sorted(names)


def check(bot, text: str) -> dict:
    return bot.ask(f"Staat er letterlijk: „{text}”?")


def assert_found(bot, sentence: str) -> None:
    answer = check(bot, sentence)
    assert (answer["answerable"], answer["reason"]) == ("ja", "verbatim_found"), (sentence, answer["answer"])


def assert_differs(bot, mutation: Mutation, documents: dict) -> None:
    answer = check(bot, mutation.text)
    assert answer["reason"] not in ("verbatim_found", "verbatim_case_only"), (mutation, answer["answer"])
    assert answer["answer"].startswith("Nee"), (mutation, answer["answer"])
    # The verdict names the changed word, as a word of its own, in the differences it lists.
    assert "Verschillen:" in answer["answer"], (mutation, answer["answer"])
    differences = answer["answer"].split("Verschillen:", 1)[1]
    assert re.search(rf"(?<!\w){re.escape(mutation.word)}(?!\w)", differences), (mutation, answer["answer"])


def run_property(bot, sample: int | None, seed: int = 7) -> tuple[int, int]:
    documents = bot.state().index.documents
    sentences = corpus_sentences(bot)
    rng = random.Random(seed)
    chosen = sentences if sample is None else rng.sample(sentences, min(sample, len(sentences)))
    vocabulary, names = corpus_words(bot)
    checked = mutated = 0
    for sentence in chosen:
        assert_found(bot, sentence)
        checked += 1
        if len(WORD.findall(sentence)) < MIN_WORDS:
            continue
        for mutation in mutations(sentence, vocabulary, names, rng):
            if _in_corpus(mutation.text, documents):
                continue  # the mutation happens to stand in the documents too
            assert_differs(bot, mutation, documents)
            mutated += 1
    return checked, mutated


def test_sentences_found_and_mutations_named_on_a_sample(bot):
    checked, mutated = run_property(bot, QUICK_SAMPLE)
    assert checked == QUICK_SAMPLE and mutated >= QUICK_SAMPLE


def test_every_kind_of_mutation_is_made(bot):
    """The generator makes each kind where the corpus allows it (else the property tests less than it says)."""
    vocabulary, names = corpus_words(bot)
    kinds = {m.kind for s in corpus_sentences(bot) for m in mutations(s, vocabulary, names, random.Random(1))}
    assert kinds == {"longer", "number", "name", "inside"}


@pytest.mark.slow
def test_every_sentence_found_and_every_mutation_named(bot):
    checked, mutated = run_property(bot, None)
    assert checked == len(corpus_sentences(bot)) and mutated > checked
