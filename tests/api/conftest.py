"""Fixtures for the API tests: tokens for the cast, clients that send them, people."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from tests.conftest import Cast
from tests.factories import PersonFactory
from thidua.api import services
from thidua.org.models import Person, User

API_LOCALE = Path(django_settings.BASE_DIR, "locale", "api")


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues() -> None:
    """Vietnamese messages need the .mo files (not kept in git).  Catalogues of other parts
    that are being edited and do not parse right now are left alone."""
    for po_path in sorted(Path(django_settings.BASE_DIR, "locale").glob("*/*/LC_MESSAGES/*.po")):
        try:
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        except (OSError, ValueError):
            if po_path.is_relative_to(API_LOCALE):
                raise
    translation.trans_real._translations = {}  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def _static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("static")


@pytest.fixture(autouse=True)
def _fast_hashing_and_plain_static(settings: Any, _static_root: Path) -> None:
    # Password hashing dominates the cast fixture; MD5 is fine for tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage needs `collectstatic`; tests render {% static %} without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = _static_root  # whitenoise warns when it does not exist


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


class TokenClient(Client):
    """A test client that sends ``Authorization: Bearer <secret>`` with every request."""

    def __init__(self, secret: str, **defaults: Any) -> None:
        super().__init__(**defaults, HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.secret = secret


@pytest.fixture
def make_token() -> Callable[..., str]:
    def make(user: User, name: str = "test", **kwargs: Any) -> str:
        _token, secret = services.token_create(actor=None, user=user, name=name, **kwargs)
        return secret

    return make


@pytest.fixture
def api_client(make_token: Callable[..., str]) -> Callable[[User], TokenClient]:
    def client_for(user: User) -> TokenClient:
        return TokenClient(make_token(user))

    return client_for


@pytest.fixture
def people(cast: Cast) -> dict[str, Person]:
    """One person in each unit of the cast, coded P-<unit code>."""
    units = [
        cast.province,
        cast.department,
        cast.district,
        cast.commune,
        cast.other_province,
        cast.other_commune,
    ]
    return {
        unit.code: PersonFactory.create(
            code=f"P-{unit.code}", full_name=f"Trần Thị {unit.code}", unit=unit
        )
        for unit in units
    }


@pytest.fixture
def vietnamese() -> Iterator[None]:
    with translation.override("vi"):
        yield
