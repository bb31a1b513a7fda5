# ruff: noqa: E501  (the stories and captions are prose, kept one paragraph a line)
"""The demo honor board: exemplary models of Bạc Liêu's 2020 campaign.

Loaded by ``thidua demo`` after the commendation year (``thidua.awards.demo``), whose data it
reads: the commune of Ninh Thạnh Lợi A (the key work of widening its rural road), its lower
secondary school, and the two individuals commended in the demo's provincial decision.  The
provincial office ``vanphong`` writes and publishes the profiles; ``canbo.ntla`` proposes one
more, left as a draft for the office to review.  Units of Hồng Dân and other districts record
taking up the road model (most accepted, one awaiting review).

Every write goes through ``thidua.honors.services`` (each audited); the publication dates are
then moved back to late 2020 so the board tells the story in order.  Idempotent: if the
commune's profile exists, nothing is done.  The photos are drawings made here with Pillow
(captions say so); the stories are written for the demo and every figure is illustrative.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from thidua.honors import services
from thidua.honors.models import Profile, Sector, SubjectKind
from thidua.org.models import Person, Unit, User

COMMUNE, SCHOOL = "BL-HD-NTLA", "BL-HD-NTLA-THCS"
OFFICE, DISTRICT_WRITER, COMMUNE_WRITER = "vanphong", "canbo.hongdan", "canbo.ntla"
COMMUNE_SLUG = "ninh-thanh-loi-a-dong-long-mo-rong-duong-que"
CREDIT = "Ảnh minh họa do hệ thống tạo"


@dataclass
class HonorsDemoReport:
    created: bool
    profiles: int = 0
    photos: int = 0
    replications: int = 0
    notes: list[str] = field(default_factory=list)


# -- drawings ----------------------------------------------------------------------------------


def _sky(draw: ImageDraw.ImageDraw, w: int, h: int, top: tuple, bottom: tuple) -> None:
    for y in range(h):
        t = y / max(1, h - 1)
        draw.line(
            [(0, y), (w, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def draw_road(seed: str, w: int = 1600, h: int = 1000) -> bytes:
    """A widened rural road between rice fields and coconut palms."""
    rng = random.Random(seed)
    image = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(image)
    horizon = int(h * 0.42)
    _sky(d, w, horizon, (120, 180, 235), (220, 235, 250))
    d.rectangle([0, horizon, w, h], fill=(86, 160, 70))
    for i in range(14):  # rows of rice
        y = horizon + int((h - horizon) * (i / 14) ** 1.6)
        d.line([(0, y), (w, y)], fill=(70, 140, 55), width=2 + i // 3)
    cx = w // 2
    d.polygon(
        [(cx - 30, horizon), (cx + 30, horizon), (cx + 420, h), (cx - 420, h)], fill=(150, 150, 145)
    )
    d.polygon(
        [(cx - 3, horizon), (cx + 3, horizon), (cx + 10, h), (cx - 10, h)], fill=(240, 240, 230)
    )
    for side in (-1, 1):
        for i in range(6):
            x = cx + side * (120 + i * 110 + rng.randint(-20, 20))
            base = horizon + 40 + i * 55
            top = base - 160 - i * 30
            d.line([(x, base), (x + side * 10, top)], fill=(110, 80, 50), width=8 + i)
            for _leaf in range(6):
                dx = rng.randint(-90, 90)
                d.line(
                    [(x + side * 10, top), (x + dx, top + rng.randint(20, 70))],
                    fill=(40, 110, 40),
                    width=6,
                )
    return _jpeg(image)


def draw_fields(seed: str, w: int = 1600, h: int = 1000) -> bytes:
    """Rice paddies and a canal at dawn."""
    rng = random.Random(seed)
    image = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(image)
    horizon = int(h * 0.35)
    _sky(d, w, horizon, (250, 200, 140), (250, 235, 200))
    d.ellipse([w * 0.7, horizon * 0.4, w * 0.7 + 120, horizon * 0.4 + 120], fill=(255, 170, 80))
    for i in range(8):
        y0 = horizon + i * (h - horizon) // 8
        shade = (90 + rng.randint(-15, 15), 170 + rng.randint(-20, 10), 60)
        d.rectangle([0, y0, w, y0 + (h - horizon) // 8], fill=shade)
    d.polygon([(0, h * 0.8), (w, h * 0.62), (w, h * 0.68), (0, h * 0.9)], fill=(90, 140, 180))
    return _jpeg(image)


def draw_school(seed: str, w: int = 1600, h: int = 1000) -> bytes:
    """A two-storey school with its flag and a schoolyard tree."""
    image = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(image)
    _sky(d, w, h, (140, 195, 240), (230, 240, 250))
    d.rectangle([0, int(h * 0.78), w, h], fill=(200, 190, 170))
    left, right, top, ground = int(w * 0.15), int(w * 0.85), int(h * 0.32), int(h * 0.78)
    d.rectangle([left, top, right, ground], fill=(245, 215, 110))
    d.polygon(
        [(left - 30, top), (right + 30, top), (right, top - 70), (left, top - 70)],
        fill=(180, 60, 50),
    )
    for floor in range(2):
        for i in range(10):
            x = left + 40 + i * (right - left - 80) // 10
            y = top + 40 + floor * (ground - top) // 2
            d.rectangle([x, y, x + 60, y + 90], fill=(90, 130, 170))
    d.line([(int(w * 0.08), ground), (int(w * 0.08), int(h * 0.2))], fill=(120, 120, 120), width=8)
    d.rectangle(
        [int(w * 0.08), int(h * 0.2), int(w * 0.08) + 150, int(h * 0.2) + 100], fill=(218, 37, 29)
    )
    d.regular_polygon((int(w * 0.08) + 75, int(h * 0.2) + 50, 30), 5, fill=(255, 255, 0))
    d.ellipse([int(w * 0.86), int(h * 0.45), int(w * 0.99), int(h * 0.7)], fill=(50, 120, 50))
    return _jpeg(image)


def draw_desk(seed: str, w: int = 1600, h: int = 1000) -> bytes:
    """A working desk: files, a laptop and a certificate frame (no face is drawn)."""
    rng = random.Random(seed)
    image = Image.new("RGB", (w, h), (235, 230, 220))
    d = ImageDraw.Draw(image)
    d.rectangle([0, int(h * 0.6), w, h], fill=(150, 100, 60))
    d.rectangle([int(w * 0.55), int(h * 0.1), int(w * 0.9), int(h * 0.45)], fill=(190, 150, 60))
    d.rectangle([int(w * 0.57), int(h * 0.13), int(w * 0.88), int(h * 0.42)], fill=(250, 245, 225))
    d.regular_polygon((int(w * 0.725), int(h * 0.24), 50), 5, fill=(218, 37, 29))
    for i in range(5):
        y = int(h * 0.62) - i * 18
        color = rng.choice([(240, 240, 240), (220, 230, 250), (250, 240, 200)])
        d.rectangle([int(w * 0.1), y, int(w * 0.35), y + 15], fill=color, outline=(180, 180, 180))
    d.polygon(
        [
            (int(w * 0.4), int(h * 0.62)),
            (int(w * 0.62), int(h * 0.62)),
            (int(w * 0.66), int(h * 0.7)),
            (int(w * 0.36), int(h * 0.7)),
        ],
        fill=(60, 60, 70),
    )
    d.rectangle([int(w * 0.41), int(h * 0.42), int(w * 0.61), int(h * 0.62)], fill=(40, 60, 90))
    return _jpeg(image)


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


# -- the stories -------------------------------------------------------------------------------

COMMUNE_STORY = """Năm 2020, khi cả tỉnh bước vào đợt thi đua chào mừng đại hội Đảng bộ các cấp, Xã Ninh Thạnh Lợi A chọn công trình trọng điểm là mở rộng tuyến đường nối các ấp với trung tâm xã. Con đường cũ chỉ rộng hơn một mét, mùa mưa lầy lội, xe chở lúa không vào được.

