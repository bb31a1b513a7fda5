"""Commendation fixtures built through the real services, on top of the standing cast."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import Cast
from tests.factories import PersonFactory, UserFactory
from thidua.awards import services
from thidua.awards.models import (
    Council,
    CouncilMember,
    DossierKind,
    MemberRole,
    Nomination,
)
from thidua.org.models import Person, Role, Unit


def person(unit: Unit, code: str, name: str = "Nguyễn Văn An", gender: str = "male") -> Person:
    return PersonFactory.create(code=code, full_name=name, unit=unit, gender=gender)


def upload(name: str = "to-trinh.pdf") -> Any:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def fighter(cast: Cast, code: str = "P-AN", *, year: int = 2020, initiative: bool = True) -> Person:
    """A person of the district with three consecutive CSTDCS (year-2..year), HTXS ratings
    and (optionally) a province-level initiative recognised in ``year``: eligible for
    CSTD_BT in ``year``."""
    someone = person(cast.district, code)
    for y in range(year - 2, year + 1):
        services.rating_record(actor=cast.office, person=someone, year=y, rating="HTXS")
        for award in ("LDTT", "CSTDCS"):
            services.commendation_record_historical(
                actor=cast.office, subject="individual", person=someone, award_code=award, year=y
            )
    if initiative:
        services.initiative_record(
            actor=cast.office,
            title=f"Sáng kiến của {code}",
            unit=cast.district,
            level="bo_tinh",
            year=year,
            authors=[someone],
        )
    return someone


def nominate(
    cast: Cast,
    who: Person,
    award: str = "CSTD_BT",
    *,
    year: int = 2020,
    submit: bool = True,
    check: bool = True,
    **more: Any,
) -> Nomination:
    nomination = services.nomination_create(
        actor=cast.officer,
        subject="individual",
        person=who,
        award_code=award,
        year=year,
        proposing_unit=cast.district,
        achievements="Hoàn thành xuất sắc nhiệm vụ được giao.",
        **more,
    )
    for kind in (DossierKind.SUBMISSION, DossierKind.REPORT, DossierKind.MINUTES):
        services.nomination_attach(
            actor=cast.officer, nomination=nomination, kind=kind, upload=upload(f"{kind}.pdf")
        )
    if submit:
        nomination = services.nomination_submit(actor=cast.officer, nomination=nomination)
    if submit and check:
        nomination = services.nomination_check(actor=cast.office, nomination=nomination)
    return nomination


_COUNCILS = itertools.count()


def council(cast: Cast, size: int = 10) -> Council:
    """A provincial council of ``size`` members, each with an account; the last one is the
    secretary."""
    members: list[dict[str, Any]] = []
    batch = next(_COUNCILS)
    for i in range(size):
        account = UserFactory.create(
            username=f"hd{batch}-{i}",
            role=Role.COUNCIL,
            unit=cast.province,
            full_name=f"Thành viên {i}",
        )
        role = MemberRole.CHAIR if i == 0 else MemberRole.MEMBER
        if i == size - 1:
            role = MemberRole.SECRETARY
        members.append({"account": account, "name": f"Thành viên {i}", "role": role})
    return services.council_create(
        actor=cast.office,
        unit=cast.province,
        name="Hội đồng Thi đua - Khen thưởng tỉnh Bạc Liêu",
        members=members,
    )


def members(c: Council) -> list[CouncilMember]:
    return list(c.members.order_by("id"))


SESSION_DAY = dt.date(2020, 12, 20)
