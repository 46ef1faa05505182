"""Read an HR system (SIRH) export into rows, whatever its shape (no database needed).

Real exports are ugly: a byte-order mark, Windows-1252 accents, `;` or `,`, a title line or merged cells above
the header, trailing spaces, empty lines. The reader absorbs all of that and hands over plain rows, each with
the line number a person would see when opening the file, so that every error can point at it.

Hostile or broken files are refused before they cost anything (see limits.py): ``check_csv`` and
``check_xlsx`` look at the bytes and at the zip's directory before a single row is parsed. The Excel reader
streams the sheet's XML itself, row by row, keeping only the cells present: the former openpyxl read padded
every row to the sheet's declared width (up to 16,384 columns) and kept them all, so its cost grew with
rows × declared columns instead of the file's size.
"""

import csv
import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

from passerelles.people.sirh.limits import Limits, NoBudget, TimeBudget

# French column names as exported, and the field each one feeds.
COLUMNS = {
    "matricule": "matricule",
    "nom": "last_name",
    "nom d usage": "last_name",
    "prenom": "first_name",
    "email": "email",
    "e mail": "email",
    "courriel": "email",
    "adresse e mail": "email",
    "direction": "direction",
    "service": "service",
    "matricule du responsable": "manager",
    "matricule responsable": "manager",
    "responsable": "manager",
    "categorie": "category",
    "grade": "grade",
    "statut": "status",
    "site": "site",
    "lieu de travail": "site",
    # optional (issue 16): reach by gender and age on the dashboards, never shown on a person's page
    "genre": "gender",
    "sexe": "gender",
    "annee de naissance": "birth_year",
    "annee naissance": "birth_year",
    "date de naissance": "birth_year",
    "date naissance": "birth_year",
}
REQUIRED = ["matricule", "last_name", "first_name", "category", "status"]
LABELS = {
    "matricule": "matricule",
    "last_name": "nom",
    "first_name": "prénom",
    "email": "email",
    "direction": "direction",
    "service": "service",
    "manager": "matricule du responsable",
    "category": "catégorie",
    "grade": "grade",
    "status": "statut",
    "site": "site",
    "gender": "genre",
    "birth_year": "année de naissance",
}
HEADER_SEARCH_ROWS = 10
BUDGET_EVERY = 500  # rows between two looks at the clock
# Control characters other than tab, line feed and carriage return: invisible, removed from values.
CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UnreadableFile(Exception):
    """The file cannot be read at all; the message is for the person who sent it."""


@dataclass
class Row:
    line: int
    values: dict[str, str]


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field → column name as written in the file


def header_key(text) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", str(text or "")) if not unicodedata.combining(c))
    text = (
        text.lower().replace("_", " ").replace("-", " ").replace("'", " ").replace("’", " ").replace(".", " ")
    )
    return " ".join(text.split())


def column_letters(position: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how a spreadsheet names a column."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _where(line: int, position: int) -> str:
    return f"ligne {line}, colonne {position + 1} ({column_letters(position)})"


def _n(number: int) -> str:
    """200000 → « 200 000 » (French thousands separator, a narrow no-break space)."""
    return f"{number:,}".replace(",", "\u202f")


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} Mo" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} Ko"


def _find_header(rows: list[tuple[int, list]]) -> tuple[int, dict[int, str], dict[str, str]]:
    """The first of the first rows that names a matricule column: its index, column index → field, and field →
    column name as written."""
    for index, (_line, cells) in enumerate(rows):
        mapping, written = {}, {}
        for position, cell in enumerate(cells):
            name = COLUMNS.get(header_key(cell))
            if name and name not in written:
                mapping[position] = name
                written[name] = str(cell).strip()
        if "matricule" in written:
            return index, mapping, written
    raise UnreadableFile(
        "Ligne d'en-tête introuvable : la première ligne doit nommer les colonnes (matricule, nom, prénom, "
        "catégorie, statut…)."
    )


