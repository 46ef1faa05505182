"""The programme pages (issue 16): the organisation's list, a programme's page with its indicators, decisions
and learning log, the participants' questionnaire and the review (web page and PDF for the Codir).

HR and administrators of the programme's organisation run a programme; its signatory (DGS) reads it and its
review; an agent sees only their own participation (the questionnaire). Rules: programmes/rules.py; use cases:
programmes/services.py; reads: programmes/queries.py.
"""

import warnings

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from passerelles.evaluations.questions import LIKERT
from passerelles.foundation.tables import rows_response
from passerelles.organisations.models import Organisation
from passerelles.programmes import queries, rules, services
from passerelles.programmes.forms import DecisionForm, IndicatorForm, LogEntryForm, ProgrammeForm
from passerelles.programmes.lists import ProgrammeFilter, ProgrammeTable
from passerelles.programmes.models import ParticipantResponse
from passerelles.programmes.queries import MANAGE, READ, TAKE_PART, programme_for

EXPORT_FORMATS = ("csv", "xlsx")
# The review's print style (A4, for the Codir), given to WeasyPrint beside the page: templates hold no <style>.
REVIEW_PDF_STYLE = """@page { size: A4; margin: 18mm 16mm; @bottom-center { content: "%(footer)s — " counter(page) " / " counter(pages); font-size: 8pt; color: #444; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #111; line-height: 1.4; }
h1 { font-size: 17pt; margin: 0 0 4mm; } h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1px solid #999; } h3 { font-size: 11pt; margin: 4mm 0 1mm; }
table { border-collapse: collapse; width: 100%%; margin: 2mm 0; } th, td { border: 1px solid #999; padding: 1mm 2mm; text-align: left; vertical-align: top; }
caption { text-align: left; font-style: italic; margin-bottom: 1mm; } .muted { color: #444; } .badge { border: 1px solid #444; padding: 0 1mm; font-size: 8pt; }
dl.facts dt { font-weight: bold; margin-top: 1mm; } dl.facts dd { margin: 0 0 1mm 0; } .visually-hidden { display: none; } article { border: 1px solid #bbb; padding: 2mm 3mm; margin: 2mm 0; }
"""
PER_PAGE = 50


def _organisation(request, org_slug, *, manage: bool = False) -> Organisation:
    """The organisation, for one of its people (anyone else: 404) who may list its programmes — or, with
    ``manage``, create one (else 403)."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    allowed = rules.can_manage_in if manage else rules.can_list
    if not allowed(request.user, organisation):
        raise PermissionDenied
    return organisation


def organisation_programmes(request, org_slug):
    """The organisation's programmes: sortable, filtered by status, test or not, expired; CSV and XLSX."""
    organisation = _organisation(request, org_slug)
    filterset = ProgrammeFilter(request.GET or None, queryset=queries.organisation_programmes(organisation))
    if filterset.is_bound and not filterset.is_valid():
        messages.error(request, _("Un filtre n'est pas valide : la liste montre tous les programmes."))
        rows = queries.organisation_programmes(organisation)
    else:
        rows = filterset.qs
    table = ProgrammeTable(rows)
    table.caption = _("Programmes de l'organisation")
    export = request.GET.get("_export")
    if export is not None:
        if export not in EXPORT_FORMATS:
            messages.error(request, _("Ce format d'export n'existe pas : choisissez CSV ou XLSX."))
            return redirect("organisation_programmes", org_slug=organisation.slug)
        RequestConfig(request, paginate=False).configure(table)
        day = timezone.localdate().isoformat()
        # the shared writer of every list: a name starting like a formula is never run by a spreadsheet
        values = iter(table.as_values())
        headers = [str(header) for header in next(values)]
        return rows_response(headers, list(values), export, f"programmes-{organisation.slug}-{day}")
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    query = request.GET.copy()
    query.pop("_export", None)
    query.pop("page", None)
    return render(
        request,
        "programmes/programme_list.html",
        {
            "organisation": organisation,
            "table": table,
            "filter": filterset,
            "query": query.urlencode(),
            "can_manage": rules.can_manage_in(request.user, organisation),
        },
    )


def programme_create(request, org_slug):
    organisation = _organisation(request, org_slug, manage=True)
    form = ProgrammeForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        programme = services.programme_save(form=form, by=request.user)
        messages.success(request, _("Programme « %(name)s » créé.") % {"name": programme.name})
        return redirect("programme_detail", programme_id=programme.pk)
    return render(
        request,
        "programmes/programme_form.html",
        {"organisation": organisation, "form": form, "programme": None},
    )


def programme_edit(request, programme_id):
    programme = programme_for(request.user, programme_id, need=MANAGE)
    form = ProgrammeForm(request.POST or None, instance=programme, organisation=programme.organisation)
    if request.method == "POST" and form.is_valid():
        services.programme_save(form=form, by=request.user)
        messages.success(request, _("Programme enregistré."))
        return redirect("programme_detail", programme_id=programme.pk)
    return render(
        request,
        "programmes/programme_form.html",
        {"organisation": programme.organisation, "form": form, "programme": programme},
    )


