"""What the campaign endpoints answer: shapes, filters, pagination, validation in Vietnamese,
multipart evidence, the roll-up, the OpenAPI schema and constant query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.campaigns.conftest import add_communes, pdf_bytes, png_bytes, registered, upload
from tests.campaigns_api.conftest import World, client_for
from thidua.campaigns import services
from thidua.campaigns.models import Campaign, ProgressUpdate, RegistrationState


def count_queries(fn: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_campaign_detail_has_counts_dates_and_thresholds(world: World) -> None:
    body = world.client("office").get(f"/api/v1/campaigns/{world.campaign.pk}").json()
    assert body["code"] == world.campaign.code
    assert body["state"] == "launched" and body["state_label"] == "Đã phát động"
    assert body["issuing_unit"] == {"code": "BL", "name": "Tỉnh Bạc Liêu"}
    assert (body["start_date"], body["deadline"]) == ("2020-05-15", "2020-09-02")
    # District, its two communes and the department take part.
    assert body["participants_count"] == 4
    assert (body["registrations_count"], body["approved_count"]) == (3, 1)
    assert body["thresholds"] == {"htxs": "1.0000", "htt": "0.9000", "ht": "0.7000"}
    assert (body["min_key_works"], body["max_key_works"]) == (1, 2)


def test_campaign_list_filters_and_pages(world: World) -> None:
    cast = world.cast
    services.campaign_create(
        actor=cast.office,
        code="BL-2021",
        name="Thi đua năm 2021",
        issuing_unit=cast.province,
        start_date=dt.date(2021, 1, 1),
    )
    client = world.client("office")
    codes = lambda **q: [c["code"] for c in client.get("/api/v1/campaigns", q).json()["items"]]  # noqa: E731
    assert codes() == ["BL-2021", world.campaign.code]
    assert codes(state="draft") == ["BL-2021"]
    assert codes(year=2020) == [world.campaign.code]
    page = client.get("/api/v1/campaigns", {"limit": 1, "offset": 1}).json()
    assert (page["count"], [c["code"] for c in page["items"]]) == (2, [world.campaign.code])
    # A draft is seen on the issuing side only.
    assert [
        c["code"] for c in world.client("officer").get("/api/v1/campaigns").json()["items"]
    ] == [world.campaign.code]
    bad = client.get("/api/v1/campaigns", {"state": "nonsense", "limit": "0"})
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid"
    assert {e["field"] for e in bad.json()["errors"]} == {"state", "limit"}


def test_registration_detail_shows_targets_key_works_and_pledges(world: World) -> None:
    cast = world.cast
    services.progress_report(
        actor=cast.commune_officer, target=world.commune_target, value=2, as_of=dt.date(2020, 7, 1)
    )
    body = world.client("officer").get(f"/api/v1/registrations/{world.commune_reg.pk}").json()
    assert body["unit"]["code"] == "BL-HD-NTLA" and body["state"] == "approved"
    assert body["campaign"]["id"] == world.campaign.pk
    [target] = body["targets"]
    assert target["name"] == "Đường giao thông nông thôn được mở rộng"
    assert target["current"] == 2.0 and target["attainment"] == pytest.approx(0.5)
    [work] = body["key_works"]
    assert [m["name"] for m in work["milestones"]] == ["Khởi công", "Hoàn thành"]
    assert body["pledges"] == []
    assert body["attainment"] == pytest.approx(0.25)  # (0.5 + 0) / 2


def test_register_create_and_full_cycle_through_the_api(world: World) -> None:
    [extra] = add_communes(world.cast, 1, prefix="Z")
    client = client_for(world.cast, "office")
    own = Client(HTTP_AUTHORIZATION=_bearer(extra.officer))
    url = f"/api/v1/campaigns/{world.campaign.pk}/registrations"
    created = own.post(url, {"unit": extra.unit.code}, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    again = own.post(url, {"unit": extra.unit.code}, content_type="application/json")
    assert again.status_code == 422
    assert again.json()["detail"] == f"{extra.unit.name} đã đăng ký đợt thi đua này."
    early = own.post(f"/api/v1/registrations/{pk}/submit")
    assert early.status_code == 422
    assert "Cần" in early.json()["detail"] or "ít nhất" in early.json()["detail"]
    wrong = own.post(
        f"/api/v1/registrations/{pk}/targets",
        {"name": "Tỷ lệ hộ nghèo", "baseline": "5", "target_value": "3"},
        content_type="application/json",
    )
    assert wrong.status_code == 422
    assert "Tỷ lệ hộ nghèo" in wrong.json()["detail"]
    ok = own.post(
        f"/api/v1/registrations/{pk}/targets",
        {
            "name": "Tỷ lệ hộ nghèo",
            "baseline": "5",
            "target_value": "3",
            "direction": "less_is_better",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["direction"] == "less_is_better"
    missing_name = own.post(
        f"/api/v1/registrations/{pk}/key-works", {}, content_type="application/json"
    )
    assert missing_name.status_code == 422
    assert missing_name.json()["errors"][0]["field"] == "payload.name"
    for name in ("Cầu ấp", "Nhà văn hóa"):
        r = own.post(
            f"/api/v1/registrations/{pk}/key-works", {"name": name}, content_type="application/json"
        )
        assert r.status_code == 201
    third = own.post(
        f"/api/v1/registrations/{pk}/key-works", {"name": "Thừa"}, content_type="application/json"
    )
    assert third.status_code == 422 and "2" in third.json()["detail"]
    assert own.post(f"/api/v1/registrations/{pk}/submit").json()["state"] == "submitted"
    no_reason = client.post(
        f"/api/v1/registrations/{pk}/return", {"reason": " "}, content_type="application/json"
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["detail"] == "Cần nêu lý do trả lại bản đăng ký."
    returned = client.post(
        f"/api/v1/registrations/{pk}/return",
        {"reason": "Bổ sung chỉ tiêu"},
        content_type="application/json",
    ).json()
    assert (returned["state"], returned["returned_reason"]) == ("returned", "Bổ sung chỉ tiêu")
    own.post(f"/api/v1/registrations/{pk}/submit")
    assert client.post(f"/api/v1/registrations/{pk}/approve").json()["state"] == "approved"


def _bearer(user: Any) -> str:
    from thidua.api import services as api_services

    _token, secret = api_services.token_create(actor=None, user=user, name="t")
    return f"Bearer {secret}"


def test_progress_with_evidence_as_multipart(world: World) -> None:
    client = world.client("commune_officer")
    url = f"/api/v1/targets/{world.commune_target.pk}/progress"
    response = client.post(
        url,
        {
            "value": "1.2",
            "as_of": "2020-06-30",
            "note": "Đã đổ bê tông 1,2 km",
            "evidence": [upload("anh.png", png_bytes()), upload("bien-ban.pdf", pdf_bytes())],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["value"] == "1.2000" and body["note"] == "Đã đổ bê tông 1,2 km"
    assert [e["content_type"] for e in body["evidence"]] == ["image/png", "application/pdf"]
    assert body["evidence"][0]["thumbnail_url"] and body["evidence"][1]["thumbnail_url"] is None
    bad = client.post(url, {"value": "2", "evidence": [upload("x.png", b"not an image")]})
    assert bad.status_code == 422
    assert "x.png" in bad.json()["detail"]
    future = client.post(url, {"value": "2", "as_of": "2999-01-01"})
    assert (
        future.status_code == 422 and future.json()["detail"] == "Ngày báo cáo tiến độ ở tương lai."
    )
    assert ProgressUpdate.objects.count() == 1
    listed = client.get(url).json()
    assert listed["count"] == 1 and len(listed["items"][0]["evidence"]) == 2


def test_key_work_progress_with_a_milestone(world: World) -> None:
    client = world.client("commune_officer")
    url = f"/api/v1/key-works/{world.commune_work.pk}/progress"
    first = world.commune_work.milestones.order_by("position").first()
    assert first is not None
    response = client.post(
        url, {"percent": "30", "milestone": str(first.pk), "as_of": "2020-06-20"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["milestone"] == "Khởi công"
    other = client.post(url, {"milestone": "999999"})
    assert other.status_code == 422
    value_on_work = client.post(url, {"percent": "120"})
    assert value_on_work.status_code == 422
    assert value_on_work.json()["detail"] == "Tỷ lệ phần trăm phải từ 0 đến 100."


def test_rollup(world: World) -> None:
    cast = world.cast
    services.progress_report(
        actor=cast.commune_officer, target=world.commune_target, value=4, as_of=dt.date(2020, 7, 1)
    )
    services.progress_report(
        actor=cast.commune_officer,
        key_work=world.commune_work,
        percent=100,
        as_of=dt.date(2020, 7, 1),
    )
    body = (
        world.client("office")
        .get(f"/api/v1/campaigns/{world.campaign.pk}/rollup", {"on": "2020-08-01"})
        .json()
    )
    assert body["on"] == "2020-08-01"
    assert (body["participants"], body["registered"]) == (4, 1)
    by_unit = {u["unit"]["code"]: u for u in body["units"]}
    assert by_unit["BL-HD-NTLA"]["attainment"] == 1.0
    assert by_unit["BL-HD"]["attainment"] is None and by_unit["BL-HD"]["registration_id"] is None
    assert body["overall"] == pytest.approx(0.25)
    early = (
        world.client("office")
        .get(f"/api/v1/campaigns/{world.campaign.pk}/rollup", {"on": "2020-06-01"})
        .json()
    )
    assert early["overall"] == 0.0


def test_not_found_reads_vietnamese_and_hides_the_object(world: World) -> None:
    response = world.client("outsider").get(f"/api/v1/registrations/{world.commune_reg.pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == (
        f"Không có bản đăng ký thi đua mã số {world.commune_reg.pk} mà bạn được phép xem."
    )
    missing = world.client("office").get("/api/v1/campaigns/999999")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_session_writes_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.cast.officer)
    assert client.get(f"/api/v1/campaigns/{world.campaign.pk}").status_code == 200
    response = client.post(f"/api/v1/registrations/{world.district_reg.pk}/submit")
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"


def test_campaign_endpoints_are_in_the_openapi_schema(world: World) -> None:
    schema = world.client("viewer").get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/campaigns",
        "/api/v1/campaigns/{campaign_id}",
        "/api/v1/campaigns/{campaign_id}/registrations",
        "/api/v1/campaigns/{campaign_id}/rollup",
        "/api/v1/registrations/{registration_id}",
        "/api/v1/registrations/{registration_id}/targets",
        "/api/v1/registrations/{registration_id}/key-works",
        "/api/v1/registrations/{registration_id}/approve",
        "/api/v1/targets/{target_id}/progress",
        "/api/v1/key-works/{key_work_id}/progress",
    ):
        assert path in paths, path
    post = paths["/api/v1/targets/{target_id}/progress"]["post"]
    assert "multipart/form-data" in post["requestBody"]["content"]
    assert "403" in paths["/api/v1/registrations/{registration_id}/approve"]["post"]["responses"]


# -- constant query counts -------------------------------------------------------------------


def _grow(world: World, n: int, prefix: str) -> None:
    for commune in add_communes(world.cast, n, prefix=prefix):
        registration = registered(
            world.campaign, commune.unit, commune.officer, approver=world.cast.officer, targets=2
        )
        for target in registration.targets.all():
            services.progress_report(actor=commune.officer, target=target, value=10)
    for i in range(n):
        services.progress_report(
            actor=world.cast.commune_officer, target=world.commune_target, value=i
        )
    for i in range(n):
        services.campaign_create(
            actor=world.cast.office,
            code=f"X{prefix}{i}",
            name=f"Đợt {i}",
            issuing_unit=world.cast.province,
        )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/campaigns",
        "/api/v1/campaigns/{campaign}/registrations",
        "/api/v1/campaigns/{campaign}/rollup",
        "/api/v1/campaigns/{campaign}",
        "/api/v1/targets/{target}/progress",
    ],
)
def test_lists_make_a_constant_number_of_queries(world: World, path: str) -> None:
    client = world.client("office")
    url = path.format(campaign=world.campaign.pk, target=world.commune_target.pk)
    _grow(world, 1, "A")
    client.get(url)  # the token's first use is recorded once
    small = count_queries(lambda: client.get(url))
    _grow(world, 4, "B")
    large = count_queries(lambda: client.get(url))
    assert large == small
    assert Campaign.objects.count() >= 6
    # The data really grew: 5 more registrations with reports, 5 more campaigns.
    assert world.campaign.registrations.filter(state=RegistrationState.APPROVED).count() == 6
    assert ProgressUpdate.objects.count() == 15
