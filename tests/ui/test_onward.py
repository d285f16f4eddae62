"""A way onward (contact and suggested questions), copy and cite, permalinks: service, API, CLI and markup."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from chatbot.onward import candidates, contact_for, contact_of, suggestions
from prompts import load_prompts
from ui import render

# Not about anything the documents hold (the documents are a regional economic strategy).
REFUSED = "Wat is het recept voor Luikse wafels?"
ANSWERED = "Welke KPI's horen bij ambitielijn 3?"


@pytest.fixture(scope="module")
def t():
    return load_prompts()


# -- the rule, on data ----------------------------------------------------------
def test_contact_keeps_the_fields_set_and_only_web_urls():
    assert contact_of({"contact_name": "  Loket  ", "contact_url": "javascript:alert(1)", "contact_email": "a@b.be"}) == {
        "name": "Loket", "email": "a@b.be"}
    assert contact_of({"title": "x"}) is None
    documents = {"a.txt": {"metadata": {}}, "b.txt": {"metadata": {"contact_url": "https://b.example/contact"}},
                 "c.txt": {"metadata": {"contact_name": "C"}}}
    assert contact_for([{"source": "c.txt"}], documents) == {"name": "C"}  # the cited document first
    assert contact_for([], documents) == {"url": "https://b.example/contact"}  # else the first one with a contact


def test_suggestions_come_from_the_catalog_and_must_be_answered(t):
    catalog = {
        "items": [{"kind": "actie", "ambitielijn": 2}] * 4 + [{"kind": "actie", "ambitielijn": 5}]
                 + [{"kind": "kpi", "ambitielijn": 5}] * 2 + [{"kind": "analyse", "ambitielijn": None}],
        "ambition_lines": [{"number": 2}, {"number": 5}, {"number": 7}],
    }
    found = list(candidates(catalog, t))
    # The line with the most actions, the line with the most KPIs, then a line not suggested yet.
    assert found[:3] == [t.say("suggesties.lijst_lijn", soort=t.get("soort.actie_meervoud"), lijn=2),
                         t.say("suggesties.lijst_lijn", soort=t.get("soort.kpi_meervoud"), lijn=5),
                         t.say("suggesties.titel_lijn", lijn=7)]
    assert t.say("suggesties.lijst", soort=t.get("soort.analyse_meervoud")) in found  # a kind without lines
    asked = []
    kept = suggestions(catalog, t, lambda q: asked.append(q) or "KPI" not in q)
    assert len(kept) == 3 and not any("KPI" in q for q in kept) and asked[:len(asked)] == found[:len(asked)]


# -- the service and the API ------------------------------------------------------
def test_refusal_carries_contact_and_three_answerable_suggestions(client, bot):
    answer = client.post("/api/ask", json={"question": REFUSED}).json()
    assert answer["answerable"] == "nee"
    onward = answer["onward"]
    assert onward["contact"] == {"name": "de provincie Limburg", "url": "https://www.limburg.be"}  # corpus/*.meta.json
    assert len(onward["suggestions"]) == 3
    for question in onward["suggestions"]:
        assert bot.ask(question)["answerable"] == "ja"
    answered = client.post("/api/ask", json={"question": ANSWERED}).json()
    assert answered["answerable"] == "ja" and "onward" not in answered


def test_citations_carry_the_version_date_and_the_api_echoes_a_permalink(client):
    answer = client.post("/api/ask", json={"question": ANSWERED}).json()
    created = client.app.state.bot.state().index.manifest.created
    assert {c["version_date"] for c in answer["citations"]} == {created[:10]}
    link = urlsplit(answer["permalink"])
    assert link.path == "/" and parse_qs(link.query) == {"q": [ANSWERED]}
    spec = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert {"onward", "permalink"} <= set(spec["Answer"]["properties"])
    assert "version_date" in spec["Citation"]["properties"]


def test_cli_ask_prints_source_urls_and_the_way_onward(cli, corpus_settings):
    data = {"DATA_DIR": corpus_settings.data_dir}
    result = cli(["ask", ANSWERED], **data)
    assert result.code == 0
    urls = re.findall(r"^\s+(https?://\S+)$", result.out, re.M)
    assert len(urls) == 3 and all("#:~:text=" in u for u in urls)
    refused = cli(["ask", REFUSED], **data)
    assert "https://www.limburg.be" in refused.out and "de provincie Limburg" in refused.out
    assert "INFO" not in refused.err  # no log lines from ask without -v
    as_json = json.loads(cli(["ask", "--json", REFUSED], **data).out)
    assert len(as_json["onward"]["suggestions"]) == 3


# -- the markup ---------------------------------------------------------------------
def _answer(**extra):
    base = {"answer": "Antwoord met [1].", "answerable": "ja", "citations": [
        {"n": 1, "title": "Doc", "section": "Ambitielijn 3 › KPI's", "page": 5, "chunk_id": "abc", "quote": "Een „citaat”",
         "url": "https://example.org/doc#:~:text=Een", "version_date": "2026-03-01"}]}
    return {**base, **extra}


def test_cite_text_numbers_the_sources_with_title_section_page_date_and_url(t):
    text = render.cite_text("Een vraag?", _answer(), t)
    assert text.splitlines()[0] == t.say("ui_citeer.vraag", vraag="Een vraag?")
    assert "Antwoord met [1]." in text
    source = [line for line in text.splitlines() if line.startswith("[1] ")][0]
    assert source == ("[1] Doc, Ambitielijn 3 › KPI's, " + t.say("ui_citeer.pagina", pagina=5) + ", "
                      + t.say("ui_citeer.versie", datum="2026-03-01") + ". https://example.org/doc#:~:text=Een")
    assert "„Een „citaat””" in text


def test_answer_markup_has_copy_button_permalink_and_escaped_onward(t):
    onward = {"contact": {"name": "<b>Loket</b>", "url": "https://x.example", "phone": "011 23 45 67"},
              "suggestions": ['Wat is "x"?']}
    html = render.transcript([{"question": "Vraag <script>", "answer": _answer(onward=onward)}], t)
    assert 'class="vb-copy"' in html and "&lt;script&gt;" in html and "<script>" not in html
    assert 'href="?q=Vraag%20%3Cscript%3E"' in html
    assert "&lt;b&gt;Loket&lt;/b&gt;" in html and 'href="tel:011234567"' in html
    assert 'data-ask="Wat is &quot;x&quot;?"' in html
    assert 'id="vb-latest-sources"' in html
    empty = render.transcript([], t, suggestions=["Hoe heet ambitielijn 1?"])
    assert 'data-ask="Hoe heet ambitielijn 1?"' in empty and t.get("ui_verder.start") in empty
