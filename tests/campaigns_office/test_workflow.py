"""The office's workflow through the pages: create, edit, participants, state moves,
decisions on registrations, reminders, evaluation overrides, clusters and standards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from tests.campaigns.conftest import (
    add_communes,
    draft_campaign,
    launched_campaign,
    pdf_bytes,
    png_bytes,
    registered,
    upload,
)
from tests.campaigns_office.helpers import submitted
from tests.conftest import Cast
from tests.factories import UnitFactory
from thidua.campaigns import services
from thidua.campaigns.models import (
    Campaign,
    CampaignParticipant,
    ClusterScore,
    CriterionAssessment,
    Evaluation,
    Movement,
    Notification,
    Registration,
)
from thidua.core.models import AuditEvent
from thidua.org.models import UnitKind

pytestmark = pytest.mark.django_db

FORM = {
    "form": "thematic",
    "code": "BL-2020-DH",
    "name": "Thi đua chào mừng đại hội Đảng bộ",
    "issuing_unit": "BL",
    "document_number": "12/KH-UBND",
    "document_date": "10/05/2020",
    "document_signer": "Chủ tịch UBND tỉnh",
    "purpose": "Lập thành tích chào mừng đại hội.",
    "start_date": "2020-05-15",
    "deadline": "2020-09-02",
    "registration_deadline": "2020-06-15",
    "min_key_works": "1",
    "max_key_works": "2",
    "threshold_htxs": "100",
    "threshold_htt": "85",
    "threshold_ht": "60",
}


def test_create_a_campaign_with_plan_and_movements(cast: Cast) -> None:
    movement = Movement.objects.first()
    assert movement is not None
    data = {**FORM, "movements": [movement.pk], "plan_file": upload("ke-hoach.pdf", pdf_bytes())}
    response = cast.client_for(cast.office).post(reverse("campaigns:create"), data)
    campaign = Campaign.objects.get(code="BL-2020-DH")
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:participants", args=[campaign.pk])
    assert campaign.state == "draft"
    assert campaign.issuing_unit == cast.province
    assert campaign.document_date == dt.date(2020, 5, 10)
    assert float(campaign.threshold_htt) == pytest.approx(0.85)
    assert float(campaign.threshold_ht) == pytest.approx(0.6)
    assert list(campaign.movements.all()) == [movement]
    assert (campaign.plan_file.name or "").endswith(".pdf")


def test_create_shows_vietnamese_errors_and_writes_nothing(cast: Cast) -> None:
    client = cast.client_for(cast.office)
    bad = {**FORM, "issuing_unit": "ST", "threshold_htt": "50", "name": ""}
    response = client.post(reverse("campaigns:create"), bad)
    assert response.status_code == 200
    text = response.content.decode()
    assert "không có đơn vị mã ST trong các đơn vị bạn quản lý" in text
    assert "Chưa nhập “Tên đợt thi đua”" in text
    assert Campaign.objects.count() == 0
    # A plan that is not a PDF or Word file: the service refuses, the campaign is not kept.
    data = {**FORM, "plan_file": upload("ke-hoach.pdf", b"not a pdf at all")}
    response = client.post(reverse("campaigns:create"), data)
    assert response.status_code == 200
    assert Campaign.objects.count() == 0


def test_viewer_and_officer_cannot_open_the_create_form(cast: Cast) -> None:
    for user in (cast.viewer, cast.officer, cast.commune_officer):
        assert cast.client_for(user).get(reverse("campaigns:create")).status_code == 403
    assert cast.client_for(cast.admin).get(reverse("campaigns:create")).status_code == 200
    page = cast.client_for(cast.office).get(reverse("campaigns:list")).content.decode()
    assert reverse("campaigns:create") in page
    page = cast.client_for(cast.viewer).get(reverse("campaigns:list")).content.decode()
    assert reverse("campaigns:create") not in page


def test_after_launch_only_texts_and_deadlines_change(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    data = {**FORM, "name": "Tên khác", "purpose": "Mục đích mới", "deadline": "2020-10-01"}
    response = cast.client_for(cast.office).post(
        reverse("campaigns:edit", args=[campaign.pk]), data
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.purpose == "Mục đích mới"
    assert campaign.deadline == dt.date(2020, 10, 1)
    assert campaign.name != "Tên khác"  # the name is frozen once launched


def test_participants_add_remove_and_quick_buttons(cast: Cast) -> None:
    campaign = draft_campaign(cast)
    add_communes(cast, 3)
    other_district = UnitFactory.create(
        code="BL-GR", name="Thị xã Giá Rai", kind=UnitKind.DISTRICT, parent=cast.province
    )
    UnitFactory.create(code="BL-GR-P1", name="Phường 1", kind=UnitKind.WARD, parent=other_district)
    url = reverse("campaigns:participants", args=[campaign.pk])
    client = cast.client_for(cast.office)
    response = client.post(url, {"action": "add", "unit": "BL-HD", "include_subtree": "on"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="resolved-count">5<' in page  # the district, its 4 communes
    row = CampaignParticipant.objects.get(campaign=campaign, unit=cast.district)
    client.post(url, {"action": "remove", "participant": row.pk})
    assert not CampaignParticipant.objects.filter(campaign=campaign).exists()
    client.post(url, {"action": "communes"})
    assert CampaignParticipant.objects.filter(campaign=campaign).count() == 5  # 4 + 1 ward
    client.post(url, {"action": "districts"})
    assert CampaignParticipant.objects.filter(campaign=campaign).count() == 7
    # An outsider's unit is reported as not found among the user's units; nothing added.
    response = client.post(url, {"action": "add", "unit": "ST-X1"})
    assert "không có đơn vị mã ST-X1" in response.content.decode()
    assert CampaignParticipant.objects.filter(campaign=campaign).count() == 7


def test_participants_cannot_change_after_launch(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    url = reverse("campaigns:participants", args=[campaign.pk])
    before = CampaignParticipant.objects.count()
    response = cast.client_for(cast.office).post(url, {"action": "add", "unit": "BL-SNV"})
    assert response.status_code == 200
    assert (
        "Chỉ được thay đổi đơn vị tham gia khi đợt thi đua còn là dự thảo."
        in response.content.decode()
    )
    assert CampaignParticipant.objects.count() == before


def test_launch_shows_problems_then_goes_through_with_confirmation(cast: Cast) -> None:
    campaign = draft_campaign(cast, document_number="")
    client = cast.client_for(cast.office)
    detail = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "Còn thiếu: số văn bản phát động." in detail
    url = reverse("campaigns:transition", args=[campaign.pk])
    response = client.post(url, {"to": "launched", "confirm": "1"})
    assert response.status_code == 200
    assert "Chưa chọn đơn vị tham gia." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.state == "draft"
    services.campaign_update(actor=cast.office, campaign=campaign, document_number="12/KH")
    services.campaign_participant_add(
        actor=cast.office, campaign=campaign, unit=cast.district, include_subtree=True
    )
    # GET only asks for confirmation; nothing moves.
    assert client.get(url + "?to=launched").status_code == 200
    campaign.refresh_from_db()
    assert campaign.state == "draft"
    assert client.post(url, {"to": "launched", "confirm": "1"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == "launched"
    assert Notification.objects.filter(campaign=campaign, kind="launched").count() == 2
    # Interim review may be skipped; a move backwards is refused.
    response = client.post(url, {"to": "draft", "confirm": "1"}, follow=True)
    assert "không thể thực hiện bước này" in response.content.decode()
    for state in ("final_review", "closed"):
        assert client.post(url, {"to": state, "confirm": "1"}).status_code == 302
        campaign.refresh_from_db()
        assert campaign.state == state


def test_return_without_reason_shows_the_error_and_writes_nothing(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    registration = submitted(campaign, cast)
    url = reverse("campaigns:registration_decide", args=[campaign.pk, registration.pk])
    events = AuditEvent.objects.count()
    notes = Notification.objects.count()
    response = cast.client_for(cast.office).post(url, {"action": "return", "reason": "  "})
    assert response.status_code == 400
    assert "Cần nêu lý do trả lại bản đăng ký." in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == "submitted"
    assert (AuditEvent.objects.count(), Notification.objects.count()) == (events, notes)
    response = cast.client_for(cast.office).post(
        url, {"action": "return", "reason": "Thiếu chỉ tiêu về thu nhập"}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.state == "returned"
    assert registration.returned_reason == "Thiếu chỉ tiêu về thu nhập"
    assert Notification.objects.filter(recipient=cast.commune, kind="returned").exists()


def test_registrations_filter_by_state_and_district(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    submitted(campaign, cast)
    registered(campaign, cast.department, cast.admin, approver=cast.admin)
    url = reverse("campaigns:registrations", args=[campaign.pk])
    client = cast.client_for(cast.office)
    page = client.get(url + "?state=approved").content.decode()
    assert "Sở Nội vụ" in page
    assert "Ninh Thạnh Lợi A" not in page
    page = client.get(url + "?district=BL-HD").content.decode()
    assert "Ninh Thạnh Lợi A" in page and "Sở Nội vụ" not in page


def test_reminders_create_notifications(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    communes = add_communes(cast, 2)
    submitted(campaign, cast)
    url = reverse("campaigns:remind", args=[campaign.pk])
    client = cast.client_for(cast.office)
    page = client.get(reverse("campaigns:not_registered", args=[campaign.pk])).content.decode()
    assert "Xã thử C0" in page
    response = client.post(url, {"kind": "remind_register", "unit": [communes[0].unit.pk]})
    assert response.status_code == 302
    sent = Notification.objects.filter(kind="remind_register")
    assert list(sent.values_list("recipient_id", flat=True)) == [communes[0].unit.pk]
    client.post(url, {"kind": "remind_register", "all": "1", "text": "Hạn chót là 15/6"})
    # The district, the department and the two new communes have not registered.
    assert sent.filter(text="Hạn chót là 15/6").count() == 4
    assert not sent.filter(recipient=cast.commune).exists()  # it has registered
    client.post(url, {"kind": "remind_report", "all": "1", "since": "2020-01-01"})
    assert Notification.objects.filter(kind="remind_report").count() == 5
    # Nothing chosen: an error, nothing sent.
    before = Notification.objects.count()
    response = client.post(url, {"kind": "remind_register"}, follow=True)
    assert "Hãy chọn ít nhất một đơn vị để nhắc." in response.content.decode()
    assert Notification.objects.count() == before


def test_evaluation_compute_and_override_requires_a_reason(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    registered(campaign, cast.commune, cast.commune_officer, approver=cast.officer)
    services.campaign_transition(actor=cast.office, campaign=campaign, to_state="final_review")
    client = cast.client_for(cast.office)
    url = reverse("campaigns:evaluation", args=[campaign.pk, "final"])
    assert client.post(url).status_code == 302
    evaluation = Evaluation.objects.get(campaign=campaign, unit=cast.commune, stage="final")
    assert evaluation.final_class == "KHT"  # nothing reported yet
    override = reverse("campaigns:evaluation_override", args=[campaign.pk, "final", evaluation.pk])
    events = AuditEvent.objects.count()
    response = client.post(override, {"final_class": "HT", "reason": ""})
    assert response.status_code == 400
    assert "Cần nêu lý do điều chỉnh xếp loại đề xuất." in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.final_class == "KHT"
    assert AuditEvent.objects.count() == events
    response = client.post(override, {"final_class": "HT", "reason": "Khắc phục hậu quả bão"})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.final_class, evaluation.override_reason) == (
        "HT",
        "Khắc phục hậu quả bão",
    )
    page = client.get(url).content.decode()
    assert "Khắc phục hậu quả bão" in page  # in the history of changes
    assert "KHT → <strong>HT</strong>" in page
    # Computing again keeps the class changed by hand.
    client.post(url)
    evaluation.refresh_from_db()
    assert evaluation.final_class == "HT"
    # The interim review cannot be computed while the campaign is in the final one.
    response = client.post(
        reverse("campaigns:evaluation", args=[campaign.pk, "interim"]), follow=True
    )
    assert "khi đợt thi đua đang ở giai đoạn đó" in response.content.decode()
    assert (
        cast.client_for(cast.office)
        .get(reverse("campaigns:evaluation", args=[campaign.pk, "other"]))
        .status_code
        == 404
    )


def test_cluster_create_score_and_rank(cast: Cast) -> None:
    other_district = UnitFactory.create(
        code="BL-GR", name="Thị xã Giá Rai", kind=UnitKind.DISTRICT, parent=cast.province
    )
    client = cast.client_for(cast.office)
    response = client.post(
        reverse("campaigns:clusters"),
        {
            "name": "Cụm huyện",
            "kind": "cluster",
            "owner_unit": "BL",
            "year": "2020",
            "members": "BL-HD, BL-GR",
        },
    )
    assert response.status_code == 302
    cluster_url = response["Location"]
    cluster = services.Cluster.objects.get(name="Cụm huyện")
    for name, points in (("Kinh tế", "60"), ("Xã hội", "40")):
        client.post(cluster_url, {"name": name, "max_points": points})
    criteria = list(cluster.criteria.order_by("position"))
    assert [c.name for c in criteria] == ["Kinh tế", "Xã hội"]
    score_url = reverse("campaigns:cluster_score", args=[cluster.pk])
    # The district officer enters its own self score (HTMX: the cell comes back).
    response = cast.client_for(cast.officer).post(
        score_url,
        {"unit": cast.district.pk, "criterion": criteria[0].pk, "self_score": "55"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "scores-changed"
    assert 'value="55.0"' in response.content.decode()
    # It cannot enter the agreed score, nor score another member.
    officer = cast.client_for(cast.officer)
    assert (
        officer.post(
            score_url, {"unit": cast.district.pk, "criterion": criteria[0].pk, "agreed_score": "60"}
        ).status_code
        == 403
    )
    assert (
        officer.post(
            score_url, {"unit": other_district.pk, "criterion": criteria[0].pk, "self_score": "1"}
        ).status_code
        == 403
    )
    # Over the maximum: the error comes back in the cell, nothing is written.
    response = client.post(
        score_url,
        {"unit": cast.district.pk, "criterion": criteria[0].pk, "agreed_score": "61"},
        HTTP_HX_REQUEST="true",
    )
    assert "phải từ 0 đến 60" in response.content.decode()
    assert ClusterScore.objects.get(unit=cast.district, criterion=criteria[0]).agreed_score is None
    # The office agrees scores: Giá Rai 50 + 40, Hồng Dân 55 + 35 → tie on 90, broken by
    # the first criterion: Hồng Dân leads and is proposed for the flag.
    for unit, scores in ((other_district, ("50", "40")), (cast.district, ("55", "35"))):
        for criterion, score in zip(criteria, scores, strict=True):
            client.post(
                score_url, {"unit": unit.pk, "criterion": criterion.pk, "agreed_score": score}
            )
    ranking = client.get(cluster_url + "?part=ranking").content.decode()
    assert ranking.index("Huyện Hồng Dân") < ranking.index("Thị xã Giá Rai")
    assert "Đề xuất tặng Cờ thi đua" in ranking
    assert "hòa" in ranking  # tied on total


def test_standard_matrix_and_assessment_with_evidence(cast: Cast, ntm: Any) -> None:
    communes = add_communes(cast, 2)
    criteria = list(ntm.criteria.order_by("number"))
    for criterion in criteria:
        services.criterion_assess(
            actor=cast.officer,
            unit=communes[0].unit,
            criterion=criterion,
            met=True,
            assessed_on=dt.date(2020, 6, 1),
        )
    url = reverse("campaigns:standard", args=["NTM-XA"])
    client = cast.client_for(cast.officer)
    page = client.get(url).content.decode()
    assert 'id="meeting-count">1/3<' in page
    # The district officer assesses a commune, with a photo as evidence.
    response = client.post(
        url + "?unit=BL-HD-NTLA",
        {
            "criterion": criteria[0].pk,
            "met": "1",
            "assessed_on": "01/06/2020",
            "note": "Đường đã bê tông hóa",
            "evidence": upload("anh.png", png_bytes()),
        },
    )
    assert response.status_code == 302
    assessment = CriterionAssessment.objects.get(unit=cast.commune)
    assert assessment.met and assessment.evidence.name
    page = client.get(url + "?unit=BL-HD-NTLA").content.decode()
    assert "Đường đã bê tông hóa" in page
    # A commune does not assess itself; a file that is not a photo or PDF is refused.
    response = cast.client_for(cast.commune_officer).post(
        url + "?unit=BL-HD-NTLA",
        {"criterion": criteria[0].pk, "met": "1", "assessed_on": "2020-06-01"},
    )
    assert response.status_code == 403
    response = client.post(
        url + "?unit=BL-HD-NTLA",
        {
            "criterion": criteria[1].pk,
            "met": "1",
            "assessed_on": "2020-06-01",
            "evidence": upload("x.png", b"MZ not an image"),
        },
    )
    assert response.status_code == 200
    assert CriterionAssessment.objects.filter(unit=cast.commune).count() == 1


def test_list_filters_and_search_without_diacritics(cast: Cast) -> None:
    launched_campaign(cast)
    draft_campaign(
        cast,
        code="BL-2021-NTM",
        name="Chung sức xây dựng nông thôn mới",
        start_date=dt.date(2021, 1, 1),
        deadline=dt.date(2021, 12, 31),
        registration_deadline=dt.date(2021, 2, 1),
        form="regular",
    )
    client = cast.client_for(cast.office)
    url = reverse("campaigns:list")
    page = client.get(url + "?q=nong thon moi").content.decode()
    assert "Chung sức xây dựng nông thôn mới" in page and "đại hội" not in page
    page = client.get(url + "?state=launched").content.decode()
    assert "đại hội" in page and "Chung sức xây dựng" not in page
    page = client.get(url + "?year=2021&form=regular").content.decode()
    assert "Chung sức xây dựng" in page and "đại hội" not in page
    assert Registration.objects.count() == 0
    assert reverse("campaigns:standard", args=["NTM-XA"]) in page  # link to the standards
