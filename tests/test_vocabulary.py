"""The skills and interests vocabulary: a plain module and a JSON file, tested without the database."""

import json
from dataclasses import dataclass

import pytest

from passerelles.people import vocabulary
from passerelles.people.vocabulary import Term, normalise, resolve, suggest

# --- The shipped file ---------------------------------------------------------------------------------


def test_the_shipped_file_is_the_one_the_module_reads():
    data = json.loads(vocabulary.VOCABULARY_FILE.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["entries"] == vocabulary.entries()


def test_the_vocabulary_has_at_least_300_entries():
    assert len(vocabulary.entries()) >= 300


def test_every_entry_has_a_label_a_domain_and_synonyms():
    for entry in vocabulary.entries():
        assert isinstance(entry["label"], str) and entry["label"].strip() == entry["label"] != "", entry
        assert entry["label"][0] == entry["label"][0].upper(), entry
        assert isinstance(entry["domain"], str) and entry["domain"].strip(), entry
        assert isinstance(entry["synonyms"], list), entry
        for synonym in entry["synonyms"]:
            assert isinstance(synonym, str) and synonym.strip(), entry
            assert synonym == synonym.lower(), entry


def test_labels_are_unique_and_no_synonym_collides_with_another_entry():
    """Resolution is only unambiguous if every normalised word belongs to a single entry."""
    owners: dict[str, str] = {}
    collisions = []
    for entry in vocabulary.entries():
        keys = {normalise(entry["label"])} | {normalise(synonym) for synonym in entry["synonyms"]}
        for key in keys:
            if key in owners:
                collisions.append((key, owners[key], entry["label"]))
            owners.setdefault(key, entry["label"])
    assert collisions == []


def test_modifying_the_returned_entries_does_not_change_the_vocabulary():
    first = vocabulary.entries()
    first[0]["synonyms"].append("zzz")
    first[0]["label"] = "Autre chose"
    assert vocabulary.entries()[0]["label"] != "Autre chose"
    assert "zzz" not in vocabulary.entries()[0]["synonyms"]


# --- normalise ----------------------------------------------------------------------------------------


def test_normalise_folds_case_and_simple_plurals():
    assert normalise("ATELIERS") == normalise("atelier") == "atelier"
    assert normalise("réseaux") == "reseau"
    assert normalise("bus") == "bus"  # short words are left alone
    assert normalise("stress") == "stress"  # "ss" is not a plural


def test_normalise_removes_accents():
    assert normalise("Éducation") == normalise("education") == "education"
    assert normalise("Œuvre") == "oeuvre"


def test_normalise_treats_punctuation_between_words_as_spaces():
    assert normalise("  Aide-soignant  ") == normalise("aide_soignant") == normalise("aide   soignant")
    assert normalise("Animation d’ateliers") == normalise("animation d'ateliers") == "animation d atelier"
    assert normalise("A.T.S.E.M.") == "a t s e m"


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_normalise_of_blank_is_empty(blank):
    assert normalise(blank) == ""


# --- resolve ------------------------------------------------------------------------------------------


def test_an_abbreviation_resolves_to_its_label():
    assert resolve("com") == Term(label="Communication", domain="Communication", known=True)


def test_rh_and_ressources_humaines_are_the_same_term():
    assert resolve("RH") == resolve("ressources humaines")
    assert resolve("RH").label == "Ressources humaines"
    assert resolve("RH").known


def test_marches_publics_resolves_to_commande_publique_whatever_the_case_and_spaces():
    assert resolve("marchés publics").label == "Commande publique"
    assert resolve("Marchés Publics ").label == "Commande publique"
    assert resolve("marches  publics").domain == "Finances et achats"


def test_accents_and_case_do_not_matter():
    assert resolve("éducation physique et sportive") == resolve("EDUCATION PHYSIQUE ET SPORTIVE")
    assert resolve("education physique et sportive").known


@pytest.mark.parametrize(
    ("tag", "label"),
    [
        ("PSC1", "Prévention et secours civiques"),
        ("CACES", "Conduite d'engins"),
        ("HACCP", "Hygiène alimentaire"),
        ("SIG", "Systèmes d'information géographique"),
        ("ATSEM", "Assistance en école maternelle"),
        ("BAFA", "Brevet d'aptitude aux fonctions d'animateur"),
        ("FLE", "Français langue étrangère"),
        ("LSF", "Langue des signes française"),
        ("langue des signes", "Langue des signes française"),
        ("permis b", "Permis B"),
        ("Permis C", "Permis poids lourd"),
        ("Ateliers", "Animation d'ateliers"),
    ],
)
def test_agents_own_words_resolve(tag, label):
    assert resolve(tag).label == label


def test_an_unknown_tag_is_kept_tidied_and_marked_unknown():
    assert resolve("Apiculture urbaine  ") == Term(label="Apiculture urbaine", domain="", known=False)
    assert resolve("  apiculture   urbaine").label == "Apiculture urbaine"
    assert resolve("atelier VÉLO cargo").label == "Atelier VÉLO cargo"  # the rest is kept as typed


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_blank_resolves_to_none(blank):
    assert resolve(blank) is None


# --- suggest ------------------------------------------------------------------------------------------


def test_suggest_offers_animation_labels_and_respects_the_limit():
    labels = [term.label for term in suggest("anim")]
    assert "Animation de réunion" in labels
    assert 0 < len(labels) <= 10
    assert len(suggest("anim", limit=3)) == 3
    assert all(isinstance(term, Term) and term.known for term in suggest("anim"))


def test_suggest_puts_label_matches_first_then_synonym_matches_alphabetically():
    terms = suggest("marc", limit=50)
    labels = [term.label for term in terms]
    assert "Commande publique" in labels  # through "marchés publics"
    by_label = [
        term for term in terms if normalise(term.label).startswith("marc") or " marc" in normalise(term.label)
    ]
    assert terms[: len(by_label)] == by_label
    assert by_label == sorted(by_label, key=lambda term: normalise(term.label))
    rest = terms[len(by_label) :]
    assert rest == sorted(rest, key=lambda term: normalise(term.label))


def test_suggest_matches_the_start_of_any_word_but_not_the_middle():
    assert "Animation de réunion" in [term.label for term in suggest("réunion", limit=50)]
    assert "Réseaux sociaux" not in [term.label for term in suggest("seau", limit=50)]


def test_suggest_has_no_duplicates():
    labels = [term.label for term in suggest("co", limit=1000)]
    assert len(labels) == len(set(labels)) > 10


@pytest.mark.parametrize("prefix", ["a", " a ", "", "É", "-"])
def test_suggest_needs_two_characters(prefix):
    assert suggest(prefix) == []


# --- an organisation's own additions ------------------------------------------------------------------


@dataclass
class OrganisationEntry:
    label: str
    domain: str
    synonyms: list[str]


EXTRA = [
    {"label": "Apiculture urbaine", "domain": "Espaces verts et nature", "synonyms": ["ruchers municipaux"]},
    OrganisationEntry(
        label="Guidage fluvial", domain="Mobilités et transports", synonyms=["batellerie", "bateaux"]
    ),
    {"label": "Communication", "domain": "Autre", "synonyms": ["com"]},  # cannot redefine a shipped word
]


def test_resolve_honours_extra_entries():
    assert resolve("apiculture urbaine", extra_entries=EXTRA) == Term(
        label="Apiculture urbaine", domain="Espaces verts et nature", known=True
    )
    assert resolve("Ruchers municipaux", extra_entries=EXTRA).label == "Apiculture urbaine"
    assert resolve("BATEAU", extra_entries=EXTRA).label == "Guidage fluvial"
    assert resolve("com", extra_entries=EXTRA).domain == "Communication"
    assert resolve("ruchers municipaux").known is False  # only for the organisation that added them


def test_suggest_honours_extra_entries():
    assert "Guidage fluvial" in [term.label for term in suggest("guid", extra_entries=EXTRA)]
    assert "Guidage fluvial" in [term.label for term in suggest("batel", extra_entries=EXTRA)]
    assert "Guidage fluvial" not in [term.label for term in suggest("guid")]
    labels = [term.label for term in suggest("comm", limit=100, extra_entries=EXTRA)]
    assert labels.count("Communication") == 1


def test_extra_synonyms_may_be_a_comma_separated_string():
    extra = [{"label": "Guidage fluvial", "domain": "", "synonyms": "batellerie, pilotage de péniche"}]
    assert resolve("Pilotage de péniches", extra_entries=extra).label == "Guidage fluvial"
