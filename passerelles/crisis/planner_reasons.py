"""The planner's words: why a shift stays unfilled, and what breaks a hard constraint in a plan (``check``).

Why here: HR must understand a plan before publishing it. A bare « non pourvu » does not help; « aucune
personne habilitée HACCP disponible le 12/08 » tells who to call. The reason is found by narrowing the
registry step by step (habilitations, date, site, withdrawals) and, when eligible people exist, by saying what
holds each of them (another shift too close, the hours of the week, the minimum staffing of their unit).

The strings go through gettext so that they translate; without Django settings (the benchmark) they stay in
French.
"""

from collections import Counter, defaultdict

from .planner_eligibility import Index
from .planner_rules import CONFLICT, FLOOR, WEEK, Roster, conflicts, floor_caps, slot, static_refusal


def _(message: str) -> str:
    """Django's gettext when settings exist, the French source otherwise (the benchmark runs without)."""
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext

    return gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    """Django's ngettext when settings exist (the name lets makemessages find the strings)."""
    from django.conf import settings

    if not settings.configured:
        return singular if number == 1 else plural
    from django.utils import translation

    return translation.ngettext(singular, plural, number)


def habilitations_text(codes) -> str:
    """The habilitations by their names (crisis/vocabulary.py) when known, by their codes otherwise."""
    from django.conf import settings

    labels = {}
    if settings.configured:
        from .vocabulary import Habilitation

        labels = {choice.value: str(choice.label) for choice in Habilitation}
    return ", ".join(labels.get(code, code) for code in sorted(codes))


REASON_LENGTH = 300  # crisis.models.Unfilled.reason


def shorten(text: str) -> str:
    return text if len(text) <= REASON_LENGTH else text[: REASON_LENGTH - 1] + "…"


def day_text(shift) -> str:
    return shift.start.strftime("%d/%m")


def shift_text(shift) -> str:
    return _("créneau n° %(id)s du %(day)s %(start)s–%(end)s") % {
        "id": shift.id,
        "day": day_text(shift),
        "start": shift.start.strftime("%H:%M"),
        "end": shift.end.strftime("%H:%M"),
    }


def unit_text(instance, unit) -> str:
    names = getattr(instance, "unit_names", None) or {}
    return names.get(unit) or _("n° %(id)s") % {"id": unit}


def dropped_note(dropped) -> str:
    """A suffix for Result.status when pairs set by hand had to be dropped."""
    if not dropped:
        return ""
    pairs = ", ".join(f"{person}→{shift}" for person, shift, _code in dropped)
    return " ; " + _("affectations manuelles impossibles écartées : %(pairs)s") % {"pairs": pairs}


def unfilled_reasons(instance, assignments, *, index: Index | None = None) -> dict[int, tuple[int, str]]:
    """{shift id: (missing places, reason in French)} for every shift the plan leaves short."""
    filled = Counter(shift_id for _p, shift_id in assignments)
    short = [s for s in instance.shifts if filled.get(s.id, 0) < s.head_count]
    if not short:
        return {}
    index = index or Index(instance)
    roster = Roster(instance)
    for person_id, shift_id in assignments:
        if person_id in roster.people and shift_id in roster.shifts:
            roster.take(person_id, shift_id)
    qualified_cache: dict[frozenset, int] = {}
    reasons = {}
    for shift in short:
        missing = shift.head_count - filled.get(shift.id, 0)
        reasons[shift.id] = (missing, shorten(_reason(instance, index, roster, shift, qualified_cache)))
    return reasons


def _reason(instance, index, roster, shift, qualified_cache) -> str:
    needed = shift.habilitations
    words = {"habs": habilitations_text(needed), "day": day_text(shift)}
    if needed:
        if needed not in qualified_cache:
            qualified_cache[needed] = sum(1 for p in instance.people if needed <= p.habilitations)
        if not qualified_cache[needed]:
            return _("aucune personne habilitée %(habs)s dans le vivier") % words
    on_date = [p for p in index.by_date.get(shift.start.date(), []) if needed <= p.habilitations]
    if not on_date:
        if needed:
            return _("aucune personne habilitée %(habs)s disponible le %(day)s") % words
        return _("aucune personne disponible le %(day)s") % words
    reachable = [p for p in on_date if static_refusal(instance, p, shift) in (None, "excluded")]
    if not reachable:
        return _("le site n'est accessible à aucune personne disponible le %(day)s") % words
    eligible = [p for p in reachable if (p.id, shift.id) not in instance.excluded]
    if not eligible:
        return _("les personnes possibles ont toutes été retirées de ce créneau")
    held = Counter()
    units = set()
    for person in eligible:
        if (person.id, shift.id) in roster.pairs:
            continue
        code = roster.dynamic_refusal(person.id, shift.id)
        held[code] += 1
        if code == FLOOR:
            units.add(person.home_unit)
    count = sum(held.values())
    if needed:
        head = ngettext(
            "%(n)s personne habilitée disponible",
            "%(n)s personnes habilitées disponibles",
            count,
        )
    else:
        head = ngettext("%(n)s personne disponible", "%(n)s personnes disponibles", count)
    head = head % {"n": count}
    if not count:
        return _("toutes les personnes possibles sont déjà affectées à ce créneau")
    parts = []
    if held[CONFLICT]:
        parts.append(
            ngettext(
                "%(n)s déjà affectée à un créneau qui se chevauche ou trop proche (repos minimal)",
                "%(n)s déjà affectées à un créneau qui se chevauche ou trop proche (repos minimal)",
                held[CONFLICT],
            )
            % {"n": held[CONFLICT]}
        )
    if held[WEEK]:
        parts.append(
            ngettext(
                "%(n)s au maximum de ses heures de la semaine",
                "%(n)s au maximum de leurs heures de la semaine",
                held[WEEK],
            )
            % {"n": held[WEEK]}
        )
    if held[FLOOR]:
        names = ", ".join(sorted(unit_text(instance, unit) for unit in units))
        parts.append(
            ngettext(
                "%(n)s retenue par l'effectif minimum de l'unité %(units)s",
                "%(n)s retenues par l'effectif minimum de l'unité %(units)s",
                held[FLOOR],
            )
            % {"n": held[FLOOR], "units": names}
        )
    if held[None]:
        parts.append(
            ngettext(
                "%(n)s libre non retenue (liste de candidats limitée ou calcul interrompu)",
                "%(n)s libres non retenues (liste de candidats limitée ou calcul interrompu)",
                held[None],
            )
            % {"n": held[None]}
        )
    if len(parts) == 1 and held[FLOOR] == count:
        return _("effectif minimum de l'unité %(units)s atteint") % {"units": names}
    if len(parts) == 1 and held[CONFLICT] == count:
        return head + ngettext(
            ", déjà affectée à un créneau qui se chevauche ou trop proche (repos minimal)",
            ", toutes déjà affectées à un créneau qui se chevauche ou trop proche (repos minimal)",
            count,
        )
    return head + " : " + ", ".join(parts)


