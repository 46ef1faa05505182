"""The demo's safety nets, alive: the outbox, SIRH imports and a decline reason kept for HR, in every state;
and the images now served by views (the Département's logo, a published story's photos).

A newcomer logging in as ``admin`` finds messages sent, waiting, failed (with the reason and the next attempt)
and abandoned in « Courriels envoyés »; as ``rh``, SIRH imports applied, failed, interrupted and with errors
to correct; as ``agent`` and ``rh``, the same declined engagement, read with and without its reason.

Nothing is sent while the demo loads: the outbox rows are written as the delivery would have left them (with
its own reasons and back-off), without enqueuing any delivery. The reasons are those the code itself writes.
"""

import datetime
import io
import smtplib

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.demo.accounts import DEMO_ACCOUNTS_BY_SLUG
from passerelles.organisations.models import Organisation
from passerelles.outbox.delivery import MAX_ATTEMPTS, backoff, describe_error
from passerelles.outbox.models import OutboxMessage, OutboxState
from passerelles.outbox.services import SUBJECT_MAX_LENGTH, _message_id, clean_header
from passerelles.people.models import Agent, AgentImport, ImportSource, ImportStatus, SirhSync
from passerelles.people.sirh.limits import ImportTooLong, Limits, TimeBudget
from passerelles.people.sirh.reader import UnreadableFile, read

DEPARTEMENT = "departement-haute-lisiere"
SIGNATURE = "\n\n—\nPasserelles, la micro-mobilité entre services et administrations."


def _user(slug: str) -> User:
    return User.objects.get(email=DEMO_ACCOUNTS_BY_SLUG[slug].email)


# ---- Outbox ----


def _message(
    organisation, user, *, to, subject, body, created, **state
) -> tuple[OutboxMessage, datetime.datetime]:
    return OutboxMessage(
        organisation=organisation,
        user=user,
        to=clean_header(to),
        subject=clean_header(f"[Passerelles] {subject}")[:SUBJECT_MAX_LENGTH],
        body=body + SIGNATURE,
        message_id=_message_id(),
        **state,
    ), created


def create_demo_outbox(now: datetime.datetime) -> int:
    """Messages of the Département in each state, beside those the demo's steps already wrote (sent)."""
    organisation = Organisation.objects.get(slug=DEPARTEMENT)
    manager, agent, hr = _user("encadrant"), _user("agent"), _user("rh")
    colleagues = [
        colleague.user
        for colleague in Agent.objects.filter(
            organisation=organisation, manager=manager.agent, user__isnull=False
        )
        .exclude(user=agent)
        .select_related("user")
        .order_by("pk")[:3]
    ] or [manager]  # a very small demo network: the manager stands in for the team
    timeout = describe_error(TimeoutError("timed out"))
    refused_address = f"{colleagues[-1].email.split('@')[0]}@ancien-domaine.departement.test"
    refused = describe_error(
        smtplib.SMTPRecipientsRefused({refused_address: (550, b"5.1.1 Destinataire inconnu")})
    )
    failed_at = now - datetime.timedelta(minutes=3)
    abandoned_created = now - datetime.timedelta(days=2, hours=5)
    rows = [
        _message(
            organisation, hr, to=hr.email, created=now - datetime.timedelta(days=1, hours=2),
            subject="Un nouveau récit à relire : « Pourquoi j'ai dit oui »",
            body="Un récit attend votre relecture avant d'être publié.",
            state=OutboxState.SENT, attempts=1, sent_at=now - datetime.timedelta(days=1, hours=2),
            next_attempt_at=now - datetime.timedelta(days=1, hours=2),
        ),
        _message(
            organisation, manager, to=manager.email, created=now - datetime.timedelta(minutes=1),
            subject="Rappel : un accord de votre part est attendu",
            body="Une personne de votre équipe attend votre accord pour une mission.",
            state=OutboxState.PENDING, attempts=0, next_attempt_at=now - datetime.timedelta(minutes=1),
        ),
        _message(
            organisation, agent, to=agent.email, created=now - datetime.timedelta(minutes=9),
            subject="Votre point d'étape est à remplir",
            body="Trois semaines de mission : comment cela se passe-t-il ? Répondez en deux minutes.",
            state=OutboxState.FAILED, attempts=2, last_error=timeout,
            next_attempt_at=failed_at + backoff(2),
        ),
        _message(
            organisation, colleagues[0], to=colleagues[0].email,
            created=now - datetime.timedelta(minutes=4),
            subject="« Découvrir le métier de garde-nature » : une mission pourrait vous intéresser",
            body="Une mission publiée correspond à ce que vous avez indiqué dans votre profil.",
            state=OutboxState.FAILED, attempts=3,
            last_error=describe_error(ConnectionRefusedError(111, "Connection refused")),
            next_attempt_at=failed_at + backoff(3),
        ),
        _message(
            organisation, colleagues[-1], to=refused_address, created=abandoned_created,
            subject="Résumé du jour : 2 nouveautés sur Passerelles",
            body="Deux missions ont été publiées dans votre réseau.",
            state=OutboxState.ABANDONED, attempts=MAX_ATTEMPTS, last_error=refused,
            next_attempt_at=abandoned_created + sum((backoff(n) for n in range(1, MAX_ATTEMPTS)),
                                                    datetime.timedelta()),
        ),
    ]  # fmt: skip
    messages = OutboxMessage.objects.bulk_create([message for message, _ in rows])
    for message, (_, created) in zip(messages, rows, strict=True):  # auto_now_add: dated afterwards
        OutboxMessage.objects.filter(pk=message.pk).update(created_at=created)
    return len(messages)


