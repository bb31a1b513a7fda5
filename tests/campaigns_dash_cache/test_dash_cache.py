"""The dashboard cache: same figures as computing afresh, never stale, never shared
between accounts that see different units, and a warm request costs a few queries."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from typing import Any

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.campaigns.conftest import add_communes, registered
from tests.campaigns_dash.conftest import ON, Small
from tests.conftest import Cast
from thidua.campaigns import dash_cache, services
from thidua.campaigns.models import (
    Campaign,
    CampaignState,
    CriteriaSet,
    Evaluation,
    ReviewStage,
)
from thidua.campaigns.views_dash import Dashboard, Filters, build_dashboard
from thidua.org import services as org_services


def url(campaign: Campaign, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"on": ON.isoformat(), **params}.items())
    return reverse("campaign_dash:overview", args=[campaign.pk]) + "?" + query


def figures(board: Dashboard) -> dict[str, Any]:
    """Every number the overview shows, in comparable form."""
    return {
        "rows": [
            (
                r.code,
                r.name,
                r.group,
                r.state,
                r.attainment,
                r.proposed_class,
                r.items,
                r.done,
                r.at_risk,
                r.last_report,
                r.rank,
            )
            for r in board.rows
        ],
        "groups": [(g.code, g.units, g.approved, g.attainment) for g in board.group_rows],
        "key_works": [(k.pk, k.attainment, k.status) for k in board.key_works],
        "status_counts": board.status_counts,
        "series": (board.series_dates, board.series_values),
        "trackers": [
            (t.criteria_set.code, t.met, t.total, [(u.code, u.met) for u in t.units])
            for t in board.trackers
        ],
        "counts": (
            board.participating,
            board.registered,
            board.approved,
            board.reported_this_week,
            board.overall,
            board.items_at_risk,
            board.units_at_risk,
        ),
        "root": board.root.pk if board.root else None,
    }


def fresh(cast: Cast, user: Any, campaign: Campaign, group: str = "") -> dict[str, Any]:
    """The figures computed without the cache."""
    campaign = Campaign.objects.select_related("issuing_unit").get(pk=campaign.pk)
    return figures(build_dashboard(user, campaign, Filters(on=ON, group=group)))


def shown(client: Any, campaign: Campaign, **params: str) -> dict[str, Any]:
    response = client.get(url(campaign, **params))
    assert response.status_code == 200
    return figures(response.context["board"])


def without_tokens(html: str) -> str:
    """The page without what differs between two renders of the same figures: CSRF tokens
    and the charts' element ids (a counter in the process)."""
    html = re.sub(r"[A-Za-z0-9]{32,}", "TOKEN", html)
    return re.sub(r"\b(line|bar|spark)-\d+", r"\1-N", html)


def test_cached_and_computed_pages_show_the_same_figures(cast: Cast, small: Small) -> None:
    client = cast.client_for(cast.office)
    cold = client.get(url(small.campaign))
    warm = client.get(url(small.campaign))
    assert figures(cold.context["board"]) == fresh(cast, cast.office, small.campaign)
    assert figures(warm.context["board"]) == fresh(cast, cast.office, small.campaign)
    assert without_tokens(warm.content.decode()) == without_tokens(cold.content.decode())
    # Sorting and paging are applied to the cached board, not baked into it.
    by_name = client.get(url(small.campaign, sort="name"))
    names = [r.name for r in by_name.context["page_obj"]]
    assert names == sorted(names)


def test_filters_have_their_own_entries(cast: Cast, small: Small) -> None:
    client = cast.client_for(cast.office)
    shown(client, small.campaign)
    district = shown(client, small.campaign, district="BL-HD")
    assert district == fresh(cast, cast.office, small.campaign, group="BL-HD")
    assert district["counts"][0] == 2
    earlier = shown(client, small.campaign, on="2020-06-05")
    assert earlier["series"][0][-1] == dt.date(2020, 6, 5)


