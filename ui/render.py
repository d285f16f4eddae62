"""HTML fragments for the web app, built from escaped text only.

Everything a user typed or a document contains goes through ``esc`` before it becomes
markup, so a question like ``<img src=x onerror=alert(1)>`` is shown as text. ``esc``
also turns ``{``, ``}``, ``$`` and backticks into character references: gr.HTML fills a
JS/Handlebars template, and this keeps text from ever being read as a template.
The only markup is the fixed tags written here; clickable sources carry a
``data-chunk`` attribute that the page script turns into a "show passage" event.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlencode, urlsplit

from chatbot.lexicon import function_words
from chatbot.wording import FORM_KEYS
from ingest.diff import shortened
from ingest.lexical import fold, tokenize

_TEMPLATE_CHARS = str.maketrans({"{": "&#123;", "}": "&#125;", "$": "&#36;", "`": "&#96;"})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_REF = re.compile(r"\[(\d{1,3})\]")
_LIST_LINE = re.compile(r"^(\d{1,3})\.\s+(.*)$")
_CHUNK_ID = re.compile(r"^[0-9A-Za-z_-]{1,128}$")


def esc(text) -> str:
    """Text -> safe HTML text (also inert inside gr.HTML's template)."""
    return html.escape("" if text is None else str(text), quote=True).translate(_TEMPLATE_CHARS)


# -- highlighting --------------------------------------------------------------
def question_terms(question: str) -> frozenset[str]:
    """Stems of the meaningful words of a question (no stop or frame words, no numbers)."""
    terms: set[str] = set()
    for match in _WORD.finditer(question or ""):
        word = fold(match.group(0)).replace("’", "'")
        if len(word) < 3 or word.isdigit() or word in function_words():
            continue
        terms.update(t for t in tokenize(word) if not t.isdigit())
    return frozenset(terms)


def highlight(text: str, terms: frozenset[str]) -> str:
    """Escaped text with the words whose stem is in ``terms`` wrapped in <mark>."""
    if not terms:
        return esc(text)
    out, last = [], 0
    for match in _WORD.finditer(text):
        stems = tokenize(fold(match.group(0)).replace("’", "'"))
        if stems and stems[0] in terms:
            out.append(esc(text[last : match.start()]))
            out.append(f"<mark>{esc(match.group(0))}</mark>")
            last = match.end()
    out.append(esc(text[last:]))
    return "".join(out)


# -- links to the source ----------------------------------------------------------
def source_link(url, t, n: int | None = None) -> str:
    """"Bekijk op de website" for an http(s) URL (opens a new tab); empty for anything else."""
    if not isinstance(url, str):
        return ""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    if scheme not in ("http", "https"):
        return ""
    hidden = t.say("ui_bron.link_bron", n=n) if n is not None else t.get("ui_bron.link_nieuw_venster")
    return (
        f'<a class="vb-source-link" href="{esc(url)}" target="_blank" rel="noopener noreferrer">'
        f'{esc(t.get("ui_bron.link"))}<span class="vb-sr"> ({esc(hidden)})</span></a>'
    )


# -- chat ----------------------------------------------------------------------
def where(item: dict, t) -> str:
    """'Competitief Limburg › Ambitielijn 3 › KPI's · p. 5' as escaped text."""
    parts = " › ".join(p for p in (item.get("title"), item.get("section")) if p)
    if item.get("page"):
        parts += " · " + t.say("ui_chat.pagina", pagina=item["page"])
    return esc(parts)


def _with_refs(line: str, chunk_by_n: dict[int, str], t) -> str:
    """Escaped line with [n] markers turned into buttons that open source n."""

    def repl(match: re.Match) -> str:
        n = int(match.group(1))
        chunk = chunk_by_n.get(n)
        if not chunk or not _CHUNK_ID.match(chunk):
            return match.group(0)
        label = esc(t.say("ui_chat.bron_tonen", n=n))
        return f'<button type="button" class="vb-ref" data-chunk="{esc(chunk)}" aria-label="{label}">[{n}]</button>'

    return _REF.sub(repl, esc(line))


def answer_body(text: str, citations: list[dict], t) -> str:
    """The answer text: paragraphs, numbered lists kept as <ol>, [n] as buttons."""
    chunk_by_n = {c["n"]: c.get("chunk_id") or "" for c in citations or [] if isinstance(c.get("n"), int)}
    blocks: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if items:
            blocks.append('<ol class="vb-list">' + "".join(items) + "</ol>")
            items.clear()

    for raw in (text or "").split("\n"):
        line = raw.strip()
        if not line:
            flush()
            continue
        m = _LIST_LINE.match(line)
        if m:
            items.append(f'<li value="{int(m.group(1))}">{_with_refs(m.group(2), chunk_by_n, t)}</li>')
            continue
        flush()
        blocks.append(f"<p>{_with_refs(line, chunk_by_n, t)}</p>")
    flush()
    return "".join(blocks)


def citation_cards(citations: list[dict], question: str, t, latest: bool = False) -> str:
    """The numbered source cards of an answer; the latest answer's can be jumped to (the skip link)."""
    if not citations:
        return ""
    terms = question_terms(question)
    cards = []
    for c in citations:
        chunk = c.get("chunk_id") or ""
        if not _CHUNK_ID.match(chunk):
            continue
        cards.append(
            '<li class="vb-card">'
            f'<button type="button" class="vb-cite" data-chunk="{esc(chunk)}">'
            f'<span class="vb-n" aria-hidden="true">{int(c["n"])}</span>'
            f'<span class="vb-sr">{esc(t.say("ui_chat.bron_tonen", n=int(c["n"])))}: </span>'
            f'<span class="vb-where">{where(c, t)}</span>'
            f'<span class="vb-quote">„{highlight(c.get("quote") or "", terms)}”</span>'
            f"</button>{source_link(c.get('url'), t, int(c['n']))}</li>"
        )
    title = esc(t.get("ui_chat.bronnen"))
    anchor = ' id="vb-latest-sources" tabindex="-1"' if latest else ""
    return (f'<div class="vb-sources"><h2 class="vb-sources-title"{anchor}>{title}</h2>'
            f'<ol class="vb-cards">{"".join(cards)}</ol></div>')


# -- a way onward, copy and cite -------------------------------------------------
def suggestion_buttons(questions: list[str] | None) -> str:
    """Buttons that ask a question (the page script fills the question box and asks)."""
    return "".join(f'<li><button type="button" class="vb-suggest" data-ask="{esc(q)}">{esc(q)}</button></li>'
                   for q in questions or [])


def _link(url: str | None, text: str) -> str:
    if not isinstance(url, str) or urlsplit(url).scheme.lower() not in ("http", "https", "mailto", "tel"):
        return esc(text)
    external = ' target="_blank" rel="noopener noreferrer"' if url.lower().startswith("http") else ""
    return f'<a href="{esc(url)}"{external}>{esc(text)}</a>'


def onward_block(onward: dict | None, t) -> str:
    """The contact point and suggested questions shown with every ``nee`` and ``deels`` answer."""
    if not onward:
        return ""
    parts = []
    contact = onward.get("contact") or {}
    if contact:
        intro = (t.say("ui_verder.contact", naam=contact["name"]) if contact.get("name")
                 else t.get("ui_verder.contact_zonder_naam"))
        ways = []
        if contact.get("url"):
            ways.append(f'{esc(t.get("ui_verder.website"))}: {_link(contact["url"], contact["url"])}')
        if contact.get("phone"):
            tel = "tel:" + re.sub(r"[^0-9+]", "", contact["phone"])
            ways.append(f'{esc(t.get("ui_verder.telefoon"))}: {_link(tel, contact["phone"])}')
        if contact.get("email"):
            ways.append(f'{esc(t.get("ui_verder.email"))}: {_link("mailto:" + quote(contact["email"], safe="@.+-_"), contact["email"])}')
        parts.append(f'<p class="vb-contact">{esc(intro)}</p>')
        if ways:
            parts.append('<ul class="vb-contact-ways">' + "".join(f"<li>{w}</li>" for w in ways) + "</ul>")
    if onward.get("suggestions"):
        parts.append(f'<p class="vb-suggest-intro">{esc(t.get("ui_verder.suggesties"))}</p>'
                     f'<ul class="vb-suggestions">{suggestion_buttons(onward["suggestions"])}</ul>')
    title = esc(t.get("ui_verder.titel"))
    return f'<section class="vb-onward" aria-label="{title}"><h2 class="vb-onward-title">{title}</h2>{"".join(parts)}</section>'


def permalink(question: str) -> str:
    """The web app's address that asks ``question`` on load, relative to the page (``?q=...``)."""
    return "?" + urlencode({"q": question}, quote_via=quote)


def cite_text(question: str, answer: dict, t) -> str:
    """The answer as plain text to copy: the question, the answer, then its numbered sources
    ("citeer" format: title, section, page, version date, URL, and the quote)."""
    lines = [t.say("ui_citeer.vraag", vraag=question), "", t.get("ui_citeer.antwoord"), answer.get("answer", "").strip()]
    citations = answer.get("citations") or []
    if citations:
        lines += ["", t.get("ui_citeer.bronnen")]
    for c in citations:
        parts = [p for p in (c.get("title"), c.get("section")) if p]
        if c.get("page"):
            parts.append(t.say("ui_citeer.pagina", pagina=c["page"]))
        if c.get("version_date"):
            parts.append(t.say("ui_citeer.versie", datum=c["version_date"]))
        line = f'[{int(c["n"])}] ' + ", ".join(parts) + "."
        if isinstance(c.get("url"), str) and urlsplit(c["url"]).scheme.lower() in ("http", "https"):
            line += " " + c["url"]
        lines.append(line)
        if c.get("quote"):
            lines.append(f"    „{c['quote']}”")
    return "\n".join(lines)


def answer_tools(question: str, answer: dict, t) -> str:
    """Under an answer: copy it with its sources, and a link that asks the question again."""
    if answer.get("error") or not answer.get("answer"):
        return ""
    return (
        '<div class="vb-tools">'
        f'<button type="button" class="vb-copy" data-copy="{esc(cite_text(question, answer, t))}" '
        f'data-copied="{esc(t.get("ui_citeer.gekopieerd"))}" data-failed="{esc(t.get("ui_citeer.niet_gekopieerd"))}" '
        f'aria-label="{esc(t.get("ui_citeer.knop_uitleg"))}">{esc(t.get("ui_citeer.knop"))}</button>'
        f'<a class="vb-permalink" href="{esc(permalink(question))}">{esc(t.get("ui_citeer.link"))}</a>'
        '<span class="vb-copied" role="status"></span></div>'
    )


def _user_message(question: str, t) -> str:
    return (
        '<div class="vb-msg vb-user">'
        f'<span class="vb-who">{esc(t.get("ui_chat.jij"))}</span>'
        f'<p class="vb-question">{esc(question)}</p></div>'
    )


def _bot_message(body: str, t, extra: str = "") -> str:
    return (
        '<div class="vb-msg vb-bot">'
        f'<span class="vb-who">{esc(t.get("ui_chat.vraagbaak"))}</span>'
        f'<div class="vb-answer">{body}</div>{extra}</div>'
    )


def _turn(turn: dict, t, latest: bool) -> str:
    answer = turn["answer"]
    extra = (citation_cards(answer["citations"], turn["question"], t, latest=latest)
             + onward_block(answer.get("onward"), t) + answer_tools(turn["question"], answer, t))
    return _user_message(turn["question"], t) + _bot_message(answer_body(answer["answer"], answer["citations"], t), t, extra)


def transcript(turns: list[dict], t, suggestions: list[str] | None = None) -> str:
    """The whole conversation. ``turns``: [{"question", "answer": answer contract}]; ``suggestions``: questions
    offered while it is empty."""
    parts = [_turn(turn, t, latest=i == len(turns) - 1) for i, turn in enumerate(turns)]
    label = esc(t.get("ui_chat.gesprek_label"))
    if not parts:
        offered = ""
        if suggestions:
            offered = (f'<h2 class="vb-start-title">{esc(t.get("ui_verder.start"))}</h2>'
                       f'<ul class="vb-suggestions">{suggestion_buttons(suggestions)}</ul>')
        return (f'<div class="vb-transcript vb-empty" role="region" aria-label="{label}"><p>{esc(t.get("ui_chat.leeg"))}</p>'
                f"{offered}</div>")
    return f'<div class="vb-transcript" role="region" aria-label="{label}">' + "".join(parts) + "</div>"


def stream_frame(turns: list[dict], t, question: str, body: str = "", status: str | None = None) -> str:
    """The conversation while an answer is being written, as an open-ended string.

    The frame ends inside the answer (no closing tags: the browser closes them), so the
    frames of one answer grow at the end, and Gradio sends each as an "append" of the new
    words instead of the whole conversation again. ``body`` is the verified text so far
    (``open_body``); until there is any, the pending answer shows ``status`` (default
    "bezig"; hidden by CSS once the answer has text). ``aria-busy`` stays on the pending
    answer until the complete conversation (``transcript``) replaces the frame.
    """
    label = esc(t.get("ui_chat.gesprek_label"))
    parts = [f'<div class="vb-transcript" role="region" aria-label="{label}">']
    parts += [_turn(turn, t, latest=False) for turn in turns]
    parts.append(_user_message(question, t))
    parts.append(
        '<div class="vb-msg vb-bot" aria-busy="true">'
        f'<span class="vb-who">{esc(t.get("ui_chat.vraagbaak"))}</span>'
        f'<p class="vb-busy">{esc(status or t.get("ui_chat.bezig"))}</p><div class="vb-answer vb-streaming">'
    )
    return "".join(parts) + body


_CLOSING_TAGS = re.compile(r"(?:</[a-z]+>)+$")


def open_body(body: str) -> str:
    """``answer_body`` markup without the closing tags at its end: a longer draft's markup extends it."""
    return _CLOSING_TAGS.sub("", body)


def status_note(text: str) -> str:
    """A status shown after the text written so far ("controleren…"), inside the open answer."""
    return f' <span class="vb-status">{esc(text)}</span>'


def live_frames(events, turns: list[dict], t, question: str):
    """Frames of the conversation for ``Vraagbaak.ask_stream`` events, as they come; returns the final answer.

    A generator that *returns* the answer contract (``answer = yield from live_frames(...)``).
    Only status and draft events make frames: an extractive answer (a lone ``final``) makes
    none and is shown complete at once. Drafts hold verified sentences only, and a draft
    extends the one before it, so consecutive frames grow at the end; a status after the
    text ("controleren…") is appended to it.
    """
    status, body, answer = None, "", None
    for event in events:
        kind = event.get("type")
        if kind == "final":
            answer = event["answer"]
            continue
        if kind == "status":
            if body:
                body += status_note(event["text"])
            else:
                status = event["text"]
        elif kind == "draft":
            body = open_body(answer_body(event["text"], event.get("citations") or [], t))
        else:
            continue
        yield stream_frame(turns, t, question, body, status)
    return answer


def passage(p: dict | None, t, missing: bool = False) -> str:
    title = esc(t.get("ui_chat.passage_titel"))
    head = f'<h2 class="vb-passage-title" id="vb-passage-title" tabindex="-1">{title}</h2>'
    if p is None:
        key = "ui_chat.passage_niet_gevonden" if missing else "ui_chat.passage_leeg"
        return f'<div class="vb-passage vb-passage-empty">{head}<p>{esc(t.get(key))}</p></div>'
    return (
        f'<div class="vb-passage">{head}'
        f'<p class="vb-where">{where(p, t)}</p>'
        # Focusable, so the scrolling context can be read with the keyboard too.
        f'<div class="vb-context" tabindex="0" role="region" aria-labelledby="vb-passage-title">'
        f'{esc(p.get("before"))}<mark class="vb-hit">{esc(p.get("text"))}</mark>{esc(p.get("after"))}</div>'
        "</div>"
    )


# -- Acties & KPI's ------------------------------------------------------------
def when(iso: str | None) -> str:
    """'2026-03-01 14:05 UTC' from an ISO time in UTC (as the index writes them)."""
    return (iso or "?")[:16].replace("T", " ") + (" UTC" if iso else "")


_BADGES = {"nieuw": ("new", "wijzigingen.label_nieuw"), "gewijzigd": ("changed", "wijzigingen.label_gewijzigd"),
           "verwijderd": ("removed", "wijzigingen.label_verwijderd")}


def _change_badge(kind: str, t) -> str:
    css, key = _BADGES[kind]
    return f'<span class="vb-badge vb-badge-{css}">{esc(t.get(key))}</span>'


def word_changes(ops: list[dict]) -> str:
    """Word-level differences as escaped text with <del> (old) and <ins> (new)."""
    out = []
    for op in ops or []:
        if op.get("op") == "equal":
            out.append(esc(op.get("new")))
            continue
        if op.get("old"):
            out.append(f"<del>{esc(op['old'])}</del>")
        if op.get("new"):
            out.append(f"<ins>{esc(op['new'])}</ins>")
    return " ".join(out)


# How a document in the list of changes is introduced, by its status.
DOCUMENT_HEADINGS = {"added": "wijzigingen.document_nieuw", "removed": "wijzigingen.document_weg"}


def _passage_where(group: dict, item: dict) -> str:
    """The section of a changed passage (items are known by their list; running text is not)."""
    if group.get("kind") != "passage" or not item.get("section"):
        return ""
    return f'<span class="vb-where">({esc(item["section"])})</span> '


def changes_panel(changes: dict | None, t) -> str:
    """What changed since the previous index version, per document, line and kind; empty without one."""
    if not changes or not changes.get("old"):
        return ""
    counts = changes["counts"]
    date = when(changes["old"].get("created"))
    if not changes["documents"]:
        return f'<p class="vb-changes-none">{esc(t.say("wijzigingen.paneel_geen", datum=date))}</p>'
    summary = t.say("wijzigingen.paneel_uitleg", datum=date, nieuw_aantal=counts["added"],
                    verwijderd_aantal=counts["removed"], gewijzigd_aantal=counts["changed"])
    body = []
    for document in changes["documents"]:
        key = DOCUMENT_HEADINGS.get(document["status"], "wijzigingen.document")
        body.append(f'<h2 class="vb-change-doc">{esc(t.say(key, titel=document.get("title") or document["source"], bron=document["source"]))}</h2>')
        for group in document["groups"]:
            kind = group.get("kind") or ""
            kinds = t.get(f"soort.{kind}_meervoud") if t.has(f"soort.{kind}_meervoud") else kind
            head = (t.say("wijzigingen.groep_lijn", lijn=group["ambitielijn"], soort=kinds) if group.get("ambitielijn") is not None
                    else t.say("wijzigingen.groep_zonder_lijn", soort=kinds))
            rows = [f'<li>{_change_badge("gewijzigd", t)} {_passage_where(group, pair["new"])}'
                    f'<span class="vb-diff">{word_changes(shortened(pair["diff"]))}</span></li>'
                    for pair in group["changed"]]
            rows += [f'<li>{_change_badge("verwijderd", t)} <span class="vb-removed">{esc(item["text"])}</span></li>'
                     for item in group["removed"]]
            rows += [f'<li>{_change_badge("nieuw", t)} {esc(item["text"])}</li>' for item in group["added"]]
            body.append(f'<h3 class="vb-change-group">{esc(head)}</h3><ul class="vb-change-list">{"".join(rows)}</ul>')
    legend = f'<p class="vb-legend">{esc(t.get("wijzigingen.legenda"))}</p>' if counts["changed"] else ""
    return (
        f'<details class="vb-changes"><summary>{esc(t.get("wijzigingen.paneel_titel"))} '
        f'<span class="vb-changes-count">{esc(summary)}</span></summary>{"".join(body)}{legend}</details>'
    )


def kind_label(kind: str, t) -> str:
    key = f"soort.{kind}_enkelvoud"
    return t.get(key) if t.has(key) else kind


def catalog_table(items: list[dict], t) -> str:
    """The catalog as a table; under 600 px wide the stylesheet shows each row as a card, labelled by ``data-label``."""
    if not items:
        return f'<p class="vb-none">{esc(t.get("ui_catalogus.geen"))}</p>'
    cols = ("ui_catalogus.kol_lijn", "ui_catalogus.kol_nummer", "ui_catalogus.kol_soort", "ui_catalogus.kol_tekst",
            "ui_catalogus.kol_sectie", "ui_catalogus.kol_pagina", "ui_catalogus.kol_bron")
    labels = [esc(t.get(c)) for c in cols]
    head = "".join(f'<th scope="col">{label}</th>' for label in labels)
    rows = []
    for item in items:
        line = item.get("ambitielijn")
        number = item.get("item_index")
        cells = (
            ("vb-num", esc(line if line is not None else t.get("ui_catalogus.geen_lijn"))),
            ("vb-num", esc(number if number is not None else "")),
            ("", esc(kind_label(item.get("kind", ""), t))),
            ("vb-text", f"{_item_badge(item, t)}{esc(item.get('text'))}"),
            ("", esc(item.get("section"))),
            ("vb-num", esc(item.get("page") or "")),
            ("", source_link(item.get("url"), t)),
        )
        rows.append("<tr>" + "".join(
            f'<td{_class(css)} data-label="{label}">{value}</td>' for (css, value), label in zip(cells, labels)) + "</tr>")
    caption = esc(t.get("ui_catalogus.tabel_bijschrift"))
    return (
        f'<div class="vb-table-wrap" role="region" aria-label="{caption}" tabindex="0">'
        f'<table class="vb-table"><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )


def _class(css: str) -> str:
    return f' class="{css}"' if css else ""


def _item_badge(item: dict, t) -> str:
    change = item.get("change")
    return _change_badge(change, t) + " " if change in ("nieuw", "gewijzigd") else ""


def catalog_summary(count: int, filters: dict, t) -> str:
    """The count (announced to screen readers) and the CSV link for the same filters."""
    text = t.get("ui_catalogus.aantal_een") if count == 1 else t.say("ui_catalogus.aantal", aantal=count)
    query = urlencode({k: v for k, v in filters.items() if v not in (None, "")})
    # Relative to the page, so it also works when the app is served under a sub-path.
    suffix = f"?{query}" if query else ""
    return (
        f'<div class="vb-summary"><p class="vb-count" role="status">{esc(text)}</p>'
        f'<a class="vb-download" href="{esc("api/catalog.csv" + suffix)}" download="{esc(t.get("ui_csv.bestandsnaam"))}">'
        f'{esc(t.get("ui_catalogus.csv"))}</a>'
        f'<a class="vb-download vb-download-xlsx" href="{esc("api/catalog.xlsx" + suffix)}" '
        f'download="{esc(t.get("ui_csv.bestandsnaam_xlsx"))}">{esc(t.get("ui_catalogus.xlsx"))}</a></div>'
    )


# -- Letterlijk nakijken -------------------------------------------------------
def _check_where(result: dict, t, passage: dict | None) -> str:
    """Under a check result: the passage in its context (folded open on request) and the link to the website."""
    parts = []
    if passage:
        parts.append(
            f'<details class="vb-check-passage"><summary>{esc(t.get("ui_nakijken.passage"))}</summary>'
            f'<p class="vb-where">{where(passage, t)}</p><div class="vb-context" tabindex="0">{esc(passage.get("before"))}'
            f'<mark class="vb-hit">{esc(passage.get("text"))}</mark>{esc(passage.get("after"))}</div></details>')
    link = source_link(result.get("url"), t)
    if link:
        parts.append(f'<p class="vb-check-link">{link}</p>')
    return "".join(parts)


def check_result(result: dict, t, verdict: str | None = None, passage: dict | None = None) -> str:
    """One checked sentence: verbatim (``letterlijk``), verbatim but for case or spacing (``vorm``), or the
    closest wording with the differences (``niet``); ``verdict`` as ``ui.checking.verdict`` names it."""
    if not result.get("quote"):
        return f'<div class="vb-check"><p>{esc(t.get("letterlijk.nee"))}</p><p>{esc(t.get("ui_nakijken.geen"))}</p></div>'
    differs = tuple(sorted(result.get("differs_in") or ()))
    verdict = verdict or ("vorm" if result.get("found") and differs else "letterlijk" if result.get("found") else "niet")
    page = t.say("letterlijk.pagina", pagina=result["page"]) if result.get("page") else ""
    extra = _check_where(result, t, passage)
    document = result.get("title") or result.get("source")
    if verdict in ("letterlijk", "vorm"):
        where = dict(document=document, sectie=result.get("section") or "", pagina=page)
        if verdict == "vorm" and differs in FORM_KEYS:  # the matcher says which: capitals, spacing or both
            intro = t.say("letterlijk.ja_vorm", verschil=t.get(FORM_KEYS[differs]), **where)
        else:
            intro = t.say("letterlijk.ja" if verdict == "letterlijk" else "ui_nakijken.vorm", **where)
        css = "vb-found" if verdict == "letterlijk" else "vb-found vb-form"
        return (
            f'<div class="vb-check {css}"><p>{esc(intro)}</p>'
            f'<blockquote class="vb-quote-block"><mark>{esc(result["quote"])}</mark></blockquote>{extra}</div>'
        )
    diff = []
    for op in result.get("diff") or []:
        if op.get("op") == "equal":
            diff.append(esc(op.get("document") or op.get("text")))
            continue
        if op.get("text"):
            diff.append(f"<del>{esc(op['text'])}</del>")
        if op.get("document"):
            diff.append(f"<ins>{esc(op['document'])}</ins>")
    closest = t.say("letterlijk.dichtst", sectie=result.get("section") or "", pagina=page)
    percent = t.say("ui_nakijken.gelijkenis", procent=round(float(result.get("ratio") or 0) * 100))
    return (
        f'<div class="vb-check vb-notfound"><p><strong>{esc(t.get("letterlijk.nee"))}</strong></p>'
        f"<p>{esc(closest)} <span class=\"vb-ratio\">({esc(percent)})</span></p>"
        f'<blockquote class="vb-quote-block">{esc(result["quote"])}</blockquote>'
        f'<p class="vb-diff">{" ".join(diff)}</p>'
        f'<p class="vb-legend">{esc(t.get("ui_nakijken.legenda"))}</p>{extra}</div>'
    )


_VERDICT_KEYS = {"letterlijk": "ui_nakijken.oordeel_letterlijk", "vorm": "ui_nakijken.oordeel_vorm",
                 "niet": "ui_nakijken.oordeel_niet"}


def paragraph_result(rows: list[dict], t, passages: dict[str, dict] | None = None) -> str:
    """A paragraph checked sentence by sentence (``ui.checking.check_paragraph``): a count, then each sentence
    with its verdict and its check."""
    counts = {v: sum(r["verdict"] == v for r in rows) for v in _VERDICT_KEYS}
    summary = t.say("ui_nakijken.alinea", zinnen=len(rows), letterlijk=counts["letterlijk"], vorm=counts["vorm"],
                    niet=counts["niet"])
    items = []
    for row in rows:
        passage = (passages or {}).get(row["result"].get("chunk_id") or "")
        items.append(
            f'<li class="vb-sentence vb-verdict-{esc(row["verdict"])}"><p class="vb-sentence-text">'
            f'<span class="vb-badge vb-badge-{esc(row["verdict"])}">{esc(t.get(_VERDICT_KEYS[row["verdict"]]))}</span> '
            f'„{esc(row["sentence"])}”</p>{check_result(row["result"], t, row["verdict"], passage)}</li>')
    return f'<div class="vb-paragraph"><p class="vb-count" role="status">{esc(summary)}</p><ol class="vb-sentences">{"".join(items)}</ol></div>'


def message(text: str, kind: str = "info") -> str:
    return f'<p class="vb-message vb-{esc(kind)}">{esc(text)}</p>'