Ban Chỉ đạo xã họp dân từng ấp, công khai dự toán và cách làm. Nhiều hộ tự nguyện dời hàng rào, hiến phần đất ven đường; các đoàn thể nhận từng đoạn để vận động. Người góp ngày công, người góp cây, vật liệu; phần còn lại do ngân sách hỗ trợ.

Đến trước ngày 2 tháng 9, tuyến đường đã được mở rộng và trải đá xong. Cách làm “dân bàn, dân góp, dân kiểm tra” của xã được nhiều địa phương trong huyện và trong tỉnh đến tìm hiểu, áp dụng cho đường làng của mình."""

SCHOOL_STORY = """Trường THCS Ninh Thạnh Lợi A ở vùng sâu của huyện Hồng Dân, phần đông học sinh là con em gia đình làm nông, một số là đồng bào Khmer. Nhiều năm liền, tỷ lệ học sinh bỏ học giữa chừng là nỗi lo của nhà trường.

Tập thể giáo viên chia nhau theo dõi từng em có nguy cơ nghỉ học, đến tận nhà trò chuyện với phụ huynh, vận động mạnh thường quân tặng xe đạp và áo trắng. Nhà trường mở thêm các buổi phụ đạo miễn phí vào cuối tuần.

Nhờ vậy, số học sinh bỏ học giảm rõ rệt, phong trào thi đua “dạy tốt, học tốt” được duy trì đều đặn. Nhiều năm liền trường đạt danh hiệu Tập thể lao động tiên tiến."""

STAR_STORY = """Là Trưởng phòng Nội vụ huyện Hồng Dân, chị Nguyễn Thị Mỹ Hạnh đặt mục tiêu để người dân và cán bộ cơ sở “đi ít bước nhất” khi làm thủ tục. Chị rà soát, đề xuất rút gọn nhiều quy trình nội bộ và hướng dẫn các xã công khai thời hạn giải quyết hồ sơ.

