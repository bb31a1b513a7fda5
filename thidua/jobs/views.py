"""Pages of jobs: "My jobs" (``/jobs/``), one job's page, its progress fragment (polled by
HTMX; without JavaScript the page refreshes itself) and its result file."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua.jobs.selectors import access_job, jobs_visible_to, with_live_progress

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
