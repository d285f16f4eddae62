"""Properties generated from any corpus, run on the bundled one and on the test corpora:

(b) for every item and asked type of value, the answer is ``ja`` with the value exactly when the
    item's own text holds a value of that type (``chatbot.values``);
(c) for every container (an ambition line, a labelled part of a plan), a list question by its
    label and number returns exactly its items.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from chatbot.service import Vraagbaak
from chatbot.values import values_of_type
from ingest.kinds import kinds

REPO = Path(__file__).resolve().parents[2]
TEST_CORPORA = ["woonplan", "beleidsplan", "fiches"]
# How a question asks for a type of value about one item, in a user's words.
ASKED = {
    "money": "Hoeveel kost het volgende: {item}",
    "percent": "Welk percentage hoort bij het volgende: {item}",
    "date": "Tegen wanneer gebeurt het volgende: {item}",
}


@pytest.fixture(scope="module", params=["bundled", *TEST_CORPORA])
def corpus_bot(request, bot, tmp_path_factory):
    if request.param == "bundled":
        return bot
    from chatbot.evaluate import prepare_corpus
    from chatbot.settings import Settings

    base = Settings(data_dir=tmp_path_factory.mktemp(request.param) / "data")
    settings, _ = prepare_corpus(base, REPO / "tests" / "corpora" / request.param)
    service = Vraagbaak(settings)
    service.warm()
    return service


def _plural(kind: str) -> str:
    return sorted(kinds()[kind].plural, key=len)[0]


def test_every_container_lists_exactly_its_items(corpus_bot):
    corpus = corpus_bot.state().context.corpus
    checked = 0
    for kind, items in corpus.units.items():
        if kinds()[kind].unit != "item" or not items:
            continue
        containers: dict[str, set[str]] = {}
        for chunk in items:
            if chunk.part:  # a labelled part and every part above it
                label = chunk.part
                while label is not None:
                    containers.setdefault(label, set()).add(chunk.id)
                    label = corpus.part_parent.get((chunk.source, label))
            elif chunk.ambitielijn is not None:
                containers.setdefault(f"ambitielijn {chunk.ambitielijn}", set()).add(chunk.id)
        for label, ids in containers.items():
            answer = corpus_bot.ask(f"Welke {_plural(kind)} vallen onder {label}?")
            cited = {c["chunk_id"] for c in answer["citations"]}
            assert answer["answerable"] == "ja", (label, kind, answer["answer"][:200])
            assert cited == ids, (label, kind, answer["answer"][:300])
            checked += 1
    if corpus.parts or corpus.lines:
        assert checked, "a corpus with parts has containers to check"


def test_an_item_answers_a_value_exactly_when_its_text_holds_one(corpus_bot):
    corpus = corpus_bot.state().context.corpus
    items = [c for kind, cs in corpus.units.items() if kinds()[kind].unit == "item" for c in cs]
    rng = random.Random(7)
    sample = rng.sample(items, min(len(items), 12))
    wrong = []
    for chunk in sample:
        text = chunk.text.rstrip(" .;")
        for asked, template in ASKED.items():
            has = bool(values_of_type(chunk.text, asked))
            answer = corpus_bot.ask(template.format(item=text[0].lower() + text[1:]) + "?")
            said_value = answer["answerable"] == "ja" and any(c["chunk_id"] == chunk.id for c in answer["citations"])
            if has and not said_value:
                wrong.append(("missed", asked, chunk.text[:80], answer["answerable"], answer["reason"]))
            if not has and answer["answerable"] == "ja" and answer.get("reason") == "passage" \
                    and any(c["chunk_id"] == chunk.id for c in answer["citations"][:1]):
                wrong.append(("invented", asked, chunk.text[:80], answer["answer"][:120]))
    assert not wrong, wrong
