"""The portal's demo content: news about Bạc Liêu's 2020 campaign, two polls, comments.

Loaded by ``thidua demo`` after the campaign (needs the demo province, its accounts and the
campaign BL-2020-DHDB when present).  Idempotent: if the first demo article exists, nothing
is done.  Articles, photos, polls and moderation go through the services (audited); the
closed poll's counts are written in one update, as if the votes had come in during 2020.

The texts are written for this demo.  Figures of the two road works are the campaign demo's
illustrative ones; the people named in the stories are invented.  The photos are drawings
made with Pillow (no download).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from thidua.campaigns.models import Campaign
from thidua.org.models import Unit, User
from thidua.portal import comments, services
from thidua.portal.models import Article, Category, CommentStatus, Poll, PollOption

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAMPAIGN_CODE = "BL-2020-DHDB"
FIRST_SLUG = "bac-lieu-phat-dong-dot-thi-dua-chao-mung-dai-hoi-dang-bo-cac-cap"

CATEGORIES = (
    (
        "tien-toi-dai-hoi-dang-cac-cap",
        "Tiến tới Đại hội Đảng các cấp",
        "Tin về đợt thi đua lập thành tích chào mừng đại hội Đảng bộ các cấp.",
    ),
    (
        "phong-trao-thi-dua",
        "Phong trào thi đua",
        "Các phong trào thi đua yêu nước, công trình trọng điểm và tiến độ thực hiện.",
    ),
    (
        "guong-nguoi-tot-viec-tot",
        "Gương người tốt việc tốt",
        "Những tập thể, cá nhân tiêu biểu được phát hiện trong phong trào.",
    ),
)


@dataclass(frozen=True)
class Story:
    slug: str
    category: str
    title: str
    lead: str
    body: str
    byline: str
    when: dt.datetime
    unit: str
    writer: str  # username; a unit officer writes and submits, the office publishes
    mentions: tuple[str, ...]
    palette: tuple[tuple[int, int, int], tuple[int, int, int]]
    captions: tuple[tuple[str, str], ...]  # (caption, credit)
    published: bool = True


def _at(y: int, m: int, d: int, h: int = 8, minute: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, minute, tzinfo=TZ)


STORIES: tuple[Story, ...] = (
    Story(
        slug=FIRST_SLUG,
        category="tien-toi-dai-hoi-dang-cac-cap",
        title="Bạc Liêu phát động đợt thi đua chào mừng đại hội Đảng bộ các cấp",
        lead=(
            "Ủy ban nhân dân tỉnh kêu gọi mọi cơ quan, đơn vị, địa phương và doanh nghiệp "
            "đăng ký chỉ tiêu cụ thể, chọn công trình trọng điểm và hoàn thành trước Quốc "
            "khánh 2/9/2020."
        ),
        body=(
            "<p>Đợt thi đua hướng tới Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI và Đại hội "
            "đại biểu toàn quốc lần thứ XIII của Đảng. Khác với những đợt trước, mỗi đơn vị "
            "phải tự rà soát kết quả thực hiện nhiệm vụ giai đoạn 2016–2020, chỉ ra việc còn "
            "chậm, việc khó, rồi mới đăng ký chỉ tiêu.</p>"
            "<h2>Đo được, đếm được</h2>"
            "<p>Mỗi nơi chọn ít nhất một, nhiều nhất hai công trình hoặc phần việc trọng điểm. "
            "Tiến độ được báo cáo định kỳ kèm hình ảnh, để Hội đồng Thi đua – Khen thưởng "
            "đánh giá bằng số liệu chứ không bằng lời tự nhận.</p>"
            "<p>Phong trào “Cả nước chung sức xây dựng nông thôn mới” được xác định là trọng "
            "tâm, với mục tiêu cả 49 xã của tỉnh đạt chuẩn nông thôn mới vào cuối năm.</p>"
            "<blockquote>Thi đua phải thiết thực, tránh hình thức: việc gì đăng ký thì phải "
            "có kết quả nhìn thấy được.</blockquote>"
        ),
        byline="Kim Ngân",
        when=_at(2020, 5, 29, 17, 0),
        unit="BL",
        writer="vanphong",
        mentions=("BL",),
        palette=((176, 32, 40), (245, 200, 66)),
        captions=(("Lễ phát động đợt thi đua tại hội trường tỉnh (tranh minh họa).", "Ban TĐKT"),),
    ),
    Story(
        slug="hong-dan-cac-xa-chon-cong-trinh-trong-diem",
        category="tien-toi-dai-hoi-dang-cac-cap",
        title="Hồng Dân: các xã chọn công trình trọng điểm chào mừng đại hội",
        lead=(
            "Đường giao thông nông thôn, nhà văn hóa ấp và điểm trường là những công trình "
            "được các xã của huyện Hồng Dân đăng ký nhiều nhất."
        ),
        body=(
            "<p>Sau hai tuần tự đánh giá, các xã trong huyện đã gửi bản đăng ký thi đua lên "
            "Phòng Nội vụ. Phần lớn chọn công trình gắn với đời sống hằng ngày của người dân: "
            "nâng cấp tuyến đường ra ruộng, sửa nhà văn hóa ấp, làm thêm phòng học.</p>"
            "<p>Huyện yêu cầu mỗi công trình có mốc tiến độ rõ ràng và có người chịu trách "
            "nhiệm; bản đăng ký nào chỉ ghi chung chung đều được trả lại để bổ sung.</p>"
        ),
        byline="Thành Nguyễn",
        when=_at(2020, 6, 10, 9, 30),
        unit="BL-HD",
        writer="canbo.hongdan",
        mentions=("BL-HD", "BL-HD-NTLA"),
        palette=((29, 79, 145), (120, 180, 90)),
        captions=(
            (
                "Cán bộ huyện cùng người dân khảo sát tuyến đường (tranh minh họa).",
                "Phòng Nội vụ Hồng Dân",
            ),
        ),
    ),
    Story(
        slug="vinh-trach-dong-nguoi-dan-gop-dat-gop-cong-lam-duong",
        category="phong-trao-thi-dua",
        title="Vĩnh Trạch Đông: người dân góp đất, góp công làm đường liên ấp",
        lead=(
            "Tuyến đường bê tông liên ấp trị giá khoảng 1,45 tỷ đồng có 620 triệu đồng và "
            "gần 1.850 ngày công do Nhân dân đóng góp."
        ),
        body=(
            "<p>Xã Vĩnh Trạch Đông (thành phố Bạc Liêu) chọn tuyến đường liên ấp làm công "
            "trình chào mừng đại hội Đảng bộ xã. Chính quyền hỗ trợ xi măng, sắt thép; các hộ "
            "dân hai bên đường hiến đất, góp tiền và ngày công.</p>"
            "<h2>Từ con đường đất đến lối đi khô ráo</h2>"
            "<p>Mùa mưa trước đây, học sinh phải lội bùn đến trường. Nay xe máy, xe ba gác chở "
            "lúa có thể đi lại quanh năm.</p>"
            "<ul><li>Chiều dài: khoảng 2 km</li><li>Kinh phí: khoảng 1,45 tỷ đồng</li>"
            "<li>Nhân dân đóng góp: 620 triệu đồng và 1.850 ngày công</li></ul>"
        ),
        byline="Kim Ngân",
        when=_at(2020, 6, 20, 15, 0),
        unit="BL",
        writer="vanphong",
        mentions=("BL-TPBL-VTD",),
        palette=((90, 90, 96), (150, 200, 110)),
        captions=(
            ("Người dân cùng đổ bê tông mặt đường (tranh minh họa).", "UBND xã Vĩnh Trạch Đông"),
            ("Đoạn đường đã hoàn thành trước mùa mưa (tranh minh họa).", "UBND xã Vĩnh Trạch Đông"),
        ),
    ),
    Story(
        slug="ninh-thanh-loi-a-mo-rong-duong-giao-thong-nong-thon",
        category="phong-trao-thi-dua",
        title="Ninh Thạnh Lợi A mở rộng đường giao thông nông thôn lên 3,5 mét",
        lead=(
            "Mặt đường rộng gấp đôi giúp xe tải nhẹ vào tận vùng lúa – tôm; người dân tự "
            "nguyện dời hàng rào, cây trồng để giải phóng mặt bằng."
        ),
        body=(
            "<p>Tuyến đường cũ chỉ rộng 1,5 m, hai xe máy tránh nhau đã khó. Sau khi bàn bạc ở "
            "các buổi họp ấp, bà con thống nhất lùi hàng rào, chặt bớt cây để nâng mặt đường "
            "lên 3,5 m.</p>"
            "<p>Tổng kinh phí khoảng 2,3 tỷ đồng, trong đó người dân đóng góp 410 triệu đồng "
            "và hơn 2.600 ngày công. Xã báo cáo tiến độ hằng tháng kèm ảnh chụp từng đoạn.</p>"
            "<p>Công trình là phần việc trọng điểm của xã trong đợt thi đua, đồng thời góp "
            "phần hoàn thành tiêu chí giao thông của bộ tiêu chí xã nông thôn mới.</p>"
        ),
        byline="Sa Ranh",
        when=_at(2020, 7, 5, 10, 0),
        unit="BL-HD-NTLA",
        writer="canbo.ntla",
        mentions=("BL-HD-NTLA",),
        palette=((70, 70, 70), (100, 170, 160)),
        captions=(
            (
                "Máy thi công trải đá mặt đường mở rộng (tranh minh họa).",
                "UBND xã Ninh Thạnh Lợi A",
            ),
            ("Tuyến đường mới bên kênh thủy lợi (tranh minh họa).", "UBND xã Ninh Thạnh Lợi A"),
        ),
    ),
    Story(
        slug="ong-lam-van-tu-hien-dat-mo-duong",
        category="guong-nguoi-tot-viec-tot",
        title="Ông Lâm Văn Tư hiến 300 m² đất để mở đường",
        lead=(
            "Người nông dân ở ấp Nhàn Dân là hộ đầu tiên ký giấy hiến đất, kéo theo cả xóm "
            "cùng dời hàng rào."
        ),
        body=(
            "<p>“Đường rộng thì lúa ra nhanh, con cháu đi học đỡ cực” – ông Tư nói đơn giản "
            "như vậy khi được hỏi vì sao không đòi bồi thường cho phần đất trồng dừa của gia "
            "đình.</p>"
            "<p>Từ việc làm của ông, thêm mười bốn hộ khác trong ấp đã hiến đất. Xã đề nghị "
            "biểu dương ông là gương người tốt việc tốt của đợt thi đua.</p>"
        ),
        byline="Sa Ranh",
        when=_at(2020, 6, 25, 16, 30),
        unit="BL-HD-NTLA",
        writer="vanphong",
        mentions=("BL-HD-NTLA",),
        palette=((40, 120, 60), (230, 190, 120)),
        captions=(("Phần đất ven đường gia đình ông Tư đã hiến (tranh minh họa).", "H.T"),),
    ),
    Story(
        slug="so-ket-giua-dot-nhieu-chi-tieu-ve-dich-som",
        category="phong-trao-thi-dua",
        title="Sơ kết giữa đợt: nhiều chỉ tiêu về đích sớm",
        lead=(
            "Đến giữa tháng 7, phần lớn đơn vị đã báo cáo tiến độ; một số công trình trọng "
            "điểm vượt kế hoạch, một số chỉ tiêu cần tăng tốc."
        ),
        body=(
            "<p>Ban Thi đua – Khen thưởng tổng hợp báo cáo của các đơn vị tham gia. Những "
            "đơn vị chậm được nhắc nhở bằng văn bản và được hướng dẫn cách cập nhật tiến độ "
            "trực tuyến.</p>"
            "<h2>Việc cần làm tiếp</h2>"
            "<ol><li>Hoàn thành các công trình giao thông trước mùa mưa lớn.</li>"
            "<li>Tập trung hỗ trợ các xã còn thiếu tiêu chí nông thôn mới.</li>"
            "<li>Phát hiện thêm gương điển hình ở cơ sở.</li></ol>"
        ),
        byline="Kim Ngân",
        when=_at(2020, 7, 20, 14, 0),
        unit="BL",
        writer="vanphong",
        mentions=(),
        palette=((29, 79, 145), (201, 162, 39)),
        captions=(("Hội nghị sơ kết giữa đợt thi đua (tranh minh họa).", "Ban TĐKT"),),
    ),
    Story(
        slug="dich-49-49-xa-nong-thon-moi-cac-xa-cuoi-cung-tang-toc",
        category="phong-trao-thi-dua",
        title="Đích 49/49 xã nông thôn mới: những xã cuối cùng tăng tốc",
        lead=(
            "Các xã còn thiếu tiêu chí tập trung vào giao thông, thủy lợi và môi trường để kịp "
            "thẩm định trước cuối năm."
        ),
        body=(
            "<p>Mục tiêu cả 49 xã đạt chuẩn nông thôn mới là nội dung nòng cốt của đợt thi "
            "đua. Bảng theo dõi tiêu chí được cập nhật theo từng xã để ai cũng thấy còn thiếu "
            "tiêu chí nào.</p>"
            "<p>Các sở, ngành được phân công giúp từng xã; người dân góp ngày công làm đường, "
            "nạo vét kênh, trồng cây xanh.</p>"
        ),
        byline="Ban biên tập",
        when=_at(2020, 8, 15, 9, 0),
        unit="BL",
        writer="vanphong",
        mentions=(),
        palette=((60, 140, 70), (250, 230, 150)),
        captions=(("Cánh đồng và kênh thủy lợi sau nạo vét (tranh minh họa).", "Ban TĐKT"),),
    ),
    Story(
        slug="tong-ket-dot-thi-dua-cac-cong-trinh-hoan-thanh-truoc-2-9",
        category="tien-toi-dai-hoi-dang-cac-cap",
        title="Các công trình trọng điểm hoàn thành trước Quốc khánh 2/9",
        lead=(
            "Hai tuyến đường ở Vĩnh Trạch Đông và Ninh Thạnh Lợi A đưa vào sử dụng; tỉnh chuẩn "
            "bị đánh giá cuối đợt và đề nghị khen thưởng."
        ),
        body=(
            "<p>Ngày 2/9/2020 là mốc hoàn thành các nội dung đã đăng ký. Hội đồng Thi đua – "
            "Khen thưởng tỉnh sẽ căn cứ số liệu tiến độ và minh chứng đã báo cáo để xếp loại "
            "mức độ hoàn thành của từng đơn vị.</p>"
            "<p>Những tập thể, cá nhân tiêu biểu sẽ được giới thiệu trên mục Gương điển hình "
            "để các nơi khác học tập, nhân rộng.</p>"
        ),
        byline="Kim Ngân",
        when=_at(2020, 9, 5, 8, 0),
        unit="BL",
        writer="vanphong",
        mentions=("BL-TPBL-VTD", "BL-HD-NTLA"),
        palette=((176, 32, 40), (29, 79, 145)),
        captions=(("Cờ hoa trên tuyến đường mới khánh thành (tranh minh họa).", "Ban TĐKT"),),
    ),
    Story(
        slug="truong-hoc-xanh-o-hong-dan",
        category="phong-trao-thi-dua",
        title="Trường học xanh – sạch – đẹp ở Hồng Dân",
        lead="Bài đang chờ biên tập viên duyệt.",
        body="<p>Các trường trong huyện trồng thêm cây xanh và làm vườn trường.</p>",
        byline="Thành Nguyễn",
        when=_at(2020, 9, 10, 8, 0),
        unit="BL-HD",
        writer="canbo.hongdan",
        mentions=("BL-HD",),
        palette=((60, 150, 80), (200, 230, 250)),
        captions=(),
        published=False,
    ),
)

COMMENTS = (
    # (article slug, name, body, approved)
    (
        "ninh-thanh-loi-a-mo-rong-duong-giao-thong-nong-thon",
        "Trần Thị Mai",
        "Đường rộng rồi, mùa thu hoạch xe vào tận ruộng, bà con đỡ vất vả nhiều.",
        True,
    ),
    (
        "ninh-thanh-loi-a-mo-rong-duong-giao-thong-nong-thon",
        "Danh Sơn",
        "Cảm ơn các hộ đã hiến đất. Mong xã làm thêm đèn chiếu sáng.",
        True,
    ),
    (
        "vinh-trach-dong-nguoi-dan-gop-dat-gop-cong-lam-duong",
        "Phạm Văn Hậu",
        "Ấp tôi cũng muốn làm đường như vậy, xin hỏi thủ tục đóng góp thế nào?",
        True,
    ),
    ("ong-lam-van-tu-hien-dat-mo-duong", "Lê Hoàng", "Một tấm gương đáng học tập.", False),
    (
        "bac-lieu-phat-dong-dot-thi-dua-chao-mung-dai-hoi-dang-bo-cac-cap",
        "Nguyễn Thanh Tâm",
        "Đề nghị công bố tiến độ của từng đơn vị trên cổng thông tin.",
        False,
    ),
)


def _drawing(seed: int, palette: tuple[tuple[int, int, int], tuple[int, int, int]]) -> bytes:
    """A simple landscape: sky, fields, a road going to the horizon, trees, a flag."""
    rng = random.Random(seed)
    width, height = 1200, 750
    img = Image.new("RGB", (width, height), (200, 225, 245))
    draw = ImageDraw.Draw(img)
    horizon = int(height * rng.uniform(0.38, 0.48))
    for y in range(horizon):  # sky gradient
        t = y / horizon
        draw.line([(0, y), (width, y)], fill=(int(150 + 80 * t), int(190 + 50 * t), 245))
    sun_x = rng.randint(100, width - 100)
    draw.ellipse([sun_x - 45, 60, sun_x + 45, 150], fill=(255, 236, 170))
    field = palette[1]
    draw.rectangle([0, horizon, width, height], fill=field)
    for i in range(14):  # rows of crops
        y = horizon + int((height - horizon) * (i / 14) ** 1.6)
        shade = tuple(max(0, c - 25) for c in field)
        draw.line([(0, y), (width, y)], fill=shade, width=2)
    mid = width // 2 + rng.randint(-120, 120)
    road = palette[0]
    draw.polygon(
        [(mid - 18, horizon), (mid + 18, horizon), (mid + 420, height), (mid - 420, height)],
        fill=road,
    )
    for i in range(9):  # centre line
        y0 = horizon + int((height - horizon) * (i / 9) ** 1.5)
        y1 = horizon + int((height - horizon) * ((i + 0.5) / 9) ** 1.5)
        draw.line([(mid, y0), (mid, y1)], fill=(250, 250, 240), width=2 + i)
    for _tree in range(10):  # trees along the road
        side = rng.choice((-1, 1))
        t = rng.uniform(0.05, 0.9)
        y = horizon + int((height - horizon) * t)
        x = mid + side * int(40 + 460 * t) + side * rng.randint(10, 60)
        size = int(12 + 70 * t)
        draw.rectangle([x - size // 8, y - size, x + size // 8, y], fill=(110, 80, 50))
        draw.ellipse(
            [x - size // 2, y - size * 2, x + size // 2, y - size // 2], fill=(40, 120, 55)
        )
    fx = rng.randint(80, width - 200)  # a flag
    draw.line([(fx, horizon - 160), (fx, horizon + 20)], fill=(90, 90, 90), width=5)
    draw.rectangle([fx, horizon - 160, fx + 110, horizon - 90], fill=(218, 37, 29))
    cx, cy = fx + 55, horizon - 125
    star = [
        (cx, cy - 24),
        (cx + 7, cy - 7),
        (cx + 24, cy - 7),
        (cx + 10, cy + 4),
        (cx + 15, cy + 22),
        (cx, cy + 11),
        (cx - 15, cy + 22),
        (cx - 10, cy + 4),
        (cx - 24, cy - 7),
        (cx - 7, cy - 7),
    ]
    draw.polygon(star, fill=(255, 221, 0))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


@dataclass
class PortalDemoReport:
    created: bool = False
    articles: int = 0
    photos: int = 0
    polls: int = 0
    comments: int = 0


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).select_related("unit").first()


@transaction.atomic
def load_portal() -> PortalDemoReport:
    report = PortalDemoReport()
    if Article.objects.filter(slug=FIRST_SLUG).exists():
        return report
    office = _user("vanphong")
    if office is None or not Unit.objects.filter(code="BL").exists():
        return report  # the demo province is not loaded
    report.created = True
    cats = {}
    for position, (slug, name, description) in enumerate(CATEGORIES):
        cats[slug], _created = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in={"BL", "BL-HD", "BL-HD-NTLA", "BL-TPBL-VTD"})
    }
    campaign = Campaign.objects.filter(code=CAMPAIGN_CODE).first()
    articles: dict[str, Article] = {}
    for n, story in enumerate(STORIES):
        writer = _user(story.writer) or office
        article = services.article_create(
            actor=writer,
            unit=units.get(story.unit, units["BL"]),
            category=cats[story.category],
            title=story.title,
            lead=story.lead,
            body=story.body,
            byline=story.byline,
            campaigns=[campaign] if campaign else [],
            units=[units[c] for c in story.mentions if c in units],
            slug=story.slug,
        )
        for i, (caption, credit) in enumerate(story.captions):
            services.image_add(
                actor=writer,
                article=article,
                data=_drawing(n * 10 + i, story.palette),
                caption=caption,
                credit=credit,
                alt=caption.replace(" (tranh minh họa).", ""),
            )
            report.photos += 1
        if writer != office:
            article = services.article_submit(actor=writer, article=article)
        if story.published:
            article = services.article_publish(
                actor=office, article=article, published_at=story.when
            )
        articles[story.slug] = article
        report.articles += 1
    for slug, name, body, approved in COMMENTS:
        # The loader is not a visitor: the per-address limit (kept in the cache, which
        # outlives a test's database) must not refuse a second load in the same process.
        comment = comments.post_comment(
            articles[slug], name=name, body=body, address="demo", limited=False
        )
        if comment is None:
            continue
        report.comments += 1
        if approved:
            comments.moderate_comment(actor=office, comment=comment, status=CommentStatus.APPROVED)
    _polls(office, units["BL"], campaign, report)
    return report


def _polls(office: User, unit: Unit, campaign: Campaign | None, report: PortalDemoReport) -> None:
    closed = services.poll_create(
        actor=office,
        unit=unit,
        campaign=campaign,
        question="Công trình chào mừng đại hội nào ở huyện, xã bạn thiết thực nhất?",
        description="Thăm dò trong đợt thi đua năm 2020 (đã kết thúc).",
        options=[
            "Đường giao thông nông thôn",
            "Nhà văn hóa ấp",
            "Trường học, điểm trường",
            "Kênh thủy lợi, cống",
        ],
        opens_at=_at(2020, 6, 1),
        closes_at=_at(2020, 9, 2, 23, 59),
    )
    # The 2020 votes, written at once (they could not be cast through the page today).
    counts = (412, 97, 163, 121)
    for option, votes in zip(closed.options.order_by("position"), counts, strict=True):
        PollOption.objects.filter(pk=option.pk).update(votes=votes)
    Poll.objects.filter(pk=closed.pk).update(voters=sum(counts))
    services.poll_create(
        actor=office,
        unit=unit,
        campaign=campaign,
        question="Theo bạn, phong trào thi đua của tỉnh nên ưu tiên điều gì trong thời gian tới?",
        description=(
            "Mỗi người được chọn tối đa hai phương án. Kết quả hiện ra sau khi bạn bình chọn."
        ),
        options=[
            "Hạ tầng giao thông nông thôn",
            "Cải cách thủ tục hành chính",
            "Chuyển đổi số ở cơ sở",
            "Chăm lo người có công, hộ nghèo",
        ],
        multiple=True,
        max_choices=2,
        opens_at=_at(2020, 9, 5),
        closes_at=_at(2030, 12, 31, 23, 59),
    )
    report.polls = 2


def run_from_command(stdout: Any) -> PortalDemoReport:
    """Called by ``thidua demo``: load the portal's demo content and say what was done."""
    started = time.monotonic()
    report = load_portal()
    if report.created:
        stdout.write(
            _(
                "Demo portal loaded in %(s).1f s: %(articles)d articles, %(photos)d photos, "
                "%(polls)d polls, %(comments)d comments."
            )
            % {
                "s": time.monotonic() - started,
                "articles": report.articles,
                "photos": report.photos,
                "polls": report.polls,
                "comments": report.comments,
            }
        )
    else:
        stdout.write(_("The demo portal is already loaded: nothing was changed."))
    return report
