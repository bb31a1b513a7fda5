from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import Cast
from tests.factories import UnitFactory
from thidua.core.models import AuditEvent
from thidua.org import services
from thidua.org.models import Unit, UnitKind
from thidua.org.permissions import scope_for, scope_for_unit
from thidua.org.selectors import subtree, unit_successions, units_visible_to

pytestmark = pytest.mark.django_db


def test_subtree_is_one_query_and_contains_exactly_the_descendants(cast: Cast) -> None:
    with CaptureQueriesContext(connection) as ctx:
        codes = sorted(u.code for u in subtree(cast.province))
    assert len(ctx.captured_queries) == 1
    assert codes == ["BL", "BL-HD", "BL-HD-NTLA", "BL-SNV"]
    assert [u.code for u in subtree(cast.commune)] == ["BL-HD-NTLA"]


def test_subtree_range_does_not_leak_into_siblings_with_similar_paths() -> None:
    # Units 1..12: unit 1's subtree must not contain unit 10, 11 or 12 (string prefixes).
    roots = [UnitFactory.create(kind=UnitKind.PROVINCE) for _ in range(12)]
    child = UnitFactory.create(parent=roots[0])
    assert {u.pk for u in subtree(roots[0])} == {roots[0].pk, child.pk}


def test_subtree_query_uses_the_path_index(cast: Cast) -> None:
    low, high = cast.province.path_bounds()
    sql, params = Unit.objects.filter(path__gte=low, path__lt=high).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "USING INDEX" in plan and "path" in plan
        else:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "path" in plan and "Index" in plan


def test_moving_a_unit_rewrites_its_whole_subtree(cast: Cast) -> None:
    services.unit_move(actor=cast.admin, unit=cast.district, new_parent=cast.other_province)
    cast.commune.refresh_from_db()
    assert cast.commune.is_descendant_of(cast.other_province)
    assert cast.commune.depth == 2
    assert {u.code for u in subtree(cast.province)} == {"BL", "BL-SNV"}


def test_a_unit_cannot_move_under_its_own_descendant(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.unit_move(actor=cast.admin, unit=cast.district, new_parent=cast.commune)


def test_every_service_write_is_audited_with_before_and_after(cast: Cast) -> None:
    # Same name once NFC-normalised and trimmed: nothing changed, nothing recorded.
    services.unit_update(actor=cast.office, unit=cast.commune, name="Xã Ninh Thạnh Lợi  A ")
    assert not AuditEvent.objects.filter(action="unit.update").exists()
    services.unit_update(actor=cast.office, unit=cast.commune, name="Xã Ninh Thạnh Lợi B")
    event = AuditEvent.objects.get(action="unit.update")
    assert event.actor == cast.office
    assert event.unit_id == cast.commune.pk
    assert event.changes() == [("name", "Xã Ninh Thạnh Lợi A", "Xã Ninh Thạnh Lợi B")]
    assert AuditEvent.objects.filter(action="unit.create", target_id=str(cast.commune.pk)).exists()


def test_merger_lets_the_successor_see_the_predecessors_history(cast: Cast) -> None:
    camau = UnitFactory.create(code="CM-2025", name="Tỉnh Cà Mau", kind=UnitKind.PROVINCE)
    services.unit_merge(
        actor=cast.admin,
        predecessors=[cast.province, cast.other_province],
        successor=camau,
        effective_date=dt.date(2025, 7, 1),
        decision_number="1655/NQ-UBTVQH15",
    )
    cast.province.refresh_from_db()
    assert cast.province.active_to == dt.date(2025, 6, 30)
    scope = scope_for_unit(camau)
    assert scope.contains(cast.commune) and scope.contains(cast.other_commune)
    # The predecessors' own officers keep seeing only their old subtree.
    assert not scope_for(cast.outsider).contains(cast.commune)
    assert [s.kind for s in unit_successions(cast.province)] == ["merge"]


def test_successions_chain_through_several_reorganisations(cast: Cast) -> None:
    a = UnitFactory.create(code="A", kind=UnitKind.COMMUNE, parent=cast.other_province)
    b = UnitFactory.create(code="B", kind=UnitKind.COMMUNE, parent=cast.other_province)
    services.unit_merge(
        actor=None, predecessors=[cast.commune], successor=a, effective_date=dt.date(2020, 1, 1)
    )
    services.unit_split(
        actor=None, predecessor=a, successors=[b], effective_date=dt.date(2025, 7, 1)
    )
    assert scope_for_unit(b).contains(cast.commune)


def test_rename_keeps_the_unit_and_records_the_former_name(cast: Cast) -> None:
    succession = services.unit_rename(
        actor=cast.office,
        unit=cast.district,
        new_name="Thị xã Hồng Dân",
        effective_date=dt.date(2024, 1, 1),
    )
    cast.district.refresh_from_db()
    assert cast.district.name == "Thị xã Hồng Dân"
    assert succession.former_name == "Huyện Hồng Dân"


def test_units_visible_to_is_scoped_and_search_ignores_diacritics(cast: Cast) -> None:
    assert {u.code for u in units_visible_to(cast.officer)} == {"BL-HD", "BL-HD-NTLA"}
    assert {u.code for u in units_visible_to(cast.outsider, search="ninh thanh")} == set()
    assert {u.code for u in units_visible_to(cast.office, search="bac lieu")} == {"BL"}
    assert {u.code for u in units_visible_to(cast.admin, search="DAI HAI")} == {"ST-X1"}
    assert {u.code for u in units_visible_to(cast.office, search="Hồng Dân")} == {"BL-HD"}
