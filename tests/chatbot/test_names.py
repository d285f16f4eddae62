"""What the documents mention by name: the names found in a text, and the names path on the real index."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatbot.answer import is_heading
from chatbot.cite import loose
from chatbot.paths.names import names_in
from chatbot.understand import INTENT_LINE_TITLE, INTENT_LINES, INTENT_NAMES, understand
from tests.invariants import assert_answer

OWN = frozenset({"limburg", "competitief"})


@pytest.mark.parametrize("text, attested, names", [
    # runs of capitalised words inside a sentence are names, several words as one
    ("met zowel aangrenzende regio’s (bv. regio Eindhoven, Noordrijn Westfalen, …)", set(), ["Eindhoven", "Noordrijn Westfalen"]),
    ("tussen enerzijds de Antwerpse Haven en anderzijds Duitsland en Luik", set(), ["Antwerpse Haven", "Duitsland", "Luik"]),
    # the first word of a sentence is a name only when the documents write it so inside a sentence
    ("Overheden performanter laten werken.", set(), []),
    ("Droneport verder uitbouwen.", {"droneport"}, ["Droneport"]),
    ("Het groeit. Ook de export groeit… Bijkomende inspanningen volgen.", set(), []),
    ("Het groeit. Eindhoven ook.", {"eindhoven"}, ["Eindhoven"]),
    # ... and the rest of a run that opens a sentence still is one
    ("Vlaams Brabant en wij.", set(), ["Brabant"]),
    # the domain's own name and its derivations name the subject; with another word, a place
    ("De Limburgse bedrijven en Limburg zelf, samen met Nederlands Limburg.", set(), ["Nederlands Limburg"]),
    ("„Samen met VOKA en de UHasselt”", set(), ["VOKA", "UHasselt"]),
    ("Eén keer Genk, twee keer Genk.", set(), ["Genk"]),
    ("geen enkele naam hier", set(), []),
])
def test_names_in_a_text(text, attested, names):
    assert names_in(text, OWN, frozenset(attested)) == names


def test_names_in_survives_any_text():
    for text in ["", " ", "…", "A", "(“", "Ü", "ﬁ Ŀ", "\u00a0Éé\u00a0Ñ", "-’' -", "x" * 5000, "Ab " * 2000]:
        assert isinstance(names_in(text, OWN), list)


@pytest.mark.parametrize("question", [
    "Welke regio's in het buitenland worden bij naam genoemd in de acties?",
    "welke buitenlandse regios noemen ze bij naam in de acties",
    "Which foreign regions are named in the actions?",
    "hoeveel landen worden bij naam genoemd in de acties?",
    "welke bedrijven staan er met naam in de acties?",
])
def test_names_question_intent(question):
    u = understand(question)
    assert u.intent == INTENT_NAMES and u.kind == "actie" and u.asks_for is None
    assert not {"naam", "namen", "named", "name"} & set(u.terms)


@pytest.mark.parametrize("question, intent", [
    ("Wat is de naam van ambitielijn 2?", INTENT_LINE_TITLE),
    ("Welke namen hebben de ambitielijnen?", INTENT_LINES),
])
def test_names_of_the_lines_are_their_titles(question, intent):
    assert understand(question).intent == intent


@pytest.mark.parametrize("question", ["Wat doet de provincie met name voor toerisme?", "Welke acties worden genoemd voor toerisme?",
                                      "Which actions are planned for tourism?"])
def test_no_question_for_names(question):
    assert understand(question).intent != INTENT_NAMES


@pytest.fixture(scope="module")
def documents(bot):
    return bot.state().index.documents


@pytest.mark.parametrize("question", [
    "Welke regio's in het buitenland worden bij naam genoemd in de acties?",
    "welke buitenlandse regios noemen ze bij naam in de akties",
    "Which foreign regions are mentioned by name in the actions?",
])
def test_every_action_that_names_a_place_is_listed(bot, documents, question):
    answer = bot.ask(question)
    assert_answer(answer, documents, mode="extractief")
    assert (answer["answerable"], answer["reason"]) == ("ja", "names")
    cited = [loose(c["quote"]) for c in answer["citations"]]
    actions = [loose(i["text"]) for i in bot.catalog(kind="actie")]
    assert set(cited) <= set(actions)
    # Every action holding one of these places is cited; one naming only "Limburg" is not.
    for place in ("duitsland", "nederlands limburg", "eindhoven", "noordrijn westfalen", "albertkanaal"):
        assert any(place in a for a in cited), place
    assert not any("limburgse bouweconomie" in a and "kmo" not in a for a in cited)
    # The names stand before each quote, and every one is in its quote.
    rows = re.findall(r"^\d+\. (.+?): „(.+?)” \[\d+\]", answer["answer"], re.MULTILINE)
    assert len(rows) == len(answer["citations"])
    for names, quote in rows:
        assert all(n in quote for n in names.split(", ")), (names, quote)


def test_names_within_one_line(bot, documents):
    answer = bot.ask("welke steden of landen worden er genoemd bij naam in ambitielijn 3")
    assert_answer(answer, documents, mode="extractief")
    assert answer["reason"] == "names" and answer["citations"]
    assert all("Ambitielijn 3" in c["section"] for c in answer["citations"])
    assert any("Duitsland" in c["quote"] for c in answer["citations"])


def test_names_with_a_name_no_document_has_are_partial(bot, documents):
    answer = bot.ask("Welke bedrijven uit Japan worden bij naam genoemd?")
    assert_answer(answer, documents, mode="extractief")
    assert answer["answerable"] == "deels"


def test_names_in_project_descriptions(project_bot):
    answer = project_bot.ask("Welke gemeenten worden bij naam genoemd in de projecten?")
    assert answer["reason"] == "names"
    assert "Zonnedal" in answer["answer"] and "Heikant" in answer["answer"]
    assert {c["source"] for c in answer["citations"]} <= {
        "fietsbrug-zonnedal.md", "innovatielab-maasvallei.html", "leerwerkplaats-kolenberg.txt"}


# -- generated questions: however a question for names is put, every passage in scope that names something --
NAME_WORDS_NL = ["regio's", "plaatsen", "steden", "landen", "organisaties", "bedrijven", "namen"]
NAME_WORDS_EN = ["regions", "places", "cities", "countries", "organisations", "companies", "names"]
SCOPES_NL = {("actie", None): "de acties", ("kpi", None): "de KPI's", ("actie", 3): "de acties van ambitielijn 3",
             (None, 3): "ambitielijn 3", (None, None): "de strategie", ("actie", 1): "de acties van lijn 1"}
SCOPES_EN = {("actie", None): "the actions", ("kpi", None): "the KPIs", ("actie", 3): "the actions of ambition line 3",
             (None, 3): "ambition line 3", (None, None): "the strategy", ("actie", 1): "the actions of line 1"}
NAMES_NL = ["Welke {what} worden bij naam genoemd in {scope}?", "welke {what} noemen ze bij naam in {scope}",
            "Noemt {scope} {what} bij naam?", "Geef de namen van {what} in {scope}"]
NAMES_EN = ["Which {what} are named in {scope}?", "What {what} are mentioned by name in {scope}?",
            "Which names of {what} appear in {scope}?"]
# Independent of the path's own rule: a capital right after a lower-case word or comma, other than the domain's name.
MID_SENTENCE_NAME = re.compile(r"(?<=[a-z,;)] )(?!Limburg)[A-Z]")


@st.composite
def names_questions(draw):
    english = draw(st.booleans())
    scope = draw(st.sampled_from(sorted(SCOPES_NL, key=str)))
    what = draw(st.sampled_from(NAME_WORDS_EN if english else NAME_WORDS_NL))
    template = draw(st.sampled_from(NAMES_EN if english else NAMES_NL))
    question = template.format(what=what, scope=(SCOPES_EN if english else SCOPES_NL)[scope])
    return scope, question.lower() if draw(st.booleans()) else question


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=names_questions())
def test_names_questions_in_any_words_list_every_passage_that_names_something(bot, case):
    (kind, line), question = case
    answer = bot.ask(question)
    in_scope = [c for c in bot.state().context.chunks if not is_heading(c)
                and (kind is None or c.kind == kind and c.item_index is not None) and (line is None or c.ambitielijn == line)]
    cited = {loose(c["quote"]) for c in answer["citations"]}
    naming = {loose(c.text) for c in in_scope if MID_SENTENCE_NAME.search(c.text)}
    if not naming:
        assert answer["answerable"] == "nee", question
        return
    assert answer["reason"] == "names", (question, answer["answer"][:200])
    assert naming <= cited, (question, naming - cited)
    assert cited <= {loose(c.text) for c in in_scope}, question


def test_names_stay_extractive_with_a_language_model(bot):
    """Like lists, a names answer keeps every passage: a model may only write its lead-in."""
    from chatbot.paths import compose
    from chatbot.phrase import Phraser

    ctx = bot.state().context
    u = understand("Welke regio's worden bij naam genoemd in de acties?", None, ctx.grounding)
    draft = compose(u, ctx)
    assert draft.reason == "names" and Phraser.applies(u, draft) == "lead_in"
