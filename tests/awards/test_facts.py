"""Input validation: every problem is reported with its path."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from tests.awards.helpers import facts
from thidua.awards.rules import FactsError, Settings, SettingsError, parse_facts


def problems(data: Any) -> dict[str, str]:
    with pytest.raises(FactsError) as caught:
        parse_facts(data)
    return {p.path: p.message for p in caught.value.problems}


def test_it_parses_the_documented_example_and_ignores_extra_fields() -> None:
    f = parse_facts(
        {
            "subject": "individual",
            "award": "CSTD_BT",
            "year": 2025,
            "ratings": {"2023": "HTXS"},
            "titles": {"2023": ["LDTT", "CSTDCS"]},
            "initiatives": [
                {"year": 2025, "level": "bo_tinh", "kind": "initiative", "used": False}
            ],
            "discipline": [{"level": "canh_cao", "from": "2025-03-01", "to": "2026-02-28"}],
            "members": {"total": 20, "completed": 20, "LDTT": 15, "CSTDCS": 1, "disciplined": 0},
            "name": "Nguyễn Văn A",
        }
    )
    assert f.ratings == {2023: "HTXS"}
    assert f.titles == {2023: frozenset({"LDTT", "CSTDCS"})}
    assert f.initiatives[0].level == "bo_tinh"
    assert f.discipline[0].end is not None
    assert f.members is not None and f.members.LDTT == 15


def test_it_rejects_a_non_object() -> None:
    assert problems([1, 2]) == {"": "dữ liệu phải là một đối tượng JSON {...}"}


def test_it_names_missing_required_fields() -> None:
    assert set(problems({})) == {"subject", "award", "year"}


def test_it_rejects_an_unknown_award_and_lists_the_valid_codes() -> None:
    message = problems(facts("CSTD_XX"))["award"]
    assert "'CSTD_XX'" in message
    assert "CSTD_BT" in message


def test_it_rejects_a_subject_that_does_not_fit_the_award() -> None:
    message = problems(facts("TTLDTT", subject="individual"))["subject"]
    assert message == "'TTLDTT' không xét cho cá nhân; chỉ xét cho: tập thể"


def test_it_reports_nested_paths() -> None:
    found = problems(
        facts(
            "LDTT",
            year="hai nghìn",
            ratings={"2023": "GOOD", "20x3": "HTT"},
            titles={"2024": ["LDTT", "NOPE"]},
            initiatives=[{"year": 2025, "level": "xa"}, "x"],
            discipline=[{"level": "canh_cao", "from": "2025-13-01"}, {"level": "canh_cao"}],
            members={"total": 10, "LDTT": 11, "completed": -1},
            cluster_rank=0,
            under_review="yes",
        )
    )
    assert set(found) == {
        "year",
        "ratings.2023",
        "ratings.20x3",
        "titles.2024[1]",
        "initiatives[0].level",
        "initiatives[1]",
        "discipline[0].from",
        "discipline[1].from",
        "members.LDTT",
        "members.completed",
        "cluster_rank",
        "under_review",
    }


def test_it_rejects_a_discipline_ending_before_it_starts() -> None:
    found = problems(
        facts("LDTT", discipline=[{"level": "canh_cao", "from": "2025-05-01", "to": "2025-01-01"}])
    )
    assert "trước ngày bắt đầu" in found["discipline[0].to"]


def test_an_individual_may_carry_member_figures_that_are_ignored() -> None:
    assert parse_facts(facts("LDTT", members={"total": 3})).members is not None


def test_settings_overrides_are_validated() -> None:
    assert Settings.from_mapping({"ttldtt_ldtt_ratio": 0.5}).ttldtt_ldtt_ratio == 0.5
    with pytest.raises(SettingsError, match="Không có thiết lập 'ratio'"):
        Settings.from_mapping({"ratio": 0.5})
    with pytest.raises(SettingsError, match="ttldtt_ldtt_ratio"):
        Settings.from_mapping({"ttldtt_ldtt_ratio": 1.5})
    with pytest.raises(SettingsError, match="base_salary_vnd"):
        Settings.from_mapping({"base_salary_vnd": "nhiều"})
    with pytest.raises(SettingsError, match="title_bar_discipline_level"):
        Settings.from_mapping({"title_bar_discipline_level": "phat"})
    assert Settings.from_mapping({"title_bar_discipline_level": "canh_cao"}).override(
        ballot_thresholds={"CO_BT": "2/3"}
    ).ballot_threshold("CO_BT") == Fraction(2, 3)
