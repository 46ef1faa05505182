"""Plan an SIRH import: what to create, update, deactivate, and every error (no database needed).

Keyed by organisation + matricule, so that importing the same file twice plans nothing the second time.
Nothing is written here: the plan is shown to HR first (the preview), then applied atomically.

Errors in the file (a missing name, a duplicate matricule, a loop of managers…) stop the whole import: HR
corrects the file. A status the platform does not know is different: it says nothing wrong about the other
people, so that line alone is left aside (``Plan.skipped``, with its line number and value) and the others
are imported — with the lines that depend on it (its reports, when the person is not already known).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from passerelles.people.sirh.reader import LABELS, Table, header_key

FIELDS = [
    "first_name",
    "last_name",
    "email",
    "direction",
    "service",
    "manager",
    "category",
    "grade",
    "status",
    "site",
    "gender",
    "birth_year",
]
# Columns a SIRH may not export: when the file has no such column, what Passerelles knows is kept.
OPTIONAL = ("gender", "birth_year")
CATEGORIES = {"a+": "A+", "a +": "A+", "a": "A", "b": "B", "c": "C"}
# The statuses of the big SIRH exports (after header_key: lower case, no accents, « - ' . _ » as spaces), as
# people.EmploymentStatus. A stagiaire is never a titulaire (no mise à disposition before titularisation), a
# contract is never guessed: « contractuel » alone stays a contract to be specified.
_SPELLINGS = {
    "titulaire": [
        "titulaire",
        "tit",
        "fonctionnaire",
        "fonctionnaire titulaire",
        "agent titulaire",
        "titulaire fpt",
        "fonctionnaire fpt",
    ],
    "stagiaire": [
        "stagiaire",
        "stag",
        "stg",
        "fonctionnaire stagiaire",
        "agent stagiaire",
        "stagiaire fpt",
        "fonct stagiaire",
        "fonctionnaire stag",
    ],
    "contractuel": [
        "contractuel",
        "contractuelle",
        "contractuel le",
        "contractuel·le",
        "agent contractuel",
        "agente contractuelle",
        "non titulaire",
        "agent non titulaire",
        "contractuel de droit public",
        "contractuelle de droit public",
        "agent contractuel de droit public",
    ],
    "contractuel_cdi": [
        "cdi",
        "contractuel cdi",
        "contractuelle cdi",
        "contractuel en cdi",
        "contractuelle en cdi",
        "cdi de droit public",
        "contractuel de droit public cdi",
        "non titulaire cdi",
        "contrat a duree indeterminee",
        "contractuel a duree indeterminee",
    ],
    "contractuel_cdd": [
        "cdd",
        "contractuel cdd",
        "contractuelle cdd",
        "contractuel en cdd",
        "contractuelle en cdd",
        "cdd de droit public",
        "contractuel de droit public cdd",
        "non titulaire cdd",
        "contrat a duree determinee",
        "contractuel a duree determinee",
    ],
    "apprenti": [
        "apprenti",
        "apprentie",
        "apprenti e",
        "apprenti·e",
        "app",
        "apprentissage",
        "contrat d apprentissage",
    ],
    "vacataire": ["vacataire", "vac", "agent vacataire", "vacation", "vacations"],
}
STATUSES = {spelling: status for status, spellings in _SPELLINGS.items() for spelling in spellings}
STATUS_EXPECTED = "titulaire, stagiaire, contractuel (CDI ou CDD), apprenti ou vacataire"


@dataclass(frozen=True)
class Existing:
    """An agent already known in the organisation, as the import sees them."""

    id: int
    matricule: str
    is_active: bool
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    direction: str = ""
    service: str = ""
    manager: str = ""
    category: str = ""
    grade: str = ""
    status: str = ""
    site: str = ""
    gender: str = ""
    birth_year: str = ""


@dataclass(frozen=True)
class LineError:
    line: int
    column: str
    message: str


@dataclass
class Plan:
    create: list[dict] = field(default_factory=list)
    update: list[tuple[Existing, dict]] = field(default_factory=list)  # (agent, changed fields → new values)
    deactivate: list[Existing] = field(default_factory=list)
    unchanged: int = 0
    errors: list[LineError] = field(default_factory=list)
    skipped: list[LineError] = field(default_factory=list)  # lines left aside, the others still importable
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        return len(self.create) + len(self.update) + len(self.deactivate)


def _category(raw: str) -> str | None:
    key = header_key(raw).removeprefix("categorie ").removeprefix("cat ").strip()
    return CATEGORIES.get(key)


GENDERS = {
    "f": "F",
    "femme": "F",
    "feminin": "F",
    "mme": "F",
    "madame": "F",
    "2": "F",
    "h": "H",
    "m": "H",
    "homme": "H",
    "masculin": "H",
    "m.": "H",
    "monsieur": "H",
    "1": "H",
    "x": "X",
    "autre": "X",
    "non binaire": "X",
    "neutre": "X",
}
GENDER_EXPECTED = "F, H ou X (ou Femme, Homme, Autre)"
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _gender(raw: str) -> str | None:
    """F, H or X; "" when empty; None when not understood."""
    if not raw.strip():
        return ""
    return GENDERS.get(header_key(raw))


def _birth_year(raw: str, today: datetime.date | None = None) -> str | None:
    """The year of birth (a 4-digit year, or a birth date of which only the year is kept; a spreadsheet's
    date serial too), as text; "" when empty; None when not understood or out of 1930..this year."""
    text = raw.strip()
    if not text:
        return ""
    year = None
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
    elif re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", text):
        year = int(re.split(r"[/.-]", text)[2])
    elif re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}([ T].*)?", text):
        year = int(text[:4])
    elif re.fullmatch(r"\d{4,5}(\.0+)?", text):  # a date cell read as its serial number
        year = (EXCEL_EPOCH + datetime.timedelta(days=int(float(text)))).year
    this_year = (today or datetime.date.today()).year
    if year is None or not (1930 <= year <= this_year):
        return None
    return str(year)


def _row_values(row, errors: list[LineError], skipped: list[LineError]) -> dict | None:
    """The line's values, or None when it has an error (the file must be corrected) or is left aside."""
    values = {name: row.values.get(name, "") for name in ["matricule", *FIELDS]}
    problems = []
    for name in ("matricule", "last_name", "first_name"):
        if not values[name]:
            problems.append(LineError(row.line, LABELS[name], f"{LABELS[name].capitalize()} manquant."))
    category = _category(values["category"])
    if category is None:
        problems.append(
            LineError(
                row.line,
                LABELS["category"],
                f"Catégorie inconnue « {values['category']} » : attendu A+, A, B ou C.",
            )
        )
    values["category"] = category or ""
    status = STATUSES.get(header_key(values["status"]))
    unknown_status = None
    if status is None:
        unknown_status = LineError(
            row.line,
            LABELS["status"],
            f"Statut inconnu « {values['status']} » : attendu {STATUS_EXPECTED}. Ligne laissée de côté, "
            "les autres sont importées.",
        )
    values["status"] = status or ""
    gender = _gender(values["gender"])
    if gender is None:
        problems.append(
            LineError(
                row.line,
                LABELS["gender"],
                f"Genre inconnu « {values['gender']} » : attendu {GENDER_EXPECTED}.",
            )
        )
    values["gender"] = gender or ""
    birth_year = _birth_year(values["birth_year"])
    if birth_year is None:
        problems.append(
            LineError(
                row.line,
                LABELS["birth_year"],
                f"Année de naissance incomprise « {values['birth_year']} » : attendu une année sur 4 chiffres "
                "(de 1930 à cette année) ou une date de naissance.",
            )
        )
    values["birth_year"] = birth_year or ""
    if values["email"]:
        values["email"] = values["email"].lower()
        try:
            validate_email(values["email"])
        except ValidationError:
            problems.append(
                LineError(row.line, LABELS["email"], f"Adresse e-mail invalide « {values['email']} ».")
            )
    if values["manager"] and values["manager"] == values["matricule"]:
        problems.append(
            LineError(row.line, LABELS["manager"], "Une personne ne peut pas être sa propre responsable.")
        )
    errors.extend(problems)
    if unknown_status is not None and not problems:
        skipped.append(unknown_status)
        return None
    return None if problems or unknown_status else values


