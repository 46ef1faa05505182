"""SIRH imports that cannot hang or starve the others: limits checked before parsing, a time budget, their own
queue, and an import that failed or was interrupted can be retried or discarded."""

import datetime

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from benchmarks import import_files
from passerelles.access.models import Role
from passerelles.people.models import Agent, AgentImport, ImportStatus
from passerelles.people.sirh import reader, service
from passerelles.people.sirh.limits import ImportTooLong, Limits, TimeBudget
from passerelles.people.sirh.reader import UnreadableFile, read

GOOD = (
    "matricule;nom;prénom;catégorie;statut\n"
    "M001;Durand;Hélène;A;titulaire\n"
    "M002;Martin;Étienne;C;contractuel\n"
).encode()


@pytest.fixture
def no_row_parsed(monkeypatch):
    """Fails the test if any row of any file is parsed: the refusal must come from the checks before."""

    def forbidden(*args, **kwargs):
        raise AssertionError("a row was parsed")

    monkeypatch.setattr(reader, "_csv_rows", forbidden)
    monkeypatch.setattr(reader, "_xlsx_rows", forbidden)
    monkeypatch.setattr(reader, "_shared_strings", forbidden)


# ---- checks before parsing (no database) ----


def test_a_zip_bomb_is_refused_from_the_zip_directory(no_row_parsed):
    bomb = import_files.zip_bomb_xlsx(megabytes=20)  # 20 MB of blanks in a few tens of KB
    assert len(bomb) < 100 * 1024
    with pytest.raises(UnreadableFile, match="anormalement compressé .* 100 au plus"):
        read("export.xlsx", bomb)
    with pytest.raises(UnreadableFile, match="une fois décompressé, il ferait 20 Mo \\(10 Mo au plus\\)"):
        read("export.xlsx", bomb, limits=Limits(max_uncompressed_bytes=10 * 1024 * 1024))


def test_a_sheet_declaring_the_whole_grid_is_refused_before_any_row(no_row_parsed):
    with pytest.raises(UnreadableFile, match="La feuille déclare 1\u202f048\u202f576 lignes"):
        read("export.xlsx", import_files.padded_xlsx(rows=50))
    with pytest.raises(UnreadableFile, match="La feuille déclare 16\u202f384 colonnes \\(jusqu'à XFD"):
        read("export.xlsx", import_files.padded_xlsx(rows=50, dimension="A1:XFD51"))


def test_a_128_kb_field_is_refused_with_its_line_and_column_before_parsing(no_row_parsed):
    with pytest.raises(UnreadableFile) as refused:
        read("export.csv", import_files.long_field_csv(size=128 * 1024 + 1))
    assert str(refused.value) == (
        "Cellule trop longue à la ligne 2, colonne 9 (I) : plus de 4000 caractères. "
        "Vérifiez le séparateur et les guillemets de cette ligne."
    )


def test_nul_bytes_and_utf16_are_refused_with_a_clear_message(no_row_parsed):
    with pytest.raises(UnreadableFile, match="^Caractère nul à la ligne 4 : le fichier est abîmé"):
        read("export.csv", GOOD + b"M003;Pe\x00tit;No\xc3\xa9;C;titulaire\n")
    with pytest.raises(UnreadableFile, match="UTF-16"):
        read("export.csv", "\ufeff".encode("utf-16-le") + GOOD.decode().encode("utf-16-le"))


def test_too_many_rows_are_refused_before_parsing(no_row_parsed):
    many = GOOD + b"M9;X;Y;C;titulaire\n" * 30
    with pytest.raises(UnreadableFile, match="Trop de lignes : plus de 5 agents"):
        read("export.csv", many, limits=Limits(max_rows=5))


# ---- while reading, row by row ----


def test_an_xlsx_cell_too_long_or_too_far_right_is_named():
    from openpyxl import Workbook

    def xlsx(cells) -> bytes:
        import io

        book = Workbook()
        sheet = book.active
        sheet.append(["Matricule", "Nom", "Prénom", "Catégorie", "Statut"])
        for reference, value in cells:
            sheet[reference] = value
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    with pytest.raises(UnreadableFile, match="^Cellule trop longue à la ligne 3, colonne 2 \\(B\\)"):
        read("export.xlsx", xlsx([("A2", "M1"), ("A3", "M2"), ("B3", "x" * 5000)]))
    # a spreadsheet declares its used range: a value in column 2000 is refused from that declaration
    with pytest.raises(UnreadableFile, match="La feuille déclare 2\u202f000 colonnes \\(jusqu'à BXX ;"):
        read("export.xlsx", xlsx([("A2", "M1"), ("BXX2", "loin")]))


def test_a_cell_far_right_costs_nothing_without_a_declared_dimension():
    """What made the old reader slow: one cell in column XFD padded every row to 16,384 cells. The streaming
    reader keeps only the cells present (here: refused, as the value is beyond the columns read)."""
    data = import_files.padded_xlsx(rows=200, dimension="")
    with pytest.raises(UnreadableFile, match="ligne 2, colonne 16384 \\(XFD\\)"):
        read("export.xlsx", data)


