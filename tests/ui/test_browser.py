"""End to end in Debian's Chromium (Playwright): `vraagbaak serve` as a real subprocess."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from pathlib import Path

import pytest

from tests.ui.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

KPI_QUESTION = "Welke KPI's horen bij ambitielijn 3?"
TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.fixture
def page(browser, live_server):
    """A fresh Dutch desktop page on the app; records dialogs and failed requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda dialog: (pg.dialogs.append(dialog.message), dialog.dismiss()))
    pg.goto(live_server["url"])
    pg.wait_for_selector("#vb-question textarea")
    yield pg
    context.close()


def ask(pg, question: str) -> None:
    pg.fill("#vb-question textarea", question)
    pg.keyboard.press("Enter")


def wait_answered(pg, n: int) -> None:
    """Wait until the conversation holds n finished answers."""
    pg.wait_for_function(
        "n => document.querySelectorAll('#vb-transcript .vb-bot').length === n"
        " && !document.querySelector('#vb-transcript [aria-busy]')", arg=n)


def record_answer_lengths(pg) -> None:
    """Remember every length the last answer had while it was being written."""
    pg.evaluate("""() => {
      window.__lengths = [];
      const root = document.querySelector('#vb-transcript');
      new MutationObserver(() => {
        const answers = root.querySelectorAll('.vb-bot .vb-answer');
        if (answers.length) window.__lengths.push(answers[answers.length - 1].textContent.length);
      }).observe(root, {childList: true, subtree: true, characterData: true});
    }""")


def test_chat_shows_the_answer_with_citation_cards_and_opens_passages(page, live_server):
    assert page.evaluate("document.documentElement.lang") == "nl"
    record_answer_lengths(page)
    ask(page, KPI_QUESTION)
    page.wait_for_selector("#vb-transcript .vb-cite")
    answer = page.locator("#vb-transcript .vb-bot .vb-answer").last.inner_text()
    assert "3 KPI's" in answer
    # An extractive answer is shown complete as soon as it is composed: no partial frames.
    lengths = [n for n in page.evaluate("window.__lengths") if n > 0]
    assert lengths and set(lengths) == {len(page.locator(".vb-bot .vb-answer").last.text_content())}
    cards = page.locator("#vb-transcript .vb-cite")
    assert cards.count() == 3
    first_card = cards.nth(0).inner_text()
    assert "Ambitielijn 3 › KPI's" in first_card
    quotes = [q.strip("„”") for q in page.locator("#vb-transcript .vb-cite .vb-quote").all_inner_texts()]
    assert quotes[0] in answer

    page.locator("#vb-transcript .vb-ref", has_text="[2]").click()  # the [2] marker in the answer
    page.wait_for_selector("#vb-passage .vb-hit")
    assert page.locator("#vb-passage .vb-hit").inner_text() == quotes[1]
    assert "Ambitielijn 3 › KPI's" in page.locator("#vb-passage .vb-where").inner_text()
    assert page.evaluate("document.activeElement.id") == "vb-passage-title"  # focus follows, for keyboards

    cards.nth(2).focus()  # a card from the keyboard
    page.keyboard.press("Enter")
    page.wait_for_function("q => document.querySelector('#vb-passage .vb-hit')?.textContent === q", arg=quotes[2])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "chat-desktop.png"))  # docs/screenshot-chat.png is made from this


def test_feedback_is_stored_with_comment_and_without_ip(page, live_server):
    ask(page, KPI_QUESTION)
    page.wait_for_selector("#vb-transcript .vb-cite")
    page.click("#vb-vote-down")
    page.wait_for_selector("#vb-comment textarea")
    page.fill("#vb-comment textarea", "De KPI's zijn niet meetbaar geformuleerd.")
    page.click("#vb-send-comment")
    page.wait_for_selector("#vb-feedback-status >> text=je opmerking is bewaard")
    with sqlite3.connect(live_server["data_dir"] / "feedback.sqlite3") as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute("SELECT * FROM feedback WHERE comment LIKE 'De KPI%'")]
    assert len(rows) == 1
    row = rows[0]
    assert row["question"] == KPI_QUESTION and row["vote"] == "down" and "3 KPI's" in row["answer"]
    assert len(__import__("json").loads(row["citations"])) == 3
    assert "127.0.0.1" not in " ".join(str(v) for v in row.values())


def test_example_question_and_new_conversation(page):
    page.locator(".vb-example", has_text="Wat doet de provincie voor toerisme?").click()
    page.wait_for_selector("#vb-transcript .vb-cite")
    assert page.locator("#vb-transcript .vb-cite mark", has_text=re.compile("toerisme", re.I)).count() >= 1
    page.click("#vb-new")
    page.wait_for_selector("#vb-transcript .vb-empty")
    assert page.locator("#vb-transcript .vb-msg").count() == 0
    assert page.evaluate("document.activeElement.closest('#vb-question') !== null")


def test_script_question_shows_as_text_and_runs_nothing(page):
    payloads = ["<img src=x onerror=alert(1)>", "<svg onload=window.__xss=1>", "${alert(3)} {{constructor}}"]
    for n, payload in enumerate(payloads, 1):
        ask(page, payload)
        wait_answered(page, n)
    shown = page.locator("#vb-transcript .vb-question").all_inner_texts()
    assert shown == payloads
    assert page.locator("#vb-transcript img, #vb-transcript svg, #vb-transcript script").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == [] and page.evaluate("window.__xss") is None


