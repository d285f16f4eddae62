"""HTML fragments: escaped text, clickable sources, highlighting."""

from __future__ import annotations

import re

import pytest

from prompts import load_prompts
from ui import render

T = load_prompts()
NASTY = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "${alert(1)} {{constructor.constructor('alert(1)')()}} `x`",
    "&lt;b&gt; already escaped",
]
CITATIONS = [
    {"n": 1, "source": "a.txt", "title": "Competitief Limburg", "section": "Ambitielijn 3 › KPI's", "page": 7,
     "chunk_id": "abc123", "score": 1.0, "quote": "Meting van de economische impact van de vrijetijdseconomie"},
    {"n": 2, "source": "a.txt", "title": "Competitief Limburg", "section": "Ambitielijn 3 › KPI's", "page": None,
     "chunk_id": "def456", "score": 1.0, "quote": "Rangschikking van de import- en exportpositie"},
]


def _text_only(fragment: str) -> str:
    """What a browser shows: tags dropped, character references decoded."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize("nasty", NASTY)
def test_user_text_never_becomes_markup(nasty):
    page = render.transcript([{"question": nasty, "answer": {"answer": nasty, "citations": []}}], T)
    for forbidden in ("<img", "<script", "<svg", "${", "{{", "`"):
        assert forbidden not in page
    assert _text_only(page).count(nasty) == 2  # question and answer, shown literally


@pytest.mark.parametrize("nasty", NASTY)
def test_document_text_never_becomes_markup(nasty):
    cite = dict(CITATIONS[0], quote=nasty, section=nasty, title=nasty)
    fragments = [
        render.citation_cards([cite], "vraag", T),
        render.passage({"chunk_id": "abc", "source": "a", "title": nasty, "section": nasty, "page": 1,
                        "before": nasty, "text": nasty, "after": nasty}, T),
        render.catalog_table([{"ambitielijn": 1, "kind": "actie", "text": nasty, "section": nasty, "page": 2}], T),
        render.check_result({"found": False, "quote": nasty, "section": nasty, "page": None, "ratio": 0.5,
                             "diff": [{"op": "replace", "text": nasty, "document": nasty}]}, T),
    ]
    for fragment in fragments:
        assert "<img" not in fragment and "<script" not in fragment and "<svg" not in fragment
        assert nasty in _text_only(fragment)


def test_chunk_ids_that_are_not_ids_are_not_made_clickable():
    cite = dict(CITATIONS[0], chunk_id='x" onclick="alert(1)')
    html_ = render.answer_body("Zie [1].", [cite], T) + render.citation_cards([cite], "", T)
    assert "data-chunk" not in html_ and "onclick" not in html_.replace("&quot;", "")


def test_answer_markers_become_buttons_and_lists_stay_lists():
    text = "Ambitielijn 3 noemt 2 KPI's:\n1. „Meting” [1]\n2. „Rangschikking” [2]\nZie ook [9]."
    body = render.answer_body(text, CITATIONS, T)
    assert body.count('class="vb-ref"') == 2
    assert 'data-chunk="abc123"' in body and 'data-chunk="def456"' in body
    assert '<ol class="vb-list"><li value="1">' in body and body.count("<li ") == 2
    assert "[9]" in body  # a marker without a citation stays text


def test_cards_show_number_section_page_and_quote():
    cards = render.citation_cards(CITATIONS, "Welke KPI's gaan over de vrijetijdseconomie?", T)
    assert cards.count('class="vb-cite"') == 2
    assert "Ambitielijn 3 › KPI&#x27;s · p. 7" in cards
    assert "<mark>vrijetijdseconomie</mark>" in cards
    assert "<mark>Meting" not in cards  # 'meting' is not in the question


def test_highlight_matches_inflected_words_but_not_frame_words():
    terms = render.question_terms("Welke acties gaan over toeristische producten?")
    marked = render.highlight("Innovatieve toeristische producten en diensten", terms)
    assert "<mark>toeristische</mark>" in marked and "<mark>producten</mark>" in marked
    assert "<mark>en</mark>" not in marked
    assert render.question_terms("Welke zijn er?") == frozenset()


def test_pending_answer_shows_the_status_until_it_has_text():
    busy = render.stream_frame([], T, "Vraag?")
    assert 'aria-busy="true"' in busy and T.get("ui_chat.bezig") in busy
    writing = render.stream_frame([], T, "Vraag?", status=T.get("llm.schrijven"))
    assert T.get("llm.schrijven") in writing and T.get("ui_chat.bezig") not in writing
    partial = render.stream_frame([], T, "Vraag?", render.open_body(render.answer_body("Een twee [1].", [], T)))
    assert partial.endswith("<p>Een twee [1].")


def test_catalog_summary_links_the_csv_with_the_same_filters():
    summary = render.catalog_summary(3, {"ambitielijn": 3, "kind": "kpi", "q": None}, T)
    assert 'href="api/catalog.csv?ambitielijn=3&amp;kind=kpi"' in summary
    assert "3 items gevonden" in summary
    assert "1 item gevonden" in render.catalog_summary(1, {}, T)


def test_check_result_marks_differences():
    found = render.check_result({"found": True, "quote": "leren voor werkenden", "title": "Competitief Limburg",
                                 "section": "Ambitielijn 2 › Acties", "page": 4}, T)
    assert "Ja, dit staat letterlijk in Competitief Limburg (Ambitielijn 2 › Acties, p. 4)" in found
    diff = render.check_result({"found": False, "quote": "leren voor werkenden", "section": "S", "page": None, "ratio": 0.8,
                                "diff": [{"op": "equal", "text": "leren voor", "document": "leren voor"},
                                         {"op": "replace", "text": "werkers", "document": "werkenden"}]}, T)
    assert "<del>werkers</del>" in diff and "<ins>werkenden</ins>" in diff and "80% gelijk" in diff
    case = render.check_result({"found": True, "quote": "Leren voor werkenden", "title": "Competitief Limburg",
                                "section": "Ambitielijn 2 › Acties", "page": 4, "differs_in": ["case"]}, T)
    assert "letterlijk op de hoofdletters na" in case and "Ja, dit staat letterlijk in" not in case


FINAL = {"question": "Vraag?", "answer": "Meer {export} & zo [1]. Twee <b>vet</b> [2].", "answerable": "ja",
         "reason": "passage", "mode": "llm", "citations": [{"n": 1, "chunk_id": "abc"}, {"n": 2, "chunk_id": "def"}],
         "timings_ms": {}}


def _frames(events):
    """The frames live_frames makes for ``events``, and the answer it returns."""
    frames = []
    stream = render.live_frames(iter(events), PAST, T, "Vraag?")
    while True:
        try:
            frames.append(next(stream))
        except StopIteration as done:
            return frames, done.value


PAST = [{"question": "Eerder?", "answer": {"answer": "Eerder antwoord.", "citations": []}}]


def test_stream_frames_only_grow_at_the_end_and_end_in_the_answer():
    """With a language model: status, verified drafts, "controleren…"; each frame extends the one before."""
    cites = FINAL["citations"]
    events = [
        {"type": "status", "stage": "schrijven", "text": T.get("llm.schrijven")},
        {"type": "draft", "text": "Meer {export} & zo [1].", "citations": cites[:1]},
        {"type": "draft", "text": FINAL["answer"], "citations": cites},
        {"type": "status", "stage": "controleren", "text": T.get("llm.controleren")},
        {"type": "final", "answer": FINAL},
    ]
    frames, answer = _frames(events)
    assert answer is FINAL and len(frames) == 4
    for before, after in zip(frames, frames[1:]):
        assert after.startswith(before) and len(after) > len(before)  # Gradio sends an "append"
    assert 'aria-busy="true"' in frames[0] and T.get("llm.schrijven") in frames[0]
    assert frames[2].endswith(render.open_body(render.answer_body(FINAL["answer"], cites, T)))
    assert frames[3].endswith(f'<span class="vb-status">{T.get("llm.controleren")}</span>')
    for frame in frames:
        body = frame.split('class="vb-answer vb-streaming">', 1)[1]
        assert body.count("<") == body.count(">") and not re.search(r"&[^;\s]*$", body)  # no broken tag or entity
    assert "<b>" not in frames[-1] and "&#123;export&#125;" in frames[-1]
    assert frames[-1].count('class="vb-ref"') == 2


def test_an_extractive_answer_makes_no_frames_before_it_is_complete():
    frames, answer = _frames([{"type": "final", "answer": FINAL}])
    assert frames == [] and answer is FINAL


def test_sources_link_to_the_website_only_with_a_safe_url():
    url = "https://www.salkturbo.be/competitief-limburg#:~:text=Meting%20van%20de&x=1"
    cards = render.citation_cards([dict(CITATIONS[0], url=url), dict(CITATIONS[1], url=None)], "vraag", T)
    links = re.findall(r'<a class="vb-source-link" href="([^"]*)"[^>]*>', cards)
    assert links == [url.replace("&", "&amp;")]
    assert 'target="_blank" rel="noopener noreferrer"' in cards
    assert "Bekijk op de website" in _text_only(cards) and "bron 1, opent in een nieuw venster" in _text_only(cards)
    for bad in ("javascript:alert(1)", "data:text/html,x", '"><script>alert(1)</script>', 42):
        assert "vb-source-link" not in render.citation_cards([dict(CITATIONS[0], url=bad)], "vraag", T)
        assert "vb-source-link" not in render.catalog_table([{"ambitielijn": 1, "kind": "actie", "text": "x", "url": bad}], T)
    table = render.catalog_table([{"ambitielijn": 1, "kind": "actie", "text": "Actie", "section": "s", "page": 2, "url": url},
                                  {"ambitielijn": 1, "kind": "actie", "text": "Zonder", "section": "s", "page": 2}], T)
    assert table.count("vb-source-link") == 1
