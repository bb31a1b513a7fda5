"""Campaign search uses the stored, indexed ``name_folded`` key (no folding in Python)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.campaigns.conftest import draft_campaign, launched_campaign
from tests.conftest import Cast
from thidua.campaigns import selectors, services
from thidua.campaigns.models import Campaign

pytestmark = pytest.mark.django_db


def _listed(cast: Cast, query: str) -> list[str]:
    response = cast.client_for(cast.office).get(reverse("campaigns:list"), {"q": query})
    assert response.status_code == 200
    return sorted(c.code for c in response.context["page"].object_list)


def test_the_key_is_filled_on_create_and_follows_name_and_code(cast: Cast) -> None:
    campaign = draft_campaign(cast, code="BL-ĐH-2020", name="Thi đua  Chào mừng ĐẠI HỘI")
    campaign.refresh_from_db()
    assert campaign.name_folded == "thi dua chao mung dai hoi bl-dh-2020"
    services.campaign_update(actor=cast.office, campaign=campaign, name="Về đích nông thôn mới")
    campaign.refresh_from_db()
    assert campaign.name_folded == "ve dich nong thon moi bl-dh-2020"
    # A save limited to some fields still refreshes the key when the name is among them.
    campaign.name = "Dân vận khéo"
    campaign.save(update_fields=["name"])
    assert Campaign.objects.get(pk=campaign.pk).name_folded == "dan van kheo bl-dh-2020"


def test_search_ignores_case_and_diacritics_and_matches_codes(cast: Cast) -> None:
    launched_campaign(cast)  # "Thi đua lập thành tích chào mừng đại hội Đảng bộ các cấp"
    draft_campaign(cast, code="BL-2020-NTM", name="Chung sức xây dựng nông thôn mới")
    assert _listed(cast, "ĐẠI HỘI") == ["BL-2020-DH"]
    assert _listed(cast, "dai hoi dang bo") == ["BL-2020-DH"]
    assert _listed(cast, "Nông Thôn") == ["BL-2020-NTM"]
    assert _listed(cast, "bl-2020") == ["BL-2020-DH", "BL-2020-NTM"]
    assert _listed(cast, "moi bl-2020-ntm") == ["BL-2020-NTM"]  # name and code together
    assert _listed(cast, "khen thưởng") == []
    assert _listed(cast, "100%") == []  # LIKE wildcards are taken literally


def test_search_stays_within_what_the_account_sees(cast: Cast) -> None:
    draft_campaign(cast, code="BL-2020-NTM", name="Chung sức xây dựng nông thôn mới")
    outsider = cast.client_for(cast.outsider)
    response = outsider.get(reverse("campaigns:list"), {"q": "nong thon"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    visible = selectors.campaigns_visible_to(cast.outsider)
    assert not selectors.campaigns_matching(visible, "nong thon").exists()


def test_searching_costs_no_query_per_campaign(cast: Cast) -> None:
    client = cast.client_for(cast.office)
    url = reverse("campaigns:list")
    draft_campaign(cast, code="BL-X0", name="Đợt thi đua 0")
    client.get(url, {"q": "dot thi dua"})

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"q": "dot thi dua"})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for i in range(1, 12):
        draft_campaign(cast, code=f"BL-X{i}", name=f"Đợt thi đua {i}")
    assert queries() == few
    without_search = len(client.get(url).context["page"].object_list)
    assert without_search == 12
    # The search is part of the page's query, not a separate pass over every campaign.
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, {"q": "dot thi dua"})
    assert any("name_folded" in q["sql"] for q in ctx.captured_queries)


def test_the_data_migration_fills_existing_campaigns(cast: Cast) -> None:
    draft_campaign(cast, code="BL-2020-NTM", name="Chung sức xây dựng nông thôn mới")
    Campaign.objects.update(name_folded="")  # as rows stood before the column existed
    migration = importlib.import_module("thidua.campaigns.migrations.0003_campaign_name_folded")
    migration.fill_name_folded(apps, None)
    assert list(Campaign.objects.values_list("name_folded", flat=True)) == [
        "chung suc xay dung nong thon moi bl-2020-ntm"
    ]
