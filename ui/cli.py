"""The ``vraagbaak`` console script: each subcommand parses arguments, builds Settings and calls library code."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from ingest.errors import ErrorKind, VraagbaakError, exit_code, kind_named, kind_of

if TYPE_CHECKING:  # imported where used: the console script starts fast
    from chatbot.service import Vraagbaak
    from chatbot.settings import Settings
    from prompts import Prompts

log = logging.getLogger("vraagbaak")


def terminal(text, newlines: bool = False) -> str:
    """Text safe to print: control characters (ESC, BEL, C1 codes, and newlines unless allowed) as ``\\xNN``.

    Titles come from file names and document text: printed as they are, escape sequences in
    them would set the terminal's title, move the cursor or forge lines.
    """
    out = []
    for ch in str(text):
        if ch == "\n" and newlines:
            out.append(ch)
        elif ch != "\t" and (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F):
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)


class UserError(VraagbaakError):
    """A problem the user can fix; shown as one line, exit code 1."""

    kind, operator = ErrorKind.INVALID_REQUEST, "invalid command"


def _settings() -> Settings:
    from chatbot.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ()))
        raise UserError(f"invalid setting VRAAGBAAK_{field.upper()}: {first.get('msg')}") from None


# Commands whose output is the answer: their log shows only warnings and errors, unless -v.
QUIET_COMMANDS = ("ask", "check", "catalog", "status", "diff", "report")


def _setup_logging(settings: Settings, quiet: bool = False) -> None:
    level = logging.getLevelName(settings.log_level)
    if quiet and isinstance(level, int):
        level = max(level, logging.WARNING)
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("chromadb", "httpx", "urllib3", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.pipeline import ingest

    report = ingest(settings, [Path(p) for p in args.paths] or None, rebuild=args.rebuild, progress=not args.no_progress)
    if args.json:
        print(json.dumps(report.__dict__ | {"exit_code": report.exit_code}, ensure_ascii=False, indent=1))
        return report.exit_code
    t = _prompts(settings)
    documents = t.say("cli_ingest.document_een" if report.documents == 1 else "cli_ingest.document_meer", aantal=report.documents)
    chunks = t.say("cli_ingest.fragment_een" if report.chunks == 1 else "cli_ingest.fragment_meer", aantal=report.chunks)
    if report.status == "nothing":
        print(t.get("cli_ingest.niets"))
    elif report.status == "unchanged":
        print(t.say("cli_ingest.actueel", versie=report.version, documenten=documents, fragmenten=chunks))
    else:
        print(t.say("cli_ingest.geschreven", versie=report.version, documenten=documents, fragmenten=chunks,
                    ingebed=report.embedded, hergebruikt=report.reused, seconden=f"{report.seconds:.1f}"))
    for line, kinds in (report.items or {}).items():
        counts = ", ".join(t.say("cli_ingest.aantal", aantal=n, soort=t.get(_KIND_COUNTED[k]) if k in _KIND_COUNTED else k)
                           for k, n in sorted(kinds.items()))
        label = t.say("cli_ingest.lijn", lijn=line, aantallen=counts) if line != "-" else t.say("cli_ingest.zonder_lijn", aantallen=counts)
        print(f"  {label}")
    from ingest.load import display_name

    for failure in report.failed:
        # Escaped: a file name with control characters must not forge report lines.
        print(t.say("cli_ingest.mislukt", bestand=display_name(str(failure["source"])), reden=display_name(str(failure["reason"]))),
              file=sys.stderr)
    return report.exit_code


# How the items of each kind are counted in the ingest report ("12 acties").
_KIND_COUNTED = {"actie": "cli_ingest.actie", "kpi": "cli_ingest.kpi", "analyse": "cli_ingest.analyse"}


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.store import IndexStore

    manifest = IndexStore(settings).require_current()
    status = {
        "chunks": manifest.counts.get("chunks", 0),
        "documents": len(manifest.documents),
        "embedder": manifest.embedder,
        "dimension": manifest.dimension,
        "index_version": manifest.version,
        "created": manifest.created,
    }
    if args.json:
        print(json.dumps(status, ensure_ascii=False))
    else:
        for key, value in status.items():
            print(f"{key:14} {value}")
    return 0


def cmd_catalog(args: argparse.Namespace, settings: Settings) -> int:
    from chatbot.contract import CATALOG_LISTING, CatalogItem
    from chatbot.service import select
    from ingest.store import IndexStore

    store = IndexStore(settings)
    catalog = store.open(store.require_current()).catalog
    items = [
        CatalogItem.model_validate(item).model_dump(mode="json", include=set(CATALOG_LISTING))
        for item in select(catalog["items"], ambitielijn=args.ambitielijn, kind=args.kind)
    ]
    if args.json:
        print(json.dumps(items, ensure_ascii=False, indent=1))
        return 0
    t = _prompts(settings)
    print(f"{t.get('cli_catalogus.kol_lijn'):>4}  {t.get('cli_catalogus.kol_nummer'):>3}  {t.get('cli_catalogus.kol_soort'):7}  "
          f"{t.get('cli_catalogus.kol_pagina'):>3}  {t.get('cli_catalogus.kol_tekst')}")
    for item in items:
        line = item["ambitielijn"] if item["ambitielijn"] is not None else "-"
        page = item["page"] if item["page"] is not None else ""
        number = item["item_index"] if item["item_index"] is not None else ""
        print(f"{line:>4}  {number:>3}  {item['kind']:7}  {page:>3}  {terminal(item['text'])}")
    print(t.say("cli_catalogus.aantal", aantal=len(items)))
    return 0


def _service(settings: Settings) -> Vraagbaak:
    from chatbot.service import Vraagbaak
    from ingest.store import IndexStore

    IndexStore(settings).require_current()  # a clear error before loading any model
    return Vraagbaak(settings)


def _print_answer(answer: dict, t: Prompts) -> None:
    print(terminal(answer["answer"], newlines=True))
    if answer["citations"]:
        print()
        print(f"{t.get('algemeen.bronnen')}:")
        for c in answer["citations"]:
            page = t.say("letterlijk.pagina", pagina=c["page"]) if c["page"] else ""
            print(t.say("cli_antwoord.bron", n=c["n"], titel=terminal(c["title"]), sectie=terminal(c["section"]), pagina=page))
            if c.get("url"):
                print(t.say("cli_antwoord.adres", url=c["url"]))
    onward = answer.get("onward")
    if onward:
        print()
        print(t.get("cli_antwoord.verder"))
        contact = onward.get("contact") or {}
        if contact:
            print(t.say("cli_antwoord.contact", naam=contact["name"]) if contact.get("name")
                  else t.get("cli_antwoord.contact_zonder_naam"))
            for field, key, name in (("url", "cli_antwoord.website", "url"), ("phone", "cli_antwoord.telefoon", "telefoon"),
                                     ("email", "cli_antwoord.email", "email")):
                if contact.get(field):
                    print(t.say(key, **{name: contact[field]}))
        if onward.get("suggestions"):
            print(t.get("cli_antwoord.suggesties"))
            for question in onward["suggestions"]:
                print(t.say("cli_antwoord.suggestie", vraag=question))


MAX_JSONL_LINE_BYTES = 1 << 20


def _jsonl_request(line: bytes) -> tuple[str, list | None]:
    """(question, history) from one input line: plain text, a JSON string, or ``{"question", "history"?}``."""
    if len(line) > MAX_JSONL_LINE_BYTES:
        raise ValueError(f"line longer than {MAX_JSONL_LINE_BYTES} bytes")
    try:
        text = line.decode("utf-8-sig").strip()
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start})") from None
    if text.startswith(("{", '"')):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            if text.startswith("{"):
                raise ValueError("invalid JSON object") from None
            data = text  # a plain question that starts with a quotation mark
        if isinstance(data, str):
            return data, None
        if not isinstance(data, dict) or not isinstance(data.get("question"), str):
            raise ValueError('a JSON line must be a string or an object with a string "question"')
        history = data.get("history")
        return data["question"], history if isinstance(history, list) else None
    return text, None


def _failed_line(kind: ErrorKind, error: str) -> dict:
    """The answer contract in place of an input line that could not be answered."""
    from chatbot.contract import Answer

    return Answer.unreached(kind, question=None, answer="", error=error).to_dict()


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    bot = _service(settings)
    if args.jsonl:
        bot.warm()
        # Bytes, line by line: one line that is not UTF-8 (or not JSON) gets an error object,
        # and the batch goes on.
        for number, line in enumerate(sys.stdin.buffer, 1):
            if not line.strip():
                continue
            try:
                question, history = _jsonl_request(line)
                answer = bot.ask(question, history)
            except ValueError as exc:
                log.warning("Bad input line %d: %s", number, exc)
                answer = _failed_line(ErrorKind.UNUSABLE_TEXT, f"line {number}: {exc}")
            except Exception as exc:  # noqa: BLE001 - one line fails, the batch goes on
                log.exception("Answering line %d failed", number)
                answer = _failed_line(ErrorKind.INTERNAL, f"line {number}: internal error ({type(exc).__name__})")
            print(json.dumps(answer, ensure_ascii=False), flush=True)
        return 0
    if not args.question:
        raise UserError('give a question: vraagbaak ask "Welke acties vallen onder ambitielijn 1?" (or --jsonl)')
    answer = bot.ask(" ".join(args.question))
    if args.json:
        print(json.dumps(answer, ensure_ascii=False, indent=1))
    else:
        _print_answer(answer, bot.prompts)
    return 0 if "error" not in answer else exit_code(kind_named(answer.get("reason")))


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Exit code 0: verbatim; 4: verbatim but for case or spacing; 3: not verbatim (``ui.checking``)."""
    from chatbot.screen import Rejected
    from ui.checking import EXIT_CODES, check_paragraph, verdict, worst

    bot = _service(settings)
    sentence = " ".join(args.sentence).strip()
    if not sentence:
        raise UserError('give the sentence to check: vraagbaak check "leren voor werkenden"')
    try:
        if args.sentences:
            rows = check_paragraph(bot.check, sentence)
        else:
            result = bot.check(sentence)
            rows = [{"sentence": sentence, "verdict": verdict(sentence, result), "result": result}]
    except Rejected as exc:
        raise UserError(f"cannot check this text: {exc}") from None
    code = EXIT_CODES[worst([r["verdict"] for r in rows])]
    if args.json:
        print(json.dumps(rows if args.sentences else rows[0]["result"], ensure_ascii=False, indent=1))
        return code
    t = bot.prompts
    for number, row in enumerate(rows, 1):
        if args.sentences:
            print(("\n" if number > 1 else "") + t.say("cli_nakijken.zin", n=number, zin=row["sentence"]))
        _print_check(row["result"], row["verdict"], t)
    return code


