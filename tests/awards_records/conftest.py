"""Records pages fixtures, built through the real services on top of the standing cast."""

from __future__ import annotations

from tests.conftest import Cast
from tests.factories import PersonFactory
from thidua.awards import services
from thidua.awards.models import Commendation
from thidua.org.models import Person, Unit

YEAR = 2020
MISSING_INITIATIVE = (
    "Chưa có sáng kiến hoặc đề tài khoa học chưa sử dụng, được công nhận từ cấp cơ sở trở lên "
    "trong năm 2020."
)


def person(unit: Unit, code: str, name: str = "Nguyễn Văn An") -> Person:
    return PersonFactory.create(code=code, full_name=name, unit=unit)


def worker(
    cast: Cast,
    code: str,
    name: str = "Trần Thị Bình",
    *,
    initiative: bool = True,
    unit: Unit | None = None,
) -> Person:
    """A person rated HTXS with LDTT in 2020; with a grassroots initiative of 2020 they are
    eligible for CSTDCS in 2020 (2013 law), without it they are not."""
    someone = person(unit or cast.district, code, name)
    services.rating_record(actor=cast.office, person=someone, year=YEAR, rating="HTXS")
    services.commendation_record_historical(
        actor=cast.office,
        subject="individual",
        person=someone,
        award_code="LDTT",
        year=YEAR,
        decision_number=f"{code}/QĐ-UBND",
    )
    if initiative:
        services.initiative_record(
            actor=cast.office,
            title=f"Sáng kiến {code}",
            unit=someone.unit,  # type: ignore[arg-type]
            level="co_so",
            year=YEAR,
            authors=[someone],
        )
    return someone


def medal(cast: Cast, someone: Person, award: str = "BK_BT", year: int = 2018) -> Commendation:
    return services.commendation_record_historical(
        actor=cast.office,
        subject="individual",
        person=someone,
        award_code=award,
        year=year,
        decision_number="2100/QĐ-UBND",
    )
