"""The aggregates against figures counted by hand on the dataset of conftest.py."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from tests.reports.conftest import Data, grow
from thidua.awards.rules.catalog import RULE_SETS
from thidua.reports import selectors
from thidua.reports.forms_catalog import FORMS, Level
from thidua.reports.selectors import Filters

pytestmark = pytest.mark.django_db


def f(data: Data, unit=None, y0: int = 2020, y1: int = 2020, **kw) -> Filters:
    return Filters(year_from=y0, year_to=y1, root=unit or data.cast.province, **kw)


def test_every_award_of_the_catalog_has_a_level() -> None:
    codes = {code for rs in RULE_SETS for code in rs.awards}
    assert codes == {code for code, _level in FORMS}


def test_commendations_by_level_form_and_subject(data: Data) -> None:
    r = selectors.commendation_report(data.cast.office, f(data))
    t = r.total
    assert t.total == 9  # the revoked one and the unrelated province's two are not counted
    assert (t.counts.individual, t.counts.collective, t.counts.household) == (6, 2, 1)
    assert t.by_level == {
        Level.STATE: 1,
        Level.MINISTRY_PROVINCE: 2,
        Level.GRASSROOTS: 6,
        Level.OTHER: 0,
    }
    assert (t.titles, t.commendations) == (6, 3)
    forms = {row.code: row.counts for g in r.groups for row in g.rows}
    assert forms["BK_BT"].individual == 1
    assert forms["LDTT"].individual == 2
    assert forms["GDVH"].household == 1
    assert forms["CO_BT"].collective == 1
    assert [g.level for g in r.groups] == [Level.STATE, Level.MINISTRY_PROVINCE, Level.GRASSROOTS]
    assert [row.code for row in r.groups[1].rows] == ["CO_BT", "BK_BT"]  # print order


def test_by_unit_counts_whole_subtrees_and_the_unit_itself(data: Data) -> None:
    r = selectors.commendation_report(data.cast.office, f(data))
    rows = {u.code: u.figures.total for u in r.units}
    assert rows == {"BL": 1, "BL-SNV": 2, "BL-HD": 6}
    assert r.units[0].itself
    district = selectors.commendation_report(data.cast.officer, f(data, data.cast.district))
    assert {u.code: u.figures.total for u in district.units} == {"BL-HD": 2, "BL-HD-NTLA": 4}


def test_by_year_and_filters(data: Data) -> None:
    r = selectors.commendation_report(data.cast.office, f(data, y0=2019))
    assert [(y.year, y.figures.total) for y in r.years] == [(2019, 1), (2020, 9)]
    assert r.total.total == 10
    state = selectors.commendation_report(data.cast.office, f(data, level=Level.MINISTRY_PROVINCE))
    assert state.total.total == 2
    gk = selectors.commendation_report(data.cast.office, f(data, form="GK"))
    assert gk.total.total == 1  # ST-X1's Giấy khen is not under BL


def test_people_by_gender_ethnicity_and_category(data: Data) -> None:
    p = selectors.people_report(data.cast.office, f(data))
    t = p.total
    assert (t.total, t.women, t.minority, t.workers, t.farmers) == (6, 4, 3, 1, 2)
    assert t.women_share == pytest.approx(4 / 6)
    assert t.workers_farmers_share == pytest.approx(3 / 6)
    assert p.collectives == 3
    assert p.individual_share == pytest.approx(6 / 9)
    ldtt = next(row for row in p.rows if row.code == "LDTT")
    assert (ldtt.figures.total, ldtt.figures.farmers, ldtt.figures.minority) == (2, 1, 1)


def test_campaign_participation_and_results(data: Data) -> None:
    k = selectors.campaign_report(data.cast.office, f(data))
    assert len(k.rows) == 1
    row = k.rows[0]
    assert (row.participating, row.registered, row.approved, row.reported) == (3, 2, 1, 1)
    assert row.review == "final"
    assert row.classes == {"HTXS": 1, "HTT": 0, "HT": 1, "KHT": 0}
    assert (row.standard_met, row.standard_total) == (1, 1)
    # Counted under the district only: HD and NTLA take part.
    d = selectors.campaign_report(data.cast.officer, f(data, data.cast.district))
    assert (d.rows[0].participating, d.rows[0].registered) == (2, 2)
    # Another year: nothing.
    assert selectors.campaign_report(data.cast.office, f(data, y0=2022, y1=2022)).rows == []


def test_scope_is_enforced(data: Data) -> None:
    with pytest.raises(Http404):
        selectors.access_root(data.cast.officer, "BL")  # above the officer's unit
    with pytest.raises(Http404):
        selectors.access_root(data.cast.outsider, "BL-HD")
    assert selectors.access_root(data.cast.officer, None) == data.cast.district
    assert selectors.access_root(data.cast.admin, None) is None
    # The outsider's own report never sees BL's people.
    r = selectors.commendation_report(
        data.cast.outsider, Filters(2020, 2020, root=data.cast.other_province)
    )
    assert r.total.total == 2


def test_the_administrator_sees_every_province(data: Data) -> None:
    r = selectors.commendation_report(data.cast.admin, Filters(2020, 2020, root=None))
    assert r.total.total == 11
    assert {u.code: u.figures.total for u in r.units} == {"BL": 9, "ST": 2}


def _queries(data: Data) -> int:
    selectors.report_bundle(data.cast.office, f(data, y0=2019))  # the account's scope is cached
    with CaptureQueriesContext(connection) as ctx:
        selectors.report_bundle(data.cast.office, f(data, y0=2019))
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_data(data: Data) -> None:
    small = _queries(data)
    grow(data.cast, 6, "a")
    assert selectors.commendation_report(data.cast.office, f(data)).total.total > 9
    big = _queries(data)
    assert small == big
    assert big <= 14
