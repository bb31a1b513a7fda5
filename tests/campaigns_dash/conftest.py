"""A small campaign whose dashboard numbers are computed by hand (see ``small``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tests.campaigns.conftest import launched_campaign, png_bytes, upload
from tests.conftest import Cast
from thidua.campaigns import services
from thidua.campaigns.models import Campaign, CriteriaSet, KeyWork, Registration, Target

ON = dt.date(2020, 7, 5)


@pytest.fixture
def ntm(db: None) -> CriteriaSet:
    return CriteriaSet.objects.get(code="NTM-XA", version="2021-2025")


@dataclass
class Small:
    campaign: Campaign
    commune_reg: Registration
    district_reg: Registration
    commune_target: Target
    commune_work: KeyWork
    district_target: Target
    district_work: KeyWork
    standard: Target


def build_small(cast: Cast, ntm: CriteriaSet, **overrides: Any) -> Small:
    """Participants: district BL-HD, commune BL-HD-NTLA, department BL-SNV (issuer: BL).

    - commune: target 0→100 at 50 on 1/6 (0.5, public, with a photo); key work 100 % on
      10/6 (done, private, with a photo).  Unit attainment 0.75.
    - district: target 0→100 at 20 on 1/6 and 40 on 1/7 (0.4, trend misses the deadline:
      at risk); key work with no report (not started); "1 commune meets NTM" (public): the
      commune meets 17 of 19 criteria → 0.  Unit attainment (0.4 + 0 + 0) / 3 = 0.1333.
    - department: not registered → counts 0.
    Overall on 5/7: (0.75 + 0.1333 + 0) / 3 = 0.2944."""
    campaign = launched_campaign(cast, **overrides)
    xa, huyen = cast.commune_officer, cast.officer
    commune_reg = services.registration_create(actor=xa, campaign=campaign, unit=cast.commune)
    commune_target = services.target_add(
        actor=xa,
        registration=commune_reg,
        name="Tỷ lệ hộ dùng nước sạch",
        baseline=0,
        target_value=100,
        public=True,
    )
    commune_work = services.key_work_add(
        actor=xa, registration=commune_reg, name="Nhà văn hoá ấp Nội Ô"
    )
    services.registration_submit(actor=xa, registration=commune_reg)
    services.registration_approve(actor=huyen, registration=commune_reg)
    district_reg = services.registration_create(actor=huyen, campaign=campaign, unit=cast.district)
    district_target = services.target_add(
        actor=huyen,
        registration=district_reg,
        name="Km đường giao thông",
        baseline=0,
        target_value=100,
    )
    standard = services.target_add(
        actor=huyen,
        registration=district_reg,
        name="Xã đạt chuẩn nông thôn mới",
        kind="standard_count",
        target_value=1,
        criteria_set=ntm,
        scope_unit=cast.district,
        public=True,
    )
    district_work = services.key_work_add(
        actor=huyen, registration=district_reg, name="Đường Ninh Thạnh Lợi", public=True
    )
    services.registration_submit(actor=huyen, registration=district_reg)
    services.registration_approve(actor=cast.office, registration=district_reg)
    services.progress_report(
        actor=xa,
        target=commune_target,
        value=50,
        as_of=dt.date(2020, 6, 1),
        uploads=[upload("nuoc.png", png_bytes(), "image/png")],
    )
    services.progress_report(
        actor=xa,
        key_work=commune_work,
        percent=100,
        as_of=dt.date(2020, 6, 10),
        uploads=[upload("nha.png", png_bytes(), "image/png")],
    )
    services.progress_report(
        actor=huyen, target=district_target, value=20, as_of=dt.date(2020, 6, 1)
    )
    services.progress_report(
        actor=huyen, target=district_target, value=40, as_of=dt.date(2020, 7, 1)
    )
    for criterion in ntm.criteria.order_by("number"):
        services.criterion_assess(
            actor=huyen,
            unit=cast.commune,
            criterion=criterion,
            met=criterion.number > 2,
            assessed_on=dt.date(2020, 6, 20),
        )
    return Small(
        campaign=campaign,
        commune_reg=commune_reg,
        district_reg=district_reg,
        commune_target=commune_target,
        commune_work=commune_work,
        district_target=district_target,
        district_work=district_work,
        standard=standard,
    )


@pytest.fixture
def small(cast: Cast, ntm: CriteriaSet) -> Small:
    return build_small(cast, ntm)
