"""The demo campaign: Bạc Liêu's 2020 emulation towards the Party congresses, fully played.

Loaded by ``thidua demo`` after the demo province (``thidua.org.demo.loader``); needs its
units and accounts.  Everything is deterministic (per-unit random streams seeded by the unit's
code) and idempotent: if the campaign's code exists, nothing is done and no audit event is
written.  All in one transaction.

What goes through the services (each audited, invariants checked): the 2016–2020 new-rural
criteria set, the campaign, its participants, launch, every registration (targets, key works
with milestones, title pledges, submit, one return and re-submit, approve), the stage changes,
both evaluations, one override, the clusters with their scoring tables and scores.

What is written in bulk, for speed, keeping the services' invariants: the progress reports
(approved registrations only, value for targets, percent 0–100 and/or own milestone for key
works, dated between the start and the deadline) and the criterion assessments (communes only,
the set's criteria), each batch with ONE audit event.  Timestamps that the services set to
"now" (launch, submission, decision, notifications, evaluations) are moved back to 2020 so the
pages tell the story in order; the audit trail keeps the real time of loading.

The launching plan's number and date are illustrative, and so is every figure: units' targets,
key works (except the two road works named in the 2020 news report), progress and criteria.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.campaigns import scoring, selectors, services
from thidua.campaigns.models import (
    AwardCode,
    Campaign,
    CampaignState,
    ClusterKind,
    CompletionClass,
    CriteriaSet,
    Criterion,
    CriterionAssessment,
    Direction,
    Evaluation,
    KeyWork,
    Milestone,
    Movement,
    Notification,
    ProgressUpdate,
    Registration,
    ReviewStage,
    Target,
    TargetKind,
)
from thidua.core import audit
from thidua.org.models import Person, Unit, User

CODE = "BL-2020-DHDB"
NAME = (
    "Thi đua lập thành tích chào mừng đại hội Đảng bộ các cấp, tiến tới Đại hội đại biểu "
    "Đảng bộ tỉnh lần thứ XVI và Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"
)
PROVINCE = "BL"
DOCUMENT_NUMBER = "58/KH-UBND (số hiệu minh họa)"
DOCUMENT_DATE = dt.date(2020, 5, 12)
START = dt.date(2020, 5, 15)
REGISTRATION_DEADLINE = dt.date(2020, 6, 15)
DEADLINE = dt.date(2020, 9, 2)
INTERIM_ON = dt.date(2020, 7, 15)
FINAL_ON = DEADLINE
REPORT_DATES = (
    dt.date(2020, 6, 1),
    dt.date(2020, 6, 15),
    dt.date(2020, 7, 1),
    dt.date(2020, 7, 15),
    dt.date(2020, 8, 1),
    dt.date(2020, 8, 15),
    dt.date(2020, 9, 1),
)

# The criteria set in force in 2020 (the 2021–2025 set is seeded by the migrations).
NTM_CODE, NTM_VERSION = "NTM-XA", "2016-2020"
NTM_CRITERIA: tuple[tuple[int, str, str], ...] = (
    (1, "Quy hoạch", "Quy hoạch"),
    (2, "Giao thông", "Hạ tầng kinh tế – xã hội"),
    (3, "Thủy lợi", "Hạ tầng kinh tế – xã hội"),
    (4, "Điện", "Hạ tầng kinh tế – xã hội"),
    (5, "Trường học", "Hạ tầng kinh tế – xã hội"),
    (6, "Cơ sở vật chất văn hóa", "Hạ tầng kinh tế – xã hội"),
    (7, "Cơ sở hạ tầng thương mại nông thôn", "Hạ tầng kinh tế – xã hội"),
    (8, "Thông tin và Truyền thông", "Hạ tầng kinh tế – xã hội"),
    (9, "Nhà ở dân cư", "Hạ tầng kinh tế – xã hội"),
    (10, "Thu nhập", "Kinh tế và tổ chức sản xuất"),
    (11, "Hộ nghèo", "Kinh tế và tổ chức sản xuất"),
    (12, "Lao động có việc làm", "Kinh tế và tổ chức sản xuất"),
    (13, "Tổ chức sản xuất", "Kinh tế và tổ chức sản xuất"),
    (14, "Giáo dục và Đào tạo", "Văn hóa – Xã hội – Môi trường"),
    (15, "Y tế", "Văn hóa – Xã hội – Môi trường"),
    (16, "Văn hóa", "Văn hóa – Xã hội – Môi trường"),
    (17, "Môi trường và an toàn thực phẩm", "Văn hóa – Xã hội – Môi trường"),
    (18, "Hệ thống chính trị và tiếp cận pháp luật", "Hệ thống chính trị"),
    (19, "Quốc phòng và An ninh", "Hệ thống chính trị"),
)
# Assessment rounds: a full round before the campaign, changes in between, a full round at
# the end of the year.
NTM_BASELINE_ON = dt.date(2020, 1, 15)
NTM_CHANGE_DATES = (dt.date(2020, 7, 15), dt.date(2020, 9, 30), dt.date(2020, 12, 15))
NTM_YEAR_END_ON = dt.date(2020, 12, 15)
# Communes not yet meeting the standard at the start, per district (indices into the district's
# communes sorted by code) and the two that still miss a criterion at the end of 2020.
NTM_LAGGING_PER_DISTRICT = {"TPBL": 1, "GR": 2, "DH": 3, "HB": 2, "HD": 3, "PL": 2, "VL": 1}
NTM_HARD_CRITERIA = (10, 11, 13, 17, 2, 5)
NTM_STILL_MISSING = ("BL-DH-LDT", "BL-HD-VLA")
NTM_DIPS = ("BL-GR-PTH", "BL-VL-HH")  # lose criterion 17 in July, regain it in September

WRITER_ACCOUNTS = {"BL-HD": "canbo.hongdan", "BL-HD-NTLA": "canbo.ntla"}
OFFICE_ACCOUNT = "vanphong"
ADMIN_ACCOUNT = "admin"
RETURNED_ONCE = "BL-GR-LT"

NAMED_WORKS = {
    "BL-TPBL-VTD": {
        "name": (
            "Tuyến đường giao thông nông thôn do chính quyền và Nhân dân xã Vĩnh Trạch Đông "
            "cùng góp công, góp của xây dựng"
        ),
        "description": (
            "Bê tông hóa tuyến đường liên ấp; xã hỗ trợ xi măng, người dân hiến đất, góp "
            "tiền và ngày công. Công trình chào mừng đại hội Đảng bộ các cấp."
        ),
        "place": "Xã Vĩnh Trạch Đông, thành phố Bạc Liêu",
        "cost": 1_450_000_000,
        "people_money": 620_000_000,
        "people_labour_days": 1850,
        "public": True,
    },
    "BL-HD-NTLA": {
        "name": "Mở rộng tuyến đường giao thông nông thôn xã Ninh Thạnh Lợi A",
        "description": (
            "Nâng mặt đường từ 1,5 m lên 3,5 m để xe tải nhẹ vào tận ruộng lúa – tôm; "
            "người dân tự nguyện dời hàng rào, cây trồng để giải phóng mặt bằng."
        ),
        "place": "Xã Ninh Thạnh Lợi A, huyện Hồng Dân",
        "cost": 2_300_000_000,
        "people_money": 410_000_000,
        "people_labour_days": 2600,
        "public": True,
    },
}

PURPOSE = (
    "Khơi dậy tinh thần thi đua trong cán bộ, đảng viên và Nhân dân toàn tỉnh, tạo khí thế "
    "phấn khởi lập thành tích chào mừng đại hội Đảng bộ các cấp nhiệm kỳ 2020–2025. Mỗi cơ "
    "quan, đơn vị, địa phương tự đánh giá việc thực hiện nhiệm vụ chính trị và các chỉ tiêu "
    "kinh tế – xã hội giai đoạn 2016–2020, từ đó đăng ký chỉ tiêu thi đua cụ thể, đo đếm được."
)
REQUIREMENTS = (
    "Thi đua thiết thực, hiệu quả, tránh hình thức: mỗi đơn vị chọn ít nhất một, nhiều nhất "
    "hai công trình, phần việc trọng điểm; báo cáo tiến độ định kỳ kèm minh chứng; phát hiện, "
    "biểu dương và nhân rộng các điển hình tiên tiến trong quá trình thực hiện."
)
CONTENTS = (
    "1. Hoàn thành các chỉ tiêu kinh tế – xã hội đã đăng ký trước ngày 02/9/2020.\n"
    "2. Đẩy mạnh xây dựng nông thôn mới: phấn đấu đến cuối năm 2020 toàn tỉnh có 49/49 xã "
    "đạt chuẩn nông thôn mới.\n"
    "3. Thực hiện công trình, phần việc trọng điểm chào mừng đại hội.\n"
    "4. Đăng ký danh hiệu thi đua của tập thể và cá nhân.\n"
    "Ghi chú: số, ngày của kế hoạch và mọi số liệu trong đợt thi đua mẫu này là minh họa."
)
OCCASIONS = (
    "Đại hội Đảng bộ các cấp nhiệm kỳ 2020–2025; Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI; "
    "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng; kỷ niệm 75 năm Quốc khánh 02/9."
)
MOVEMENTS = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Cả nước chung sức xây dựng nông thôn mới",
)

CLUSTERS: tuple[dict[str, Any], ...] = (
    {
        "name": "Cụm thi đua các huyện, thị xã, thành phố",
        "kind": ClusterKind.CLUSTER,
        "members": ("BL-TPBL", "BL-GR", "BL-DH", "BL-HB", "BL-HD", "BL-PL", "BL-VL"),
        "criteria": (
            ("Kết quả thực hiện chỉ tiêu thi đua đã đăng ký", 40),
            ("Công trình, phần việc trọng điểm chào mừng đại hội", 30),
            ("Xây dựng nông thôn mới", 20),
            ("Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 10),
        ),
    },
    {
        "name": "Khối thi đua các sở, ban, ngành tổng hợp",
        "kind": ClusterKind.BLOCK,
        "members": (
            "BL-VP",
            "BL-SNV",
            "BL-STC",
            "BL-SKHDT",
            "BL-STP",
            "BL-TTR",
            "BL-STTTT",
            "BL-SLDTBXH",
        ),
        "criteria": (
            ("Kết quả thực hiện chỉ tiêu thi đua đã đăng ký", 40),
            ("Cải cách hành chính, giải quyết hồ sơ đúng hạn", 30),
            ("Công trình, phần việc trọng điểm chào mừng đại hội", 20),
            ("Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 10),
        ),
    },
)

MILESTONES = (
    ("Khởi công", dt.date(2020, 6, 15), 5),
    ("Hoàn thành phần chính", dt.date(2020, 8, 1), 60),
    ("Nghiệm thu, đưa vào sử dụng", dt.date(2020, 8, 31), 100),
)


@dataclass
class CampaignDemoReport:
    created: bool = False
    campaign: Campaign | None = None
    participants: int = 0
    registrations: int = 0
    targets: int = 0
    key_works: int = 0
    pledges: int = 0
    progress_updates: int = 0
    assessments: int = 0
    evaluations: int = 0
    clusters: int = 0
    notes: list[str] = field(default_factory=list)


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _accounts() -> dict[str, User]:
    wanted = {OFFICE_ACCOUNT, ADMIN_ACCOUNT, *WRITER_ACCOUNTS.values()}
    found = {u.username: u for u in User.objects.filter(username__in=wanted).select_related("unit")}
    missing = sorted(wanted - set(found))
    if missing:
        raise ValidationError(
            _("Load the demo province first; missing accounts: %(names)s.")
            % {"names": ", ".join(missing)}
        )
    return found


@transaction.atomic
def load_campaign() -> CampaignDemoReport:
    """Create the demo campaign and play it to the final review, unless it exists."""
    existing = Campaign.objects.filter(code=CODE).first()
    if existing is not None:
        return CampaignDemoReport(created=False, campaign=existing)
    accounts = _accounts()
    office, admin = accounts[OFFICE_ACCOUNT], accounts[ADMIN_ACCOUNT]
    province = Unit.objects.get(code=PROVINCE)
    low, high = province.path_bounds()
    units = {u.code: u for u in Unit.objects.filter(path__gte=low, path__lt=high)}
    report = CampaignDemoReport(created=True)

    ntm = _criteria_set(office)
    campaign = _campaign(office, province)
    participants = _participants(office, campaign, units)
    report.participants = len(participants)
    campaign = services.campaign_launch(actor=office, campaign=campaign)
    Campaign.objects.filter(pk=campaign.pk).update(launched_at=_at(START, 8))
    _backdate_notifications(campaign, _at(START, 8))

    plan = _ntm_plan(units)
    registrations = _register(campaign, participants, units, accounts, ntm, plan, report)
    _backdate_notifications(campaign, _at(dt.date(2020, 6, 20), 10))
    report.progress_updates = _report_progress(campaign, registrations, accounts)
    report.assessments = _assess(office, ntm, plan, units)

    campaign = services.campaign_transition(
        actor=office, campaign=campaign, to_state=CampaignState.INTERIM_REVIEW
    )
    _backdate_notifications(campaign, _at(INTERIM_ON, 14))
    services.evaluation_compute(
        actor=office, campaign=campaign, stage=ReviewStage.INTERIM, on=INTERIM_ON
    )
    Evaluation.objects.filter(campaign=campaign, stage=ReviewStage.INTERIM).update(
        computed_at=_at(dt.date(2020, 7, 20), 15)
    )
    campaign = services.campaign_transition(
        actor=office, campaign=campaign, to_state=CampaignState.FINAL_REVIEW
    )
    _backdate_notifications(campaign, _at(dt.date(2020, 9, 3), 8))
    report.evaluations = services.evaluation_compute(
        actor=office, campaign=campaign, stage=ReviewStage.FINAL, on=FINAL_ON
    )
    Evaluation.objects.filter(campaign=campaign, stage=ReviewStage.FINAL).update(
        computed_at=_at(dt.date(2020, 9, 10), 15)
    )
    _override_one(office, campaign)
    report.clusters = _clusters(office, admin, campaign, units)
    report.campaign = Campaign.objects.get(pk=campaign.pk)
    return report


# -- set-up ----------------------------------------------------------------------------------


def _criteria_set(office: User) -> CriteriaSet:
    found = CriteriaSet.objects.filter(code=NTM_CODE, version=NTM_VERSION).first()
    if found is not None:
        return found
    return services.criteria_set_create(
        actor=office,
        code=NTM_CODE,
        version=NTM_VERSION,
        name="Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2016–2020",
        valid_from=dt.date(2016, 1, 1),
        valid_to=dt.date(2020, 12, 31),
        criteria=[(n, f"TC{n:02d}", name, group) for n, name, group in NTM_CRITERIA],
        unit_kinds=["commune"],
        legal_basis="Quyết định số 1980/QĐ-TTg ngày 17/10/2016 [unconfirmed]",
        note=(
            "[unconfirmed] Nạp cho đợt thi đua mẫu năm 2020; danh mục 19 tiêu chí cần đối chiếu "
            "với văn bản chính thức trước khi sử dụng."
        ),
    )


def _campaign(office: User, province: Unit) -> Campaign:
    movements = []
    for name in MOVEMENTS:
        movement = Movement.objects.filter(name=name).first()
        if movement is None:
            movement = services.movement_create(actor=office, name=name)
        movements.append(movement)
    return services.campaign_create(
        actor=office,
        code=CODE,
        name=NAME,
        issuing_unit=province,
        form="thematic",
        document_number=DOCUMENT_NUMBER,
        document_date=DOCUMENT_DATE,
        document_signer="Chủ tịch Ủy ban nhân dân tỉnh",
        purpose=PURPOSE,
        requirements=REQUIREMENTS,
        contents=CONTENTS,
        occasions=OCCASIONS,
        start_date=START,
        deadline=DEADLINE,
        registration_deadline=REGISTRATION_DEADLINE,
        min_key_works=1,
        max_key_works=2,
        movements=movements,
    )


def _participants(office: User, campaign: Campaign, units: dict[str, Unit]) -> list[Unit]:
    """District-level units, every commune, ward and town, and the provincial departments."""
    province = units[PROVINCE]
    chosen = sorted(
        (
            u
            for u in units.values()
            if (u.kind in {"district", "commune", "ward", "town"})
            or (u.kind == "department" and u.parent_id == province.pk)
        ),
        key=lambda u: u.code,
    )
    for unit in chosen:
        services.campaign_participant_add(actor=office, campaign=campaign, unit=unit)
    return chosen


def _backdate_notifications(campaign: Campaign, when: dt.datetime) -> None:
    Notification.objects.filter(campaign=campaign, created_at__gt=_at(dt.date(2021, 1, 1))).update(
        created_at=when
    )


# -- new-rural standard: who meets which criterion when --------------------------------------


@dataclass
class CommunePlan:
    """Criterion number → list of (date, met) changes after the baseline round."""

    missing_at_start: set[int]
    changes: list[tuple[dt.date, int, bool]]


def _ntm_plan(units: dict[str, Unit]) -> dict[str, CommunePlan]:
    plan: dict[str, CommunePlan] = {}
    by_district: dict[str, list[str]] = defaultdict(list)
    for code, unit in units.items():
        if unit.kind == "commune":
            by_district[code.split("-")[1]].append(code)
    fix_dates = NTM_CHANGE_DATES
    counter = 0
    for district in sorted(by_district):
        communes = sorted(by_district[district])
        lagging = NTM_LAGGING_PER_DISTRICT.get(district, 0)
        step = max(1, len(communes) // max(1, lagging))
        lagging_codes = {communes[(i * step + 1) % len(communes)] for i in range(lagging)}
        lagging_codes |= {c for c in NTM_STILL_MISSING if c in communes}
        for code in communes:
            rng = _rng("ntm", code)
            if code not in lagging_codes:
                changes: list[tuple[dt.date, int, bool]] = []
                if code in NTM_DIPS:
                    changes = [(NTM_CHANGE_DATES[0], 17, False), (NTM_CHANGE_DATES[1], 17, True)]
                plan[code] = CommunePlan(set(), changes)
                continue
            missing = set(rng.sample(NTM_HARD_CRITERIA, 1 + counter % 3))
            ordered = sorted(missing)
            fixed_on = fix_dates[counter % len(fix_dates)]
            counter += 1
            changes = []
            for i, number in enumerate(ordered):
                last = i == len(ordered) - 1
                if last and code in NTM_STILL_MISSING:
                    continue  # still missing at the end of 2020
                when = fixed_on if last else NTM_CHANGE_DATES[0]
                changes.append((when, number, True))
            plan[code] = CommunePlan(missing, changes)
    return plan


def _met_on(plan: CommunePlan, on: dt.date) -> bool:
    state = {n: n not in plan.missing_at_start for n, _name, _g in NTM_CRITERIA}
    for when, number, met in sorted(plan.changes):
        if when <= on:
            state[number] = met
    return all(state.values())


def _assess(office: User, ntm: CriteriaSet, plan: dict[str, CommunePlan], units: Any) -> int:
    """Bulk: a full round before the campaign, the changes, a full round at the year's end."""
    criteria = {c.number: c for c in Criterion.objects.filter(criteria_set=ntm)}
    rows: list[CriterionAssessment] = []
    for code in sorted(plan):
        unit, p = units[code], plan[code]
        state = {n: n not in p.missing_at_start for n in criteria}
        for n, criterion in sorted(criteria.items()):
            rows.append(
                CriterionAssessment(
                    unit=unit,
                    criterion=criterion,
                    met=state[n],
                    assessed_on=NTM_BASELINE_ON,
                    note="Rà soát đầu năm 2020",
                    assessed_by=office,
                )
            )
        for when, n, met in sorted(p.changes):
            state[n] = met
            if when == NTM_YEAR_END_ON:
                continue  # part of the year-end round below
            rows.append(
                CriterionAssessment(
                    unit=unit,
                    criterion=criteria[n],
                    met=met,
                    assessed_on=when,
                    note="Đạt sau khi khắc phục" if met else "Chưa đạt khi kiểm tra lại",
                    assessed_by=office,
                )
            )
        for n, criterion in sorted(criteria.items()):
            rows.append(
                CriterionAssessment(
                    unit=unit,
                    criterion=criterion,
                    met=state[n],
                    assessed_on=NTM_YEAR_END_ON,
                    note="Rà soát cuối năm 2020",
                    assessed_by=office,
                )
            )
    CriterionAssessment.objects.bulk_create(rows, batch_size=500)
    audit.record(
        actor=office,
        action="criterion.bulk_assess",
        obj=ntm,
        after={"assessments": len(rows), "units": len(plan), "criteria_set": ntm.pk},
        unit_id=units[PROVINCE].pk,
        note="thidua demo",
    )
    return len(rows)


