"""The catalog as data (loaded from the pure catalog) and settings per jurisdiction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import Cast
from thidua.awards import selectors, services
from thidua.awards.models import Award
from thidua.awards.rules import RULE_SETS, Settings


@pytest.mark.django_db
def test_the_migration_loads_every_award_of_every_rule_set_from_the_pure_catalog() -> None:
    expected = {(rs.code, code): rule for rs in RULE_SETS for code, rule in rs.awards.items()}
    rows = {(a.rule_set, a.code): a for a in Award.objects.all()}
    assert set(rows) == set(expected)
    for key, rule in expected.items():
        row = rows[key]
        assert row.name_vi == rule.name_vi
        assert row.name_en == rule.name_en
        assert row.kind == rule.kind
        assert row.subjects == list(rule.subjects)
        assert row.legal_basis == str(rule.basis)
        assert row.effective_from == rule.effective_from
        assert row.effective_to == rule.effective_to
        assert row.cash_multiples == {k: str(v) for k, v in rule.cash_multiples.items()}
        assert row.ballot_from_settings == rule.ballot_from_settings
        if rule.ballot_threshold is None:
            assert row.ballot_threshold is None
        else:
            assert row.ballot_threshold is not None
            assert Fraction(row.ballot_threshold) == rule.ballot_threshold
    assert rows[("2022-nd98", "CSTD_BT")].ballot_threshold == Decimal("0.9000")
    assert services.catalog_sync() == 0  # nothing to bring up to date


@pytest.mark.django_db
def test_award_for_picks_the_rule_set_of_the_year() -> None:
    assert selectors.award_for("CSTDCS", 2020).rule_set == "2013-nd91"
    assert selectors.award_for("CSTDCS", 2024).rule_set == "2022-nd98"
    assert selectors.award_for("CSTDCS", 2025).rule_set == "2022-nd152"
    with pytest.raises(ValidationError):
        selectors.award_for("NOPE", 2025)


def test_a_province_overrides_the_defaults_for_its_units_only(cast: Cast) -> None:
    day = dt.date(2025, 12, 31)
    assert selectors.settings_for(cast.commune, day) == Settings()
    services.jurisdiction_setting_set(
        actor=cast.office, unit=cast.province, key="ttldtt_ldtt_ratio", value="50%"
    )
    services.jurisdiction_setting_set(
        actor=cast.office,
        unit=cast.province,
        award_code="CSTD_BT",
        key="ballot_threshold",
        value="85%",
        effective_from=dt.date(2025, 7, 1),
    )
    services.jurisdiction_setting_set(
        actor=cast.office, unit=cast.province, key="submission_deadline", value="12-05"
    )
    here = selectors.settings_for(cast.commune, day)
    assert here.ttldtt_ldtt_ratio == Fraction(1, 2)
    assert here.ballot_threshold("CSTD_BT") == Fraction(85, 100)
    assert here.ballot_threshold("CSTDCS") == Fraction(8, 10)  # other awards keep theirs
    assert selectors.policy_for(cast.commune, day).submission_deadline == "12-05"
    # Before its effective date the award threshold is the default.
    assert selectors.settings_for(cast.commune, dt.date(2025, 6, 30)).ballot_threshold(
        "CSTD_BT"
    ) == Fraction(9, 10)
    # Another province is not affected.
    assert selectors.settings_for(cast.other_commune, day) == Settings()
    assert selectors.policy_for(cast.other_commune, day).submission_deadline == "12-10"


def test_bad_settings_are_refused_with_a_vietnamese_message(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        services.jurisdiction_setting_set(
            actor=cast.office, unit=cast.province, key="no_such_setting", value=1
        )
    assert "no_such_setting" in str(error.value)
    with pytest.raises(ValidationError):
        services.jurisdiction_setting_set(
            actor=cast.office, unit=cast.province, key="council_quorum", value="150%"
        )
    with pytest.raises(ValidationError):  # settings belong to a province or ministry
        services.jurisdiction_setting_set(
            actor=cast.admin, unit=cast.district, key="base_salary_vnd", value=2_000_000
        )
    with pytest.raises(PermissionDenied):
        services.jurisdiction_setting_set(
            actor=cast.outsider, unit=cast.province, key="base_salary_vnd", value=2_000_000
        )
    with pytest.raises(PermissionDenied):
        services.jurisdiction_setting_set(
            actor=cast.officer, unit=cast.province, key="base_salary_vnd", value=2_000_000
        )
