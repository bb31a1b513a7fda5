"""The demo's statistics rows: loaded once, through the registry's services."""

from __future__ import annotations

from io import StringIO

import pytest

from tests.conftest import Cast
from tests.factories import PersonFactory, UserFactory
from thidua.awards.models import Commendation
from thidua.org.models import Role
from thidua.reports import demo, selectors
from thidua.reports.selectors import Filters

pytestmark = pytest.mark.django_db


def test_the_demo_rows_load_once_and_show_in_the_reports(cast: Cast) -> None:
    UserFactory.create(username="vanphong", role=Role.OFFICE, unit=cast.province)
    for i in range(3):
        PersonFactory.create(code=f"F{i}", full_name=f"Nông Dân {i}", gender="male",
                             category="farmer", unit=cast.commune)  # fmt: skip
    PersonFactory.create(code="W1", full_name="Công Nhân", gender="female",
                         category="direct_worker", unit=cast.department)  # fmt: skip
    out = StringIO()
    written = demo.run_from_command(out)
    # 3 Giấy khen to farmers (one revoked), 1 to a worker, 3 households, BK_BT and BK_TTG
    # to the commune (the other two communes of the list are not in the cast).
    assert written == 3 + 1 + 3 + 1 + 1
    assert Commendation.objects.filter(revoked_at__isnull=False).count() == 1
    assert demo.run_from_command(out) == 0
    assert Commendation.objects.count() == written
    assert "nothing was changed" in out.getvalue() or "không thay đổi" in out.getvalue()
    report = selectors.people_report(cast.office, Filters(2019, 2020, root=cast.province))
    assert report.total.farmers == 2  # the revoked one does not count
    assert report.total.workers == 1