# -- registrations ---------------------------------------------------------------------------


@dataclass
class Pace:
    """How a unit moves: ``speed`` 1.0 reaches the target exactly at the deadline; ``stops``
    is the last date it reports (None: reports to the end)."""

    speed: float
    stops: dt.date | None


def _pace(code: str) -> Pace:
    rng = _rng("pace", code)
    roll = rng.random()
    if roll < 0.65:
        speed = rng.uniform(1.05, 1.3)
    elif roll < 0.9:
        speed = rng.uniform(0.85, 1.0)
    else:
        speed = rng.uniform(0.55, 0.8)
    stops = dt.date(2020, 8, 1) if rng.random() < 0.06 else None
    return Pace(speed=speed, stops=stops)


def _targets_for(unit: Unit, rng: random.Random) -> list[dict[str, Any]]:
    kind = unit.kind
    if kind == "district":
        return [
            {
                "name": "Tỷ lệ hộ nghèo trên địa bàn",
                "indicator": "Hộ nghèo theo chuẩn nghèo đa chiều",
                "measure": "%",
                "baseline": round(rng.uniform(3.0, 6.5), 2),
                "delta": -round(rng.uniform(0.6, 1.2), 2),
                "direction": Direction.LESS_IS_BETTER,
                "public": True,
            },
            {
                "name": "Giải ngân vốn đầu tư công năm 2020",
                "indicator": "Vốn đã giải ngân trên kế hoạch giao",
                "measure": "%",
                "baseline": round(rng.uniform(25, 40), 1),
                "target": 90,
                "direction": Direction.MORE_IS_BETTER,
            },
        ]
    if kind == "commune":
        return [
            {
                "name": "Đường giao thông nông thôn được cứng hóa",
                "indicator": "Chiều dài đường bê tông, nhựa hoàn thành trong đợt thi đua",
                "measure": "km",
                "baseline": 0,
                "target": rng.choice([2, 2.5, 3, 4, 5]),
                "direction": Direction.MORE_IS_BETTER,
                "public": True,
                "weight": 2,
            },
            {
                "name": "Tỷ lệ hộ nghèo",
                "indicator": "Hộ nghèo theo chuẩn nghèo đa chiều",
                "measure": "%",
                "baseline": round(rng.uniform(3.5, 8.0), 2),
                "delta": -round(rng.uniform(0.5, 1.5), 2),
                "direction": Direction.LESS_IS_BETTER,
            },
            {
                "name": "Tỷ lệ người dân tham gia bảo hiểm y tế",
                "measure": "%",
                "baseline": round(rng.uniform(84, 89), 1),
                "target": rng.choice([90, 91, 92]),
                "direction": Direction.MORE_IS_BETTER,
            },
        ]
    if kind in {"ward", "town"}:
        return [
            {
                "name": "Tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa",
                "measure": "%",
                "baseline": round(rng.uniform(86, 90), 1),
                "target": rng.choice([92, 93, 94]),
                "direction": Direction.MORE_IS_BETTER,
            },
            {
                "name": "Thu ngân sách nhà nước trên địa bàn trong đợt thi đua",
                "measure": "triệu đồng",
                "baseline": 0,
                "target": rng.choice([3000, 4500, 6000, 8000, 12000]),
                "direction": Direction.MORE_IS_BETTER,
            },
        ]
    return [
        {
            "name": "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
            "measure": "%",
            "baseline": round(rng.uniform(93, 97.5), 1),
            "target": 100,
            "direction": Direction.MORE_IS_BETTER,
            "public": True,
        },
        {
            "name": "Thủ tục hành chính cung cấp trực tuyến mức độ 3, 4",
            "measure": "thủ tục",
            "baseline": rng.randint(8, 30),
            "delta": rng.randint(8, 20),
            "direction": Direction.MORE_IS_BETTER,
        },
        {
            "name": "Sáng kiến, giải pháp được công nhận",
            "measure": "sáng kiến",
            "baseline": 0,
            "target": rng.randint(2, 4),
            "direction": Direction.MORE_IS_BETTER,
        },
    ]


