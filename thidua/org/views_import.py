"""Excel import pages: upload forms, results (summary or the list of bad rows), templates.

Imports run synchronously in the request for now (a 100,000-row file takes tens of seconds);
they will move to background tasks with a progress bar.
"""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.spreadsheet import RowError, errors_workbook
from thidua.org.importers import (
    ImportResult,
    import_people,
    import_units,
    people_template,
    unit_template,
)
from thidua.org.permissions import can_manage_units, can_write

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "thidua_import_errors"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Check only (save nothing)"),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.THIDUA_MAX_IMPORT_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large (limit %(mb)s MB).") % {"mb": f"{limit / 1024 / 1024:.0f}"}
            )
        return upload


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
        },
    )


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
    run = import_units if what == "units" else import_people
    result = run(
        actor=request.user,
        source=upload,
        file_name=upload.name or "",
        dry_run=form.cleaned_data["dry_run"],
    )
    token = ""
    if not result.ok:
        token = _remember_errors(request, result)
    return render(
        request,
        "org/import/result.html",
        {"result": result, "what": what, "errors": result.errors.sorted(), "token": token},
        status=200 if result.ok else 422,
    )


def _remember_errors(request: HttpRequest, result: ImportResult) -> str:
    token = secrets.token_urlsafe(12)
    request.session[SESSION_KEY] = {
        "token": token,
        "more": result.errors.more,
        "rows": [[e.sheet, e.row, e.column, e.title, e.message] for e in result.errors.sorted()],
    }
    return token


@login_required
@require_GET
def download_errors(request: HttpRequest, token: str) -> HttpResponse:
    if not can_write(request.user):
        raise PermissionDenied
    stored = request.session.get(SESSION_KEY)
    if not stored or not secrets.compare_digest(stored.get("token", ""), token):
        raise Http404
    errors = [RowError(*row) for row in stored["rows"]]
    return _xlsx(errors_workbook(errors, more=stored["more"]), "loi-nhap-du-lieu.xlsx")


@login_required
@require_GET
def download_template(request: HttpRequest, what: str) -> HttpResponse:
    if not _allowed(request.user, what):
        raise PermissionDenied
    if what == "units":
        return _xlsx(unit_template(), "mau-nhap-don-vi.xlsx")
    return _xlsx(people_template(), "mau-nhap-can-bo.xlsx")
