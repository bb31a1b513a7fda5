"""The quality part's dataset: the standing cast with a launched campaign (registrations in
three states, a target and a key work with progress) and the commendation story (records,
nominations in several states, a closed and a planned council session, an issued decision).

Built through the real services, like the API tests' worlds, so every API router has
something real to answer about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.awards_domain.conftest import SESSION_DAY, council, fighter, members, nominate, person
from tests.campaigns.conftest import launched_campaign
from tests.conftest import Cast
from thidua.awards import services as awards
from thidua.campaigns import services as campaigns


@dataclass
class Dataset:
    cast: Cast
    # Values the fuzzer draws path parameters from (besides random ones), by parameter name,
    # or by "<first path segment>.<name>" where one name means different things.
    ids: dict[str, list[Any]] = field(default_factory=dict)


@pytest.fixture
def dataset(cast: Cast) -> Dataset:
    campaign = launched_campaign(cast)
    commune_reg = campaigns.registration_create(
        actor=cast.commune_officer, campaign=campaign, unit=cast.commune
    )
    target = campaigns.target_add(
        actor=cast.commune_officer,
        registration=commune_reg,
        name="Đường giao thông nông thôn được mở rộng",
        measure="km",
        baseline=0,
        target_value=4,
    )
    work = campaigns.key_work_add(
        actor=cast.commune_officer,
        registration=commune_reg,
        name="Mở rộng tuyến đường ấp",
        milestones=[("Khởi công", None), ("Hoàn thành", None)],
    )
    campaigns.registration_submit(actor=cast.commune_officer, registration=commune_reg)
    campaigns.registration_approve(actor=cast.officer, registration=commune_reg)
    district_reg = campaigns.registration_create(
        actor=cast.officer, campaign=campaign, unit=cast.district
    )
    campaigns.target_add(
        actor=cast.officer, registration=district_reg, name="Thu ngân sách", target_value=100
    )
    department_reg = campaigns.registration_create(
        actor=cast.admin, campaign=campaign, unit=cast.department
    )
    campaigns.target_add(
        actor=cast.admin, registration=department_reg, name="Hồ sơ đúng hạn", target_value=100
    )
    campaigns.key_work_add(actor=cast.admin, registration=department_reg, name="Một cửa")
    campaigns.registration_submit(actor=cast.admin, registration=department_reg)

    star = fighter(cast, "P-STAR")
    gap = person(cast.district, "P-GAP", "Lâm Văn Phúc")
    awards.rating_record(actor=cast.office, person=gap, year=2020, rating="HTXS")
    c = council(cast, size=5)
    seats = members(c)
    passed = nominate(cast, star)
    closed = awards.session_create(
        actor=cast.office, council=c, date=SESSION_DAY, nominations=[passed]
    )
    awards.session_open(actor=cast.office, session=closed, present=seats)
    for seat in seats:
        awards.ballot_cast(
            actor=seat.account, session=closed, member=seat, choices={passed.pk: "yes"}
        )
    awards.round_close(actor=cast.office, session=closed)
    awards.session_close(actor=cast.office, session=closed)
    decision = awards.decision_create(
        actor=cast.office,
        authority_unit=cast.province,
        year=2020,
        title="Về việc tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
        place="Bạc Liêu",
        authority_name="ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU",
        nominations=[passed],
        signer=cast.leader,
    )
    awards.decision_issue(
        actor=cast.leader, decision=decision, date=dt.date(2020, 12, 28), render=False
    )
    planned = awards.session_create(
        actor=cast.office,
        council=c,
        date=SESSION_DAY,
        nominations=[nominate(cast, fighter(cast, "P-OTHER"))],
    )
    submitted = nominate(cast, gap, check=False)
    draft = nominate(cast, person(cast.district, "P-DRAFT"), "LDTT", submit=False)

    units = [cast.province, cast.department, cast.district, cast.commune, cast.other_province]
    return Dataset(
        cast=cast,
        ids={
            "code": [u.code for u in units] + ["P-STAR", "P-GAP", "P-DRAFT"],
            "campaign_id": [campaign.pk],
            "registration_id": [commune_reg.pk, district_reg.pk, department_reg.pk],
            "target_id": [target.pk],
            "key_work_id": [work.pk],
            # /nominations/{pk}, /council-sessions/{pk}, /decisions/{pk}
            "nominations.pk": [passed.pk, submitted.pk, draft.pk],
            "council-sessions.pk": [closed.pk, planned.pk],
            "decisions.pk": [decision.pk],
        },
    )