def _table(raw_rows: Iterable[tuple[int, list]], limits: Limits, budget: TimeBudget) -> Table:
    """Rows as (line, cells) → the table; only the first rows are kept to find the header, then one at a
    time."""
    rows = iter(raw_rows)
    first = []
    for line_and_cells in rows:
        first.append(line_and_cells)
        if len(first) == HEADER_SEARCH_ROWS:
            break
    header_index, mapping, written = _find_header(first)
    missing = [LABELS[name] for name in REQUIRED if name not in written]
    if missing:
        raise UnreadableFile(f"Colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}.")
    table = Table(columns=written)
    following = first[header_index + 1 :]
    for count, (line, cells) in enumerate(_chain(following, rows), start=1):
        if count % BUDGET_EVERY == 0:
            budget.check()
        if count > limits.max_rows:
            raise UnreadableFile(
                f"Trop de lignes : plus de {_n(limits.max_rows)} agents dans le fichier ; découpez-le."
            )
        values = {}
        for position, name in mapping.items():
            cell = cells[position] if position < len(cells) else None
            values[name] = "" if cell is None else _text(cell, line, position)
        if not any(values.values()):
            continue  # an empty line
        table.rows.append(Row(line=line, values=values))
    return table


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _text(value, line: int, position: int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn matricules into floats
    text = str(value)
    if "\x00" in text:
        raise UnreadableFile(
            f"Caractère nul à la {_where(line, position)} : le fichier est abîmé ou n'est pas un export texte. "
            "Enregistrez-le à nouveau en CSV UTF-8 ou en Excel (.xlsx)."
        )
    return " ".join(CONTROL.sub("", text).split())


# ---- CSV ----


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    first_lines = "\n".join(text[: 64 * 1024].splitlines()[:HEADER_SEARCH_ROWS])
    return ";" if first_lines.count(";") >= first_lines.count(",") else ","


def _line_and_column(text: str, index: int, delimiter: str) -> tuple[int, int]:
    """Where a character is, as a person counts: line from 1, column position from 0."""
    start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, text.count(delimiter, start, index)


def check_csv(data: bytes, limits: Limits) -> str:
    """Before parsing: NUL bytes (UTF-16 or binary files), the number of lines, a cell too long. Returns the
    decoded text."""
    nul = data.find(b"\x00")
    if nul >= 0:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[1:2] == b"\x00":
            raise UnreadableFile(
                "Ce fichier est en UTF-16 (« Texte Unicode ») : enregistrez-le en « CSV UTF-8 » ou en Excel "
                "(.xlsx)."
            )
        line = data.count(b"\n", 0, nul) + 1
        raise UnreadableFile(
            f"Caractère nul à la ligne {line} : le fichier est abîmé ou n'est pas un export texte. "
            "Enregistrez-le à nouveau en CSV UTF-8 ou en Excel (.xlsx)."
        )
    if data.count(b"\n") > limits.max_rows + limits.max_rows // 10 + HEADER_SEARCH_ROWS:  # empty lines
        raise UnreadableFile(
            f"Trop de lignes : plus de {_n(limits.max_rows)} agents dans le fichier ; découpez-le."
        )
    text = _decode(data)
    delimiter = _delimiter(text)
    too_long = re.compile(rf"[^{re.escape(delimiter)}\r\n]{{{limits.max_cell_chars + 1},}}")
    found = too_long.search(text)
    if found:
        line, position = _line_and_column(text, found.start(), delimiter)
        raise UnreadableFile(
            f"Cellule trop longue à la {_where(line, position)} : plus de {limits.max_cell_chars} caractères. "
            "Vérifiez le séparateur et les guillemets de cette ligne."
        )
    return text


def _csv_rows(text: str, limits: Limits) -> Iterator[tuple[int, list]]:
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    try:
        for line, cells in enumerate(reader, start=1):
            if len(cells) > limits.max_columns:
                raise UnreadableFile(
                    f"Trop de colonnes à la ligne {line} : {len(cells)} ({limits.max_columns} au plus)."
                )
            for position, cell in enumerate(cells):
                if len(cell) > limits.max_cell_chars:
                    raise UnreadableFile(
                        f"Cellule trop longue à la {_where(line, position)} : plus de {limits.max_cell_chars} "
                        "caractères. Vérifiez les guillemets de cette ligne."
                    )
            yield line, cells
    except csv.Error:
        raise UnreadableFile(
            f"Ligne {line + 1} illisible : une cellule n'en finit pas (guillemet ouvert et jamais fermé ?)."
        ) from None


def read_csv(data: bytes, limits: Limits | None = None, budget: TimeBudget | None = None) -> Table:
    limits = limits or Limits.from_settings()
    text = check_csv(data, limits)
    return _table(_csv_rows(text, limits), limits, budget or NoBudget())


# ---- Excel (.xlsx) ----

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?([0-9]{1,7})?(?::([A-Z]{1,3})([0-9]{1,7}))?"'
)
UNREADABLE_XLSX = "Ce classeur Excel ne peut pas être lu"


