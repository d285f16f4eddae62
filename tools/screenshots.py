"""Take the README's screenshots of the editors' report and of the changes between versions.

Builds a throw-away index with two versions (the bundled corpus, then a copy with one
action reworded, one removed and one KPI added), starts `vraagbaak serve` on loopback
with the question log on and an admin token, asks it a few questions the documents do not
answer (over the JSON API, as users' questions arrive), gives one answer a thumbs-down in
the chat, and photographs /beheer and the catalog's changes panel with Debian's Chromium:

    python tools/screenshots.py            # writes docs/screenshot-report.png, docs/screenshot-diff.png
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
EDITS = [
    ("op vlak van innovatie verhogen door aantrekken van innovatie, inzetten van experten en eigen krachten",
     "op vlak van digitale innovatie verhogen door aantrekken van innovatie, inzetten van experten en eigen talent"),
    (" • Het versterken van onze mobiliteitsplannen, door de toevoeging van een internationale blik op de omringende "
     "regio’s en het versterken van de mobiliteit met deze centra\n", ""),
    (" • Niveau van de toegevoegde waarde en arbeidsproductiviteit\n",
     " • Niveau van de toegevoegde waarde en arbeidsproductiviteit\n • Aantal octrooiaanvragen van Limburgse bedrijven\n"),
]
QUESTIONS = [
    "Komen er sociale woningen bij?", "Komen er sociale woningen bij?", "Zijn er plannen voor nieuwe woonwijken?",
    "Komen er meer sociale huurwoningen?", "Hoeveel kost het plan?", "Hoeveel geld trekt de provincie hiervoor uit?",
    "Komen er meer bussen in Limburg?", "Wat doet de provincie aan openbaar vervoer?", "Zijn er acties voor ziekenhuizen?",
    "Hoe zit het met ouderenzorg in Limburg?", "Wie is de gouverneur van Limburg?", "Komt er een zwembad in Genk?",
]
THUMBS_DOWN = "Wat doet de provincie voor toerisme?"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], env: dict) -> None:
    subprocess.run(args, cwd=REPO, env=env, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def ask(base: str, question: str) -> str:
    request = urllib.request.Request(base + "api/ask", data=json.dumps({"question": question}).encode(),
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())["answerable"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="folder for the PNG files (default: docs/)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    vraagbaak = str(Path(sys.executable).parent / "vraagbaak")
    token = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="vraagbaak-shots-") as tmp:
        corpus, data = Path(tmp) / "corpus", Path(tmp) / "data"
        shutil.copytree(REPO / "corpus", corpus)
        env = {k: v for k, v in os.environ.items() if not k.startswith("VRAAGBAAK_")}
        env.update(VRAAGBAAK_DATA_DIR=str(data), VRAAGBAAK_CORPUS_DIR=str(corpus), ANONYMIZED_TELEMETRY="False",
                   VRAAGBAAK_QUESTION_LOG="true", VRAAGBAAK_ADMIN_TOKEN=token, VRAAGBAAK_LOG_LEVEL="WARNING")
        run([vraagbaak, "ingest", "--no-progress"], env)
        text_file = corpus / "competitief-limburg.txt"
        text = text_file.read_text(encoding="utf-8")
        for old, new in EDITS:
            if text.count(old) != 1:
                raise SystemExit(f"the corpus changed; cannot apply the demo edit {old[:40]!r}")
            text = text.replace(old, new)
        text_file.write_text(text, encoding="utf-8")
        time.sleep(1.1)  # a new version name and creation time
        run([vraagbaak, "ingest", "--no-progress"], env)

        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        server = subprocess.Popen([vraagbaak, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-progress"],
                                  cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            wait_for(base + "api/health")
            for question in QUESTIONS:
                ask(base, question)
            args.out.mkdir(parents=True, exist_ok=True)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="nl-NL", device_scale_factor=1)
                context.set_default_timeout(60_000)
                page = context.new_page()

                page.goto(base)  # a thumbs-down from the chat, as a user gives it
                page.fill("#vb-question textarea", THUMBS_DOWN)
                page.keyboard.press("Enter")
                page.wait_for_selector("#vb-vote-down")
                page.click("#vb-vote-down")
                page.wait_for_selector("#vb-comment textarea")

                page.click("#vb-tab-catalog-button")
                page.wait_for_selector("#vb-changes details.vb-changes")
                page.click("#vb-changes summary")
                page.locator("#vb-changes").scroll_into_view_if_needed()
                page.locator("#vb-changes").screenshot(path=str(args.out / "screenshot-diff.png"))

                page.goto(base + "beheer")
                page.fill("#token", token)
                page.click("button[type=submit]")
                page.wait_for_selector("#report")
                page.locator("#report details").first.evaluate("d => d.open = true")
                page.screenshot(path=str(args.out / "screenshot-report.png"), full_page=True)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    for name in ("screenshot-report.png", "screenshot-diff.png"):
        print(f"{args.out / name}: {(args.out / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