def _print_check(result: dict, verdict: str, t) -> None:
    from chatbot.answer import quoted
    from chatbot.wording import FORM_KEYS

    page = t.say("letterlijk.pagina", pagina=result["page"]) if result["page"] else ""
    where = t.say("cli_nakijken.waar", titel=terminal(result["title"]), sectie=terminal(result["section"]), pagina=page)
    if verdict in ("letterlijk", "vorm"):
        print(t.say("cli_nakijken.gevonden" if verdict == "letterlijk" else "cli_nakijken.vorm", waar=where))
        print(f"  {terminal(quoted(result['quote']))}")
        differs = tuple(sorted(result.get("differs_in") or ()))
        if verdict == "vorm" and differs in FORM_KEYS:
            print(t.say("cli_nakijken.vorm_welke", verschil=t.get(FORM_KEYS[differs])))
        if result.get("url"):
            print(f"  {result['url']}")
        return
    print(t.get("cli_nakijken.niet_gevonden"))
    if result["quote"]:
        print(t.say("cli_nakijken.dichtst", procent=round(result["ratio"] * 100), waar=where))
        print(f"  {terminal(quoted(result['quote']))}")
        print(t.get("cli_nakijken.verschillen"))
        parts = []
        for op in result["diff"]:
            if op["op"] == "equal":
                parts.append(op["text"])
            else:
                if op["text"]:
                    parts.append(f"[-{op['text']}-]")
                if op["document"]:
                    parts.append(f"{{+{op['document']}+}}")
        print("  " + terminal(" ".join(parts)))


