"""Normalisation: characters, running headers/footers, wrapped lines -> blocks."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.normalise import (
    Line,
    _join,
    collapse_spaces,
    lines_to_blocks,
    normalise_chars,
    pages_to_blocks,
    remove_running_lines,
)

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def blocks_of(text: str, page: int | None = None):
    return lines_to_blocks([Line(t, page) for t in normalise_chars(text).split("\n")])


# -- characters -----------------------------------------------------------------------


def test_characters_nbsp_soft_hyphen_zero_width_crlf_ligature_and_control():
    text = "Limburg\u00a0blijft\r\nin\u00adno\u200bvatie\rﬁets \x07bel\ufeff"
    assert normalise_chars(text) == "Limburg blijft\ninnovatie\nfiets bel"


def test_ellipsis_stays_one_sign_and_tabs_become_spaces():
    assert normalise_chars("vrije tijd, …\tBijkomende") == "vrije tijd, …    Bijkomende"


def test_collapse_spaces():
    assert collapse_spaces("  een \u00a0 twee\t\u2009drie  ") == "een twee drie"


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("regio positioneren als grensover-", "schrijdende fietsregio", "regio positioneren als grensover-schrijdende fietsregio"),
        ("het versterken van de innovatie in de land-", "en tuinbouw", "het versterken van de innovatie in de land- en tuinbouw"),
        ("hebben West-", "en Zuid-Limburg", "hebben West- en Zuid-Limburg"),
        ("een woord", "op de volgende regel", "een woord op de volgende regel"),
        ("in de periode 2013-", "2017 gaat", "in de periode 2013-2017 gaat"),
        ("in 2013-", "en 2017", "in 2013- en 2017"),
        ("waarde-creatie –", "het stimuleren", "waarde-creatie – het stimuleren"),
    ],
)
def test_join_repairs_only_words_wrapped_at_a_hyphen(left, right, joined):
    assert _join(left, right) == joined


# -- running headers and footers ------------------------------------------------------------


BODY = {
    1: ("Limburg blijft 20% onder het niveau van Vlaanderen.", "Het Maasland kende de laagste groei."),
    2: ("Innovatie kan structureel bevorderd worden.", "Ook in onderwijs en zorg."),
    3: ("Werken aan de arbeidsmarkt van morgen.", "Niemand valt uit de boot."),
    4: ("Limburg heeft een centrale ligging.", "Meer dan 100 nationaliteiten."),
    5: ("Een e-arena voor e-sports.", "Fietsen door het kolenspoor."),
}


def _make_pages(n: int, header: str | None, footer: str | None, body) -> list[list[str]]:
    pages = []
    for number in range(1, n + 1):
        lines = []
        if header:
            lines += [header.format(n=number), ""]
        lines += body(number)
        if footer:
            lines += ["", footer.format(n=number)]
        pages.append(lines)
    return pages


@pytest.mark.parametrize("footer", ["- {n} -", "Pagina {n}", "pagina {n} van 5", "{n}", "Competitief Limburg – p. {n}"])
@pytest.mark.parametrize("header", ["Provincie Limburg – Economische strategie", "Strategische nota 2021-2026", None])
def test_running_headers_and_page_numbers_are_removed(header, footer):
    pages = _make_pages(5, header, footer, lambda n: [BODY[n][0], BODY[n][1]])
    cleaned = remove_running_lines(pages)
    for number, lines in enumerate(cleaned, start=1):
        body = [line for line in lines if line.strip()]
        assert body == list(BODY[number])


def test_title_that_doubles_as_running_header_survives_as_body_text():
    pages = _make_pages(4, "Competitief Limburg", "- {n} -", lambda n: [BODY[n][0]])
    pages[0][2:2] = ["Competitief Limburg", ""]
    cleaned = remove_running_lines(pages)
    assert [line for line in cleaned[0] if line.strip()] == ["Competitief Limburg", BODY[1][0]]


def test_questions_that_differ_only_in_a_number_are_not_running_headers():
    # On a short document the three "… ambitielijn N?" questions can each open a page.
    question = "Wat zijn voorbeelden van acties die kunnen ondernomen worden binnen ambitielijn {n}?"
    pages = [
        ["Kop", "Inleiding."],
        ["Kop", question.format(n=1), "• Actie een"],
        ["Kop", "Context.", question.format(n=2), "• Actie twee"],
        ["Kop", question.format(n=3), "• Actie drie"],
    ]
    cleaned = remove_running_lines(pages)
    for n, lines in zip((1, 2, 3), cleaned[1:]):
        assert question.format(n=n) in lines
        assert "Kop" not in lines


def test_pages_to_blocks_keeps_page_numbers():
    blocks = pages_to_blocks([(1, "Kop\n\nEerste alinea.\n\n1"), (2, "Kop\n\nTweede alinea.\n\n2"), (3, "Kop\n\nDerde.\n\n3")])
    assert [(b.text, b.page) for b in blocks] == [("Eerste alinea.", 1), ("Tweede alinea.", 2), ("Derde.", 3)]


# -- lines -> blocks ----------------------------------------------------------------------


def test_bullets_with_hanging_indent_and_wrapped_lines():
    text = (
        "Wat zijn voorbeelden van acties?\n\n"
        " • Het versterken van de innovatie in de land- en tuinbouw als hefboom\n"
        "   voor productinnovatie\n"
        " • De digitalisering van de Limburgse bouweconomie versnellen, door het KMO\n"
        "   weefsel digitaal te versterken\n"
    )
    blocks = blocks_of(text)
    assert [(b.text, b.bullet) for b in blocks] == [
        ("Wat zijn voorbeelden van acties?", False),
        ("Het versterken van de innovatie in de land- en tuinbouw als hefboom voor productinnovatie", True),
        ("De digitalisering van de Limburgse bouweconomie versnellen, door het KMO weefsel digitaal te versterken", True),
    ]


def test_navigation_line_after_a_full_width_item_is_not_joined():
    text = (
        "Welke KPI's kunnen worden uitgewerkt?\n\n"
        "   – Aantal startende ondernemers in de provincie\n"
        "   – Omvang van buitenlandse investeringen en economische activiteit naar Limburg\n"
        "Ontdek de projecten\n"
    )
    blocks = blocks_of(text)
    assert blocks[-2].text == "Omvang van buitenlandse investeringen en economische activiteit naar Limburg"
    assert blocks[-1].text == "Ontdek de projecten" and not blocks[-1].bullet


def test_text_back_at_the_margin_ends_a_hanging_item():
    text = (
        "Acties:\n\n"
        "  • Een eerste actie die lang genoeg is om tot aan de rechterkant van de regel\n"
        "    te lopen en daarna verder te gaan op een tweede regel die ook heel lang is\n"
        "Innovatie voor toegevoegde waarde\n"
    )
    blocks = blocks_of(text)
    assert blocks[-1].text == "Innovatie voor toegevoegde waarde" and not blocks[-1].bullet
    assert blocks[-2].text.endswith("tweede regel die ook heel lang is")


def test_bullet_sign_glued_to_its_text():
    blocks = blocks_of("Om te excelleren zetten we in op:\n\n➔Verhogen van de competitiviteit\n➔Versnellen van innovatie\n–Het derde punt\n")
    assert [(b.text, b.bullet) for b in blocks[1:]] == [
        ("Verhogen van de competitiviteit", True),
        ("Versnellen van innovatie", True),
        ("Het derde punt", True),
    ]


def test_emphasis_asterisk_is_not_a_bullet():
    blocks = blocks_of("*Nadruk op dit woord* en verder\n")
    assert not blocks[0].bullet


def test_dash_that_wraps_inside_an_item_is_not_a_new_item():
    text = (
        " • Limburgs ondernemerschap versterken via kennisontwikkeling en toegevoegde waarde-creatie\n"
        "   – het stimuleren van bedrijfssamenwerking\n"
        " • Volgende actie\n"
    )
    blocks = blocks_of(text)
    assert [b.text for b in blocks] == [
        "Limburgs ondernemerschap versterken via kennisontwikkeling en toegevoegde waarde-creatie "
        "– het stimuleren van bedrijfssamenwerking",
        "Volgende actie",
    ]


def test_indentation_is_compared_within_a_page_only():
    # PDF layout extraction measures indentation from each page's leftmost text: the
    # same list can sit one column further right on the next page.
    lines = [
        Line("Acties:", 1),
        Line("", 1),
        Line("–   Versterken van het toeristisch ondernemerschap door", 1),
        Line("    ketensamenwerking en clusterwerking", 2),
        Line(" –   Stimuleren van creatieve economie, waarbij de uitbouw van", 2),
        Line("     een expertisecentrum vakmanschap ondersteunt", 2),
        Line(" –   Derde actie", 2),
    ]
    blocks = lines_to_blocks(lines)
    assert [(b.text, b.page) for b in blocks[1:]] == [
        ("Versterken van het toeristisch ondernemerschap door ketensamenwerking en clusterwerking", 1),
        ("Stimuleren van creatieve economie, waarbij de uitbouw van een expertisecentrum vakmanschap ondersteunt", 2),
        ("Derde actie", 2),
    ]


def test_ambition_heading_wrapped_over_two_lines():
    blocks = blocks_of("Ambitielijn 1: Innovatie als motor voor een hogere\ntoegevoegde waarde\n\nVersnellen en versterken.\n")
    assert blocks[0].text == "Ambitielijn 1: Innovatie als motor voor een hogere toegevoegde waarde"


def test_markdown_headings_are_blocks_of_their_own():
    blocks = blocks_of("# Titel\nTekst direct eronder.\n## Tweede kop\n")
    assert [(b.text, b.heading_level) for b in blocks] == [("Titel", 1), ("Tekst direct eronder.", 0), ("Tweede kop", 2)]


# -- properties -------------------------------------------------------------------------

_alphabet = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzëéïABCDEKLMZ0123456789 .,:;?!()-–—•➔*#’'\"…\u00a0\u00ad\u200b\t\r\n")
    + ["\n\n", "  ", "Ambitielijn 2: ", "• ", " – ", "Pagina 3", "KPI’s?", "acties:", "ﬁ", "\x00", "\ufeff"]
)
_text = st.lists(_alphabet, max_size=400).map("".join)
_pages = st.lists(st.tuples(st.one_of(st.none(), st.integers(1, 30)), _text), min_size=1, max_size=4)


@PROPERTY
@given(_text)
def test_normalise_chars_is_idempotent_and_clean(text):
    once = normalise_chars(text)
    assert normalise_chars(once) == once
    assert "\u00a0" not in once and "\r" not in once and "\t" not in once and "\x00" not in once
    assert "\u00ad" not in once and "\u200b" not in once and "\ufeff" not in once


@PROPERTY
@given(_pages)
def test_blocks_never_crash_and_are_clean(pages):
    blocks = pages_to_blocks(pages)
    numbers = {n for n, _ in pages}
    for block in blocks:
        assert block.text and block.text == block.text.strip()
        assert "\n" not in block.text and "  " not in block.text and "\u00a0" not in block.text
        assert block.page in numbers


@PROPERTY
@given(_pages, st.data())
def test_non_breaking_spaces_read_as_spaces(pages, data):
    with_nbsp = []
    for number, text in pages:
        chars = list(text)
        for i, ch in enumerate(chars):
            if ch == " " and data.draw(st.booleans(), label="nbsp"):
                chars[i] = "\u00a0"
        with_nbsp.append((number, "".join(chars)))
    assert pages_to_blocks(with_nbsp) == pages_to_blocks(pages)


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzëéïABCDEFGHIJKLMNOPRSTUVWZ", min_size=1, max_size=14)
_sentence_words = st.lists(_word, min_size=3, max_size=60)


@PROPERTY
@given(st.lists(_sentence_words, min_size=1, max_size=6), st.integers(25, 90), st.sampled_from(["•", "➔", "–", "-"]))
def test_wrapped_bullets_with_hanging_indent_are_joined_back(items, width, sign):
    # A list item opens with a capital: "– het …" after an unfinished line is a wrapped
    # dash, which only the layout can tell apart.
    items = [[words[0].capitalize(), *words[1:]] for words in items]
    lines = ["Wat zijn voorbeelden van acties?", ""]
    for words in items:
        wrapped = textwrap.wrap(" ".join(words), width=width, break_on_hyphens=False, break_long_words=False)
        lines.append(f" {sign} {wrapped[0]}")
        lines += [f"   {part}" for part in wrapped[1:]]
    blocks = blocks_of("\n".join(lines))
    assert [b.text for b in blocks[1:]] == [" ".join(words) for words in items]
    assert all(b.bullet for b in blocks[1:])


@PROPERTY
@given(st.lists(st.lists(_word.map(str.lower), min_size=3, max_size=80), min_size=1, max_size=5), st.integers(20, 90))
def test_wrapped_paragraphs_are_joined_back(paragraphs, width):
    text = "\n\n".join(textwrap.fill(" ".join(words), width=width, break_on_hyphens=False) for words in paragraphs)
    assert [b.text for b in blocks_of(text)] == [" ".join(words) for words in paragraphs]