def _works_for(unit: Unit, rng: random.Random) -> list[dict[str, Any]]:
    count = 2 if unit.kind in {"district", "department"} or rng.random() < 0.35 else 1
    where = unit.name
    pool: list[dict[str, Any]]
    if unit.kind == "commune":
        pool = [
            {"name": f"Bê tông hóa đường liên ấp, {where.lower()}", "labour": True},
            {"name": f"Xây dựng cầu giao thông nông thôn, {where.lower()}", "labour": True},
            {"name": f"Nâng cấp nhà văn hóa ấp, {where.lower()}", "labour": True},
            {"name": f"Mô hình sản xuất lúa – tôm liên kết, {where.lower()}", "labour": False},
        ]
    elif unit.kind in {"ward", "town"}:
        pool = [
            {"name": f"Chỉnh trang tuyến đường văn minh đô thị, {where}", "labour": True},
            {"name": f"Lắp đèn chiếu sáng khu dân cư, {where}", "labour": True},
            {"name": f"Xây dựng điểm sinh hoạt cộng đồng, {where}", "labour": True},
        ]
    elif unit.kind == "district":
        pool = [
            {"name": f"Nâng cấp tuyến đường huyện trọng điểm, {where}", "labour": False},
            {"name": f"Hoàn thành hồ sơ công nhận xã nông thôn mới, {where}", "labour": False},
            {"name": f"Trường học đạt chuẩn quốc gia, {where}", "labour": False},
        ]
    else:
        pool = [
            {"name": f"Số hóa hồ sơ, thủ tục hành chính – {where}", "labour": False},
            {"name": f"Phần mềm quản lý văn bản và điều hành – {where}", "labour": False},
            {"name": f"Chuyên đề phục vụ văn kiện đại hội – {where}", "labour": False},
        ]
    picked = rng.sample(pool, count)
    works = []
    for spec in picked:
        cost = rng.choice([150, 300, 450, 800, 1200, 2000]) * 1_000_000
        works.append(
            {
                "name": spec["name"],
                "description": "Công trình, phần việc đăng ký chào mừng đại hội Đảng bộ các cấp.",
                "place": where,
                "cost": cost,
                "people_money": (cost * rng.choice([10, 20, 30, 40]) // 100)
                if spec["labour"]
                else None,
                "people_labour_days": rng.choice([200, 350, 500, 800]) if spec["labour"] else None,
                "public": spec["labour"],
            }
        )
    named = NAMED_WORKS.get(unit.code)
    if named is not None:
        works[0] = dict(named)
    return works


def _register(
    campaign: Campaign,
    participants: list[Unit],
    units: dict[str, Unit],
    accounts: dict[str, User],
    ntm: CriteriaSet,
    plan: dict[str, CommunePlan],
    report: CampaignDemoReport,
) -> list[Registration]:
    office, admin = accounts[OFFICE_ACCOUNT], accounts[ADMIN_ACCOUNT]
    people: dict[int, list[Person]] = defaultdict(list)
    for person in (
        Person.objects.filter(unit_id__in=[u.pk for u in participants])
        .select_related("unit")
        .order_by("code")
    ):
        group = people[person.unit_id or 0]
        if len(group) < 2:
            group.append(person)
    by_id = {u.pk: u for u in units.values()}
    registrations = []
    timestamps = []
    for unit in participants:
        rng = _rng("registration", unit.code)
        writer = accounts.get(WRITER_ACCOUNTS.get(unit.code, ""), admin)
        parent = by_id.get(unit.parent_id or 0)
        approver = (
            accounts["canbo.hongdan"]
            if parent is not None and parent.code == "BL-HD" and unit.code != "BL-HD"
            else office
        )
        registration = services.registration_create(
            actor=writer,
            campaign=campaign,
            unit=unit,
            self_assessment=(
                f"{unit.name} đã tự đánh giá kết quả thực hiện nhiệm vụ giai đoạn 2016–2020; "
                "các chỉ tiêu còn thấp được chọn làm nội dung thi đua."
            ),
        )
        targets = _targets_for(unit, rng)
        if unit.kind == "district":
            communes = [c for c in plan if c.startswith(unit.code + "-")]
            met = sum(1 for c in communes if _met_on(plan[c], START))
            services.target_add(
                actor=writer,
                registration=registration,
                kind=TargetKind.STANDARD_COUNT,
                name="Số xã đạt chuẩn nông thôn mới",
                indicator="Xã đạt đủ 19 tiêu chí nông thôn mới",
                measure="xã",
                baseline=met,
                target_value=len(communes),
                criteria_set=ntm,
                scope_unit=unit,
                due_date=dt.date(2020, 12, 31),
                public=True,
                weight=2,
            )
            report.targets += 1
        for spec in targets:
            baseline = spec["baseline"]
            target = spec.get("target")
            if target is None:
                target = round(baseline + spec["delta"], 2)
            services.target_add(
                actor=writer,
                registration=registration,
                name=spec["name"],
                indicator=spec.get("indicator", ""),
                measure=spec["measure"],
                baseline=str(baseline),
                target_value=str(target),
                direction=spec["direction"],
                weight=spec.get("weight", 1),
                public=spec.get("public", False),
            )
            report.targets += 1
        for spec in _works_for(unit, rng):
            services.key_work_add(
                actor=writer,
                registration=registration,
                milestones=[(name, due) for name, due, _share in MILESTONES],
                due_date=dt.date(2020, 8, 31),
                **spec,
            )
            report.key_works += 1
        report.pledges += _pledges(writer, registration, unit, people.get(unit.pk, []))
        services.registration_submit(actor=writer, registration=registration)
        submitted = START + dt.timedelta(days=rng.randint(10, 30))
        if unit.code == RETURNED_ONCE:
            services.registration_return(
                actor=office,
                registration=registration,
                reason=(
                    "Chỉ tiêu thu ngân sách chưa sát với dự toán được giao; đề nghị bổ sung "
                    "chỉ tiêu về trật tự đô thị."
                ),
            )
            services.target_add(
                actor=writer,
                registration=registration,
                name="Tuyến đường, hẻm đạt chuẩn văn minh đô thị",
                measure="tuyến",
                baseline="0",
                target_value="3",
            )
            report.targets += 1
            services.registration_submit(actor=writer, registration=registration)
        registration = services.registration_approve(actor=approver, registration=registration)
        decided = submitted + dt.timedelta(days=rng.randint(1, 5))
        timestamps.append((registration.pk, _at(submitted, 10), _at(decided, 15)))
        registrations.append(registration)
    rows = Registration.objects.in_bulk([pk for pk, _s, _d in timestamps])
    for pk, submitted_at, decided_at in timestamps:
        rows[pk].submitted_at, rows[pk].decided_at = submitted_at, decided_at
    Registration.objects.bulk_update(rows.values(), ["submitted_at", "decided_at"])
    report.registrations = len(registrations)
    return registrations


def _pledges(writer: User, registration: Registration, unit: Unit, people: list[Person]) -> int:
    collective_award = {
        "district": AwardCode.CO_BT,
        "department": AwardCode.TTLDXS,
    }.get(unit.kind, AwardCode.TTLDTT)
    services.pledge_add(
        actor=writer, registration=registration, award_code=collective_award, collective=unit
    )
    count = 1
    for i, person in enumerate(people):
        services.pledge_add(
            actor=writer,
            registration=registration,
            award_code=AwardCode.CSTDCS if i == 0 else AwardCode.LDTT,
            person=person,
        )
        count += 1
    return count


# -- progress (bulk) -------------------------------------------------------------------------


def _share(pace: Pace, on: dt.date, due: dt.date, rng: random.Random) -> float:
    span = max(1, (due - START).days)
    elapsed = max(0, (on - START).days)
    noise = rng.uniform(-0.03, 0.03)
    return max(0.0, pace.speed * elapsed / span + noise)


def _report_progress(
    campaign: Campaign, registrations: list[Registration], accounts: dict[str, User]
) -> int:
    admin = accounts[ADMIN_ACCOUNT]
    ids = [r.pk for r in registrations]
    units = {r.pk: r.unit for r in registrations}
    targets = list(
        Target.objects.filter(registration_id__in=ids, kind=TargetKind.VALUE).order_by("pk")
    )
    works = list(KeyWork.objects.filter(registration_id__in=ids).order_by("pk"))
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for m in Milestone.objects.filter(key_work__in=works).order_by("position", "pk"):
        milestones[m.key_work_id].append(m)
    rows: list[ProgressUpdate] = []
    for t in targets:
        unit = units[t.registration_id]
        pace = _pace(unit.code)
        rng = _rng("target", unit.code, t.position)
        writer = accounts.get(WRITER_ACCOUNTS.get(unit.code, ""), admin)
        baseline = float(t.baseline or 0)
        goal = float(t.target_value)
        cap = 1.25 if t.measure == "km" else 1.0
        last = None
        for on in REPORT_DATES:
            if pace.stops and on > pace.stops:
                break
            share = min(cap, _share(pace, on, t.due_date or DEADLINE, rng))
            value = round(baseline + (goal - baseline) * share, 2)
            if t.measure in {"thủ tục", "sáng kiến", "tuyến"}:
                value = float(int(value))
            if value == last:
                continue
            last = value
            rows.append(
                ProgressUpdate(
                    target=t,
                    value=Decimal(str(value)),
                    as_of=on,
                    note="",
                    reported_by=writer,
                    reported_at=_at(on, 16),
                )
            )
    for w in works:
        unit = units[w.registration_id]
        pace = _pace(unit.code)
        rng = _rng("work", unit.code, w.position)
        writer = accounts.get(WRITER_ACCOUNTS.get(unit.code, ""), admin)
        reached = 0
        steps = milestones.get(w.pk, [])
        for on in REPORT_DATES:
            if pace.stops and on > pace.stops:
                break
            share = min(1.0, _share(pace, on, w.due_date or DEADLINE, rng))
            percent = round(share * 100)
            if percent == 100 and on < (w.due_date or DEADLINE) - dt.timedelta(days=20):
                percent = 95
            milestone = None
            if reached < min(len(steps), len(MILESTONES)) and percent >= MILESTONES[reached][2]:
                milestone = steps[reached]
                reached += 1
            rows.append(
                ProgressUpdate(
                    key_work=w,
                    percent=Decimal(percent),
                    milestone=milestone,
                    as_of=on,
                    note=f"Đã đạt mốc: {milestone.name}" if milestone else "",
                    reported_by=writer,
                    reported_at=_at(on, 16),
                )
            )
    ProgressUpdate.objects.bulk_create(rows, batch_size=500)
    audit.record(
        actor=admin,
        action="progress.bulk_report",
        obj=campaign,
        after={
            "updates": len(rows),
            "first": REPORT_DATES[0].isoformat(),
            "last": REPORT_DATES[-1].isoformat(),
        },
        unit_id=campaign.issuing_unit_id,
        note="thidua demo",
    )
    return len(rows)


# -- evaluation and clusters -----------------------------------------------------------------


def _override_one(office: User, campaign: Campaign) -> None:
    """The office raises one unit's class (with the reason, as the law asks)."""
    evaluation = (
        Evaluation.objects.filter(
            campaign=campaign, stage=ReviewStage.FINAL, proposed_class=CompletionClass.HT
        )
        .select_related("unit")
        .order_by("unit__code")
        .first()
    )
    if evaluation is None:
        return
    services.evaluation_override(
        actor=office,
        evaluation=evaluation,
        final_class=CompletionClass.HTT,
        reason=(
            "Đơn vị chịu ảnh hưởng nặng của hạn mặn đầu năm nhưng vẫn hoàn thành công trình "
            "trọng điểm đúng hạn; Hội đồng thống nhất nâng mức xếp loại."
        ),
    )


def _clusters(office: User, admin: User, campaign: Campaign, units: dict[str, Unit]) -> int:
    rollup = selectors.campaign_rollup(campaign, on=FINAL_ON)
    for spec in CLUSTERS:
        members = [units[c] for c in spec["members"] if c in units]
        cluster = services.cluster_create(
            actor=office,
            name=spec["name"],
            kind=spec["kind"],
            owner_unit=units[PROVINCE],
            members=members,
            year=2020,
            campaign=campaign,
        )
        criteria = [
            services.scoring_criterion_add(
                actor=office, cluster=cluster, name=name, max_points=points
            )
            for name, points in spec["criteria"]
        ]
        for i, unit in enumerate(sorted(members, key=lambda u: u.code)):
            attained = scoring.clip(rollup.unit_attainment(unit.pk) or 0.0)
            rng = _rng("cluster", unit.code)
            for j, criterion in enumerate(criteria):
                top = float(criterion.max_points)
                factor = min(1.0, 0.5 + 0.4 * attained + rng.uniform(0.0, 0.1))
                agreed = round(top * factor - 0.1 * ((i + j) % 3), 1)
                own = min(top, round(agreed + rng.choice([0.0, 0.5, 1.0, 1.5]), 1))
                services.cluster_score_self(
                    actor=admin, criterion=criterion, unit=unit, score=str(own)
                )
                services.cluster_score_agree(
                    actor=office, criterion=criterion, unit=unit, score=str(agreed)
                )
    return len(CLUSTERS)


def run_from_command(stdout: Any) -> CampaignDemoReport:
    """Called at the end of ``thidua demo``: load the campaign and say what was done."""
    import time

    from django.core.management.base import CommandError

    started = time.monotonic()
    try:
        report = load_campaign()
    except ValidationError as exc:
        raise CommandError(
            _("The demo campaign could not be loaded: %(errors)s")
            % {"errors": " ".join(exc.messages)}
        ) from exc
    stdout.write("")
    if report.created:
        stdout.write(
            _(
                "Demo campaign loaded in %(s).1f s: %(registrations)d registrations, "
                "%(targets)d targets, %(works)d key works, %(pledges)d pledges, "
                "%(updates)d progress reports, %(assessments)d criterion assessments, "
                "%(clusters)d clusters."
            )
            % {
                "s": time.monotonic() - started,
                "registrations": report.registrations,
                "targets": report.targets,
                "works": report.key_works,
                "pledges": report.pledges,
                "updates": report.progress_updates,
                "assessments": report.assessments,
                "clusters": report.clusters,
            }
        )
    else:
        stdout.write(_("The demo campaign is already loaded: nothing was changed."))
    return report
