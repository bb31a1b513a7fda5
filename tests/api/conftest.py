"""Fixtures for the API tests: tokens for the cast, clients that send them, people."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from tests.conftest import Cast
from tests.factories import PersonFactory
from thidua.api import services
from thidua.org.models import Person, User


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
