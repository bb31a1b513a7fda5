"""The explainable rules engine: facts in, verdict with reasons out (see docs/rules.md).

A verdict is eligible iff, in the rule set in force for the evaluated year, every record-based
criterion (the variant's common ones and those of one route) is met, for a route that has at
least one record-based criterion of its own. Judgement criteria (conduct, unity,
"outstanding") are listed with ``met = None`` for the council and never decide on their own;
record criteria whose data is missing are also ``None`` and so never count as met.

Pure Python: nothing under ``thidua.awards.rules`` may import Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Any

from .catalog import AwardRule, Criterion, Route, RuleSet, rule_set_for
from .facts import Facts, FactsError, Initiative, Problem, parse_facts
from .settings import Settings
from .vocab import (
    DISCIPLINE_RANK,
    DISCIPLINE_VI,
    INITIATIVE_KIND_VI,
    INITIATIVE_LEVEL_VI,
    INITIATIVE_RANK,
    RATING_RANK,
    RATING_VI,
    SHORT_VI,
    SUBJECT_VI,
    years_vi,
)


@dataclass(frozen=True)
class Reason:
    code: str
    met: bool | None
    message: str  # Vietnamese, to be read aloud
    message_en: str
    basis: str
    route: str | None  # None: applies to every route
    judgement: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "met": self.met,
            "message": self.message,
            "message_en": self.message_en,
            "basis": self.basis,
            "route": self.route,
            "kind": "judgement" if self.judgement else "record",
        }


@dataclass(frozen=True)
class Verdict:
    award: str
    year: int
    subject: str
    eligible: bool
    route: str | None
    rule_set: str
    reasons: tuple[Reason, ...]
    uses: tuple[Initiative, ...]  # initiatives the succeeding route would consume
    summary: str
    ref: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "award": self.award,
            "year": self.year,
            "subject": self.subject,
            "eligible": self.eligible,
            "route": self.route,
            "rule_set": self.rule_set,
            "summary": self.summary,
            "reasons": [r.to_dict() for r in self.reasons],
            "uses": [
                {"index": i.index, "year": i.year, "level": i.level, "kind": i.kind, "id": i.ref}
                for i in self.uses
            ],
        }
        if self.ref:
            data["ref"] = self.ref
        return data


@dataclass(frozen=True)
class Outcome:
    met: bool | None
    vi: str
    en: str
    uses: tuple[Initiative, ...] = ()


@dataclass(frozen=True)
class _Ctx:
    facts: Facts
    settings: Settings
    rule: AwardRule

    @property
    def year(self) -> int:
        return self.facts.year

    def disciplined_in(self, year: int, level: str | None = None) -> list[Any]:
        if not self.facts.discipline:  # the common case: nothing to look at
            return []
        floor = DISCIPLINE_RANK[level or self.settings.title_bar_discipline_level]
        first, last = date(year, 1, 1), date(year, 12, 31)
        return [
            d
            for d in self.facts.discipline
            if DISCIPLINE_RANK[d.level] >= floor and d.overlaps(first, last)
        ]


@lru_cache(maxsize=1024)
def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "nay"


def _pct(value: Fraction) -> str:
    rounded = round(float(value) * 100, 1)
    text = f"{rounded:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def _span(first: int, last: int) -> str:
    return f"năm {last}" if first == last else f"các năm {first}–{last}"


def _describe(i: Initiative) -> str:
    name = f"“{i.ref}”" if i.ref else f"số {i.index + 1}"
    return f"{INITIATIVE_KIND_VI[i.kind]} {name} (năm {i.year}, {INITIATIVE_LEVEL_VI[i.level]})"


# --- checks ------------------------------------------------------------------------------


def _no_discipline_in_year(ctx: _Ctx, c: Criterion) -> Outcome:
    hits = ctx.disciplined_in(ctx.year)
    if not hits:
        return Outcome(
            True,
            f"Không bị kỷ luật trong năm {ctx.year}.",
            f"Not disciplined in {ctx.year}.",
        )
    d = hits[0]
    return Outcome(
        False,
        f"Bị kỷ luật {DISCIPLINE_VI[d.level]} (từ {_d(d.start)} đến {_d(d.end)}) trong năm "
        f"{ctx.year}, nên không được xét danh hiệu năm {ctx.year}.",
        f"Disciplined ({d.level}) during {ctx.year}: no title for that year.",
    )


def _not_frozen(ctx: _Ctx, c: Criterion) -> Outcome:
    day = ctx.facts.review_date
    active = [d for d in ctx.facts.discipline if d.covers(day)]
    if active:
        d = active[0]
        return Outcome(
            False,
            f"Đang trong thời gian thi hành kỷ luật {DISCIPLINE_VI[d.level]} (từ {_d(d.start)} "
            f"đến {_d(d.end)}) vào ngày xét {_d(day)}: chưa xét khen thưởng cho đến khi hết thời "
            "hạn kỷ luật.",
            f"Under discipline ({d.level}) on {day}: awards frozen until it ends.",
        )
    if ctx.facts.under_review:
        return Outcome(
            False,
            "Đang bị xem xét kỷ luật, điều tra, thanh tra hoặc có khiếu nại, tố cáo chưa giải "
            "quyết: chưa xét khen thưởng.",
            "Under investigation, inspection or an unresolved complaint: awards frozen.",
        )
    return Outcome(
        True,
        f"Không đang thi hành kỷ luật hay bị xem xét vào ngày xét {_d(day)}.",
        f"Not under discipline or review on {day}.",
    )


def _rating_at_least(ctx: _Ctx, c: Criterion) -> Outcome:
    minimum = c.params["minimum"]
    got = ctx.facts.ratings.get(ctx.year)
    want = RATING_VI[minimum] + (" trở lên" if minimum != "HTXS" else "")
    if got is None:
        return Outcome(
            None,
            f"Chưa có kết quả xếp loại năm {ctx.year} (cần {want}).",
            f"No rating recorded for {ctx.year} (needs {minimum}).",
        )
    if RATING_RANK[got] >= RATING_RANK[minimum]:
        return Outcome(
            True,
            f"Năm {ctx.year} được xếp loại {RATING_VI[got]}.",
            f"Rated {got} in {ctx.year}.",
        )
    return Outcome(
        False,
        f"Năm {ctx.year} chỉ được xếp loại {RATING_VI[got]}, chưa đạt mức {want}.",
        f"Rated {got} in {ctx.year}; needs {minimum} or better.",
    )


def _holds_title(ctx: _Ctx, c: Criterion) -> Outcome:
    codes: tuple[str, ...] = c.params["titles"]
    names = " hoặc ".join(SHORT_VI[t] for t in codes)
    held = [t for t in codes if ctx.facts.has_title(ctx.year, t)]
    if held:
        return Outcome(
            True,
            f"Năm {ctx.year} đã đạt {SHORT_VI[held[0]]}.",
            f"Holds {held[0]} in {ctx.year}.",
        )
    return Outcome(
        False,
        f"Năm {ctx.year} chưa đạt {names}.",
        f"Does not hold {' or '.join(codes)} in {ctx.year}.",
    )


def _streak(ctx: _Ctx, c: Criterion) -> Outcome:
    length: int = c.params["length"]
    titles: tuple[str, ...] = c.params.get("titles", ())
    rating: str | None = c.params.get("rating")
    label: str = c.params["label"]
    miss: str = c.params.get("miss", f"chưa {label}")
    facts, year = ctx.facts, ctx.year

    def raw(y: int) -> bool:
        if titles and facts.has_title(y, *titles):
            return True
        got = facts.ratings.get(y)
        return rating is not None and got is not None and RATING_RANK[got] >= RATING_RANK[rating]

    def counts(y: int) -> bool:
        return raw(y) and not ctx.disciplined_in(y)

    floor = 0
    restart = c.params.get("restart_after")
    setting = c.params.get("restart_setting")
    if restart and (setting is None or getattr(ctx.settings, setting)):
        earlier = [y for y, held in facts.titles.items() if y < year and restart in held]
        floor = max(earlier, default=0)
    run: list[int] = []
    y = year
    while len(run) < length and y > floor and counts(y):
        run.append(y)
        y -= 1
    if len(run) == length:
        return Outcome(
            True,
            f"Đủ {length} năm liên tục {label}: {years_vi(run)}.",
            f"{length} consecutive years: {years_vi(run)}.",
        )
    head = f"Chưa đủ {length} năm liên tục {label}"
    if not run:
        earlier_ok = [y2 for y2 in range(year - length + 1, year) if counts(y2)]
        why = f"năm {year} {miss}"
        if raw(year) and ctx.disciplined_in(year):
            why = f"năm {year} bị kỷ luật nên không được tính"
        elif raw(year) and year <= floor:  # pragma: no cover - floor < year by construction
            why = f"năm {year} đã được tính cho lần khen trước"
        extra = f" (các năm đã đạt: {years_vi(earlier_ok)})" if earlier_ok else ""
        return Outcome(
            False,
            f"{head}: {why}{extra}.",
            f"Fewer than {length} consecutive years: {year} does not count.",
        )
    gap = year - len(run)
    if gap <= floor and floor:
        why = f"các năm đến {floor} đã được tính cho {SHORT_VI[restart or '']} năm {floor}"
    elif raw(gap) and ctx.disciplined_in(gap):
        why = f"năm {gap} bị kỷ luật nên không được tính"
    else:
        why = f"năm {gap} {miss}"
    return Outcome(
        False,
        f"{head}: chỉ có {years_vi(run)}; {why}.",
        f"Fewer than {length} consecutive years: only {years_vi(run)}; {gap} breaks the run.",
    )


_LEVEL_NEED = {
    "co_so": "từ cấp cơ sở trở lên",
    "bo_tinh": "từ cấp bộ, ban, ngành, tỉnh trở lên",
    "toan_quoc": "có phạm vi toàn quốc",
}


def _initiatives(ctx: _Ctx, c: Criterion) -> Outcome:
    level: str = c.params["level"]
    count: int = c.params["count"]
    kinds: tuple[str, ...] = c.params.get("kinds", ("initiative", "project"))
    window = max(1, int(getattr(ctx.settings, c.params["window"])))
    first, last = ctx.year - window + 1, ctx.year
    need_rank = INITIATIVE_RANK[level]
    what = "sáng kiến" if kinds == ("initiative",) else "sáng kiến hoặc đề tài khoa học"
    pool = sorted(
        (
            i
            for i in ctx.facts.initiatives
            if i.kind in kinds
            and not i.used
            and INITIATIVE_RANK[i.level] >= need_rank
            and first <= i.year <= last
        ),
        # Use the lowest adequate level first (keep higher ones for higher awards), then the
        # oldest.
        key=lambda i: (INITIATIVE_RANK[i.level], i.year, i.index),
    )
    if len(pool) >= count:
        picked = tuple(pool[:count])
        listed = "; ".join(_describe(i) for i in picked)
        return Outcome(
            True,
            f"Có thể dùng {listed}. Mỗi sáng kiến chỉ được dùng một lần.",
            f"Would use initiative(s) #{', #'.join(str(i.index + 1) for i in picked)}.",
            picked,
        )
    notes = []
    for i in ctx.facts.initiatives:
        if i.kind not in kinds:
            continue
        if i.used and INITIATIVE_RANK[i.level] >= need_rank and first <= i.year <= last:
            notes.append(f"{_describe(i)} đã được dùng cho lần khen khác")
        elif INITIATIVE_RANK[i.level] < need_rank and first <= i.year <= last:
            notes.append(f"{_describe(i)} chưa đủ cấp")
        elif INITIATIVE_RANK[i.level] >= need_rank and not first <= i.year <= last:
            notes.append(f"{_describe(i)} ngoài thời gian xét")
    amount = f"{count} {what}" if count > 1 else what
    if pool:
        amount += f" (mới có {len(pool)})"
    tail = f": {'; '.join(notes)}" if notes else ""
    return Outcome(
        False,
        f"Chưa có {amount} chưa sử dụng, được công nhận {_LEVEL_NEED[level]} trong "
        f"{_span(first, last)}{tail}.",
        f"Needs {count} unused initiative(s) at {level} level or above in {first}–{last}.",
    )


def _cstd_bt_cycles(ctx: _Ctx, c: Criterion) -> Outcome:
    offset = ctx.settings.cstd_tq_years_after_second_bt
    second = ctx.year - offset
    first = second - 3
    held = sorted(
        y for y, titles in ctx.facts.titles.items() if "CSTD_BT" in titles and y <= ctx.year
    )
    name = SHORT_VI["CSTD_BT"]
    if first in held and second in held:
        return Outcome(
            True,
            f"Đạt {name} 2 lần liên tục: {first} và {second}.",
            f"Two consecutive CSTD_BT: {first} and {second}.",
        )
    if not held:
        return Outcome(False, f"Chưa đạt {name} lần nào.", "No CSTD_BT held.")
    pairs = [y for y in held if y - 3 in held]
    if pairs and pairs[-1] != second:
        b = pairs[-1]
        return Outcome(
            False,
            f"Hai lần liên tục {name} ({b - 3} và {b}) được xét CSTĐ toàn quốc vào năm "
            f"{b + offset}, không phải năm {ctx.year}.",
            f"CSTD_BT {b - 3} and {b}: CSTD_TQ is considered in {b + offset}, not {ctx.year}.",
        )
    return Outcome(
        False,
        f"Chưa có 2 lần liên tục {name} (năm {first} và năm {second}): chỉ có {years_vi(held)}.",
        f"Needs CSTD_BT in {first} and {second}; holds it in {years_vi(held)}.",
    )


def _held_before_period(ctx: _Ctx, c: Criterion) -> Outcome:
    title: str = c.params["title"]
    period: int = c.params["period"]
    start = ctx.year - period + 1
    limit = start - 1 if ctx.settings.bk_ttg_period_after_bk_bt else ctx.year
    held = sorted(y for y, titles in ctx.facts.titles.items() if title in titles)
    ok = [y for y in held if y <= limit]
    name = SHORT_VI[title]
    if ok:
        return Outcome(
            True,
            f"Đã được tặng {name} năm {ok[-1]}.",
            f"Holds {title} since {ok[-1]}.",
        )
    if not held:
        return Outcome(False, f"Chưa được tặng {name}.", f"Never awarded {title}.")
    return Outcome(
        False,
        f"{name} năm {years_vi(held)} nằm trong {period} năm xét; cần được tặng từ năm "
        f"{limit} trở về trước.",
        f"{title} of {years_vi(held)} falls inside the {period}-year period; needs one by {limit}.",
    )


def _count_in_period(ctx: _Ctx, c: Criterion) -> Outcome:
    title: str = c.params["title"]
    count: int = c.params["count"]
    period: int = c.params["period"]
    first, last = ctx.year - period + 1, ctx.year
    years = [
        y
        for y in range(first, last + 1)
        if ctx.facts.has_title(y, title) and not ctx.disciplined_in(y)
    ]
    name = SHORT_VI[title]
    if len(years) >= count:
        return Outcome(
            True,
            f"Có {len(years)} lần đạt {name} trong {_span(first, last)}: {years_vi(years)}.",
            f"{len(years)} × {title} in {first}–{last}.",
        )
    found = f": {years_vi(years)}" if years else ""
    return Outcome(
        False,
        f"Chỉ có {len(years)} lần đạt {name} trong {_span(first, last)} (cần {count}){found}.",
        f"Only {len(years)} × {title} in {first}–{last} (needs {count}).",
    )


_NO_MEMBERS = Outcome(
    None,
    "Chưa có số liệu thành viên của tập thể (tổng số, số hoàn thành nhiệm vụ, số LĐTT...).",
    "No member figures given.",
)


def _members_ratio(ctx: _Ctx, c: Criterion) -> Outcome:
    m = ctx.facts.members
    if m is None:
        return _NO_MEMBERS
    field: str = c.params["field"]
    have: int = getattr(m, field)
    share = Fraction(have, m.total)
    threshold = Fraction(getattr(ctx.settings, c.params["ratio"]))
    strict = bool(c.params.get("strict") and getattr(ctx.settings, c.params["strict"]))
    met = share > threshold if strict else share >= threshold
    floor = _pct(threshold)
    name = SHORT_VI[field]
    if met:
        want = f"vượt mức {floor}" if strict else f"đạt mức tối thiểu {floor}"
        return Outcome(
            True,
            f"{have}/{m.total} thành viên ({_pct(share)}) đạt {name}, {want}.",
            f"{have}/{m.total} members hold {field}.",
        )
    want = f"chưa vượt mức {floor}" if strict else f"chưa đạt mức tối thiểu {floor}"
    return Outcome(
        False,
        f"Chỉ có {have}/{m.total} thành viên ({_pct(share)}) đạt {name}, {want}.",
        f"Only {have}/{m.total} members hold {field}.",
    )


def _members_all_completed(ctx: _Ctx, c: Criterion) -> Outcome:
    m = ctx.facts.members
    if m is None:
        return _NO_MEMBERS
    if m.completed == m.total:
        return Outcome(
            True,
            f"{m.completed}/{m.total} thành viên hoàn thành nhiệm vụ.",
            "Every member completed their tasks.",
        )
    return Outcome(
        False,
        f"Chỉ có {m.completed}/{m.total} thành viên hoàn thành nhiệm vụ; cần 100%.",
        f"Only {m.completed}/{m.total} members completed their tasks.",
    )


def _members_at_least(ctx: _Ctx, c: Criterion) -> Outcome:
    m = ctx.facts.members
    if m is None:
        return _NO_MEMBERS
    field: str = c.params["field"]
    count: int = c.params["count"]
    have: int = getattr(m, field)
    if have >= count:
        return Outcome(
            True,
            f"Có {have} thành viên đạt {SHORT_VI[field]}.",
            f"{have} members hold {field}.",
        )
    return Outcome(
        False,
        f"Chưa có thành viên nào đạt {SHORT_VI[field]}."
        if have == 0
        else f"Chỉ có {have} thành viên đạt {SHORT_VI[field]} (cần {count}).",
        f"{have} members hold {field}; needs {count}.",
    )


def _members_no_discipline(ctx: _Ctx, c: Criterion) -> Outcome | None:
    enabled = c.params.get("enabled")
    if enabled and not getattr(ctx.settings, enabled):
        return None
    m = ctx.facts.members
    if m is None:
        return _NO_MEMBERS
    level = DISCIPLINE_VI[ctx.settings.member_bar_discipline_level]
    if m.disciplined == 0:
        return Outcome(
            True,
            f"Không có thành viên bị kỷ luật từ {level} trở lên.",
            "No member disciplined.",
        )
    return Outcome(
        False,
        f"Có {m.disciplined} thành viên bị kỷ luật từ {level} trở lên.",
        f"{m.disciplined} member(s) disciplined.",
    )


def _cluster_leader(ctx: _Ctx, c: Criterion) -> Outcome:
    rank = ctx.facts.cluster_rank
    if rank is None:
        return Outcome(
            None,
            "Chưa có kết quả xếp hạng trong cụm, khối thi đua.",
            "No cluster ranking given.",
        )
    if rank == 1:
        return Outcome(True, "Dẫn đầu cụm, khối thi đua (xếp thứ 1).", "Ranked first.")
    return Outcome(
        False,
        f"Xếp thứ {rank} trong cụm, khối thi đua, không phải đơn vị dẫn đầu.",
        f"Ranked {rank}, not first.",
    )


def _judgement(ctx: _Ctx, c: Criterion) -> Outcome:
    # The same for every subject: built once per criterion (the catalog lives for the process).
    outcome = _JUDGEMENTS.get(id(c))
    if outcome is None or outcome[0] is not c:
        outcome = _JUDGEMENTS[id(c)] = (
            c,
            Outcome(None, f"Hội đồng đánh giá: {c.text_vi}.", f"For the council: {c.text_en}."),
        )
    return outcome[1]


_JUDGEMENTS: dict[int, tuple[Criterion, Outcome]] = {}


CHECKS: dict[str, Callable[[_Ctx, Criterion], Outcome | None]] = {
    "no_discipline_in_year": _no_discipline_in_year,
    "not_frozen": _not_frozen,
    "rating_at_least": _rating_at_least,
    "holds_title": _holds_title,
    "streak": _streak,
    "initiatives": _initiatives,
    "cstd_bt_cycles": _cstd_bt_cycles,
    "held_before_period": _held_before_period,
    "count_in_period": _count_in_period,
    "members_ratio": _members_ratio,
    "members_all_completed": _members_all_completed,
    "members_at_least": _members_at_least,
    "members_no_discipline": _members_no_discipline,
    "cluster_leader": _cluster_leader,
    "judgement": _judgement,
}


# --- evaluation --------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _basis_text(basis: Any) -> str:
    return str(basis)


def _run(
    ctx: _Ctx, criteria: Iterable[Criterion], route: Route | None
) -> list[tuple[Reason, Outcome]]:
    out = []
    route_code = route.code if route else None
    for c in criteria:
        outcome = CHECKS[c.check](ctx, c)
        if outcome is None:
            continue
        reason = Reason(
            code=c.code,
            met=outcome.met,
            message=outcome.vi,
            message_en=outcome.en,
            basis=_basis_text(c.basis),
            route=route_code,
            judgement=c.check == "judgement",
        )
        out.append((reason, outcome))
    return out


def _all_met(results: list[tuple[Reason, Outcome]]) -> bool:
    return all(r.met is True for r, _ in results if not r.judgement)


# The rule sets are immutable data: the lookup by review date is cached (a bulk run asks for
# the same date once per subject and award).
_rule_set_for = lru_cache(maxsize=512)(rule_set_for)


def evaluate(facts: Facts, settings: Settings | None = None) -> Verdict:
    """The verdict for one subject, under the rules in force at ``facts.review_date``."""
    settings = settings or Settings()
    rule_set: RuleSet = _rule_set_for(facts.review_date)
    rule = rule_set.awards.get(facts.award)
    if rule is None:
        raise FactsError([Problem("award", f"'{facts.award}' không có trong {rule_set.name_vi}")])
    variant = rule.variants.get(facts.subject)
    if variant is None:
        raise FactsError(
            [Problem("subject", f"'{facts.award}' không xét cho {SUBJECT_VI[facts.subject]}")]
        )
    ctx = _Ctx(facts, settings, rule)
    common = _run(ctx, variant.common, None)
    reasons = [r for r, _ in common]
    chosen: Route | None = None
    uses: tuple[Initiative, ...] = ()
    common_met = _all_met(common)
    for route in variant.routes:
        results = _run(ctx, route.criteria, route)
        reasons.extend(r for r, _ in results)
        record_based = any(not r.judgement for r, _ in results)
        if chosen is None and record_based and common_met and _all_met(results):
            chosen = route
            uses = tuple(i for _, o in results for i in o.uses)
    award_name = rule.name_vi
    if chosen is not None:
        pending = any(r.met is None for r in reasons)
        summary = (
            f"Đủ điều kiện xét {award_name} năm {facts.year} theo tiêu chí “{chosen.name_vi}”."
            + (" Các tiêu chí còn lại do Hội đồng đánh giá." if pending else "")
        )
    else:
        failed = list(dict.fromkeys(r.code for r in reasons if r.met is False))
        summary = f"Chưa đủ điều kiện xét {award_name} năm {facts.year}: " + (
            f"{len(failed)} tiêu chí chưa đạt ({', '.join(failed)})."
            if failed
            else "thiếu số liệu hoặc chỉ có tiêu chí do Hội đồng đánh giá."
        )
    return Verdict(
        award=facts.award,
        year=facts.year,
        subject=facts.subject,
        eligible=chosen is not None,
        route=chosen.code if chosen else None,
        rule_set=rule_set.code,
        reasons=tuple(reasons),
        uses=uses,
        summary=summary,
        ref=facts.ref,
    )


def evaluate_many(facts_list: Iterable[Facts], settings: Settings | None = None) -> list[Verdict]:
    """Verdicts for a whole scope, in order. Pure: a selector loads the facts in a few
    set-based queries and hands them here."""
    settings = settings or Settings()
    return [evaluate(facts, settings) for facts in facts_list]


def evaluate_data(data: Any, settings: Settings | None = None) -> dict[str, Any]:
    """Plain JSON data in, plain verdict data out; raises FactsError for malformed input."""
    return evaluate(parse_facts(data), settings).to_dict()
