"""One dashboard's question — what it counts, its filters, its headline figures — for the pages and the API."""

from django.utils.translation import gettext as _

from passerelles.insights import indicators
from passerelles.insights.catalogue import Metric
from passerelles.insights.forms import DashboardFilterForm
from passerelles.insights.scope import Scope
from passerelles.insights.suppression import THRESHOLD, is_small


class Board:
    """One dashboard's question: what it counts (a scope), its filters and how to name it."""

    def __init__(self, query, *, organisation_ids, network: bool, label: str):
        """``query``: the filters as a query string gives them (the page's ``request.GET``, the API's)."""
        self.form = DashboardFilterForm(query or None, organisation_ids=organisation_ids)
        self.today = self.form.today
        start, end, programme = self.form.bounds()
        self.programme = programme
        self.scope = Scope(
            organisation_ids=tuple(sorted(organisation_ids)),
            start=start,
            end=end,
            programme_id=programme.pk if programme else None,
            both_sides=network,
        )
        self.network = network
        self.label = label
        self.context = indicators.Context.build(self.scope, network=network, today=self.today)

    @property
    def period_label(self) -> str:
        start, end = self.scope.start, self.scope.end
        if start is None and end is None:
            return _("depuis le début")
        if start is None:
            return _("jusqu'au %(end)s") % {"end": end.strftime("%d/%m/%Y")}
        if end is None:
            return _("depuis le %(start)s") % {"start": start.strftime("%d/%m/%Y")}
        return _("du %(start)s au %(end)s") % {
            "start": start.strftime("%d/%m/%Y"),
            "end": end.strftime("%d/%m/%Y"),
        }

    @property
    def programme_label(self) -> str:
        return self.programme.name if self.programme else _("tous les programmes")

    def tiles(self) -> list[tuple[str, object]]:
        """The headline measures, with the same protection as the tables: a count of 1 to 4 is « < 5 », a
        share, mean or median of fewer than 5 people or answers is not given."""
        values = self.context.headline()
        people = values[Metric.PARTICIPANTS]
        shown = []
        for metric in (
            Metric.MISSIONS_PUBLISHED,
            Metric.INTERESTED,
            Metric.AGREED,
            Metric.COMPLETED,
            Metric.PARTICIPANTS,
            Metric.FIRST_TIMER_SHARE,
            Metric.DAYS_GIVEN,
            Metric.SATISFACTION,
            Metric.EARLY_END_SHARE,
            Metric.DAYS_TO_READY,
            Metric.FACILITATION_HOURS,
            Metric.LIGHT_HALF_DAYS,
            Metric.IMMERSIONS,
            Metric.GIFT_HOURS,
        ):
            value = values.get(metric)
            # a share, a mean or a median of fewer than 5 people could be one person's
            too_few = {
                Metric.FIRST_TIMER_SHARE: lambda: people,
                Metric.EARLY_END_SHARE: lambda: values[Metric.COMPLETED],
                Metric.SATISFACTION: lambda: values["evaluations"],
                Metric.DAYS_TO_READY: lambda: values["ready"],
                Metric.FACILITATION_HOURS: lambda: values["facilitators"],
                Metric.GIFT_HOURS: lambda: values["givers"],
            }.get(metric, lambda: None)()
            if too_few is not None and too_few < THRESHOLD:
                value = None
            elif isinstance(value, int) and is_small(value):
                value = indicators.SMALL
            shown.append((Metric(metric).label, value))
        return shown

    def export_about(self) -> dict:
        return {
            "scope_label": self.label,
            "period_label": self.period_label,
            "programme_label": self.programme_label,
            "today": self.today,
        }
