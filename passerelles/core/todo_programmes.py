"""« À faire » items of the programmes (moved out of core/todo.py, which stays under its size limit)."""

from django.utils import timezone

from passerelles.core.todo_lines import LIMIT, _url


def _questionnaires_due(user) -> list[tuple[str, str]]:
    """The questionnaire of each running programme the agent takes part in and has not answered."""
    from passerelles.programmes.services import questionnaires_to_answer

    return [
        (p.name, _url("programme_questionnaire", programme_id=p.pk))
        for p in questionnaires_to_answer(user)[:LIMIT]
    ]


def _tests_to_decide(hr_orgs) -> list[tuple[str, str]]:
    """HR's tests past their expiry date with no decision: they take no new mission until one is recorded."""
    from passerelles.missions.models import Programme
    from passerelles.missions.programme_rules import UNDECIDED

    expired = Programme.objects.filter(
        organisation_id__in=hr_orgs, is_test=True, status__in=UNDECIDED, expires_on__lt=timezone.localdate()
    ).order_by("expires_on")
    return [(p.name, _url("programme_detail", programme_id=p.pk)) for p in expired[:LIMIT]]
