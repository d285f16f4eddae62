import pytest

from chatbot.service import Vraagbaak


@pytest.fixture(scope="session")
def bot(corpus_settings):
    """The real service over the real, ingested corpus (models loaded once)."""
    service = Vraagbaak(corpus_settings)
    service.warm()
    return service