def check(instance, assignments) -> list[str]:
    """Every hard-constraint violation of ``assignments`` in plain words (an empty list: the plan holds)."""
    people = {p.id: p for p in instance.people}
    shifts = {s.id: s for s in instance.shifts}
    slots = {s.id: slot(s) for s in instance.shifts}
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    pairs = []
    for person_id, shift_id in assignments:
        if person_id not in people or shift_id not in shifts:
            problems.append(
                _("affectation inconnue : personne n° %(p)s, créneau n° %(s)s")
                % {"p": person_id, "s": shift_id}
            )
            continue
        if (person_id, shift_id) in seen:
            problems.append(
                _("la personne n° %(p)s figure deux fois sur le %(shift)s")
                % {"p": person_id, "shift": shift_text(shifts[shift_id])}
            )
            continue
        seen.add((person_id, shift_id))
        pairs.append((person_id, shift_id))
    for person_id, shift_id in pairs:
        person, shift = people[person_id], shifts[shift_id]
        words = {"p": person_id, "shift": shift_text(shift)}
        code = static_refusal(instance, person, shift)
        if code == "habilitation":
            words["habs"] = habilitations_text(shift.habilitations - person.habilitations)
            problems.append(
                _("la personne n° %(p)s n'a pas l'habilitation %(habs)s requise au %(shift)s") % words
            )
        elif code == "day":
            problems.append(_("la personne n° %(p)s n'est pas disponible le jour du %(shift)s") % words)
        elif code == "site":
            problems.append(_("la personne n° %(p)s ne peut pas se rendre sur le site du %(shift)s") % words)
        elif code == "excluded":
            problems.append(_("la personne n° %(p)s a été retirée du %(shift)s") % words)
    by_shift = Counter(shift_id for _p, shift_id in pairs)
    for shift_id, count in sorted(by_shift.items()):
        shift = shifts[shift_id]
        if count > shift.head_count:
            problems.append(
                _("%(n)s personnes sur le %(shift)s, pour %(places)s place(s)")
                % {"n": count, "shift": shift_text(shift), "places": shift.head_count}
            )
    by_person = defaultdict(list)
    for person_id, shift_id in pairs:
        by_person[person_id].append(shift_id)
    rest = instance.min_rest_minutes
    week_minutes: Counter = Counter()
    lent = defaultdict(set)
    caps = floor_caps(instance)
    for person_id, shift_ids in sorted(by_person.items()):
        person = people[person_id]
        ordered = sorted(shift_ids, key=lambda sid: (slots[sid].start, sid))
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                if conflicts(slots[first], slots[second], rest):
                    problems.append(
                        _(
                            "la personne n° %(p)s a deux créneaux qui se chevauchent ou sans le repos minimal : "
                            "%(a)s et %(b)s"
                        )
                        % {"p": person_id, "a": shift_text(shifts[first]), "b": shift_text(shifts[second])}
                    )
            week_minutes[(person_id, slots[first].week)] += slots[first].length
            if person.home_unit in caps:
                lent[(person.home_unit, slots[first].date)].add(person_id)
    for (person_id, week), total in sorted(week_minutes.items()):
        limit = people[person_id].max_minutes_per_week
        if total > limit:
            problems.append(
                _("la personne n° %(p)s dépasse ses heures de la semaine %(w)s : %(h)s min pour %(max)s min")
                % {"p": person_id, "w": week[1], "h": total, "max": limit}
            )
    for (unit, day), lent_people in sorted(lent.items()):
        if len(lent_people) > caps[unit]:
            problems.append(
                _(
                    "l'unité %(unit)s passe sous son effectif minimum le %(day)s : %(n)s agents prêtés pour %(cap)s"
                )
                % {
                    "unit": unit_text(instance, unit),
                    "day": day.strftime("%d/%m"),
                    "n": len(lent_people),
                    "cap": caps[unit],
                }
            )
    return problems
