"""The standing cast every test can use (see DESIGN.md): a province with a district and a
commune, an unrelated province, and one account per role, plus an outsider."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib
import pytest
from django.test import Client

from tests.browser import chromium
from tests.factories import UnitFactory, UserFactory
from thidua.org.models import Role, Unit, UnitKind, User

LOCALE = Path(__file__).resolve().parent.parent / "thidua" / "locale"


def pytest_configure(config: pytest.Config) -> None:
    """Compile the Vietnamese catalogues once per run (the .mo files are not kept in git).

    Only the main process compiles (xdist workers start after it), and each file is written
    aside and renamed, so no test ever reads half a catalogue."""
    if hasattr(config, "workerinput"):
        return
    for po in sorted(LOCALE.glob("*/*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        partial = mo.with_suffix(f".{os.getpid()}.tmp")
        polib.pofile(str(po)).save_as_mofile(str(partial))
        os.replace(partial, mo)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Path) -> None:
    """Uploaded files go to the test's own folder; passwords use a fast hasher (the cast
    creates eight accounts per test and PBKDF2 is slow on purpose; Django tests its own)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _live_progress(settings: Any, tmp_path: Path, django_db_blocker: Any) -> Iterator[None]:
    """Job progress and worker heartbeats (``thidua.jobs.live``) are written outside the
    test's transaction: on SQLite to a side file, here one per test; on PostgreSQL through a
    private autocommit connection, so a test that ran a job leaves heartbeats behind and an
    open connection (which would stop the test database from being dropped at the end of
    the run).  Both are cleaned up after any test that opened that connection."""
    settings.THIDUA_JOBS_LIVE_PATH = str(tmp_path / "jobs-live.sqlite3")
    yield
    from thidua.jobs import live

    # Runs after the test's database fixture has been torn down (and access blocked again).
    with django_db_blocker.unblock():
        for store in live.open_stores():
            if isinstance(store, live.DatabaseStore) and store.is_open():
                for worker in store.beats():
                    store.forget(worker)
            store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for the tests marked ``browser`` (tests/browser.py), one per module."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def migrated_data(transactional_db: None) -> None:
    """Data the migrations load (the award catalog, the new-rural criteria set and the
    standing movements), loaded again for transactional tests: an earlier transactional test
    flushed the tables, and Django's serialized rollback does not reach tests that drive
    Chromium through Playwright (its event loop gives them another database connection
    object, without the serialized copy)."""
    import importlib

    from django.apps import apps

    from thidua.awards.services import catalog_sync

    catalog_sync()
    seed = importlib.import_module("thidua.campaigns.migrations.0002_seed_new_rural_criteria")
    seed.seed(apps, None)


@dataclass
class Cast:
    province: Unit
    department: Unit
    district: Unit
    commune: Unit
    other_province: Unit
    other_commune: Unit
    admin: User
    office: User
    officer: User
    commune_officer: User
    council: User
    leader: User
    viewer: User
    outsider: User

    def client_for(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def cast(db: None) -> Cast:
    province = UnitFactory.create(code="BL", name="Tỉnh Bạc Liêu", kind=UnitKind.PROVINCE)
    department = UnitFactory.create(
        code="BL-SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT, parent=province
    )
    district = UnitFactory.create(
        code="BL-HD", name="Huyện Hồng Dân", kind=UnitKind.DISTRICT, parent=province
    )
    commune = UnitFactory.create(
        code="BL-HD-NTLA", name="Xã Ninh Thạnh Lợi A", kind=UnitKind.COMMUNE, parent=district
    )
    other = UnitFactory.create(code="ST", name="Tỉnh Sóc Trăng", kind=UnitKind.PROVINCE)
    other_commune = UnitFactory.create(
        code="ST-X1", name="Xã Đại Hải", kind=UnitKind.COMMUNE, parent=other
    )
    return Cast(
        province=province,
        department=department,
        district=district,
        commune=commune,
        other_province=other,
        other_commune=other_commune,
        admin=UserFactory.create(username="admin", role=Role.ADMIN, unit=None),
        office=UserFactory.create(username="office", role=Role.OFFICE, unit=province),
        officer=UserFactory.create(username="officer", role=Role.OFFICER, unit=district),
        commune_officer=UserFactory.create(username="xa", role=Role.OFFICER, unit=commune),
        council=UserFactory.create(username="council", role=Role.COUNCIL, unit=province),
        leader=UserFactory.create(username="leader", role=Role.LEADER, unit=province),
        viewer=UserFactory.create(username="viewer", role=Role.VIEWER, unit=district),
        outsider=UserFactory.create(username="outsider", role=Role.OFFICER, unit=other),
    )
