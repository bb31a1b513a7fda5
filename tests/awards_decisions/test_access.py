"""Who may see and act on the decision pages: office prepares, the signer (or the office)
issues, viewers and council members are refused writes (403), outsiders get 404, anonymous
users are sent to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.awards_decisions.conftest import DAY, draft, ldtt
from tests.conftest import Cast
from tests.factories import UserFactory
from thidua.awards.models import Decision, DecisionState
from thidua.org.models import Role


def _urls(pk: int) -> list[str]:
    return [
        reverse("decisions:detail", args=[pk]),
        reverse("decisions:docx", args=[pk]),
        reverse("decisions:pdf", args=[pk]),
        reverse("decisions:certificates", args=[pk]),
        reverse("decisions:certificate", args=[pk, 1]),
    ]


def test_anonymous_users_are_sent_to_login(cast: Cast) -> None:
    decision = draft(cast, [ldtt(cast, "A1", "Lê Văn Một")])
    client = cast.client_for(None)
    urls = [reverse("decisions:list"), reverse("decisions:create"), *_urls(decision.pk)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url
    for url in (reverse("decisions:issue", args=[decision.pk]), reverse("decisions:preview")):
        response = client.post(url, {"date": "2020-12-28"})
        assert response.status_code == 302 and "/login" in response["Location"], url
    assert Decision.objects.get(pk=decision.pk).state == DecisionState.DRAFT


def test_outsiders_get_404_and_see_no_decision(cast: Cast) -> None:
    decision = draft(cast, [ldtt(cast, "A2", "Lê Văn Hai")])
    client = cast.client_for(cast.outsider)
    for url in _urls(decision.pk):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("decisions:issue", args=[decision.pk]), {"date": "2020-12-28"})
    assert response.status_code == 404
    listing = client.get(reverse("decisions:list"))
    assert listing.status_code == 200 and decision.title not in listing.content.decode()
    # Not an office: may not prepare; asking for a unit outside the scope is not found.
    assert client.get(reverse("decisions:create")).status_code == 403
    office_st = UserFactory.create(username="office-st", role=Role.OFFICE, unit=cast.other_province)
    other = cast.client_for(office_st)
    assert other.get(reverse("decisions:create") + "?authority=BL").status_code == 404
    assert other.get(reverse("decisions:create") + "?authority=ST").status_code == 200


def test_viewers_and_council_members_cannot_prepare_or_issue(cast: Cast) -> None:
    nomination = ldtt(cast, "A3", "Lê Văn Ba", awarding=cast.district)
    decision = draft(cast, [nomination], authority=cast.district, signer=None)
    for user in (cast.viewer, cast.officer):
        client = cast.client_for(user)
        assert client.get(reverse("decisions:detail", args=[decision.pk])).status_code == 200
        assert client.get(reverse("decisions:create")).status_code == 403
        response = client.post(
            reverse("decisions:issue", args=[decision.pk]), {"date": "2020-12-28"}
        )
        assert response.status_code == 403
        page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
        assert reverse("decisions:issue", args=[decision.pk]) not in page
    council = cast.client_for(cast.council)
    assert council.post(reverse("decisions:preview"), {}).status_code == 403
    assert Decision.objects.get(pk=decision.pk).state == DecisionState.DRAFT


def test_only_the_named_signer_among_leaders_issues(cast: Cast) -> None:
    decision = draft(cast, [ldtt(cast, "A4", "Lê Văn Bốn")])
    deputy = UserFactory.create(username="pho-ct", role=Role.LEADER, unit=cast.province)
    url = reverse("decisions:issue", args=[decision.pk])
    deputy_client = cast.client_for(deputy)
    page = deputy_client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert url not in page
    assert deputy_client.post(url, {"date": "2020-12-28"}).status_code == 403
    signer = cast.client_for(cast.leader)
    assert url in signer.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    response = signer.post(url, {"date": DAY.isoformat()})
    assert response.status_code == 302
    issued = Decision.objects.get(pk=decision.pk)
    assert issued.state == DecisionState.ISSUED and issued.reference == "1/QĐ-UBND"
    # Issued: no second issue.
    again = signer.post(url, {"date": DAY.isoformat()})
    assert again.status_code == 400
    assert (
        "đã được ban hành" in again.content.decode() or "already issued" in again.content.decode()
    )


@pytest.mark.parametrize("who", ["office", "admin"])
def test_the_office_prepares_a_decision_from_the_page(cast: Cast, who: str) -> None:
    nomination = ldtt(cast, "A5" + who, "Trần Thị Năm")
    client = cast.client_for(getattr(cast, who))
    page = client.get(reverse("decisions:create") + "?authority=BL&year=2020")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Trần Thị Năm" in body
    assert "Ủy ban nhân dân tỉnh Bạc Liêu" in body  # printed authority prefilled
    assert "Căn cứ Nghị định số 91/2017/NĐ-CP" in body  # the bases of 2020
    assert "Như Điều 3;" in body  # recipients prefilled
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if k != "nominations"}
    data.update(
        {
            "authority_code": "BL",
            "nominations": [nomination.pk],
            "signer": cast.leader.pk,
            "signer_name": "",
        }
    )
    response = client.post(reverse("decisions:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = Decision.objects.get()
    assert decision.authority_unit == cast.province and decision.signer == cast.leader
    assert list(decision.nominations.all()) == [nomination]
    assert decision.place == "Bạc Liêu" and decision.symbol == "QĐ-UBND"
    # One basis and one recipient per line, as typed (not run together).
    assert decision.bases.splitlines() == form.initial["bases"].splitlines()
    assert decision.recipients.splitlines()[0] == "Như Điều 3;"
    assert decision.recipients.splitlines()[-1] == "Lưu: VT."
    # Nothing chosen: a Vietnamese error naming what is missing, no decision.
    data["nominations"] = []
    refused = client.post(reverse("decisions:create"), data)
    assert refused.status_code == 200
    assert "Hãy chọn ít nhất một đề nghị đã được duyệt." in refused.content.decode()
    assert Decision.objects.count() == 1
