from __future__ import annotations

import pytest

from thidua.org.demo.loader import DemoReport, load_demo

# Enough people to spread over many units, few enough to keep the tests fast.
TEST_PEOPLE = 150


@pytest.fixture
def demo(db: None) -> DemoReport:
    return load_demo(people=TEST_PEOPLE)
