"""The demo commendation year: Bạc Liêu's 2020 year-end awards, from the records to a decision.

Loaded by ``thidua demo`` after the demo campaign (``thidua.campaigns.demo``); needs the demo
province, its accounts and the campaign's clusters.  Deterministic (random streams seeded by
codes) and idempotent: if the provincial council of the demo exists, nothing is done and no
audit event is written.  All in one transaction.

What is written in bulk, for speed, with ONE audit event per batch: the yearly task ratings
2016–2020 of the staff of a few departments and of Hồng Dân district (people and collectives)
and their historical titles (LĐTT, CSTĐCS, TTLĐTT) from before the system.

What goes through the services (each audited, every rule checked): the story people (one with
three consecutive CSTĐCS 2018–2020 and a province-level initiative, eligible for CSTĐ tỉnh;
one with a gap in 2019, who is not), their ratings, titles, initiatives and one discipline;
nominations for LĐTT, CSTĐCS, CSTĐ tỉnh, TTLĐXS, Bằng khen tỉnh and the emulation flag (the
leaders of the campaign's cluster and block), with their dossiers, submitted and checked by
the engine; the provincial council (11 members; ``hoidong`` votes on its own screen, the
secretary ``vanphong`` enters the paper ballots) with a CLOSED session where one nomination
misses its threshold; the decision of UBND tỉnh Bạc Liêu signed by ``lanhdao`` with its
registry rows (the Word file is generated on demand by the pages, not stored here).  Left
open for a demo user: one nomination checked and ready for the council, one planned session.

Names of the story people, council members, decision numbers and every figure are
illustrative.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards import selectors, services
from thidua.awards.models import (
    Commendation,
    CommendationSource,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    DossierKind,
    MemberRole,
    Nomination,
    Subject,
    TaskRating,
)
from thidua.core import audit
from thidua.org import services as org_services
from thidua.org.models import Person, Unit, User

PROVINCE = "BL"
YEARS = tuple(range(2016, 2021))
YEAR = 2020
COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng tỉnh Bạc Liêu"
# Units whose staff and collectives get five years of records (people: their subtrees).
RECORD_UNITS = ("BL-SNV", "BL-STC", "BL-VP", "BL-HD")
# Departments decide their own staff's 2020 titles before the provincial review.
DEPARTMENTS_2020 = ("BL-SNV", "BL-STC", "BL-VP")
BATCH_SIZE = 500
OFFICE, ADMIN, LEADER, MEMBER = "vanphong", "admin", "lanhdao", "hoidong"
DISTRICT_WRITER, COMMUNE_WRITER = "canbo.hongdan", "canbo.ntla"
CLOSED_SESSION_DAY = dt.date(2020, 12, 22)
OPEN_SESSION_DAY = dt.date(2020, 12, 30)
DECISION_DAY = dt.date(2020, 12, 28)
DECISION_NUMBER = 2150  # illustrative


@dataclass(frozen=True)
class StoryPerson:
    key: str
    code: str
    full_name: str
    gender: str
    unit: str
    title: str
    birth_year: int


STORY: tuple[StoryPerson, ...] = (
    StoryPerson(
        "star",
        "BL-KT-0001",
        "Nguyễn Thị Mỹ Hạnh",
        "female",
        "BL-HD-PNV",
        "Trưởng phòng Nội vụ",
        1979,
    ),
    StoryPerson("gap", "BL-KT-0002", "Lâm Văn Phúc", "male", "BL-HD-VP", "Chánh Văn phòng", 1981),
    StoryPerson(
        "second",
        "BL-KT-0003",
        "Đặng Hoàng Yến",
        "female",
        "BL-SNV-TDKT",
        "Phó Trưởng ban Thi đua – Khen thưởng",
        1983,
    ),
    StoryPerson(
        "bk", "BL-KT-0004", "Huỳnh Minh Tâm", "male", "BL-STC", "Trưởng phòng Ngân sách", 1977
    ),
    StoryPerson(
        "cs1", "BL-KT-0005", "Trịnh Thị Bích Tuyền", "female", "BL-HD-TTYT", "Bác sĩ", 1988
    ),
    StoryPerson(
        "cs2", "BL-KT-0006", "Tô Văn Nghĩa", "male", "BL-HD-TTYT", "Điều dưỡng trưởng", 1985
    ),
    StoryPerson(
        "ld1", "BL-KT-0007", "Danh Thị Sa Rết", "female", "BL-HD-NTLA", "Công chức Địa chính", 1992
    ),
    StoryPerson(
        "ld2", "BL-KT-0008", "Lý Văn Đời", "male", "BL-HD-NTLA", "Công chức Tư pháp – Hộ tịch", 1989
    ),
    StoryPerson(
        "ld3",
        "BL-KT-0009",
        "Kim Thị Huyền",
        "female",
        "BL-HD-NTLA",
        "Công chức Văn hóa – Xã hội",
        1993,
    ),
    StoryPerson(
        "disc", "BL-KT-0010", "Phan Văn Lợi", "male", "BL-HD-NTLA", "Công chức Kế toán", 1984
    ),
)

COUNCIL_MEMBERS: tuple[tuple[str, str], ...] = (
    # (name, role); the accounts lanhdao, hoidong and vanphong are matched by name below.
    ("Phạm Minh Đức", MemberRole.CHAIR),
    ("Trần Quốc Hưng", MemberRole.VICE),
    ("Võ Thanh Bình", MemberRole.MEMBER),
    ("Lưu Thị Ngọc Lan", MemberRole.MEMBER),
    ("Quách Văn Sơn", MemberRole.MEMBER),
    ("Châu Thị Thu Trang", MemberRole.MEMBER),
    ("Mai Hoàng Nam", MemberRole.MEMBER),
    ("Diệp Văn Khánh", MemberRole.MEMBER),
    ("Tạ Thị Mỹ Linh", MemberRole.MEMBER),
    ("Hứa Quang Vinh", MemberRole.MEMBER),
    ("Lê Thị Kim Ngân", MemberRole.SECRETARY),
)
MEMBER_ACCOUNTS = {"Phạm Minh Đức": LEADER, "Trần Quốc Hưng": MEMBER, "Lê Thị Kim Ngân": OFFICE}

ACHIEVEMENTS = (
    "Hoàn thành xuất sắc nhiệm vụ được giao năm 2020; tích cực tham gia phong trào thi đua "
    "chào mừng đại hội Đảng bộ các cấp (nội dung minh họa)."
)


@dataclass
class AwardsDemoReport:
    created: bool = False
    people_with_records: int = 0
    ratings: int = 0
    titles: int = 0
    nominations: int = 0
    council: Council | None = None
    closed_session: CouncilSession | None = None
    open_session: CouncilSession | None = None
    decision: Decision | None = None
    story: dict[str, Person] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


def _accounts() -> dict[str, User]:
    wanted = {OFFICE, ADMIN, LEADER, MEMBER, DISTRICT_WRITER, COMMUNE_WRITER}
    found = {u.username: u for u in User.objects.filter(username__in=wanted).select_related("unit")}
    missing = sorted(wanted - set(found))
    if missing:
        raise ValidationError(
            _("Load the demo province first; missing accounts: %(names)s.")
            % {"names": ", ".join(missing)}
        )
    return found


def _pdf(text: str) -> bytes:
    """A one-page PDF saying that the file stands in for a paper dossier (ASCII only)."""
    stream = f"BT /F1 12 Tf 56 780 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


FILE_NAMES = {
    DossierKind.SUBMISSION: "to-trinh.pdf",
    DossierKind.REPORT: "bao-cao-thanh-tich.pdf",
    DossierKind.MINUTES: "bien-ban-binh-xet.pdf",
}


# -- entry point -----------------------------------------------------------------------------


@transaction.atomic
def load_awards() -> AwardsDemoReport:
    """Create the demo commendation year, unless the demo council exists."""
    existing = Council.objects.filter(unit__code=PROVINCE, name=COUNCIL_NAME).first()
    if existing is not None:
        return AwardsDemoReport(created=False, council=existing)
    accounts = _accounts()
    province = Unit.objects.get(code=PROVINCE)
    low, high = province.path_bounds()
    units = {u.code: u for u in Unit.objects.filter(path__gte=low, path__lt=high)}
    report = AwardsDemoReport(created=True)

    story = _story_people(units)
    report.story = story
    _bulk_records(province, units, set(p.pk for p in story.values()), report)
    _story_records(accounts[OFFICE], story, units)
    nominations = _nominations(accounts, story, units)
    report.nominations = len(nominations)
    council = _council(accounts, province)
    report.council = council
    report.closed_session = _closed_session(accounts, council, nominations)
    report.decision = _decision(accounts, province, nominations)
    report.open_session = services.session_create(
        actor=accounts[OFFICE],
        council=council,
        date=OPEN_SESSION_DAY,
        nominations=[nominations["cs2"]],
        place="Hội trường UBND tỉnh Bạc Liêu",
    )
    _backdate(nominations)
    return report


# -- people and records ----------------------------------------------------------------------


def _story_people(units: dict[str, Unit]) -> dict[str, Person]:
    found = {p.code: p for p in Person.objects.filter(code__in=[s.code for s in STORY])}
    out = {}
    for spec in STORY:
        person = found.get(spec.code)
        if person is None:
            person = org_services.person_create(
                actor=None,
                code=spec.code,
                full_name=spec.full_name,
                gender=spec.gender,
                unit=units[spec.unit],
                title=spec.title,
                birth_year=spec.birth_year,
                start_date=dt.date(2010, 1, 1),
            )
        out[spec.key] = person
    return out


def _rating(rng: random.Random, strict: bool) -> str:
    roll = rng.random()
    if roll < 0.25:
        return "HTXS"
    if roll < (0.95 if strict else 0.8):
        return "HTT"
    if strict or roll < 0.96:
        return "HT"
    return "KHT"


def _bulk_records(
    province: Unit, units: dict[str, Unit], skip: set[int], report: AwardsDemoReport
) -> None:
    """Five years of ratings and titles for the staff and collectives of ``RECORD_UNITS``."""
    awards = {
        (code, y): selectors.award_for(code, y)
        for code in ("LDTT", "CSTDCS", "TTLDTT")
        for y in YEARS
    }
    department_paths = tuple(units[c].path for c in DEPARTMENTS_2020 if c in units)
    people: list[Person] = []
    collectives: list[Unit] = []
    for code in RECORD_UNITS:
        if code not in units:
            continue
        low, high = units[code].path_bounds()
        people += list(
            Person.objects.filter(unit__path__gte=low, unit__path__lt=high)
            .exclude(pk__in=skip)
            .select_related("unit")
            .order_by("code")
        )
        collectives += [u for u in units.values() if low <= u.path < high]
    ratings: list[TaskRating] = []
    titles: list[Commendation] = []
    for person in people:
        rng = _rng("awards", person.code)
        strict = person.unit is not None and person.unit.path.startswith(department_paths)
        last = YEAR if strict else YEAR - 1
        for year in YEARS:
            rating = _rating(rng, strict)
            ratings.append(
                TaskRating(person=person, year=year, rating=rating, source="Dữ liệu mẫu")
            )
            if year > last or rating not in ("HTXS", "HTT"):
                continue
            held = ["LDTT"] + (["CSTDCS"] if rating == "HTXS" and rng.random() < 0.4 else [])
            for code in held:
                titles.append(_historical(awards[(code, year)], year, person=person))
    for unit in collectives:
        rng = _rng("awards", unit.code)
        for year in YEARS:
            rating = "HTXS" if rng.random() < 0.6 else "HTT"
            if year == YEAR and unit.path.startswith(department_paths):
                rating = "HTXS"  # the departments proposed for TTLĐXS
            ratings.append(TaskRating(unit=unit, year=year, rating=rating, source="Dữ liệu mẫu"))
            if year < YEAR:
                titles.append(_historical(awards[("TTLDTT", year)], year, unit=unit))
    TaskRating.objects.bulk_create(ratings, batch_size=BATCH_SIZE)
    Commendation.objects.bulk_create(titles, batch_size=BATCH_SIZE)
    for action, count in (
        ("rating.bulk_create", len(ratings)),
        ("commendation.bulk_create", len(titles)),
    ):
        audit.record(
            actor=None,
            action=action,
            obj=province,
            after={"count": count, "years": [YEARS[0], YEARS[-1]], "units": list(RECORD_UNITS)},
            unit_id=province.pk,
            note="thidua demo",
        )
    report.people_with_records = len(people)
    report.ratings = len(ratings)
    report.titles = len(titles)


def _historical(
    award: Any, year: int, *, person: Person | None = None, unit: Unit | None = None
) -> Commendation:
    return Commendation(
        subject=Subject.INDIVIDUAL if person is not None else Subject.COLLECTIVE,
        person=person,
        unit=unit,
        award=award,
        year=year,
        source=CommendationSource.HISTORICAL,
        decision_number=f"{100 + year % 100}/QĐ-KT (minh họa)",
        decision_date=dt.date(year, 12, 15),
        decision_authority="Thủ trưởng đơn vị (hồ sơ giấy)",
    )


def _story_records(office: User, story: dict[str, Person], units: dict[str, Unit]) -> None:
    """Ratings, titles, initiatives and discipline of the story people, through the services."""

    def rate(key: str, ratings: dict[int, str]) -> None:
        for year, rating in ratings.items():
            services.rating_record(
                actor=office, person=story[key], year=year, rating=rating, source="Dữ liệu mẫu"
            )

    def title(key: str, code: str, years: tuple[int, ...], authority: str) -> None:
        for year in years:
            services.commendation_record_historical(
                actor=office,
                subject=Subject.INDIVIDUAL,
                person=story[key],
                award_code=code,
                year=year,
                decision_number=f"{300 + year % 100}/QĐ-UBND (minh họa)",
                decision_date=dt.date(year, 12, 10),
                decision_authority=authority,
            )

    def initiative(key: str, title_vi: str, level: str, year: int) -> None:
        person = story[key]
        services.initiative_record(
            actor=office,
            title=title_vi,
            unit=person.unit,  # type: ignore[arg-type]
            level=level,
            year=year,
            authors=[person],
            decision_number=f"{50 + year % 100}/QĐ-HĐSK (minh họa)",
            decision_date=dt.date(year, 11, 20),
        )

    all_htxs = dict.fromkeys(YEARS, "HTXS")
    huyen, so = "UBND huyện Hồng Dân", "Giám đốc Sở"
    # Eligible for CSTĐ tỉnh 2020: three consecutive CSTĐCS 2018–2020 and a province-level
    # initiative of 2020.
    rate("star", all_htxs)
    title("star", "LDTT", YEARS, huyen)
    title("star", "CSTDCS", (2018, 2019, 2020), huyen)
    initiative("star", "Số hóa hồ sơ thi đua – khen thưởng cấp huyện", "bo_tinh", YEAR)
    services.commendation_record_historical(
        actor=office,
        subject=Subject.INDIVIDUAL,
        person=story["star"],
        award_code="BK_BT",
        year=2017,
        decision_number="1875/QĐ-UBND (minh họa)",
        decision_date=dt.date(2017, 12, 26),
        decision_authority="UBND tỉnh Bạc Liêu",
    )
    # Not eligible: CSTĐCS 2017, 2018 and 2020 — the streak breaks in 2019.
    rate("gap", {**all_htxs, 2019: "HTT"})
    title("gap", "LDTT", YEARS, huyen)
    title("gap", "CSTDCS", (2017, 2018, 2020), huyen)
    initiative("gap", "Một cửa liên thông tại Văn phòng huyện", "bo_tinh", YEAR)
    # Eligible on the records; the council's ballot will fall short of 90 %.
    rate("second", all_htxs)
    title("second", "LDTT", YEARS, so)
    title("second", "CSTDCS", (2018, 2019, 2020), so)
    initiative("second", "Phần mềm chấm điểm thi đua khối sở, ngành", "bo_tinh", YEAR)
    # Bằng khen tỉnh: CSTĐCS in 2019 and 2020, two grassroots initiatives.
    rate("bk", all_htxs)
    title("bk", "LDTT", YEARS, so)
    title("bk", "CSTDCS", (2019, 2020), so)
    initiative("bk", "Quy trình thẩm tra quyết toán rút gọn", "co_so", 2019)
    initiative("bk", "Bảng theo dõi giải ngân vốn đầu tư công", "co_so", YEAR)
    # CSTĐCS 2020 (one ready for the council, one on the planned session's agenda).
    for key, name in (("cs1", "Sàng lọc bệnh nhân sốt xuất huyết"), ("cs2", "Sổ tay điều dưỡng")):
        rate(key, {2018: "HTT", 2019: "HTXS", 2020: "HTXS"})
        title(key, "LDTT", (2018, 2019, 2020), huyen)
        initiative(key, name, "co_so", YEAR)
    for key in ("ld1", "ld2", "ld3"):
        rate(key, {2019: "HTT", 2020: "HTT"})
    rate("disc", {2019: "HT", 2020: "HT"})
    services.discipline_record(
        actor=office,
        person=story["disc"],
        level="canh_cao",
        start=dt.date(2020, 3, 1),
        end=dt.date(2021, 2, 28),
        decision_number="12/QĐ-UBND (minh họa)",
        decision_date=dt.date(2020, 2, 25),
        note="Dữ liệu mẫu",
    )


# -- nominations -----------------------------------------------------------------------------


def _flag_candidates(units: dict[str, Unit]) -> list[Unit]:
    """The unit each cluster/block of the demo campaign proposes for the emulation flag."""
    from thidua.campaigns.demo import CODE as CAMPAIGN_CODE
    from thidua.campaigns.models import Cluster
    from thidua.campaigns.selectors import cluster_ranking

    leaders = []
    for cluster in Cluster.objects.filter(campaign__code=CAMPAIGN_CODE).order_by("id"):
        candidate = cluster_ranking(cluster).flag_candidate
        if candidate is not None:
            leaders.append(candidate)
    if not leaders:
        raise ValidationError(_("Load the demo campaign first: its clusters are needed."))
    return leaders


def _nominate(
    actor: User,
    proposing: Unit,
    award: str,
    *,
    person: Person | None = None,
    unit: Unit | None = None,
    awarding: Unit | None = None,
    submit: bool = True,
) -> Nomination:
    nomination = services.nomination_create(
        actor=actor,
        subject=Subject.INDIVIDUAL if person is not None else Subject.COLLECTIVE,
        award_code=award,
        year=YEAR,
        proposing_unit=proposing,
        person=person,
        unit=unit,
        awarding_unit=awarding,
        achievements=ACHIEVEMENTS,
    )
    for kind, name in FILE_NAMES.items():
        upload = SimpleUploadedFile(
            name, _pdf(f"thidua demo - {name} - ho so minh hoa"), "application/pdf"
        )
        services.nomination_attach(actor=actor, nomination=nomination, kind=kind, upload=upload)
    if submit:
        nomination = services.nomination_submit(actor=actor, nomination=nomination)
    return nomination


def _nominations(
    accounts: dict[str, User], story: dict[str, Person], units: dict[str, Unit]
) -> dict[str, Nomination]:
    office, admin = accounts[OFFICE], accounts[ADMIN]
    district, commune = accounts[DISTRICT_WRITER], accounts[COMMUNE_WRITER]
    hd, ntla, bl = units["BL-HD"], units["BL-HD-NTLA"], units[PROVINCE]
    out: dict[str, Nomination] = {}
    out["star"] = _nominate(district, hd, "CSTD_BT", person=story["star"])
    out["gap"] = _nominate(district, hd, "CSTD_BT", person=story["gap"])
    out["second"] = _nominate(admin, units["BL-SNV"], "CSTD_BT", person=story["second"])
    out["bk"] = _nominate(admin, units["BL-STC"], "BK_BT", person=story["bk"])
    out["ttldxs"] = _nominate(admin, units["BL-SNV"], "TTLDXS", unit=units["BL-SNV"])
    for i, leader in enumerate(_flag_candidates(units)):
        out[f"flag{i}"] = _nominate(office, bl, "CO_BT", unit=leader)
    out["cs1"] = _nominate(district, hd, "CSTDCS", person=story["cs1"])
    out["cs2"] = _nominate(district, hd, "CSTDCS", person=story["cs2"])
    for key in ("ld1", "ld2"):
        out[key] = _nominate(commune, ntla, "LDTT", person=story[key], awarding=hd)
    # Still with the district's office: submitted, not checked yet.
    out["ld3"] = _nominate(commune, ntla, "LDTT", person=story["ld3"], awarding=hd)
    for key, nomination in out.items():
        if key != "ld3":
            out[key] = services.nomination_check(actor=office, nomination=nomination)
    out["gap"] = services.nomination_return(
        actor=office,
        nomination=out["gap"],
        reason=(
            "Chưa đủ 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (năm 2019 không đạt); "
            "đề nghị xét Bằng khen hoặc bổ sung hồ sơ."
        ),
    )
    return out


# -- council, ballot, decision ---------------------------------------------------------------


def _council(accounts: dict[str, User], province: Unit) -> Council:
    members = [
        {"name": name, "role": role, "account": accounts.get(MEMBER_ACCOUNTS.get(name, ""))}
        for name, role in COUNCIL_MEMBERS
    ]
    return services.council_create(
        actor=accounts[OFFICE], unit=province, name=COUNCIL_NAME, members=members
    )


# Agree votes out of 11 in the closed session (the rest disagree).  CSTĐ tỉnh needs 90 % of
# the WHOLE council (10 of 11): the second candidate's 9 votes fall short.
AGREE = {"star": 11, "second": 9, "bk": 10, "ttldxs": 10, "flag0": 10, "flag1": 9}


def _closed_session(
    accounts: dict[str, User], council: Council, nominations: dict[str, Nomination]
) -> CouncilSession:
    office = accounts[OFFICE]
    agenda = {k: n for k, n in nominations.items() if k in AGREE}
    session = services.session_create(
        actor=office,
        council=council,
        date=CLOSED_SESSION_DAY,
        nominations=list(agenda.values()),
        place="Hội trường UBND tỉnh Bạc Liêu",
    )
    members = list(CouncilMember.objects.filter(council=council).order_by("id"))
    session = services.session_open(actor=office, session=session, present=members)
    for i, member in enumerate(members):
        choices = {n.pk: ("yes" if i < AGREE[k] else "no") for k, n in agenda.items()}
        voter = accounts[MEMBER] if member.account_id == accounts[MEMBER].pk else office
        services.ballot_cast(actor=voter, session=session, member=member, choices=choices)
    services.round_close(actor=office, session=session)
    return services.session_close(actor=office, session=session)


def _decision(
    accounts: dict[str, User], province: Unit, nominations: dict[str, Nomination]
) -> Decision:
    office, leader = accounts[OFFICE], accounts[LEADER]
    passed = [
        n
        for k, n in nominations.items()
        if k in AGREE and Nomination.objects.get(pk=n.pk).council_passed
    ]
    failed = [n for k, n in nominations.items() if k in AGREE and n not in passed]
    for nomination in failed:
        services.nomination_decline(
            actor=office,
            nomination=nomination,
            reason="Không đạt tỷ lệ phiếu đồng ý của Hội đồng (tính trên tổng số thành viên).",
        )
    decision = services.decision_create(
        actor=office,
        authority_unit=province,
        year=YEAR,
        title="Về việc tặng danh hiệu thi đua và hình thức khen thưởng năm 2020",
        place="Bạc Liêu",
        authority_name="ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU",
        nominations=passed,
        bases="\n".join(
            (
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003 và các Luật sửa "
                "đổi, bổ sung;",
                "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ;",
                "Xét đề nghị của Hội đồng Thi đua – Khen thưởng tỉnh.",
            )
        ),
        recipients="Như Điều 3;\nBan Thi đua – Khen thưởng tỉnh;\nLưu: VT.",
        signer=leader,
        signer_title="CHỦ TỊCH",
    )
    return services.decision_issue(
        actor=leader, decision=decision, date=DECISION_DAY, number=DECISION_NUMBER, render=False
    )


def _backdate(nominations: dict[str, Nomination]) -> None:
    """Submission and check times as they would have been in December 2020 (the audit trail
    keeps the real time of loading)."""
    tz = timezone.get_current_timezone()
    for i, nomination in enumerate(nominations.values()):
        submitted = dt.datetime(2020, 12, 1 + i % 7, 9, 0, tzinfo=tz)
        Nomination.objects.filter(pk=nomination.pk, submitted_at__isnull=False).update(
            submitted_at=submitted
        )
        Nomination.objects.filter(pk=nomination.pk, checked_at__isnull=False).update(
            checked_at=submitted + dt.timedelta(days=5)
        )


def run_from_command(stdout: Any) -> AwardsDemoReport:
    """Called at the end of ``thidua demo``: load the commendation year and say what was done."""
    import time

    from django.core.management.base import CommandError

    started = time.monotonic()
    try:
        report = load_awards()
    except ValidationError as exc:
        raise CommandError(
            _("The demo commendation year could not be loaded: %(errors)s")
            % {"errors": " ".join(exc.messages)}
        ) from exc
    stdout.write("")
    if report.created:
        stdout.write(
            _(
                "Demo commendation year loaded in %(s).1f s: records of %(people)d people "
                "(%(ratings)d ratings, %(titles)d titles), %(nominations)d nominations, "
                "a council with a closed and a planned session, decision %(decision)s."
            )
            % {
                "s": time.monotonic() - started,
                "people": report.people_with_records,
                "ratings": report.ratings,
                "titles": report.titles,
                "nominations": report.nominations,
                "decision": report.decision.reference if report.decision else "-",
            }
        )
    else:
        stdout.write(_("The demo commendation year is already loaded: nothing was changed."))
    return report