# ---- SIRH imports ----

HEADER = (
    "Matricule;Nom;Prénom;Courriel;Direction;Service;Matricule du responsable;Catégorie;Statut;Grade;Site\n"
)


def _csv(agents, *, job_change: bool = True) -> bytes:
    """A partial export: these agents as the SIRH knows them (a few grades moved on)."""
    lines = [HEADER]
    for index, agent in enumerate(agents):
        grade = agent.grade
        if job_change and index % 4 == 0 and agent.category == "C":
            grade = "Adjoint technique principal de 2e classe"
        status = "Titulaire" if agent.status == "titulaire" else "Contractuel"
        unit = agent.unit
        direction, service = (unit.parent.name, unit.name) if unit.parent_id else (unit.name, "")
        manager = agent.manager.matricule if agent.manager else ""
        site = agent.site.name if agent.site else ""
        lines.append(
            f"{agent.matricule};{agent.last_name};{agent.first_name};{agent.email};{direction};{service};"
            f"{manager};{agent.category};{status};{grade};{site}\n"
        )
    return "".join(lines).encode("utf-8")


def _import(organisation, by, *, filename, data, created, **fields) -> AgentImport:
    agent_import = AgentImport(
        organisation=organisation, uploaded_by=by, filename=filename, full=False, **fields
    )
    if data is not None:
        agent_import.file.save(filename, ContentFile(data), save=False)
    agent_import.save()
    AgentImport.objects.filter(pk=agent_import.pk).update(created_at=created)
    return agent_import


