"""In Chromium against a real `vraagbaak serve`: a comment typed under "Nee, niet nuttig" reaches the
editors' page with its group, and a group marked "afgehandeld" stays so after the service restarts."""

from __future__ import annotations

import pytest

from tests.servers import Server, clean_env, free_port, vraagbaak
from tests.ui.conftest import REPO, _copy_settings
from tests.ui.test_browser import TIMEOUT_MS, ask, wait_answered

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

TOKEN = "beheer-redactie-token-2026"
QUESTION = "Komt er een nieuw zwembad in Genk?"
COMMENT = "Ik zoek wanneer het zwembad opengaat."


def start(data_dir, port, log):
    env = clean_env(VRAAGBAAK_DATA_DIR=data_dir, VRAAGBAAK_CORPUS_DIR=REPO / "corpus", VRAAGBAAK_QUESTION_LOG="true",
                    VRAAGBAAK_ADMIN_TOKEN=TOKEN)
    server = Server(vraagbaak("serve", "--host", "127.0.0.1", "--port", str(port), "--no-progress"), log, env)
    server.wait_for(f"http://127.0.0.1:{port}/api/health", 120)
    return server


def sign_in(page, base):
    page.goto(base + "beheer")
    page.fill("#token", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_selector("#report")


def row_of(page, question):
    return page.locator("#report tbody tr", has=page.locator("li", has_text=question))


def test_a_comment_reaches_its_group_and_afgehandeld_survives_a_restart(chromium, corpus_settings, tmp_path_factory):
    data_dir = _copy_settings(corpus_settings, tmp_path_factory, "beheer").data_dir
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = start(data_dir, port, data_dir.parent / "serve-1.log")
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(base)
        page.wait_for_selector("#vb-question textarea")
        ask(page, QUESTION)
        wait_answered(page, 1)
        answer = page.locator("#vb-transcript .vb-bot .vb-answer").inner_text()
        page.click("#vb-vote-down")
        page.wait_for_selector("#vb-comment textarea")
        page.fill("#vb-comment textarea", COMMENT)
        page.click("#vb-send-comment")
        page.wait_for_selector("#vb-feedback-status >> text=je opmerking is bewaard")

        sign_in(page, base)
        row = row_of(page, QUESTION)
        assert row.count() == 1
        assert COMMENT in row.locator("ul.comments").inner_text()
        row.locator("details.answer summary").click()
        assert " ".join(row.locator("details.answer .shown").inner_text().split())[:40] == " ".join(answer.split())[:40]
        assert page.locator("#trend tbody tr").count() == 8 and page.locator("#trend tbody tr").last.locator("td").nth(2).inner_text() == "1"
        row.locator("form.handled button").click()
        page.wait_for_selector("#report")
        assert "Afgehandeld op" in row_of(page, QUESTION).locator(".done").inner_text()
    finally:
        context.close()
        server.stop()

    server = start(data_dir, port, data_dir.parent / "serve-2.log")  # the same data, a new process
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        sign_in(page, base)
        row = row_of(page, QUESTION)
        assert "Afgehandeld op" in row.locator(".done").inner_text()
        assert row.get_attribute("class") == "handled"
        row.locator("form.handled button").click()  # heropenen
        page.wait_for_selector("#report")
        assert row_of(page, QUESTION).locator(".done").count() == 0
    finally:
        context.close()
        server.stop()
