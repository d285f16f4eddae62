"""Each component of an answer on its own, over a small made-up index: the corpus view, ranking, evidence, quoting.

No embedder and no store: a fake retriever gives the hits, and a question's vector is given.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from chatbot.corpusview import CorpusView, introduces_list, is_heading
from chatbot.decide import Decision
from chatbot.evidence import Gatherer
from chatbot.lexicon import Lexicon
from chatbot.quoting import Quoter
from chatbot.ranking import Passage, Question, Ranking
from chatbot.retrieve import FusionWeights, Hit
from chatbot.tuning import Tuning
from chatbot.understand import Grounding, understand
from ingest.chunk import Chunk
from prompts import load_prompts

SOURCE = "plan.txt"
PARAGRAPHS = [
    ("Fietsen", dict(heading=True)),
    ("De provincie legt veilige fietsroutes aan langs de kanalen.", {}),
    ("Voor de fietsroutes trekt de provincie € 2 miljoen uit.", {}),
    ("Om het fietsen te stimuleren zetten we in op:", {}),
    ("deelfietsen aan elk station", dict(list_id="L1")),
    ("fietsenstallingen in elke kern", dict(list_id="L1")),
]


def _index():
    text, chunks, at = "", [], 0
    for i, (para, extra) in enumerate(PARAGRAPHS):
        text += para + "\n"
        chunks.append(Chunk(id=f"c{i}", text=para, source=SOURCE, title="Fietsplan", page=None, section_path="Fietsen",
                            kind="paragraaf", ambitielijn=None, position=i, char_start=at, char_end=at + len(para), **extra))
        at += len(para) + 1
    documents = {SOURCE: {"text": text, "title": "Fietsplan", "source": SOURCE}}
    catalog = {"documents": [{"source": SOURCE, "title": "Fietsplan", "doc_type": "plan"}]}
    return SimpleNamespace(chunks=chunks, documents=documents, catalog=catalog)


class FakeRetriever:
    """Hits in a fixed order, every passage equally close in meaning."""

    weights = FusionWeights()

    def __init__(self, chunks: list[Chunk], order: list[int]) -> None:
        self.chunks, self.order = chunks, order

    def search(self, text, k=10, filters=None, vector=None, subqueries=None):
        return [Hit(self.chunks[i], 1.0 - 0.1 * n, 0.5, 1.0) for n, i in enumerate(self.order)][:k]

    def similarities(self, vector, chunks):
        return np.full(len(chunks), 0.5, dtype=np.float32)


@pytest.fixture(scope="module")
def corpus() -> CorpusView:
    return CorpusView(_index(), load_prompts())


def _question(corpus: CorpusView, text: str) -> Question:
    u = understand(text, None, Grounding(lexicon=corpus.lexicon))
    return Question(u, lambda _u: (np.zeros(4, dtype=np.float32), []), np.zeros(4, dtype=np.float32))


def test_corpus_view_derives_once_what_the_paths_look_up(corpus):
    chunks = corpus.chunks
    assert is_heading(chunks[0]) and not is_heading(chunks[1])
    assert corpus.next_content(chunks[0]) is chunks[1]
    assert corpus.continuation(chunks[1]) is None  # its own paragraph, not split
    assert corpus.whole(chunks[2]) == chunks[2].text
    assert introduces_list(chunks[3], corpus.following(chunks[3]))
    assert "fietsroutes" in corpus.words_of(chunks[1])
    assert corpus.kind_name("actie", 2) == "acties"
    assert corpus.context_words(chunks[1]) >= {"fietsplan"}


def test_ranking_passes_a_headings_score_to_its_paragraph(corpus):
    ranking = Ranking(corpus, FakeRetriever(corpus.chunks, [0, 2, 1]), Tuning.shipped())
    q = _question(corpus, "Legt de provincie fietsroutes aan?")
    passages = ranking.rank(q)
    assert {p.chunk.id for p in passages} == {"c1", "c2"}
    assert next(p for p in passages if p.chunk.id == "c1").via_heading is corpus.chunks[0]
    assert ranking.ranked(q) is ranking.ranked(q)  # once per question


def test_evidence_finds_the_asked_value_in_the_passage_about_the_subject(corpus):
    ranking = Ranking(corpus, FakeRetriever(corpus.chunks, []), Tuning.shipped())
    gather = Gatherer(corpus, ranking, Tuning.shipped())
    q = _question(corpus, "Hoeveel geld trekt de provincie uit voor de fietsroutes?")
    passages = [Passage(corpus.chunks[2], 1.0, 0.8, 1.0), Passage(corpus.chunks[1], 0.9, 0.7, 1.0)]
    values = gather.fact_values(q, passages)
    assert values and values[0][0].chunk.id == "c2" and "2 miljoen" in values[0][1]
    evidence = gather.evidence(q, "factual", passages)
    assert evidence.fact_found is True and gather.decide(evidence).answerable == "ja"


def test_quoting_gives_a_lead_in_with_its_whole_list_and_a_plain_refusal(corpus):
    quoter = Quoter(corpus, Tuning.shipped())
    lead_in = Passage(corpus.chunks[3], 1.0, 0.8, 1.0)
    assert [c.id for c in quoter.list_members(lead_in, [])] == ["c4", "c5"]
    assert quoter.list_intro(corpus.chunks[4]) is corpus.chunks[3]
    assert quoter.lead(corpus.chunks[1]) == "In Fietsplan staat hierover:"
    q = _question(corpus, "Hoeveel kost de fietsbrug?")
    draft = quoter.refusal(q.u, Decision("nee", "missing_fact", "money"), None, [Passage(corpus.chunks[2], 1.0, 0.8, 1.0)])
    assert draft.text.startswith("Dat staat niet in de documenten.") and draft.answerable == "nee"
    assert len(draft.citations.items) == 1


def test_a_question_value_embeds_once_and_keeps_what_its_fields_answered():
    calls = []
    u = understand("Wat kost het?", None, Grounding(lexicon=Lexicon(["Het kost veel."])))

    def embed(_u):
        calls.append(1)
        return np.ones(2, dtype=np.float32), [("kost", np.ones(2, dtype=np.float32))]

    q = Question(u, embed)
    assert q.vector is q.vector and len(q.subqueries) == 1 and calls == [1]
    q.field_words.add("kost")
    again = q.with_u(u)
    assert again.field_words == {"kost"} and again.memo == {}
