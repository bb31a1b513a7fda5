"""A small commendation and campaign dataset on the standing cast, with hand-counted figures.

Province BL (office) → department BL-SNV, district BL-HD (officer) → commune BL-HD-NTLA; an
unrelated province ST.  In 2020, under BL: nine commendations that count —

    p5  (BL itself, man, Kinh)                 BK_TTG   state level
    p1  (BL-SNV, woman, Kinh)                  LDTT, CSTDCS
    p3  (BL-HD, woman, Khmer, direct worker)   BK_BT    ministry/province level
    p2  (NTLA, man, Khmer, farmer)             GK
    p4  (NTLA, woman, Hoa, farmer)             LDTT
    BL-HD (collective) TTLDTT · NTLA (collective) CO_BT · a household of NTLA GDVH

and three that do not: p4's BK_BT of 2020 (revoked), a person of ST (LDTT) and the collective
ST-X1 (GK) of the unrelated province.  p2 also has an LDTT of 2019.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import Cast
from tests.factories import PersonFactory
from thidua.awards import services as award_services
from thidua.awards.models import Commendation, Subject
from thidua.campaigns.models import (
    Campaign,
    CampaignParticipant,
    CampaignState,
    CriteriaSet,
    CriterionAssessment,
    Evaluation,
    ProgressUpdate,
    Registration,
    RegistrationState,
    Target,
    TargetKind,
)
from thidua.org.models import Person, Unit


@dataclass
class Data:
    cast: Cast
    people: dict[str, Person]
    revoked: Commendation
    campaign: Campaign


def record(
    cast: Cast,
    code: str,
    year: int,
    *,
    person: Person | None = None,
    unit: Unit | None = None,
    household: str = "",
) -> Commendation:
    subject = (
        Subject.INDIVIDUAL if person else (Subject.HOUSEHOLD if household else Subject.COLLECTIVE)
    )
    return award_services.commendation_record_historical(
        actor=cast.admin,
        subject=subject,
        award_code=code,
        year=year,
        person=person,
        unit=unit,
        household_name=household,
        decision_number=f"{year}/QĐ-TEST",
        decision_date=dt.date(year, 12, 20),
        decision_authority="Cơ quan thử",
    )


def make_people(cast: Cast, prefix: str = "R") -> dict[str, Person]:
    specs = {
        "p1": ("Trần Thị Một", "female", "Kinh", "", cast.department),
        "p2": ("Danh Hai", "male", "Khmer", "farmer", cast.commune),
        "p3": ("Thạch Thị Ba", "female", "Khmer", "direct_worker", cast.district),
        "p4": ("Lưu Thị Bốn", "female", "Hoa", "farmer", cast.commune),
        "p5": ("Võ Văn Năm", "male", "Kinh", "", cast.province),
        "ps": ("Lâm Văn Sáu", "male", "Kinh", "", cast.other_commune),
    }
    return {
        key: PersonFactory.create(
            code=f"{prefix}-{key}",
            full_name=name,
            gender=gender,
            ethnicity=eth,
            category=cat,
            unit=unit,
        )
        for key, (name, gender, eth, cat, unit) in specs.items()
    }


def make_campaign(cast: Cast, code: str = "BL-TEST-2020") -> Campaign:
    """A 2020 campaign of BL with its whole subtree taking part (BL-SNV, BL-HD, NTLA):
    BL-HD approved and reported, NTLA submitted, BL-SNV a draft; final review HD → HTXS,
    NTLA → HT (an interim KHT of BL-SNV is not counted); BL-HD's standard target counts the
    communes under it meeting the new-rural standard: NTLA meets every criterion."""
    campaign = Campaign.objects.create(
        code=code,
        name=f"Phong trào thử {code}",
        issuing_unit=cast.province,
        state=CampaignState.FINAL_REVIEW,
        start_date=dt.date(2020, 5, 1),
        deadline=dt.date(2020, 12, 31),
    )
    CampaignParticipant.objects.create(campaign=campaign, unit=cast.province, include_subtree=True)
    hd = Registration.objects.create(
        campaign=campaign, unit=cast.district, state=RegistrationState.APPROVED
    )
    Registration.objects.create(
        campaign=campaign, unit=cast.commune, state=RegistrationState.SUBMITTED
    )
    Registration.objects.create(
        campaign=campaign, unit=cast.department, state=RegistrationState.DRAFT
    )
    value = Target.objects.create(registration=hd, name="Thu nhập", target_value=Decimal(50))
    ProgressUpdate.objects.create(target=value, value=Decimal(30), as_of=dt.date(2020, 7, 1))
    criteria_set = CriteriaSet.objects.order_by("id").first()
    assert criteria_set is not None
    Target.objects.create(
        registration=hd,
        kind=TargetKind.STANDARD_COUNT,
        name="Xã đạt chuẩn",
        target_value=Decimal(1),
        criteria_set=criteria_set,
        scope_unit=cast.district,
    )
    CriterionAssessment.objects.bulk_create(
        CriterionAssessment(
            unit=cast.commune, criterion=c, met=True, assessed_on=dt.date(2020, 9, 1)
        )
        for c in criteria_set.criteria.all()
    )
    for unit, stage, cls in (
        (cast.district, "final", "HTXS"),
        (cast.commune, "final", "HT"),
        (cast.department, "interim", "KHT"),
    ):
        Evaluation.objects.create(
            campaign=campaign, unit=unit, stage=stage, proposed_class=cls, final_class=cls
        )
    return campaign


@pytest.fixture
def data(cast: Cast) -> Data:
    people = make_people(cast)
    record(cast, "LDTT", 2020, person=people["p1"])
    record(cast, "CSTDCS", 2020, person=people["p1"])
    record(cast, "GK", 2020, person=people["p2"])
    record(cast, "BK_BT", 2020, person=people["p3"])
    record(cast, "LDTT", 2020, person=people["p4"])
    record(cast, "BK_TTG", 2020, person=people["p5"])
    record(cast, "TTLDTT", 2020, unit=cast.district)
    record(cast, "CO_BT", 2020, unit=cast.commune)
    record(cast, "GDVH", 2020, unit=cast.commune, household="Hộ ông Danh Sơn")
    record(cast, "LDTT", 2019, person=people["p2"])
    revoked = record(cast, "BK_BT", 2020, person=people["p4"])
    award_services.commendation_revoke(
        actor=cast.admin,
        commendation=revoked,
        reason="Hồ sơ không trung thực",
        decision_number="9/QĐ-THU",
    )
    record(cast, "LDTT", 2020, person=people["ps"])
    record(cast, "GK", 2020, unit=cast.other_commune)
    return Data(cast=cast, people=people, revoked=revoked, campaign=make_campaign(cast))


def grow(cast: Cast, n: int, tag: str) -> None:
    """More of everything: ``n`` people with commendations in each unit, another campaign."""
    for i in range(n):
        for unit in (cast.department, cast.district, cast.commune, cast.province):
            person = PersonFactory.create(
                code=f"G{tag}-{unit.code}-{i}",
                full_name=f"Người Thêm {i}",
                gender="female",
                ethnicity="Tày" if i % 2 else "Kinh",
                category="farmer" if i % 3 else "",
                unit=unit,
            )
            record(cast, "LDTT", 2020, person=person)
            record(cast, "GK", 2019 + i % 2, person=person)
    make_campaign(cast, code=f"BL-GROW-{tag}")


def get(client: Any, url: str, **params: Any) -> Any:
    return client.get(url, params)
