"""Hostile and large SIRH files for the import benchmark (and the tests): built in memory, no fixture files.

- ``padded_xlsx``: a small workbook whose sheet declares the whole grid (A1:XFD1048576) and puts one cell in
  the last column of every row — what made a 18 KB file cost seconds of CPU to a reader that pads every row
  to the declared width.
- ``zip_bomb_xlsx``: a sheet of a few hundred megabytes of blanks squeezed into a few hundred kilobytes.
- ``long_field_csv``: one cell of 200 KB (over the csv module's 128 KB field limit).
- ``large_xlsx``: an ordinary export of ``rows`` agents (a few megabytes for 50,000 rows).
"""

import io
import zipfile

HEADER = [
    "Matricule",
    "Nom",
    "Prénom",
    "Email",
    "Direction",
    "Service",
    "Matricule du responsable",
    "Catégorie",
    "Grade",
    "Statut",
    "Site",
]

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Agents" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_row() -> str:
    letters = "ABCDEFGHIJK"
    return '<row r="1">' + "".join(_inline(f"{letters[i]}1", h) for i, h in enumerate(HEADER)) + "</row>"


def workbook(sheet_xml: str | bytes) -> bytes:
    """A minimal valid .xlsx around one sheet's XML."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def _sheet(body: str, dimension: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + f"<sheetData>{body}</sheetData></worksheet>"
    )


def padded_xlsx(rows: int = 2000, dimension: str = "A1:XFD1048576") -> bytes:
    body = [_header_row()]
    for i in range(2, rows + 2):
        body.append(
            f'<row r="{i}">{_inline(f"A{i}", f"M{i}")}{_inline(f"B{i}", "Nom")}{_inline(f"C{i}", "Prénom")}'
            f'{_inline(f"H{i}", "C")}{_inline(f"J{i}", "titulaire")}<c r="XFD{i}"><v>1</v></c></row>'
        )
    return workbook(_sheet("".join(body), dimension))


def zip_bomb_xlsx(megabytes: int = 400) -> bytes:
    blank = " " * (1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                + _header_row().encode()
            )
            for _ in range(megabytes):
                sheet.write(blank.encode())
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def long_field_csv(size: int = 200 * 1024) -> bytes:
    header = ";".join(HEADER)
    return f"{header}\nM1;Durand;Hélène;;;;;C;{'x' * size};titulaire;\nM2;Martin;Noé;;;;;C;;titulaire;\n".encode()


def large_xlsx(rows: int = 50_000) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Agents")
    sheet.append(HEADER)
    for i in range(rows):
        manager = "" if i == 0 else f"M{(i - 1) // 12:07d}"
        sheet.append(
            [
                f"M{i:07d}",
                f"Nom{i}",
                f"Prénom{i % 500}",
                f"agent{i}@exemple.fr",
                f"Direction {i % 12}",
                f"Service {i % 97}",
                manager,
                "A" if i % 10 == 0 else "C",
                "Adjoint technique",
                "titulaire" if i % 5 else "contractuel",
                f"Site {i % 40}",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
