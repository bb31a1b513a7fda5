"""Report pages, their Excel and Word downloads, and a unit's Word template.

Thin views: parse the filters (``forms.filters_from``: a unit outside the account's scope is
a 404), check the role (``permissions.can_see_reports``: 403 for council members), read
through the selectors (a fixed number of queries), render.  Excel and Word are made in the
request: the reports are aggregates (a few dozen grouped rows), made in well under a second
on the demo province.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.campaigns import charts
from thidua.core.text import fold
from thidua.jobs.selectors import recent_jobs
from thidua.org.permissions import scope_for
from thidua.reports import documents, excel, selectors, services
from thidua.reports.forms import FilterForm, filters_from
from thidua.reports.permissions import can_change_template, can_see_reports
from thidua.reports.selectors import Filters

REPORTS = ("commendations", "units", "people", "campaigns")


def _authorise(request: HttpRequest) -> tuple[Filters, FilterForm]:
    if not can_see_reports(request.user):
        raise PermissionDenied
    return filters_from(request.user, request.GET)


def _query(request: HttpRequest) -> str:
    keep = {k: v for k, v in request.GET.items() if k in FilterForm.base_fields and v}
    from urllib.parse import urlencode

    return urlencode(keep)


def _base_context(request: HttpRequest, filters: Filters, form: FilterForm, name: str) -> dict:
    return {
        "filters": filters,
        "form": form,
        "report": name,
        "report_excel": name if name in REPORTS else "all",
        "query": _query(request),
        "unit_code": filters.root.code if filters.root else "",
    }


def _count_bars(items: list[tuple[str, int]], title: str) -> Any:
    top = max((n for _label, n in items), default=0)
    bars = [charts.Bar(label, n, f"{n:,}".replace(",", ".")) for label, n in items]
    return charts.bar_chart(bars, title=title, max_value=float(top or 1))


def _share_bars(items: list[tuple[str, float | None]], title: str) -> Any:
    bars = [charts.Bar(label, v or 0.0, charts.percent(v)) for label, v in items]
    return charts.bar_chart(bars, title=title, max_value=1.0)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    filters, form = _authorise(request)
    bundle = selectors.report_bundle(request.user, filters)
    c, p, k = bundle["commendations"], bundle["people"], bundle["campaigns"]
    template = selectors.template_for(filters.root)
    return render(
        request,
        "reports/home.html",
        {
            **_base_context(request, filters, form, "home"),
            "c": c,
            "p": p,
            "k": k,
            "level_chart": _count_bars(
                [(label, c.total.by_level[lv]) for lv, label in c.levels],
                _("Commendations by level"),
            ),
            "share_chart": _share_bars(
                [
                    (_("Women"), p.total.women_share),
                    (_("Ethnic minorities"), p.total.minority_share),
                    (_("Direct workers"), p.total.workers_share),
                    (_("Farmers"), p.total.farmers_share),
                ],
                _("Shares among individuals commended"),
            ),
            "custom_template": template,
            "may_change_template": can_change_template(request.user, filters.root),
            "recent_jobs": recent_jobs(request.user, ["reports.pack"]),
        },
    )


@login_required
@require_GET
def commendations(request: HttpRequest) -> HttpResponse:
    filters, form = _authorise(request)
    report = selectors.commendation_report(request.user, filters)
    return render(
        request,
        "reports/commendations.html",
        {
            **_base_context(request, filters, form, "commendations"),
            "r": report,
            "level_chart": _count_bars(
                [(label, report.total.by_level[lv]) for lv, label in report.levels],
                _("Commendations by level"),
            ),
            "year_chart": _count_bars(
                [(str(y.year), y.figures.total) for y in report.years],
                _("Commendations by year"),
            ),
        },
    )


@login_required
@require_GET
def units(request: HttpRequest) -> HttpResponse:
    filters, form = _authorise(request)
    report = selectors.commendation_report(request.user, filters)
    return render(
        request,
        "reports/units.html",
        {
            **_base_context(request, filters, form, "units"),
            "r": report,
            "parent": _visible_parent(request.user, filters),
            "unit_chart": _count_bars(
                [(u.name, u.figures.total) for u in report.units if u.figures.total],
                _("Commendations by unit"),
            ),
        },
    )


def _visible_parent(user: Any, filters: Filters) -> Any:
    """The unit above the report's unit, if the account may see it (for "one level up")."""
    root = filters.root
    if root is None or root.parent_id is None:
        return None
    parent = root.parent
    return parent if scope_for(user).contains(parent) else None


@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    filters, form = _authorise(request)
    report = selectors.people_report(request.user, filters)
    t = report.total
    return render(
        request,
        "reports/people.html",
        {
            **_base_context(request, filters, form, "people"),
            "r": report,
            "share_chart": _share_bars(
                [
                    (_("Women"), t.women_share),
                    (_("Ethnic minorities"), t.minority_share),
                    (_("Direct workers"), t.workers_share),
                    (_("Farmers"), t.farmers_share),
                    (_("Individuals among all commended"), report.individual_share),
                ],
                _("Shares among individuals commended"),
            ),
        },
    )


