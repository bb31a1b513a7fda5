"""The read API of the honor board and the published decisions: public (no token), published
data only, in the OpenAPI schema."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cast
from tests.factories import UnitFactory
from tests.honors.conftest import collective, individual, issued_decision, publish, replicate
from thidua.awards import services as awards_services
from thidua.awards.models import Commendation
from thidua.org.models import UnitKind

pytestmark = pytest.mark.django_db


def test_the_paths_are_in_the_schema(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/honors/profiles",
        "/api/v1/honors/profiles/{slug}",
        "/api/v1/honors/decisions",
        "/api/v1/honors/decisions/{decision_id}",
    ):
        assert "get" in schema["paths"][path], path


def test_profiles_published_only_no_token_needed(cast: Cast, client: Any) -> None:
    shown = publish(cast, collective(cast, title="Xã làm đường"))
    hidden = collective(cast, cast.district, title="Dự thảo")
    data = client.get("/api/v1/honors/profiles").json()
    assert data["count"] == 1 and [p["slug"] for p in data["items"]] == [shown.slug]
    assert data["items"][0]["unit_code"] == "BL-HD-NTLA"
    assert client.get(f"/api/v1/honors/profiles/{hidden.slug}").status_code == 404
    assert client.get("/api/v1/honors/profiles", {"search": "XA LAM duong"}).json()["count"] == 1
    assert client.get("/api/v1/honors/profiles", {"subject": "individual"}).json()["count"] == 0
    assert client.get("/api/v1/honors/profiles", {"field": "nonsense"}).status_code == 422
    assert client.get("/api/v1/honors/profiles", {"limit": 0}).status_code == 422


def test_profile_detail_with_commendations_and_spread(cast: Cast, client: Any) -> None:
    decision = issued_decision(cast)
    awardee = Commendation.objects.filter(decision=decision).select_related("person").first()
    assert awardee is not None and awardee.person is not None
    p = publish(cast, individual(cast, awardee.person))
    hb = UnitFactory.create(
        code="BL-HB", name="Huyện Hòa Bình", kind=UnitKind.DISTRICT, parent=cast.province
    )
    vb = UnitFactory.create(code="BL-HB-VB", name="Xã Vĩnh Bình", kind=UnitKind.COMMUNE, parent=hb)
    replicate(cast, p, vb)
    replicate(cast, p, cast.commune, accept=False)
    data = client.get(f"/api/v1/honors/profiles/{p.slug}").json()
    assert data["subject"] == "individual" and data["person_code"] == awardee.person.code
    assert [(c["award_code"], c["year"], c["decision_id"]) for c in data["commendations"]] == [
        ("LDTT", 2020, decision.pk)
    ]
    assert data["spread"] == [
        {
            "district": "Huyện Hòa Bình",
            "units": [
                {
                    "unit_code": "BL-HB-VB",
                    "unit_name": "Xã Vĩnh Bình",
                    "date": "2020-10-01",
                    "action": "Áp dụng cách vận động hiến đất làm đường.",
                    "result": "",
                }
            ],
        }
    ]
    assert data["replication_count"] == 1 and data["commendation_count"] == 1


def test_decisions_issued_only_with_revoked_awardees_marked(cast: Cast, client: Any) -> None:
    from tests.awards_decisions.conftest import draft, ldtt

    issued = issued_decision(cast)
    pending = draft(cast, [ldtt(cast, "P-DR", "Người Trong Dự Thảo")])
    line = Commendation.objects.get(decision=issued, person__full_name="Lê Văn Phước")
    awards_services.commendation_revoke(
        actor=cast.office, commendation=line, reason="Khai man", decision_number="9/QĐ-UBND"
    )
    data = client.get("/api/v1/honors/decisions").json()
    assert [d["id"] for d in data["items"]] == [issued.pk]
    assert data["items"][0]["number"] == issued.reference and data["items"][0]["awardee_count"] == 2
    assert client.get(f"/api/v1/honors/decisions/{pending.pk}").status_code == 404
    detail = client.get(f"/api/v1/honors/decisions/{issued.pk}").json()
    assert detail["pdf_url"] == f"/public/decisions/{issued.pk}/pdf/"
    assert {
        (a["name"], a["revoked"], a["revoking_decision_number"]) for a in detail["awardees"]
    } == {
        ("Trần Thị Hồng Bích", False, ""),
        ("Lê Văn Phước", True, "9/QĐ-UBND"),
    }
    assert client.get("/api/v1/honors/decisions", {"year": 2019}).json()["count"] == 0
    assert client.get("/api/v1/honors/decisions", {"year": 1}).status_code == 422