def test_a_progress_report_shows_on_the_next_request(cast: Cast, small: Small) -> None:
    client = cast.client_for(cast.office)
    before = shown(client, small.campaign)
    services.progress_report(
        actor=cast.officer, target=small.district_target, value=90, as_of=dt.date(2020, 7, 3)
    )
    after = shown(client, small.campaign)
    assert after != before
    assert after == fresh(cast, cast.office, small.campaign)
    assert after["counts"][4] > before["counts"][4]


def test_a_key_work_report_shows_on_the_next_request(cast: Cast, small: Small) -> None:
    client = cast.client_for(cast.office)
    before = shown(client, small.campaign)
    services.progress_report(
        actor=cast.officer, key_work=small.district_work, percent=50, as_of=dt.date(2020, 7, 2)
    )
    after = shown(client, small.campaign)
    assert after["status_counts"]["not_started"] == before["status_counts"]["not_started"] - 1
    assert after == fresh(cast, cast.office, small.campaign)


def test_an_approval_shows_on_the_next_request(cast: Cast, small: Small) -> None:
    client = cast.client_for(cast.office)
    (commune,) = add_communes(cast, 1)
    before = shown(client, small.campaign)
    registration = services.registration_create(
        actor=commune.officer, campaign=small.campaign, unit=commune.unit
    )
    services.target_add(
        actor=commune.officer,
        registration=registration,
        name="Chỉ tiêu",
        baseline=0,
        target_value=10,
    )
    services.key_work_add(actor=commune.officer, registration=registration, name="Công trình")
    services.registration_submit(actor=commune.officer, registration=registration)
    submitted = shown(client, small.campaign)
    assert submitted["counts"][1] == before["counts"][1] + 1  # registered
    assert submitted["counts"][2] == before["counts"][2]  # approved
    services.registration_approve(actor=cast.officer, registration=registration)
    approved = shown(client, small.campaign)
    assert approved["counts"][2] == before["counts"][2] + 1
    assert approved == fresh(cast, cast.office, small.campaign)


def test_a_target_change_shows_on_the_next_request(cast: Cast, small: Small) -> None:
    """Targets change only while their registration is a draft (or returned); the edit
    changes the fingerprint at once, and the edited value is what counts once approved."""
    client = cast.client_for(cast.office)
    (commune,) = add_communes(cast, 1)
    registration = services.registration_create(
        actor=commune.officer, campaign=small.campaign, unit=commune.unit
    )
    target = services.target_add(
        actor=commune.officer,
        registration=registration,
        name="Chỉ tiêu",
        baseline=0,
        target_value=10,
    )
    services.key_work_add(actor=commune.officer, registration=registration, name="Công trình")
    shown(client, small.campaign)
    fingerprint = dash_cache.data_fingerprint()
    services.target_update(actor=commune.officer, target=target, target_value=40)
    assert dash_cache.data_fingerprint() != fingerprint
    services.registration_submit(actor=commune.officer, registration=registration)
    services.registration_approve(actor=cast.officer, registration=registration)
    services.progress_report(
        actor=commune.officer, target=target, value=10, as_of=dt.date(2020, 7, 1)
    )
    after = shown(client, small.campaign)
    row = next(r for r in after["rows"] if r[0] == commune.unit.code)
    assert row[4] == pytest.approx((10 / 40 + 0) / 2)  # not (10 / 10 + 0) / 2
    assert after == fresh(cast, cast.office, small.campaign)


def test_a_criterion_assessment_shows_on_the_next_request(
    cast: Cast, small: Small, ntm: CriteriaSet
) -> None:
    client = cast.client_for(cast.office)
    before = shown(client, small.campaign)
    assert before["trackers"][0][1] == 0
    for criterion in ntm.criteria.filter(number__lte=2):
        services.criterion_assess(
            actor=cast.officer,
            unit=cast.commune,
            criterion=criterion,
            met=True,
            assessed_on=dt.date(2020, 7, 1),
        )
    after = shown(client, small.campaign)
    assert after["trackers"][0][1] == 1  # the commune now meets all 19 criteria
    assert after["counts"][4] > before["counts"][4]  # the district's standard target is met
    assert after == fresh(cast, cast.office, small.campaign)


