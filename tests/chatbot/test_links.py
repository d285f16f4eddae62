"""Deep links: text fragments for web pages, #page=N for PDFs, nothing without a safe source URL."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from chatbot.links import (
    TextDirective,
    choose_directive,
    deep_link,
    encode_part,
    find_range,
    plain_directive,
    safe_source_url,
)

URL = "https://www.example.be/strategie"


def doc(text: str, source: str = "strategie.txt", url: str | None = URL) -> dict:
    return {"source": source, "text": text, "metadata": {"source_url": url} if url else {}}


def test_directive_parts_escape_the_reserved_characters():
    assert encode_part("2013-2017, a & b") == "2013%2D2017%2C%20a%20%26%20b"
    assert encode_part("KMO’s  op\nvlak") == "KMO%E2%80%99s%20op%20vlak"
    d = TextDirective("start-woord", "eind,woord", prefix="voor&af", suffix="na-af")
    assert d.encode() == "text=voor%26af-,start%2Dwoord,eind%2Cwoord,-na%2Daf"


def test_short_quote_is_the_whole_start_and_a_long_one_gets_start_and_end_words():
    assert plain_directive("Aantal startende ondernemers") == TextDirective("Aantal startende ondernemers")
    long = "Het bruto binnenlands product per inwoner is een goede indicator voor de creatie van welvaart in een regio."
    assert plain_directive(long) == TextDirective("Het bruto binnenlands product", "welvaart in een regio.")


def test_a_quote_over_two_lines_keeps_start_and_end_each_on_one_line():
    d = plain_directive("Om economisch te excelleren zetten we daarom in op:\n\n➔ Verhogen van de competitiviteit")
    assert d == TextDirective("Om economisch te excelleren", "Verhogen van de competitiviteit")


def test_a_web_page_link_points_at_the_quote_and_decodes_to_its_words():
    text = "Inleiding.\n\nLimburg is in 2019 goed voor 4,3% van de Belgische octrooiaanvragen. Enkel Henegouwen, Namen en Luxemburg scoren lager.\n"
    quote = "Limburg is in 2019 goed voor 4,3% van de Belgische octrooiaanvragen."
    url = deep_link(doc(text), quote, text.index(quote))
    assert url.startswith(URL + "#:~:text=")
    start, end = url.split("#:~:text=")[1].split(",")
    assert (unquote(start), unquote(end)) == ("Limburg is in 2019", "van de Belgische octrooiaanvragen.")


def test_a_repeated_heading_gets_context_to_reach_the_right_occurrence():
    text = ("Internationaal geconnecteerde regio\n\nInleiding over de regio.\n\n"
            "Ambitielijn 3: Limburg\n\nInternationaal geconnecteerde regio\n\nWelke KPI's volgen?\n")
    second = text.rindex("Internationaal geconnecteerde regio")
    d = choose_directive(text, second, second + len("Internationaal geconnecteerde regio"))
    assert d.prefix or d.suffix
    assert find_range(text, d) == (second, second + len("Internationaal geconnecteerde regio"))
    # Without the context, a browser would highlight the first occurrence.
    assert find_range(text, TextDirective("Internationaal geconnecteerde regio")) == (0, 35)


def test_find_range_follows_word_boundaries_and_case():
    text = "De kmo-werking en de KMO werking."
    assert find_range(text, TextDirective("kmo werking")) == (21, 32)
    assert find_range(text, TextDirective("de kmo")) == (0, 6)
    assert find_range(text, TextDirective("werking", suffix="en")) == (7, 14)
    assert find_range(text, TextDirective("ontbreekt")) is None


def test_every_chunk_and_sentence_of_the_corpus_gets_a_directive_that_selects_it(corpus_settings):
    from ingest.dutch import sentence_spans as sentences
    from ingest.store import IndexStore

    index = IndexStore(corpus_settings).open()
    document = index.documents["competitief-limburg.txt"]
    text = document["text"]
    checked = 0
    for chunk in index.chunks:
        spans = [(chunk.char_start, chunk.char_end)]
        spans += [(chunk.char_start + s, chunk.char_start + e) for s, e in sentences(chunk.text)]
        for start, end in spans:
            assert find_range(text, choose_directive(text, start, end)) == (start, end), text[start:end][:80]
            checked += 1
    assert checked > 150


def test_pdf_gets_a_page_and_other_downloads_the_plain_url():
    pdf = doc("Tekst", source="plan.pdf", url="https://example.be/plan.pdf#old")
    assert deep_link(pdf, "Tekst", 0, page=7) == "https://example.be/plan.pdf#page=7"
    assert deep_link(pdf, "Tekst", 0, page=None) == "https://example.be/plan.pdf"
    assert deep_link(doc("Tekst", url="https://example.be/download/plan.pdf"), "Tekst", 0, 3) == "https://example.be/download/plan.pdf#page=3"
    assert deep_link(doc("Tekst", source="plan.docx", url="https://example.be/plan.docx"), "Tekst", 0) == "https://example.be/plan.docx"


@pytest.mark.parametrize("url", [None, "", "javascript:alert(1)", "ftp://example.be/x", "/relative/path",
                                 "https://example.be/a b", 'https://example.be/"onmouseover=x', "data:text/html,hi"])
def test_no_link_without_a_safe_http_url(url):
    assert safe_source_url({"source_url": url}) is None
    assert deep_link(doc("Tekst", url=url), "Tekst", 0) is None


def test_citations_carry_the_url(bot):
    answer = bot.ask("Welke KPI's horen bij ambitielijn 3?")
    assert answer["citations"]
    for citation in answer["citations"]:
        url = citation["url"]
        assert url.startswith("https://www.salkturbo.be/competitief-limburg#:~:text=")
        assert unquote(url.split("text=", 1)[1].split(",")[0]) in citation["quote"]


def test_catalog_items_carry_the_url(bot):
    items = bot.catalog(kind="kpi", ambitielijn=1)
    assert len(items) == 3
    assert all(item["url"].startswith("https://www.salkturbo.be/competitief-limburg#:~:text=") for item in items)
