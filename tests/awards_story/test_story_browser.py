"""The commendation issue's "Done when", in a real headless Chromium over the demo data:
a clerk takes a person from the demo, sees why they are or are not eligible for each award,
nominates them, runs the council session, the leader issues the decision and the certificate
is printed.  Every step goes through the pages (no service call), as the demo accounts:
``vanphong`` (provincial office and the council's secretary), ``hoidong`` (a member, voting on
a 360-pixel phone) and ``lanhdao`` (the chair, who signs).  The nine members without an
account vote on paper; the secretary enters their ballots on the paper-ballot page.

The subject is BL-KT-0003 (Đặng Hoàng Yến): the demo's closed session failed her for CSTĐ
tỉnh 2020 with 9 votes of 11, and she still meets every checkable criterion, so she is put to
the council again.  (BL-KT-0001 already received the title in the demo's decision, which
used her provincial initiative, so she is no longer eligible.)  BL-KT-0002 is the one with a
gap in 2019.  Screenshots go to /tmp/thidua_awards_story_*.png."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.browser import DESKTOP, PHONE, fits, signed_in
from thidua.awards.demo import _pdf
from thidua.awards.models import (
    Commendation,
    CouncilSession,
    DecisionState,
    Nomination,
    NominationState,
)
from thidua.org.demo.data import DEFAULT_PASSWORD
from thidua.org.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("migrated_data"),
]

PASSWORD = DEFAULT_PASSWORD  # ThiDua@2020, the documented demo password
SUBJECT, SUBJECT_NAME = "BL-KT-0003", "Đặng Hoàng Yến"
GAP = "BL-KT-0002"
GAP_REASON = "Chưa đủ 3 năm liên tục đạt CSTĐCS: chỉ có 2020; năm 2019 chưa đạt CSTĐCS."
SHOTS = "/tmp/thidua_awards_story_{}.png"


def log_in(browser: Any, base: str, username: str, viewport: dict[str, int]) -> tuple[Any, Any]:
    return signed_in(browser, base, username, viewport, password=PASSWORD, timeout=15_000)


def pdf_upload(name: str) -> dict[str, Any]:
    return {"name": name, "mimeType": "application/pdf", "buffer": _pdf(f"story - {name}")}


def test_from_the_records_to_the_printed_certificate(
    browser: Any, live_server: Any, tmp_path: Path, settings: Any
) -> None:
    from thidua.awards.demo import load_awards
    from thidua.campaigns.demo import load_campaign
    from thidua.org.demo.loader import load_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(people=100, password=PASSWORD)
    load_campaign()
    load_awards()
    base = live_server.url

    # 1. The office reads the person's records, then why she is eligible, award by award.
    context, office = log_in(browser, base, "vanphong", DESKTOP)
    office.goto(base + reverse("awards_records:person", args=[SUBJECT]))
    assert SUBJECT_NAME in office.locator("h1").inner_text()
    office.click("#eligibility a.button")  # "every reason, award by award"
    office.wait_for_url(re.compile(rf".*/awards/eligibility/{SUBJECT}/\?year=2020$"))
    card = office.locator("#award-CSTD_BT")
    assert card.locator(".badge.verdict-yes").count() == 1
    reasons = card.locator(".reasons li")
    streak = reasons.filter(has_text="CSTDCS_STREAK_3")
    assert streak.locator(".met-yes").count() == 1
    assert "Đủ 3 năm liên tục đạt CSTĐCS: 2018, 2019, 2020." in streak.inner_text()
    assert reasons.filter(has_text="INITIATIVE_BO_TINH").locator(".met-yes").count() == 1
    # What only the council can judge is said as such.
    assert reasons.filter(has_text="OUTSTANDING").locator(".met-judge").count() == 1
    assert card.locator(".reasons .met-no").count() == 0
    # Every award of the rule set has its card and verdict.
    assert office.locator("section.card[id^=award-]").count() >= 8
    assert office.locator("#award-CSTD_TQ .badge.verdict-no").count() == 1
    office.screenshot(path=SHOTS.format("1_eligibility"), full_page=True)

    # The other person is not eligible, and the page says why, in Vietnamese.
    office.goto(base + reverse("awards_records:eligibility", args=[GAP]) + "?year=2020")
    gap_card = office.locator("#award-CSTD_BT")
    assert gap_card.locator(".badge.verdict-no").count() == 1
    failing = gap_card.locator(".reasons li").filter(has=office.locator(".met-no"))
    assert failing.count() == 1
    assert GAP_REASON in failing.inner_text()
    assert gap_card.locator("a.nominate").count() == 0  # no button where not eligible
    office.set_viewport_size(PHONE)
    office.locator("#award-CSTD_BT").scroll_into_view_if_needed()
    assert fits(office)
    office.screenshot(path=SHOTS.format("1_not_eligible_360"))
    office.set_viewport_size(DESKTOP)

    # 2. Nominate her from her eligibility card, with the dossier, submit and check it.
    office.goto(base + reverse("awards_records:eligibility", args=[SUBJECT]) + "?year=2020")
    office.click("#award-CSTD_BT a.nominate")
    office.wait_for_url(re.compile(r".*/awards/nominations/new/\?person=.*award=CSTD_BT.*"))
    assert office.locator("#id_award").input_value() == "CSTD_BT"
    assert office.locator("#id_year").input_value() == "2020"
    office.fill("#id_achievements", "Ba năm liên tục Chiến sĩ thi đua cơ sở; sáng kiến cấp tỉnh.")
    office.set_input_files("#id_submission", pdf_upload("to-trinh.pdf"))
    office.set_input_files("#id_report", pdf_upload("bao-cao-thanh-tich.pdf"))
    office.set_input_files("#id_minutes", pdf_upload("bien-ban.pdf"))
    office.click("form[enctype] button[type=submit].button-primary")
    office.wait_for_url(re.compile(r".*/awards/nominations/\d+/$"))
    nomination = Nomination.objects.get(person__code=SUBJECT, state=NominationState.DRAFT)
    assert nomination.files.count() == 3
    detail_url = base + reverse("nominations:detail", args=[nomination.pk])
    office.click(f"form[action$='/{nomination.pk}/submit/'] button")
    office.wait_for_url(detail_url)
    office.click(f"form[action$='/{nomination.pk}/check/'] button")
    office.wait_for_url(detail_url)
    nomination.refresh_from_db()
    assert nomination.state == NominationState.CHECKED
    assert nomination.eligible is True
    office.screenshot(path=SHOTS.format("2_nomination"), full_page=True)

    # 3. The council: plan a session with her nomination, everyone present, open the ballot.
    office.goto(base + reverse("council:list"))
    office.click("a[href$='/sessions/new/']")
    office.fill("#id_date", "2021-01-08")
    office.fill("#id_place", "Phòng họp số 2, UBND tỉnh Bạc Liêu")
    office.check(f"input[name=nominations][value='{nomination.pk}']")
    office.click("form.form-stack button[type=submit]")
    office.wait_for_url(re.compile(r".*/awards/council/sessions/\d+/$"))
    session = CouncilSession.objects.get(agenda__nomination=nomination)
    session_url = base + reverse("council:session", args=[session.pk])
    members = office.locator("ul.attendance input[name=present]")
    assert members.count() == 11
    assert all(members.nth(i).is_checked() for i in range(11))
    office.click(f"form[action$='/sessions/{session.pk}/open/'] button[type=submit]")
    office.wait_for_url(session_url)
    session.refresh_from_db()
    assert session.state == "voting" and session.members_present == 11

    # The member votes on his own phone.
    vote_url = base + reverse("council:vote", args=[session.pk])
    member_context, member = log_in(browser, base, "hoidong", PHONE)
    member.goto(vote_url)
    assert member.locator(".ballot-card").count() == 1
    assert SUBJECT_NAME in member.locator(f"#card-{nomination.pk}").inner_text()
    assert fits(member)
    member.click(f"#card-{nomination.pk} .choice-yes span")
    member.screenshot(path=SHOTS.format("3_vote_360"), full_page=True)
    member.click("button.submit-ballot")
    member.wait_for_url(vote_url)
    assert "Bạn đã bỏ phiếu ở vòng 1." in member.content()
    assert member.locator("input[type=radio]").count() == 0
    member_context.close()

    # The secretary votes from her own screen, then enters the nine paper ballots.
    office.goto(vote_url)
    office.click(f"#card-{nomination.pk} .choice-yes span")
    office.click("button.submit-ballot")
    office.wait_for_url(vote_url)
    paper_url = base + reverse("council:paper", args=[session.pk])
    for i in range(9):
        office.goto(paper_url)
        office.select_option("#id_member", index=1)
        choice = "abstain" if i == 0 else "yes"  # one abstains: 10 of 11 agree
        office.click(f"#card-{nomination.pk} .choice-{choice} span")
        office.click("button.submit-ballot")
        office.wait_for_load_state()
    office.goto(paper_url)
    assert office.locator("#id_member").count() == 0  # nobody left to enter
    # The chair has an account but votes on paper too: the count must still be 11.
    office.goto(session_url)
    assert "11 phiếu đã nhận trên 11 thành viên có mặt." in office.content()
    assert office.locator("table.results").count() == 0  # sealed until the round closes
    office.on("dialog", lambda dialog: dialog.accept())
    office.click(f"form[action$='/sessions/{session.pk}/close-round/'] button")
    office.wait_for_url(session_url)
    row = office.locator("table.results tbody tr").filter(has_text=SUBJECT_NAME)
    assert row.locator(".count-yes").inner_text() == "10"
    assert "90,91 %" in row.inner_text()  # 10 of the WHOLE council of 11
    assert row.locator(".badge.pass").count() == 1
    office.screenshot(path=SHOTS.format("4_council_result"), full_page=True)
    office.click(f"form[action$='/sessions/{session.pk}/close/'] button")
    office.wait_for_url(session_url)
    session.refresh_from_db()
    assert session.state == "closed"
    nomination.refresh_from_db()
    assert nomination.council_passed is True

    # 4. The office prepares the decision from the session; the leader issues it.
    office.goto(
        base + reverse("decisions:create") + f"?authority=BL&year=2020&session={session.pk}"
    )
    assert office.locator(f"#nom-{nomination.pk}").is_checked()
    office.select_option("#id_signer", str(User.objects.get(username="lanhdao").pk))
    office.click(".dec-form .form-actions button[type=submit]")
    office.wait_for_url(re.compile(r".*/awards/decisions/\d+/$"))
    nomination.refresh_from_db()
    decision = nomination.decision
    assert decision is not None
    assert decision.state == DecisionState.DRAFT
    context.close()

    decision_url = base + reverse("decisions:detail", args=[decision.pk])
    context, leader = log_in(browser, base, "lanhdao", DESKTOP)
    leader.goto(decision_url)
    leader.fill("#id_date", "2021-01-12")
    leader.click(f"form[action$='/{decision.pk}/issue/'] button[type=submit]")
    leader.wait_for_url(decision_url)
    decision.refresh_from_db()
    assert decision.state == DecisionState.ISSUED
    assert decision.reference in leader.content()
    commendation = Commendation.objects.get(nomination=nomination)
    assert SUBJECT_NAME in leader.locator("table").filter(has_text=SUBJECT_NAME).inner_text()
    leader.screenshot(path=SHOTS.format("5_decision"), full_page=True)

    # The certificate (PDF, the person's name in it) and the Word decision.
    href = leader.get_attribute(f"a[href$='/certificates/{commendation.pk}/']", "href")
    certificate = leader.request.get(base + href)
    assert certificate.ok
    body = certificate.body()
    assert body.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert SUBJECT_NAME in " ".join(text.split())
    word = leader.request.get(base + reverse("decisions:docx", args=[decision.pk]))
    assert word.ok
    assert word.body().startswith(b"PK\x03\x04")
    assert "wordprocessingml" in word.headers["content-type"]
    context.close()
