"""Each page that starts a job lists the account's own recent jobs of that kind with their
progress bars (``jobs/_recent.html``); another account's jobs never appear there."""

from __future__ import annotations

import pytest

from tests.conftest import Cast
from thidua.jobs.models import Job, JobState

pytestmark = pytest.mark.django_db

PAGES = [
    ("/imports/", "import.people"),
    ("/awards/imports/", "import.records.ratings"),
    ("/reports/", "reports.pack"),
    ("/jobs/new/eligibility/", "awards.eligibility"),
    ("/jobs/new/certificates/", "awards.certificates"),
]


@pytest.mark.parametrize(("page", "kind"), PAGES)
def test_the_page_lists_the_accounts_own_recent_jobs(cast: Cast, page: str, kind: str) -> None:
    mine = Job.objects.create(
        owner=cast.office,
        unit=cast.province,
        kind=kind,
        title="Việc của văn phòng",
        state=JobState.RUNNING,
    )
    Job.objects.create(owner=cast.admin, kind=kind, title="Việc của quản trị viên")
    Job.objects.create(owner=cast.office, kind="other.kind", title="Việc loại khác")
    response = cast.client_for(cast.office).get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="job-{mine.pk}"' in html and "Việc của văn phòng" in html
    assert f'hx-get="/jobs/{mine.pk}/progress/"' in html  # the bar polls while it runs
    assert "Việc của quản trị viên" not in html and "Việc loại khác" not in html


def test_no_section_without_jobs(cast: Cast) -> None:
    html = cast.client_for(cast.office).get("/imports/").content.decode()
    assert 'id="recent-jobs"' not in html
