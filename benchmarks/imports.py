"""SIRH files: how fast hostile files are refused, and how fast a large .xlsx is read.

Metrics (one JSON line each):
- import_refuse_zip_bomb_ms: a 400 MB sheet of blanks compressed to ~400 KB, refused from the zip directory.
- import_refuse_long_field_ms: a CSV with a 200 KB cell (over the csv module's own 128 KB limit).
- import_refuse_declared_grid_ms: a sheet declaring A1:XFD1048576 with a cell in column XFD on every row.
- import_read_xlsx_s: reading an ordinary 50,000-agent export (BENCH_XLSX_ROWS) with the streaming reader,
  and import_read_xlsx_openpyxl_s: the same file read the former way (openpyxl read-only, every row
  materialised at the sheet's width) — the same-run baseline.
"""

import io
import os
import time

from benchmarks import import_files

XLSX_ROWS = int(os.environ.get("BENCH_XLSX_ROWS", "50000"))


def _refusal_ms(filename: str, data: bytes) -> tuple[float, str]:
    from passerelles.people.sirh.reader import UnreadableFile, read

    best, message = float("inf"), ""
    for _ in range(5):
        started = time.perf_counter()
        try:
            read(filename, data)
        except UnreadableFile as refused:
            message = str(refused)
        else:
            raise AssertionError(f"{filename} was not refused")
        best = min(best, time.perf_counter() - started)
    return best * 1000, message


def _openpyxl_rows(data: bytes) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    return len(rows)


def measure(emit) -> None:
    from passerelles.people.sirh.reader import read

    for metric, filename, data in (
        ("import_refuse_zip_bomb_ms", "export.xlsx", import_files.zip_bomb_xlsx(400)),
        ("import_refuse_long_field_ms", "export.csv", import_files.long_field_csv(200 * 1024)),
        ("import_refuse_declared_grid_ms", "export.xlsx", import_files.padded_xlsx(2000)),
    ):
        ms, message = _refusal_ms(filename, data)
        emit(metric, ms, "ms", bytes=len(data), message=message[:80])
    data = import_files.large_xlsx(XLSX_ROWS)
    started = time.process_time()
    rows = len(read("export.xlsx", data).rows)
    emit(
        "import_read_xlsx_s",
        time.process_time() - started,
        "s",
        rows=rows,
        bytes=len(data),
        reader="streaming",
    )
    started = time.process_time()
    _openpyxl_rows(data)
    emit(
        "import_read_xlsx_openpyxl_s",
        time.process_time() - started,
        "s",
        rows=rows,
        bytes=len(data),
        reader="openpyxl read-only (before)",
    )
