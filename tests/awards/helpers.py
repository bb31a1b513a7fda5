"""Small builders for facts and lookups in verdicts (no database needed)."""

from __future__ import annotations

from typing import Any

from thidua.awards.rules import Settings, evaluate_data


def facts(
    award: str, year: Any = 2025, subject: str = "individual", **extra: Any
) -> dict[str, Any]:
    return {"subject": subject, "award": award, "year": year, **extra}


def titles(years: range | list[int], *codes: str) -> dict[str, list[str]]:
    return {str(y): list(codes) for y in years}


def ratings(years: range | list[int], rating: str) -> dict[str, str]:
    return {str(y): rating for y in years}


def verdict(data: dict[str, Any], settings: Settings | None = None) -> dict[str, Any]:
    return evaluate_data(data, settings)


def reason(v: dict[str, Any], code: str, route: str | None = "*") -> dict[str, Any]:
    found = [r for r in v["reasons"] if r["code"] == code and (route == "*" or r["route"] == route)]
    assert found, f"no reason {code} in {[r['code'] for r in v['reasons']]}"
    return found[0]


def fighter(
    years: range | list[int],
    *,
    initiative: str | None = "bo_tinh",
    year: int = 2025,
    award: str = "CSTD_BT",
    **extra: Any,
) -> dict[str, Any]:
    """An individual with LDTT + CSTDCS and HTXS in ``years``, and one unused initiative."""
    data = facts(
        award,
        year,
        ratings=ratings(years, "HTXS"),
        titles=titles(years, "LDTT", "CSTDCS"),
        initiatives=[{"year": year, "level": initiative, "kind": "initiative"}]
        if initiative
        else [],
    )
    data.update(extra)
    return data


def collective(
    award: str, *, rating: str = "HTXS", year: int = 2025, **members: int
) -> dict[str, Any]:
    figures = {"total": 20, "completed": 20, "LDTT": 14, "CSTDCS": 1, "disciplined": 0}
    figures.update(members)
    return facts(award, year, "collective", ratings={str(year): rating}, members=figures)
