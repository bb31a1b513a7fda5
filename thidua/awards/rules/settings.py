"""Per-jurisdiction settings: every figure LAW.md marks [unconfirmed] lives here, not in code.

A ministry or province overrides them (``Settings().override(...)`` or
``Settings.from_mapping({...})``, e.g. from a JSON file given to ``thidua eligibility
--settings``); defaults follow the working summary in LAW.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from .vocab import DISCIPLINE_LEVELS


def _thresholds() -> Mapping[str, Fraction]:
    # Decree 98/2023 art. 30(7) figures; Decree 152/2025 figures [unconfirmed].
    return MappingProxyType(
        {
            "CSTD_TQ": Fraction(9, 10),
            "CSTD_BT": Fraction(9, 10),
            "CSTDCS": Fraction(8, 10),
            "CO_BT": Fraction(8, 10),
            "CO_CP": Fraction(8, 10),
        }
    )


class SettingsError(ValueError):
    """A settings override names an unknown setting or has a value of the wrong type."""


@dataclass(frozen=True)
class Settings:
    # Share of members who must hold LDTT for TTLDTT (2022 law) [70 % vs > 50 %: unconfirmed].
    ttldtt_ldtt_ratio: Fraction = Fraction(7, 10)
    # Before 2024 (Law 2003/2013): "more than 50 %" [unconfirmed]; strict comparison.
    ttldtt_ldtt_ratio_pre2024: Fraction = Fraction(1, 2)
    ttldtt_ldtt_ratio_pre2024_strict: bool = True
    # Share of members who must hold LDTT for TTLDXS.
    ttldxs_ldtt_ratio: Fraction = Fraction(7, 10)
    # TTLDXS also excludes collectives with a member disciplined at canh_cao or above
    # [in LAW.md only for TTLDTT: unconfirmed for TTLDXS].
    ttldxs_requires_no_disciplined_member: bool = True
    # Ballot approval as a fraction of the WHOLE council, per award (Decree 152: unconfirmed).
    ballot_thresholds: Mapping[str, Fraction] = field(default_factory=_thresholds)
    # Base salary (lương cơ sở) in VND, from 1 Jul 2024.
    base_salary_vnd: int = 2_340_000
    # Cash for households is this multiple of the individual amount; rounding step (VND).
    household_cash_factor: Fraction = Fraction(3, 2)
    cash_rounding_vnd: int = 10_000
    # CSTD_TQ is considered this many years after the second consecutive CSTD_BT
    # (armed-forces wording; civil rule unconfirmed). 0 = the same year.
    cstd_tq_years_after_second_bt: int = 1
    # Windows (in years, ending with the evaluated year) in which an initiative may have been
    # recognised to serve a title [practice, unconfirmed].
    cstdcs_initiative_window: int = 1
    cstd_bt_initiative_window: int = 3
    cstd_tq_initiative_window: int = 7
    bk_bt_initiative_window: int = 2
    # After a BK_BT (individual, "2 consecutive CSTDCS" route), its CSTDCS years do not count
    # again for the next BK_BT [practice, unconfirmed].
    bk_bt_streak_restarts_after_award: bool = True
    # BK_TTG: the 5 years must follow the BK_BT (the BK_BT precedes the period) [unconfirmed].
    bk_ttg_period_after_bk_bt: bool = True
    # Discipline at or above this level anywhere in the evaluated year bars a title.
    title_bar_discipline_level: str = "khien_trach"
    # Member discipline at or above this level bars TTLDTT / TTLDXS (the figure the
    # ``members.disciplined`` count refers to).
    member_bar_discipline_level: str = "canh_cao"

    def override(self, **changes: Any) -> Settings:
        return Settings.from_mapping(changes, base=self)

    def ballot_threshold(self, award: str) -> Fraction | None:
        return self.ballot_thresholds.get(award)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, base: Settings | None = None) -> Settings:
        """Validated overrides from plain data (JSON); fractions may be "7/10", 0.7 or 70 %."""
        base = base or cls()
        known = {f.name: f for f in dataclasses.fields(cls)}
        changes: dict[str, Any] = {}
        for name, value in data.items():
            if name not in known:
                raise SettingsError(f"Không có thiết lập '{name}'.")
            current = getattr(base, name)
            try:
                changes[name] = _coerce(current, value, name)
            except (TypeError, ValueError, ZeroDivisionError) as exc:
                raise SettingsError(f"Giá trị không hợp lệ cho thiết lập '{name}': {exc}") from exc
        return dataclasses.replace(base, **changes)


def _coerce(current: Any, value: Any, name: str) -> Any:
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise TypeError("cần true hoặc false")
        return value
    if isinstance(current, Fraction):
        return _fraction(value, bounded=name != "household_cash_factor")
    if isinstance(current, int):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise TypeError("cần số nguyên không âm")
        return value
    if isinstance(current, str):
        if name.endswith("_discipline_level") and value not in DISCIPLINE_LEVELS:
            raise ValueError(f"cần một trong: {', '.join(DISCIPLINE_LEVELS)}")
        if not isinstance(value, str):
            raise TypeError("cần chuỗi ký tự")
        return value
    if isinstance(current, Mapping):
        if not isinstance(value, Mapping):
            raise TypeError("cần một bảng {mã: tỉ lệ}")
        merged = dict(current)
        merged.update({str(k): _fraction(v) for k, v in value.items()})
        return MappingProxyType(merged)
    raise TypeError(f"không đổi được thiết lập {name}")  # pragma: no cover


def _fraction(value: Any, *, bounded: bool = True) -> Fraction:
    if isinstance(value, bool):
        raise TypeError("cần một tỉ lệ")
    if isinstance(value, str) and value.strip().endswith("%"):
        result = Fraction(value.strip()[:-1].strip()) / 100
    elif isinstance(value, int | float | str):
        result = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    else:
        raise TypeError("cần một tỉ lệ")
    if result < 0 or (bounded and result > 1):
        raise ValueError("tỉ lệ phải trong khoảng 0–1")
    return result
