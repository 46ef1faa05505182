from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from passerelles.access import policies
from passerelles.documents import acceptances, parapheur, records, rendering, rules, services
from passerelles.documents.content import CRISIS_REIMBURSEMENT, KINDS, PLACEHOLDERS
from passerelles.documents.models import DocumentTemplate, EngagementDocument
from passerelles.engagements.lifecycle import TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.engagements.queries import engagement_for
from passerelles.engagements.services import parties_of, required_parties
from passerelles.foundation.files import serve_file
from passerelles.organisations.models import Organisation

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
# The documents that state pay and reimbursement (HR says what was decided when writing them).
MONEY_KINDS = set(KINDS) - {"attestation", "avenant"}


def _words(label) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class PactForm(forms.Form):
    """The pact's own words: what HR writes with the agent, the host and the home manager."""

    intention = _words(gettext_lazy("Intention de la mission"))
    attentes_agent = _words(gettext_lazy("Ce que l'agent attend et apporte"))
    attentes_accueil = _words(gettext_lazy("Ce que l'accueil attend et offre"))
    organisation_equipe = _words(gettext_lazy("Organisation de la charge de l'équipe d'origine"))
    conditions_retour = _words(gettext_lazy("Conditions du retour"))


class ReimbursementForm(forms.Form):
    """What HR decided on pay and reimbursement: the act states it, not the catalogue's general wording."""

    remboursement_choix = forms.ChoiceField(
        label=gettext_lazy("Rémunération et remboursement"),
        choices=[
            ("integral", gettext_lazy("Remboursement intégral de la rémunération et des charges")),
            ("exoneration", gettext_lazy("Exonération de remboursement (précisez le motif)")),
            ("sans_objet", gettext_lazy("Sans objet (même employeur)")),
            ("autre", gettext_lazy("Autre décision (précisez)")),
        ],
        required=False,  # the rule by default: nothing within one employer, full reimbursement between two
    )
    remboursement_detail = forms.CharField(
        label=gettext_lazy("Motif de l'exonération ou décision"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, same_employer: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not same_employer:  # between two employers « sans objet » is not a decision anyone may write
            field = self.fields["remboursement_choix"]
            field.choices = [choice for choice in field.choices if choice[0] != "sans_objet"]

    def clean(self):
        data = super().clean()
        if (
            data.get("remboursement_choix") in ("exoneration", "autre")
            and not data.get("remboursement_detail", "").strip()
        ):
            self.add_error(
                "remboursement_detail",
                _("Précisez le motif de l'exonération ou la décision prise : le document l'écrit tel quel."),
            )
        return data


def _money_form(engagement, kind, data=None) -> ReimbursementForm:
    same = engagement.agent.organisation_id == engagement.mission.organisation_id
    default = {"remboursement_choix": "sans_objet" if same else "integral"}
    if not same and services.is_crisis(engagement):  # a crisis MAD: pro rata of the shifts, unless a waiver
        default = {"remboursement_choix": "autre", "remboursement_detail": CRISIS_REIMBURSEMENT}
    decided = services._decided_reimbursement(engagement) or default
    return ReimbursementForm(data, initial=decided, auto_id=f"{kind}-%s", prefix=None, same_employer=same)


def _engagement(request, engagement_id) -> Engagement:
    return engagement_for(request.user, engagement_id)


def engagement_documents(request, engagement_id):
    """HR writes the documents of the framework; everyone concerned reads and accepts them on the engagement."""
    engagement = _engagement(request, engagement_id)
    if not policies.is_engagement_hr(request.user, engagement):
        raise PermissionDenied
    last_pact = (
        EngagementDocument.objects.filter(engagement=engagement, kind="pacte").order_by("-version").first()
    )
    pact_form = PactForm(initial=last_pact.context if last_pact else None)
    money_forms = {}
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        details = {}
        if kind == "pacte":
            pact_form = PactForm(request.POST)
            details = pact_form.cleaned_data if pact_form.is_valid() else False
        if kind in MONEY_KINDS:
            money = money_forms[kind] = _money_form(engagement, kind, request.POST)
            if details is not False:
                details = (
                    {**details, **{k: v for k, v in money.cleaned_data.items() if v}}
                    if money.is_valid()
                    else False
                )
        accepted = EngagementDocument.objects.filter(
            engagement=engagement, kind=kind, superseded_at__isnull=True, acceptances__isnull=False
        ).exists()
        if details is not False and accepted and request.POST.get("confirme") != "1":
            messages.error(
                request,
                _(
                    "La version actuelle est déjà acceptée : cochez la case pour confirmer qu'une nouvelle "
                    "version devra être acceptée à nouveau par chacun."
                ),
            )
            details = False
        if details is not False:
            try:
                document = services.generate(
                    engagement=engagement, kind=kind, by=request.user, details=details or None
                )
                messages.success(
                    request,
                    _("%(document)s établi (version %(version)s) : les parties sont invitées à l'accepter.")
                    % {"document": KINDS[document.kind], "version": document.version},
                )
                return redirect("engagement_documents", engagement_id=engagement.pk)
            except (TransitionRefused, rendering.TemplateError) as refused:
                messages.error(request, str(refused))
    documents = EngagementDocument.objects.filter(engagement=engagement).prefetch_related("acceptances")
    required = services.required_kinds(engagement)
    rows = [
        {
            "kind": kind,
            "label": KINDS[kind],
            "required": kind in required,
            "versions": [
                {"document": d, "accepted": services.is_fully_accepted(d)}
                for d in documents
                if d.kind == kind
            ],
            "accepted": any(
                d.kind == kind and not d.superseded_at and d.acceptances.all() for d in documents
            ),
            "money_form": money_forms.get(kind) or _money_form(engagement, kind)
            if kind in MONEY_KINDS
            else None,
        }
        for kind in services.kinds_for(engagement)
    ]
    return render(
        request,
        "documents/engagement_documents.html",
        {"engagement": engagement, "rows": rows, "pact_form": pact_form},
    )


def _document(request, document_id) -> EngagementDocument:
    document = get_object_or_404(EngagementDocument.objects.select_related("engagement"), pk=document_id)
    if not Engagement.objects.for_actor(request.user).filter(pk=document.engagement_id).exists():
        raise Http404
    return document


def document_file(request, document_id, file_format):
    document = _document(request, document_id)
    if file_format not in CONTENT_TYPES:
        raise Http404
    return serve_file(
        getattr(document, file_format),
        as_attachment=file_format != "pdf",
        filename=f"{document.kind}-v{document.version}.{file_format}",
        content_type=CONTENT_TYPES[file_format],
    )


def document_accepted(request, document_id):
    """The « version acceptée »: the PDF and the acceptance record, once every party accepted."""
    document = _document(request, document_id)
    pdf = records.accepted_version(document)
    if pdf is None:
        raise Http404
    response = HttpResponse(pdf, content_type=CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = (
        f'inline; filename="{document.kind}-v{document.version}-version-acceptee.pdf"'
    )
    return response


@require_POST
def document_accept(request, document_id):
    document = _document(request, document_id)
    try:
        acceptances.accept(document=document, party=request.POST.get("party", ""), by=request.user)
        messages.success(
            request, _("Votre acceptation est enregistrée, avec l'empreinte du document accepté.")
        )
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    return redirect("engagement_detail", engagement_id=document.engagement_id)


def document_bundle(request, document_id):
    document = _document(request, document_id)
    response = HttpResponse(records.bundle(document), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="dossier-{document.kind}-v{document.version}.zip"'
    )
    return response


def document_parapheur(request, document_id):
    """The bundle for the electronic parapheur: whoever may read the document, while it awaits signature."""
    document = _document(request, document_id)
    if not parapheur.awaiting_signature(document):
        raise Http404
    response = HttpResponse(parapheur.bundle(document), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="parapheur-{document.kind}-v{document.version}.zip"'
    )
    return response


class SignedPdfForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("PDF signé"),
        help_text=gettext_lazy(
            "Le fichier PDF rendu par le parapheur électronique, une fois signé par chacun."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.data_bytes, self.digitally = parapheur.read_signed_pdf(upload)
        except parapheur.NotASignedPdf as refused:
            raise forms.ValidationError(str(refused)) from refused
        return upload


def document_signed_upload(request, document_id):
    """« Déposer le PDF signé »: HR or the signatory bring back what the parapheur signed."""
    document = _document(request, document_id)
    engagement = document.engagement
    if not rules.can_file_signed_pdf(request.user, engagement):
        raise PermissionDenied
    if not parapheur.awaiting_signature(document):
        messages.info(request, _("Ce document n'attend plus de signature."))
        return redirect("engagement_detail", engagement_id=engagement.pk)
    form = SignedPdfForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            parapheur.record_signed(
                document=document, data=form.data_bytes, digitally=form.digitally, by=request.user
            )
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _(
                    "PDF signé enregistré : il devient la version acceptée du document, et les signatures sont "
                    "inscrites au suivi de l'engagement."
                ),
            )
            return redirect("engagement_detail", engagement_id=engagement.pk)
    return render(
        request,
        "documents/signed_upload.html",
        {
            "document": document,
            "engagement": engagement,
            "form": form,
            "title": parapheur._title(document),
            "max_mb": settings.SIGNED_PDF_MAX_BYTES // (1024 * 1024),
        },
    )


def acceptance_rows(user, engagement) -> list[dict]:
    """For the engagement page: each current document, who accepted it, and what this user may accept."""
    mine = parties_of(user, engagement)
    files_signed = rules.can_file_signed_pdf(user, engagement)
    if engagement.agent.user_id == user.pk:
        mine = {*mine, "agent"}
    rows = []
    crisis = services.is_crisis(engagement)
    documents = services.current_documents(engagement)
    required = required_parties(engagement) if documents else []
    for document in documents:
        done = {a.party: a for a in document.acceptances.all()}
        parties = services.accepting_parties(document, required)
        rows.append(
            {
                "document": document,
                # a crisis document by the title it bears (« Ordre de mission de crise »), others by their kind
                "title": (crisis and (document.context or {}).get("titre_document"))
                or document.get_kind_display(),
                "parties": [(p, services.PARTY_LABELS[p], done.get(p)) for p in parties],
                "to_accept": [p for p in parties if p in mine and p not in done],
                "fully_accepted": services.is_fully_accepted(document, parties),
                # the electronic parapheur (issue 20): the bundle while it awaits signature, and the upload
                "parapheur": (awaiting := parapheur.awaiting_signature(document, parties)),
                "can_file_signed": awaiting and files_signed,
            }
        )
    return rows


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Document"), choices=list(KINDS.items()))
    file = forms.FileField(label=gettext_lazy("Modèle (.docx ou .odt)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(_("Le modèle ne doit pas dépasser 2 Mo."))
        data = upload.read()
        try:
            file_format = rendering.try_model(data, services.sample_context())  # tried before accepted
        except rendering.TemplateError as error:
            raise forms.ValidationError(str(error)) from error
        self.file_format, self.data = file_format, data
        return upload


def organisation_templates(request, org_slug):
    """The organisation's own models of its documents: download the default one, edit it, upload it back."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not (
        policies.can_edit_organisation_settings(request.user, organisation)
        or policies.is_hr_coordinator(request.user, organisation)
    ):
        raise PermissionDenied
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        with transaction.atomic():
            last = DocumentTemplate.objects.filter(organisation=organisation, kind=kind).aggregate(
                v=Max("version")
            )
            template = DocumentTemplate(
                organisation=organisation,
                kind=kind,
                file_format=form.file_format,
                version=(last["v"] or 0) + 1,
                uploaded_by=request.user,
            )
            template.file.save(
                f"{organisation.slug}-{kind}-v{template.version}.{form.file_format}",
                form.cleaned_data["file"],
                save=False,
            )
            template.save()
        messages.success(
            request,
            _(
                "Modèle enregistré (version %(version)s) : les prochains documents l'utiliseront ; les documents déjà établis ne changent pas."
            )
            % {"version": template.version},
        )
        return redirect("organisation_templates", org_slug=organisation.slug)
    current = {kind: services.current_template(organisation, kind) for kind in KINDS}
    return render(
        request,
        "documents/organisation_templates.html",
        {
            "organisation": organisation,
            "form": form,
            "kinds": [(kind, label, current[kind]) for kind, label in KINDS.items()],
            "placeholders": PLACEHOLDERS.items(),
        },
    )


def default_template(request, org_slug, kind):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if kind not in KINDS or not (
        policies.can_edit_organisation_settings(request.user, organisation)
        or policies.is_hr_coordinator(request.user, organisation)
    ):
        raise Http404
    response = HttpResponse(services.default_model(kind, organisation), content_type=CONTENT_TYPES["docx"])
    response["Content-Disposition"] = f'attachment; filename="modele-{kind}.docx"'
    return response