def programme_detail(request, programme_id):
    programme = programme_for(request.user, programme_id, need=READ)
    can_manage = rules.can_manage(request.user, programme)
    context = queries.review(programme)
    context.update(
        {
            "can_manage": can_manage,
            "missions": programme.missions.select_related("organisation").order_by("-start_date")[:50],
            "participant_engagements": services.participant_engagements(programme)
            .select_related("agent", "mission")
            .order_by("-created_at")[:100],
            "decision_form": DecisionForm() if can_manage else None,
            "log_form": LogEntryForm(initial={"written_on": timezone.localdate()}) if can_manage else None,
            "questions": services.questions_of(programme),
        }
    )
    return render(request, "programmes/programme_detail.html", context)


def indicator_edit(request, programme_id, indicator_id=None):
    programme = programme_for(request.user, programme_id, need=MANAGE)
    indicator = get_object_or_404(programme.indicators, pk=indicator_id) if indicator_id else None
    form = IndicatorForm(request.POST or None, instance=indicator, programme=programme)
    if request.method == "POST" and form.is_valid():
        services.indicator_save(form=form, by=request.user)
        messages.success(request, _("Indicateur enregistré."))
        return redirect("programme_detail", programme_id=programme.pk)
    return render(
        request,
        "programmes/indicator_form.html",
        {"programme": programme, "form": form, "indicator": indicator},
    )


def indicator_remove(request, programme_id, indicator_id):
    """Removing an indicator asks for a confirmation first (GET shows it, POST removes)."""
    programme = programme_for(request.user, programme_id, need=MANAGE)
    indicator = get_object_or_404(programme.indicators, pk=indicator_id)
    if request.method == "POST":
        services.indicator_remove(indicator=indicator, by=request.user)
        messages.success(request, _("Indicateur « %(label)s » retiré.") % {"label": indicator.label})
        return redirect("programme_detail", programme_id=programme.pk)
    return render(
        request, "programmes/indicator_remove.html", {"programme": programme, "indicator": indicator}
    )


@require_POST
def programme_decide(request, programme_id):
    programme = programme_for(request.user, programme_id, need=MANAGE)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.programme_decide(
                programme=programme,
                by=request.user,
                status=form.cleaned_data["status"],
                reasons=form.cleaned_data["reasons"],
                new_expires_on=form.cleaned_data["new_expires_on"],
            )
        except services.ProgrammeRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Décision enregistrée."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("programme_detail", programme_id=programme.pk)


@require_POST
def log_add(request, programme_id):
    programme = programme_for(request.user, programme_id, need=MANAGE)
    form = LogEntryForm(request.POST)
    if form.is_valid():
        try:
            services.log_add(programme=programme, by=request.user, **form.cleaned_data)
        except services.ProgrammeRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Entrée ajoutée au journal d'apprentissage."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(f"{programme_detail_url(programme)}#journal")


def programme_detail_url(programme) -> str:
    from django.urls import reverse

    return reverse("programme_detail", kwargs={"programme_id": programme.pk})


def questionnaire(request, programme_id):
    """A participant answers the programme's questionnaire once; the answers are only shown aggregated."""
    programme = programme_for(request.user, programme_id, need=TAKE_PART)
    answered = ParticipantResponse.objects.filter(programme=programme, respondent=request.user).exists()
    if request.method == "POST" and not answered:
        try:
            services.questionnaire_answer(programme=programme, by=request.user, data=request.POST)
        except services.ProgrammeRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Merci : vos réponses sont enregistrées."))
            return redirect("programme_questionnaire", programme_id=programme.pk)
    return render(
        request,
        "programmes/questionnaire.html",
        {
            "programme": programme,
            "answered": answered,
            "open": services.questionnaire_open(programme),
            "questions": services.questions_of(programme),
            "likert": LIKERT,
        },
    )


def programme_review(request, programme_id):
    programme = programme_for(request.user, programme_id, need=READ)
    return render(request, "programmes/review.html", queries.review(programme))


def programme_review_pdf(request, programme_id):
    """The review for the Codir: A4, the same content as the web page (WeasyPrint, tagged PDF/A)."""
    programme = programme_for(request.user, programme_id, need=READ)
    html = render_to_string("programmes/review_pdf.html", queries.review(programme), request=request)
    from weasyprint import CSS, HTML  # heavy: loaded when a PDF is written, not when the site starts

    from passerelles.documents.writers import PDF_VARIANT

    footer = programme.organisation.name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    style = CSS(string=REVIEW_PDF_STYLE % {"footer": footer})
    # WeasyPrint opens its sRGB profile (the PDF/A output intent) without closing it (documents/writers.py)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        pdf = HTML(string=html).write_pdf(stylesheets=[style], pdf_variant=PDF_VARIANT)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bilan-programme-{programme.pk}.pdf"'
    return response
