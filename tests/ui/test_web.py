"""The web chat through Gradio's real queue, in process: what goes over the wire per answer."""

from __future__ import annotations

import json

import pytest

from benchmarks.webchat import chat_event

# Gradio's queue keeps its timing statistics with pandas options that pandas 3 deprecates.
pytestmark = [pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")]

CITATION = {"n": 1, "source": "a.txt", "title": "Competitief Limburg", "section": "Analyse", "page": 2, "chunk_id": "abc",
            "score": 1.0, "quote": "Een zin uit de tekst."}


class ModelLikeBot:
    """Streams like the service with a language model: status, verified drafts, "controleren…", final."""

    embedder = None  # the editors' routes then load their own

    def __init__(self, settings) -> None:
        self.settings = settings
        self.observers: list = []

    def health(self):
        return {"status": "ok", "index_version": "v1", "chunks": 1, "embedder": "x"}

    def ambition_lines(self):
        return []

    def ask_stream(self, question, history=None):
        yield {"type": "status", "stage": "zoeken", "text": "Zoeken in de documenten…"}
        yield {"type": "status", "stage": "schrijven", "text": "Het taalmodel schrijft een antwoord…"}
        yield {"type": "draft", "text": "Eerste zin [1].", "citations": [CITATION]}
        yield {"type": "draft", "text": "Eerste zin [1]. Tweede zin [1].", "citations": [CITATION]}
        yield {"type": "status", "stage": "controleren", "text": "controleren…"}
        yield {"type": "final", "answer": {"question": question, "answer": "Eerste zin [1]. Tweede zin [1].", "answerable": "ja",
                                          "reason": "passage", "mode": "llm", "citations": [CITATION], "timings_ms": {}}}


def chat(client, question: str, session: str) -> list[dict]:
    """Submit ``question`` in the chat as the page does; the queue's messages for that event, in order."""
    fn_index, trigger = chat_event(client.get("/config").json())
    body = {"data": [question, None], "fn_index": fn_index, "trigger_id": trigger, "session_hash": session, "event_data": None}
    # json.dumps escapes, so a lone surrogate goes over the wire as the browser would send it
    joined = client.post("/gradio_api/queue/join", content=json.dumps(body), headers={"content-type": "application/json"})
    assert joined.status_code == 200, joined.text
    messages = []
    with client.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as stream:
        for line in stream.iter_lines():
            if line.startswith("data: "):
                messages.append(json.loads(line[len("data: "):]))
                if messages[-1]["msg"] in ("process_completed", "close_stream", "unexpected_error"):
                    break
    assert messages[-1]["msg"] == "process_completed" and messages[-1]["success"], messages[-1]
    return [m for m in messages if m["msg"] == "process_generating"]


def conversation_updates(frames: list[dict]) -> list:
    """The conversation's part of each frame: its full HTML (first frame) or Gradio's diff ops."""
    return [frame["output"]["data"][0] for frame in frames]


def test_status_and_drafts_arrive_as_they_are_made_and_drafts_as_appends(ui_settings, tmp_path):
    from fastapi.testclient import TestClient

    from ui.app import create_app

    settings = ui_settings.model_copy(update={"data_dir": tmp_path / "data"})
    with TestClient(create_app(settings, bot=ModelLikeBot(settings))) as client:
        updates = conversation_updates(chat(client, "Wat is Droneport?", "modellike01"))
    assert len(updates) == 6  # zoeken, schrijven, two drafts, controleren, the complete answer
    first = updates[0]
    assert isinstance(first, str) and 'aria-busy="true"' in first and "Zoeken in de documenten…" in first
    assert [op[0][0] for op in updates[1:]] == ["replace", "append", "append", "append", "replace"]
    assert updates[2][0][2].startswith("<p>Eerste zin <button") and updates[3][0][2].startswith(" Tweede zin <button")
    assert updates[4][0][2] == ' <span class="vb-status">controleren…</span>'
    final = updates[5][0][2]
    assert "aria-busy" not in final and 'class="vb-cite"' in final and "vb-status" not in final


def test_an_extractive_answer_is_one_frame_with_the_complete_answer(client):
    updates = conversation_updates(chat(client, "Welke KPI's horen bij ambitielijn 3?", "extractive01"))
    assert len(updates) == 1
    page = updates[0]
    assert "aria-busy" not in page and page.count('class="vb-cite"') == 3 and "3 KPI" in page


@pytest.mark.parametrize("question, shown", [
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ("\ud800Welke KPI's horen bij ambitielijn 3?", "Welke KPI&#x27;s horen bij ambitielijn 3?"),
])
def test_odd_questions_are_shown_as_text_and_answered(client, question, shown):
    page = conversation_updates(chat(client, question, "oddquestion1"))[0]
    assert f'<p class="vb-question">{shown}</p>' in page and "<img" not in page and "vb-bot" in page
