from __future__ import annotations

from typing import Any

import pytest

from thidua.org.demo.loader import DemoReport, load_demo

# Enough people to spread over many units, few enough to keep the tests fast.
TEST_PEOPLE = 150


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # PBKDF2 costs ~0.3 s per account; the demo creates seven.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db: None) -> DemoReport:
    return load_demo(people=TEST_PEOPLE)
