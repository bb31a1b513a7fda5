"""Job tasks: the long work users start from the pages.

Each is a ``django.tasks`` task made with ``runner.job_task``; it is run by ``thidua worker``.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.reader.workbook import WorkbookParser

from thidua.core.spreadsheet import errors_workbook, write_header
from thidua.core.text import fold
from thidua.jobs.models import Job
from thidua.jobs.runner import JobContext, JobFailure, JobOutcome, job_task

logger = logging.getLogger(__name__)

MAX_DETAILS = 200  # row errors shown on the job's page; all of them are in the workbook


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def estimate_rows(job: Job, sheet_names: tuple[str, ...]) -> int | None:
    """Data rows of the sheet an import will read, for the progress bar: the ``<row>``
    elements of the sheet's XML, counted on the decompressed stream (a fraction of a second
    for 100,000 rows).  The sheet's stored dimension is not used: some writers leave it out,
    and openpyxl then reads the whole sheet to find it.  The sheet is chosen like
    ``core.spreadsheet.pick_sheet`` does.  None when the file cannot be read (the import
    itself then says why, in Vietnamese)."""
    try:
        with job.input_file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
            parser = WorkbookParser(archive, "xl/workbook.xml")
            parser.parse()
            sheets = [(sheet.name, rel.target.lstrip("/")) for sheet, rel in parser.find_sheets()]
            wanted = {fold(name) for name in sheet_names}
            member = next((t for n, t in sheets if fold(n) in wanted), None) or next(
                t for n, t in sheets if fold(n) not in {"huong dan", "instructions"}
            )
            rows = 0
            tail = b""
            with archive.open(member) as xml:
                while chunk := xml.read(1024 * 1024):
                    block = tail + chunk
                    # Tags starting in the last 8 bytes are counted with the next chunk.
                    cut = max(0, len(block) - 8)
                    rows += sum(1 for m in _ROW_TAG.finditer(block) if m.start() < cut)
                    tail = block[cut:]
            rows += len(_ROW_TAG.findall(tail))
    except Exception:
        return None
    return max(0, rows - 1)  # the header row


def receipt_workbook(title: str, lines: list[tuple[str, Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Result")[:31]
    write_header(sheet, [_("Item"), _("Value")], [34, 60])
    sheet.append([title, ""])
    for label, value in lines:
        sheet.append([label, value])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _owner(ctx: JobContext) -> Any:
    owner = ctx.job.owner
    if owner is None or not owner.is_active:
        raise JobFailure(_("The account that started this job no longer exists; nothing was done."))
    return owner


def finish_import(
    ctx: JobContext, result: Any, *, receipt_name: str, errors_name: str
) -> JobOutcome:
    """Common ending of the spreadsheet imports: the row errors on the page and in a
    workbook, or a receipt of what was written."""
    job = ctx.job
    if not result.ok:
        errors = result.errors.sorted()
        job.details = [[e.sheet, e.row, e.column, e.title, e.message] for e in errors[:MAX_DETAILS]]
        job.details_more = len(result.errors) - len(job.details)
        Job.objects.filter(pk=job.pk).update(details=job.details, details_more=job.details_more)
        ctx.save_result(errors_workbook(errors, more=result.errors.more), errors_name)
        return JobOutcome(summary=result.summary(), failed=True)
    lines: list[tuple[str, Any]] = [
        (_("File"), result.file_name),
        (pgettext("import count", "Rows read"), result.rows),
        (pgettext("import count", "Created"), result.created),
        (pgettext("import count", "Updated"), result.updated),
        (pgettext("import count", "Unchanged"), result.unchanged),
        (_("Started by"), job.owner.get_username() if job.owner else ""),
        (_("Finished at"), timezone.localtime().strftime("%d/%m/%Y %H:%M:%S")),
    ]
    if getattr(result, "sha256", ""):
        lines.append(("SHA-256", result.sha256))
    ctx.save_result(receipt_workbook(job.title, lines), receipt_name)
    return JobOutcome(summary=result.summary())


def _import_progress(ctx: JobContext, total: int | None) -> Any:
    def report(rows: int, writing: bool) -> None:
        message = (
            _("rows checked and saved")
            if writing
            else _("rows checked; errors found, nothing will be saved")
        )
        ctx.report(rows, max(total or 0, rows) if total is not None else None, message)

    return report


@job_task()
def import_org_file(
    ctx: JobContext, *, what: str, dry_run: bool = False, file_name: str = ""
) -> JobOutcome:
    """Units or people from an .xlsx (``thidua.org.importers``: one transaction)."""
    from thidua.org.importers import PEOPLE_SHEET, UNIT_SHEET, import_people, import_units

    owner = _owner(ctx)
    run = import_units if what == "units" else import_people
    total = estimate_rows(ctx.job, (UNIT_SHEET if what == "units" else PEOPLE_SHEET,))
    ctx.report(0, total, _("reading the file"))
    with ctx.job.input_file.open("rb") as handle:
        result = run(
            actor=owner,
            source=handle,
            file_name=file_name,
            dry_run=dry_run,
            progress=_import_progress(ctx, total),
        )
    ctx.total = result.rows
    return finish_import(
        ctx, result, receipt_name="ket-qua-nhap.xlsx", errors_name="loi-nhap-du-lieu.xlsx"
    )
