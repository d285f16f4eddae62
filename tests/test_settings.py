"""One settings tree: read from the environment at the entry point, with the tuned values and limits nested in it."""

from __future__ import annotations

from pathlib import Path

from chatbot.settings import NESTED, Limits, Settings
from chatbot.tuning import FusionWeights, Tuning, VerifyTuning

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_documents_every_setting():
    text = README.read_text(encoding="utf-8")
    variables = Settings.environment_variables()
    assert "VRAAGBAAK_MAX_QUESTION_CHARS" in variables and len(variables) > 25
    assert [v for v in variables if f"`{v}`" not in text] == []
    assert [name for name in NESTED if f"`settings.{name}`" not in text] == []


def test_the_tree_defaults_to_the_shipped_values():
    settings = Settings()
    assert settings.tuning == Tuning.shipped() and settings.fusion == FusionWeights.shipped()
    assert settings.verify == VerifyTuning() and settings.limits == Limits()


def test_the_nested_parts_are_not_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("VRAAGBAAK_LIMITS", "not json")
    monkeypatch.setenv("VRAAGBAAK_TUNING", '{"candidates": 99}')
    monkeypatch.setenv("VRAAGBAAK_MAX_QUESTION_CHARS", "500")
    settings = Settings()
    assert settings.limits == Limits() and settings.tuning == Tuning.shipped() and settings.max_question_chars == 500
    assert all(f"VRAAGBAAK_{name.upper()}" not in Settings.environment_variables() for name in NESTED)


def test_code_sets_the_nested_parts():
    settings = Settings(limits=Limits(api_concurrency=3))
    assert settings.limits.api_concurrency == 3 and settings.model_copy(update={"data_dir": Path("x")}).limits.api_concurrency == 3
