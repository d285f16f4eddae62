"""The Dutch wording lives in prompts/*.toml, all of it, and every key there is used.

Code is read, not run: string literals that look like prompt keys (``"lijst.lijn"``) are
the keys code uses. Keys that code puts together at run time belong to a family whose
values are declared in data (``DYNAMIC``); any other composed key fails the test, so a
new one has to be declared before it can hide a missing or an unused text.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

from prompts import bundled, load_prompts

REPO = Path(__file__).resolve().parents[1]
# The shipped code (benchmarks/ and tools/ feed Dutch questions in; they say nothing to users).
PACKAGES = ("chatbot", "ingest", "ui", "prompts")
KEY = re.compile(r"^([a-z_]+)\.([a-z0-9_]+)$")
DATA = REPO / "chatbot" / "data"


def _toml(name: str) -> dict:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


def _kinds() -> list[str]:
    from ingest.kinds import kinds

    return list(kinds())


# Families of keys that code composes, with the values they take, from the data that declares them.
DYNAMIC = {
    # f"soort.{kind}_enkelvoud" / _meervoud: every kind of item (ingest/data/kinds.toml).
    "soort.": lambda keys: {f"soort.{kind}_{form}" for kind in _kinds() for form in ("enkelvoud", "meervoud")},
    # f"gevraagd.{asks_for}": every kind of fact a question can ask for (chatbot/data/cues.toml, [asks]).
    "gevraagd.": lambda keys: {f"gevraagd.{fact}" for fact in _toml("cues.toml")["asks"]},
    # f"ui_voorbeelden.vraag_{i}": the example questions, numbered from 1 (ui/web.py reads them until one is missing).
    "ui_voorbeelden.vraag_": lambda keys: {f"ui_voorbeelden.vraag_{i}"
                                           for i in range(1, 1 + sum(k.startswith("ui_voorbeelden.") for k in keys))},
}


def code_files() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (REPO / package).rglob("*.py"))


def keys_in_code(keys: set[str]) -> tuple[set[str], list[tuple[str, str]]]:
    """(literal keys, composed keys as (where, prefix)) in the shipped code."""
    sections = {k.split(".")[0] for k in keys}
    names = {k.split(".")[1] for k in keys}
    literal: set[str] = set()
    composed: list[tuple[str, str]] = []
    for path in code_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = lambda node, path=path: f"{path.relative_to(REPO)}:{node.lineno}"  # noqa: E731
        pieces = {id(child) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for child in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in pieces:
                m = KEY.match(node.value)
                if m and m.group(1) in sections:
                    literal.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                parts = node.values
                head = parts[0].value if isinstance(parts[0], ast.Constant) else ""
                if "." in head and head.split(".")[0] in sections and " " not in head:
                    composed.append((where(node), head))
                elif not head and len(parts) > 1 and isinstance(parts[1], ast.Constant) and parts[1].value[1:] in names \
                        and parts[1].value.startswith("."):
                    composed.append((where(node), "{...}" + parts[1].value))  # f"{section}.lijn"
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant):
                head = node.left.value
                if isinstance(head, str) and "." in head and head.split(".")[0] in sections and " " not in head:
                    composed.append((where(node), head))  # "section." + name
    return literal, composed


def test_prompt_keys_of_code_and_files_match():
    prompts = load_prompts()
    keys = prompts.keys()
    literal, composed = keys_in_code(keys)
    undeclared = sorted({f"{where}: {head}" for where, head in composed if head not in DYNAMIC})
    assert not undeclared, f"keys composed in code without a family in DYNAMIC: {undeclared}"
    expected = set().union(*(family(keys) for family in DYNAMIC.values()))
    assert not sorted((literal | expected) - keys), "code uses keys that no prompts file has"
    assert not sorted(keys - literal - expected), "prompts files have keys that no code uses"


def test_the_key_check_sees_a_missing_and_an_unused_key():
    """The check above can fail: a key only code has, and one only the files have, are both seen."""
    keys = load_prompts().keys()
    literal, _ = keys_in_code(keys)
    assert "algemeen.lege_vraag" in literal and "lijst.lijn" in literal and "sectie.kpis" in literal
    assert "algemeen.bestaat_niet" not in literal | keys


def test_placeholders_are_those_code_fills_in():
    """Every template formats with the values of its family; a typo in a placeholder shows up as a KeyError."""
    prompts = load_prompts()
    for key in prompts.keys():
        text = prompts.get(key)
        names = set(re.findall(r"(?<!\{)\{([a-z_]+)\}(?!\})", text))
        assert all(re.fullmatch(r"[a-z_]+", n) for n in names), (key, names)


def test_a_copy_of_the_prompts_folder_can_be_edited(tmp_path):
    copy = tmp_path / "wording"
    copy.mkdir()
    for entry in bundled().iterdir():
        if entry.name.endswith(".toml"):
            (copy / entry.name).write_bytes(entry.read_bytes())
    text = (copy / "nl.toml").read_text(encoding="utf-8")
    (copy / "nl.toml").write_text(text.replace('niet_gevonden = "Dat staat niet in de documenten."',
                                               'niet_gevonden = "Dat vind ik niet in de stukken."'), encoding="utf-8")
    edited = load_prompts(copy)
    assert edited.get("algemeen.niet_gevonden") == "Dat vind ik niet in de stukken."
    assert load_prompts().get("algemeen.niet_gevonden") == "Dat staat niet in de documenten."
    assert edited.keys() == load_prompts().keys()
    (tmp_path / "leeg").mkdir()
    with pytest.raises(FileNotFoundError):
        load_prompts(tmp_path / "leeg")


# -- no Dutch sentences in code ------------------------------------------------------------
# Dutch function words that are no English words, and a few words every Dutch interface uses.
DUTCH_WORDS = (set(STOPWORDS_DUTCH) - set(STOPWORDS_EN)
               - {"had", "me", "over", "die", "men", "hem", "ben", "na", "u", "ge", "wil", "ja", "door", "want", "toen", "tot"}
               | {"jouw", "nieuw", "versie", "gevonden", "vraag", "antwoord", "bronnen", "probeer", "opnieuw"})
ENGLISH_WORDS = set(STOPWORDS_EN) - set(STOPWORDS_DUTCH)
REGEX_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split"}
LOG_CALLS = {"debug", "info", "warning", "error", "exception", "critical"}


def looks_dutch(text: str) -> bool:
    """A Dutch sentence or phrase: Dutch words outnumber English ones (``ij`` words count as Dutch)."""
    text = re.sub(r"\{[^{}]*\}", " ", text)
    words = re.findall(r"[a-zà-ÿ]+(?:'[a-z]+)?", text.lower())
    if len(words) < 2 or KEY.match(text.strip()):
        return False
    dutch = {w for w in words if w in DUTCH_WORDS or ("ij" in w and len(w) > 3)}
    english = {w for w in words if w in ENGLISH_WORDS}
    if len(dutch) >= 2 and len(dutch) > len(english):
        return True
    sentence = bool(re.match(r"\s*[A-ZÀ-Ý]", text)) and len(words) >= 3
    return sentence and bool(dutch) and not english


def _not_wording(tree: ast.AST) -> set[int]:
    """Docstrings, regular expressions, word lists (``"a b c".split()``) and log messages: ids of their nodes."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            f = node.func
            if (isinstance(f.value, ast.Name) and f.value.id == "re" and f.attr in REGEX_CALLS) or f.attr in LOG_CALLS:
                out.update(id(sub) for arg in node.args[:1] for sub in ast.walk(arg))
            if f.attr == "split" and not node.args:
                out.update(id(sub) for sub in ast.walk(f.value))
    return out


