"""The award catalog: versioned data, keyed by effective date (see docs/rules.md).

Each rule set bundles the awards as one legal regime defines them. Every criterion names the
check the engine runs (or ``"judgement"`` for what only the council can weigh), its legal
basis and its parameters; figures marked [unconfirmed] in LAW.md are looked up in
:class:`~thidua.awards.rules.settings.Settings` by name instead of being written here.

Pure Python: nothing under ``thidua.awards.rules`` may import Django.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Final, Literal

from .settings import Settings

CATALOG_VERSION: Final = "2026.11.1"

AwardKind = Literal["title", "commendation"]


@dataclass(frozen=True)
class Basis:
    """A legal basis: instrument (short Vietnamese name) and article."""

    instrument: str
    article: str = ""
    confirmed: bool = True

    def __str__(self) -> str:
        return f"{self.instrument}, {self.article}" if self.article else self.instrument

    def __add__(self, other: Basis) -> Basis:
        return Basis(
            f"{self}; {other.instrument}", other.article, self.confirmed and other.confirmed
        )


@dataclass(frozen=True)
class Criterion:
    code: str  # the reason code the engine reports
    check: str  # name of the engine check; "judgement" = weighed by the council (met = null)
    text_vi: str
    text_en: str
    basis: Basis
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def judgement(self) -> bool:
        return self.check == "judgement"


@dataclass(frozen=True)
class Route:
    """One way to qualify: every record criterion of the route (and of the variant's common
    criteria) must be met."""

    code: str
    name_vi: str
    name_en: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Variant:
    """The criteria of an award for one kind of subject."""

    common: tuple[Criterion, ...]
    routes: tuple[Route, ...]


@dataclass(frozen=True)
class AwardRule:
    code: str
    kind: AwardKind
    name_vi: str
    name_en: str
    authority_vi: str
    authority_en: str
    summary_vi: str
    summary_en: str
    basis: Basis
    variants: Mapping[str, Variant]  # subject → criteria
    effective_from: date | None
    effective_to: date | None
    # Approval needed in the secret ballot, as a fraction of the WHOLE council.
    ballot_threshold: Fraction | None = None  # confirmed figure, when there is one
    ballot_from_settings: bool = False  # [unconfirmed]: read Settings.ballot_thresholds
    ballot_basis: Basis | None = None
    # Cash as a multiple of the base salary, per subject (None: not known, see docs).
    cash_multiples: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    cash_basis: Basis | None = None

    @property
    def subjects(self) -> tuple[str, ...]:
        return tuple(self.variants)

    def threshold(self, settings: Settings | None = None) -> Fraction | None:
        if self.ballot_from_settings:
            return (settings or Settings()).ballot_threshold(self.code)
        return self.ballot_threshold

    def cash_vnd(self, subject: str, settings: Settings | None = None) -> int | None:
        """Cash amount for one award, rounded up to the settings' step (Decree 152 arts 49–54)."""
        settings = settings or Settings()
        if subject == "household" and "household" not in self.cash_multiples:
            multiple = self.cash_multiples.get("individual")
            factor = Fraction(settings.household_cash_factor)
        else:
            multiple = self.cash_multiples.get(subject)
            factor = Fraction(1)
        if multiple is None:
            return None
        amount = Fraction(multiple) * settings.base_salary_vnd * factor
        step = settings.cash_rounding_vnd
        return math.ceil(amount / step) * step


@dataclass(frozen=True)
class RuleSet:
    code: str
    name_vi: str
    name_en: str
    instruments: tuple[str, ...]
    effective_from: date | None
    effective_to: date | None
    awards: Mapping[str, AwardRule]
    notes_vi: tuple[str, ...] = ()

    def covers(self, day: date) -> bool:
        starts = self.effective_from is None or self.effective_from <= day
        ends = self.effective_to is None or day <= self.effective_to
        return starts and ends


# --- legal instruments -------------------------------------------------------------------

LAW_2022 = "Luật TĐKT 2022"  # Luật Thi đua, khen thưởng số 06/2022/QH15
LAW_2013 = "Luật TĐKT 2003 (sửa đổi 2013)"
ND_91 = "Nghị định 91/2017/NĐ-CP"
ND_98 = "Nghị định 98/2023/NĐ-CP"
ND_152 = "Nghị định 152/2025/NĐ-CP"
ND_86 = "Nghị định 86/2023/NĐ-CP"

INDIVIDUAL: Final = "individual"
COLLECTIVE: Final = "collective"
HOUSEHOLD: Final = "household"

_HEAD_VI = "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã; Giám đốc doanh nghiệp"
_HEAD_EN = "Head of agency or unit; commune People's Committee chairman; enterprise director"
_MIN_VI = "Bộ trưởng, Thủ trưởng cơ quan ngang bộ; Chủ tịch UBND cấp tỉnh"
_MIN_EN = "Minister or head of a ministry-level body; provincial People's Committee chairman"
_PM_VI = "Thủ tướng Chính phủ"
_PM_EN = "Prime Minister"


