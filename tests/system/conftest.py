import pytest

from chatbot.service import Vraagbaak


@pytest.fixture(scope="session")
def bot(corpus_settings):
    service = Vraagbaak(corpus_settings)
    service.warm()
    return service
