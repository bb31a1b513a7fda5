"""Every staff page of the honor board, as each member of the standing cast: anonymous
visitors go to the login page, outsiders get 404, insiders without the right get 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import Cast
from tests.factories import UnitFactory
from tests.honors.conftest import collective, photo_upload, publish, replicate
from thidua.honors import services
from thidua.honors.models import Profile, ProfileState, Replication, ReplicationState
from thidua.org.models import UnitKind

pytestmark = pytest.mark.django_db


def _draft_and_published(cast: Cast) -> tuple[Profile, Profile]:
    draft = collective(cast, title="Xã điển hình dự thảo")
    published = publish(cast, collective(cast, cast.district, title="Huyện điển hình"))
    return draft, published


def test_anonymous_visitors_are_sent_to_the_login_page(cast: Cast) -> None:
    draft, _ = _draft_and_published(cast)
    client = cast.client_for(None)
    for url in (
        reverse("honors_staff:list"),
        reverse("honors_staff:new"),
        reverse("honors_staff:replications"),
        reverse("honors_staff:detail", args=[draft.pk]),
        reverse("honors_staff:edit", args=[draft.pk]),
        reverse("honors_staff:replicate", args=[draft.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    for url in (
        reverse("honors_staff:publish", args=[draft.pk]),
        reverse("honors_staff:photo_add", args=[draft.pk]),
    ):
        response = client.post(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    assert Profile.objects.get(pk=draft.pk).state == ProfileState.DRAFT


def test_outsiders_get_404_on_every_profile_page(cast: Cast) -> None:
    draft, published = _draft_and_published(cast)
    photo = services.photo_add(
        actor=cast.office, profile=draft, upload=photo_upload(), caption="Ảnh"
    )
    rep = replicate(cast, published, cast.commune, accept=False)
    client = cast.client_for(cast.outsider)
    for profile in (draft, published):
        assert client.get(reverse("honors_staff:detail", args=[profile.pk])).status_code == 404
        assert client.get(reverse("honors_staff:edit", args=[profile.pk])).status_code == 404
        assert (
            client.post(reverse("honors_staff:edit", args=[profile.pk]), {"title": "x"}).status_code
            == 404
        )
        assert client.post(reverse("honors_staff:publish", args=[profile.pk])).status_code == 404
        assert client.post(reverse("honors_staff:photo_add", args=[profile.pk])).status_code == 404
    url = reverse("honors_staff:photo_delete", args=[draft.pk, photo.pk])
    assert client.post(url).status_code == 404
    url = reverse("honors_staff:review", args=[published.pk, rep.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 404
    assert Replication.objects.get(pk=rep.pk).state == ReplicationState.PENDING
    # A draft cannot be taken up by anyone who cannot see it.
    assert client.get(reverse("honors_staff:replicate", args=[draft.pk])).status_code == 404
    # The outsider's list is empty: nothing of Bạc Liêu shows.
    response = client.get(reverse("honors_staff:list"))
    assert response.status_code == 200 and "Xã điển hình dự thảo" not in response.content.decode()
    # The draft's photo is not served to an outsider either.
    assert client.get(reverse("honors:photo", args=[photo.pk, "small"])).status_code == 404


def test_the_district_officer_sees_their_subtree_only(cast: Cast) -> None:
    other = collective(cast, cast.department, title="Sở điển hình")
    draft, _ = _draft_and_published(cast)
    client = cast.client_for(cast.officer)
    body = client.get(reverse("honors_staff:list")).content.decode()
    assert "Xã điển hình dự thảo" in body and "Sở điển hình" not in body
    assert client.get(reverse("honors_staff:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("honors_staff:detail", args=[draft.pk])).status_code == 200


def test_insiders_without_the_right_get_403(cast: Cast) -> None:
    draft, published = _draft_and_published(cast)
    for user in (cast.viewer, cast.council, cast.leader):
        client = cast.client_for(user)
        assert client.get(reverse("honors_staff:new")).status_code == 403
        assert client.get(reverse("honors_staff:edit", args=[draft.pk])).status_code == 403
        assert client.post(reverse("honors_staff:publish", args=[draft.pk])).status_code == 403
        assert client.post(reverse("honors_staff:photo_add", args=[draft.pk])).status_code == 403
        assert client.get(reverse("honors_staff:replicate", args=[published.pk])).status_code == 403
    # Unit officers propose and edit drafts but do not publish nor review.
    officer = cast.client_for(cast.officer)
    assert officer.post(reverse("honors_staff:publish", args=[draft.pk])).status_code == 403
    rep = replicate(cast, published, cast.commune, accept=False)
    url = reverse("honors_staff:review", args=[published.pk, rep.pk])
    assert officer.post(url, {"decision": "accept"}).status_code == 403
    assert officer.get(reverse("honors_staff:edit", args=[published.pk])).status_code == 403
    assert Profile.objects.get(pk=draft.pk).state == ProfileState.DRAFT


def test_an_officer_proposes_a_draft_from_the_page(cast: Cast) -> None:
    client = cast.client_for(cast.commune_officer)
    response = client.post(
        reverse("honors_staff:new"),
        {
            "subject": "collective",
            "unit_code": "BL-HD",  # the district: above the commune officer
            "title": "Huyện",
            "sector": "new_rural",
        },
    )
    assert response.status_code == 200
    assert "Không có đơn vị mã “BL-HD” trong phạm vi của bạn." in response.content.decode()
    response = client.post(
        reverse("honors_staff:new"),
        {
            "subject": "collective",
            "unit_code": "BL-HD-NTLA",
            "title": "Xã Ninh Thạnh Lợi A đổi mới",
            "story": "Đoạn một.\n\nĐoạn hai.",
            "sector": "new_rural",
        },
    )
    created = Profile.objects.get(title="Xã Ninh Thạnh Lợi A đổi mới")
    assert response.status_code == 302
    assert response["Location"] == reverse("honors_staff:detail", args=[created.pk])
    assert (
        created.state == ProfileState.DRAFT and created.story == "<p>Đoạn một.</p><p>Đoạn hai.</p>"
    )


def test_the_office_publishes_and_reviews_from_the_pages(cast: Cast) -> None:
    draft, published = _draft_and_published(cast)
    office = cast.client_for(cast.office)
    response = office.post(reverse("honors_staff:publish", args=[draft.pk]), {"action": "publish"})
    assert response.status_code == 302
    assert Profile.objects.get(pk=draft.pk).state == ProfileState.PUBLISHED
    rep = replicate(cast, published, cast.commune, accept=False)
    url = reverse("honors_staff:review", args=[published.pk, rep.pk])
    office.post(url, {"decision": "reject"})  # a refusal needs a reason
    assert Replication.objects.get(pk=rep.pk).state == ReplicationState.PENDING
    office.post(url, {"decision": "reject", "note": "Chưa có minh chứng"})
    assert Replication.objects.get(pk=rep.pk).state == ReplicationState.REJECTED


def test_a_unit_records_taking_up_a_model_for_its_own_units_only(cast: Cast) -> None:
    _, published = _draft_and_published(cast)
    neighbour = UnitFactory.create(
        code="BL-HD-NH", name="Xã Ninh Hòa", kind=UnitKind.COMMUNE, parent=cast.district
    )
    client = cast.client_for(cast.commune_officer)
    url = reverse("honors_staff:replicate", args=[published.pk])
    page = client.get(url).content.decode()
    assert "Xã Ninh Thạnh Lợi A" in page and "Xã Ninh Hòa" not in page
    response = client.post(url, {"unit": neighbour.pk, "date": "2020-10-01", "action": "Làm theo"})
    assert response.status_code == 200 and not Replication.objects.exists()
    response = client.post(
        url, {"unit": cast.commune.pk, "date": "2020-10-01", "action": "Làm theo mô hình"}
    )
    assert response.status_code == 302
    assert Replication.objects.get().unit == cast.commune
    response = client.post(
        url, {"unit": cast.commune.pk, "date": "2020-10-02", "action": "Lần nữa"}
    )
    assert "đã ghi nhận nhân rộng mô hình này" in response.content.decode()
    mine = client.get(reverse("honors_staff:replications")).content.decode()
    assert "Huyện điển hình" in mine and "Chờ xét duyệt" in mine


def test_a_photo_upload_error_is_shown_on_the_page(cast: Cast) -> None:
    draft, _ = _draft_and_published(cast)
    client = cast.client_for(cast.office)
    bad = photo_upload("so-lieu.jpg", b"not an image at all")
    response = client.post(
        reverse("honors_staff:photo_add", args=[draft.pk]), {"image": bad, "caption": "Ảnh"}
    )
    assert response.status_code == 400
    assert (
        "Tệp “so-lieu.jpg” không phải ảnh JPEG, PNG hoặc WebP đọc được."
        in response.content.decode()
    )
    good = photo_upload("duong.jpg")
    response = client.post(
        reverse("honors_staff:photo_add", args=[draft.pk]),
        {"image": good, "caption": "Đường mới", "credit": "Ảnh: xã"},
    )
    assert response.status_code == 302 and draft.photos.count() == 1
    photo = draft.photos.get()
    # Staff who may see the draft get its photo; the public does not.
    assert client.get(reverse("honors:photo", args=[photo.pk, "medium"])).status_code == 200
    assert (
        cast.client_for(None).get(reverse("honors:photo", args=[photo.pk, "medium"])).status_code
        == 404
    )
    response = client.post(reverse("honors_staff:photo_delete", args=[draft.pk, photo.pk]))
    assert response.status_code == 302 and not draft.photos.exists()
