import shutil

import pytest

from chatbot.service import Vraagbaak


@pytest.fixture(scope="session")
def project_bot(tmp_path_factory, corpus_index):
    """The service over the bundled corpus plus the three test project descriptions."""
    from ingest.pipeline import ingest
    from chatbot.settings import Settings
    from tests.conftest import CORPUS_DIR

    projects = CORPUS_DIR.parent / "tests" / "fixtures" / "projects"
    data_dir = tmp_path_factory.mktemp("projects") / "data"
    # On a copy of the corpus index, the ingest embeds only the project descriptions.
    shutil.copytree(corpus_index.settings.data_dir, data_dir)
    settings = Settings(data_dir=data_dir, corpus_dir=CORPUS_DIR)
    report = ingest(settings, [CORPUS_DIR, projects], progress=False)
    assert report.status == "written" and not report.failed, report
    service = Vraagbaak(settings)
    service.warm()
    return service


def corpus_bot(tmp_path_factory, name: str) -> Vraagbaak:
    """The service over one test corpus (``tests/corpora/<name>``), indexed on its own."""
    from pathlib import Path

    from chatbot.evaluate import prepare_corpus
    from chatbot.settings import Settings

    folder = Path(__file__).resolve().parents[1] / "corpora" / name
    settings, _ = prepare_corpus(Settings(data_dir=tmp_path_factory.mktemp(name) / "data"), folder)
    service = Vraagbaak(settings)
    service.warm()
    return service


def first_line(answer: dict) -> str:
    """The answer's first line: its direct answer."""
    return answer["answer"].split("\n")[0]