Trong công tác thi đua, khen thưởng, chị chú trọng phát hiện điển hình từ cơ sở: người nông dân giỏi, cô giáo vùng sâu, tổ hòa giải ở ấp. Sáng kiến của chị về quản lý hồ sơ khen thưởng được công nhận cấp tỉnh.

Năm 2020, chị được Ủy ban nhân dân tỉnh tặng danh hiệu Chiến sĩ thi đua cấp tỉnh."""

BK_STORY = """Anh Huỳnh Minh Tâm, Trưởng phòng Ngân sách Sở Tài chính, là người theo sát việc bố trí vốn cho các xã xây dựng nông thôn mới. Anh cùng đồng nghiệp lập bảng theo dõi từng nguồn vốn, giúp các địa phương giải ngân đúng tiến độ.

Trong năm 2020, khi nhiều công trình giao thông nông thôn cần hoàn thành trước ngày 2 tháng 9, anh chủ động hướng dẫn các xã hoàn thiện hồ sơ thanh toán, không để công trình phải dừng vì thủ tục.

Với những đóng góp đó, anh được Chủ tịch Ủy ban nhân dân tỉnh tặng Bằng khen."""

DRAFT_STORY = """Chị Danh Thị Sa Rết, công chức Địa chính xã Ninh Thạnh Lợi A, đã cùng Ban Chỉ đạo đo đạc, cắm mốc từng phần đất người dân hiến để mở rộng đường. Xã đề nghị giới thiệu chị là gương người tốt, việc tốt."""


@dataclass(frozen=True)
class Spread:
    unit: str
    date: dt.date
    action: str
    result: str = ""
    accepted: bool = True


ROAD_SPREAD = (
    Spread(
        "BL-HD-NTL",
        dt.date(2020, 10, 5),
        "Họp dân ba ấp, vận động hiến đất mở rộng 2,1 km đường liên ấp theo cách làm của Ninh Thạnh Lợi A.",
        "62 hộ hiến đất; đã trải đá 1,5 km.",
    ),
    Spread(
        "BL-HD-NH",
        dt.date(2020, 10, 20),
        "Giao đoàn thanh niên nhận đoạn đường ấp Vĩnh Phú, công khai dự toán trước dân.",
        "Hoàn thành 900 m trước Tết Tân Sửu.",
    ),
    Spread(
        "BL-HD-LN",
        dt.date(2020, 11, 12),
        "Thành lập tổ giám sát cộng đồng cho công trình đường giao thông nông thôn.",
    ),
    Spread(
        "BL-HB-VB",
        dt.date(2020, 11, 25),
        "Tổ chức đoàn đến Ninh Thạnh Lợi A học cách vận động, áp dụng cho tuyến đường kênh xáng.",
        "Đã có 40 hộ đăng ký hiến đất.",
    ),
    Spread(
        "BL-VL-HT",
        dt.date(2021, 1, 8),
        "Đưa mô hình “dân bàn, dân góp, dân kiểm tra” vào nghị quyết của Đảng ủy xã.",
    ),
    Spread("BL-HB-MD", dt.date(2021, 2, 2), "Vận động hiến đất mở rộng đường ấp.", accepted=False),
)
SCHOOL_SPREAD = (
    Spread(
        "BL-HD-TTND-THCS",
        dt.date(2020, 11, 2),
        "Phân công giáo viên theo dõi học sinh có nguy cơ bỏ học, thăm gia đình mỗi tháng.",
        "Không còn học sinh bỏ học trong học kỳ I.",
    ),
)


# -- loading -----------------------------------------------------------------------------------


def _accounts() -> dict[str, User]:
    wanted = {OFFICE, DISTRICT_WRITER, COMMUNE_WRITER}
    found = {u.username: u for u in User.objects.filter(username__in=wanted).select_related("unit")}
    missing = sorted(wanted - set(found))
    if missing:
        raise ValidationError(
            _("Load the demo province first; missing accounts: %(names)s.")
            % {"names": ", ".join(missing)}
        )
    return found


def _decision_people() -> dict[str, Person]:
    """The individuals commended in the demo's provincial decision, by award code."""
    from thidua.awards.demo import DECISION_NUMBER, PROVINCE, YEAR
    from thidua.awards.models import Commendation

    rows = Commendation.objects.filter(
        decision__authority_unit__code=PROVINCE,
        decision__year=YEAR,
        decision__number=DECISION_NUMBER,
        person__isnull=False,
    ).select_related("person", "person__unit", "award")
    found = {c.award.code: c.person for c in rows if c.person is not None}
    if not found:
        raise ValidationError(_("Load the demo commendation year first: its decision is needed."))
    return found


