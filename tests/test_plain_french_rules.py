"""The measure of plain French used by the browser test (tests/browser/plain_french.py), checked on its own."""

from passerelles.missions.plain_words import GLOSSARY
from tests.browser.plain_french import JARGON, readability_problems, sentences, unexplained_jargon


def test_sentences_are_cut_at_line_ends_and_final_punctuation():
    text = "Bonjour Renée. Voici vos missions !\nÀ faire\n— · —\n2 jours par mois"
    assert [len(words) for words in sentences(text)] == [2, 3, 2, 4]


def test_a_long_sentence_and_a_long_average_are_problems():
    long = " ".join(["mot"] * 26) + "."
    assert readability_problems(long)[0].startswith("phrase de 26 mots")
    sixteen = " ".join(["mot"] * 16) + "."
    assert readability_problems(sixteen) == ["phrases de 16.0 mots en moyenne (plus de 15)"]
    assert readability_problems("Une phrase courte. Une autre.") == []
    assert readability_problems("   ") == ["la page n'a pas de texte"]


def test_jargon_needs_its_explanation_on_the_page():
    visible = "Quotité : 20 %. C'est quoi, « quotité » ?"
    assert unexplained_jargon(visible, visible, GLOSSARY) == ["quotite"]
    whole = visible + " " + str(GLOSSARY["quotite"][1])
    assert unexplained_jargon(visible, whole, GLOSSARY) == []
    assert unexplained_jargon("Je suis d'accord.", "", GLOSSARY) == []  # « accord » alone is everyday French


def test_every_word_of_the_trade_has_an_explanation_in_short_sentences():
    assert set(JARGON) == set(GLOSSARY)
    for key, (word, text) in GLOSSARY.items():
        assert JARGON[key].search(str(word)), key
        assert readability_problems(str(text)) == [], key
