"""The report pack as a background job: the Excel workbook of every table and the Word
report, zipped, for a long period or a large subtree (``thidua worker`` runs it).

The reports are aggregates and are normally made in the request; the job exists so that an
office can ask for a many-year pack and keep working while it is made.  It writes nothing but
its result file, so a job whose worker died is simply queued again.
"""

from __future__ import annotations

import io
import zipfile

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.jobs.runner import JobContext, JobFailure, JobOutcome, job_task
from thidua.reports import documents, excel, selectors
from thidua.reports.permissions import can_see_reports
from thidua.reports.selectors import Filters


def pack_name(filters: Filters) -> str:
    unit = filters.root.code if filters.root is not None else "toan-he-thong"
    years = (
        str(filters.year_from)
        if filters.year_from == filters.year_to
        else f"{filters.year_from}-{filters.year_to}"
    )
    return f"bao-cao-{unit}-{years}"


@job_task(requeue_if_lost=True)
def build_report_pack(
    ctx: JobContext,
    *,
    unit_code: str,
    year_from: int,
    year_to: int,
    level: str = "",
    form: str = "",
) -> JobOutcome:
    owner = ctx.job.owner
    if owner is None or not owner.is_active or not can_see_reports(owner):
        raise JobFailure(_("The account that asked for this report may no longer see reports."))
    try:
        root = selectors.access_root(owner, unit_code or None)
    except Http404:
        raise JobFailure(
            _("The account that asked for this report may no longer see the unit %(code)s.")
            % {"code": unit_code}
        ) from None
    filters = Filters(year_from=year_from, year_to=year_to, root=root, level=level, form=form)
    ctx.report(0, 3, _("Counting"))
    with translation.override("vi"):
        bundle = selectors.report_bundle(owner, filters)
        ctx.report(1, 3, _("Writing the Excel workbook"))
        workbook = excel.workbook(
            [
                excel.forms_table(bundle["commendations"]),
                excel.years_table(bundle["commendations"]),
                excel.units_table(bundle["commendations"]),
                excel.people_table(bundle["people"]),
                excel.campaigns_table(bundle["campaigns"]),
            ],
            filters,
        )
        ctx.report(2, 3, _("Writing the Word report"))
        context = documents.report_context(bundle, filters)
        custom = selectors.template_for(root)
        if custom is not None:
            with custom.file.open("rb") as handle:
                word = documents.render(handle, context)
        else:
            word = documents.render(documents.default_template(), context)
    name = pack_name(filters)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.xlsx", workbook)
        archive.writestr(f"{name}.docx", word)
    ctx.save_result(out.getvalue(), f"{name}.zip")
    ctx.report(3, 3)
    total = bundle["commendations"].total.total
    summary = _("%(n)s commendations counted; the Excel workbook and the Word report are ready.")
    return JobOutcome(summary=summary % {"n": total})