def dutch_in(source: str, name: str) -> list[str]:
    tree = ast.parse(source)
    skip = _not_wording(tree)
    inside_fstring = {id(child) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for child in node.values}
    found = []
    for node in ast.walk(tree):
        if id(node) in skip or id(node) in inside_fstring:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        else:
            continue
        if looks_dutch(text):
            found.append(f"{name}:{node.lineno}: {text[:80]!r}")
    return found


def test_no_dutch_sentence_in_code():
    found = [hit for path in code_files() for hit in dutch_in(path.read_text(encoding="utf-8"), str(path.relative_to(REPO)))]
    assert not found, "Dutch wording belongs in prompts/*.toml:\n" + "\n".join(found)


@pytest.mark.parametrize("source, dutch", [
    ('print("Niet letterlijk gevonden.")', True),
    ('print(f"Index is al actueel (versie {v}): {n} documenten.")', True),
    ('print("Verschillen ([-jouw zin-] {+document+}):")', True),
    ('raise UserError(f"give the sentence to check: vraagbaak check {x}")', False),
    ('t.get("lijst.geen_items_lijn")', False),
    ('WORDS = "de het een niet".split()', False),
    ('PATTERN = re.compile(r"\\b(daarvan|ervan|die lijn)\\b")', False),
    ('log.info("Rejected a question of %d characters")', False),
])
def test_the_dutch_scan_tells_wording_from_code(source, dutch):
    assert bool(dutch_in(source, "x.py")) is dutch
