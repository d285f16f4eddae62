"""The ``vraagbaak`` console script: each subcommand parses arguments, builds Settings and calls library code."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from pydantic import ValidationError

log = logging.getLogger("vraagbaak")


class UserError(Exception):
    """A problem the user can fix; shown as one line, exit code 1."""


def _settings():
    from ingest.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ()))
        raise UserError(f"invalid setting VRAAGBAAK_{field.upper()}: {first.get('msg')}") from None


def _setup_logging(settings) -> None:
    logging.basicConfig(
        level=getattr(logging, str(settings.log_level).upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("chromadb", "httpx", "urllib3", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def cmd_ingest(args, settings) -> int:
    from ingest.pipeline import ingest

    report = ingest(settings, [Path(p) for p in args.paths] or None, rebuild=args.rebuild, progress=not args.no_progress)
    if args.json:
        print(json.dumps(report.__dict__ | {"exit_code": report.exit_code}, ensure_ascii=False, indent=1))
        return report.exit_code
    if report.status == "nothing":
        print("Niets geïndexeerd: geen enkel bestand kon gelezen worden.")
    elif report.status == "unchanged":
        print(f"Index is al actueel (versie {report.version}): {report.documents} documenten, {report.chunks} fragmenten.")
    else:
        print(
            f"Index versie {report.version}: {report.documents} documenten, {report.chunks} fragmenten "
            f"({report.embedded} nieuw ingebed, {report.reused} hergebruikt) in {report.seconds:.1f} s."
        )
    if report.items:
        for line, kinds in report.items.items():
            label = f"Ambitielijn {line}" if line != "-" else "Zonder ambitielijn"
            parts = ", ".join(f"{n} {_KIND_PLURAL.get(k, k)}" for k, n in sorted(kinds.items()))
            print(f"  {label}: {parts}")
    for failure in report.failed:
        print(f"MISLUKT {failure['source']}: {failure['reason']}", file=sys.stderr)
    return report.exit_code


_KIND_PLURAL = {"actie": "acties", "kpi": "KPI's", "analyse": "analysepunten"}


def cmd_status(args, settings) -> int:
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


def cmd_catalog(args, settings) -> int:
    from ingest.store import IndexStore

    store = IndexStore(settings)
    catalog = store.open(store.require_current()).catalog
    items = [
        {k: item[k] for k in ("source", "title", "ambitielijn", "kind", "text", "page")}
        for item in catalog["items"]
        if (args.kind is None or item["kind"] == args.kind)
        and (args.ambitielijn is None or item["ambitielijn"] == args.ambitielijn)
    ]
    if args.json:
        print(json.dumps(items, ensure_ascii=False, indent=1))
        return 0
    print(f"{'lijn':>4}  {'soort':7}  {'p.':>3}  tekst")
    for item in items:
        line = item["ambitielijn"] if item["ambitielijn"] is not None else "-"
        page = item["page"] if item["page"] is not None else ""
        print(f"{line:>4}  {item['kind']:7}  {page:>3}  {item['text']}")
    print(f"{len(items)} items")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vraagbaak", description="Vraagbaak Competitief Limburg")
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

    for extra in _EXTRA_COMMANDS:
        extra(sub)
    return parser


# Commands registered by other modules of the ui package (ask, eval, serve, check).
_EXTRA_COMMANDS: list = []


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = _settings()
        _setup_logging(settings)
        return int(args.func(args, settings) or 0)
    except UserError as exc:
        print(f"vraagbaak: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("vraagbaak: onderbroken", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last line of defence: one clear line, details in the log
        from ingest.embed import EmbedderError
        from ingest.store import IndexError_

        if isinstance(exc, (IndexError_, EmbedderError, OSError)):
            print(f"vraagbaak: {exc}", file=sys.stderr)
            return 1
        log.exception("Unexpected error")
        print(f"vraagbaak: unexpected error ({type(exc).__name__}: {exc}); see the log above", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