def _c(code: str, check: str, vi: str, en: str, basis: Basis, **params: Any) -> Criterion:
    return Criterion(code, check, vi, en, basis, MappingProxyType(params))


def _judge(code: str, vi: str, en: str, basis: Basis) -> Criterion:
    return Criterion(code, "judgement", vi, en, basis)


def _route(code: str, vi: str, en: str, *criteria: Criterion) -> Route:
    return Route(code, vi, en, tuple(criteria))


def _money(**multiples: str) -> Mapping[str, Decimal]:
    return MappingProxyType({k: Decimal(v) for k, v in multiples.items()})


def _build(era: str) -> dict[str, AwardRule]:
    """The awards of one era: "2013" (Law 2003/2013 + Decree 91/2017), "nd98", "nd152"."""
    old = era == "2013"
    law = LAW_2013 if old else LAW_2022
    if era == "2013":
        start, end, decree = None, date(2023, 12, 31), ND_91
    elif era == "nd98":
        start, end, decree = date(2024, 1, 1), date(2025, 6, 30), ND_98
    else:
        start, end, decree = date(2025, 7, 1), None, ND_152

    def art(number: int | None) -> Basis:
        # Article numbers of the old law are [unconfirmed]; commendation articles are omitted.
        if old:
            return Basis(law, f"Điều {number}" if number else "", confirmed=False)
        return Basis(law, f"Điều {number}" if number else "")

    principles = (
        Basis(LAW_2022, "Điều 5") + Basis(ND_152, "Điều 4")
        if era == "nd152"
        else Basis(LAW_2022, "Điều 5")
        if era == "nd98"
        else Basis(LAW_2013, confirmed=False)
    )
    discipline_year = _c(
        "DISCIPLINE_IN_YEAR",
        "no_discipline_in_year",
        "Không bị kỷ luật từ khiển trách trở lên trong năm xét",
        "Not disciplined (reprimand or above) at any time in the evaluated year",
        Basis(principles.instrument, principles.article, confirmed=False),
    )
    not_frozen = _c(
        "NOT_FROZEN",
        "not_frozen",
        "Không đang thi hành kỷ luật, bị điều tra, thanh tra hoặc có khiếu nại chưa giải quyết",
        "Not under discipline, investigation, inspection or an unresolved complaint",
        principles,
    )
    conduct = _judge(
        "CONDUCT",
        "Chấp hành tốt chủ trương, chính sách của Đảng, pháp luật của Nhà nước, có đạo đức, "
        "lối sống lành mạnh",
        "Complies with Party and State policy and law; sound conduct",
        art(24),
    )
    unity = _judge(
        "UNITY",
        "Nội bộ đoàn kết, gương mẫu chấp hành chủ trương, chính sách, pháp luật",
        "Internal unity; exemplary compliance with policy and law",
        art(28),
    )
    emulation = _judge(
        "EMULATION_REGULAR",
        "Có phong trào thi đua thường xuyên, thiết thực, hiệu quả",
        "Runs regular, practical, effective emulation",
        art(28),
    )
    outstanding_achievement = _judge(
        "OUTSTANDING_ACHIEVEMENT",
        "Có thành tích xuất sắc trong phong trào thi đua, thành tích đột xuất hoặc có đóng góp "
        "nổi bật, ảnh hưởng rộng",
        "Outstanding achievement in a campaign, ad hoc achievement or notable, wide-impact "
        "contribution",
        art(74),
    )

    def rating(code: str, minimum: str, number: int) -> Criterion:
        label = {"HTT": "hoàn thành tốt nhiệm vụ trở lên", "HTXS": "hoàn thành xuất sắc nhiệm vụ"}
        return _c(
            code,
            "rating_at_least",
            f"Năm xét được xếp loại {label[minimum]}",
            f"Rated {minimum} or better in the evaluated year",
            art(number),
            minimum=minimum,
        )

    titles_individual = (discipline_year, not_frozen)
    awards: dict[str, AwardRule] = {}

    def add(rule: AwardRule) -> None:
        awards[rule.code] = rule

    ballot_kw: dict[str, Any]
    if era == "nd98":
        ballot_basis: Basis | None = Basis(ND_98, "Điều 30 khoản 7")
    else:
        ballot_basis = Basis(decree, confirmed=False)

    def ballot(code: str) -> dict[str, Any]:
        if code not in ("CSTD_TQ", "CSTD_BT", "CSTDCS", "CO_BT", "CO_CP"):
            return {}
        if era == "nd98":
            figure = Fraction(9, 10) if code in ("CSTD_TQ", "CSTD_BT") else Fraction(8, 10)
            return {"ballot_threshold": figure, "ballot_basis": ballot_basis}
        return {"ballot_from_settings": True, "ballot_basis": ballot_basis}

    cash_basis = Basis(decree, "" if old else "Điều 49–54", confirmed=era == "nd152")

    def money(**multiples: str) -> dict[str, Any]:
        return {"cash_multiples": _money(**multiples), "cash_basis": cash_basis}

    # --- LDTT / CSTT -----------------------------------------------------------------
    for code, vi, en in (
        ("LDTT", "Lao động tiên tiến", "Advanced Worker"),
        ("CSTT", "Chiến sĩ tiên tiến", "Advanced Soldier"),
    ):
        ballot_kw = ballot(code)
        add(
            AwardRule(
                code=code,
                kind="title",
                name_vi=vi,
                name_en=en,
                authority_vi=_HEAD_VI,
                authority_en=_HEAD_EN,
                summary_vi="Xếp loại hoàn thành tốt nhiệm vụ trở lên; chấp hành tốt chủ trương, "
                "chính sách, pháp luật",
                summary_en="Rated HTT or better; sound conduct",
                basis=art(24),
                variants={
                    INDIVIDUAL: Variant(
                        titles_individual,
                        (
                            _route(
                                "rating",
                                "Xếp loại năm",
                                "Yearly rating",
                                rating("RATING_HTT", "HTT", 24),
                                conduct,
                            ),
                        ),
                    )
                },
                effective_from=start,
                effective_to=end,
                **money(individual="0.3"),
                **ballot_kw,
            )
        )

    # --- CSTDCS ----------------------------------------------------------------------
    holds_ldtt = _c(
        "HOLDS_LDTT",
        "holds_title",
        "Đạt danh hiệu Lao động tiên tiến hoặc Chiến sĩ tiên tiến trong năm xét",
        "Holds LDTT or CSTT in the evaluated year",
        art(23),
        titles=("LDTT", "CSTT"),
    )
    initiative_co_so = _c(
        "INITIATIVE_CO_SO",
        "initiatives",
        "Có sáng kiến hoặc đề tài khoa học được công nhận hiệu quả áp dụng từ cấp cơ sở trở lên",
        "An initiative or science project recognised at grassroots level or above",
        art(23),
        level="co_so",
        count=1,
        window="cstdcs_initiative_window",
    )
    combat = _judge(
        "COMBAT_INGENUITY",
        "Mưu trí, sáng tạo trong chiến đấu, phục vụ chiến đấu",
        "Ingenuity in combat or combat support",
        art(23),
    )
    cstdcs_common: tuple[Criterion, ...] = (*titles_individual, holds_ldtt)
    if old:
        cstdcs_common = (
            *cstdcs_common,
            _judge(
                "QUOTA_15_PERCENT",
                "Số CSTĐCS của đơn vị không quá 15% số Lao động tiên tiến (xét ở cấp đơn vị)",
                "Unit quota: CSTDCS at most 15 % of LDTT (checked for the whole unit)",
                Basis(ND_91, confirmed=False),
            ),
        )
        cstdcs_routes: tuple[Route, ...] = (
            _route("initiative", "Có sáng kiến", "Initiative", initiative_co_so),
            _route("combat", "Mưu trí trong chiến đấu", "Combat ingenuity", combat),
        )
        cstdcs_summary = "Là LĐTT/CSTT và có sáng kiến hoặc đề tài (bắt buộc); tối đa 15% số LĐTT"
    else:
        cstdcs_routes = (
            _route(
                "htxs",
                "Hoàn thành xuất sắc nhiệm vụ",
                "Rated HTXS",
                rating("RATING_HTXS", "HTXS", 23),
            ),
            _route(
                "initiative", "Có sáng kiến hoặc đề tài", "Initiative or project", initiative_co_so
            ),
            _route("combat", "Mưu trí trong chiến đấu", "Combat ingenuity", combat),
        )
        cstdcs_summary = "Là LĐTT/CSTT và một trong: HTXS; sáng kiến hoặc đề tài cấp cơ sở; mưu trí"
    add(
        AwardRule(
            code="CSTDCS",
            kind="title",
            name_vi="Chiến sĩ thi đua cơ sở",
            name_en="Grassroots Emulation Fighter",
            authority_vi=_HEAD_VI,
            authority_en=_HEAD_EN,
            summary_vi=cstdcs_summary,
            summary_en="Holds LDTT/CSTT and one of: HTXS, a grassroots initiative or project, "
            "combat ingenuity" + (" (initiative mandatory before 2024; ≤ 15 % cap)" if old else ""),
            basis=art(23),
            variants={INDIVIDUAL: Variant(cstdcs_common, cstdcs_routes)},
            effective_from=start,
            effective_to=end,
            **money(individual="1.0"),
            **ballot("CSTDCS"),
        )
    )

    # --- CSTD_BT ---------------------------------------------------------------------
    add(
        AwardRule(
            code="CSTD_BT",
            kind="title",
            name_vi="Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
            name_en="Ministry/Province Emulation Fighter",
            authority_vi=_MIN_VI,
            authority_en=_MIN_EN,
            summary_vi="3 lần liên tục CSTĐCS (gồm năm xét) và sáng kiến, đề tài cấp bộ, tỉnh",
            summary_en="3 consecutive CSTDCS (incl. the evaluated year) and an initiative or "
            "project at ministry/province level",
            basis=art(22),
            variants={
                INDIVIDUAL: Variant(
                    titles_individual,
                    (
                        _route(
                            "streak",
                            "3 lần liên tục CSTĐCS",
                            "3 consecutive CSTDCS",
                            _c(
                                "CSTDCS_STREAK_3",
                                "streak",
                                "Có 3 lần liên tục đạt CSTĐCS, năm xét là lần thứ ba",
                                "3 consecutive CSTDCS ending in the evaluated year",
                                art(22),
                                length=3,
                                titles=("CSTDCS",),
                                label="đạt CSTĐCS",
                                restart_after="CSTD_BT",
                            ),
                            _c(
                                "INITIATIVE_BO_TINH",
                                "initiatives",
                                "Có sáng kiến hoặc đề tài khoa học được công nhận cấp bộ, ngành, "
                                "tỉnh trở lên",
                                "An initiative or project recognised at ministry/province level",
                                art(22),
                                level="bo_tinh",
                                count=1,
                                window="cstd_bt_initiative_window",
                            ),
                            _judge(
                                "OUTSTANDING",
                                "Tiêu biểu xuất sắc trong số những người có 3 lần liên tục CSTĐCS",
                                "Most outstanding among those with 3 consecutive CSTDCS",
                                art(22),
                            ),
                        ),
                    ),
                )
            },
            effective_from=start,
            effective_to=end,
            **money(individual="3.0"),
            **ballot("CSTD_BT"),
        )
    )

    # --- CSTD_TQ ---------------------------------------------------------------------
    add(
        AwardRule(
            code="CSTD_TQ",
            kind="title",
            name_vi="Chiến sĩ thi đua toàn quốc",
            name_en="National Emulation Fighter",
            authority_vi=_PM_VI,
            authority_en=_PM_EN,
            summary_vi="2 lần liên tục CSTĐ cấp bộ, tỉnh (2 chu kỳ) và sáng kiến, đề tài toàn quốc",
            summary_en="2 consecutive CSTD_BT cycles and an initiative or project of "
            "national scope",
            basis=art(21),
            variants={
                INDIVIDUAL: Variant(
                    titles_individual,
                    (
                        _route(
                            "cycles",
                            "2 lần liên tục CSTĐ cấp bộ, tỉnh",
                            "2 consecutive CSTD_BT",
                            _c(
                                "CSTD_BT_TWO_CYCLES",
                                "cstd_bt_cycles",
                                "Có 2 lần liên tục đạt CSTĐ cấp bộ, ngành, tỉnh (cách nhau 3 năm)",
                                "2 consecutive CSTD_BT cycles (3 years apart)",
                                art(21),
                            ),
                            _c(
                                "INITIATIVE_TOAN_QUOC",
                                "initiatives",
                                "Có sáng kiến hoặc đề tài khoa học có phạm vi ảnh hưởng toàn quốc",
                                "An initiative or project of national scope",
                                art(21),
                                level="toan_quoc",
                                count=1,
                                window="cstd_tq_initiative_window",
                            ),
                            _judge(
                                "OUTSTANDING",
                                "Tiêu biểu xuất sắc nhất trong số những CSTĐ cấp bộ, ngành, tỉnh",
                                "Most outstanding among ministry/province emulation fighters",
                                art(21),
                            ),
                        ),
                    ),
                )
            },
            effective_from=start,
            effective_to=end,
            **money(individual="4.5"),
            **ballot("CSTD_TQ"),
        )
    )

    # --- TTLDTT ----------------------------------------------------------------------
    no_disciplined_member = _c(
        "MEMBERS_NO_DISCIPLINE",
        "members_no_discipline",
        "Không có thành viên bị kỷ luật từ cảnh cáo trở lên",
        "No member disciplined at warning (canh_cao) or above",
        art(28),
    )
    if old:
        ldtt_ratio = _c(
            "MEMBERS_LDTT_RATIO",
            "members_ratio",
            "Có trên 50% thành viên đạt Lao động tiên tiến (tỉ lệ là thiết lập)",
            "More than 50 % of members hold LDTT (ratio is a setting)",
            art(28),
            field="LDTT",
            ratio="ttldtt_ldtt_ratio_pre2024",
            strict="ttldtt_ldtt_ratio_pre2024_strict",
        )
    else:
        ldtt_ratio = _c(
            "MEMBERS_LDTT_RATIO",
            "members_ratio",
            "Có ít nhất 70% thành viên đạt Lao động tiên tiến (tỉ lệ là thiết lập)",
            "At least 70 % of members hold LDTT (ratio is a setting)",
            art(28),
            field="LDTT",
            ratio="ttldtt_ldtt_ratio",
        )
    add(
        AwardRule(
            code="TTLDTT",
            kind="title",
            name_vi="Tập thể lao động tiên tiến",
            name_en="Advanced Collective",
            authority_vi=_HEAD_VI,
            authority_en=_HEAD_EN,
            summary_vi="Hoàn thành tốt nhiệm vụ; thi đua thường xuyên; tỉ lệ LĐTT đủ mức; không có "
            "thành viên bị kỷ luật từ cảnh cáo; đoàn kết",
            summary_en="HTT; regular emulation; enough LDTT members; no member disciplined at "
            "canh_cao or above; unity",
            basis=art(28),
            variants={
                COLLECTIVE: Variant(
                    titles_individual,
                    (
                        _route(
                            "members",
                            "Kết quả tập thể và thành viên",
                            "Collective and member results",
                            rating("RATING_HTT", "HTT", 28),
                            ldtt_ratio,
                            no_disciplined_member,
                            emulation,
                            unity,
                        ),
                    ),
                )
            },
            effective_from=start,
            effective_to=end,
            **money(collective="0.8"),
        )
    )

    # --- TTLDXS ----------------------------------------------------------------------
    xs_criteria: list[Criterion] = [
        rating("RATING_HTXS", "HTXS", 27),
        _c(
            "MEMBERS_ALL_COMPLETED",
            "members_all_completed",
            "100% thành viên hoàn thành nhiệm vụ",
            "Every member completed their tasks",
            art(27),
        ),
        _c(
            "MEMBERS_LDTT_RATIO",
            "members_ratio",
            "Có ít nhất 70% thành viên đạt Lao động tiên tiến (tỉ lệ là thiết lập)",
            "At least 70 % of members hold LDTT (ratio is a setting)",
            art(27),
            field="LDTT",
            ratio="ttldxs_ldtt_ratio",
        ),
        _c(
            "MEMBERS_HAS_CSTDCS",
            "members_at_least",
            "Có thành viên đạt Chiến sĩ thi đua cơ sở",
            "At least one member holds CSTDCS",
            art(27),
            field="CSTDCS",
            count=1,
        ),
        _c(
            "MEMBERS_NO_DISCIPLINE",
            "members_no_discipline",
            "Không có thành viên bị kỷ luật từ cảnh cáo trở lên",
            "No member disciplined at warning (canh_cao) or above",
            Basis(law, "Điều 27", confirmed=False),
            enabled="ttldxs_requires_no_disciplined_member",
        ),
        _judge(
            "EMULATION_REGULAR",
            "Sáng tạo, vượt khó; phong trào thi đua thường xuyên, thiết thực, hiệu quả",
            "Creative, overcomes difficulties; regular effective emulation",
            art(27),
        ),
        Criterion(unity.code, "judgement", unity.text_vi, unity.text_en, art(27)),
    ]
    add(
        AwardRule(
            code="TTLDXS",
            kind="title",
            name_vi="Tập thể lao động xuất sắc",
            name_en="Excellent Collective",
            authority_vi=_MIN_VI,
            authority_en=_MIN_EN,
            summary_vi="HTXS; 100% thành viên hoàn thành nhiệm vụ, ≥ 70% LĐTT; có CSTĐCS; đoàn kết",
            summary_en="HTXS; 100 % members completed, ≥ 70 % LDTT; at least one CSTDCS; unity",
            basis=art(27),
            variants={
                COLLECTIVE: Variant(
                    titles_individual,
                    (
                        _route(
                            "members",
                            "Kết quả tập thể và thành viên",
                            "Collective and member results",
                            *xs_criteria,
                        ),
                    ),
                )
            },
            effective_from=start,
            effective_to=end,
            **money(collective="1.5"),
        )
    )

    # --- CO_BT / CO_CP ---------------------------------------------------------------
    add(
        AwardRule(
            code="CO_BT",
            kind="title",
            name_vi="Cờ thi đua cấp bộ, ban, ngành, tỉnh",
            name_en="Ministry/Province Emulation Flag",
            authority_vi=_MIN_VI,
            authority_en=_MIN_EN,
            summary_vi="Dẫn đầu cụm, khối thi đua; vượt chỉ tiêu; tiêu biểu; tổ chức đảng, "
            "đoàn thể trong sạch, vững mạnh",
            summary_en="Leads its cluster or block; exceeded targets; outstanding; clean Party "
            "and mass organisations",
            basis=art(26),
            variants={
                COLLECTIVE: Variant(
                    titles_individual,
                    (
                        _route(
                            "cluster",
                            "Dẫn đầu cụm, khối thi đua",
                            "Cluster leader",
                            _c(
                                "CLUSTER_LEADER",
                                "cluster_leader",
                                "Được suy tôn dẫn đầu cụm, khối thi đua",
                                "Ranked first in its emulation cluster or block",
                                art(26),
                            ),
                            _judge(
                                "EXCEEDED_TARGETS",
                                "Hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao",
                                "Exceeded its emulation targets and tasks",
                                art(26),
                            ),
                            _judge(
                                "CLEAN_ORGANISATIONS",
                                "Tổ chức đảng, đoàn thể trong sạch, vững mạnh",
                                "Clean, strong Party and mass organisations",
                                art(26),
                            ),
                        ),
                    ),
                )
            },
            effective_from=start,
            effective_to=end,
            **money(collective="8"),
            **ballot("CO_BT"),
        )
    )
    add(
        AwardRule(
            code="CO_CP",
            kind="title",
            name_vi="Cờ thi đua của Chính phủ",
            name_en="Government Emulation Flag",
            authority_vi=_PM_VI,
            authority_en=_PM_EN,
            summary_vi="Tiêu biểu nhất trong các đơn vị dẫn đầu cụm, khối của bộ, tỉnh; hoặc "
            "dẫn đầu cụm, khối do Hội đồng Trung ương tổ chức; hoặc dẫn đầu phong trào ≥ 5 năm",
            summary_en="Most outstanding cluster leader; or leader of a Central Council cluster; "
            "or leader of a PM-launched campaign of ≥ 5 years",
            basis=art(25),
            variants={
                COLLECTIVE: Variant(
                    titles_individual,
                    (
                        _route(
                            "cluster_leaders",
                            "Tiêu biểu trong các đơn vị được Cờ thi đua cấp bộ, tỉnh",
                            "Outstanding among flag holders",
                            _c(
                                "CO_BT_HELD",
                                "holds_title",
                                "Đã được tặng Cờ thi đua cấp bộ, ngành, tỉnh trong năm xét",
                                "Holds CO_BT in the evaluated year",
                                art(25),
                                titles=("CO_BT",),
                            ),
                            _judge(
                                "OUTSTANDING",
                                "Tiêu biểu xuất sắc nhất trong các đơn vị dẫn đầu cụm, khối",
                                "Most outstanding among cluster leaders",
                                art(25),
                            ),
                        ),
                        _route(
                            "central",
                            "Dẫn đầu cụm, khối của Hội đồng Trung ương hoặc phong trào ≥ 5 năm",
                            "Central cluster or long-campaign leader",
                            _judge(
                                "CENTRAL_LEADER",
                                "Dẫn đầu cụm, khối do Hội đồng TĐKT Trung ương tổ chức, hoặc dẫn "
                                "đầu phong trào thi đua do Thủ tướng phát động từ 5 năm trở lên",
                                "Leads a Central Council cluster or a PM-launched campaign of "
                                "≥ 5 years",
                                art(25),
                            ),
                        ),
                    ),
                )
            },
            effective_from=start,
            effective_to=end,
            **money(collective="12"),
            **ballot("CO_CP"),
        )
    )

    # --- household and community titles (Decree 86/2023 frameworks, not modelled) -------
    for code, vi, en, subject in (
        ("GDVH", "Gia đình văn hóa", "Cultured Family", HOUSEHOLD),
        ("THONVH", "Thôn, tổ dân phố văn hóa", "Cultured Village/Residential Group", COLLECTIVE),
        ("XA_TB", "Xã, phường tiêu biểu", "Exemplary Commune/Ward", COLLECTIVE),
    ):
        frame = Basis(ND_86, confirmed=not old)
        add(
            AwardRule(
                code=code,
                kind="title",
                name_vi=vi,
                name_en=en,
                authority_vi="Chủ tịch UBND cấp xã (theo phân cấp của tỉnh) [chưa xác nhận]",
                authority_en="Commune chairman (as the province delegates) [unconfirmed]",
                summary_vi="Theo bộ tiêu chí của Nghị định 86/2023/NĐ-CP (chưa mô hình hóa)",
                summary_en="Per the Decree 86/2023 criteria framework (not modelled yet)",
                basis=frame,
                variants={
                    subject: Variant(
                        (),
                        (
                            _route(
                                "framework",
                                "Bộ tiêu chí",
                                "Criteria framework",
                                _judge(
                                    "CRITERIA_FRAMEWORK",
                                    "Đạt bộ tiêu chí theo Nghị định 86/2023/NĐ-CP (Hội đồng đánh "
                                    "giá theo biên bản chấm điểm)",
                                    "Meets the Decree 86/2023 framework (scored by the council)",
                                    frame,
                                ),
                            ),
                        ),
                    )
                },
                effective_from=start,
                effective_to=end,
            )
        )

    # --- commendations ---------------------------------------------------------------
    household_variant = Variant(
        (), (_route("achievement", "Thành tích", "Achievement", outstanding_achievement),)
    )
    add(
        AwardRule(
            code="GK",
            kind="commendation",
            name_vi="Giấy khen",
            name_en="Certificate of Merit",
            authority_vi=_HEAD_VI,
            authority_en=_HEAD_EN,
            summary_vi="Chấp hành tốt, hoàn thành tốt nhiệm vụ; có thành tích trong phong trào "
            "thi đua hoặc thành tích đột xuất",
            summary_en="Good compliance and task completion, plus a campaign or notable "
            "achievement",
            basis=art(75),
            variants={
                subject: Variant(
                    (not_frozen,),
                    (
                        _route(
                            "rating",
                            "Hoàn thành tốt nhiệm vụ và có thành tích",
                            "Rated HTT with an achievement",
                            rating("RATING_HTT", "HTT", 75),
                            Criterion(
                                "ACHIEVEMENT",
                                "judgement",
                                "Có thành tích được bình xét trong phong trào thi đua hoặc "
                                "thành tích đột xuất",
                                "An achievement in a campaign or an ad hoc achievement",
                                art(75),
                            ),
                        ),
                    ),
                )
                for subject in (INDIVIDUAL, COLLECTIVE)
            }
            | {HOUSEHOLD: household_variant},
            effective_from=start,
            effective_to=end,
            **money(collective="0.6"),
        )
    )
    add(
        AwardRule(
            code="BK_BT",
            kind="commendation",
            name_vi="Bằng khen cấp bộ, ban, ngành, tỉnh",
            name_en="Ministry/Province Certificate of Merit",
            authority_vi=_MIN_VI,
            authority_en=_MIN_EN,
            summary_vi="Cá nhân: thành tích xuất sắc, hoặc 2 lần liên tục CSTĐCS, hoặc 2 năm liên "
            "tục HTXS với 2 sáng kiến cấp cơ sở; tập thể: 2 năm liên tục HTXS hoặc TTLĐXS",
            summary_en="Individual: outstanding achievement, or 2 consecutive CSTDCS, or 2 "
            "consecutive HTXS years with 2 grassroots initiatives; collective: 2 consecutive "
            "years HTXS or TTLDXS",
            basis=art(74),
            variants={
                INDIVIDUAL: Variant(
                    (not_frozen, conduct),
                    (
                        _route(
                            "cstdcs",
                            "2 lần liên tục CSTĐCS",
                            "2 consecutive CSTDCS",
                            _c(
                                "CSTDCS_STREAK_2",
                                "streak",
                                "Có 2 lần liên tục đạt CSTĐCS, gồm năm xét",
                                "2 consecutive CSTDCS ending in the evaluated year",
                                art(74),
                                length=2,
                                titles=("CSTDCS",),
                                label="đạt CSTĐCS",
                                restart_after="BK_BT",
                                restart_setting="bk_bt_streak_restarts_after_award",
                            ),
                        ),
                        _route(
                            "htxs_initiatives",
                            "2 năm liên tục HTXS và 2 sáng kiến",
                            "2 consecutive HTXS years and 2 initiatives",
                            _c(
                                "HTXS_STREAK_2",
                                "streak",
                                "Có 2 năm liên tục hoàn thành xuất sắc nhiệm vụ, gồm năm xét",
                                "Rated HTXS 2 consecutive years ending in the evaluated year",
                                art(74),
                                length=2,
                                rating="HTXS",
                                label="hoàn thành xuất sắc nhiệm vụ",
                            ),
                            _c(
                                "INITIATIVES_CO_SO_2",
                                "initiatives",
                                "Có 2 sáng kiến được công nhận cấp cơ sở trở lên",
                                "2 initiatives recognised at grassroots level or above",
                                art(74),
                                level="co_so",
                                count=2,
                                window="bk_bt_initiative_window",
                                kinds=("initiative",),
                            ),
                        ),
                        _route(
                            "achievement",
                            "Thành tích xuất sắc",
                            "Outstanding achievement",
                            outstanding_achievement,
                        ),
                    ),
                ),
                COLLECTIVE: Variant(
                    (not_frozen,),
                    (
                        _route(
                            "htxs",
                            "2 năm liên tục HTXS hoặc TTLĐXS",
                            "2 consecutive years HTXS or TTLDXS",
                            _c(
                                "COLLECTIVE_HTXS_STREAK_2",
                                "streak",
                                "Có 2 năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc đạt TTLĐXS",
                                "2 consecutive years rated HTXS or holding TTLDXS",
                                art(74),
                                length=2,
                                rating="HTXS",
                                titles=("TTLDXS",),
                                label="hoàn thành xuất sắc nhiệm vụ hoặc đạt TTLĐXS",
                                miss="không được xếp loại hoàn thành xuất sắc nhiệm vụ, cũng "
                                "không đạt TTLĐXS",
                            ),
                            _judge(
                                "DEMOCRACY_THRIFT",
                                "Thực hiện tốt dân chủ ở cơ sở, thực hành tiết kiệm, "
                                "chống lãng phí",
                                "Practises grassroots democracy and thrift",
                                art(74),
                            ),
                        ),
                        _route(
                            "achievement",
                            "Thành tích xuất sắc",
                            "Outstanding achievement",
                            outstanding_achievement,
                        ),
                    ),
                ),
                HOUSEHOLD: household_variant,
            },
            effective_from=start,
            effective_to=end,
            **money(collective="3"),
        )
    )
    add(
        AwardRule(
            code="BK_TTG",
            kind="commendation",
            name_vi="Bằng khen của Thủ tướng Chính phủ",
            name_en="Prime Minister's Certificate of Merit",
            authority_vi=_PM_VI,
            authority_en=_PM_EN,
            summary_vi="Đã có Bằng khen cấp bộ, tỉnh; 5 năm liên tục hoàn thành tốt nhiệm vụ trở "
            "lên, trong đó có 3 lần CSTĐCS",
            summary_en="Holds BK_BT; ≥ 5 consecutive years rated HTT or better with 3 CSTDCS",
            basis=art(73),
            variants={
                INDIVIDUAL: Variant(
                    (not_frozen, conduct),
                    (
                        _route(
                            "bk_bt_5_years",
                            "Bằng khen cấp bộ, tỉnh và 5 năm liên tục",
                            "BK_BT and 5 consecutive years",
                            _c(
                                "BK_BT_HELD",
                                "held_before_period",
                                "Đã được tặng Bằng khen cấp bộ, ngành, tỉnh",
                                "Already holds BK_BT",
                                art(73),
                                title="BK_BT",
                                period=5,
                            ),
                            _c(
                                "RATING_HTT_STREAK_5",
                                "streak",
                                "5 năm liên tục hoàn thành tốt nhiệm vụ trở lên, gồm năm xét",
                                "Rated HTT or better 5 consecutive years ending in the "
                                "evaluated year",
                                art(73),
                                length=5,
                                rating="HTT",
                                label="hoàn thành tốt nhiệm vụ trở lên",
                            ),
                            _c(
                                "CSTDCS_COUNT_3",
                                "count_in_period",
                                "Trong 5 năm đó có 3 lần đạt CSTĐCS",
                                "3 CSTDCS within those 5 years",
                                art(73),
                                title="CSTDCS",
                                count=3,
                                period=5,
                            ),
                        ),
                    ),
                ),
                COLLECTIVE: Variant(
                    (not_frozen,),
                    (
                        _route(
                            "council",
                            "Hội đồng xét",
                            "Council review",
                            _judge(
                                "COUNCIL_REVIEW",
                                "Tiêu chuẩn Bằng khen Thủ tướng cho tập thể chưa được mô hình hóa; "
                                "Hội đồng xét theo hồ sơ",
                                "Collective criteria not modelled yet; the council reviews the "
                                "dossier",
                                art(73),
                            ),
                        ),
                    ),
                ),
            },
            effective_from=start,
            effective_to=end,
            **money(collective="7"),
        )
    )
    return awards