def test_an_evaluation_changes_the_fingerprint(cast: Cast, small: Small) -> None:
    """The overview shows no evaluation, but a computed or overridden class is part of the
    fingerprint so nothing built on it can be served stale."""
    client = cast.client_for(cast.office)
    services.campaign_transition(
        actor=cast.office, campaign=small.campaign, to_state=CampaignState.INTERIM_REVIEW
    )
    shown(client, small.campaign)
    fingerprint = dash_cache.data_fingerprint()
    services.evaluation_compute(
        actor=cast.office, campaign=small.campaign, stage=ReviewStage.INTERIM
    )
    computed = dash_cache.data_fingerprint()
    assert computed != fingerprint
    evaluation = Evaluation.objects.filter(campaign=small.campaign).first()
    assert evaluation is not None
    services.evaluation_override(
        actor=cast.office, evaluation=evaluation, final_class="HTT", reason="Kiểm tra lại"
    )
    assert dash_cache.data_fingerprint() != computed
    assert shown(client, small.campaign) == fresh(cast, cast.office, small.campaign)


def test_a_renamed_unit_shows_on_the_next_request(cast: Cast, small: Small) -> None:
    client = cast.client_for(cast.office)
    shown(client, small.campaign)
    org_services.unit_update(actor=cast.admin, unit=cast.department, name="Sở Nội vụ mới")
    after = shown(client, small.campaign)
    assert "Sở Nội vụ mới" in [r[1] for r in after["rows"]]


@pytest.mark.parametrize("first", ["office", "officer"])
def test_accounts_never_see_each_others_figures(cast: Cast, small: Small, first: str) -> None:
    order = [cast.office, cast.officer] if first == "office" else [cast.officer, cast.office]
    for user in order * 2:  # cold then warm for each account
        response = cast.client_for(user).get(url(small.campaign))
        html = response.content.decode()
        assert figures(response.context["board"]) == fresh(cast, user, small.campaign)
        if user == cast.officer:
            assert response.context["board"].participating == 2
            assert "Sở Nội vụ" not in html
        else:
            assert response.context["board"].participating == 3
    assert cast.client_for(cast.outsider).get(url(small.campaign)).status_code == 404
    assert (
        cast.client_for(cast.commune_officer)
        .get(url(small.campaign))
        .context["board"]
        .participating
        == 1
    )


def test_exports_read_the_same_cached_figures(cast: Cast, small: Small) -> None:
    client = cast.client_for(cast.office)
    export = reverse("campaign_dash:export", args=[small.campaign.pk, "units"])
    assert client.get(export + f"?on={ON.isoformat()}").status_code == 200
    services.progress_report(
        actor=cast.officer, target=small.district_target, value=90, as_of=dt.date(2020, 7, 3)
    )
    assert shown(client, small.campaign) == fresh(cast, cast.office, small.campaign)
    assert cast.client_for(cast.outsider).get(export).status_code == 404


def test_a_warm_request_costs_few_queries_however_large_the_campaign(
    cast: Cast, small: Small
) -> None:
    client = cast.client_for(cast.office)
    client.get(url(small.campaign))  # cold: computes and fills the cache
    # (each request empties the query log: empty it before counting too)
    dash_cache.cache.clear()
    reset_queries()
    with CaptureQueriesContext(connection) as cold_again:
        client.get(url(small.campaign))
    cold_count = len(cold_again)  # now: the captured list is read from the live log
    reset_queries()
    with CaptureQueriesContext(connection) as warm:
        client.get(url(small.campaign))
    warm_sql = [q["sql"] for q in warm.captured_queries]
    for commune in add_communes(cast, 6):
        reg = registered(
            small.campaign, commune.unit, commune.officer, approver=cast.officer, targets=2
        )
        for target in reg.targets.all():
            services.progress_report(actor=commune.officer, target=target, value=30, as_of=ON)
    client.get(url(small.campaign))
    reset_queries()
    with CaptureQueriesContext(connection) as warm_larger:
        response = client.get(url(small.campaign))
    assert response.context["board"].participating == 9
    assert len(warm_larger) == len(warm_sql), [q["sql"] for q in warm_larger.captured_queries]
    assert len(warm_sql) <= 8, warm_sql
    assert len(warm_sql) < cold_count - 15


