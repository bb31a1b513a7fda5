"""Facts about one subject, parsed and validated from plain JSON data.

Unknown keys are ignored; every problem is reported with its path (``ratings.2023``,
``initiatives[0].level``) in a Vietnamese sentence. Pure Python (no Django).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .catalog import RULE_SETS
from .vocab import (
    DISCIPLINE_LEVELS,
    INITIATIVE_KINDS,
    INITIATIVE_LEVELS,
    RATINGS,
    SUBJECT_VI,
    SUBJECTS,
)

MIN_YEAR = 1945
MAX_YEAR = 2100
MEMBER_FIELDS = ("total", "completed", "LDTT", "CSTDCS", "disciplined")


@dataclass(frozen=True)
class Problem:
    path: str
    message: str  # Vietnamese

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class FactsError(ValueError):
    """Malformed facts: one or more problems, each with the path of the offending field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))

    def as_list(self) -> list[dict[str, str]]:
        return [{"path": p.path, "message": p.message} for p in self.problems]


@dataclass(frozen=True)
class Initiative:
    year: int
    level: str
    kind: str = "initiative"
    used: bool = False
    ref: str = ""  # an id or title, only to name it in messages
    index: int = 0  # position in the input list


@dataclass(frozen=True)
class Discipline:
    level: str
    start: date
    end: date | None = None  # None: still running

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)

    def covers(self, day: date) -> bool:
        return self.overlaps(day, day)


@dataclass(frozen=True)
class Members:
    total: int
    completed: int
    LDTT: int
    CSTDCS: int
    disciplined: int  # members disciplined at the member-bar level (canh_cao) or above


@dataclass(frozen=True)
class Facts:
    subject: str
    award: str
    year: int
    ratings: Mapping[int, str] = field(default_factory=dict)
    titles: Mapping[int, frozenset[str]] = field(default_factory=dict)
    initiatives: tuple[Initiative, ...] = ()
    discipline: tuple[Discipline, ...] = ()
    members: Members | None = None
    cluster_rank: int | None = None
    under_review: bool = False  # investigation, inspection or unresolved complaint
    as_of: date | None = None  # date of the review; default 31 Dec of ``year``
    ref: str = ""  # caller's identifier for the subject, echoed in bulk results

    @property
    def review_date(self) -> date:
        return self.as_of or date(self.year, 12, 31)

    def has_title(self, year: int, *codes: str) -> bool:
        held = self.titles.get(year)
        if not held:
            return False
        return any(code in held for code in codes)


