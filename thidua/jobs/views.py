"""Pages of jobs: "My jobs" (``/jobs/``), one job's page, its progress fragment (polled by
HTMX; without JavaScript the page refreshes itself) and its result file."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from thidua.jobs.selectors import access_job, jobs_visible_to, recent_jobs, with_live_progress
from thidua.jobs.services import start_job
from thidua.jobs.tasks import certificates_zip, eligibility_workbook
from thidua.org.permissions import access_unit

PAGE_SIZE = 50


def _job_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise Http404 from None


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = jobs_visible_to(request.user)
    if request.GET.get("all") != "1":
        jobs = jobs.filter(owner_id=request.user.pk)
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    with_live_progress(list(page.object_list))
    return render(
        request,
        "jobs/list.html",
        {"page": page, "jobs": page.object_list, "show_all": request.GET.get("all") == "1"},
    )


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: str) -> HttpResponse:
    job = access_job(request.user, _job_id(job_id))
    return render(request, "jobs/detail.html", {"job": job})


@login_required
@require_GET
def job_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    job = access_job(request.user, _job_id(job_id))
    return render(request, "jobs/_progress.html", {"job": job})


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: str) -> FileResponse:
    job = access_job(request.user, _job_id(job_id))
    if not job.result_file:
        raise Http404
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=job.result_name or "ket-qua")


class EligibilityJobForm(forms.Form):
    unit = forms.CharField(label=gettext_lazy("Unit code"), max_length=64)
    award = forms.ChoiceField(label=gettext_lazy("Award"))
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    only_eligible = forms.BooleanField(
        label=gettext_lazy("Only the eligible"), required=False, initial=True
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from thidua.awards.views_records import award_rules

        field = self.fields["award"]
        assert isinstance(field, forms.ChoiceField)
        rules = award_rules(year, "individual")
        field.choices = [(r.code, f"{r.name_vi} ({r.code})") for r in rules]


@login_required
@require_http_methods(["GET", "POST"])
def start_eligibility(request: HttpRequest) -> HttpResponse:
    """Start "check everyone under this unit for award A in year Y" as a job (an Excel file
    with every verdict and its reasons).  The unit must be in the account's scope (404)."""
    user: Any = request.user
    raw_year = request.POST.get("year") or request.GET.get("year") or ""
    year = int(raw_year) if raw_year.isdigit() else timezone.localdate().year - 1
    year = min(max(year, 2000), 2100)  # the form's own bounds; the rule sets need a real date
    initial = {"unit": getattr(user.unit, "code", "") if user.unit_id else "", "year": year}
    form = EligibilityJobForm(request.POST or None, initial=initial, year=year)
    if request.method == "POST" and form.is_valid():
        unit = access_unit(user, form.cleaned_data["unit"].strip())
        job = start_job(
            user=user,
            kind="awards.eligibility",
            title=_("Eligibility for %(award)s %(year)s under %(unit)s")
            % {"award": form.cleaned_data["award"], "year": year, "unit": unit.name},
            task=eligibility_workbook,
            args={
                "unit_code": unit.code,
                "award": form.cleaned_data["award"],
                "year": year,
                "only_eligible": form.cleaned_data["only_eligible"],
            },
            unit=unit,
            return_url=reverse("jobs:new_eligibility"),
        )
        return redirect("jobs:detail", job_id=job.pk)
    return render(
        request,
        "jobs/new_eligibility.html",
        {"form": form, "recent_jobs": recent_jobs(user, ["awards.eligibility"])},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def start_certificates(request: HttpRequest) -> HttpResponse:
    """Start the certificates of an issued decision (one PDF per awardee, in a ZIP) as a job.
    Only decisions of the account's scope are offered or accepted (404)."""
    from thidua.awards.models import DecisionState
    from thidua.awards.selectors import access_decision, decisions_visible_to

    user: Any = request.user
    if request.method == "POST":
        raw = request.POST.get("decision", "")
        if not raw.isdigit():
            raise Http404
        decision = access_decision(user, int(raw))
        if decision.state != DecisionState.ISSUED:
            raise Http404
        label = f"{decision.number}/{decision.year}" if decision.number else str(decision.pk)
        job = start_job(
            user=user,
            kind="awards.certificates",
            title=_("Certificates of decision %(number)s") % {"number": label},
            task=certificates_zip,
            args={"decision_id": decision.pk},
            unit=decision.authority_unit,
            return_url=reverse("jobs:new_certificates"),
        )
        return redirect("jobs:detail", job_id=job.pk)
    decisions = (
        decisions_visible_to(user)
        .filter(state=DecisionState.ISSUED)
        .order_by("-year", "-number")[:200]
    )
    return render(
        request,
        "jobs/new_certificates.html",
        {"decisions": decisions, "recent_jobs": recent_jobs(request.user, ["awards.certificates"])},
    )
