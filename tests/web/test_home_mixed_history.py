"""The home page lists recent changes of every kind of object in the user's scope."""

from __future__ import annotations

import pytest

from tests.conftest import Cast
from thidua.core import audit

pytestmark = pytest.mark.django_db


def test_home_shows_changes_of_objects_other_than_units(cast: Cast) -> None:
    # An event on a person whose recorded keys include one named like a reverse relation of
    # Unit ("people") and one ordinary field: the page must render both.
    audit.record(
        actor=cast.office,
        action="person.update",
        obj=cast.office,
        before={"people": 1, "full_name": "Cũ"},
        after={"people": 2, "full_name": "Mới"},
        unit_id=cast.district.pk,
    )
    response = cast.client_for(cast.office).get("/")
    assert response.status_code == 200
    assert str(cast.office) in response.content.decode()
