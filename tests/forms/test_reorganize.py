"""Renaming, merging and splitting units: preview first (nothing written), then confirm."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factories import UnitFactory
from thidua.core.models import AuditEvent
from thidua.org import services
from thidua.org.models import Succession, SuccessionLink, Unit, UnitKind

pytestmark = pytest.mark.django_db


def _url(code: str) -> str:
    return reverse("org_edit:unit_reorganize", args=[code])


def _counts() -> tuple[int, int, int]:
    return Succession.objects.count(), SuccessionLink.objects.count(), AuditEvent.objects.count()


def _preview_then_confirm(client: Client, url: str, data: Mapping[str, object]) -> str:
    before = _counts()
    preview = client.post(url, {**data, "step": "preview"})
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Xác nhận và ghi nhận" in body
    assert _counts() == before, "the preview must not write anything"
    confirm = client.post(url, {**data, "step": "confirm"})
    assert confirm.status_code == 302, confirm.content.decode()[:2000]
    return body


def test_the_page_shows_three_tabs(cast: Cast) -> None:
    client = cast.client_for(cast.office)
    for tab, text in (("rename", "Tên mới"), ("merge", "Hướng sáp nhập"), ("split", "kế thừa")):
        response = client.get(_url("BL-HD") + f"?tab={tab}")
        assert response.status_code == 200
        assert text in response.content.decode()


def test_rename_preview_writes_nothing_and_confirm_renames(cast: Cast) -> None:
    data = {
        "action": "rename",
        "new_name": "Huyện Hồng Dân mới",
        "effective_date": "2020-07-01",
        "decision_number": "12/NQ-HĐND",
        "decision_date": "2020-06-15",
    }
    summary = _preview_then_confirm(cast.client_for(cast.office), _url("BL-HD"), data)
    assert "“Huyện Hồng Dân” được đổi tên thành “Huyện Hồng Dân mới” từ ngày 01/07/2020" in summary
    assert "Quyết định số 12/NQ-HĐND ngày 15/06/2020." in summary
    district = Unit.objects.get(code="BL-HD")
    assert district.name == "Huyện Hồng Dân mới"
    succession = Succession.objects.get()
    assert succession.former_name == "Huyện Hồng Dân"
    assert succession.decision_number == "12/NQ-HĐND"
    assert AuditEvent.objects.filter(
        action="unit.update", target_id=str(district.pk), actor=cast.office
    ).exists()


def test_merge_into_this_unit_moves_active_children_after_confirmation(cast: Cast) -> None:
    other = UnitFactory.create(
        code="BL-HD-NTLB", name="Xã Ninh Thạnh Lợi", kind=UnitKind.COMMUNE, parent=cast.district
    )
    hamlet = UnitFactory.create(
        code="BL-HD-NTLB-A1", name="Ấp Chủ Chọt", kind=UnitKind.HAMLET, parent=other
    )
    closed = UnitFactory.create(
        code="BL-HD-NTLB-A2",
        name="Ấp cũ",
        kind=UnitKind.HAMLET,
        parent=other,
        active_to=dt.date(2019, 12, 31),
    )
    data = {
        "action": "merge",
        "direction": "into_this",
        "units": "BL-HD-NTLB",
        "effective_date": "2020-07-01",
        "move_children": "on",
    }
    summary = _preview_then_confirm(cast.client_for(cast.office), _url("BL-HD-NTLA"), data)
    assert "Các đơn vị trực thuộc chuyển về Xã Ninh Thạnh Lợi A: Ấp Chủ Chọt." in summary
    assert "hoạt động đến hết ngày 30/06/2020" in summary
    other.refresh_from_db()
    hamlet.refresh_from_db()
    closed.refresh_from_db()
    assert other.active_to == dt.date(2020, 6, 30)
    assert hamlet.parent == cast.commune
    assert hamlet.path.startswith(cast.commune.path)
    assert closed.parent == other
    link = SuccessionLink.objects.get()
    assert (link.predecessor, link.successor) == (other, cast.commune)
    assert AuditEvent.objects.filter(action="unit.merge", actor=cast.office).count() == 2


def test_merge_this_unit_into_one_other(cast: Cast) -> None:
    data = {
        "action": "merge",
        "direction": "this_into",
        "units": "BL-SNV",
        "effective_date": "2020-07-01",
    }
    _preview_then_confirm(cast.client_for(cast.office), _url("BL-HD"), data)
    link = SuccessionLink.objects.get()
    assert (link.predecessor, link.successor) == (cast.district, cast.department)


def test_merge_into_another_needs_exactly_one_unit(cast: Cast) -> None:
    before = _counts()
    response = cast.client_for(cast.office).post(
        _url("BL-HD-NTLA"),
        {
            "action": "merge",
            "direction": "this_into",
            "units": ["BL-SNV", "BL-HD"],
            "effective_date": "2020-07-01",
            "step": "confirm",
        },
    )
    assert response.status_code == 200
    assert "“Các đơn vị khác (mã)”: để sáp nhập đơn vị này vào đơn vị khác" in (
        response.content.decode()
    )
    assert _counts() == before


def test_merge_with_a_unit_outside_the_scope_is_refused(cast: Cast) -> None:
    before = _counts()
    response = cast.client_for(cast.officer).post(
        _url("BL-HD-NTLA"), {"action": "merge", "units": "ST-X1", "step": "confirm"}
    )
    assert response.status_code == 403
    response = cast.client_for(cast.office).post(
        _url("BL-HD-NTLA"),
        {
            "action": "merge",
            "direction": "into_this",
            "units": "ST-X1",
            "effective_date": "2020-07-01",
            "step": "confirm",
        },
    )
    body = response.content.decode()
    assert "“Các đơn vị khác (mã)”: không có đơn vị mã ST-X1 trong các đơn vị bạn quản lý." in body
    assert "Ngày có hiệu lực" in body
    assert _counts() == before
    assert Unit.objects.get(code="ST-X1").active_to is None


def test_a_unit_cannot_absorb_its_own_parent(cast: Cast) -> None:
    response = cast.client_for(cast.office).post(
        _url("BL-HD-NTLA"),
        {
            "action": "merge",
            "direction": "into_this",
            "units": "BL-HD",
            "effective_date": "2020-07-01",
            "step": "preview",
        },
    )
    assert "trực thuộc Huyện Hồng Dân nên không thể kế thừa" in response.content.decode()


def test_split_closes_the_predecessor_unless_kept(cast: Cast) -> None:
    east = UnitFactory.create(code="BL-HD-E", name="Xã Đông", kind="commune", parent=cast.district)
    west = UnitFactory.create(code="BL-HD-W", name="Xã Tây", kind="commune", parent=cast.district)
    data = {
        "action": "split",
        "units": "BL-HD-E, BL-HD-W",
        "keep_predecessor": "close",
        "effective_date": "2020-07-01",
    }
    summary = _preview_then_confirm(cast.client_for(cast.office), _url("BL-HD-NTLA"), data)
    assert "được chia tách thành Xã Đông, Xã Tây từ ngày 01/07/2020" in summary
    cast.commune.refresh_from_db()
    assert cast.commune.active_to == dt.date(2020, 6, 30)
    assert {link.successor for link in SuccessionLink.objects.all()} == {east, west}
    assert AuditEvent.objects.filter(action="unit.split").count() == 3


def test_split_may_keep_the_predecessor(cast: Cast) -> None:
    UnitFactory.create(code="BL-HD-E", name="Xã Đông", kind="commune", parent=cast.district)
    data = {
        "action": "split",
        "units": "BL-HD-E",
        "keep_predecessor": "keep",
        "effective_date": "2020-07-01",
    }
    _preview_then_confirm(cast.client_for(cast.office), _url("BL-HD-NTLA"), data)
    cast.commune.refresh_from_db()
    assert cast.commune.active_to is None


def test_going_back_from_the_preview_keeps_what_was_typed(cast: Cast) -> None:
    response = cast.client_for(cast.office).post(
        _url("BL-HD"),
        {
            "action": "split",
            "units": "BL-SNV",
            "keep_predecessor": "keep",
            "effective_date": "2020-07-01",
            "step": "edit",
        },
    )
    body = response.content.decode()
    assert 'value="BL-SNV" checked' in body
    assert 'name="units" value=""' in body  # ticked codes are not repeated in the text box
    assert Succession.objects.count() == 0


def test_a_reorganisation_that_fails_half_way_leaves_nothing_behind(cast: Cast) -> None:
    """The services run in one transaction: the split below fails on its second successor,
    after the succession and the first link were written; both must be rolled back."""
    east = UnitFactory.create(code="BL-HD-E", name="Xã Đông", kind="commune", parent=cast.district)
    before = _counts()
    with pytest.raises(ValidationError):
        services.unit_split(
            actor=cast.office,
            predecessor=cast.commune,
            successors=[east, cast.commune],
            effective_date=dt.date(2020, 7, 1),
        )
    assert _counts() == before
    cast.commune.refresh_from_db()
    assert cast.commune.active_to is None