def test_control_characters_are_removed_and_numbers_read_as_written():
    table = read("export.csv", GOOD.replace(b"Durand", b"Du\x07ra\x1bnd"))
    assert table.rows[0].values["last_name"] == "Durand"


def test_the_time_budget_stops_the_reading():
    ticks = iter(range(0, 10_000, 5))
    budget = TimeBudget(20, clock=lambda: next(ticks))  # five seconds per look at the clock
    data = GOOD + b"".join(f"M{i};Nom;Pr;C;titulaire\n".encode() for i in range(5000))
    with pytest.raises(ImportTooLong, match="dépassé le temps alloué \\(20 secondes\\)"):
        read("export.csv", data, budget=budget)


# ---- the import job: queue, failure, interruption, retry, discard ----


def test_imports_run_on_their_own_queue():
    assert settings.TASKS["default"]["QUEUES"] == ["default", "imports"]
    assert service.check_import.queue_name == service.apply_import.queue_name == "imports"


def _import(cast, data=GOOD, **fields) -> AgentImport:
    return AgentImport.objects.create(
        organisation=cast.home,
        uploaded_by=cast.users[Role.HR],
        file=ContentFile(data, name="export.csv"),
        filename="export.csv",
        **fields,
    )


@pytest.mark.django_db
def test_file_names_are_random(cast):
    agent_import = _import(cast)
    assert agent_import.file.name.startswith("imports/") and "export" not in agent_import.file.name
    assert len(agent_import.file.name) == len("imports/") + 32 + len(".csv")


@pytest.mark.django_db
def test_a_nul_byte_is_a_clear_error_not_a_database_one(cast, client_for, django_capture_on_commit_callbacks):
    """On PostgreSQL a NUL reaching a text column or the errors' JSON is a database error: it never does."""
    hr = client_for(cast.users[Role.HR])
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(
            f"/organisations/{cast.home.slug}/import/",
            {"file": SimpleUploadedFile("export.csv", GOOD + b"M\x003;Petit;No;C;titulaire\n")},
        )
    agent_import = AgentImport.objects.get(organisation=cast.home)
    assert agent_import.status == ImportStatus.INVALID
    assert agent_import.errors[0][2].startswith("Caractère nul à la ligne 4")
    page = hr.get(f"/imports/{agent_import.pk}/").content.decode()
    assert "Caractère nul à la ligne 4" in page


