"""Decisions built through the real services, on top of the standing cast and the
commendation helpers of ``tests/awards_domain``."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from tests.awards_domain.conftest import SESSION_DAY, council, members, nominate, person
from tests.conftest import Cast
from thidua.awards import services
from thidua.awards.models import Decision, Nomination
from thidua.org.models import Unit

DAY = dt.date(2020, 12, 28)
BASES = "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;"


def ldtt(cast: Cast, code: str, name: str, *, awarding: Unit | None = None) -> Nomination:
    """A checked LDTT nomination (no ballot needed) of a district person for 2020."""
    who = person(cast.district, code, name)
    services.rating_record(actor=cast.office, person=who, year=2020, rating="HTXS")
    return nominate(cast, who, "LDTT", awarding_unit=awarding)


def passed(cast: Cast, nominations: list[Nomination]) -> Any:
    """Run a council session where everyone agrees; returns the closed session."""
    c = council(cast, 3)
    session = services.session_create(
        actor=cast.office, council=c, date=SESSION_DAY, nominations=nominations
    )
    seats = members(c)
    services.session_open(actor=cast.office, session=session, present=seats)
    for seat in seats:
        services.ballot_cast(
            actor=seat.account,
            session=session,
            member=seat,
            choices={n.pk: "yes" for n in nominations},
        )
    services.round_close(actor=cast.office, session=session)
    return services.session_close(actor=cast.office, session=session)


def draft(
    cast: Cast,
    nominations: list[Nomination],
    *,
    authority: Unit | None = None,
    signer: Any = None,
    year: int = 2020,
) -> Decision:
    unit = authority or cast.province
    return services.decision_create(
        actor=cast.office,
        authority_unit=unit,
        year=year,
        title=f"Về việc tặng danh hiệu Lao động tiên tiến năm {year}",
        place="Bạc Liêu",
        authority_name=f"Ủy ban nhân dân {unit.name.lower()}",
        bases=BASES,
        recipients="Như Điều 3;\nLưu: VT.",
        signer=signer if signer is not None else cast.leader,
        signer_title="Chủ tịch",
        nominations=nominations,
    )


def pdf_pages(content: bytes) -> int:
    """Number of pages, read with pypdf."""
    return len(PdfReader(io.BytesIO(content)).pages)


def pdf_text(content: bytes, tmp_path: Path) -> str:
    """The PDF's text, extracted with pypdf (``tmp_path`` kept for the callers' signature)."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