def _cycles(managers: dict[str, str], lines: dict[str, int]) -> list[LineError]:
    """Loops in the manager chain (A → B → C → A), each reported once."""
    errors, state = [], {}  # matricule → 1 visiting, 2 done
    for start in managers:
        path, node = [], start
        while node in managers and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = managers[node]
        if state.get(node) == 1 and node in path:
            loop = path[path.index(node) :]
            first = min(loop, key=lambda m: lines[m])
            chain = " → ".join([*loop, node])
            errors.append(
                LineError(
                    lines[first], LABELS["manager"], f"Boucle dans la chaîne des responsables : {chain}."
                )
            )
        for visited in path:
            state[visited] = 2
    return errors


def _skip_reports_of_skipped(
    rows: dict[str, dict], skipped: list[LineError], seen: dict[str, int], existing: dict[str, Existing]
) -> None:
    """A line whose manager was left aside and is not already known would lose its manager: leave it aside
    too (and its own reports, and so on), saying which line it waits for."""
    by_line = {line: matricule for matricule, line in seen.items()}
    aside = {by_line[error.line] for error in skipped if error.line in by_line}
    changed = True
    while changed:
        changed = False
        for matricule, values in list(rows.items()):
            manager = values["manager"]
            if manager in aside and manager not in existing:
                skipped.append(
                    LineError(
                        seen[matricule],
                        LABELS["manager"],
                        f"Le responsable {manager} (ligne {seen[manager]}) est laissé de côté : cette ligne "
                        "aussi, jusqu'à ce que la sienne soit corrigée.",
                    )
                )
                del rows[matricule]
                aside.add(matricule)
                changed = True
    skipped.sort(key=lambda e: (e.line, e.column))


