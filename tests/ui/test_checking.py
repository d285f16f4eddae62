"""The wording check for people: sentences of a paragraph, verdicts (case and spacing named as such), exit codes."""

from __future__ import annotations

import json

import pytest

from prompts import load_prompts
from ui import render
from ui.checking import EXIT_CODES, check_paragraph, sentences, verdict, worst

FOUND = "leren voor werkenden"
TITLE = "Innovatie als motor voor een hogere toegevoegde waarde"


@pytest.mark.parametrize("text, expected", [
    ("Een zin. Nog een zin! En een vraag? Laatste", ["Een zin.", "Nog een zin!", "En een vraag?", "Laatste"]),
    ("Hij zei: „Dit klopt.” Daarna 3 acties.", ["Hij zei: „Dit klopt.”", "Daarna 3 acties."]),
    ("Bv. de KMO's en o.a. de regio. Tweede.", ["Bv. de KMO's en o.a. de regio.", "Tweede."]),
    ("  een   zin zonder punt  ", ["een zin zonder punt"]),
])
def test_sentences(text, expected):
    assert sentences(text) == expected


def test_verdicts_name_case_and_spacing_differences():
    result = {"found": True, "quote": FOUND}
    assert verdict(FOUND, result) == "letterlijk"
    assert verdict("Leren voor Werkenden", result) == "vorm"
    assert verdict("leren  voor\twerkenden", {"found": False, "quote": FOUND}) == "vorm"  # whatever the matcher said
    assert verdict("leren voor werkers", {"found": False, "quote": FOUND}) == "niet"
    assert worst(["letterlijk", "vorm"]) == "vorm" and worst(["vorm", "niet", "letterlijk"]) == "niet"
    assert EXIT_CODES == {"letterlijk": 0, "vorm": 4, "niet": 3}


def test_a_paragraph_is_checked_sentence_by_sentence(bot):
    rows = check_paragraph(bot.check, f"{TITLE}. Leren voor Werkenden. Een actieplan leren voor werkers uitrollen.")
    assert [r["verdict"] for r in rows] == ["letterlijk", "vorm", "niet"]
    assert rows[0]["result"]["url"].startswith("https://") and "#:~:text=" in rows[0]["result"]["url"]
    html = render.paragraph_result(rows, load_prompts(), {rows[0]["result"]["chunk_id"]: bot.passage(rows[0]["result"]["chunk_id"])})
    t = load_prompts()
    assert t.say("ui_nakijken.alinea", zinnen=3, letterlijk=1, vorm=1, niet=1) in html
    assert html.count("vb-badge-letterlijk") == 1 and html.count("vb-badge-vorm") == 1 and html.count("vb-badge-niet") == 1
    assert 'class="vb-check-passage"' in html and 'class="vb-source-link"' in html


@pytest.mark.parametrize("args, code", [
    ([FOUND], 0),
    (["Leren voor Werkenden"], 4),
    (["leren voor werkers"], 3),
    (["--sentences", f"{TITLE}. Leren voor Werkenden."], 4),
    (["--sentences", f"{TITLE}. Een actieplan leren voor werkers uitrollen."], 3),
])
def test_check_exit_codes(cli, corpus_settings, args, code):
    result = cli(["check", *args], DATA_DIR=corpus_settings.data_dir)
    assert result.code == code, result.out + result.err


def test_check_sentences_json_and_text(cli, corpus_settings):
    out = cli(["check", "--sentences", "--json", f"{TITLE}. Leren voor Werkenden."], DATA_DIR=corpus_settings.data_dir)
    rows = json.loads(out.out)
    assert [(r["sentence"], r["verdict"]) for r in rows] == [(f"{TITLE}.", "letterlijk"), ("Leren voor Werkenden.", "vorm")]
    text = cli(["check", "Leren voor Werkenden"], DATA_DIR=corpus_settings.data_dir).out
    assert text.splitlines()[0].startswith("Letterlijk gevonden, op hoofdletters of spaties na,")
    assert any(line.strip().startswith("https://") for line in text.splitlines())