def test_one_request_computes_while_the_others_wait() -> None:
    calls = []
    results = []

    def compute() -> int:
        calls.append(1)
        time.sleep(0.3)
        return 42

    def worker() -> None:
        results.append(dash_cache.get_or_compute("thidua:test:herd", compute))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 8
    assert len(calls) == 1


def test_a_failed_computation_frees_the_lock() -> None:
    def broken() -> int:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        dash_cache.get_or_compute("thidua:test:broken", broken)
    assert dash_cache.get_or_compute("thidua:test:broken", lambda: 7) == 7


def test_the_cached_page_body_never_carries_another_accounts_shell(
    cast: Cast, small: Small
) -> None:
    """The officer and the viewer of the same district share the cached figures and body;
    each page still shows its own account's name and a fresh CSRF token."""
    first = cast.client_for(cast.officer).get(url(small.campaign)).content.decode()
    second = cast.client_for(cast.viewer).get(url(small.campaign)).content.decode()
    assert without_tokens(first) != without_tokens(second)
    for html, user, other in (
        (first, cast.officer, cast.viewer),
        (second, cast.viewer, cast.officer),
    ):
        name = user.full_name or user.username
        other_name = other.full_name or other.username
        assert name in html
        assert other_name not in html
    token = re.compile(r'"X-CSRFToken": "([^"]+)"')
    first_token, second_token = token.search(first), token.search(second)
    assert first_token and second_token and first_token.group(1) != second_token.group(1)
    body = re.compile(r'<section class="stats".*</section>', re.S)
    first_body, second_body = body.search(first), body.search(second)
    assert first_body and second_body and first_body.group(0) == second_body.group(0)


def test_each_page_and_sort_has_its_own_body(cast: Cast, small: Small) -> None:
    client = cast.client_for(cast.office)
    codes = []
    for sort in ("code", "-code", "code"):
        response = client.get(url(small.campaign, sort=sort))
        codes.append(re.findall(r"BL-[A-Z-]+", response.content.decode().split("Ranking")[-1]))
    assert codes[0] == codes[2] != codes[1]


def test_a_removed_target_changes_the_fingerprint(cast: Cast, small: Small) -> None:
    """Row counts are not in the fingerprint (COUNT(*) scans the table); a deletion is seen
    through the audit event its service writes, even when it is not the newest row."""
    (commune,) = add_communes(cast, 1)
    registration = services.registration_create(
        actor=commune.officer, campaign=small.campaign, unit=commune.unit
    )
    first = services.target_add(
        actor=commune.officer, registration=registration, name="Một", baseline=0, target_value=1
    )
    services.target_add(
        actor=commune.officer, registration=registration, name="Hai", baseline=0, target_value=2
    )
    fingerprint = dash_cache.data_fingerprint()
    services.target_remove(actor=commune.officer, target=first)  # not the highest id
    assert dash_cache.data_fingerprint() != fingerprint


def test_a_warm_page_is_served_without_loading_the_board(
    cast: Cast, small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the page body cached for these figures, the board is neither computed nor read
    from the cache (unpickling it was half of a warm request at 200,000 reports)."""
    from thidua.campaigns import views_dash

    client = cast.client_for(cast.office)
    cold = client.get(url(small.campaign))
    assert cold.status_code == 200

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the board was loaded for a cached page")

    monkeypatch.setattr(views_dash, "cached_dashboard", refuse)
    warm = client.get(url(small.campaign))
    assert warm.status_code == 200
    assert without_tokens(warm.content.decode()) == without_tokens(cold.content.decode())
    # Another page of the same figures is not cached yet: it needs the board.
    with pytest.raises(AssertionError, match="board was loaded"):
        client.get(url(small.campaign, sort="name"))
