"""The public honor board and the published decisions, as an anonymous visitor: drafts never
show, search ignores diacritics, the profile page carries its commendations, where it spread
and its OpenGraph tags; decisions show only once issued, revoked awardees marked."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import Cast
from tests.factories import UnitFactory
from tests.honors.conftest import (
    collective,
    individual,
    issued_decision,
    photo_upload,
    publish,
    replicate,
)
from thidua.awards import services as awards_services
from thidua.awards.models import Commendation, Decision
from thidua.honors import decision_index, public_search, services, sitemaps
from thidua.honors.models import DecisionEntry
from thidua.org.models import UnitKind

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_board_shows_published_profiles_only(cast: Cast, client: Any) -> None:
    publish(cast, collective(cast, title="Xã Ninh Thạnh Lợi A làm đường"))
    draft = collective(cast, cast.district, title="Huyện dự thảo bí mật")
    response = client.get(reverse("honors:index"))
    assert response.status_code == 200
    body = text(response)
    assert "Xã Ninh Thạnh Lợi A làm đường" in body and "Huyện dự thảo bí mật" not in body
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_search_and_filters(cast: Cast, client: Any) -> None:
    publish(cast, collective(cast, title="Đường giao thông nông thôn"))
    who = individual_person(cast)
    publish(cast, individual(cast, who, title="Cô giáo vùng sâu", sector="education"))
    url = reverse("honors:index")
    assert "Cô giáo vùng sâu" in text(client.get(url, {"q": "co giao VUNG sau"}))
    assert "Đường giao thông" not in text(client.get(url, {"q": "vung sau"}))
    assert "Đường giao thông" in text(client.get(url, {"q": "duong"}))
    body = text(client.get(url, {"subject": "individual"}))
    assert "Cô giáo vùng sâu" in body and "Đường giao thông" not in body
    body = text(client.get(url, {"field": "new_rural"}))
    assert "Cô giáo vùng sâu" not in body and "Đường giao thông" in body
    assert client.get(url, {"field": "nonsense", "campaign": "x", "page": "99"}).status_code == 200


def individual_person(cast: Cast) -> Any:
    from tests.awards_domain.conftest import person

    return person(cast.district, "P-CG", "Thạch Thị Sa Vi", gender="female")


def test_the_profile_page(cast: Cast, client: Any) -> None:
    decision = issued_decision(cast)
    awardee = decision.commendations.select_related("person").first()
    assert awardee is not None and awardee.person is not None
    p = individual(cast, awardee.person, title="Người cán bộ tận tụy")
    services.photo_add(
        actor=cast.office,
        profile=p,
        upload=photo_upload(),
        caption="Tại nơi làm việc",
        credit="Văn phòng",
    )
    p = publish(cast, p)
    elsewhere = UnitFactory.create(
        code="BL-HB", name="Huyện Hòa Bình", kind=UnitKind.DISTRICT, parent=cast.province
    )
    commune = UnitFactory.create(
        code="BL-HB-VB", name="Xã Vĩnh Bình", kind=UnitKind.COMMUNE, parent=elsewhere
    )
    replicate(cast, p, commune)
    replicate(cast, p, cast.commune, accept=False)  # pending: not public
    response = client.get(p.get_absolute_url())
    html = response.content.decode()
    body = text(response)
    assert response.status_code == 200
    assert "Lao động tiên tiến (2020)" in body
    assert f"Quyết định số {decision.reference}" in body
    assert reverse("honors:decision", args=[decision.pk]) in html
    assert "Huyện Hòa Bình (1)" in body and "Xã Vĩnh Bình" in body
    assert "Xã Ninh Thạnh Lợi A" not in body.split("Nơi mô hình được nhân rộng")[1]
    assert '<meta property="og:title" content="Người cán bộ tận tụy">' in html
    assert 'property="og:image" content="http://testserver/public/honor-photos/' in html
    assert 'srcset="/public/honor-photos/' in html and 'alt="Tại nơi làm việc"' in html
    assert "Ảnh: Văn phòng" in body
    # Commendations are read live: a revocation shows at once.
    awards_services.commendation_revoke(
        actor=cast.office, commendation=awardee, reason="Khai man", decision_number="9/QĐ-UBND"
    )
    assert "Lao động tiên tiến (2020)" not in text(client.get(p.get_absolute_url()))


def test_a_script_in_the_story_is_never_executed(cast: Cast, client: Any) -> None:
    p = publish(
        cast,
        collective(
            cast,
            story='<p>Câu chuyện</p><script>alert("x")</script><img src=x onerror="alert(1)">',
            title='Tiêu đề <script>alert("t")</script>',
        ),
    )
    html = client.get(p.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "onerror" not in html
    assert "Tiêu đề &lt;script&gt;" in html


def test_the_campaign_link(cast: Cast, client: Any) -> None:
    from tests.campaigns_unit.conftest import launch

    campaign = launch(cast)
    p = publish(cast, collective(cast, campaign=campaign))
    html = client.get(p.get_absolute_url()).content.decode()
    assert f'href="/public/campaigns/{campaign.pk}/"' in html


def test_decisions_pages_show_issued_decisions_only(cast: Cast, client: Any) -> None:
    issued = issued_decision(cast)
    from tests.awards_decisions.conftest import draft, ldtt

    pending = draft(cast, [ldtt(cast, "P-DR", "Người Trong Dự Thảo")])
    body = text(client.get(reverse("honors:decisions")))
    assert f"Quyết định số {issued.reference}" in body and "1 quyết định" in body
    assert client.get(reverse("honors:decision", args=[pending.pk])).status_code == 404
    response = client.get(reverse("honors:decision", args=[issued.pk]))
    body = text(response)
    assert f"Số: {issued.number}/QĐ-UBND" in body
    assert "Trần Thị Hồng Bích" in body and "Lê Văn Phước" in body
    assert "Lao động tiên tiến" in body and "Người Trong Dự Thảo" not in body
    assert "Chủ tịch" in body and "Huyện Hồng Dân" in body
    # No personal data beyond what the decision prints: no birth year, no person code.
    assert "1985" not in body and "P-HB-1" not in body


def test_revoked_awardees_are_marked(cast: Cast, client: Any) -> None:
    issued = issued_decision(cast)
    line = Commendation.objects.filter(decision=issued, person__full_name="Lê Văn Phước").get()
    awards_services.commendation_revoke(
        actor=cast.office,
        commendation=line,
        reason="Khai man thành tích",
        decision_number="9/QĐ-UBND",
    )
    response = client.get(reverse("honors:decision", args=[issued.pk]))
    html = response.content.decode()
    assert 'class="honors-revoked"' in html
    assert "Đã thu hồi (Quyết định số 9/QĐ-UBND)" in text(response)
    assert "Khai man" not in html  # the ground is not published here


def test_decision_search_and_filters(
    cast: Cast, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        issued = issued_decision(cast)
    url = reverse("honors:decisions")
    assert issued.reference in text(client.get(url, {"q": "hong bich"}))
    assert issued.reference not in text(client.get(url, {"q": "khong co ai"}))
    assert issued.reference in text(client.get(url, {"year": "2020", "authority": "BL"}))
    assert issued.reference not in text(client.get(url, {"year": "2019"}))
    assert issued.reference not in text(client.get(url, {"authority": "ST"}))
    assert client.get(url, {"year": "abc"}).status_code == 200


def test_the_decision_pdf_is_the_awards_pdf(cast: Cast, client: Any) -> None:
    from tests.awards_decisions.conftest import pdf_text

    issued = issued_decision(cast)
    response = client.get(reverse("honors:decision_pdf", args=[issued.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF-")
    assert "Trần Thị Hồng Bích" in pdf_text(content, None)  # type: ignore[arg-type]


def test_the_pdf_of_a_draft_is_not_public(cast: Cast, client: Any) -> None:
    from tests.awards_decisions.conftest import draft, ldtt

    pending = draft(cast, [ldtt(cast, "P-DR", "Người Trong Dự Thảo")])
    assert client.get(reverse("honors:decision_pdf", args=[pending.pk])).status_code == 404


def test_the_search_index_follows_the_decisions(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        issued = issued_decision(cast)
    entry = DecisionEntry.objects.get(decision=issued)
    assert "tran thi hong bich" in entry.search_folded and entry.awardees == 2
    hits = public_search.search("hong bich", 10)
    assert [h.title for h in hits] == [f"Quyết định số {issued.reference}"]
    assert hits[0].url == reverse("honors:decision", args=[issued.pk])
    Decision.objects.filter(pk=issued.pk).update(state="draft")
    decision_index.refresh(issued.pk)  # what the next commit touching the decision runs
    assert not DecisionEntry.objects.filter(decision=issued).exists()
    assert public_search.search("hong bich", 10) == []


def test_public_search_finds_published_profiles_only(cast: Cast) -> None:
    publish(cast, collective(cast, title="Xã Ninh Thạnh Lợi A làm đường"))
    collective(cast, cast.district, title="Huyện Hồng Dân dự thảo làm đường")
    hits = public_search.search("lam duong", 10)
    assert [h.title for h in hits] == ["Xã Ninh Thạnh Lợi A làm đường"]
    assert hits[0].kind_label == "Gương điển hình"


def test_the_sitemaps_list_public_pages_only(cast: Cast, rf: Any) -> None:
    from django.contrib.sitemaps.views import sitemap

    p = publish(cast, collective(cast))
    collective(cast, cast.district, title="Bản nháp")
    issued = issued_decision(cast)
    response = sitemap(rf.get("/sitemap.xml"), sitemaps=sitemaps.SITEMAPS)
    response.render()
    xml = response.content.decode()
    assert f"http://testserver{p.get_absolute_url()}" in xml
    assert f"http://testserver/public/decisions/{issued.pk}/" in xml
    assert "http://testserver/public/honors/</loc>" in xml
    assert "ban-nhap" not in xml


def test_the_reindex_command_rebuilds_the_search_rows(cast: Cast) -> None:
    from io import StringIO

    from django.core.management import call_command

    issued = issued_decision(cast)  # no commit in this test: no row yet
    DecisionEntry.objects.all().delete()
    out = StringIO()
    call_command("honors_reindex", stdout=out)
    assert DecisionEntry.objects.get(decision=issued).awardees == 2
    assert "quyết định" in out.getvalue()
