"""Public notice of nominations: settings, posting, the public list and comments (honeypot,
rate limit, moderation), closing, and the council kept waiting until the notice is closed."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.awards_domain.conftest import council, nominate, person
from tests.conftest import Cast
from thidua.awards import notice, services
from thidua.awards.models import Award, Nomination, NominationState
from thidua.awards.models_notice import CommentStatus, NoticeComment, PublicNotice
from thidua.core.models import AuditEvent

LIST = reverse("notices:list")


@pytest.fixture
def marked(cast: Cast) -> None:
    """The province marks CSTD_BT as needing a public notice (the catalog has no Anh hùng)."""
    notice.notice_setting_set(
        actor=cast.office, unit=cast.province, award_code="CSTD_BT", required=True
    )


def checked(cast: Cast, code: str, name: str, **more: Any) -> Nomination:
    return nominate(cast, person(cast.district, code, name), **more)


def posted(cast: Cast, code: str = "P-AN", name: str = "Nguyễn Văn An") -> PublicNotice:
    return notice.notice_post(actor=cast.office, nomination=checked(cast, code, name))


def comment_data(**more: str) -> dict[str, str]:
    return {"name": "Lê Văn Cường", "email": "cuong@example.vn", "body": "Tôi đồng ý.", **more}


# -- settings and dates ---------------------------------------------------------------------------


def test_default_rule_is_anh_hung_and_ten_working_days(cast: Cast) -> None:
    assert notice.notice_rule(cast.province, "AHLD") == notice.NoticeRule(True, 10)
    assert notice.notice_rule(cast.district, "CSTD_BT") == notice.NoticeRule(False, 10)
    notice.notice_setting_set(
        actor=cast.office, unit=cast.province, award_code="CSTD_BT", required=True, days=7
    )
    assert notice.notice_rule(cast.district, "CSTD_BT") == notice.NoticeRule(True, 7)
    # Another province is not affected; a district office cannot set it.
    assert notice.notice_rule(cast.other_province, "CSTD_BT").required is False
    with pytest.raises(ValidationError):
        notice.notice_setting_set(actor=cast.office, unit=cast.province, days=0)
    with pytest.raises(PermissionDenied):
        notice.notice_setting_set(actor=cast.officer, unit=cast.province, days=5)


def test_ends_on_skips_weekends_and_tet(cast: Cast) -> None:
    nomination = checked(cast, "P-AN", "Nguyễn Văn An")
    # Mon 20/1/2020: 21, 22, (Tết off 23–29), 30, 31, 3–7/2, 10/2 → the 10th working day.
    item = notice.notice_post(actor=cast.office, nomination=nomination, today=dt.date(2020, 1, 20))
    assert item.ends_on == dt.date(2020, 2, 10) and item.days == 10
    other = checked(cast, "P-BINH", "Trần Thị Bình")
    # Fri 6/3/2020: two plain weeks of working days → Fri 20/3.
    later = notice.notice_post(actor=cast.office, nomination=other, today=dt.date(2020, 3, 6))
    assert later.ends_on == dt.date(2020, 3, 20)
    assert AuditEvent.objects.filter(action="notice.post").count() == 2


# -- posting --------------------------------------------------------------------------------------


def test_post_needs_a_checked_nomination_and_the_office(cast: Cast) -> None:
    draft = nominate(cast, person(cast.district, "P-AN"), submit=False)
    with pytest.raises(ValidationError):
        notice.notice_post(actor=cast.office, nomination=draft)
    nomination = checked(cast, "P-BINH", "Trần Thị Bình")
    with pytest.raises(PermissionDenied):
        notice.notice_post(actor=cast.officer, nomination=nomination)
    url = reverse("notices:post", args=[nomination.pk])
    assert cast.client_for(cast.viewer).post(url).status_code == 403
    assert cast.client_for(cast.outsider).post(url).status_code == 404
    anonymous = Client().post(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert not PublicNotice.objects.exists()
    response = cast.client_for(cast.office).post(url)
    assert response.status_code == 302
    assert PublicNotice.objects.get().nomination_id == nomination.pk
    # Twice is refused.
    with pytest.raises(ValidationError):
        notice.notice_post(actor=cast.office, nomination=nomination)


def test_nomination_page_shows_the_notice_to_staff(cast: Cast, marked: None) -> None:
    nomination = checked(cast, "P-AN", "Nguyễn Văn An")
    detail = reverse("nominations:detail", args=[nomination.pk])
    office = cast.client_for(cast.office)
    with translation.override("vi"):
        page = office.get(detail).content.decode()
    assert reverse("notices:post", args=[nomination.pk]) in page
    # The viewer sees the requirement but no button.
    seen = cast.client_for(cast.viewer).get(detail).content.decode()
    assert 'id="notice"' in seen and reverse("notices:post", args=[nomination.pk]) not in seen
    item = notice.notice_post(actor=cast.office, nomination=nomination)
    NoticeComment.objects.create(notice=item, name="Người góp ý", email="a@b.vn", body="Ý kiến")
    page = office.get(detail).content.decode()
    assert 'id="notice-days-left"' in page and "Ý kiến" in page and "a@b.vn" in page
    assert reverse("notices:moderate", args=[item.comments.get().pk]) in page


# -- the public list ------------------------------------------------------------------------


def test_public_list_needs_no_login_and_shows_only_nominations_on_notice(cast: Cast) -> None:
    nominate(cast, person(cast.district, "P-NHAP", "Đỗ Văn Nháp"), submit=False)
    checked(cast, "P-CHUA", "Phạm Thị Chưa")
    item = posted(cast, "P-AN", "Nguyễn Văn Niêm")
    NoticeComment.objects.create(notice=item, name="Ẩn Danh", email="an@x.vn", body="Chờ duyệt")
    NoticeComment.objects.create(
        notice=item, name="Bà Hoa", email="hoa@x.vn", body="Rất xứng đáng", status="accepted"
    )
    response = Client().get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nguyễn Văn Niêm" in text and "Hoàn thành xuất sắc nhiệm vụ được giao." in text
    assert cast.district.name in text and item.ends_on.strftime("%d/%m/%Y") in text
    assert "Đỗ Văn Nháp" not in text and "Phạm Thị Chưa" not in text
    assert "Rất xứng đáng" in text and "Chờ duyệt" not in text
    assert "hoa@x.vn" not in text and "an@x.vn" not in text
    assert "csrfmiddlewaretoken" in text and reverse("notices:comment", args=[item.pk]) in text
    detail = Client().get(reverse("notices:detail", args=[item.pk]))
    assert detail.status_code == 200 and "Rất xứng đáng" in detail.content.decode()
    # A returned nomination leaves the public pages.
    Nomination.objects.filter(pk=item.nomination_id).update(state=NominationState.RETURNED)
    assert "Nguyễn Văn Niêm" not in Client().get(LIST).content.decode()
    assert Client().get(reverse("notices:detail", args=[item.pk])).status_code == 404


def test_public_list_runs_in_constant_queries(cast: Cast) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get(LIST).status_code == 200
        return len(ctx.captured_queries)

    first = posted(cast, "P-0", "Người Số Không")
    NoticeComment.objects.create(notice=first, name="A", body="x", status="accepted")
    few = count()
    for i in range(1, 6):
        item = posted(cast, f"P-{i}", f"Người Số {i}")
        for _ in range(3):
            NoticeComment.objects.create(notice=item, name="B", body="y", status="accepted")
    assert count() == few


# -- comments -------------------------------------------------------------------------------------


def test_comment_is_stored_pending_in_nfc(cast: Cast) -> None:
    item = posted(cast)
    decomposed = "Tôi đồng ý."
    response = Client().post(
        reverse("notices:comment", args=[item.pk]),
        comment_data(body=unicodedata.normalize("NFD", decomposed)),
    )
    assert response.status_code == 302
    stored = NoticeComment.objects.get()
    assert stored.status == CommentStatus.PENDING
    assert stored.body == unicodedata.normalize("NFC", decomposed)
    # Pending comments are not published.
    assert "Tôi đồng ý." not in Client().get(LIST).content.decode()


def test_honeypot_refuses_without_storing(cast: Cast) -> None:
    item = posted(cast)
    response = Client().post(
        reverse("notices:comment", args=[item.pk]), comment_data(website="http://spam")
    )
    assert response.status_code == 400
    assert not NoticeComment.objects.exists()


def test_rate_limit_per_address(cast: Cast) -> None:
    item = posted(cast)
    url = reverse("notices:comment", args=[item.pk])
    client = Client(REMOTE_ADDR="10.0.0.7")
    for i in range(notice.COMMENT_LIMIT):
        assert client.post(url, comment_data(body=f"Ý kiến {i}")).status_code == 302
    with translation.override("vi"):
        refused = client.post(url, comment_data(body="Thêm nữa"), HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.status_code == 429
    assert NoticeComment.objects.count() == notice.COMMENT_LIMIT
    assert not NoticeComment.objects.filter(body="Thêm nữa").exists()
    # Another address is not limited.
    other = Client(REMOTE_ADDR="10.0.0.8").post(url, comment_data(body="Khác"))
    assert other.status_code == 302


def test_bad_comment_is_refused_with_field_errors(cast: Cast) -> None:
    item = posted(cast)
    url = reverse("notices:comment", args=[item.pk])
    too_long = "x" * (notice.BODY_MAX + 1)
    assert Client().post(url, comment_data(body=too_long)).status_code == 400
    assert Client().post(url, comment_data(name="  ")).status_code == 400
    assert Client().post(url, comment_data(email="not-an-address")).status_code == 400
    assert not NoticeComment.objects.exists()
    with pytest.raises(ValidationError):
        notice.notice_comment_add(notice=item, name="A", body="  ")
    # Closed to comments after the period.
    with pytest.raises(ValidationError):
        notice.notice_comment_add(
            notice=item, name="A", body="B", today=item.ends_on + dt.timedelta(days=1)
        )
    assert not NoticeComment.objects.exists()


# -- moderation and closing -----------------------------------------------------------------------


def test_office_moderates_comments(cast: Cast) -> None:
    item = posted(cast)
    kept = notice.notice_comment_add(notice=item, name="Bà Hoa", body="Rất xứng đáng")
    dropped = notice.notice_comment_add(notice=item, name="Kẻ xấu", body="Lời lẽ không phù hợp")
    url = reverse("notices:moderate", args=[kept.pk])
    assert cast.client_for(cast.viewer).post(url, {"status": "accepted"}).status_code == 403
    assert cast.client_for(cast.outsider).post(url, {"status": "accepted"}).status_code == 404
    assert Client().post(url, {"status": "accepted"}).status_code == 302  # to login
    kept.refresh_from_db()
    assert kept.status == CommentStatus.PENDING
    office = cast.client_for(cast.office)
    assert office.post(url, {"status": "accepted"}).status_code == 302
    office.post(
        reverse("notices:moderate", args=[dropped.pk]), {"status": "rejected", "note": "Xúc phạm"}
    )
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert kept.status == CommentStatus.ACCEPTED and kept.moderated_by == cast.office
    assert dropped.status == CommentStatus.REJECTED and dropped.moderation_note == "Xúc phạm"
    text = Client().get(LIST).content.decode()
    assert "Rất xứng đáng" in text and "Lời lẽ không phù hợp" not in text
    assert AuditEvent.objects.filter(action="notice.moderate").count() == 2


def test_close_after_the_period_with_every_comment_reviewed(cast: Cast) -> None:
    item = posted(cast)
    waiting = notice.notice_comment_add(notice=item, name="A", body="B")
    after = item.ends_on + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        notice.notice_close(actor=cast.office, notice=item, today=item.ends_on)
    with pytest.raises(ValidationError):
        notice.notice_close(actor=cast.office, notice=item, today=after)  # one pending
    notice.notice_comment_moderate(actor=cast.office, comment=waiting, status="rejected")
    with pytest.raises(PermissionDenied):
        notice.notice_close(actor=cast.viewer, notice=item, today=after)
    closed = notice.notice_close(actor=cast.office, notice=item, today=after)
    assert closed.closed_at is not None
    url = reverse("notices:close", args=[item.pk])
    assert cast.client_for(cast.outsider).post(url).status_code == 404
    assert cast.client_for(cast.viewer).post(url).status_code == 403


# -- the council waits ----------------------------------------------------------------------------


def test_council_refused_until_the_notice_is_closed(cast: Cast, marked: None) -> None:
    board = council(cast, size=3)
    nomination = checked(cast, "P-AN", "Nguyễn Văn An")
    day = timezone.localdate()
    with translation.override("vi"), pytest.raises(ValidationError) as not_posted:
        services.session_create(
            actor=cast.office, council=board, date=day, nominations=[nomination]
        )
    assert "niêm yết" in not_posted.value.messages[0]
    item = notice.notice_post(actor=cast.office, nomination=nomination)
    with translation.override("vi"), pytest.raises(ValidationError) as still_open:
        services.session_create(
            actor=cast.office, council=board, date=day, nominations=[nomination]
        )
    message = still_open.value.messages[0]
    assert "niêm yết" in message and item.ends_on.strftime("%d/%m/%Y") in message
    nomination.refresh_from_db()
    assert nomination.state == NominationState.CHECKED
    notice.notice_close(actor=cast.office, notice=item, today=item.ends_on + dt.timedelta(days=1))
    session = services.session_create(
        actor=cast.office, council=board, date=day, nominations=[nomination]
    )
    nomination.refresh_from_db()
    assert nomination.state == NominationState.COUNCIL and session.agenda.count() == 1


def test_awards_without_notice_go_straight_to_the_council(cast: Cast) -> None:
    board = council(cast, size=3)
    nomination = checked(cast, "P-AN", "Nguyễn Văn An")
    assert notice.council_problem(nomination) is None
    services.session_create(
        actor=cast.office, council=board, date=timezone.localdate(), nominations=[nomination]
    )
    nomination.refresh_from_db()
    assert nomination.state == NominationState.COUNCIL
    assert not Award.objects.filter(code__in=notice.NOTICE_AWARDS_DEFAULT).exists()
