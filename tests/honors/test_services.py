"""The honor board's write path: who may propose, edit and publish; the story sanitized;
photos checked with Pillow; replications scoped, unique and reviewed; commendations read
live from the registry."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.awards_domain.conftest import person
from tests.conftest import Cast
from tests.factories import UnitFactory
from tests.honors.conftest import (
    collective,
    individual,
    issued_decision,
    jpeg_bytes,
    photo_upload,
    publish,
    replicate,
)
from thidua.awards import services as awards_services
from thidua.core.models import AuditEvent
from thidua.honors import selectors, services
from thidua.honors.models import Photo, ProfileState, ReplicationState, Sector, SubjectKind
from thidua.org.models import UnitKind

pytestmark = pytest.mark.django_db


def test_a_collective_profile_starts_as_a_draft_owned_by_its_unit(cast: Cast) -> None:
    p = collective(cast)
    assert p.state == ProfileState.DRAFT and p.published_at is None
    assert p.owner_unit == cast.commune
    assert p.slug == "xa-ninh-thanh-loi-a-chung-suc-lam-duong-nong-thon"
    assert "ninh thanh loi a" in p.search_folded
    assert AuditEvent.objects.filter(action="honors.profile.create", target_id=str(p.pk)).exists()


def test_an_individual_profile_is_owned_by_the_persons_unit(cast: Cast) -> None:
    who = person(cast.district, "P-1", "Đặng Thị Thu")
    p = individual(cast, who)
    assert p.owner_unit == cast.district and p.subject_name == "Đặng Thị Thu"


def test_slugs_stay_unique(cast: Cast) -> None:
    a = collective(cast, title="Điển hình làm đường")
    b = collective(cast, cast.district, title="Điển hình làm đường")
    assert (a.slug, b.slug) == ("dien-hinh-lam-duong", "dien-hinh-lam-duong-2")


def test_the_subject_must_fit(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.profile_create(
            actor=cast.office, subject=SubjectKind.INDIVIDUAL, unit=cast.commune, title="X"
        )
    with pytest.raises(ValidationError) as error:
        services.profile_create(
            actor=cast.office, subject=SubjectKind.COLLECTIVE, unit=cast.commune, title=" "
        )
    assert "title" in error.value.error_dict


def test_an_officer_proposes_for_their_subtree_only(cast: Cast) -> None:
    mine = services.profile_create(
        actor=cast.officer,
        subject=SubjectKind.COLLECTIVE,
        unit=cast.commune,
        title="Xã điển hình",
        sector=Sector.NEW_RURAL,
    )
    assert mine.owner_unit == cast.commune
    for actor, unit in ((cast.officer, cast.department), (cast.outsider, cast.commune)):
        with pytest.raises(PermissionDenied):
            services.profile_create(
                actor=actor, subject=SubjectKind.COLLECTIVE, unit=unit, title="Không được"
            )
    with pytest.raises(PermissionDenied):
        services.profile_create(
            actor=cast.viewer, subject=SubjectKind.COLLECTIVE, unit=cast.commune, title="Không"
        )


def test_only_editors_publish_and_officers_stop_editing_once_published(cast: Cast) -> None:
    p = services.profile_create(
        actor=cast.commune_officer,
        subject=SubjectKind.COLLECTIVE,
        unit=cast.commune,
        title="Xã điển hình",
        story="Câu chuyện.",
        sector=Sector.NEW_RURAL,
    )
    for actor in (cast.commune_officer, cast.officer, cast.leader, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.profile_publish(actor=actor, profile=p)
    p = services.profile_publish(actor=cast.office, profile=p)
    assert p.state == ProfileState.PUBLISHED and p.published_at is not None
    with pytest.raises(PermissionDenied):
        services.profile_update(
            actor=cast.commune_officer,
            profile=p,
            title="Đổi",
            summary="",
            story="",
            sector=Sector.NEW_RURAL,
            campaign=None,
        )
    with pytest.raises(ValidationError):
        services.profile_publish(actor=cast.office, profile=p)
    p = services.profile_unpublish(actor=cast.office, profile=p)
    assert p.state == ProfileState.DRAFT and p.published_at is None


def test_publishing_needs_a_story_or_a_summary(cast: Cast) -> None:
    p = collective(cast, story="", summary="")
    with pytest.raises(ValidationError):
        publish(cast, p)


def test_the_story_is_sanitized(cast: Cast) -> None:
    p = collective(
        cast,
        story=(
            '<p onclick="alert(1)">Người dân <strong>hiến đất</strong></p>'
            "<script>alert('x')</script><img src=\"https://tracker.example/x.gif\">"
            '<a href="javascript:alert(1)">xem</a><iframe src="/"></iframe>'
        ),
    )
    assert "<script" not in p.story and "alert" not in p.story
    assert "onclick" not in p.story and "iframe" not in p.story and "tracker" not in p.story
    assert "<strong>hiến đất</strong>" in p.story


def test_plain_text_stories_become_paragraphs(cast: Cast) -> None:
    p = collective(cast, story="Đoạn một.\nDòng hai.\n\nĐoạn <hai> & ba.")
    assert p.story == "<p>Đoạn một.<br>Dòng hai.</p><p>Đoạn &lt;hai&gt; &amp; ba.</p>"


def test_a_photo_is_stored_as_three_renditions_without_exif(cast: Cast) -> None:
    p = collective(cast)
    image = Image.new("RGB", (1400, 1050), (10, 120, 30))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    photo = services.photo_add(
        actor=cast.office,
        profile=p,
        upload=SimpleUploadedFile("x.jpg", out.getvalue()),
        caption="Con đường mới",
        credit="Ảnh: Văn phòng",
    )
    sizes = {}
    for key in ("small", "medium", "large"):
        with photo.file_for(key).open("rb") as fh:
            img = Image.open(fh)
            sizes[key] = img.size
            assert not img.getexif()
    assert sizes == {"small": (320, 240), "medium": (640, 480), "large": (1280, 960)}
    assert (photo.width, photo.height) == (1280, 960)
    assert photo.srcset.count("w,") == 2


def test_small_photos_are_not_enlarged(cast: Cast) -> None:
    photo = services.photo_add(
        actor=cast.office,
        profile=collective(cast),
        upload=photo_upload(content=jpeg_bytes((500, 300))),
        caption="Ảnh nhỏ",
    )
    assert (photo.width, photo.height) == (500, 300)
    assert "640w" not in photo.srcset


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not an image", "không phải ảnh JPEG, PNG hoặc WebP đọc được"),
        (jpeg_bytes()[:200], "không phải ảnh JPEG, PNG hoặc WebP đọc được"),
        (b"", "rỗng"),
    ],
)
def test_bad_photos_are_refused_with_a_clear_message(
    cast: Cast, content: bytes, message: str
) -> None:
    p = collective(cast)
    with pytest.raises(ValidationError) as error:
        services.photo_add(
            actor=cast.office,
            profile=p,
            upload=SimpleUploadedFile("hong.jpg", content),
            caption="Ảnh",
        )
    assert message in " ".join(error.value.messages)
    assert "hong.jpg" in " ".join(error.value.messages)
    assert not Photo.objects.exists()


def test_a_photo_needs_a_caption(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.photo_add(
            actor=cast.office, profile=collective(cast), upload=photo_upload(), caption=" "
        )


def test_replications_are_scoped_unique_and_reviewed(cast: Cast) -> None:
    other = UnitFactory.create(
        code="BL-HD-X2", name="Xã Ninh Hòa", kind=UnitKind.COMMUNE, parent=cast.district
    )
    p = collective(cast)
    with pytest.raises(ValidationError):  # a draft cannot be taken up
        replicate(cast, p, other)
    p = publish(cast, p)
    with pytest.raises(PermissionDenied):  # not in the outsider's scope
        services.replication_record(
            actor=cast.outsider, profile=p, unit=other, date=dt.date(2020, 10, 1), action="x"
        )
    with pytest.raises(PermissionDenied):  # a viewer records nothing
        services.replication_record(
            actor=cast.viewer, profile=p, unit=other, date=dt.date(2020, 10, 1), action="x"
        )
    with pytest.raises(ValidationError):  # the model's own unit
        replicate(cast, p, cast.commune, actor=cast.officer)
    rep = services.replication_record(
        actor=cast.officer,
        profile=p,
        unit=other,
        date=dt.date(2020, 10, 1),
        action="Vận động hiến đất mở đường ấp 3.",
    )
    assert rep.state == ReplicationState.PENDING
    assert selectors.spread_of(p).count == 0  # not public until reviewed
    with pytest.raises(ValidationError) as error:
        replicate(cast, p, other, actor=cast.officer)
    assert "Xã Ninh Hòa" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        services.replication_record(
            actor=cast.officer,
            profile=p,
            unit=cast.district,
            date=dt.date.today() + dt.timedelta(days=2),
            action="x",
        )
    with pytest.raises(PermissionDenied):  # the district officer is no editor
        services.replication_review(actor=cast.officer, replication=rep, accept=True)
    with pytest.raises(ValidationError):  # refusing needs a reason
        services.replication_review(actor=cast.office, replication=rep, accept=False)
    services.replication_review(actor=cast.office, replication=rep, accept=True)
    assert selectors.spread_of(p).count == 1


def test_where_a_model_spread_is_grouped_by_district(cast: Cast) -> None:
    hb = UnitFactory.create(
        code="BL-HB", name="Huyện Hòa Bình", kind=UnitKind.DISTRICT, parent=cast.province
    )
    units = [
        UnitFactory.create(
            code=f"BL-HB-{i}", name=f"Xã Hòa Bình {i}", kind=UnitKind.COMMUNE, parent=hb
        )
        for i in range(2)
    ]
    school = UnitFactory.create(
        code="BL-HD-NTLA-TH", name="Trường Tiểu học", kind=UnitKind.SCHOOL, parent=cast.commune
    )
    p = publish(cast, collective(cast, cast.district, title="Huyện điển hình"))
    for unit in [*units, school, cast.department]:
        replicate(cast, p, unit)
    spread = selectors.spread_of(p)
    assert spread.count == 4
    assert [(g.label, len(g.items)) for g in spread.groups] == [
        ("Huyện Hòa Bình", 2),
        ("Huyện Hồng Dân", 1),
        ("Tỉnh Bạc Liêu", 1),
    ]


def test_commendations_are_read_live_and_revoked_ones_left_out(cast: Cast) -> None:
    decision = issued_decision(cast)
    awardee = decision.commendations.select_related("person").first()
    assert awardee is not None and awardee.person is not None
    p = individual(cast, awardee.person)
    assert [c.pk for c in selectors.commendations_of(p)] == [awardee.pk]
    historical = awards_services.commendation_record_historical(
        actor=cast.office,
        subject="individual",
        award_code="LDTT",
        year=2019,
        person=awardee.person,
        decision_number="45/QĐ-UBND",
    )
    assert [c.pk for c in selectors.commendations_of(p)] == [awardee.pk, historical.pk]
    awards_services.commendation_revoke(
        actor=cast.office,
        commendation=awardee,
        reason="Khai man thành tích",
        decision_number="9/QĐ-UBND",
    )
    assert [c.pk for c in selectors.commendations_of(p)] == [historical.pk]
    listed = selectors.with_counts(selectors.profiles_visible_to(cast.office)).get(pk=p.pk)
    assert getattr(listed, "commendations") == 1  # noqa: B009 - an annotation


def test_collective_commendations_are_the_units_own(cast: Cast) -> None:
    awards_services.commendation_record_historical(
        actor=cast.office, subject="collective", award_code="TTLDTT", year=2019, unit=cast.commune
    )
    awards_services.commendation_record_historical(
        actor=cast.office, subject="collective", award_code="TTLDTT", year=2019, unit=cast.district
    )
    p = collective(cast)
    assert [c.unit_id for c in selectors.commendations_of(p)] == [cast.commune.pk]