class _TooLong:
    """A shared string over the cell limit: never kept, reported where a cell uses it."""

    def __init__(self, length: int):
        self.length = length


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _first_sheet(archive: zipfile.ZipFile) -> tuple[str, str | None]:
    """The path of the first sheet and of the shared strings, as the workbook names them."""
    names = set(archive.namelist())
    shared = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else None
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        workbook = rels = None
    if workbook is not None:
        targets = {
            rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{PACKAGE_RELATIONSHIPS}Relationship")
        }
        for rel in rels.iter(f"{PACKAGE_RELATIONSHIPS}Relationship"):
            if rel.get("Type", "").endswith("/sharedStrings"):
                shared = _part(rel.get("Target", ""))
        sheet = workbook.find(f"{MAIN}sheets/{MAIN}sheet")
        if sheet is not None:
            path = _part(targets.get(sheet.get(f"{RELATIONSHIPS}id"), ""))
            if path in names:
                return path, shared if shared in names else None
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    if not sheets:
        raise UnreadableFile(f"{UNREADABLE_XLSX} : aucune feuille trouvée.")
    return sheets[0], shared


def _part(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def check_xlsx(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Before decompressing anything: the zip's directory (members, declared sizes, compression ratio), then
    the first bytes of the sheet (its declared dimension, no DOCTYPE)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile(f"{UNREADABLE_XLSX} (ce n'est pas un fichier .xlsx valide).") from None
    if len(members) > limits.max_members:
        raise UnreadableFile(
            f"{UNREADABLE_XLSX} : il contient {len(members)} fichiers internes ({limits.max_members} au plus)."
        )
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise UnreadableFile(
            f"{UNREADABLE_XLSX} : une fois décompressé, il ferait {_mib(total)} "
            f"({_mib(limits.max_uncompressed_bytes)} au plus). Enregistrez-le en CSV ou découpez-le."
        )
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            raise UnreadableFile(
                f"{UNREADABLE_XLSX} : il est anormalement compressé ({member.file_size // max(member.compress_size, 1)} "
                f"fois ; {limits.max_ratio} au plus). Enregistrez-le à nouveau depuis votre tableur, ou en CSV."
            )
    sheet, shared = _first_sheet(archive)
    for name in filter(None, (sheet, shared)):
        with archive.open(name) as member:
            head = member.read(64 * 1024)
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise UnreadableFile(f"{UNREADABLE_XLSX} : il contient des déclarations XML interdites.")
        if name == sheet:
            _check_dimension(head, limits)
    return archive


def _check_dimension(head: bytes, limits: Limits) -> None:
    found = _DIMENSION.search(head)
    if not found:
        return
    first_col, first_row, last_col, last_row = (
        group.decode("ascii") if group else None for group in found.groups()
    )
    last_col, last_row = (last_col or first_col), (last_row or first_row)
    if last_row and int(last_row) > limits.max_rows + HEADER_SEARCH_ROWS:
        raise UnreadableFile(
            f"La feuille déclare {_n(int(last_row))} lignes ({_n(limits.max_rows)} agents au plus) : supprimez les "
            "lignes vides en fin de feuille, ou découpez le fichier."
        )
    if last_col and _column_index(last_col) + 1 > limits.max_columns:
        raise UnreadableFile(
            f"La feuille déclare {_n(_column_index(last_col) + 1)} colonnes (jusqu'à {last_col} ; "
            f"{_n(limits.max_columns)} au plus) : supprimez les colonnes vides à droite, ou enregistrez le fichier "
            "en CSV."
        )


def _shared_strings(archive: zipfile.ZipFile, name: str | None, limits: Limits) -> list:
    if name is None:
        return []
    strings: list = []
    with archive.open(name) as source:
        table = None
        for event, element in ElementTree.iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == f"{MAIN}sst":
                    table = element
                continue
            if element.tag == f"{MAIN}si":
                plain = element.find(f"{MAIN}t")
                if plain is not None:
                    text = plain.text or ""
                else:  # rich text: the runs, without the phonetic ones (<rPh>)
                    text = "".join(t.text or "" for t in element.iterfind(f"{MAIN}r/{MAIN}t"))
                strings.append(_TooLong(len(text)) if len(text) > limits.max_cell_chars else text)
                if table is not None:
                    table.clear()  # the strings read so far are kept as text, not as XML
    return strings


def _number(text: str) -> str:
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else text


def _xlsx_rows(archive, sheet: str, strings: list, limits: Limits) -> Iterator[tuple[int, list]]:
    """The sheet's rows as (row number, values up to the last cell present), streamed."""
    line = 0
    with archive.open(sheet) as source:
        parents = []
        for event, element in ElementTree.iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == f"{MAIN}sheetData":
                    parents.append(element)
                continue
            if element.tag != f"{MAIN}row":
                continue
            line = int(element.get("r") or line + 1)
            cells: dict[int, str] = {}
            next_position = 0
            for cell in element.iter(f"{MAIN}c"):
                reference = _REFERENCE.match(cell.get("r") or "")
                position = _column_index(reference.group(1)) if reference else next_position
                next_position = position + 1
                value = _cell_value(cell, strings)
                if value is None or value == "":
                    continue
                if position >= limits.max_columns:
                    raise UnreadableFile(
                        f"Valeur au-delà des {limits.max_columns} colonnes lues, à la {_where(line, position)} : "
                        "supprimez les colonnes inutiles, ou enregistrez le fichier en CSV."
                    )
                if isinstance(value, _TooLong) or len(value) > limits.max_cell_chars:
                    raise UnreadableFile(
                        f"Cellule trop longue à la {_where(line, position)} : plus de {limits.max_cell_chars} "
                        "caractères."
                    )
                cells[position] = value
            element.clear()
            if parents:
                parents[-1].clear()  # the rows read so far are not kept
            width = max(cells, default=-1) + 1
            yield line, [cells.get(position) for position in range(width)]


def _cell_value(cell, strings: list):
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
    value = cell.find(f"{MAIN}v")
    if value is None or value.text is None:
        return None
    if kind == "s":
        try:
            return strings[int(value.text)]
        except (ValueError, IndexError):
            raise UnreadableFile(f"{UNREADABLE_XLSX} : une cellule renvoie à un texte absent.") from None
    if kind in (None, "n"):
        return _number(value.text)
    return value.text


def read_xlsx(data: bytes, limits: Limits | None = None, budget: TimeBudget | None = None) -> Table:
    limits = limits or Limits.from_settings()
    archive = check_xlsx(data, limits)
    try:
        sheet, shared = _first_sheet(archive)
        strings = _shared_strings(archive, shared, limits)
        return _table(_xlsx_rows(archive, sheet, strings, limits), limits, budget or NoBudget())
    except (ElementTree.ParseError, zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise UnreadableFile(f"{UNREADABLE_XLSX} ({exc.__class__.__name__}).") from None
    finally:
        archive.close()


def is_xlsx(filename: str, data: bytes) -> bool:
    return data[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm"))


def read(
    filename: str, data: bytes, *, limits: Limits | None = None, budget: TimeBudget | None = None
) -> Table:
    limits = limits or Limits.from_settings()
    if len(data) > limits.max_bytes:
        raise UnreadableFile(
            f"Fichier trop volumineux : {_mib(len(data))} ({_mib(limits.max_bytes)} au plus)."
        )
    if not data.strip():
        raise UnreadableFile("Le fichier est vide.")
    if is_xlsx(filename, data):
        return read_xlsx(data, limits, budget)
    return read_csv(data, limits, budget)
