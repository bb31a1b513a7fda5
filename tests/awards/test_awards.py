"""One eligible and one ineligible verdict per award, and the routes that decide them."""

from __future__ import annotations

from tests.awards.helpers import collective, facts, fighter, ratings, reason, titles, verdict


def test_ldtt_is_eligible_with_a_good_rating_and_not_without() -> None:
    ok = verdict(facts("LDTT", ratings={"2025": "HTT"}))
    assert ok["eligible"] is True
    assert ok["route"] == "rating"
    no = verdict(facts("LDTT", ratings={"2025": "HT"}))
    assert no["eligible"] is False
    assert no["route"] is None


def test_cstt_follows_the_ldtt_rule() -> None:
    assert verdict(facts("CSTT", ratings={"2025": "HTXS"}))["eligible"] is True
    assert verdict(facts("CSTT", ratings={"2025": "KHT"}))["eligible"] is False


def test_cstdcs_by_htxs_rating_since_2024() -> None:
    v = verdict(facts("CSTDCS", ratings={"2025": "HTXS"}, titles={"2025": ["LDTT"]}))
    assert v["eligible"] is True
    assert v["route"] == "htxs"
    assert v["uses"] == []


def test_cstdcs_by_initiative_names_the_initiative_it_would_use() -> None:
    v = verdict(
        facts(
            "CSTDCS",
            ratings={"2025": "HTT"},
            titles={"2025": ["LDTT"]},
            initiatives=[{"year": 2025, "level": "co_so", "id": "SK-07"}],
        )
    )
    assert v["eligible"] is True
    assert v["route"] == "initiative"
    assert v["uses"] == [
        {"index": 0, "year": 2025, "level": "co_so", "kind": "initiative", "id": "SK-07"}
    ]
    assert "“SK-07”" in reason(v, "INITIATIVE_CO_SO")["message"]


def test_cstdcs_needs_the_ldtt_title_whatever_the_route() -> None:
    v = verdict(facts("CSTDCS", ratings={"2025": "HTXS"}, titles={"2025": []}))
    assert v["eligible"] is False
    assert reason(v, "HOLDS_LDTT")["met"] is False


def test_cstd_bt_with_three_consecutive_cstdcs_and_a_provincial_initiative() -> None:
    v = verdict(fighter(range(2023, 2026)))
    assert v["eligible"] is True
    assert v["route"] == "streak"
    assert reason(v, "CSTDCS_STREAK_3")["message"] == (
        "Đủ 3 năm liên tục đạt CSTĐCS: 2023, 2024, 2025."
    )
    assert reason(v, "OUTSTANDING")["met"] is None


def test_cstd_bt_short_streak_says_which_years_it_has() -> None:
    v = verdict(fighter([2024, 2025]))
    assert v["eligible"] is False
    assert reason(v, "CSTDCS_STREAK_3")["message"].startswith(
        "Chưa đủ 3 năm liên tục đạt CSTĐCS: chỉ có 2024, 2025"
    )


def test_cstd_tq_considered_the_year_after_the_second_cstd_bt() -> None:
    record = fighter(range(2020, 2026), initiative="toan_quoc", year=2026, award="CSTD_TQ")
    record["titles"]["2022"].append("CSTD_BT")
    record["titles"]["2025"].append("CSTD_BT")
    v = verdict(record)
    assert v["eligible"] is True
    assert v["route"] == "cycles"
    assert "2022 và 2025" in reason(v, "CSTD_BT_TWO_CYCLES")["message"]


def test_cstd_tq_is_not_considered_in_the_year_of_the_second_cstd_bt() -> None:
    record = fighter(range(2020, 2026), initiative="toan_quoc", year=2025, award="CSTD_TQ")
    record["titles"]["2022"].append("CSTD_BT")
    record["titles"]["2025"].append("CSTD_BT")
    v = verdict(record)
    assert v["eligible"] is False
    r = reason(v, "CSTD_BT_TWO_CYCLES")
    assert r["met"] is False
    assert "vào năm 2026" in r["message"]


def test_cstd_tq_needs_cycles_three_years_apart() -> None:
    record = fighter(range(2020, 2026), initiative="toan_quoc", year=2026, award="CSTD_TQ")
    record["titles"]["2021"].append("CSTD_BT")
    record["titles"]["2025"].append("CSTD_BT")
    v = verdict(record)
    assert v["eligible"] is False
    assert "chỉ có 2021, 2025" in reason(v, "CSTD_BT_TWO_CYCLES")["message"]


def test_ttldtt_eligible_and_not() -> None:
    assert verdict(collective("TTLDTT", rating="HTT"))["eligible"] is True
    v = verdict(collective("TTLDTT", rating="HTT", disciplined=1))
    assert v["eligible"] is False
    assert reason(v, "MEMBERS_NO_DISCIPLINE")["met"] is False


