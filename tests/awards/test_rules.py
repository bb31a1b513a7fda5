"""Edge cases: streaks, initiatives, discipline, collective ratios, older rules, judgement."""

from __future__ import annotations

from fractions import Fraction

from tests.awards.helpers import collective, facts, fighter, reason, verdict
from thidua.awards.rules import Settings

# --- streaks -----------------------------------------------------------------------------


def test_a_gap_year_breaks_the_streak() -> None:
    v = verdict(fighter([2022, 2023, 2025]))
    r = reason(v, "CSTDCS_STREAK_3")
    assert r["met"] is False
    assert r["message"] == (
        "Chưa đủ 3 năm liên tục đạt CSTĐCS: chỉ có 2025; năm 2024 chưa đạt CSTĐCS."
    )


def test_the_streak_must_end_in_the_evaluated_year() -> None:
    v = verdict(fighter([2022, 2023, 2024]))
    r = reason(v, "CSTDCS_STREAK_3")
    assert r["met"] is False
    assert r["message"] == (
        "Chưa đủ 3 năm liên tục đạt CSTĐCS: năm 2025 chưa đạt CSTĐCS (các năm đã đạt: 2023, 2024)."
    )


def test_a_longer_streak_is_fine() -> None:
    assert verdict(fighter(range(2019, 2026)))["eligible"] is True


def test_cstdcs_years_used_for_a_cstd_bt_do_not_count_again() -> None:
    data = fighter(range(2021, 2026))
    data["titles"]["2023"].append("CSTD_BT")
    v = verdict(data)
    assert v["eligible"] is False
    assert (
        "đã được tính cho CSTĐ cấp bộ, ngành, tỉnh năm 2023"
        in reason(v, "CSTDCS_STREAK_3")["message"]
    )
    data["year"] = 2026
    data["titles"]["2026"] = ["LDTT", "CSTDCS"]
    data["initiatives"][0]["year"] = 2026
    assert verdict(data)["eligible"] is True


def test_cstd_tq_offset_is_a_setting() -> None:
    data = fighter(range(2020, 2026), initiative="toan_quoc", award="CSTD_TQ")
    data["titles"]["2022"].append("CSTD_BT")
    data["titles"]["2025"].append("CSTD_BT")
    assert verdict(data)["eligible"] is False
    same_year = Settings().override(cstd_tq_years_after_second_bt=0)
    assert verdict(data, same_year)["eligible"] is True


def test_cstd_tq_without_any_cstd_bt() -> None:
    v = verdict(fighter(range(2020, 2026), initiative="toan_quoc", year=2026, award="CSTD_TQ"))
    assert reason(v, "CSTD_BT_TWO_CYCLES")["message"] == (
        "Chưa đạt CSTĐ cấp bộ, ngành, tỉnh lần nào."
    )


# --- initiatives -------------------------------------------------------------------------


def test_a_higher_level_initiative_satisfies_a_lower_requirement() -> None:
    v = verdict(fighter(range(2023, 2026), initiative="toan_quoc"))
    assert v["eligible"] is True
    assert v["uses"][0]["level"] == "toan_quoc"


def test_a_lower_level_initiative_does_not_satisfy_a_higher_requirement() -> None:
    v = verdict(fighter(range(2023, 2026), initiative="co_so"))
    assert v["eligible"] is False
    assert "chưa đủ cấp" in reason(v, "INITIATIVE_BO_TINH")["message"]


def test_a_used_initiative_cannot_serve_again() -> None:
    data = fighter(range(2023, 2026))
    data["initiatives"][0]["used"] = True
    v = verdict(data)
    assert v["eligible"] is False
    assert "đã được dùng cho lần khen khác" in reason(v, "INITIATIVE_BO_TINH")["message"]


def test_the_lowest_adequate_unused_initiative_is_chosen() -> None:
    data = fighter(range(2023, 2026), initiative=None)
    data["initiatives"] = [
        {"year": 2025, "level": "toan_quoc", "id": "national"},
        {"year": 2024, "level": "bo_tinh", "id": "used", "used": True},
        {"year": 2024, "level": "bo_tinh", "id": "provincial"},
    ]
    v = verdict(data)
    assert v["eligible"] is True
    assert [u["id"] for u in v["uses"]] == ["provincial"]


def test_an_initiative_outside_the_window_does_not_count() -> None:
    data = fighter(range(2023, 2026), initiative=None)
    data["initiatives"] = [{"year": 2021, "level": "bo_tinh"}]
    v = verdict(data)
    assert v["eligible"] is False
    assert "ngoài thời gian xét" in reason(v, "INITIATIVE_BO_TINH")["message"]
    wider = Settings().override(cstd_bt_initiative_window=5)
    assert verdict(data, wider)["eligible"] is True


