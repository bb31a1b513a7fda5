"""Excel import pages: upload forms, templates, and the import itself as a background job.

An upload is stored and handed to ``thidua.jobs.tasks.import_org_file`` (run by
``thidua worker``); the page then shows the job's progress bar (rows checked and saved), and
the job's page its summary, its bad rows and the result workbook (the errors, or a receipt).
The import stays one transaction: a failure, a bad row or a killed worker saves nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.forms import XlsxFileField
from thidua.jobs.selectors import recent_jobs
from thidua.jobs.services import start_job
from thidua.jobs.tasks import import_org_file
from thidua.org.importers import people_template, unit_template
from thidua.org.permissions import can_manage_units, can_write

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = XlsxFileField()
    dry_run = forms.BooleanField(
        label=gettext_lazy("Check only (save nothing)"),
        required=False,
    )


def _allowed(user: Any, what: str) -> bool:
    return can_manage_units(user) if what == "units" else can_write(user)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if not can_write(request.user):
        raise PermissionDenied
    return render(
        request,
        "org/import/index.html",
        {
            "can_units": can_manage_units(request.user),
            "units_form": ImportForm(auto_id="units_%s"),
            "people_form": ImportForm(auto_id="people_%s"),
            "recent_jobs": _recent_jobs(request.user),
        },
    )


def _recent_jobs(user: Any) -> list[Any]:
    """The account's last imports, with their progress bars, on the import page."""
    return recent_jobs(user, ["import.units", "import.people"])


@login_required
@require_http_methods(["GET", "POST"])
def run_import(request: HttpRequest, what: str) -> HttpResponse:
    if not _allowed(request.user, what):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, auto_id=f"{what}_%s")
    if request.method != "POST" or not form.is_valid():
        return render(
            request,
            "org/import/index.html",
            {
                "can_units": can_manage_units(request.user),
                "units_form": form if what == "units" else ImportForm(auto_id="units_%s"),
                "people_form": form if what == "people" else ImportForm(auto_id="people_%s"),
            },
            status=400 if request.method == "POST" else 200,
        )
    upload = form.cleaned_data["file"]
    if what == "units":
        title = _("Import of units from %(file)s") % {"file": upload.name}
    else:
        title = _("Import of people from %(file)s") % {"file": upload.name}
    if form.cleaned_data["dry_run"]:
        title = _("Check only: %(title)s") % {"title": title}
    job = start_job(
        user=request.user,
        kind=f"import.{what}",
        title=title,
        task=import_org_file,
        args={"what": what, "dry_run": form.cleaned_data["dry_run"], "file_name": upload.name},
        input_file=upload,
        return_url=reverse("imports:index"),
    )
    return redirect("jobs:detail", job_id=job.pk)


@login_required
@require_GET
def download_template(request: HttpRequest, what: str) -> HttpResponse:
    if not _allowed(request.user, what):
        raise PermissionDenied
    if what == "units":
        return _xlsx(unit_template(), "mau-nhap-don-vi.xlsx")
    return _xlsx(people_template(), "mau-nhap-can-bo.xlsx")