def test_ttldxs_eligible_and_not() -> None:
    assert verdict(collective("TTLDXS"))["eligible"] is True
    v = verdict(collective("TTLDXS", completed=19))
    assert v["eligible"] is False
    assert reason(v, "MEMBERS_ALL_COMPLETED")["message"] == (
        "Chỉ có 19/20 thành viên hoàn thành nhiệm vụ; cần 100%."
    )


def test_bk_bt_individual_by_two_consecutive_cstdcs() -> None:
    v = verdict(fighter([2024, 2025], initiative=None, award="BK_BT"))
    assert v["eligible"] is True
    assert v["route"] == "cstdcs"


def test_bk_bt_individual_by_htxs_years_and_two_initiatives() -> None:
    data = facts(
        "BK_BT",
        ratings=ratings([2024, 2025], "HTXS"),
        initiatives=[{"year": 2024, "level": "co_so"}, {"year": 2025, "level": "co_so"}],
    )
    v = verdict(data)
    assert v["eligible"] is True
    assert v["route"] == "htxs_initiatives"
    assert [u["index"] for u in v["uses"]] == [0, 1]
    data["initiatives"] = data["initiatives"][:1]
    v = verdict(data)
    assert v["eligible"] is False
    assert "mới có 1" in reason(v, "INITIATIVES_CO_SO_2")["message"]


def test_bk_bt_streak_restarts_after_a_bk_bt() -> None:
    data = fighter(range(2022, 2026), initiative=None, award="BK_BT")
    data["titles"]["2024"].append("BK_BT")
    v = verdict(data)
    assert v["eligible"] is False
    assert "đã được tính cho Bằng khen" in reason(v, "CSTDCS_STREAK_2")["message"]
    v = verdict({**data, "year": 2026, "titles": {**data["titles"], "2026": ["LDTT", "CSTDCS"]}})
    assert v["eligible"] is True


def test_bk_bt_collective_by_two_years_htxs_or_ttldxs() -> None:
    data = facts(
        "BK_BT", subject="collective", ratings={"2025": "HTXS"}, titles={"2024": ["TTLDXS"]}
    )
    v = verdict(data)
    assert v["eligible"] is True
    assert v["route"] == "htxs"
    data["titles"] = {}
    assert verdict(data)["eligible"] is False


def test_bk_ttg_with_bk_bt_before_five_good_years_and_three_cstdcs() -> None:
    data = facts(
        "BK_TTG",
        ratings=ratings(range(2021, 2026), "HTT"),
        titles={"2020": ["BK_BT"], **titles([2021, 2023, 2025], "LDTT", "CSTDCS")},
    )
    v = verdict(data)
    assert v["eligible"] is True
    assert v["route"] == "bk_bt_5_years"
    data["ratings"]["2023"] = "HT"
    v = verdict(data)
    assert v["eligible"] is False
    assert reason(v, "RATING_HTT_STREAK_5")["met"] is False


def test_gk_needs_a_good_rating_and_leaves_the_achievement_to_the_council() -> None:
    v = verdict(facts("GK", ratings={"2025": "HTT"}))
    assert v["eligible"] is True
    assert reason(v, "ACHIEVEMENT")["met"] is None
    assert "Hội đồng đánh giá" in v["summary"]
    assert verdict(facts("GK", ratings={"2025": "HT"}))["eligible"] is False


def test_gk_for_a_household_is_judgement_only_so_never_eligible() -> None:
    v = verdict(facts("GK", subject="household"))
    assert v["eligible"] is False
    assert all(r["met"] is None for r in v["reasons"])


def test_co_bt_for_the_cluster_leader_only() -> None:
    data = facts("CO_BT", subject="collective", cluster_rank=1)
    assert verdict(data)["eligible"] is True
    v = verdict({**data, "cluster_rank": 2})
    assert v["eligible"] is False
    assert reason(v, "CLUSTER_LEADER")["message"].startswith("Xếp thứ 2")
    v = verdict({**data, "cluster_rank": None})
    assert v["eligible"] is False
    assert reason(v, "CLUSTER_LEADER")["met"] is None


def test_co_cp_needs_the_co_bt_of_the_year() -> None:
    data = facts("CO_CP", subject="collective", titles={"2025": ["CO_BT"]})
    v = verdict(data)
    assert v["eligible"] is True
    assert v["route"] == "cluster_leaders"
    assert verdict({**data, "titles": {}})["eligible"] is False


def test_household_and_community_titles_are_left_to_the_council() -> None:
    for award, subject in (
        ("GDVH", "household"),
        ("THONVH", "collective"),
        ("XA_TB", "collective"),
    ):
        v = verdict(facts(award, subject=subject))
        assert v["eligible"] is False
        assert reason(v, "CRITERIA_FRAMEWORK")["met"] is None


def test_bk_ttg_for_a_collective_is_left_to_the_council() -> None:
    v = verdict(facts("BK_TTG", subject="collective", ratings={"2025": "HTXS"}))
    assert v["eligible"] is False
    assert reason(v, "COUNCIL_REVIEW")["met"] is None
