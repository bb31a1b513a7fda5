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
from django.utils.text import slugify
from django.utils.translation import gettext as _
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
        *result.receipt_lines(),
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


@job_task()
def import_progress_file(
    ctx: JobContext,
    *,
    registration_id: int | None = None,
    campaign_id: int | None = None,
    file_name: str = "",
) -> JobOutcome:
    """Campaign progress from the filled-in sheet (``thidua.campaigns.progress_import``: the
    whole file is checked, then every change written in one transaction).  The account's
    rights are checked again here: a registration closed or an account moved since the
    upload writes nothing."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from thidua.campaigns import progress_import

    owner = _owner(ctx)
    try:
        _campaign, _reg, registrations = progress_import.import_scope(
            owner, registration_id, campaign_id
        )
    except (Http404, PermissionDenied):
        registrations = []
    if not registrations:
        raise JobFailure(
            _("There is no approved registration you may report on any more; nothing was saved.")
        )
    total = estimate_rows(ctx.job, progress_import.SHEET_NAMES)
    ctx.report(0, total, _("reading the file"))
    with ctx.job.input_file.open("rb") as handle:
        outcome = progress_import.import_progress(
            actor=owner,
            registrations=registrations,
            source=handle,
            progress=_import_progress(ctx, total),
        )
    outcome.file_name = file_name
    ctx.total = outcome.rows
    return finish_import(
        ctx,
        outcome,
        receipt_name="ket-qua-cap-nhat-tien-do.xlsx",
        errors_name="loi-cap-nhat-tien-do.xlsx",
    )


# -- bulk eligibility of a unit's people, as an Excel file --------------------------------

ELIGIBILITY_BATCH = 1_000


@job_task(requeue_if_lost=True)
def eligibility_workbook(
    ctx: JobContext, *, unit_code: str, award: str, year: int, only_eligible: bool = False
) -> JobOutcome:
    """Everyone whose current unit is under ``unit_code``, checked for ``award`` in ``year``
    (``facts_loader.iter_eligibility_many_in_scope``: streamed, five queries per 5,000
    people), written to an .xlsx with the reasons.  Writes nothing but its file, so a job lost
    with its worker is simply run again."""
    from django.http import Http404

    from thidua.awards.facts_loader import iter_eligibility_many_in_scope
    from thidua.awards.views_records import award_rules
    from thidua.campaigns.exports import Column, write_table
    from thidua.org.models import Person, Unit
    from thidua.org.permissions import access_unit

    owner = _owner(ctx)
    try:
        unit = access_unit(owner, unit_code)
    except Http404:
        raise JobFailure(
            _("Unit %(code)s does not exist or is outside your scope.") % {"code": unit_code}
        ) from None
    rule = next((r for r in award_rules(year, "individual") if r.code == award), None)
    if rule is None:
        raise JobFailure(
            _("The award “%(code)s” is not given to this kind of subject in %(year)s.")
            % {"code": award, "year": year}
        )
    low, high = unit.path_bounds()
    total = Person.objects.filter(unit__path__gte=low, unit__path__lt=high).count()
    ctx.report(0, total, _("people checked"))
    counts = {"checked": 0, "eligible": 0}
    unit_names: dict[int, str] = {}

    def rows() -> Any:
        batch: list[Any] = []
        for row in iter_eligibility_many_in_scope(unit, [award], year):
            batch.append(row)
            if len(batch) >= ELIGIBILITY_BATCH:
                yield from lines(batch)
                batch = []
        yield from lines(batch)

    def lines(batch: list[Any]) -> Any:
        if not batch:
            return
        names = dict(
            Person.objects.filter(pk__in=[r.person_id for r in batch]).values_list(
                "pk", "full_name"
            )
        )
        missing = {r.unit_id for r in batch} - unit_names.keys()
        if missing:
            unit_names.update(Unit.objects.filter(pk__in=missing).values_list("pk", "name"))
        for row in batch:
            verdict = row.verdicts[award]
            counts["checked"] += 1
            if verdict.eligible:
                counts["eligible"] += 1
            elif only_eligible:
                continue
            yield [
                row.code,
                names.get(row.person_id, ""),
                unit_names.get(row.unit_id, ""),
                _("Yes") if verdict.eligible else _("No"),
                verdict.summary,
                "\n".join(f"{r.code}: {r.message}" for r in verdict.reasons if r.met is False),
                "\n".join(f"{r.code}: {r.message}" for r in verdict.reasons if r.met is None),
            ]
        ctx.report(counts["checked"], total, _("people checked"))

    handle = write_table(
        title=f"{rule.name_vi} ({rule.code}) – {year}",
        subtitle=f"{unit.name} · {timezone.localdate():%d/%m/%Y}",
        sheet=rule.code,
        columns=[
            Column(_("Code"), 14),
            Column(_("Name"), 32),
            Column(_("Unit"), 30),
            Column(_("Eligible"), 12),
            Column(_("Summary"), 50),
            Column(_("Criteria not met"), 60),
            Column(_("For the council to judge"), 50),
        ],
        rows=rows(),
        totals=None,
    )
    try:
        ctx.save_result(handle.read(), f"du-dieu-kien-{award}-{year}-{unit.code}.xlsx")
    finally:
        handle.close()
    ctx.total = counts["checked"]
    return JobOutcome(summary=_("%(checked)s people checked, %(eligible)s eligible.") % counts)


# -- certificates of a decision, one PDF per awardee, in a ZIP -----------------------------


@job_task(requeue_if_lost=True)
def certificates_zip(ctx: JobContext, *, decision_id: int) -> JobOutcome:
    """Each awardee's certificate (``awards.pdf.certificates_pdf``) as its own PDF, in one ZIP
    to print or send unit by unit.  Writes nothing but its file (re-queued if lost)."""
    from django.http import Http404

    from thidua.awards import pdf
    from thidua.awards.models import Commendation, DecisionState
    from thidua.awards.selectors import access_decision

    owner = _owner(ctx)
    try:
        decision = access_decision(owner, decision_id)
    except Http404:
        raise JobFailure(_("This decision does not exist or is outside your scope.")) from None
    if decision.state != DecisionState.ISSUED:
        raise JobFailure(_("Certificates are printed only for an issued decision."))
    rows = list(
        Commendation.objects.filter(decision=decision, revoked_at__isnull=True)
        .select_related("award", "person", "person__unit", "unit", "unit__parent", "nomination")
        .order_by("award__code", "id")
    )
    if not rows:
        raise JobFailure(_("This decision has no awardee left to print."))
    slug = f"QD-{decision.number}-{decision.year}" if decision.number else f"QD-{decision.pk}"
    ctx.report(0, len(rows), _("certificates made"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, commendation in enumerate(rows, start=1):
            subject = commendation.person or commendation.unit
            name = getattr(subject, "full_name", None) or getattr(subject, "name", "")
            try:
                content = pdf.certificates_pdf(decision, [commendation])
            except pdf.PdfUnavailable as error:
                raise JobFailure(str(error)) from None
            label = slugify(fold(str(name or "")))
            archive.writestr(f"Bang-{slug}-{done:03d}-{label}.pdf", content)
            ctx.report(done, len(rows), _("certificates made"))
    ctx.save_result(out.getvalue(), f"Bang-{slug}.zip")
    return JobOutcome(summary=_("%(n)s certificates, one PDF each.") % {"n": len(rows)})


@job_task()
def import_records_file(
    ctx: JobContext, *, kind: str, dry_run: bool = False, file_name: str = ""
) -> JobOutcome:
    """Commendation records (ratings, discipline, initiatives, historical commendations) from
    an .xlsx (``thidua.awards.importers.import_records``: the whole file is checked, then
    written in one transaction)."""
    from thidua.awards import importers

    owner = _owner(ctx)
    total = estimate_rows(ctx.job, (importers.SHEETS[kind],))
    ctx.report(0, total, _("reading the file"))
    with ctx.job.input_file.open("rb") as handle:
        result = importers.import_records(
            kind=kind, actor=owner, source=handle, file_name=file_name, dry_run=dry_run
        )
    ctx.total = result.rows
    return finish_import(
        ctx,
        result,
        receipt_name=f"ket-qua-nhap-{kind}.xlsx",
        errors_name="loi-nhap-khen-thuong.xlsx",
    )
