"""Read an HR system (SIRH) export into rows, whatever its shape (no database needed).

Real exports are ugly: a byte-order mark, Windows-1252 accents, `;` or `,`, a title line or merged cells above
the header, trailing spaces, empty lines. The reader absorbs all of that and hands over plain rows, each with
the line number a person would see when opening the file, so that every error can point at it.
"""

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field

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
}
HEADER_SEARCH_ROWS = 10
MAX_BYTES = 50 * 1024 * 1024


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


def _find_header(raw_rows) -> tuple[int, dict[int, str], dict[str, str]]:
    """The first of the first rows that names a matricule column: its index, column index → field, and field →
    column name as written."""
    for index, cells in enumerate(raw_rows[:HEADER_SEARCH_ROWS]):
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


def _table(raw_rows, first_line: int = 1) -> Table:
    header_index, mapping, written = _find_header(raw_rows)
    missing = [LABELS[name] for name in REQUIRED if name not in written]
    if missing:
        raise UnreadableFile(f"Colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}.")
    table = Table(columns=written)
    for offset, cells in enumerate(raw_rows[header_index + 1 :]):
        values = {
            name: ("" if position >= len(cells) or cells[position] is None else _text(cells[position]))
            for position, name in mapping.items()
        }
        if not any(values.values()):
            continue  # an empty line
        table.rows.append(Row(line=first_line + header_index + 1 + offset, values=values))
    return table


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn matricules into floats
    return " ".join(str(value).split())


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_csv(data: bytes) -> Table:
    text = _decode(data)
    first_lines = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    delimiter = ";" if first_lines.count(";") >= first_lines.count(",") else ","
    raw_rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return _table(raw_rows)


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile(f"Ce classeur Excel ne peut pas être lu ({exc.__class__.__name__}).") from None
    sheet = workbook.worksheets[0]
    raw_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return _table(raw_rows)


def read(filename: str, data: bytes) -> Table:
    if len(data) > MAX_BYTES:
        raise UnreadableFile(f"Fichier trop volumineux : {len(data) // (1024 * 1024)} Mo (50 Mo au plus).")
    if not data.strip():
        raise UnreadableFile("Le fichier est vide.")
    if data[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(data)
    return read_csv(data)