def plan_import(table: Table, existing: dict[str, Existing], *, full: bool = True, budget=None) -> Plan:
    """``budget``: a TimeBudget (limits.py) looked at every few thousand rows; None for no deadline."""
    plan = Plan(rows=len(table.rows))
    seen: dict[str, int] = {}
    rows: dict[str, dict] = {}
    for count, row in enumerate(table.rows, start=1):
        if budget is not None and count % 5000 == 0:
            budget.check()
        values = _row_values(row, plan.errors, plan.skipped)
        matricule = row.values.get("matricule", "")
        if matricule in seen:
            plan.errors.append(
                LineError(
                    row.line,
                    LABELS["matricule"],
                    f"Matricule {matricule} en double (déjà ligne {seen[matricule]}).",
                )
            )
            continue
        if matricule:
            seen[matricule] = row.line
        if values is not None:
            rows[matricule] = values
    _skip_reports_of_skipped(rows, plan.skipped, seen, existing)
    for matricule, values in rows.items():
        manager = values["manager"]
        if manager and manager not in seen and (full or manager not in existing):
            where = "dans le fichier" if full else "dans le fichier ni parmi les agents"
            plan.errors.append(
                LineError(
                    seen[matricule],
                    LABELS["manager"],
                    f"Responsable inconnu : le matricule {manager} n'est pas {where}.",
                )
            )
    managers = {m: v["manager"] for m, v in rows.items() if v["manager"]}
    plan.errors.extend(_cycles(managers, seen))
    plan.errors.sort(key=lambda e: (e.line, e.column))
    if plan.errors:
        return plan
    for matricule, values in rows.items():
        current = existing.get(matricule)
        if current is None:
            plan.create.append(values)
            continue
        compared = [name for name in FIELDS if name not in OPTIONAL or name in table.columns]
        changes = {name: values[name] for name in compared if getattr(current, name) != values[name]}
        if not current.is_active:
            changes["is_active"] = True
        if changes:
            plan.update.append((current, changes))
        else:
            plan.unchanged += 1
    if full:
        plan.deactivate = [agent for m, agent in existing.items() if agent.is_active and m not in seen]
    return plan
