"""The Gradio UI: Chat, Acties & KPI's, Letterlijk nakijken, and a compact widget page.

Wiring only: every view calls the same ``Vraagbaak`` methods as the JSON API, and all
markup comes from ``ui.render`` (escaped text). No component here accepts files.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import gradio as gr

from chatbot.contract import ErrorKind
from chatbot.screen import Rejected, screen
from ingest.errors import VraagbaakError, kind_of, message_key
from ingest.textgate import clean, clip
from ui import render
from ui.checking import check_paragraph, sentences, verdict
from ui.feedback import MAX_COMMENT_CHARS, FeedbackStore, RateLimit

if TYPE_CHECKING:
    from chatbot.service import Vraagbaak
    from prompts import Prompts

log = logging.getLogger("vraagbaak.ui")

# Concurrency groups of the Gradio queue (see ui/app.py for the numbers and why).
BOT_GROUP = "vraagbaak-bot"  # answers and wording checks: CPU-bound, one per core
BOT_CONCURRENCY = 2
LIGHT_GROUP = "vraagbaak-light"  # catalog filter, passages, feedback: milliseconds each
LIGHT_CONCURRENCY = 4
MAX_TURNS = 20  # turns kept in a browser session; older ones scroll out of the conversation

ASSETS = files("ui") / "assets"  # package data, found in an installed wheel too

# Event delegation on the conversation, all buttons (Enter and Space work from the keyboard):
# data-chunk (a card or an [n] marker) asks Python for that passage; data-ask (a suggested
# question) puts the question in the box and asks it; data-copy copies the answer with its
# sources. A finished new answer is also written, as text, into the page's live region,
# which exists from the start, so screen readers announce it.
PASSAGE_JS = """
const say = (button, key) => {
  const status = button.parentElement && button.parentElement.querySelector('.vb-copied');
  if (status) status.textContent = button.getAttribute(key);
};
const copyText = (text, button) => {
  const fallback = () => {
    const area = document.createElement('textarea');
    area.value = text; area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.left = '-9999px';
    document.body.appendChild(area); area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    area.remove(); button.focus();
    say(button, ok ? 'data-copied' : 'data-failed');
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(() => say(button, 'data-copied'), fallback);
  } else { fallback(); }
};
element.addEventListener('click', (event) => {
  const asked = event.target.closest('[data-ask]');
  if (asked && element.contains(asked)) {
    const box = document.querySelector('#vb-question textarea');
    const go = document.querySelector('#vb-ask');
    if (box && go) {
      box.value = asked.getAttribute('data-ask');
      box.dispatchEvent(new Event('input', {bubbles: true}));
      setTimeout(() => go.click(), 0);
    }
    return;
  }
  const copy = event.target.closest('[data-copy]');
  if (copy && element.contains(copy)) { copyText(copy.getAttribute('data-copy'), copy); return; }
  const target = event.target.closest('[data-chunk]');
  if (target && element.contains(target)) {
    trigger('passage', {chunk_id: target.getAttribute('data-chunk')});
  }
});
let announced = element.querySelectorAll('.vb-bot').length;
new MutationObserver(() => {
  if (element.querySelector('[aria-busy]')) return;
  const answers = element.querySelectorAll('.vb-bot .vb-answer');
  if (answers.length === announced) return;
  announced = answers.length;
  const region = document.getElementById('vb-live');
  if (region && answers.length) {
    const text = answers[answers.length - 1].innerText.replace(/\\s+/g, ' ').trim();
    region.textContent = region.getAttribute('data-template').replace('{antwoord}', text);
  }
}).observe(element, {childList: true, subtree: true, characterData: true});
"""
# The skip link after the question box: focus the latest answer's sources (else the conversation).
SKIP_JS = """
element.addEventListener('click', (event) => {
  const link = event.target.closest('.vb-skip');
  if (!link) return;
  event.preventDefault();
  const target = document.getElementById('vb-latest-sources') || document.querySelector('#vb-transcript .vb-transcript');
  if (target) {
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({preventScroll: true});
    target.scrollIntoView({block: 'start'});
  }
});
"""
FOCUS_PASSAGE_JS = """() => {
  const title = document.getElementById('vb-passage-title');
  if (title) { title.focus({preventScroll: true}); title.scrollIntoView({block: 'nearest'}); }
  const hit = document.querySelector('.vb-context .vb-hit');
  if (hit) { hit.scrollIntoView({block: 'nearest'}); }
}"""
# A permalink (?q=...): put the question in the box and ask it, as a user would.
PERMALINK_JS = """() => {
  const asked = new URLSearchParams(window.location.search).get('q');
  if (!asked || !asked.trim()) return;
  let tries = 0;
  const go = () => {
    const box = document.querySelector('#vb-question textarea');
    const button = document.querySelector('#vb-ask');
    if (!box || !button) { if (tries++ < 50) setTimeout(go, 100); return; }
    box.value = asked;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => button.click(), 0);
  };
  go();
}"""
FOCUS_QUESTION_JS = """() => { const box = document.querySelector('#vb-question textarea'); if (box) box.focus(); }"""


@dataclass
class Context:
    bot: Vraagbaak
    t: Prompts
    feedback: FeedbackStore
    max_chars: int
    feedback_limit: RateLimit | None = None


def examples(t) -> list[str]:
    out, i = [], 1
    while t.has(f"ui_voorbeelden.vraag_{i}"):
        out.append(t.get(f"ui_voorbeelden.vraag_{i}"))
        i += 1
    return out


def _history(turns: list[dict]) -> list[dict]:
    history = []
    for turn in turns:
        history.append({"role": "user", "content": turn["question"]})
        history.append({"role": "assistant", "content": turn["answer"]["answer"]})
    return history


def failure_message(exc: Exception, t: Prompts, what: str, *args, internal: str | None = None) -> str:
    """The Dutch message for a failure in a page event, by its kind (``ingest.errors.HANDLING``).

    A project error is logged as "<what>: <operator text>"; anything else is a bug, logged as
    "<what> failed" with its traceback and said with ``internal`` (default: the kind's message).
    """
    if isinstance(exc, VraagbaakError) and kind_of(exc) is not ErrorKind.INTERNAL:
        log.error(what + ": %s", *args, exc.operator)
        return exc.user_message(t)
    log.error(what + " failed", *args, exc_info=exc)
    return t.get(internal or message_key(ErrorKind.INTERNAL))


def _shown_question(question: str, limit: int) -> str:
    return question if len(question) <= limit else question[:limit] + "…"


# -- chat ----------------------------------------------------------------------
def chat_block(ctx: Context, compact: bool = False, page: gr.Blocks | None = None) -> None:
    """The chat, inside the current Blocks context (full page or widget).

    With ``page`` (the Blocks), loading the page shows the suggested questions, or asks
    the question of a permalink (``?q=...``) as if it were typed.
    """
    t = ctx.t
    turns = gr.State([])
    last = gr.State(None)  # the answer the feedback buttons are about
    vote_id = gr.State(None)

    with gr.Row(equal_height=False, elem_classes=["vb-chat-row"]):
        with gr.Column(scale=3, min_width=300, elem_classes=["vb-chat-col"]):
            conversation = gr.HTML(
                render.transcript([], t),
                label=t.get("ui_chat.gesprek_label"),
                elem_id="vb-transcript",
                elem_classes=["vb-transcript-box"],
                js_on_load=PASSAGE_JS,
                autoscroll=True,
                max_height=460 if compact else 620,
                padding=False,
            )
            with gr.Column(visible=False, elem_classes=["vb-feedback"]) as feedback_box:
                gr.HTML(f'<p class="vb-feedback-q">{render.esc(t.get("ui_feedback.vraag"))}</p>'
                        f'<p class="vb-small">{render.esc(t.get("ui_feedback.privacy"))}</p>', padding=False)
                with gr.Row():
                    up = gr.Button(t.get("ui_feedback.ja"), size="sm", variant="secondary", elem_id="vb-vote-up", min_width=120, scale=0)
                    down = gr.Button(t.get("ui_feedback.nee"), size="sm", variant="secondary", elem_id="vb-vote-down", min_width=120, scale=0)
                with gr.Column(visible=False) as comment_box:
                    comment = gr.Textbox(label=t.get("ui_feedback.opmerking_label"), placeholder=t.get("ui_feedback.opmerking_placeholder"),
                                         lines=2, max_lines=6, elem_id="vb-comment")
                    send_comment = gr.Button(t.get("ui_feedback.versturen"), size="sm", elem_id="vb-send-comment")
                feedback_status = gr.HTML("", padding=False, elem_id="vb-feedback-status")
            question = gr.Textbox(
                label=t.get("ui_chat.vraag_label"), placeholder=t.get("ui_chat.vraag_placeholder"),
                lines=1, max_lines=4, elem_id="vb-question", autofocus=not compact, submit_btn=False,
            )
            gr.HTML(
                f'<a class="vb-skip" href="#vb-latest-sources">{render.esc(t.get("ui_chat.naar_bronnen"))}</a>'
                f'<div id="vb-live" class="vb-sr" aria-live="polite" role="status" '
                f'data-template="{render.esc(t.get("ui_chat.nieuw_antwoord"))}"></div>',
                padding=False, js_on_load=SKIP_JS, elem_classes=["vb-skip-box"],
            )
            with gr.Row():
                ask = gr.Button(t.get("ui_chat.versturen"), variant="primary", elem_id="vb-ask", min_width=140)
                new = gr.Button(t.get("ui_chat.nieuw_gesprek"), variant="secondary", elem_id="vb-new", min_width=140)
            gr.HTML(f'<h2 class="vb-examples-title" id="vb-examples-title">{render.esc(t.get("ui_chat.voorbeelden"))}</h2>', padding=False)
            with gr.Row(elem_classes=["vb-examples"]):
                example_buttons = [
                    (gr.Button(q, size="sm", variant="secondary", elem_classes=["vb-example"], min_width=100), q)
                    for q in examples(t)[: 3 if compact else None]
                ]
        with gr.Column(scale=2, min_width=280, elem_classes=["vb-passage-col"]):
            passage = gr.HTML(render.passage(None, t), elem_id="vb-passage", padding=False)

    answer_outputs = [conversation, question, turns, last, vote_id, feedback_box, comment_box, comment, feedback_status]

    def respond(text, past):
        # The text gate's normalisation, so what is shown and stored is what is answered.
        text = clean(text) if isinstance(text, str) else ""
        past = list(past or [])
        if not text.strip():
            yield {question: ""}
            return
        shown = _shown_question(text, ctx.max_chars)
        try:
            yield from stream(text, shown, past)
        except Exception as exc:  # noqa: BLE001 - users get a Dutch message, operators the log line
            message = failure_message(exc, t, "Chat turn for a question of %d characters", len(text))
            failed = {"answer": message, "citations": [], "error": "ui error"}
            yield {conversation: render.transcript(past + [{"question": shown, "answer": failed}], t),
                   feedback_box: gr.update(visible=False)}

    def stream(text, shown, past):
        # Frames follow the service's events (render.live_frames): an extractive answer is
        # one frame, the complete conversation, as soon as it is composed; with a language
        # model the status and the verified drafts come first, each growing the previous
        # frame at the end, so Gradio sends only the new words ("append"). The conversation
        # itself goes over the wire once per turn, or twice with a language model.
        cleared = {question: "", feedback_box: gr.update(visible=False), comment_box: gr.update(visible=False), comment: "",
                   feedback_status: "", vote_id: None}
        # ask_stream never raises; errors come back as a Dutch answer in the final event.
        frames = render.live_frames(ctx.bot.ask_stream(text, _history(past)), past, t, shown)
        while True:
            try:
                frame = next(frames)
            except StopIteration as done:
                answer = done.value
                break
            yield {conversation: frame, **cleared}
            cleared = {}
        if "error" in answer:
            log.info("Answer with error %r for a question of %d characters", answer["error"], len(text))
        past = (past + [{"question": shown, "answer": answer}])[-MAX_TURNS:]
        rated = {"question": text[: ctx.max_chars], "answer": answer["answer"], "citations": answer["citations"]}
        yield {**cleared, conversation: render.transcript(past, t), turns: past, last: rated,
               feedback_box: gr.update(visible="error" not in answer)}

    def example_handler(example: str):
        def handler(past):
            yield from respond(example, past)

        return handler

    def offered() -> list[str]:
        try:
            return ctx.bot.suggestions()
        except Exception:  # noqa: BLE001 - no index yet: the page works without suggestions
            log.warning("No suggested questions (is there an index?)")
            return []

    def on_load(past, request: gr.Request):
        asked = request.query_params.get("q") if request is not None else None
        if (isinstance(asked, str) and asked.strip()) or past:
            return gr.update()  # a permalink: the page script asks it (PERMALINK_JS); the answer must not be overwritten
        return render.transcript([], t, suggestions=offered())

    def reset():
        return {conversation: render.transcript([], t, suggestions=offered()), turns: [], last: None, vote_id: None, question: "",
                feedback_box: gr.update(visible=False), comment_box: gr.update(visible=False), comment: "",
                feedback_status: "", passage: render.passage(None, t)}

    def show_passage(evt: gr.EventData):
        chunk_id = (evt._data or {}).get("chunk_id") if isinstance(evt._data, dict) else None
        if not isinstance(chunk_id, str) or not re.fullmatch(r"[0-9A-Za-z_-]{1,128}", chunk_id):
            return render.passage(None, t, missing=True)
        try:
            found = ctx.bot.passage(chunk_id)
        except Exception as exc:  # noqa: BLE001 - a Dutch message for users, the log line for operators
            return render.message(failure_message(exc, t, "Showing passage %s", chunk_id), "error")
        return render.passage(found, t, missing=found is None)

    def too_often(request: gr.Request | None) -> bool:
        limit = ctx.feedback_limit
        if limit is None or limit.allow(getattr(request, "session_hash", None)):
            return False
        log.warning("Feedback refused: rate limit reached")
        return True

    def vote(kind: str):
        def handler(rated, row_id, request: gr.Request):
            if not rated:
                return {feedback_status: render.message(t.get("ui_feedback.mislukt"), "error")}
            if too_often(request):
                return {feedback_status: render.message(t.get("grenzen.feedback_te_vaak"), "error")}
            try:
                if row_id is None:
                    row_id = ctx.feedback.add(rated["question"], rated["answer"], rated["citations"], kind,
                                              ctx.bot.health().get("index_version"))
                else:
                    ctx.feedback.set_vote(row_id, kind)
            except Exception:  # noqa: BLE001
                log.exception("Storing feedback failed")
                return {feedback_status: render.message(t.get("ui_feedback.mislukt"), "error")}
            return {vote_id: row_id, comment_box: gr.update(visible=True),
                    feedback_status: render.message(t.get("ui_feedback.bedankt"))}

        return handler

    def send(text, row_id, request: gr.Request):
        if row_id is None:
            return {feedback_status: render.message(t.get("ui_feedback.eerst_stemmen"), "error")}
        text = clean(text).strip() if isinstance(text, str) else ""
        if len(text) > MAX_COMMENT_CHARS:
            return {feedback_status: render.message(t.say("ui_feedback.te_lang", lengte=len(text), maximum=MAX_COMMENT_CHARS), "error")}
        if too_often(request):
            return {feedback_status: render.message(t.get("grenzen.feedback_te_vaak"), "error")}
        try:
            ctx.feedback.comment(row_id, text)
        except Exception:  # noqa: BLE001
            log.exception("Storing a feedback comment failed")
            return {feedback_status: render.message(t.get("ui_feedback.mislukt"), "error")}
        return {comment_box: gr.update(visible=False), comment: "",
                feedback_status: render.message(t.get("ui_feedback.bedankt_opmerking"))}

    bot_event: dict[str, Any] = dict(concurrency_id=BOT_GROUP, concurrency_limit=BOT_CONCURRENCY, api_visibility="private")
    light_event: dict[str, Any] = dict(concurrency_id=LIGHT_GROUP, concurrency_limit=LIGHT_CONCURRENCY, api_visibility="private")
    for trigger in (question.submit, ask.click):
        trigger(respond, [question, turns], answer_outputs, show_progress="hidden", **bot_event)
    for button, example in example_buttons:
        button.click(example_handler(example), [turns], answer_outputs, show_progress="hidden", **bot_event)
    new.click(reset, None, answer_outputs + [passage], **light_event).then(None, js=FOCUS_QUESTION_JS)
    if page is not None:
        # The start page's suggestions are light work; a permalink's question is asked as if typed, in the answer queue.
        page.load(on_load, [turns], conversation, show_progress="hidden", **light_event)
        page.load(None, js=PERMALINK_JS)
    conversation.passage(show_passage, None, passage, show_progress="hidden", **light_event).then(None, js=FOCUS_PASSAGE_JS)
    up.click(vote("up"), [last, vote_id], [vote_id, comment_box, feedback_status], **light_event)
    down.click(vote("down"), [last, vote_id], [vote_id, comment_box, feedback_status], **light_event)
    send_comment.click(send, [comment, vote_id], [comment_box, comment, feedback_status], **light_event)
    comment.submit(send, [comment, vote_id], [comment_box, comment, feedback_status], **light_event)


# -- Acties & KPI's ------------------------------------------------------------
ALL = "alle"


def catalog_block(ctx: Context, demo: gr.Blocks) -> None:
    t = ctx.t
    gr.HTML(f'<p class="vb-intro">{render.esc(t.get("ui_catalogus.uitleg"))}</p>', padding=False)
    try:
        lines = ctx.bot.ambition_lines()
    except Exception:  # noqa: BLE001 - no index yet: the filter still works, with numbers only
        log.warning("No ambition lines for the catalog filter (is there an index?)")
        lines = []
    line_choices = [(t.get("ui_catalogus.lijn_alle"), ALL)] + [
        (t.say("ui_catalogus.lijn_optie", lijn=line["number"], titel=line["title"]), str(line["number"])) for line in lines
    ]
    kind_choices = [(t.get("ui_catalogus.soort_alle"), ALL)] + [
        (_capital(t.get(f"soort.{kind}_meervoud")), kind) for kind in ("actie", "kpi", "analyse")
    ]
    with gr.Row():
        line = gr.Dropdown(line_choices, value=ALL, label=t.get("ui_catalogus.lijn_label"), elem_id="vb-filter-line",
                           interactive=True, filterable=False, min_width=220)
        kind = gr.Dropdown(kind_choices, value=ALL, label=t.get("ui_catalogus.soort_label"), elem_id="vb-filter-kind",
                           interactive=True, filterable=False, min_width=180)
        needle = gr.Textbox(label=t.get("ui_catalogus.zoek_label"), placeholder=t.get("ui_catalogus.zoek_placeholder"),
                            elem_id="vb-filter-text", min_width=180, max_lines=1)
    changes = gr.HTML("", elem_id="vb-changes", padding=False)  # since the previous index version
    summary = gr.HTML("", elem_id="vb-catalog-summary", padding=False)
    table = gr.HTML("", elem_id="vb-catalog-table", padding=False)

    def show_changes():
        try:
            return render.changes_panel(ctx.bot.changes(), t)
        except Exception:  # noqa: BLE001 - the catalog works without it
            log.exception("Showing the changes since the previous index version failed")
            return ""

    def refresh(line_value, kind_value, text):
        filters = {
            "ambitielijn": int(line_value) if line_value not in (None, ALL) and str(line_value).isdigit() else None,
            "kind": kind_value if kind_value in ("actie", "kpi", "analyse") else None,
            "q": (clip(text, 200).strip() or None) if isinstance(text, str) else None,
        }
        try:
            items = ctx.bot.catalog(**filters)
        except Exception as exc:  # noqa: BLE001 - no index yet, most likely
            return render.message(failure_message(exc, t, "Catalog lookup", internal="algemeen.geen_index"), "error"), ""
        return render.catalog_summary(len(items), filters, t), render.catalog_table(items, t)

    event: dict[str, Any] = dict(concurrency_id=LIGHT_GROUP, concurrency_limit=LIGHT_CONCURRENCY, api_visibility="private",
                 show_progress="hidden")
    line.change(refresh, [line, kind, needle], [summary, table], **event)
    kind.change(refresh, [line, kind, needle], [summary, table], **event)
    needle.change(refresh, [line, kind, needle], [summary, table], trigger_mode="always_last", **event)
    demo.load(refresh, [line, kind, needle], [summary, table], **event)
    demo.load(show_changes, None, changes, **event)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- Letterlijk nakijken -------------------------------------------------------
def check_block(ctx: Context) -> None:
    t = ctx.t
    gr.HTML(f'<p class="vb-intro">{render.esc(t.get("ui_nakijken.uitleg"))}</p>', padding=False)
    sentence = gr.Textbox(label=t.get("ui_nakijken.zin_label"), placeholder=t.get("ui_nakijken.zin_placeholder"),
                          lines=3, max_lines=8, elem_id="vb-check-input")
    go = gr.Button(t.get("ui_nakijken.knop"), variant="primary", elem_id="vb-check", min_width=140)
    result = gr.HTML("", elem_id="vb-check-result", padding=False)

    def check(raw):
        try:
            text = screen(raw if isinstance(raw, str) else "", ctx.max_chars, "sentence").strip()
        except Rejected as exc:
            return render.message(exc.user_message(t), "info" if exc.kind is ErrorKind.EMPTY_QUESTION else "error")
        try:
            if len(sentences(text)) > 1:  # a paragraph: a verdict per sentence
                rows = check_paragraph(ctx.bot.check, text)
                found = {r["result"]["chunk_id"] for r in rows if r["result"].get("chunk_id")}
                return render.paragraph_result(rows, t, {cid: ctx.bot.passage(cid) for cid in found})
            result = ctx.bot.check(text)
            passage = ctx.bot.passage(result["chunk_id"]) if result.get("chunk_id") else None
            return render.check_result(result, t, verdict(text, result), passage)
        except Exception as exc:  # noqa: BLE001 - a Dutch message for users, the log line for operators
            return render.message(failure_message(exc, t, "Wording check for a text of %d characters", len(text)), "error")

    go.click(check, [sentence], [result], concurrency_id=BOT_GROUP, concurrency_limit=BOT_CONCURRENCY,
             api_visibility="private")


# -- pages ---------------------------------------------------------------------
def build_blocks(ctx: Context) -> gr.Blocks:
    """The full app at / and the compact widget at /widget (one queue for both)."""
    t = ctx.t
    with gr.Blocks(title=t.get("ui.titel"), analytics_enabled=False) as demo:
        gr.HTML(
            f'<header class="vb-header"><h1>{render.esc(t.get("ui.titel"))}</h1>'
            f'<p class="vb-intro">{render.esc(t.get("ui.intro"))}</p></header>',
            padding=False,
        )
        with gr.Tabs(elem_id="vb-tabs"):
            with gr.Tab(t.get("ui.tab_chat"), id="chat", elem_id="vb-tab-chat"):
                chat_block(ctx, page=demo)
            with gr.Tab(t.get("ui.tab_catalogus"), id="catalogus", elem_id="vb-tab-catalog"):
                catalog_block(ctx, demo)
            with gr.Tab(t.get("ui.tab_nakijken"), id="nakijken", elem_id="vb-tab-check"):
                check_block(ctx)
        gr.HTML(
            f'<footer class="vb-footer"><p>{render.esc(t.get("ui.voettekst"))}</p>'
            f'<p><a href="api/docs">{render.esc(t.get("ui.api_link"))}</a></p></footer>',
            padding=False,
        )
    with demo.route(t.get("ui_widget.titel"), "/widget", show_in_navbar=False):
        gr.HTML(f'<header class="vb-header vb-compact"><h1>{render.esc(t.get("ui_widget.titel"))}</h1></header>', padding=False)
        chat_block(ctx, compact=True, page=demo)
        gr.HTML(
            f'<footer class="vb-footer vb-compact"><p>{render.esc(t.get("ui.voettekst"))}</p>'
            f'<p><a href="./" target="_blank" rel="noopener">{render.esc(t.get("ui_widget.volledig"))}</a></p></footer>',
            padding=False,
        )
    return demo


def theme() -> gr.themes.Base:
    """System fonts (no font downloads) and colours with at least 4.5:1 contrast for text."""
    fonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
    mono = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]
    return gr.themes.Default(primary_hue="blue", neutral_hue="slate", font=fonts, font_mono=mono).set(
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white",
        button_secondary_text_color="*neutral_900",
        input_placeholder_color="*neutral_500",
        block_label_text_color="*neutral_700",
        block_info_text_color="*neutral_600",
        body_text_color_subdued="*neutral_600",
    )


def css() -> str:
    return (ASSETS / "app.css").read_text(encoding="utf-8")


# Sets the page language before Gradio renders (the server also rewrites <html lang>).
# The style rules target Gradio's page frame, which custom CSS (scoped to the content)
# cannot reach: no menu bar (the widget is a hidden second page of the same app, so one
# queue serves both) and narrow margins on phones.
HEAD = (
    '<script>document.documentElement.lang = "nl";</script>'
    "<style>.nav-holder { display: none !important; }"
    "@media (max-width: 480px) { .gradio-container > .main.fillable { padding-left: 8px !important;"
    " padding-right: 8px !important; } }</style>"
)