@pytest.mark.django_db
def test_over_its_time_budget_an_import_fails_and_says_so(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    ticks = iter(range(0, 10_000, 7))
    monkeypatch.setattr(service, "_budget", lambda: TimeBudget(5, clock=lambda: next(ticks)))
    agent_import = _import(cast, data=GOOD + b"".join(f"M{i};N;P;C;titulaire\n".encode() for i in range(600)))
    with django_capture_on_commit_callbacks(execute=True):
        service.start_check(agent_import)
    agent_import.refresh_from_db()
    assert agent_import.status == ImportStatus.FAILED
    assert agent_import.message.startswith("L'import a dépassé le temps alloué (5 secondes)")
    assert agent_import.can_retry and not Agent.objects.filter(matricule="M001").exists()


@pytest.mark.django_db
def test_a_killed_import_is_shown_interrupted_and_retried_to_completion(
    cast, client_for, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_TIME_BUDGET + 120)
    # the worker was killed while applying: the job stays « applying » at 60 %, its heartbeat old
    killed = _import(cast, status=ImportStatus.APPLYING, progress=60, attempt=3, heartbeat_at=long_ago)
    hr = client_for(cast.users[Role.HR])
    page = hr.get(f"/imports/{killed.pk}/").content.decode()
    assert "Cet import est interrompu" in page and "Relancer la vérification" in page
    assert hr.get(f"/imports/{killed.pk}/etat/").json() == {
        "status": "applying",
        "progress": 60,
        "label": "Interrompu",
        "done": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(f"/imports/{killed.pk}/relancer/")
    assert response.status_code == 302
    killed.refresh_from_db()
    assert (killed.status, killed.attempt, killed.to_create) == (ImportStatus.CHECKED, 4, 2)
    # the killed worker's task, were it to come back, changes nothing
    assert service.apply_import.call(import_id=killed.pk, attempt=3) == "stale"
    assert not Agent.objects.filter(organisation=cast.home, matricule="M001").exists()
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(f"/imports/{killed.pk}/appliquer/")
    killed.refresh_from_db()
    assert killed.status == ImportStatus.APPLIED
    assert Agent.objects.filter(organisation=cast.home, matricule__in=["M001", "M002"]).count() == 2


@pytest.mark.django_db
def test_a_live_import_is_neither_retried_nor_discarded(cast, client_for):
    running = _import(cast, status=ImportStatus.CHECKING, progress=20, attempt=1, heartbeat_at=timezone.now())
    hr = client_for(cast.users[Role.HR])
    assert "Cet import est interrompu" not in hr.get(f"/imports/{running.pk}/").content.decode()
    refused = hr.post(f"/imports/{running.pk}/relancer/", follow=True).content.decode()
    assert "ne peut pas être relancé" in refused
    hr.post(f"/imports/{running.pk}/abandonner/")
    running.refresh_from_db()
    assert (running.status, running.attempt) == (ImportStatus.CHECKING, 1)


@pytest.mark.django_db
def test_discarding_asks_first_then_deletes_the_file(cast, client_for, django_capture_on_commit_callbacks):
    failed = _import(cast, status=ImportStatus.FAILED, progress=100, message="disque plein")
    storage, name = failed.file.storage, failed.file.name
    hr = client_for(cast.users[Role.HR])
    detail = hr.get(f"/imports/{failed.pk}/").content.decode()
    assert "disque plein" in detail and "Abandonner cet import" in detail
    confirm = hr.get(f"/imports/{failed.pk}/abandonner/").content.decode()
    assert "Le fichier envoyé sera supprimé" in confirm and "Oui, abandonner cet import" in confirm
    assert AgentImport.objects.get(pk=failed.pk).status == ImportStatus.FAILED  # asking changed nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(f"/imports/{failed.pk}/abandonner/")
    assert response["Location"] == f"/organisations/{cast.home.slug}/import/"
    failed.refresh_from_db()
    assert failed.status == ImportStatus.DISCARDED and not storage.exists(name)
    assert "Abandonné" in hr.get(f"/organisations/{cast.home.slug}/import/").content.decode()
    assert (
        "ne peut pas être relancé" in hr.post(f"/imports/{failed.pk}/relancer/", follow=True).content.decode()
    )


def test_the_streaming_reader_reads_shared_rich_and_inline_strings():
    import io
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    shared = (
        f'<sst xmlns="{main}"><si><t>Matricule</t></si>'
        "<si><r><t>Du</t></r><r><rPr><b/></rPr><t>rand</t></r><rPh><t>ドゥラン</t></rPh></si></sst>"
    )
    sheet = (
        f'<worksheet xmlns="{main}"><sheetData>'
        '<row><c t="s"><v>0</v></c><c t="inlineStr"><is><t>Nom</t></is></c><c t="inlineStr"><is><t>Prénom</t>'
        '</is></c><c t="inlineStr"><is><t>Catégorie</t></is></c><c t="inlineStr"><is><t>Statut</t></is></c></row>'
        '<row r="4"><c r="A4"><v>1001.0</v></c><c r="B4" t="s"><v>1</v></c><c r="C4" t="inlineStr"><is><t> Hélène '
        '</t></is></c><c r="D4" t="str"><v>A</v></c><c r="E4" t="inlineStr"><is><t>titulaire</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared)
    table = read("export.xlsx", buffer.getvalue())
    assert [(row.line, row.values["matricule"], row.values["last_name"]) for row in table.rows] == [
        (4, "1001", "Durand")
    ]
    assert table.rows[0].values["first_name"] == "Hélène" and table.rows[0].values["category"] == "A"


@pytest.mark.django_db
def test_retrying_an_import_whose_file_is_no_longer_kept_says_so(cast, django_capture_on_commit_callbacks):
    failed = _import(cast, status=ImportStatus.FAILED, progress=100)
    failed.file.delete(save=True)  # what the retention period does after 90 days
    with django_capture_on_commit_callbacks(execute=True):
        assert service.retry(failed)
    failed.refresh_from_db()
    assert failed.status == ImportStatus.INVALID
    assert failed.errors[0][2].startswith("Le fichier de cet import n'est plus conservé")


@pytest.mark.django_db(transaction=True)  # the worker closes its connection after each task
def test_the_default_worker_leaves_imports_to_the_imports_worker(cast, settings):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]}
    }
    agent_import = _import(cast)
    service.start_check(agent_import)  # autocommit: enqueued at once
    assert list(DBTaskResult.objects.values_list("queue_name", "status")) == [("imports", "READY")]
    call_command("db_worker", queue_name="default", batch=True, startup_delay=False, verbosity=0)
    agent_import.refresh_from_db()
    assert agent_import.status == ImportStatus.CHECKING  # the e-mails' worker did not take it
    call_command("db_worker", queue_name="imports", batch=True, startup_delay=False, verbosity=0)
    agent_import.refresh_from_db()
    assert (agent_import.status, agent_import.to_create) == (ImportStatus.CHECKED, 2)


@pytest.mark.django_db
def test_over_its_budget_while_applying_nothing_is_written(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    checked = _import(cast)
    with django_capture_on_commit_callbacks(execute=True):
        service.start_check(checked)
    checked.refresh_from_db()
    assert checked.status == ImportStatus.CHECKED
    ticks = iter(range(0, 10_000, 7))
    # a small file is read and planned without a look at the clock: the first one is in the application
    monkeypatch.setattr(service, "_budget", lambda: TimeBudget(5, clock=lambda: next(ticks)))
    before = Agent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert service.start_apply(checked)
    checked.refresh_from_db()
    assert checked.status == ImportStatus.FAILED and "dépassé le temps alloué (5 secondes)" in checked.message
    assert Agent.objects.count() == before