def create_demo_imports(now: datetime.datetime) -> int:
    """The Département's imports: applied last month, failed (time budget), interrupted, with an error."""
    organisation = Organisation.objects.get(slug=DEPARTEMENT)
    hr = _user("rh")
    agents = list(
        Agent.objects.filter(organisation=organisation, category__in=["B", "C"])
        .exclude(user__email__endswith="demo.passerelles.test")
        .select_related("unit__parent", "manager", "site")
        .order_by("pk")[:60]
    )
    data = _csv(agents)
    applied_on = now - datetime.timedelta(days=34)
    _import(
        organisation,
        hr,
        filename="export-sirh-octobre.csv",
        data=None,
        created=applied_on,
        status=ImportStatus.APPLIED,
        progress=100,
        rows=1496,
        to_create=8,
        to_update=31,
        to_deactivate=0,
        unchanged=1457,
        applied_at=applied_on + datetime.timedelta(minutes=3),
        attempt=2,
        heartbeat_at=applied_on + datetime.timedelta(minutes=3),
    )  # fmt: skip  (its file is gone: applied, and past the demo's retention)
    try:  # the message the time budget itself writes
        TimeBudget(
            settings.IMPORT_TIME_BUDGET, clock=iter([0, settings.IMPORT_TIME_BUDGET + 1]).__next__
        ).check()
        too_long = ""
    except ImportTooLong as exc:
        too_long = str(exc)
    failed_on = now - datetime.timedelta(days=2, hours=3)
    _import(
        organisation, hr, filename="mise-a-jour-grades.csv", data=data, created=failed_on,
        status=ImportStatus.FAILED, progress=100, rows=len(agents), message=too_long, attempt=1,
        heartbeat_at=failed_on + datetime.timedelta(seconds=settings.IMPORT_TIME_BUDGET),
    )  # fmt: skip
    # An attempt whose worker stopped (a restart of the server): silent for far longer than its lease.
    stopped_on = now - datetime.timedelta(hours=3)
    _import(
        organisation, hr, filename="arrivees-novembre.csv", data=_csv(agents[:20], job_change=False),
        created=stopped_on - datetime.timedelta(minutes=1), status=ImportStatus.CHECKING, progress=50,
        rows=20, attempt=1, heartbeat_at=stopped_on,
    )  # fmt: skip
    # A file the check refused: a cell far too long (a wrong separator), named by its line and column.
    broken = HEADER.encode() + _csv(agents[:3], job_change=False).split(b"\n", 1)[1]
    broken += ("H999999;Durand;Léa;" + "x" * (Limits().max_cell_chars + 20) + ";;;;C;Titulaire;;\n").encode()
    try:
        read("export-agents-separateur.csv", broken)
        refusal = ""
    except UnreadableFile as exc:
        refusal = str(exc)
    invalid_on = now - datetime.timedelta(days=1, hours=1)
    _import(
        organisation, hr, filename="export-agents-separateur.csv", data=broken, created=invalid_on,
        status=ImportStatus.INVALID, progress=100, errors=[[0, "", refusal]], attempt=1,
        heartbeat_at=invalid_on + datetime.timedelta(seconds=2),
    )  # fmt: skip
    return 4


def create_demo_sirh_sync(now: datetime.datetime) -> None:
    """The Département's SIRH drops its export every night: the synchronisation is on, applied when clean, and
    last night's run is in the history (« Dossier de dépôt »)."""
    import hashlib

    organisation = Organisation.objects.get(slug=DEPARTEMENT)
    run_on = now - datetime.timedelta(hours=9)
    agent_import = AgentImport.objects.create(
        organisation=organisation,
        filename="export-sirh-nuit.csv",
        source=ImportSource.FOLDER,
        sha256=hashlib.sha256(b"demo export-sirh-nuit.csv").hexdigest(),
        status=ImportStatus.APPLIED,
        progress=100,
        rows=1497,
        to_create=1,
        to_update=4,
        to_deactivate=1,
        unchanged=1491,
        applied_at=run_on + datetime.timedelta(minutes=2),
        attempt=2,
        heartbeat_at=run_on + datetime.timedelta(minutes=2),
    )  # its file is not kept in the demo
    AgentImport.objects.filter(pk=agent_import.pk).update(created_at=run_on)
    SirhSync.objects.update_or_create(
        organisation=organisation,
        defaults={
            "enabled": True,
            "folder": DEPARTEMENT,
            "full": True,
            "auto_apply": True,
            "last_run_at": run_on,
            "last_result": "« export-sirh-nuit.csv » appliqué : 1 créé(s), 4 mis à jour, 1 désactivé(s).",
            "last_import": agent_import,
        },
    )


# ---- A decline reason kept for HR ----


