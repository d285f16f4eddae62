"""In Chromium: links to the source, the changes in the catalog tab, and the editors' page /beheer.

``editors_server`` is `vraagbaak serve` as a real subprocess over an index with two
versions (the corpus, then an edited copy: tests/ingest/test_diff.py), with the question
log on and an admin token; its questions are asked over HTTP, so they reach the log the
way users' questions do.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from pathlib import Path

import pytest

from tests.ingest.test_diff import ADDED_KPI, REWORDED_NEW, edited_copy
from tests.servers import Server, clean_env, free_port, vraagbaak
from tests.ui.test_browser import KPI_QUESTION, TIMEOUT_MS, _violations

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

TOKEN = "browser-redactie-token-42"
SOURCE = "https://www.salkturbo.be/competitief-limburg#:~:text="
UNANSWERED = ["Komen er sociale woningen bij?", "Zijn er plannen voor nieuwe woonwijken?", "Komen er meer sociale huurwoningen?",
              "Hoeveel kost het plan?", "Hoeveel budget is er eigenlijk voorzien voor al die plannen?",
              "Wie is de burgemeester van Hasselt?"]


def post_json(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def editors_server(corpus_index, tmp_path_factory):
    from ingest.pipeline import ingest

    tmp = tmp_path_factory.mktemp("editors")
    settings, corpus = edited_copy(corpus_index, tmp)
    assert ingest(settings, progress=False).status == "written"
    port = free_port()
    env = clean_env(VRAAGBAAK_DATA_DIR=settings.data_dir, VRAAGBAAK_CORPUS_DIR=corpus, VRAAGBAAK_QUESTION_LOG="true",
                    VRAAGBAAK_ADMIN_TOKEN=TOKEN)
    server = Server(vraagbaak("serve", "--host", "127.0.0.1", "--port", str(port), "--no-progress"), tmp / "serve.log", env)
    base = f"http://127.0.0.1:{port}/"
    try:
        server.wait_for(base + "api/health", 120)
        for question in UNANSWERED:
            assert post_json(base + "api/ask", {"question": question})["answerable"] in ("nee", "deels")
        yield {"url": base, "data_dir": settings.data_dir}
    finally:
        server.stop()


@pytest.fixture
def desktop(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


def test_chat_and_widget_sources_link_to_the_website(desktop, chromium, live_server):
    page = desktop.new_page()
    page.goto(live_server["url"])
    page.fill("#vb-question textarea", KPI_QUESTION)
    page.keyboard.press("Enter")
    page.wait_for_selector("#vb-transcript .vb-cite")
    cards = page.locator("#vb-transcript .vb-card")
    links = page.locator("#vb-transcript .vb-card a.vb-source-link")
    assert cards.count() == links.count() == 3
    for i in range(3):
        link = links.nth(i)
        assert link.get_attribute("href").startswith(SOURCE)
        assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
        assert link.inner_text().startswith("Bekijk op de website") and "bron" in link.inner_text()
    quote = page.locator("#vb-transcript .vb-cite .vb-quote").first.inner_text().strip("„”")
    assert quote.split()[0] in urllib.request.unquote(links.first.get_attribute("href"))

    page.click("#vb-tab-catalog-button")
    page.wait_for_selector("#vb-catalog-table table")
    rows = page.locator("#vb-catalog-table tbody tr")
    assert page.locator("#vb-catalog-table a.vb-source-link").count() == rows.count() > 40
    assert page.locator("#vb-changes details").count() == 0  # one version only: nothing to compare

    phone = chromium.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL", is_mobile=True, has_touch=True)
    try:
        widget = phone.new_page()
        widget.goto(live_server["url"] + "widget")
        widget.locator(".vb-example").first.tap()
        widget.wait_for_selector("#vb-transcript .vb-cite")
        assert widget.locator("#vb-transcript a.vb-source-link").count() == widget.locator("#vb-transcript .vb-card").count()
        assert widget.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        phone.close()


def test_catalog_tab_shows_what_changed(desktop, editors_server):
    page = desktop.new_page()
    page.goto(editors_server["url"])
    page.click("#vb-tab-catalog-button")
    page.wait_for_selector("#vb-changes details.vb-changes")
    summary = page.locator("#vb-changes summary").inner_text()
    assert "Wat is er veranderd sinds de vorige versie?" in summary and "1 nieuw, 1 verwijderd, 1 gewijzigd" in summary
    page.click("#vb-changes summary")
    assert page.locator("#vb-changes ins", has_text="digitale").count() == 1
    assert page.locator("#vb-changes del", has_text="krachten").count() == 1
    assert page.locator("#vb-changes .vb-removed", has_text="mobiliteitsplannen").count() == 1
    badges = {page.locator(f"#vb-catalog-table tr:has(.vb-badge-{k})").inner_text() for k in ("new", "changed")}
    assert any(ADDED_KPI in b for b in badges) and any(REWORDED_NEW in b for b in badges)
    assert _violations(page) == []


def test_editors_page_signs_in_and_shows_the_report_with_a_csv(desktop, editors_server):
    page = desktop.new_page()
    response = page.goto(editors_server["url"] + "beheer")
    assert response.status == 401 and page.locator("#token").count() == 1
    assert page.evaluate("document.documentElement.lang") == "nl"
    page.fill("#token", "niet-het-goede-token-123")
    page.click("button[type=submit]")
    page.wait_for_selector(".error")
    assert "Dit token is niet juist." in page.inner_text(".error")
    page.fill("#token", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_selector("#report")
    assert page.url.endswith("/beheer")
    assert "Het vragenlogboek staat aan" in page.inner_text(".status")
    topics = page.locator("#report tbody th.topic").all_inner_texts()
    assert len(topics) >= 3 and topics[0] in UNANSWERED
    assert page.locator("#report tbody td.num").first.inner_text() == "3"  # housing: three questions
    assert _violations(page) == []

    with page.expect_download() as info:
        page.click("#csv")
    download = info.value
    assert download.suggested_filename == "vragen-zonder-antwoord.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == topics

    page.fill("#sinds", "2999-01-01")
    page.click("form.filter button")
    page.wait_for_selector("#summary")
    assert page.inner_text("#summary") == "Geen vragen zonder (volledig) antwoord."
    page.click("form.logout button")
    page.wait_for_selector("#token")
