"""Decisions: numbering, the registry, cash, one-time use of initiatives and the Word file."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from tests.awards_domain.conftest import SESSION_DAY, council, fighter, members, nominate, person
from tests.conftest import Cast
from thidua.awards import documents, services
from thidua.awards.models import Commendation, DecisionState, Initiative, NominationState
from thidua.awards.rules import Settings

DAY = dt.date(2020, 12, 28)


def _passed(cast: Cast, nominations: list[Any]) -> None:
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
    services.session_close(actor=cast.office, session=session)


def _decision(cast: Cast, nominations: list[Any]) -> Any:
    return services.decision_create(
        actor=cast.office,
        authority_unit=cast.province,
        year=2020,
        title="Về việc tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2020",
        place="Bạc Liêu",
        authority_name="Ủy ban nhân dân tỉnh Bạc Liêu",
        bases="Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;\n"
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ;",
        recipients="Như Điều 3;\nLưu: VT, SNV.",
        signer=cast.leader,
        signer_name="Nguyễn Văn Tỉnh",
        signer_title="Chủ tịch",
        nominations=nominations,
    )


def test_a_decision_fills_the_registry_and_uses_the_initiative_once(cast: Cast) -> None:
    someone = fighter(cast, "D1")
    nomination = nominate(cast, someone)
    with pytest.raises(ValidationError):  # CSTD_BT needs the council's ballot first
        _decision(cast, [nomination])
    _passed(cast, [nomination])
    nomination.refresh_from_db()
    decision = _decision(cast, [nomination])
    with pytest.raises(PermissionDenied):
        services.decision_issue(actor=cast.officer, decision=decision, date=DAY)
    issued = services.decision_issue(actor=cast.leader, decision=decision, date=DAY)
    assert issued.state == DecisionState.ISSUED and issued.reference == "1/QĐ-UBND"
    commendation = Commendation.objects.get(decision=issued)
    assert commendation.person == someone and commendation.award.code == "CSTD_BT"
    assert commendation.cash_vnd == 3 * 2_340_000  # 7,020,000, already a multiple of 10,000
    initiative = Initiative.objects.get(authors=someone)
    assert initiative.used_for == commendation
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DECIDED and nomination.outcome == "awarded"
    # The next decision of the authority that year gets the next number.
    other = nominate(cast, fighter(cast, "D2"))
    _passed(cast, [other])
    other.refresh_from_db()
    second = services.decision_issue(actor=cast.office, decision=_decision(cast, [other]), date=DAY)
    assert second.number == 2


def test_a_used_initiative_makes_the_next_title_ineligible(cast: Cast) -> None:
    someone = fighter(cast, "D3")
    initiative = Initiative.objects.get(authors=someone)
    earlier = services.commendation_record_historical(
        actor=cast.office, subject="individual", person=someone, award_code="BK_BT", year=2020
    )
    services.initiative_use(actor=cast.office, initiative=initiative, commendation=earlier)
    nomination = nominate(cast, someone)
    assert nomination.verdict is not None and nomination.verdict["eligible"] is False


def test_cash_is_rounded_up_and_only_the_highest_title_of_the_year_is_paid(cast: Cast) -> None:
    services.jurisdiction_setting_set(
        actor=cast.office, unit=cast.province, key="base_salary_vnd", value=1_490_000
    )
    someone = person(cast.district, "D4")
    services.rating_record(actor=cast.office, person=someone, year=2020, rating="HTXS")
    ldtt = nominate(cast, someone, "LDTT")
    decision = _decision(cast, [ldtt])
    services.decision_issue(actor=cast.office, decision=decision, date=DAY, render=False)
    paid = Commendation.objects.get(person=someone, award__code="LDTT")
    # 0.3 × 1,490,000 = 447,000 → rounded up to 450,000.
    assert paid.cash_vnd == 450_000 == paid.cash_paid_vnd
    rule_cash = Settings(base_salary_vnd=1_490_000)
    assert paid.cash_vnd == 450_000 and rule_cash.cash_rounding_vnd == 10_000
    # A CSTDCS of the same year: only the difference is paid, so the year totals the highest.
    services.initiative_record(
        actor=cast.office,
        title="SK D4",
        unit=cast.district,
        level="co_so",
        year=2020,
        authors=[someone],
    )
    cstdcs = nominate(cast, someone, "CSTDCS")
    _passed(cast, [cstdcs])
    cstdcs.refresh_from_db()
    services.decision_issue(
        actor=cast.office, decision=_decision(cast, [cstdcs]), date=DAY, render=False
    )
    higher = Commendation.objects.get(person=someone, award__code="CSTDCS")
    assert higher.cash_vnd == 1_490_000
    assert higher.cash_paid_vnd == 1_490_000 - 450_000


def test_the_word_file_is_in_the_decree_30_format(cast: Cast) -> None:
    someone = fighter(cast, "D5")
    nomination = nominate(cast, someone)
    _passed(cast, [nomination])
    nomination.refresh_from_db()
    decision = services.decision_issue(
        actor=cast.leader,
        decision=_decision(cast, [nomination]),
        date=dt.date(2020, 2, 5),
        number=125,
    )
    assert str(decision.file.name).endswith(".docx")
    with decision.file.open("rb") as fh:
        doc = Document(io.BytesIO(fh.read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for table in doc.tables for row in table.rows for c in row.cells)
    everything = text + "\n" + cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in everything
    assert "Độc lập - Tự do - Hạnh phúc" in everything
    assert "Số: 125/QĐ-UBND" in everything
    assert "Bạc Liêu, ngày 05 tháng 02 năm 2020" in everything
    assert "QUYẾT ĐỊNH" in text and "QUYẾT ĐỊNH:" in text
    assert "Căn cứ Luật Thi đua, Khen thưởng" in text
    assert "Điều 1." in text and "Nơi nhận:" in cells
    assert "NGUYỄN VĂN TỈNH" in everything.upper()
    assert "Nguyễn Văn An" in cells  # the awardee in the list
    assert "7.020.000" in cells
    assert "{{" not in everything and "{%" not in everything
    with pytest.raises(ValidationError):  # the number is taken
        other = nominate(cast, fighter(cast, "D6"))
        _passed(cast, [other])
        other.refresh_from_db()
        services.decision_issue(
            actor=cast.office, decision=_decision(cast, [other]), date=DAY, number=125
        )


def test_date_line_and_money_formats() -> None:
    assert documents.date_line("Bạc Liêu", dt.date(2020, 12, 3), 2020) == (
        "Bạc Liêu, ngày 03 tháng 12 năm 2020"
    )
    assert documents.date_line("Bạc Liêu", None, 2020).endswith("năm 2020")
    assert documents.money(7_020_000) == "7.020.000"