def create_demo_private_decline() -> None:
    """The demo agent offered help on a mission; HR declined, kept the reason for HR, and told the agent with
    the neutral sentence — as ``engagement_transition(action="decline", share_reason=False)`` does, without
    sending the e-mail while the demo loads."""
    from passerelles.engagements.lifecycle import State
    from passerelles.engagements.models import Engagement, EngagementEvent
    from passerelles.engagements.services import NEUTRAL_DECLINE
    from passerelles.missions.models import Mission, MissionStatus
    from passerelles.notifications.models import Notification

    agent = _user("agent").agent
    hr = _user("rh")
    taken = set(Engagement.objects.filter(agent=agent).values_list("mission_id", flat=True))
    mission = (
        Mission.objects.filter(status=MissionStatus.PUBLISHED)
        .exclude(pk__in=taken)
        .exclude(project_lead=agent)
        .order_by("pk")
        .first()
    )
    reason = (
        "Son collège sort d'une période d'absences longues : son responsable ne peut pas libérer de jours avant "
        "l'été. À reproposer en juin."
    )
    engagement = Engagement.objects.create(
        agent=agent,
        mission=mission,
        state=State.DECLINED,
        message="Je peux donner un coup de main le mercredi.",
        start_date=mission.start_date,
        end_date=mission.end_date,
        percent=mission.effective_percent,
        decline_reason=reason,
        decline_reason_private=True,
    )
    EngagementEvent.objects.create(
        engagement=engagement,
        by=agent.user,
        action="express_interest",
        to_state=State.INTEREST,
        comment=engagement.message,
    )
    EngagementEvent.objects.create(
        engagement=engagement,
        by=hr,
        action="decline",
        from_state=State.INTEREST,
        to_state=State.DECLINED,
        comment=reason,
    )
    Notification.objects.create(
        user=agent.user,
        url=f"/engagements/{engagement.pk}/",
        subject=f"« {mission.title} » : votre candidature n'est pas retenue",
        message=f"Merci d'avoir répondu présent·e. {NEUTRAL_DECLINE}\nD'autres missions vous attendent peut-être.",
    )


# ---- Images served by views: the Département's logo, photos of a published story ----


def _picture(size, sky, ground, sun) -> bytes:
    """A small drawn landscape (no file shipped with the code), re-encoded as any upload would be."""
    from PIL import Image, ImageDraw

    from passerelles.foundation.images import reencode

    width, height = size
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    draw.ellipse([width * 0.7, height * 0.12, width * 0.82, height * 0.12 + width * 0.12], fill=sun)
    draw.polygon([(0, height * 0.65), (width * 0.35, height * 0.4), (width * 0.7, height * 0.62), (width, height * 0.5),
                  (width, height), (0, height)], fill=ground)  # fmt: skip
    draw.rectangle([width * 0.15, height * 0.55, width * 0.3, height * 0.8], fill="#f4efe6")
    draw.polygon([(width * 0.13, height * 0.56), (width * 0.225, height * 0.45), (width * 0.32, height * 0.56)],
                 fill="#9c3d2e")  # fmt: skip
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return reencode(buffer.getvalue())[0]


def _logo(colour: str) -> bytes:
    from PIL import Image, ImageDraw

    from passerelles.foundation.images import reencode

    image = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([4, 4, 156, 156], radius=28, fill=colour)
    draw.polygon([(24, 120), (64, 60), (96, 100), (116, 76), (136, 120)], fill="#ffffff")
    draw.ellipse([100, 28, 128, 56], fill="#ffd866")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return reencode(buffer.getvalue())[0]


def create_demo_images() -> None:
    from passerelles.stories.models import Story, StoryPhoto, StoryStatus

    departement = Organisation.objects.get(slug=DEPARTEMENT)
    departement.logo.save("logo-departement.png", ContentFile(_logo(departement.theme_colour or "#1f5f8b")))
    story = Story.objects.filter(status=StoryStatus.PUBLISHED).order_by("pk").first()
    if story is None:
        return
    for name, alt, colours in [
        ("sentier.jpg", "Un sentier entre les collines, une maison au toit rouge au premier plan.",
         ("#bcd9ea", "#5b8c4a", "#f6c945")),
        ("fin-de-journee.jpg", "Fin de journée sur le site de la mission, le soleil bas derrière les collines.",
         ("#f2c6a0", "#4f6b3a", "#e8743b")),
    ]:  # fmt: skip
        photo = StoryPhoto(story=story, alt=alt)
        photo.image.save(name, ContentFile(_picture((800, 500), *colours)), save=False)
        photo.save()


def create_demo_safety(now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    create_demo_outbox(now)
    create_demo_imports(now)
    create_demo_sirh_sync(now)  # issue 20: the SIRH drops its export every night
    create_demo_private_decline()
    create_demo_images()