class _Parser:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def year(self, value: Any, path: str) -> int | None:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"năm phải là số nguyên, nhận được {value!r}")
            return None
        if not MIN_YEAR <= value <= MAX_YEAR:
            self.fail(path, f"năm {value} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")
            return None
        return value

    def day(self, value: Any, path: str) -> date | None:
        if not isinstance(value, str):
            self.fail(path, f"ngày phải có dạng YYYY-MM-DD, nhận được {value!r}")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(path, f"ngày '{value}' không hợp lệ (dạng YYYY-MM-DD)")
            return None

    def count(self, value: Any, path: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(path, f"phải là số nguyên không âm, nhận được {value!r}")
            return None
        return value

    def choice(self, value: Any, allowed: tuple[str, ...], path: str, what: str) -> str | None:
        if value not in allowed:
            self.fail(path, f"{what} '{value}' không hợp lệ; chỉ nhận: {', '.join(allowed)}")
            return None
        return str(value)

    def mapping(self, value: Any, path: str) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(path, "phải là một đối tượng JSON {năm: ...}")
            return {}
        return value

    def items(self, value: Any, path: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, "phải là một danh sách JSON [...]")
            return []
        return value


def known_award_codes() -> frozenset[str]:
    return frozenset(code for rule_set in RULE_SETS for code in rule_set.awards)


def parse_facts(data: Any) -> Facts:
    """Validate plain JSON data into :class:`Facts`, or raise :class:`FactsError`."""
    p = _Parser()
    if not isinstance(data, Mapping):
        raise FactsError([Problem("", "dữ liệu phải là một đối tượng JSON {...}")])
    codes = known_award_codes()

    subject = None
    if "subject" not in data:
        p.fail("subject", "thiếu trường bắt buộc (individual, collective hoặc household)")
    else:
        subject = p.choice(data["subject"], SUBJECTS, "subject", "đối tượng")
    award = None
    if "award" not in data:
        p.fail("award", "thiếu mã danh hiệu, hình thức khen thưởng")
    elif data["award"] not in codes:
        p.fail(
            "award",
            f"mã '{data['award']}' không có trong danh mục; các mã hợp lệ: "
            f"{', '.join(sorted(codes))}",
        )
    else:
        award = str(data["award"])
    year = None
    if "year" not in data:
        p.fail("year", "thiếu năm xét")
    else:
        year = p.year(data["year"], "year")

    ratings: dict[int, str] = {}
    for key, value in p.mapping(data.get("ratings"), "ratings").items():
        y = p.year(key, f"ratings.{key}")
        r = p.choice(value, RATINGS, f"ratings.{key}", "xếp loại")
        if y is not None and r is not None:
            ratings[y] = r

    titles: dict[int, frozenset[str]] = {}
    for key, value in p.mapping(data.get("titles"), "titles").items():
        y = p.year(key, f"titles.{key}")
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            p.fail(f"titles.{key}", 'phải là danh sách mã danh hiệu, ví dụ ["LDTT"]')
            continue
        held = set()
        for i, code in enumerate(value):
            if code not in codes:
                p.fail(f"titles.{key}[{i}]", f"mã danh hiệu '{code}' không có trong danh mục")
            else:
                held.add(str(code))
        if y is not None:
            titles[y] = frozenset(held)

    initiatives: list[Initiative] = []
    for i, item in enumerate(p.items(data.get("initiatives"), "initiatives")):
        path = f"initiatives[{i}]"
        if not isinstance(item, Mapping):
            p.fail(path, "phải là đối tượng {year, level, kind, used}")
            continue
        iy = p.year(item.get("year"), f"{path}.year") if "year" in item else None
        if "year" not in item:
            p.fail(f"{path}.year", "thiếu năm công nhận")
        level = p.choice(item.get("level"), INITIATIVE_LEVELS, f"{path}.level", "cấp công nhận")
        kind = p.choice(item.get("kind", "initiative"), INITIATIVE_KINDS, f"{path}.kind", "loại")
        used = item.get("used", False)
        if not isinstance(used, bool):
            p.fail(f"{path}.used", "phải là true hoặc false")
            continue
        ref = item.get("id", item.get("title", ""))
        if iy is not None and level is not None and kind is not None:
            initiatives.append(Initiative(iy, level, kind, used, str(ref or ""), i))

    discipline: list[Discipline] = []
    for i, item in enumerate(p.items(data.get("discipline"), "discipline")):
        path = f"discipline[{i}]"
        if not isinstance(item, Mapping):
            p.fail(path, "phải là đối tượng {level, from, to}")
            continue
        level = p.choice(item.get("level"), DISCIPLINE_LEVELS, f"{path}.level", "hình thức kỷ luật")
        if "from" not in item:
            p.fail(f"{path}.from", "thiếu ngày bắt đầu thi hành kỷ luật")
            start = None
        else:
            start = p.day(item["from"], f"{path}.from")
        end = p.day(item["to"], f"{path}.to") if item.get("to") is not None else None
        if start and end and end < start:
            p.fail(f"{path}.to", f"ngày kết thúc {end} trước ngày bắt đầu {start}")
            continue
        if level is not None and start is not None:
            discipline.append(Discipline(level, start, end))

    members = None
    if data.get("members") is not None:
        raw = data["members"]
        if not isinstance(raw, Mapping):
            p.fail("members", "phải là đối tượng {total, completed, LDTT, CSTDCS, disciplined}")
        else:
            values: dict[str, int] = {}
            for name in MEMBER_FIELDS:
                if name == "total" and name not in raw:
                    p.fail("members.total", "thiếu tổng số thành viên")
                    continue
                v = p.count(raw.get(name, 0), f"members.{name}")
                if v is not None:
                    values[name] = v
            total = values.get("total")
            if total is not None:
                if total == 0:
                    p.fail("members.total", "tập thể phải có ít nhất 1 thành viên")
                for name in MEMBER_FIELDS[1:]:
                    if values.get(name, 0) > total:
                        p.fail(f"members.{name}", f"{values[name]} lớn hơn tổng số {total}")
            if len(values) == len(MEMBER_FIELDS) and not p.problems:
                members = Members(**values)

    cluster_rank = None
    if data.get("cluster_rank") is not None:
        v = p.count(data["cluster_rank"], "cluster_rank")
        if v == 0:
            p.fail("cluster_rank", "thứ hạng bắt đầu từ 1")
        cluster_rank = v
    under_review = data.get("under_review", False)
    if not isinstance(under_review, bool):
        p.fail("under_review", "phải là true hoặc false")
    as_of = p.day(data["as_of"], "as_of") if data.get("as_of") is not None else None
    ref = data.get("ref", data.get("id", ""))

    if subject is not None and award is not None:
        allowed = {s for rs in RULE_SETS if award in rs.awards for s in rs.awards[award].subjects}
        if subject not in allowed:
            p.fail(
                "subject",
                f"'{award}' không xét cho {SUBJECT_VI[subject]}; chỉ xét cho: "
                f"{', '.join(SUBJECT_VI[s] for s in sorted(allowed))}",
            )
    if p.problems:
        raise FactsError(p.problems)
    assert subject is not None and award is not None and year is not None
    return Facts(
        subject=subject,
        award=award,
        year=year,
        ratings=ratings,
        titles=titles,
        initiatives=tuple(initiatives),
        discipline=tuple(discipline),
        members=members,
        cluster_rank=cluster_rank,
        under_review=bool(under_review),
        as_of=as_of,
        ref=str(ref or ""),
    )
