"""Progress: full history, evidence checks, roll-up and its query count, at-risk flags."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.campaigns.conftest import (
    add_communes,
    launched_campaign,
    pdf_bytes,
    png_bytes,
    registered,
    upload,
)
from tests.conftest import Cast
from thidua.campaigns import files, selectors, services
from thidua.campaigns.models import Evidence, ProgressUpdate, Registration


def _approved(cast: Cast) -> Registration:
    campaign = launched_campaign(cast)
    return registered(campaign, cast.commune, cast.commune_officer, approver=cast.officer)


def test_progress_needs_an_approved_registration_and_the_units_own_officer(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    registration = services.registration_create(
        actor=cast.commune_officer, campaign=campaign, unit=cast.commune
    )
    target = services.target_add(
        actor=cast.commune_officer, registration=registration, name="X", target_value=10
    )
    with pytest.raises(ValidationError):
        services.progress_report(actor=cast.commune_officer, target=target, value=3)
    approved = registered(campaign, cast.district, cast.officer, approver=cast.office)
    district_target = approved.targets.get()
    for who in (cast.commune_officer, cast.viewer, cast.outsider, cast.office):
        with pytest.raises(PermissionDenied):
            services.progress_report(actor=who, target=district_target, value=3)


def test_history_is_never_overwritten(cast: Cast) -> None:
    registration = _approved(cast)
    target = registration.targets.get()
    first = services.progress_report(
        actor=cast.commune_officer, target=target, value=20, as_of=dt.date(2020, 6, 1)
    )
    services.progress_report(
        actor=cast.commune_officer, target=target, value=35, as_of=dt.date(2020, 7, 1)
    )
    services.progress_report(
        actor=cast.commune_officer, target=target, value=30, as_of=dt.date(2020, 6, 15), note="sửa"
    )
    first.refresh_from_db()
    assert first.value == 20
    assert list(target.updates.order_by("as_of").values_list("value", flat=True)) == [20, 30, 35]
    on_june_20 = selectors.campaign_rollup(registration.campaign, on=dt.date(2020, 6, 20))
    assert on_june_20.units[cast.commune.pk].items[0].current == 30
    later = selectors.campaign_rollup(registration.campaign, on=dt.date(2020, 7, 2))
    assert later.units[cast.commune.pk].items[0].current == 35


def test_dates_and_shapes_of_reports_are_checked(cast: Cast) -> None:
    registration = _approved(cast)
    target = registration.targets.get()
    work = registration.key_works.get()
    report = services.progress_report
    officer = cast.commune_officer
    with pytest.raises(ValidationError):
        report(actor=officer, target=target, value=1, as_of=dt.date(2020, 1, 1))  # before start
    with pytest.raises(ValidationError):
        report(actor=officer, target=target, value=1, as_of=dt.date.today() + dt.timedelta(days=2))
    with pytest.raises(ValidationError):
        report(actor=officer, target=target)  # no value
    with pytest.raises(ValidationError):
        report(actor=officer, key_work=work, percent=120, as_of=dt.date(2020, 6, 1))
    with pytest.raises(ValidationError):
        report(actor=officer, key_work=work, value=3, as_of=dt.date(2020, 6, 1))
    with pytest.raises(ValidationError):
        report(actor=officer, target=target, key_work=work, value=3)
    assert ProgressUpdate.objects.count() == 0


def test_key_work_progress_by_percent_and_milestones(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    registration = services.registration_create(
        actor=cast.commune_officer, campaign=campaign, unit=cast.commune
    )
    services.target_add(
        actor=cast.commune_officer, registration=registration, name="X", target_value=10
    )
    work = services.key_work_add(
        actor=cast.commune_officer,
        registration=registration,
        name="Mở rộng đường liên ấp",
        milestones=[("Giải phóng mặt bằng", None), ("Đổ bê tông", None)],
    )
    services.registration_submit(actor=cast.commune_officer, registration=registration)
    services.registration_approve(actor=cast.officer, registration=registration)
    first = work.milestones.order_by("position").first()
    services.progress_report(
        actor=cast.commune_officer, key_work=work, milestone=first, as_of=dt.date(2020, 6, 1)
    )
    item = selectors.campaign_rollup(campaign, on=dt.date(2020, 6, 2)).units[cast.commune.pk].items
    assert item[1].raw == 0.5  # one of two milestones
    services.progress_report(
        actor=cast.commune_officer, key_work=work, percent=100, as_of=dt.date(2020, 8, 1)
    )
    item = selectors.campaign_rollup(campaign, on=dt.date(2020, 8, 2)).units[cast.commune.pk].items
    assert item[1].raw == 1.0 and item[1].done


def test_evidence_photo_gets_a_thumbnail_and_pdf_is_kept(cast: Cast) -> None:
    registration = _approved(cast)
    target = registration.targets.get()
    update = services.progress_report(
        actor=cast.commune_officer,
        target=target,
        value=50,
        as_of=dt.date(2020, 7, 1),
        uploads=[
            upload("anh-cong-trinh.png", png_bytes((1600, 1200)), "image/png"),
            upload("bien-ban.pdf", pdf_bytes(), "application/pdf"),
            upload("anh.jpg", png_bytes((400, 300), "JPEG"), "image/jpeg"),
        ],
    )
    photo, pdf, jpeg = update.evidence.order_by("id")
    assert photo.content_type == "image/png" and photo.is_image and photo.thumbnail
    from PIL import Image

    with photo.thumbnail.open("rb") as f:
        thumb = Image.open(f)
        assert max(thumb.size) <= 320 and thumb.format == "JPEG"
    assert pdf.content_type == "application/pdf" and not pdf.thumbnail
    assert jpeg.content_type == "image/jpeg"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("fake.png", b"this is not an image at all"),
        ("script.pdf", b"#!/bin/sh\necho hi\n"),
        ("broken.png", png_bytes()[:60]),
        ("empty.pdf", b""),
        ("doc.docx", b"PK\x03\x04 a word file"),
    ],
)
def test_evidence_that_is_not_what_it_claims_is_refused_and_nothing_is_saved(
    cast: Cast, name: str, content: bytes
) -> None:
    registration = _approved(cast)
    with pytest.raises(ValidationError):
        services.progress_report(
            actor=cast.commune_officer,
            target=registration.targets.get(),
            value=5,
            as_of=dt.date(2020, 6, 1),
            uploads=[upload("ok.pdf", pdf_bytes()), upload(name, content, "image/png")],
        )
    assert ProgressUpdate.objects.count() == 0 and Evidence.objects.count() == 0


def test_evidence_over_the_size_limit_is_refused(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(files.EVIDENCE_LIMITS, "image/png", 1000)
    registration = _approved(cast)
    with pytest.raises(ValidationError) as error:
        services.progress_report(
            actor=cast.commune_officer,
            target=registration.targets.get(),
            value=5,
            as_of=dt.date(2020, 6, 1),
            uploads=[upload("big.png", png_bytes((1200, 900)))],
        )
    assert "MB" in " ".join(error.value.messages)


def test_less_is_better_targets_roll_up_correctly(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    registration = services.registration_create(
        actor=cast.commune_officer, campaign=campaign, unit=cast.commune
    )
    poverty = services.target_add(
        actor=cast.commune_officer,
        registration=registration,
        name="Tỷ lệ hộ nghèo",
        measure="%",
        baseline=10,
        target_value=4,
        direction="less_is_better",
        weight=3,
    )
    roads = services.target_add(
        actor=cast.commune_officer,
        registration=registration,
        name="Đường bê tông",
        measure="km",
        baseline=0,
        target_value=5,
        weight=1,
    )
    services.key_work_add(actor=cast.commune_officer, registration=registration, name="Đường")
    services.registration_submit(actor=cast.commune_officer, registration=registration)
    services.registration_approve(actor=cast.officer, registration=registration)
    on = dt.date(2020, 8, 1)
    services.progress_report(actor=cast.commune_officer, target=poverty, value=7, as_of=on)
    services.progress_report(actor=cast.commune_officer, target=roads, value=10, as_of=on)
    result = selectors.campaign_rollup(campaign, on=on).units[cast.commune.pk]
    raws = [i.raw for i in result.items]
    assert raws == [0.5, 2.0, 0.0]  # poverty halfway, roads doubled (kept raw), key work 0
    # roll-up: (3·0.5 + 1·1.0 + 1·0) / 5 — the overshoot is capped at 1
    assert result.attainment == pytest.approx(2.5 / 5)


def test_at_risk_from_the_trend(cast: Cast) -> None:
    registration = _approved(cast)
    target = registration.targets.get()
    officer = cast.commune_officer
    services.progress_report(actor=officer, target=target, value=10, as_of=dt.date(2020, 6, 1))
    services.progress_report(actor=officer, target=target, value=12, as_of=dt.date(2020, 7, 1))
    rows = selectors.registration_progress(registration, on=dt.date(2020, 7, 2))
    assert rows[0].at_risk is True and len(rows[0].points) == 2
    services.progress_report(actor=officer, target=target, value=100, as_of=dt.date(2020, 7, 5))
    rows = selectors.registration_progress(registration, on=dt.date(2020, 7, 6))
    assert rows[0].at_risk is False


def test_campaign_rollup_takes_constant_queries_as_units_grow(
    cast: Cast, ntm: object, django_assert_num_queries: object
) -> None:
    campaign = launched_campaign(cast)
    district = services.registration_create(
        actor=cast.officer, campaign=campaign, unit=cast.district
    )
    services.target_add(
        actor=cast.officer,
        registration=district,
        kind="standard_count",
        name="Xã đạt chuẩn",
        target_value=2,
        criteria_set=ntm,  # type: ignore[arg-type]
        scope_unit=cast.district,
    )
    services.key_work_add(actor=cast.officer, registration=district, name="Đường huyện")
    services.registration_submit(actor=cast.officer, registration=district)
    services.registration_approve(actor=cast.office, registration=district)

    def grow(n: int, prefix: str) -> None:
        for c in add_communes(cast, n, prefix=prefix):
            reg = registered(
                campaign, c.unit, c.officer, approver=cast.officer, targets=2, key_works=2
            )
            for t in reg.targets.all():
                services.progress_report(
                    actor=c.officer, target=t, value=40, as_of=dt.date(2020, 6, 1)
                )
                services.progress_report(
                    actor=c.officer, target=t, value=70, as_of=dt.date(2020, 7, 1)
                )

    grow(2, "A")
    on = dt.date(2020, 8, 1)
    # participants (2), registrations (1), targets (1), standard: units, criteria, assessments
    # (3), key works (1)
    with django_assert_num_queries(8):  # type: ignore[operator]
        small = selectors.campaign_rollup(campaign, on=on)
        small_overall = small.overall
    grow(6, "B")
    with django_assert_num_queries(8):  # type: ignore[operator]
        large = selectors.campaign_rollup(campaign, on=on)
        large_overall = large.overall
    assert large.registered == small.registered + 6
    # every commune: two targets at 0.7 and two key works at 0 → 0.35
    commune = next(u for u in large.units.values() if u.unit_id != cast.district.pk)
    assert commune.attainment == pytest.approx(0.35)
    assert small_overall is not None and large_overall is not None
    # the department (outside the district, not registered) counts 0 in the overall mean only
    n = len(large.participants)
    assert large.subtree(cast.district) == pytest.approx(large_overall * n / (n - 1))