def _campaign() -> Any:
    from thidua.campaigns.demo import CODE
    from thidua.campaigns.models import Campaign

    return Campaign.objects.filter(code=CODE).first()


@transaction.atomic
def load_honors() -> HonorsDemoReport:
    if Profile.objects.filter(slug=COMMUNE_SLUG).exists():
        return HonorsDemoReport(created=False)
    accounts = _accounts()
    office = accounts[OFFICE]
    people = _decision_people()
    units = {
        u.code: u
        for u in Unit.objects.filter(
            code__in=[COMMUNE, SCHOOL, *(s.unit for s in ROAD_SPREAD + SCHOOL_SPREAD)]
        )
    }
    missing = sorted({COMMUNE, SCHOOL} - set(units))
    if missing:
        raise ValidationError(
            _("Load the demo province first; missing units: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    campaign = _campaign()
    report = HonorsDemoReport(created=True)
    published: list[Profile] = []

    commune = services.profile_create(
        actor=office,
        subject=SubjectKind.COLLECTIVE,
        unit=units[COMMUNE],
        title="Ninh Thạnh Lợi A: đồng lòng mở rộng đường quê",
        summary="Cả xã cùng bàn, cùng góp đất, góp công mở rộng tuyến đường liên ấp trước ngày 2/9/2020; cách làm được nhiều địa phương học theo.",
        story=COMMUNE_STORY,
        sector=Sector.NEW_RURAL,
        campaign=campaign,
    )
    assert commune.slug == COMMUNE_SLUG, commune.slug
    school = services.profile_create(
        actor=office,
        subject=SubjectKind.COLLECTIVE,
        unit=units[SCHOOL],
        title="Trường THCS Ninh Thạnh Lợi A giữ chân học trò vùng sâu",
        summary="Thầy cô đến từng nhà vận động, phụ đạo miễn phí cuối tuần, đưa số học sinh bỏ học về gần bằng không.",
        story=SCHOOL_STORY,
        sector=Sector.EDUCATION,
        campaign=campaign,
    )
    star = people.get("CSTD_BT")
    bk = people.get("BK_BT")
    individuals = []
    if star is not None:
        individuals.append(
            services.profile_create(
                actor=office,
                subject=SubjectKind.INDIVIDUAL,
                person=star,
                title=f"{star.full_name}: đưa thủ tục gần dân hơn",
                summary="Trưởng phòng Nội vụ huyện Hồng Dân, người rút gọn quy trình và tìm ra điển hình từ cơ sở.",
                story=STAR_STORY,
                sector=Sector.ADMINISTRATION,
                campaign=campaign,
            )
        )
    if bk is not None:
        individuals.append(
            services.profile_create(
                actor=office,
                subject=SubjectKind.INDIVIDUAL,
                person=bk,
                title=f"{bk.full_name}: đồng vốn đến đúng công trình",
                summary="Cán bộ Sở Tài chính theo sát từng nguồn vốn nông thôn mới, giúp các xã giải ngân kịp tiến độ.",
                story=BK_STORY,
                sector=Sector.ECONOMY,
                campaign=campaign,
            )
        )
    photos = [
        (
            commune,
            "duong-ntla.jpg",
            draw_road("ntla-road"),
            "Tuyến đường liên ấp sau khi mở rộng (tranh minh họa)",
        ),
        (
            commune,
            "dong-lua.jpg",
            draw_fields("ntla-fields"),
            "Cánh đồng lúa hai bên đường mới (tranh minh họa)",
        ),
        (
            school,
            "truong-ntla.jpg",
            draw_school("ntla-school"),
            "Dãy phòng học của trường (tranh minh họa)",
        ),
        *[
            (
                p,
                f"ban-lam-viec-{i}.jpg",
                draw_desk(f"desk-{i}"),
                "Góc làm việc (tranh minh họa, không phải ảnh chân dung)",
            )
            for i, p in enumerate(individuals)
        ],
    ]
    for profile, name, content, caption in photos:
        services.photo_add(
            actor=office,
            profile=profile,
            upload=_upload(name, content),
            caption=caption,
            credit=CREDIT,
        )
        report.photos += 1
    for profile in (commune, school, *individuals):
        published.append(services.profile_publish(actor=office, profile=profile))
    commune, school = published[0], published[1]

    # Proposed by the commune's officer, left for the office to review.
    draft_person = Person.objects.filter(code="BL-KT-0007").first()
    if draft_person is not None:
        services.profile_create(
            actor=accounts[COMMUNE_WRITER],
            subject=SubjectKind.INDIVIDUAL,
            person=draft_person,
            title=f"{draft_person.full_name}: người cắm mốc con đường mới",
            summary="Công chức Địa chính xã, gắn bó với công trình mở rộng đường liên ấp.",
            story=DRAFT_STORY,
            sector=Sector.NEW_RURAL,
            campaign=campaign,
        )
        report.profiles += 1

    for profile, spreads in ((commune, ROAD_SPREAD), (school, SCHOOL_SPREAD)):
        for s in spreads:
            unit = units.get(s.unit)
            if unit is None:
                report.notes.append(s.unit)
                continue
            in_hong_dan = s.unit.startswith("BL-HD-")
            actor = accounts[DISTRICT_WRITER] if in_hong_dan else office
            rep = services.replication_record(
                actor=actor,
                profile=profile,
                unit=unit,
                date=s.date,
                action=s.action,
                result=s.result,
            )
            if s.accepted:
                services.replication_review(actor=office, replication=rep, accept=True)
            report.replications += 1

    _backdate(published)
    report.profiles += len(published)
    return report


def _backdate(profiles: list[Profile]) -> None:
    """Publication dates as they would have been after the campaign's final review."""
    tz = timezone.get_current_timezone()
    for i, profile in enumerate(profiles):
        when = dt.datetime(2020, 9, 10 + i * 3, 9, 0, tzinfo=tz)
        Profile.objects.filter(pk=profile.pk).update(published_at=when)


def run_from_command(stdout: Any) -> HonorsDemoReport:
    """Called by ``thidua demo`` after the commendation year: load the honor board."""
    from django.core.management.base import CommandError

    try:
        report = load_honors()
    except ValidationError as exc:
        raise CommandError(
            _("The demo honor board could not be loaded: %(errors)s")
            % {"errors": " ".join(exc.messages)}
        ) from exc
    stdout.write("")
    if report.created:
        stdout.write(
            _(
                "Demo honor board loaded: %(profiles)d exemplary models (one left as a draft), "
                "%(photos)d photos, %(replications)d units taking up a model."
            )
            % {
                "profiles": report.profiles,
                "photos": report.photos,
                "replications": report.replications,
            }
        )
    else:
        stdout.write(_("The demo honor board is already loaded: nothing was changed."))
    return report
