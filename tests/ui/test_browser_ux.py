"""In Chromium, on a phone (390×844) and a desktop: a way onward, copy and cite, permalinks, the live
region and the skip link, one scroll on a phone, and the catalog as cards.

`vraagbaak serve` runs as a real subprocess (``live_server``); answers are compared with what
the JSON API of the same server says.
"""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

import pytest

from tests.ui.conftest import ARTIFACTS
from tests.ui.test_browser import KPI_QUESTION, TIMEOUT_MS, ask, wait_answered

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

REFUSED = "Wat is het recept voor Luikse wafels?"
VIEWPORTS = {
    "phone": dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True),
    "desktop": dict(viewport={"width": 1280, "height": 900}),
}


def api_answer(base: str, question: str) -> dict:
    request = urllib.request.Request(base + "api/ask", data=json.dumps({"question": question}).encode(),
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@pytest.fixture(params=sorted(VIEWPORTS))
def screen(request, chromium, live_server):
    """A fresh page on a phone and on a desktop, clipboard allowed."""
    context = chromium.new_context(locale="nl-NL", **VIEWPORTS[request.param])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server["url"].rstrip("/"))
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.device = request.param
    yield page
    context.close()


def open_app(page, base: str, query: str = "") -> None:
    page.goto(base + query)
    page.wait_for_selector("#vb-question textarea")


def test_refusal_shows_contact_and_suggested_questions_that_are_answered(screen, live_server):
    base = live_server["url"]
    open_app(screen, base)
    start = screen.locator("#vb-transcript .vb-empty .vb-suggest")
    start.first.wait_for()
    offered = start.all_inner_texts()
    assert len(offered) == 3  # on the start page too
    ask(screen, REFUSED)
    onward = screen.locator("#vb-transcript .vb-bot .vb-onward")
    onward.wait_for()
    expected = api_answer(base, REFUSED)["onward"]
    assert expected["contact"]["url"] in onward.inner_text()
    link = onward.locator("a", has_text=expected["contact"]["url"])
    assert link.get_attribute("href") == expected["contact"]["url"] and link.get_attribute("rel") == "noopener noreferrer"
    suggestions = onward.locator(".vb-suggest")
    assert suggestions.all_inner_texts() == expected["suggestions"] == offered
    suggestions.nth(1).click()  # asks that question
    wait_answered(screen, 2)
    assert screen.locator("#vb-transcript .vb-question").nth(1).inner_text() == expected["suggestions"][1]
    last = screen.locator("#vb-transcript .vb-bot").nth(1)
    assert last.locator(".vb-cite").count() >= 1 and last.locator(".vb-onward").count() == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screen.screenshot(path=str(ARTIFACTS / f"onward-{screen.device}.png"), full_page=True)


def test_copy_button_copies_the_answer_with_numbered_sources(screen, live_server):
    open_app(screen, live_server["url"])
    ask(screen, KPI_QUESTION)
    wait_answered(screen, 1)
    screen.locator("#vb-transcript .vb-copy").click()
    screen.wait_for_function("document.querySelector('#vb-transcript .vb-copied').textContent.length > 0")
    copied = screen.evaluate("navigator.clipboard.readText()")
    answer = api_answer(live_server["url"], KPI_QUESTION)
    lines = copied.splitlines()
    assert lines[0].endswith(KPI_QUESTION) and answer["answer"] in copied
    for c in answer["citations"]:
        source = next(line for line in lines if line.startswith(f"[{c['n']}] "))
        assert source.startswith(f"[{c['n']}] {c['title']}, {c['section']}")
        assert c["version_date"] in source and source.endswith(c["url"])
        assert f"„{c['quote']}”" in copied
    # the URLs are the ones the source cards link to
    shown = screen.locator("#vb-transcript .vb-source-link").evaluate_all("links => links.map(a => a.href)")
    assert [c["url"] for c in answer["citations"]] == shown


def test_permalink_asks_on_load_and_each_answer_links_to_it(screen, live_server):
    question = "Hoe heet ambitielijn 2?"
    open_app(screen, live_server["url"], "?q=" + quote(question))
    wait_answered(screen, 1)
    assert screen.locator("#vb-transcript .vb-question").inner_text() == question
    assert "Waardevolle en toekomstgerichte werkkrachten" in screen.locator("#vb-transcript .vb-answer").inner_text()
    link = screen.locator("#vb-transcript .vb-permalink")
    assert link.get_attribute("href") == "?q=" + quote(question)
    api = api_answer(live_server["url"], question)
    assert api["permalink"] == live_server["url"] + "?q=" + quote(question)


def test_a_new_answer_is_announced_in_a_polite_live_region(screen, live_server):
    open_app(screen, live_server["url"])
    region = screen.locator("#vb-live")
    assert region.get_attribute("aria-live") == "polite" and region.text_content() == ""
    ask(screen, "Hoe heet ambitielijn 3?")
    wait_answered(screen, 1)
    screen.wait_for_function("document.querySelector('#vb-live').textContent.length > 0")
    said = region.text_content()
    answer = screen.locator("#vb-transcript .vb-answer").inner_text()
    assert said.startswith("Antwoord: ") and " ".join(answer.split())[:60] in said
    ask(screen, KPI_QUESTION)
    wait_answered(screen, 2)
    screen.wait_for_function("said => document.querySelector('#vb-live').textContent !== said", arg=said)
    assert "3 KPI's" in region.text_content() and said not in region.text_content()