def test_a_science_project_counts_like_an_initiative_for_fighter_titles() -> None:
    data = fighter(range(2023, 2026), initiative=None)
    data["initiatives"] = [{"year": 2025, "level": "bo_tinh", "kind": "project"}]
    assert verdict(data)["eligible"] is True


def test_bk_bt_needs_two_initiatives_not_science_projects() -> None:
    data = facts(
        "BK_BT",
        ratings={"2024": "HTXS", "2025": "HTXS"},
        initiatives=[
            {"year": 2025, "level": "co_so"},
            {"year": 2025, "level": "bo_tinh", "kind": "project"},
        ],
    )
    v = verdict(data)
    assert v["eligible"] is False
    assert reason(v, "INITIATIVES_CO_SO_2")["met"] is False
    data["initiatives"][1]["kind"] = "initiative"
    assert verdict(data)["eligible"] is True


def test_the_summary_names_the_criteria_not_met() -> None:
    v = verdict(fighter([2024, 2025], initiative="co_so"))
    assert v["summary"] == (
        "Chưa đủ điều kiện xét Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh năm 2025: "
        "2 tiêu chí chưa đạt (CSTDCS_STREAK_3, INITIATIVE_BO_TINH)."
    )


# --- discipline --------------------------------------------------------------------------


def test_discipline_overlapping_the_year_bars_the_title() -> None:
    data = facts(
        "LDTT",
        ratings={"2025": "HTXS"},
        discipline=[{"level": "khien_trach", "from": "2024-06-01", "to": "2025-01-15"}],
    )
    v = verdict(data)
    assert v["eligible"] is False
    assert reason(v, "DISCIPLINE_IN_YEAR")["met"] is False
    assert reason(v, "NOT_FROZEN")["met"] is True  # over by the review date


def test_discipline_ending_before_the_year_does_not_matter() -> None:
    data = facts(
        "LDTT",
        ratings={"2025": "HTT"},
        discipline=[{"level": "canh_cao", "from": "2024-01-01", "to": "2024-12-31"}],
    )
    assert verdict(data)["eligible"] is True


def test_running_discipline_freezes_commendations() -> None:
    data = facts(
        "GK",
        ratings={"2025": "HTXS"},
        discipline=[{"level": "khien_trach", "from": "2025-10-01", "to": None}],
    )
    v = verdict(data)
    assert v["eligible"] is False
    r = reason(v, "NOT_FROZEN")
    assert r["met"] is False
    assert "đến nay" in r["message"]


def test_a_review_date_after_the_discipline_unfreezes_the_commendation() -> None:
    data = facts(
        "GK",
        ratings={"2025": "HTXS"},
        discipline=[{"level": "khien_trach", "from": "2025-10-01", "to": "2026-01-31"}],
    )
    assert verdict(data)["eligible"] is False
    assert verdict({**data, "as_of": "2026-02-10"})["eligible"] is True


def test_a_disciplined_year_does_not_count_in_a_streak() -> None:
    data = fighter(range(2023, 2026))
    data["discipline"] = [{"level": "khien_trach", "from": "2024-03-01", "to": "2024-09-01"}]
    v = verdict(data)
    assert v["eligible"] is False
    assert "năm 2024 bị kỷ luật nên không được tính" in reason(v, "CSTDCS_STREAK_3")["message"]


# --- collectives -------------------------------------------------------------------------


def test_exactly_seventy_percent_ldtt_is_enough() -> None:
    v = verdict(collective("TTLDTT", rating="HTT", LDTT=14))  # 14/20 = 70 %
    assert v["eligible"] is True
    assert reason(v, "MEMBERS_LDTT_RATIO")["message"] == (
        "14/20 thành viên (70%) đạt Lao động tiên tiến, đạt mức tối thiểu 70%."
    )


def test_just_below_seventy_percent_is_not() -> None:
    v = verdict(collective("TTLDTT", rating="HTT", total=30, completed=30, LDTT=20))  # 66.7 %
    assert v["eligible"] is False
    assert "(66,7%)" in reason(v, "MEMBERS_LDTT_RATIO")["message"]


def test_the_ratio_is_a_setting() -> None:
    data = collective("TTLDTT", rating="HTT", LDTT=11)
    assert verdict(data)["eligible"] is False
    assert verdict(data, Settings().override(ttldtt_ldtt_ratio="50%"))["eligible"] is True