def _prompts(settings: Settings) -> Prompts:
    from prompts import load_prompts

    return load_prompts(settings.prompts_dir)


def marked_diff(ops: list[dict]) -> str:
    """Word differences as text: ``[-old-] {+new+}``."""
    parts = []
    for op in ops:
        if op["op"] == "equal":
            parts.append(op["new"])
            continue
        if op["old"]:
            parts.append(f"[-{op['old']}-]")
        if op["new"]:
            parts.append(f"{{+{op['new']}+}}")
    return " ".join(parts)


def format_changes(changes: dict, t) -> list[str]:
    """The text of ``vraagbaak diff``: per document, per ambition line and kind, the changed items and passages."""
    from ingest.diff import shortened
    from ui.render import DOCUMENT_HEADINGS, when as _when

    if changes["old"] is None:
        return [t.get("wijzigingen.geen_vorige")]
    counts = changes["counts"]
    lines = [t.say("wijzigingen.kop", oud=changes["old"]["version"], oud_datum=_when(changes["old"]["created"]),
                   nieuw=changes["new"]["version"], nieuw_datum=_when(changes["new"]["created"]),
                   nieuw_aantal=counts["added"], verwijderd_aantal=counts["removed"], gewijzigd_aantal=counts["changed"])]
    if not changes["documents"]:
        return lines + [t.get("wijzigingen.geen_wijzigingen" if changes.get("passages") else "wijzigingen.geen_wijzigingen_items")]
    label = {"nieuw": t.get("wijzigingen.nieuw"), "verwijderd": t.get("wijzigingen.verwijderd"),
             "gewijzigd": t.get("wijzigingen.gewijzigd")}
    width = max(len(v) for v in label.values()) + 1
    for document in changes["documents"]:
        key = DOCUMENT_HEADINGS.get(document["status"], "wijzigingen.document")
        lines += ["", t.say(key, titel=document["title"] or document["source"], bron=document["source"])]
        for group in document["groups"]:
            kind = t.get(f"soort.{group['kind']}_meervoud") if t.has(f"soort.{group['kind']}_meervoud") else group["kind"]
            head = (t.say("wijzigingen.groep_lijn", lijn=group["ambitielijn"], soort=kind) if group["ambitielijn"] is not None
                    else t.say("wijzigingen.groep_zonder_lijn", soort=kind))
            lines.append(f"  {head}")
            for pair in group["changed"]:
                where = f"({pair['new']['section']}) " if group["kind"] == "passage" and pair["new"].get("section") else ""
                lines.append(f"    {label['gewijzigd'] + ':':{width}} {where}{marked_diff(shortened(pair['diff']))}")
            for item in group["removed"]:
                lines.append(f"    {label['verwijderd'] + ':':{width}} {item['text']}")
            for item in group["added"]:
                lines.append(f"    {label['nieuw'] + ':':{width}} {item['text']}")
    if changes["counts"]["changed"]:
        lines += ["", t.get("wijzigingen.legenda_tekst")]
    return lines