RULE_SETS: Final[tuple[RuleSet, ...]] = (
    RuleSet(
        code="2013-nd91",
        name_vi="Luật TĐKT 2003 (sửa đổi 2013) và Nghị định 91/2017/NĐ-CP",
        name_en="Law 2003 (amended 2013) and Decree 91/2017",
        instruments=(LAW_2013, ND_91),
        effective_from=None,
        effective_to=date(2023, 12, 31),
        awards=MappingProxyType(_build("2013")),
        notes_vi=(
            "CSTĐCS bắt buộc có sáng kiến; số CSTĐCS không quá 15% số LĐTT của đơn vị.",
            "Số điều của Luật cũ và các tiêu chuẩn ngoài CSTĐCS, TTLĐTT chưa được đối chiếu.",
        ),
    ),
    RuleSet(
        code="2022-nd98",
        name_vi="Luật TĐKT 2022 và Nghị định 98/2023/NĐ-CP",
        name_en="Law 2022 and Decree 98/2023",
        instruments=(LAW_2022, ND_98),
        effective_from=date(2024, 1, 1),
        effective_to=date(2025, 6, 30),
        awards=MappingProxyType(_build("nd98")),
    ),
    RuleSet(
        code="2022-nd152",
        name_vi="Luật TĐKT 2022 và Nghị định 152/2025/NĐ-CP",
        name_en="Law 2022 and Decree 152/2025",
        instruments=(LAW_2022, ND_152),
        effective_from=date(2025, 7, 1),
        effective_to=None,
        awards=MappingProxyType(_build("nd152")),
        notes_vi=("Ngưỡng phiếu bầu theo Nghị định 152 chưa xác nhận: lấy từ thiết lập.",),
    ),
)


def rule_set_for(day: date) -> RuleSet:
    """The rule set in force on ``day`` (the rule sets cover every date)."""
    for rule_set in RULE_SETS:
        if rule_set.covers(day):
            return rule_set
    raise LookupError(day)  # pragma: no cover - the rule sets leave no gap


def rule_set_for_year(year: int) -> RuleSet:
    """Year-end review: the rules in force on 31 December of ``year``."""
    return rule_set_for(date(year, 12, 31))


def award_codes() -> tuple[str, ...]:
    return tuple(RULE_SETS[-1].awards)
