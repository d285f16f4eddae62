"""Deep links in Chromium: a generated link opens a copy of the source page at the quote, highlighted.

The copy (tests/ui/static_site.py) is built from the raw corpus file and served on
loopback; each link's origin is swapped for the copy's. Chromium shows the text-fragment
highlight with ``::target-text``, which the copy paints in a colour nothing else has; the
test finds those pixels in a screenshot of the viewport and asks the page which words lie
under the first and the last highlighted pixel.
"""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest

from tests.ui.conftest import REPO
from tests.ui.static_site import HIGHLIGHT_RGB, StaticSite, render_page

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

SOURCE_URL = "https://www.salkturbo.be/competitief-limburg"
QUESTIONS = [
    "Welke KPI's horen bij ambitielijn 3?",
    "Wat doet de provincie voor toerisme?",
    "Hoeveel octrooiaanvragen heeft Limburg?",
    "Wat leert de economische analyse over de jobs in Limburg?",
    "Wat is de rol van Droneport?",
]

WORD_AT_POINT_JS = """([x, y, side]) => {
  const r = document.caretRangeFromPoint(x, y);
  if (!r || r.startContainer.nodeType !== Node.TEXT_NODE) return null;
  const text = r.startContainer.textContent;
  let i = r.startOffset;
  if (side === 'end' && i > 0) i -= 1;  // the caret sits after the last character
  let a = i, b = i;
  while (a > 0 && !/\\s/.test(text[a - 1])) a--;
  while (b < text.length && !/\\s/.test(text[b])) b++;
  return text.slice(a, b);
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    raw = (REPO / "corpus" / "competitief-limburg.txt").read_text(encoding="utf-8")
    (folder / "competitief-limburg").write_text(render_page(raw, "Competitief Limburg"), encoding="utf-8")
    with StaticSite(folder) as served:
        yield served


@pytest.fixture(scope="module")
def tab(chromium):
    context = chromium.new_context(viewport={"width": 1000, "height": 700}, device_scale_factor=1, locale="nl-BE")
    yield context
    context.close()


def _word(text: str) -> str:
    return re.sub(r"^\W+|\W+$", "", text.casefold())


def highlight(context, url: str) -> dict:
    """Open ``url`` in a new tab; where the highlight is, and the words at its two ends."""
    from PIL import Image

    pg = context.new_page()
    try:
        pg.goto(url, wait_until="load")
        pg.wait_for_timeout(150)  # the fragment is matched and scrolled to right after load
        image = Image.open(io.BytesIO(pg.screenshot())).convert("RGB")
        width, height = image.size
        pixels = image.load()
        rows: dict[int, list[int]] = {}
        for y in range(height):
            xs = [x for x in range(0, width) if pixels[x, y] == HIGHLIGHT_RGB]
            if xs:
                rows[y] = xs
        result = {"count": sum(len(v) for v in rows.values()), "scroll": pg.evaluate("window.scrollY")}
        if not rows:
            return result
        ys = sorted(rows)
        first_line = [y for y in ys if y - ys[0] < 8]
        last_line = [y for y in ys if ys[-1] - y < 8]
        top_y = first_line[len(first_line) // 2]
        bottom_y = last_line[len(last_line) // 2]
        result["first"] = pg.evaluate(WORD_AT_POINT_JS, [min(rows[top_y]) + 2, top_y, "start"])
        result["last"] = pg.evaluate(WORD_AT_POINT_JS, [max(rows[bottom_y]) - 1, bottom_y, "end"])
        return result
    finally:
        pg.close()


def local(url: str, site) -> str:
    assert url.startswith(SOURCE_URL + "#:~:text="), url
    return site.origin + "/competitief-limburg" + url[len(SOURCE_URL):]


def test_links_in_answers_and_catalog_scroll_to_and_highlight_the_quote(bot, site, tab):
    quotes: dict[str, str] = {}
    for question in QUESTIONS:
        for citation in bot.ask(question)["citations"]:
            quotes[citation["url"]] = citation["quote"]
    for item in bot.catalog(kind="kpi") + bot.catalog(kind="actie")[::3] + bot.catalog(kind="analyse")[::2]:
        quotes[item["url"]] = item["text"]
    assert len(quotes) >= 20
    assert any("%2D" in url for url in quotes) and any("%2C" in url for url in quotes)  # escaping is exercised
    misses = []
    for url, quote in quotes.items():
        seen = highlight(tab, local(url, site))
        words = quote.split()
        if seen["count"] < 50 or _word(seen.get("first") or "") != _word(words[0]) or _word(seen.get("last") or "") != _word(words[-1]):
            misses.append((quote[:60], unquote(url.split("#", 1)[1])[:120], seen))
    assert misses == []


def test_a_far_quote_is_scrolled_into_view(bot, site, tab):
    kpi = bot.catalog(kind="kpi", ambitielijn=3)[-1]
    seen = highlight(tab, local(kpi["url"], site))
    assert seen["scroll"] > 2000 and seen["count"] > 50
    assert _word(seen["first"]) == _word(kpi["text"].split()[0])


def test_without_escaping_the_hyphen_nothing_is_highlighted(bot, site, tab):
    """The control: the same link with a raw '-' (as a naive encoder writes it) does not match."""
    item = next(i for i in bot.catalog(kind="kpi") if "%2D" in i["url"])
    good = highlight(tab, local(item["url"], site))
    naive = highlight(tab, local(item["url"].replace("%2D", "-"), site))
    assert good["count"] > 50 and naive["count"] == 0
