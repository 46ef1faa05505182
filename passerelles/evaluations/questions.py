"""The three-sided evaluation's questions, as text an organisation can edit. No database.

One question per line. A line starting with « [texte] » asks for free text, « [oui/non] » for yes or no;
any other line is a Likert question (1 « pas du tout » to 5 « tout à fait »). The defaults come from the field:
sense, skills used and gained, belonging, workload, the relationship, doing it again, what to improve.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

LIKERT = [
    (1, "Pas du tout d'accord"),
    (2, "Plutôt pas d'accord"),
    (3, "Ni l'un ni l'autre"),
    (4, "Plutôt d'accord"),
    (5, "Tout à fait d'accord"),
]
RESPONDENTS = {"agent": "l'agent", "host": "l'accueil", "manager": "l'encadrant·e d'origine"}

DEFAULTS = {
    "agent": """La mission avait du sens pour moi.
J'ai utilisé des compétences que mon poste ne mobilise pas.
J'ai appris ou développé des compétences.
Je me suis senti·e accueilli·e et intégré·e dans l'équipe.
Ma charge de travail est restée soutenable pendant la mission.
La relation avec l'accueil a été de qualité.
[oui/non] Je referais une mission de ce type.
[texte] Ce que j'ai appris, ce que je retiens.
[texte] Ce qu'il faudrait améliorer.""",
    "host": """La mission a répondu au besoin de l'équipe.
La personne a apporté des compétences utiles.
L'intégration de la personne dans l'équipe s'est bien passée.
La relation de travail a été de qualité.
[oui/non] J'accueillerais de nouveau une personne en mission.
[texte] Ce que la mission a apporté.
[texte] Ce qu'il faudrait améliorer.""",
    "manager": """L'absence a pu être organisée dans l'équipe.
La charge de l'équipe d'origine est restée soutenable.
La personne revient avec des compétences ou des idées utiles au service.
[oui/non] J'encouragerais une autre personne de l'équipe à partir en mission.
[texte] Ce qui change au retour.
[texte] Ce qu'il faudrait améliorer.""",
}


@dataclass(frozen=True)
class Question:
    kind: str  # likert, yesno, text
    text: str


class QuestionError(ValueError):
    """A question set that cannot be used: the message says which line and why."""


def parse(text: str) -> list[Question]:
    questions = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        kind = "likert"
        for prefix, found in (("[texte]", "text"), ("[oui/non]", "yesno")):
            if line.lower().startswith(prefix):
                kind, line = found, line[len(prefix) :].strip()
        if len(line) < 5:
            raise QuestionError(f"Ligne {number} : la question est vide ou trop courte.")
        if len(line) > 300:
            raise QuestionError(f"Ligne {number} : la question dépasse 300 caractères.")
        questions.append(Question(kind, line))
    if not questions:
        raise QuestionError("Il faut au moins une question.")
    if len(questions) > 20:
        raise QuestionError("Vingt questions au plus : une évaluation doit rester courte.")
    return questions


def likert_average(questions: list[dict], answers: dict) -> float | None:
    """The mean of the Likert answers of one evaluation (1 to 5), for the highlights."""
    values = [
        int(answers[str(i)]) for i, q in enumerate(questions) if q["kind"] == "likert" and str(i) in answers
    ]
    return round(sum(values) / len(values), 1) if values else None


MAX_TEXT = 2000  # characters of a free answer


class AnswerError(ValueError):
    """Answers that cannot be kept: the message says in French which question and why."""


def clean_answers(questions: list[dict], data) -> dict[str, str]:
    """Every Likert and yes/no question answered, free texts optional and short (the evaluations and the
    programmes' questionnaires share the form ``q<index>`` and this check)."""
    answers = {}
    for index, question in enumerate(questions):
        value = str(data.get(f"q{index}", "")).strip()
        if question["kind"] == "likert":
            if value not in {"1", "2", "3", "4", "5"}:
                raise AnswerError(
                    _("Répondez à la question « %(question)s » (de 1 à 5).") % {"question": question["text"]}
                )
        elif question["kind"] == "yesno":
            if value not in {"oui", "non"}:
                raise AnswerError(
                    _("Répondez par oui ou non à « %(question)s ».") % {"question": question["text"]}
                )
        elif len(value) > MAX_TEXT:
            raise AnswerError(_("Une réponse libre dépasse 2 000 caractères."))
        answers[str(index)] = value
    return answers
