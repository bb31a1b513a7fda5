"""Who may open and use each office page: office and admin act, insiders below see what the
domain lets them see and get 403 on writes, outsiders get 404, anonymous users go to login."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.campaigns_office.helpers import World, world
from tests.conftest import Cast
from thidua.campaigns.models import (
    CampaignParticipant,
    ClusterScore,
    CriterionAssessment,
    Evaluation,
    Notification,
    Registration,
    ScoringCriterion,
)
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _pages(w: World) -> dict[str, str]:
    pk = w.campaign.pk
    return {
        "list": reverse("campaigns:list"),
        "detail": reverse("campaigns:detail", args=[pk]),
        "edit": reverse("campaigns:edit", args=[pk]),
        "participants": reverse("campaigns:participants", args=[pk]),
        "transition": reverse("campaigns:transition", args=[pk]) + "?to=final_review",
        "registrations": reverse("campaigns:registrations", args=[pk]),
        "not_registered": reverse("campaigns:not_registered", args=[pk]),
        "evaluation": reverse("campaigns:evaluation", args=[pk, "interim"]),
        "clusters": reverse("campaigns:clusters"),
        "cluster": reverse("campaigns:cluster", args=[w.cluster.pk]),
        "standard": reverse("campaigns:standard", args=["NTM-XA"]) + "?unit=BL-HD-NTLA",
    }


# What a district officer / viewer (the issuing unit's child) gets on each page.
CHILD_GETS = {
    "list": 200,
    "detail": 200,
    "edit": 403,
    "participants": 200,
    "transition": 403,
    "registrations": 200,
    "not_registered": 200,
    "evaluation": 200,
    "clusters": 200,
    "cluster": 200,
    "standard": 200,
}
NEEDS_OBJECT = {name for name in CHILD_GETS if name not in {"list", "clusters"}}


@pytest.mark.parametrize("page", sorted(CHILD_GETS))
def test_get_by_role(cast: Cast, ntm: Any, page: str) -> None:
    w = world(cast)
    url = _pages(w)[page]
    assert cast.client_for(cast.office).get(url).status_code == 200
    assert cast.client_for(cast.admin).get(url).status_code == 200
    assert cast.client_for(cast.officer).get(url).status_code == CHILD_GETS[page]
    assert cast.client_for(cast.viewer).get(url).status_code == CHILD_GETS[page]
    outsider = cast.client_for(cast.outsider).get(url).status_code
    assert outsider == (404 if page in NEEDS_OBJECT else 200)
    anonymous = cast.client_for(None).get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("org:login"))


def test_outsider_gets_404_for_a_unit_of_another_province_on_the_standards_page(
    cast: Cast, ntm: Any
) -> None:
    url = reverse("campaigns:standard", args=["NTM-XA"]) + "?unit=BL-HD-NTLA"
    assert cast.client_for(cast.outsider).get(url).status_code == 404
    assert cast.client_for(cast.office).get(url + "x").status_code == 404
    missing = reverse("campaigns:standard", args=["NO-SUCH-SET"])
    assert cast.client_for(cast.office).get(missing).status_code == 404


def test_drafts_are_seen_only_on_the_issuing_side(cast: Cast) -> None:
    from tests.campaigns.conftest import draft_campaign

    campaign = draft_campaign(cast)
    url = reverse("campaigns:detail", args=[campaign.pk])
    assert cast.client_for(cast.office).get(url).status_code == 200
    assert cast.client_for(cast.officer).get(url).status_code == 404
    assert cast.client_for(cast.outsider).get(url).status_code == 404


def _writes(w: World, cast: Cast) -> list[tuple[str, str, dict[str, Any]]]:
    pk = w.campaign.pk
    criterion = ScoringCriterion.objects.get(cluster=w.cluster)
    ntm_criterion = "1"
    return [
        ("edit", reverse("campaigns:edit", args=[pk]), {"purpose": "x"}),
        ("participants", reverse("campaigns:participants", args=[pk]), {"unit": "BL-SNV"}),
        (
            "transition",
            reverse("campaigns:transition", args=[pk]),
            {"to": "final_review", "confirm": "1"},
        ),
        ("remind", reverse("campaigns:remind", args=[pk]), {"kind": "remind_register", "all": "1"}),
        ("compute", reverse("campaigns:evaluation", args=[pk, "interim"]), {}),
        (
            "override",
            reverse("campaigns:evaluation_override", args=[pk, "interim", w.evaluation.pk]),
            {"final_class": "HTXS", "reason": "Có thành tích đột xuất"},
        ),
        (
            "decide",
            reverse("campaigns:registration_decide", args=[pk, w.registration.pk]),
            {"action": "approve"},
        ),
        (
            "criterion",
            reverse("campaigns:cluster", args=[w.cluster.pk]),
            {"name": "A", "max_points": "5"},
        ),
        (
            "agree",
            reverse("campaigns:cluster_score", args=[w.cluster.pk]),
            {"unit": cast.department.pk, "criterion": criterion.pk, "agreed_score": "5"},
        ),
        (
            "clusters",
            reverse("campaigns:clusters"),
            {
                "name": "Khối",
                "kind": "block",
                "owner_unit": "BL",
                "year": "2020",
                "members": "BL-SNV",
            },
        ),
        (
            "assess",
            reverse("campaigns:standard", args=["NTM-XA"]) + "?unit=BL-HD-NTLA",
            {"criterion": ntm_criterion, "met": "1", "assessed_on": "2020-06-01"},
        ),
    ]


def _fingerprint() -> tuple[int, ...]:
    return (
        AuditEvent.objects.count(),
        Notification.objects.count(),
        CampaignParticipant.objects.count(),
        ClusterScore.objects.count(),
        CriterionAssessment.objects.count(),
        Registration.objects.filter(state="approved").count(),
        Evaluation.objects.exclude(override_reason="").count(),
    )


def test_viewer_gets_403_on_every_write_and_nothing_is_written(cast: Cast, ntm: Any) -> None:
    w = world(cast)
    client = cast.client_for(cast.viewer)
    before = _fingerprint()
    for name, url, data in _writes(w, cast):
        assert client.post(url, data).status_code == 403, name
    assert _fingerprint() == before


def test_outsider_gets_404_on_every_write(cast: Cast, ntm: Any) -> None:
    w = world(cast)
    client = cast.client_for(cast.outsider)
    before = _fingerprint()
    for name, url, data in _writes(w, cast):
        if name == "clusters":
            continue  # the cluster list is the outsider's own (empty) page: 403 below
        assert client.post(url, data).status_code == 404, name
    assert client.post(reverse("campaigns:clusters"), {}).status_code == 403
    assert _fingerprint() == before


def test_anonymous_writes_go_to_login(cast: Cast, ntm: Any) -> None:
    w = world(cast)
    client = cast.client_for(None)
    for name, url, data in _writes(w, cast):
        response = client.post(url, data)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("org:login"))


def test_district_officer_approves_a_commune_of_its_district(cast: Cast, ntm: Any) -> None:
    w = world(cast)
    url = reverse("campaigns:registration_decide", args=[w.campaign.pk, w.registration.pk])
    page = cast.client_for(cast.officer).get(
        reverse("campaigns:registrations", args=[w.campaign.pk])
    )
    assert url.encode() in page.content  # the decision buttons are offered
    response = cast.client_for(cast.officer).post(url, {"action": "approve"})
    assert response.status_code == 302
    w.registration.refresh_from_db()
    assert w.registration.state == "approved"


def test_the_commune_cannot_decide_its_own_registration(cast: Cast, ntm: Any) -> None:
    w = world(cast)
    url = reverse("campaigns:registration_decide", args=[w.campaign.pk, w.registration.pk])
    assert cast.client_for(cast.commune_officer).post(url, {"action": "approve"}).status_code == 403
    w.registration.refresh_from_db()
    assert w.registration.state == "submitted"