def cmd_diff(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.diff import compare_versions
    from ingest.history import CatalogHistory
    from ingest.store import IndexStore

    from ui.render import when as _when

    store = IndexStore(settings)
    t = _prompts(settings)
    if args.list:
        current = store.current()
        print(t.get("wijzigingen.versies_kop"))
        for entry in CatalogHistory(store).versions():
            mark = f"  {t.get('wijzigingen.huidig')}" if current and entry["version"] == current.version else ""
            print(f"  {entry['version']}  {_when(entry['created'])}{mark}")
        return 0
    if args.new_version and not args.old_version:
        raise UserError("give both versions: vraagbaak diff OLD_VERSION NEW_VERSION (see vraagbaak diff --list)")
    changes = compare_versions(store, args.old_version, args.new_version)
    if args.json:
        print(json.dumps(changes, ensure_ascii=False, indent=1))
    else:
        print("\n".join(terminal(line) for line in format_changes(changes, t)))
    return 0


def format_report(report: dict, t) -> list[str]:
    """The text of ``vraagbaak report``: topics, most frequent first, with the questions in each."""
    from ui.render import when
    from ui.report import summary_line

    from ui.editors import log_line

    lines = [log_line(report, t)]  # the log file itself, not this shell's settings
    if not report["groups"]:
        return lines + [t.get("rapport.geen")]
    lines.append(summary_line(report, t))
    for g in report["groups"]:
        lines += ["", f"{g['count']:>4}  {g['topic']}",
                  "      " + t.say("rapport.details", nee=g["answerable"]["nee"], deels=g["answerable"]["deels"],
                                   niet_nuttig=g["thumbs_down"], laatst=when(g["last"]))]
        lines += [f"      {q['count']:>3} × {q['question']}" for q in g["questions"]]
    return lines


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from ui.report import BadDateError, build_report, parse_since, report_csv

    try:
        since = parse_since(args.since)
    except BadDateError:
        raise UserError(f"--since must be a date like 2026-03-01, not {args.since!r}") from None
    from ui.editors import annotate

    report = annotate(build_report(settings, since), settings, since)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    elif args.csv:
        sys.stdout.write(report_csv(report, _prompts(settings)))
    else:
        print("\n".join(format_report(report, _prompts(settings))))
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from chatbot.evaluate import (
        CORPORA_DIR, DEFAULT_QUESTIONS, GATED_SETS, CorpusError, corpus_gate, format_sets, gate, list_corpora, load_questions,
        per_set, prepare_corpus, subset_row,
    )

    if args.questions and args.corpus and len(args.corpus) > 1:
        raise UserError("--questions goes with one --corpus folder, not several")
    results: dict[str, dict] = {}
    failed_gate: list[str] = []
    if not args.corpus:
        bot = _service(settings)
        paths = [Path(p) for p in args.questions] if args.questions else list(DEFAULT_QUESTIONS)
        try:
            questions = load_questions(*paths)
        except (OSError, ValueError) as exc:
            hint = "" if args.questions else " (run it in the project folder, or give --questions)"
            raise UserError(f"cannot read questions: {exc}{hint}") from None
        bundled = _eval_one(bot, questions)
        bundled["sets"] = per_set(questions, bundled["questions"])
        if not args.questions:
            # The default sets: the gate applies to GATED_SETS; the others are reported.
            gated = subset_row(questions, bundled["questions"], lambda q: q.get("set") in GATED_SETS)
            bundled["gate"] = gate(gated)
            bundled["gated_sets"] = list(GATED_SETS)
            bundled["reported"] = {name: gate(row) for name, row in bundled["sets"].items() if name not in GATED_SETS}
        if args.gate:
            failed_gate += bundled["gate"]
    # The test corpora: the folders given, or with --gate on the default questions every one under
    # tests/corpora (reported; gated with --strict-corpora).
    if args.corpus:
        folders = [Path(p) for p in args.corpus]
    else:
        folders = list_corpora(CORPORA_DIR) if args.gate and not args.questions else []
    for folder in folders:
        try:
            own, questions = prepare_corpus(settings, folder, [Path(p) for p in args.questions] if args.corpus and args.questions else None)
        except CorpusError as exc:
            raise UserError(f"cannot evaluate corpus: {exc}") from None
        results[folder.name] = _eval_one(_service(own), questions)
        # A test corpus meets its own floor (CORPUS_GATE, or its floor.json); with --strict-corpora or named
        # with --corpus, the release gate.
        strict = bool(args.corpus or args.strict_corpora)
        results[folder.name]["gate"] = gate(results[folder.name]["summary"], None if strict else corpus_gate(folder))
        if args.gate:
            failed_gate += [f"{folder.name}: {p}" for p in results[folder.name]["gate"]]
    if args.json:
        keys = ("summary", "categories", "sets", "gate", "gated_sets", "reported", "questions")
        out = {} if args.corpus else {k: bundled[k] for k in keys if k in bundled}
        if folders:
            out["corpora"] = results
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        if not args.corpus:
            _print_eval(bundled)
            if len(bundled["sets"]) > 1:
                print(format_sets(bundled["sets"]))
            if args.gate and "gated_sets" in bundled:
                print(f"gated: {' + '.join(bundled['gated_sets'])}")
                for name, problems in bundled["reported"].items():
                    if problems:
                        print(f"{name} below the gate (reported, not gated): {'; '.join(problems)}")
        for name, result in results.items():
            print(f"\n== corpus {name} ==")
            _print_eval(result)
            if args.gate and not (args.corpus or args.strict_corpora):
                shortfall = gate(result["summary"])
                if shortfall:
                    print(f"below the release gate (this corpus is gated on its own floor): {'; '.join(shortfall)}")
    if args.gate:
        for problem in failed_gate:
            print(f"GATE FAILED: {problem}", file=sys.stderr)
        return 1 if failed_gate else 0
    return 0


def _eval_one(bot: Vraagbaak, questions: list[dict]) -> dict:
    """Scores of one question set: summary, categories, per-question verdicts and what keeps it from the gate."""
    from chatbot.evaluate import evaluate, gate

    bot.warm()
    summary, per_cat, verdicts = evaluate(bot, questions)
    return {"summary": summary, "categories": per_cat, "questions": verdicts, "gate": gate(summary)}


def _print_eval(result: dict) -> None:
    from chatbot.evaluate import format_table

    print(format_table(result["summary"], result["categories"]))
    verdicts = result["questions"]
    for v in verdicts:
        if v.get("cite") is False or v.get("facts") is False or v.get("list") is False:
            print(f"  miss {v['id']}: cite={v.get('cite')} facts={v.get('facts')} list={v.get('list')} status={v['answerable_got']} ({v['reason']})")
    for v in verdicts:
        if v.get("ja") and not v["ja_correct"]:
            print(f"  wrong ja {v['id']}: cite={v.get('cite')} facts={v.get('facts')} ({v['reason']})")


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.store import IndexStore

    if IndexStore(settings).current() is None:
        from ingest.pipeline import ingest

        log.info("No index in %s yet: ingesting %s first", settings.data_dir, settings.corpus_dir)
        report = ingest(settings, progress=not args.no_progress)
        if report.status == "nothing" or IndexStore(settings).current() is None:
            raise UserError(f"nothing to serve: no document in {settings.corpus_dir} could be read")
    from ui import serving
    from ui.app import create_app

    app = create_app(settings)
    log.info("Serving on http://%s:%d (API docs at /api/docs)", args.host, args.port)
    serving.run(app, host=args.host, port=args.port, log_level=settings.log_level.lower())
    return 0


def build_parser() -> argparse.ArgumentParser:
    from prompts import load_prompts

    t = load_prompts()  # the bundled wording: the help is shown before any setting is read
    parser = argparse.ArgumentParser(prog="vraagbaak", description="Vraagbaak Competitief Limburg",
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=t.get("cli_hulp.voorbeelden"))
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also log INFO lines (ask, check, catalog, status, diff and report log only warnings)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="index documents (default: the corpus folder)")
    p.add_argument("paths", nargs="*", help="files or folders")
    p.add_argument("--rebuild", action="store_true", help="re-embed everything (e.g. after changing the embedder)")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("status", help="show the current index")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("catalog", help="list actions, KPIs and analysis items")
    p.add_argument("--json", action="store_true")
    p.add_argument("--kind", choices=["actie", "kpi", "analyse"])
    p.add_argument("--ambitielijn", type=int)
    p.set_defaults(func=cmd_catalog)

    p = sub.add_parser("ask", help="answer a question from the documents", formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog=t.get("cli_hulp.vragen"))
    p.add_argument("question", nargs="*")
    p.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="also log INFO lines")
    p.add_argument("--json", action="store_true", help="print the answer contract as JSON")
    p.add_argument("--jsonl", action="store_true",
                   help='one question per stdin line (plain text, a JSON string or {"question": ..., "history": [...]}), '
                        "one JSON answer per stdout line")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("check", help="does a sentence occur verbatim in the documents?",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=t.get("cli_hulp.nakijken"))
    p.add_argument("sentence", nargs="*")
    p.add_argument("--json", action="store_true")
    p.add_argument("--sentences", action="store_true", help="check a paragraph sentence by sentence")
    p.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="also log INFO lines")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("diff", help="what changed in the actions, KPIs and analysis items between two index versions")
    p.add_argument("old_version", nargs="?", help="default: the version before the current one")
    p.add_argument("new_version", nargs="?", help="default: the current version")
    p.add_argument("--json", action="store_true", help="print the changes as JSON")
    p.add_argument("--list", action="store_true", help="list the versions whose catalog is kept")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("report", help="questions the documents did not (fully) answer, grouped by topic")
    p.add_argument("--since", metavar="DATE", help="only questions from this date (YYYY-MM-DD, UTC) on")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print the report as JSON")
    form.add_argument("--csv", action="store_true", help="print the report as CSV (UTF-8 with BOM)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("eval", help="score answers on a question set")
    p.add_argument("--questions", nargs="+",
                   help="JSONL question sets (default: benchmarks/dev-, dev2- and dev3-questions.jsonl; with --corpus: its questions.jsonl)")
    p.add_argument("--corpus", nargs="+", metavar="DIR",
                   help="evaluate these corpus folders instead, each indexed in its own data dir, on its questions.jsonl")
    p.add_argument("--json", action="store_true")
    p.add_argument("--gate", action="store_true",
                   help="exit 1 when a metric is below the release gate (the bundled corpus; the test corpora under tests/corpora are reported)")
    p.add_argument("--strict-corpora", action="store_true", help="with --gate: the test corpora must meet the gate too")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("serve", help="run the web app and JSON API (ingests the corpus first if there is no index)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=7860, help="port (default: 7860)")
    p.add_argument("--no-progress", action="store_true", help="no progress bars during a first ingest")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = _settings()
        _setup_logging(settings, quiet=args.command in QUIET_COMMANDS and not args.verbose)
        return int(args.func(args, settings) or 0)
    except KeyboardInterrupt:
        print("vraagbaak: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last line of defence: one clear line, details in the log
        return failed(exc)


def failed(exc: Exception) -> int:
    """Say what went wrong on stderr and give the exit code of its kind (``ingest.errors.HANDLING``).

    A project error or an OS error is one line; anything else is a bug: its traceback goes to the log.
    """
    if isinstance(exc, (VraagbaakError, OSError)):
        print(f"vraagbaak: {exc}", file=sys.stderr)
    else:
        log.error("Unexpected error", exc_info=exc)
        print(f"vraagbaak: unexpected error ({type(exc).__name__}: {exc}); see the log above", file=sys.stderr)
    return exit_code(kind_of(exc))


if __name__ == "__main__":
    sys.exit(main())