def test_missing_member_figures_are_unknown_not_met() -> None:
    v = verdict(facts("TTLDTT", subject="collective", ratings={"2025": "HTT"}))
    assert v["eligible"] is False
    assert reason(v, "MEMBERS_LDTT_RATIO")["met"] is None


def test_ttldxs_member_discipline_rule_is_a_setting() -> None:
    data = collective("TTLDXS", disciplined=1)
    assert verdict(data)["eligible"] is False
    relaxed = verdict(data, Settings().override(ttldxs_requires_no_disciplined_member=False))
    assert relaxed["eligible"] is True
    assert "MEMBERS_NO_DISCIPLINE" not in {r["code"] for r in relaxed["reasons"]}


# --- older rules -------------------------------------------------------------------------


def test_before_2024_cstdcs_needs_an_initiative_even_with_htxs() -> None:
    data = facts("CSTDCS", 2023, ratings={"2023": "HTXS"}, titles={"2023": ["LDTT"]})
    v = verdict(data)
    assert v["rule_set"] == "2013-nd91"
    assert v["eligible"] is False
    assert "htxs" not in {r["route"] for r in v["reasons"]}
    assert reason(v, "QUOTA_15_PERCENT")["met"] is None
    assert verdict({**data, "initiatives": [{"year": 2023, "level": "co_so"}]})["eligible"] is True
    v2024 = verdict(
        {**data, "year": 2024, "ratings": {"2024": "HTXS"}, "titles": {"2024": ["LDTT"]}}
    )
    assert v2024["rule_set"] == "2022-nd98"
    assert v2024["eligible"] is True


def test_history_counts_as_recorded_under_the_rules_of_its_year() -> None:
    # CSTDCS of 2022 and 2023 were earned under the old rules; they count as recorded.
    data = fighter(range(2022, 2025), year=2024)
    v = verdict(data)
    assert v["rule_set"] == "2022-nd98"
    assert v["eligible"] is True
    assert reason(v, "CSTDCS_STREAK_3")["basis"] == "Luật TĐKT 2022, Điều 22"


def test_before_2024_ttldtt_needs_more_than_half_ldtt() -> None:
    half = collective("TTLDTT", rating="HTT", year=2023, LDTT=10)
    assert verdict(half)["eligible"] is False
    assert verdict(collective("TTLDTT", rating="HTT", year=2023, LDTT=11))["eligible"] is True


def test_the_decree_follows_the_review_date() -> None:
    data = facts("LDTT", ratings={"2025": "HTT"})
    assert verdict(data)["rule_set"] == "2022-nd152"
    assert verdict({**data, "as_of": "2025-06-30"})["rule_set"] == "2022-nd98"


# --- judgement ---------------------------------------------------------------------------


def test_judgement_criteria_alone_never_make_a_verdict_eligible() -> None:
    # BK_BT "outstanding achievement" route is judgement only: nothing recorded → ineligible,
    # even though the common record criterion (not frozen) is met.
    v = verdict(facts("BK_BT"))
    assert reason(v, "NOT_FROZEN")["met"] is True
    assert reason(v, "OUTSTANDING_ACHIEVEMENT")["met"] is None
    assert v["eligible"] is False
    assert v["route"] is None


def test_unknown_data_never_counts_as_met() -> None:
    v = verdict(facts("LDTT"))  # no rating for 2025
    assert reason(v, "RATING_HTT")["met"] is None
    assert v["eligible"] is False


def test_settings_thresholds_and_cash() -> None:
    from thidua.awards.rules import rule_set_for_year

    rule = rule_set_for_year(2025).awards["CSTD_BT"]
    assert rule.threshold() == Fraction(9, 10)
    assert rule.threshold(Settings().override(ballot_thresholds={"CSTD_BT": "85%"})) == Fraction(
        85, 100
    )
    assert rule_set_for_year(2024).awards["CSTD_BT"].threshold(
        Settings().override(ballot_thresholds={"CSTD_BT": "85%"})
    ) == Fraction(9, 10)  # Decree 98: a confirmed figure in the catalog
    assert rule.cash_vnd("individual") == 7_020_000
    ldtt = rule_set_for_year(2025).awards["LDTT"]
    assert ldtt.cash_vnd("individual") == 710_000  # 0.3 × 2,340,000 = 702,000 → 710,000
    assert ldtt.cash_vnd("household") == 1_060_000  # 1.5 × 702,000 = 1,053,000 → 1,060,000