def test_too_long_question_gets_a_dutch_message(page):
    ask(page, "Welke acties? " + "x" * 1200)
    wait_answered(page, 1)
    assert "Je vraag is te lang" in page.locator("#vb-transcript .vb-bot .vb-answer").last.inner_text()


def test_catalog_filter_count_and_csv_download(page):
    page.click("#vb-tab-catalog-button")
    page.wait_for_selector("#vb-catalog-table table")
    total = int(page.locator(".vb-count").inner_text().split()[0])
    assert total > 40 and page.locator("#vb-catalog-table tbody tr").count() == total

    page.click("#vb-filter-line input")
    page.get_by_role("option", name=re.compile("^Ambitielijn 3")).click()
    page.wait_for_selector(".vb-count >> text=15 items gevonden")
    page.click("#vb-filter-kind input")
    page.get_by_role("option", name="KPI's").click()
    page.wait_for_selector(".vb-count >> text=3 items gevonden")
    rows = page.locator("#vb-catalog-table tbody tr")
    assert rows.count() == 3
    texts = [rows.nth(i).locator("td").nth(3).inner_text() for i in range(3)]

    with page.expect_download() as download_info:
        page.click(".vb-download")
    download = download_info.value
    assert download.suggested_filename == "acties-en-kpis.csv"
    content = Path(download.path()).read_bytes().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(content), delimiter=";"))  # ";": columns in Dutch and Belgian spreadsheets
    assert [r[3] for r in lines[1:]] == texts and all(r[:3] == ["3", str(n), "kpi"] for n, r in enumerate(lines[1:], 1))

    page.fill("#vb-filter-text input", "vrijetijdseconomie")
    page.wait_for_selector(".vb-count >> text=1 item gevonden")
    page.fill("#vb-filter-text input", "geenenkeltreffer")
    page.wait_for_selector(".vb-none")


def test_check_a_sentence(page):
    page.click("#vb-tab-check-button")
    page.fill("#vb-check-input textarea", "leren voor werkenden")
    page.click("#vb-check")
    page.wait_for_selector("#vb-check-result .vb-found")
    assert "Ja, dit staat letterlijk in Competitief Limburg (Ambitielijn 2 › Acties" in page.inner_text("#vb-check-result")

    page.fill("#vb-check-input textarea", "Een actieplan leren voor werkers uitrollen")
    page.click("#vb-check")
    page.wait_for_selector("#vb-check-result .vb-notfound")
    assert "Nee, deze zin staat niet letterlijk" in page.inner_text("#vb-check-result")
    assert page.locator("#vb-check-result del", has_text="werkers").count() == 1
    assert page.locator("#vb-check-result ins").count() >= 1


def test_keyboard_only_question(page):
    page.focus("#vb-question textarea")
    page.keyboard.type("Hoe heet ambitielijn 2?")
    page.keyboard.press("Enter")
    page.wait_for_selector("#vb-transcript .vb-cite")
    assert "Waardevolle en toekomstgerichte werkkrachten" in page.inner_text("#vb-transcript")
    # every form field has a visible label
    for label in ("Je vraag",):
        assert page.get_by_label(label).count() >= 1


def test_widget_on_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL", is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    try:
        pg.goto(live_server["url"] + "widget")
        pg.wait_for_selector("#vb-question textarea")
        assert pg.evaluate("document.documentElement.lang") == "nl"
        assert pg.locator("#vb-tabs").count() == 0  # chat only
        pg.locator(".vb-example").first.tap()
        pg.wait_for_selector("#vb-transcript .vb-cite")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
        pg.locator("#vb-transcript .vb-cite").first.tap()
        pg.wait_for_selector("#vb-passage .vb-hit")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "widget-360.png"), full_page=True)
        assert (ARTIFACTS / "widget-360.png").stat().st_size > 10_000
    finally:
        context.close()


def _violations(pg) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe  # bundles axe-core; no download

    result = Axe().run(pg)
    return [f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result.response["violations"]]


def test_no_accessibility_violations(page, browser, live_server):
    """axe-core (WCAG 2 A/AA rules: contrast, labels, headings, keyboard access) on every view."""
    ask(page, KPI_QUESTION)
    page.wait_for_selector("#vb-transcript .vb-cite")
    page.locator("#vb-transcript .vb-cite").first.click()
    page.wait_for_selector("#vb-passage .vb-hit")
    found = {"chat": _violations(page)}
    page.click("#vb-tab-catalog-button")
    page.wait_for_selector("#vb-catalog-table table")
    found["catalog"] = _violations(page)
    page.click("#vb-tab-check-button")
    page.fill("#vb-check-input textarea", "leren voor werkers")
    page.click("#vb-check")
    page.wait_for_selector("#vb-check-result .vb-check")
    found["check"] = _violations(page)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL")
    try:
        widget = context.new_page()
        widget.goto(live_server["url"] + "widget")
        widget.wait_for_selector("#vb-question textarea")
        found["widget"] = _violations(widget)
    finally:
        context.close()
    assert found == {"chat": [], "catalog": [], "check": [], "widget": []}