def test_skip_link_goes_from_the_question_box_to_the_sources(screen, live_server):
    open_app(screen, live_server["url"])
    ask(screen, KPI_QUESTION)
    wait_answered(screen, 1)
    screen.focus("#vb-question textarea")
    screen.keyboard.press("Tab")
    assert screen.evaluate("document.activeElement.className") == "vb-skip"
    screen.keyboard.press("Enter")
    assert screen.evaluate("document.activeElement.id") == "vb-latest-sources"
    screen.keyboard.press("Tab")  # the next stop is the first source
    assert screen.evaluate("document.activeElement.classList.contains('vb-cite')")


def test_phone_has_one_scroll_and_the_sources_under_their_answer(chromium, live_server):
    context = chromium.new_context(locale="nl-NL", **VIEWPORTS["phone"])
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        open_app(page, live_server["url"])
        ask(page, "Welke acties vallen onder ambitielijn 1?")  # a long answer
        wait_answered(page, 1)
        ask(page, KPI_QUESTION)
        wait_answered(page, 2)
        nested = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => {
            const style = getComputedStyle(e);
            return /(auto|scroll)/.test(style.overflowY) && e.scrollHeight > e.clientHeight + 1;
        }).map(e => e.id || e.className)""")
        assert nested == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # Each answer's sources come right after it, inside the same message.
        for bot in page.locator("#vb-transcript .vb-bot").all():
            answer, sources = bot.locator(".vb-answer").bounding_box(), bot.locator(".vb-sources").bounding_box()
            assert 0 <= sources["y"] - (answer["y"] + answer["height"]) < 40
        # The passage opens directly under the conversation, above the question box.
        page.locator("#vb-transcript .vb-cite").first.tap()
        page.wait_for_selector("#vb-passage .vb-hit")
        passage = page.locator("#vb-passage").bounding_box()
        conversation = page.locator("#vb-transcript").bounding_box()
        question = page.locator("#vb-question").bounding_box()
        assert conversation["y"] + conversation["height"] <= passage["y"] < question["y"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "chat-phone.png"), full_page=True)
    finally:
        context.close()


def test_catalog_is_cards_on_a_phone_and_a_table_on_a_desktop(chromium, live_server):
    shown = {}
    for device in ("phone", "desktop"):
        context = chromium.new_context(locale="nl-NL", **VIEWPORTS[device])
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        try:
            open_app(page, live_server["url"])
            page.click("#vb-tab-catalog-button")
            page.wait_for_selector("#vb-catalog-table tbody tr")
            row = page.locator("#vb-catalog-table tbody tr").first
            shown[device] = {
                "row": row.evaluate("r => getComputedStyle(r).display"),
                "label": row.locator("td").nth(1).evaluate("td => getComputedStyle(td, '::before').content"),
                "header": page.locator("#vb-catalog-table thead").bounding_box()["height"],
                "fits": page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[device]["viewport"]["width"],
                "number": row.locator("td").nth(1).inner_text(),
            }
            if device == "phone":
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "catalog-phone.png"))
        finally:
            context.close()
    assert shown["phone"]["row"] == "block" and shown["desktop"]["row"] == "table-row"
    assert shown["phone"]["label"] == '"Nr.: "' and shown["desktop"]["label"] in ("none", "normal")
    assert shown["phone"]["header"] <= 1 and shown["desktop"]["header"] > 10  # column heads only as labels on a phone
    assert shown["phone"]["fits"] and shown["desktop"]["fits"]
    assert shown["phone"]["number"] == shown["desktop"]["number"] == "1"  # the item's number


def test_check_tab_gives_a_verdict_per_sentence_with_passage_and_website(chromium, live_server):
    context = chromium.new_context(locale="nl-NL", **VIEWPORTS["desktop"])
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        open_app(page, live_server["url"])
        page.click("#vb-tab-check-button")
        page.fill("#vb-check-input textarea", "Innovatie als motor voor een hogere toegevoegde waarde. Leren voor Werkenden. "
                                              "Een actieplan leren voor werkers uitrollen.")
        page.click("#vb-check")
        page.wait_for_selector("#vb-check-result .vb-paragraph")
        sentences = page.locator("#vb-check-result .vb-sentence")
        assert sentences.count() == 3
        assert [s.get_attribute("class").split()[-1] for s in sentences.all()] == [
            "vb-verdict-letterlijk", "vb-verdict-vorm", "vb-verdict-niet"]
        # the matcher names what differs: only the capitals
        assert "letterlijk op de hoofdletters na" in sentences.nth(1).inner_text()
        first = sentences.nth(0)
        assert first.locator("a.vb-source-link").get_attribute("href").startswith("https://www.salkturbo.be/")
        first.locator(".vb-check-passage summary").click()
        assert "Innovatie als motor voor een hogere toegevoegde waarde" in first.locator(".vb-check-passage .vb-hit").inner_text()
    finally:
        context.close()
