import pytest

from chatbot.service import Vraagbaak


@pytest.fixture(scope="session")
def bot(corpus_settings):
    """The real service over the real, ingested corpus (models loaded once)."""
    service = Vraagbaak(corpus_settings)
    service.warm()
    return service


@pytest.fixture(scope="session")
def project_bot(tmp_path_factory, corpus_index):
    """The service over the bundled corpus plus the three test project descriptions."""
    from ingest.pipeline import ingest
    from chatbot.settings import Settings
    from tests.conftest import CORPUS_DIR

    projects = CORPUS_DIR.parent / "tests" / "fixtures" / "projects"
    settings = Settings(data_dir=tmp_path_factory.mktemp("projects") / "data", corpus_dir=CORPUS_DIR)
    report = ingest(settings, [CORPUS_DIR, projects], progress=False)
    assert report.status == "written" and not report.failed, report
    service = Vraagbaak(settings)
    service.warm()
    return service
