"""Fixtures of the web-shell tests: extra data to make the pages grow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.conftest import Cast
from tests.factories import PersonFactory, UnitFactory
from thidua.org import services
from thidua.org.models import UnitKind


def add_data(cast: Cast, n: int, tag: str) -> None:
    """Add ``n`` communes under the district (the last one merged into the cast's commune),
    ``n`` people in the district and one in each new commune, with their audit events."""
    communes = [
        UnitFactory.create(
            code=f"BL-HD-{tag}{i}",
            name=f"Xã Đông {tag} {i}",
            kind=UnitKind.COMMUNE,
            parent=cast.district,
        )
        for i in range(n)
    ]
    for i, commune in enumerate(communes):
        PersonFactory.create(code=f"P-{tag}-{i}", full_name=f"Đỗ Thị {tag} {i}", unit=commune)
        PersonFactory.create(
            code=f"PD-{tag}-{i}", full_name=f"Lê Văn {tag} {i}", unit=cast.district
        )
        services.unit_update(actor=None, unit=commune, address=f"Ấp {i}")
    if n >= 2:
        services.unit_merge(
            actor=None,
            predecessors=[communes[-1]],
            successor=cast.commune,
            effective_date=dt.date(2020, 1, 1),
            decision_number=f"{tag}/QĐ-UBND",
        )


@pytest.fixture
def grow(cast: Cast) -> Callable[[int, str], None]:
    return lambda n, tag: add_data(cast, n, tag)