@login_required
@require_GET
def campaigns(request: HttpRequest) -> HttpResponse:
    filters, form = _authorise(request)
    report = selectors.campaign_report(request.user, filters)
    return render(
        request,
        "reports/campaigns.html",
        {
            **_base_context(request, filters, form, "campaigns"),
            "r": report,
            "totals": report.totals,
            "classes": selectors.CLASSES,
            "registered_chart": _share_bars(
                [(row.name, row.registered_share) for row in report.rows],
                _("Share of participating units registered"),
            ),
            "good_chart": _share_bars(
                [(row.name, row.good_share) for row in report.rows if row.evaluated],
                _("Share of evaluated units completing well or excellently"),
            ),
        },
    )


def _filename(filters: Filters, name: str, ext: str) -> str:
    unit = slugify(fold(filters.root.code)) if filters.root else "toan-he-thong"
    years = (
        str(filters.year_from)
        if filters.year_from == filters.year_to
        else f"{filters.year_from}-{filters.year_to}"
    )
    return f"bao-cao-{name}-{unit}-{years}.{ext}"


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def export_excel(request: HttpRequest, report: str) -> HttpResponse:
    if report not in (*REPORTS, "all"):
        raise Http404
    filters, _form = _authorise(request)
    with translation.override("vi"):
        tables: list[excel.Table] = []
        if report in ("commendations", "units", "all"):
            c = selectors.commendation_report(request.user, filters)
            if report in ("commendations", "all"):
                tables += [excel.forms_table(c), excel.years_table(c)]
            if report in ("units", "all"):
                tables.append(excel.units_table(c))
        if report in ("people", "all"):
            tables.append(excel.people_table(selectors.people_report(request.user, filters)))
        if report in ("campaigns", "all"):
            tables.append(excel.campaigns_table(selectors.campaign_report(request.user, filters)))
        data = excel.workbook(tables, filters)
    return _download(data, _filename(filters, report, "xlsx"), excel.XLSX)


def _context_for(user: Any, filters: Filters) -> dict[str, Any]:
    with translation.override("vi"):
        return documents.report_context(selectors.report_bundle(user, filters), filters)


@login_required
@require_POST
def start_pack(request: HttpRequest) -> HttpResponse:
    """The Excel workbook and the Word report as a background job (``tasks.py``)."""
    from thidua.jobs.services import start_job
    from thidua.reports.tasks import build_report_pack

    filters, _form = _authorise(request)
    job = start_job(
        user=request.user,
        kind="reports.pack",
        title=_("Report pack: %(what)s") % {"what": filters.describe()},
        task=build_report_pack,
        args={
            "unit_code": filters.root.code if filters.root else "",
            "year_from": filters.year_from,
            "year_to": filters.year_to,
            "level": filters.level,
            "form": filters.form,
        },
        total=3,
        return_url=f"{reverse('reports:home')}?{_query(request)}",
        unit=filters.root,
    )
    return redirect("jobs:detail", job_id=job.pk)


@login_required
@require_GET
def export_word(request: HttpRequest) -> HttpResponse:
    filters, _form = _authorise(request)
    context = _context_for(request.user, filters)
    custom = selectors.template_for(filters.root)
    if custom is not None:
        with custom.file.open("rb") as handle:
            data = documents.render(handle, context)
    else:
        data = documents.render(documents.default_template(), context)
    return _download(data, _filename(filters, "tong-hop", "docx"), documents.DOCX)


@login_required
@require_http_methods(["GET", "POST"])
def template_page(request: HttpRequest) -> HttpResponse:
    """The Word template of the report's unit: download the default or the unit's own,
    upload a new one, return to the default."""
    filters, form = _authorise(request)
    unit = filters.root
    may_change = can_change_template(request.user, unit)
    own = selectors.template_for(unit)
    own_here = own if own is not None and unit is not None and own.unit_id == unit.pk else None
    error = ""
    if request.method == "POST":
        if not may_change or unit is None:
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a Word file (.docx) to upload.")
        else:
            try:
                services.template_upload(
                    actor=request.user,
                    unit=unit,
                    upload=upload,
                    context=_context_for(request.user, filters),
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(
                    request,
                    _("The template was saved: the reports of %(unit)s now use it.")
                    % {"unit": unit.name},
                )
                return redirect(f"{reverse('reports:template')}?unit={unit.code}")
    return render(
        request,
        "reports/template.html",
        {
            **_base_context(request, filters, form, "template"),
            "unit": unit,
            "own": own,
            "own_here": own_here,
            "may_change": may_change,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_GET
def template_download(request: HttpRequest, which: str) -> HttpResponse:
    filters, _form = _authorise(request)
    if which == "default":
        data = documents.default_template().read_bytes()
        return _download(data, "mau-bao-cao-tong-hop.docx", documents.DOCX)
    if which != "current":
        raise Http404
    own = selectors.template_for(filters.root)
    if own is None:
        raise Http404
    with own.file.open("rb") as handle:
        data = handle.read()
    code = slugify(fold(own.unit.code)) or "don-vi"
    return _download(data, f"mau-bao-cao-tong-hop-{code}.docx", documents.DOCX)


@login_required
@require_POST
def template_remove(request: HttpRequest) -> HttpResponse:
    filters, _form = _authorise(request)
    unit = filters.root
    if unit is None or not can_change_template(request.user, unit):
        raise PermissionDenied
    if services.template_remove(actor=request.user, unit=unit):
        messages.success(request, _("The unit's own template was removed."))
    return redirect(f"{reverse('reports:template')}?unit={unit.code}")
