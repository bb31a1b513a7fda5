"""The portal's comments on a profile (pre-moderated; none on a draft), and the demo honor
board (read from the awards demo, idempotent)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.conftest import Cast
from tests.honors.conftest import collective, publish
from thidua.honors.models import Photo, Profile, ProfileState, Replication, ReplicationState


@pytest.mark.django_db
def test_a_visitor_comments_on_a_published_profile_only(cast: Cast, client: Any) -> None:
    from thidua.portal.models import Comment, CommentStatus

    published = publish(cast, collective(cast))
    draft = collective(cast, cast.district, title="Dự thảo")
    ct = ContentType.objects.get_for_model(Profile).pk
    form = {"name": "Nguyễn Văn Dân", "body": "Mô hình rất hay!", "email": "", "website": ""}
    response = client.post(reverse("portal:comment_post", args=[ct, published.pk]), form)
    assert response.status_code == 302
    assert response["Location"] == published.get_absolute_url() + "#comments"
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.unit_id == cast.commune.pk
    assert "Mô hình rất hay!" not in client.get(published.get_absolute_url()).content.decode()
    response = client.post(reverse("portal:comment_post", args=[ct, draft.pk]), form)
    assert response.status_code in (400, 404)
    assert Comment.objects.count() == 1


def _counts() -> tuple[int, ...]:
    return (
        Profile.objects.count(),
        Profile.objects.filter(state=ProfileState.PUBLISHED).count(),
        Photo.objects.count(),
        Replication.objects.count(),
        Replication.objects.filter(state=ReplicationState.ACCEPTED).count(),
    )


@pytest.mark.django_db
def test_the_demo_honor_board_is_loaded_once(settings: Any, tmp_path: Any) -> None:
    from io import StringIO

    from thidua.awards.demo import load_awards
    from thidua.campaigns.demo import load_campaign
    from thidua.honors.demo import COMMUNE_SLUG, run_from_command
    from thidua.org.demo.loader import load_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(people=0)
    load_campaign()
    load_awards()
    out = StringIO()
    report = run_from_command(out)
    assert report.created and "Đã nạp gương điển hình mẫu" in out.getvalue()
    assert _counts() == (5, 4, 5, 7, 6)
    commune = Profile.objects.get(slug=COMMUNE_SLUG)
    assert commune.unit is not None and commune.unit.code == "BL-HD-NTLA"
    assert commune.campaign is not None and commune.published_at is not None
    assert commune.published_at.year == 2020
    people = set(
        Profile.objects.filter(subject="individual", state=ProfileState.PUBLISHED).values_list(
            "person__full_name", flat=True
        )
    )
    assert people == {"Nguyễn Thị Mỹ Hạnh", "Huỳnh Minh Tâm"}  # awarded in decision 2150
    draft = Profile.objects.get(state=ProfileState.DRAFT)
    assert draft.created_by is not None and draft.created_by.username == "canbo.ntla"
    again = StringIO()
    assert not run_from_command(again).created
    assert "đã được nạp trước đó" in again.getvalue()
    assert _counts() == (5, 4, 5, 7, 6)
