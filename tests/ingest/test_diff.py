"""What changed between index versions: kept catalogs, item matching, `vraagbaak diff`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingest.diff import change_marks, compare_versions, diff_catalogs, similarity
from ingest.history import KEEP_CATALOGS, CatalogHistory, UnknownVersionError
from ingest.pipeline import ingest
from ingest.store import IndexStore
from tests.ingest.helpers import CORPUS_DIR, copy_index

REWORDED_OLD = ("Het ambitieniveau van de Limburgse KMO’s op vlak van innovatie verhogen door aantrekken van "
                "innovatie, inzetten van experten en eigen krachten")
REWORDED_NEW = ("Het ambitieniveau van de Limburgse KMO’s op vlak van digitale innovatie verhogen door aantrekken van "
                "innovatie, inzetten van experten en eigen talent")
REMOVED = ("Het versterken van onze mobiliteitsplannen, door de toevoeging van een internationale blik op de "
           "omringende regio’s en het versterken van de mobiliteit met deze centra")
FIRST_KPI = "Niveau van de toegevoegde waarde en arbeidsproductiviteit"
ADDED_KPI = "Aantal octrooiaanvragen van Limburgse bedrijven"


def edit_corpus(path: Path) -> None:
    """One action reworded (line 1), one removed (line 3), one KPI added (line 1, second place)."""
    text = path.read_text(encoding="utf-8")
    for old, new in ((REWORDED_OLD, REWORDED_NEW), (f" • {REMOVED}\n", ""), (f" • {FIRST_KPI}\n", f" • {FIRST_KPI}\n • {ADDED_KPI}\n")):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def edited_copy(corpus_index, tmp: Path):
    """A copy of the corpus index whose corpus folder holds the edited text, not yet ingested: (settings, corpus)."""
    corpus = tmp / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    settings = copy_index(corpus_index.settings, tmp / "data", corpus_dir=corpus)
    edit_corpus(corpus / "competitief-limburg.txt")
    return settings, corpus


@pytest.fixture(scope="module")
def edited(corpus_index, tmp_path_factory):
    """The corpus index, then an ingest of an edited copy of the corpus: (settings, old index, new index)."""
    settings, _ = edited_copy(corpus_index, tmp_path_factory.mktemp("diff"))
    store = IndexStore(settings)
    old = store.open()
    assert old.catalog["items"]  # read now: the version's files go once the new one is current
    report = ingest(settings, progress=False)
    assert report.status == "written" and report.embedded == 2  # the reworded action and the new KPI
    return settings, old, store.open()


def _item(catalog: dict, text: str) -> dict:
    found = [i for i in catalog["items"] if i["text"] == text]
    assert len(found) == 1, text
    return {k: found[0][k] for k in ("chunk_id", "text", "page", "section", "item_index")}


def test_the_diff_of_an_edited_corpus_is_exact(edited):
    settings, old, new = edited
    changes = compare_versions(IndexStore(settings))
    pair = changes["documents"][0]["groups"][0]["changed"][0]
    assert 0.85 < pair.pop("similarity") < 1
    assert changes == {
        "old": {"version": old.manifest.version, "created": old.manifest.created},
        "new": {"version": new.manifest.version, "created": new.manifest.created},
        "counts": {"added": 1, "removed": 1, "changed": 1},
        "documents": [{
            "source": "competitief-limburg.txt",
            "title": "Competitief Limburg",
            "status": "changed",
            "groups": [
                {"ambitielijn": 1, "kind": "actie", "added": [], "removed": [], "changed": [{
                    "old": _item(old.catalog, REWORDED_OLD),
                    "new": _item(new.catalog, REWORDED_NEW),
                    "diff": [
                        {"op": "equal", "old": "Het ambitieniveau van de Limburgse KMO’s op vlak van",
                         "new": "Het ambitieniveau van de Limburgse KMO’s op vlak van"},
                        {"op": "insert", "old": "", "new": "digitale"},
                        {"op": "equal", "old": "innovatie verhogen door aantrekken van innovatie, inzetten van experten en eigen",
                         "new": "innovatie verhogen door aantrekken van innovatie, inzetten van experten en eigen"},
                        {"op": "replace", "old": "krachten", "new": "talent"},
                    ],
                }]},
                {"ambitielijn": 1, "kind": "kpi", "added": [_item(new.catalog, ADDED_KPI)], "removed": [], "changed": []},
                {"ambitielijn": 3, "kind": "actie", "added": [], "removed": [_item(old.catalog, REMOVED)], "changed": []},
            ],
        }],
        "passages": True,  # the running text was compared too, and did not change
    }
    assert changes["documents"][0]["groups"][1]["added"][0]["item_index"] == 2
    assert changes["documents"][0]["groups"][1]["added"][0]["section"] == "Ambitielijn 1 › KPI's"


def test_the_old_catalog_is_kept_after_its_version_is_cleaned_up(edited):
    settings, old, new = edited
    root = Path(settings.data_dir) / "index"
    assert [p.name for p in (root / "versions").iterdir()] == [new.manifest.version]
    assert sorted(p.stem for p in (root / "catalogs").iterdir()) == sorted([old.manifest.version, new.manifest.version])
    kept = json.loads((root / "catalogs" / f"{old.manifest.version}.json").read_text(encoding="utf-8"))
    assert kept["catalog"] == old.catalog and kept["created"] == old.manifest.created
    assert not any(p.suffix == ".npy" for p in (root / "catalogs").rglob("*"))  # no embeddings
    history = CatalogHistory(IndexStore(settings))
    assert history.previous(new.manifest.version) == old.manifest.version
    assert history.load(new.manifest.version)["previous"] == old.manifest.version


def test_catalog_marks_new_and_reworded_items(edited):
    settings, old, new = edited
    marks = change_marks(compare_versions(IndexStore(settings)))
    assert marks == {
        _item(new.catalog, ADDED_KPI)["chunk_id"]: {"change": "nieuw"},
        _item(new.catalog, REWORDED_NEW)["chunk_id"]: {"change": "gewijzigd", "previous_text": REWORDED_OLD},
    }


def test_service_catalog_carries_the_marks(edited):
    from chatbot.service import Vraagbaak

    settings, old, new = edited
    bot = Vraagbaak(settings)
    items = bot.catalog(ambitielijn=1)
    marked = {i["text"]: (i["change"], i.get("previous_text")) for i in items if i["change"]}
    assert marked == {ADDED_KPI: ("nieuw", None), REWORDED_NEW: ("gewijzigd", REWORDED_OLD)}
    assert all("change" in i for i in bot.catalog())
    assert bot.changes()["counts"] == {"added": 1, "removed": 1, "changed": 1}
    # the other direction, named explicitly
    back = bot.changes(new.manifest.version, old.manifest.version)
    assert back["counts"] == {"added": 1, "removed": 1, "changed": 1}
    assert back["documents"][0]["groups"][-1]["added"][0]["text"] == REMOVED


def test_cli_diff_prints_the_changes_with_marked_words(edited, cli):
    settings, old, new = edited
    assert json.loads(cli(["diff", "--json"], DATA_DIR=settings.data_dir).out) == compare_versions(IndexStore(settings))
    result = cli(["diff"], DATA_DIR=settings.data_dir)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == (f"Wijzigingen van versie {old.manifest.version} ({old.manifest.created[:16].replace('T', ' ')} UTC) "
                        f"naar versie {new.manifest.version} ({new.manifest.created[:16].replace('T', ' ')} UTC): "
                        "1 nieuw, 1 verwijderd, 1 gewijzigd.")
    assert "  Ambitielijn 1 › acties" in lines and "  Ambitielijn 1 › KPI's" in lines and "  Ambitielijn 3 › acties" in lines
    assert ("    gewijzigd:  Het ambitieniveau van de Limburgse KMO’s op vlak van {+digitale+} innovatie verhogen door "
            "aantrekken van innovatie, inzetten van experten en eigen [-krachten-] {+talent+}") in lines
    assert f"    verwijderd: {REMOVED}" in lines and f"    nieuw:      {ADDED_KPI}" in lines
    listed = cli(["diff", "--list"], DATA_DIR=settings.data_dir).out
    assert old.manifest.version in listed and f"{new.manifest.version}" in listed and "(huidige versie)" in listed


def test_cli_diff_refuses_unknown_versions_in_one_line(edited, cli):
    settings, old, new = edited
    for args in (["diff", "v1", new.manifest.version], ["diff", "../../etc/passwd", new.manifest.version], ["diff", "x" * 300, "y"]):
        result = cli(args, DATA_DIR=settings.data_dir)
        assert result.code == 1 and result.err.startswith("vraagbaak: ") and "Traceback" not in result.err
        assert len(result.err.strip().splitlines()) == 1


def test_without_a_previous_version_there_is_nothing_to_compare(corpus_settings, cli):
    changes = compare_versions(IndexStore(corpus_settings))
    assert changes["old"] is None and changes["documents"] == [] and changes["counts"] == {"added": 0, "removed": 0, "changed": 0}
    result = cli(["diff"], DATA_DIR=corpus_settings.data_dir)
    assert result.code == 0 and result.out.strip() == "Er is nog geen vorige versie om mee te vergelijken."


def test_an_unchanged_ingest_keeps_the_diff(edited, tmp_path):
    settings, old, new = edited
    copy = copy_index(settings, tmp_path / "data", corpus_dir=settings.corpus_dir)
    assert ingest(copy, progress=False).status == "unchanged"
    assert compare_versions(IndexStore(copy))["old"]["version"] == old.manifest.version


def test_kept_catalogs_are_pruned_to_the_newest(tmp_path):
    from chatbot.settings import Settings

    store = IndexStore(Settings(data_dir=tmp_path / "data"))
    history = CatalogHistory(store)
    for n in range(KEEP_CATALOGS + 3):
        history.save(f"v{n:03d}", f"2026-01-01T00:{n:02d}:00+00:00", {"items": []})
    removed = history.prune()
    assert removed == ["v000", "v001", "v002"]
    assert [v["version"] for v in history.versions()] == [f"v{n:03d}" for n in range(3, KEEP_CATALOGS + 3)]
    with pytest.raises(UnknownVersionError):
        history.load("v000")
    with pytest.raises(UnknownVersionError):
        history.load("../current")


# -- matching, on hand-made catalogs ---------------------------------------------
def _cat(*items, documents=None) -> dict:
    out = []
    for n, (line, kind, text) in enumerate(items, 1):
        out.append({"source": "a.txt", "title": "A", "ambitielijn": line, "kind": kind, "text": text, "page": None,
                    "section": f"Ambitielijn {line}", "item_index": n, "chunk_id": f"{line}-{kind}-{text}"})
    return {"items": out, "documents": documents or [{"source": "a.txt", "title": "A"}]}


def test_versions_of_the_same_second_keep_the_order_they_were_made_in(tmp_path):
    """Two ingests within one second: their order comes from the recorded predecessor, not from
    the random suffix of the names; pruning removes the older one."""
    from chatbot.settings import Settings

    history = CatalogHistory(IndexStore(Settings(data_dir=tmp_path / "data")))
    second = "2026-01-01T00:00:05+00:00"
    history.save("v001-aaa", "2026-01-01T00:00:01+00:00", {"items": []})
    history.save("v002-fff", second, {"items": []}, previous="v001-aaa")
    history.save("v002-bbb", second, {"items": []}, previous="v002-fff")
    history.save("v002-0cc", second, {"items": []}, previous="v002-bbb")
    assert [v["version"] for v in history.versions()] == ["v001-aaa", "v002-fff", "v002-bbb", "v002-0cc"]
    assert history.previous("v002-0cc") == "v002-bbb"
    assert history.prune(keep=1) == ["v001-aaa", "v002-fff", "v002-bbb"]


def test_reworded_items_pair_with_their_closest_predecessor():
    old = _cat((1, "actie", "Fietspaden aanleggen langs het kanaal"), (1, "actie", "Woningen bouwen in Genk"))
    new = _cat((1, "actie", "Woningen bouwen in Hasselt"), (1, "actie", "Veilige fietspaden aanleggen langs het kanaal"))
    changes = diff_catalogs(old, new)
    assert changes["counts"] == {"added": 0, "removed": 0, "changed": 2}
    pairs = [(p["old"]["text"], p["new"]["text"]) for p in changes["documents"][0]["groups"][0]["changed"]]
    assert sorted(pairs) == [("Fietspaden aanleggen langs het kanaal", "Veilige fietspaden aanleggen langs het kanaal"),
                             ("Woningen bouwen in Genk", "Woningen bouwen in Hasselt")]


def test_a_rewrite_beyond_recognition_or_a_move_is_removed_and_added():
    old = _cat((1, "actie", "Fietspaden aanleggen langs het kanaal"), (2, "kpi", "Aantal starters"))
    new = _cat((1, "actie", "Een digitale campus voor kmo's openen"), (3, "kpi", "Aantal starters"))
    changes = diff_catalogs(old, new)
    assert changes["counts"] == {"added": 2, "removed": 2, "changed": 0}
    assert similarity("Fietspaden aanleggen langs het kanaal", "Een digitale campus voor kmo's openen") < 0.5
    groups = {(g["ambitielijn"], g["kind"]): (len(g["added"]), len(g["removed"])) for g in changes["documents"][0]["groups"]}
    assert groups == {(1, "actie"): (1, 1), (2, "kpi"): (0, 1), (3, "kpi"): (1, 0)}


def test_added_and_removed_documents_are_labelled():
    old = _cat((1, "actie", "Iets doen"))
    new = {"items": [dict(old["items"][0], source="b.txt", chunk_id="b")], "documents": [{"source": "b.txt", "title": "B"}]}
    changes = diff_catalogs(old, new)
    assert [(d["source"], d["status"]) for d in changes["documents"]] == [("a.txt", "removed"), ("b.txt", "added")]
    assert diff_catalogs(old, old) == {"counts": {"added": 0, "removed": 0, "changed": 0}, "documents": [],
                                       "passages": "passages" in old}
