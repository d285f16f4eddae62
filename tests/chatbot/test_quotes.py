"""The quote-pair parser: the text to check with nested and mixed quotation marks."""

import pytest

from chatbot.quotes import clean_wording, main_quotation, outer_quotations, quotations, rest_after


@pytest.mark.parametrize(
    "question, wording",
    [
        # every outer style
        ("Staat „het bos groeit elk jaar” in de tekst?", "het bos groeit elk jaar"),
        ("Staat “het bos groeit elk jaar” in de tekst?", "het bos groeit elk jaar"),
        ('Staat "het bos groeit elk jaar" in de tekst?', "het bos groeit elk jaar"),
        ("Staat 'het bos groeit elk jaar' in de tekst?", "het bos groeit elk jaar"),
        ("Staat «het bos groeit elk jaar» in de tekst?", "het bos groeit elk jaar"),
        ("Staat ‘het bos groeit elk jaar’ in de tekst?", "het bos groeit elk jaar"),
        ("Staat ‚het bos groeit elk jaar‘ in de tekst?", "het bos groeit elk jaar"),
        ("Staat ”het bos groeit elk jaar” in de tekst?", "het bos groeit elk jaar"),
        ("Staat »het bos groeit elk jaar« in de tekst?", "het bos groeit elk jaar"),
        # an inner quotation stays inside, in any combination of styles
        ("Staat er letterlijk: “Een fonds ‘groen wonen’ oprichten, waarbij de stad meebetaalt”?",
         "Een fonds ‘groen wonen’ oprichten, waarbij de stad meebetaalt"),
        ("Klopt „Het plan ‘Samen sterk’ loopt tot 2030”?", "Het plan ‘Samen sterk’ loopt tot 2030"),
        ("Klopt \"Het plan 'Samen sterk' loopt tot 2030\"?", "Het plan 'Samen sterk' loopt tot 2030"),
        ('Klopt "Het plan "Samen sterk" loopt tot 2030"?', 'Het plan "Samen sterk" loopt tot 2030'),
        ("Klopt „Het plan „Samen sterk” loopt tot 2030”?", "Het plan „Samen sterk” loopt tot 2030"),
        ("Klopt 'Het plan 'Samen sterk' loopt tot 2030'?", "Het plan 'Samen sterk' loopt tot 2030"),
        ("Klopt «Het plan ‹Samen sterk› loopt tot 2030»?", "Het plan ‹Samen sterk› loopt tot 2030"),
        ("Klopt “Het plan ‘Samen sterk’”?", "Het plan ‘Samen sterk’"),
        # the inner quotation at the very start
        ("Is „‘Samen sterk’ loopt tot 2030” juist?", "‘Samen sterk’ loopt tot 2030"),
        # apostrophes are no quotation marks
        ("Staat 'de KPI's van het plan' erin?", "de KPI's van het plan"),
        ("Staat „de provincie’s ambitie voor ’s avonds” erin?", "de provincie’s ambitie voor ’s avonds"),
        ("Staan de KPI’s „aantal starters per jaar” in de tekst?", "aantal starters per jaar"),
        ("Klopt 'zo'n twintig bedrijven doen mee'?", "zo'n twintig bedrijven doen mee"),
        # the quotation before the question, and after it
        ("„Limburg groeit sneller dan Vlaanderen.” Klopt dit citaat?", "Limburg groeit sneller dan Vlaanderen"),
        ("Is deze zin correct overgenomen? “Limburg groeit sneller dan Vlaanderen.”", "Limburg groeit sneller dan Vlaanderen"),
        # a closing mark forgotten: to the end of the question
        ("Klopt dit citaat: „Limburg groeit sneller dan Vlaanderen?", "Limburg groeit sneller dan Vlaanderen"),
        # of two quotations, the one with the most words
        ("Staat bij 'Ambitielijn 2' letterlijk 'het bos groeit elk jaar'?", "het bos groeit elk jaar"),
        # punctuation against the marks
        ("Citaat:„het bos groeit” (p. 3)?", "het bos groeit"),
    ],
)
def test_the_quoted_wording(question, wording):
    q = main_quotation(question)
    assert q is not None and clean_wording(q.text) == wording
    assert question[q.start : q.end].startswith(q.text)


@pytest.mark.parametrize(
    "question",
    [
        "Welke KPI's horen bij ambitielijn 2?",
        "Wat doet de provincie ’s avonds?",
        "Hoeveel auto's rijden er in 't centrum?",
        "Zijn er cijfers van de jaren '80?",
        "Wat is 5 ' 3 \" groot?",
    ],
)
def test_no_quotation_without_a_pair(question):
    assert main_quotation(question) is None


def test_nested_quotations_are_all_found_outer_first():
    found = quotations("Klopt „Het plan ‘Samen sterk’ loopt tot 2030” en ‘x y’?")
    assert [(q.text, q.depth) for q in found] == [
        ("Het plan ‘Samen sterk’ loopt tot 2030", 0), ("Samen sterk", 1), ("x y", 0)]
    assert [q.text for q in outer_quotations("Klopt „Het plan ‘Samen sterk’ loopt tot 2030” en ‘x y’?")] == [
        "Het plan ‘Samen sterk’ loopt tot 2030", "x y"]


@pytest.mark.parametrize(
    "text, phrase, wording",
    [
        ("Staat er letterlijk dat het bos elk jaar groeit?", "letterlijk dat", "het bos elk jaar groeit"),
        ("Klopt dit citaat: het bos groeit elk jaar.", "citaat", "het bos groeit elk jaar"),
        ("Staat dit zo in de tekst:   het bos groeit !", "tekst", "het bos groeit"),
    ],
)
def test_the_rest_of_the_sentence_after_a_check_phrase(text, phrase, wording):
    assert rest_after(text, text.index(phrase) + len(phrase)) == wording


# -- generated: any wording, any pair of outer and inner marks -------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PAIRS = [("„", "”"), ("“", "”"), ('"', '"'), ("'", "'"), ("«", "»"), ("‘", "’"), ("‚", "‘"), ("»", "«")]
# Words start with a letter and have two characters or more: a single quotation mark before a lone
# "s" or "t", or before two digits, is read as an elision ("’s avonds", "'t", "de jaren '80").
WORDS = st.lists(st.from_regex(r"[A-Za-zéëï][A-Za-zéëï0-9%€]{1,8}", fullmatch=True), min_size=1, max_size=6).map(" ".join)


NESTING = dict(before=WORDS, inner=WORDS, after=WORDS, outer=st.sampled_from(PAIRS), nested=st.sampled_from(PAIRS),
               lead=st.sampled_from(["Staat er letterlijk: ", "Klopt ", "Is dit juist? ", ""]),
               tail=st.sampled_from(["?", " in de tekst?", "", "."]))


@settings(max_examples=60, deadline=None)
@given(**NESTING)
def test_any_nesting_of_quotation_marks(before, inner, after, outer, nested, lead, tail):
    _assert_nesting(before, inner, after, outer, nested, lead, tail)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(**NESTING)
def test_any_nesting_of_quotation_marks_many(before, inner, after, outer, nested, lead, tail):
    _assert_nesting(before, inner, after, outer, nested, lead, tail)


def _assert_nesting(before, inner, after, outer, nested, lead, tail):
    wording = f"{before} {nested[0]}{inner}{nested[1]} {after}"
    question = f"{lead}{outer[0]}{wording}{outer[1]}{tail}"
    q = main_quotation(question)
    assert q is not None and q.text == wording, question
