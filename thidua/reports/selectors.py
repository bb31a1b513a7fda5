"""The statistics an emulation office sends upward, as set-based aggregate reads.

Every report is computed by a fixed number of queries whatever the amount of data (asserted
by tests on two data sizes): the counting is done by ``GROUP BY`` in the database and only
the grouped rows (bounded by years × award forms × subjects × units shown, never by the
number of commendations or people) are pivoted in Python.

What is counted:

- Commendations of the registry (``awards.Commendation``) that are NOT revoked, whose year
  falls in the period, optionally of one level or one form.
- A commendation belongs to the unit of its subject: the person's current unit for an
  individual, the unit for a collective or a household.  "Under unit X" means in X's
  subtree (materialised path range); the rows "by unit" are X's direct children, each
  counting its whole subtree, plus one row for X itself (its own staff and the collective X).
- Individuals are counted per award (lượt khen thưởng): a person with two awards in the
  period counts twice, which is how the yearly statistics tables count them.
- Ethnic minority: any of the 53 ethnic groups other than Kinh (``org.ethnicities``);
  foreigners and unknown values are not minorities.  Direct workers and farmers: the
  person's ``category``.
- Campaign participation, per campaign visible to the account and running in the period
  (not drafts): participating units under X, registered (submitted, returned or approved),
  approved, units that reported progress at least once; results: the completion classes of
  the final review (the interim one when there is no final review yet) and the units
  meeting the standard counted by the campaign's standard targets on the campaign's
  deadline (or today, if earlier).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.models import Commendation, Subject
from thidua.campaigns.models import (
    Campaign,
    CampaignParticipant,
    CampaignState,
    CompletionClass,
    Criterion,
    CriterionAssessment,
    Evaluation,
    ProgressUpdate,
    Registration,
    RegistrationState,
    ReviewStage,
    Target,
    TargetKind,
)
from thidua.campaigns.selectors import campaigns_visible_to
from thidua.org.ethnicities import ETHNICITIES
from thidua.org.models import PATH_SEGMENT, Gender, PersonCategory, Unit, path_bounds
from thidua.org.permissions import scope_for
from thidua.reports.forms_catalog import (
    LEVEL_ORDER,
    Level,
    codes_of_level,
    form_info,
    form_sort_key,
    level_of,
)
from thidua.reports.models import ReportTemplate

MINORITIES: tuple[str, ...] = tuple(e for e in ETHNICITIES if e != "Kinh")
CLASSES: tuple[str, ...] = tuple(c.value for c in CompletionClass)


# -- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What a report covers.  ``root`` is the unit whose subtree is counted (None: the whole
    system, for the system administrator only)."""

    year_from: int
    year_to: int
    root: Unit | None = None
    level: str = ""
    form: str = ""

    @property
    def period_label(self) -> str:
        if self.year_from == self.year_to:
            return _("year %(year)s") % {"year": self.year_from}
        return _("from %(start)s to %(end)s") % {"start": self.year_from, "end": self.year_to}

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from, self.year_to + 1))

    @property
    def root_label(self) -> str:
        return self.root.name if self.root is not None else _("The whole system")

    def describe(self) -> str:
        """One line for titles and exports: unit, period, level, form."""
        parts = [self.root_label, self.period_label]
        if self.level:
            parts.append(str(Level(self.level).label))
        if self.form:
            parts.append(form_info(self.form).name)
        return " · ".join(parts)


def access_root(user: Any, code: str | None) -> Unit | None:
    """The unit a report is made for: ``code`` if the account may see it (else 404), by
    default the account's own unit; None (everything) only for an account that sees
    everything and asked for no unit."""
    scope = scope_for(user)
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None or not scope.contains(unit):
            raise Http404
        return unit
    if getattr(user, "unit_id", None):
        unit = user.unit
        return unit if isinstance(unit, Unit) else None
    if scope.everything:
        return None
    raise Http404


def default_year(user: Any, root: Unit | None) -> int:
    """The latest year with a commendation under ``root`` (one query), else this year."""
    latest = _commendations(user, root).aggregate(y=Max("year"))["y"]
    return int(latest) if latest else timezone.localdate().year


# -- commendations ---------------------------------------------------------------------------


def _subject_path() -> Coalesce:
    return Coalesce(F("person__unit__path"), F("unit__path"))


def _commendations(user: Any, root: Unit | None) -> QuerySet[Commendation]:
    """Registry rows counted in reports: not revoked, in the account's scope, under root."""
    qs = Commendation.objects.filter(revoked_at__isnull=True).annotate(subject_path=_subject_path())
    scope = scope_for(user)
    if not scope.everything:
        qs = qs.filter(scope.q("subject_path"))
    if root is not None:
        low, high = root.path_bounds()
        qs = qs.filter(subject_path__gte=low, subject_path__lt=high)
    return qs


def counted_commendations(user: Any, filters: Filters) -> QuerySet[Commendation]:
    qs = _commendations(user, filters.root).filter(
        year__gte=filters.year_from, year__lte=filters.year_to
    )
    if filters.level:
        qs = qs.filter(award__code__in=codes_of_level(filters.level))
    if filters.form:
        qs = qs.filter(award__code=filters.form)
    return qs


@dataclass
class Counts:
    """Counts by subject: individuals, collectives, households."""

    individual: int = 0
    collective: int = 0
    household: int = 0

    def add(self, subject: str, n: int) -> None:
        if subject == Subject.INDIVIDUAL:
            self.individual += n
        elif subject == Subject.HOUSEHOLD:
            self.household += n
        else:
            self.collective += n

    @property
    def total(self) -> int:
        return self.individual + self.collective + self.household


@dataclass
class FormRow:
    code: str
    name: str
    kind: str
    level: str
    counts: Counts = field(default_factory=Counts)

    @property
    def kind_label(self) -> str:
        return _("Emulation title") if self.kind == "title" else _("Commendation")


@dataclass
class LevelGroup:
    level: str
    rows: list[FormRow]

    @property
    def label(self) -> str:
        return str(Level(self.level).label)

    @property
    def counts(self) -> Counts:
        c = Counts()
        for r in self.rows:
            c.individual += r.counts.individual
            c.collective += r.counts.collective
            c.household += r.counts.household
        return c


@dataclass
class Breakdown:
    """Counts by level and by kind of subject, for a year or a unit row."""

    by_level: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVEL_ORDER, 0))
    titles: int = 0
    commendations: int = 0
    counts: Counts = field(default_factory=Counts)

    def add(self, code: str, subject: str, n: int) -> None:
        self.by_level[level_of(code)] += n
        if form_info(code).kind == "title":
            self.titles += n
        else:
            self.commendations += n
        self.counts.add(subject, n)

    @property
    def total(self) -> int:
        return self.counts.total


@dataclass
class YearRow:
    year: int
    figures: Breakdown


@dataclass
class UnitRow:
    unit_id: int | None
    code: str
    name: str
    itself: bool  # the root unit's own staff and collective, not a child's subtree
    figures: Breakdown


@dataclass
class CommendationReport:
    filters: Filters
    groups: list[LevelGroup]
    years: list[YearRow]
    units: list[UnitRow]
    total: Breakdown

    @property
    def levels(self) -> list[tuple[str, str]]:
        """The levels shown as columns (the ones of the filter, or all but "other" unless
        something is counted there)."""
        shown = [lv for lv in LEVEL_ORDER if lv != Level.OTHER or self.total.by_level[lv]]
        if self.filters.level:
            shown = [self.filters.level]
        return [(lv, str(Level(lv).label)) for lv in shown]

    @property
    def individual_share(self) -> float | None:
        return _share(self.total.counts.individual, self.total.total)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _children(filters: Filters) -> list[Unit]:
    """The rows of the "by unit" table: the root's direct children that existed in the period
    (or all units at the top of the tree when there is no root)."""
    start, end = dt.date(filters.year_from, 1, 1), dt.date(filters.year_to, 12, 31)
    if filters.root is None:
        qs = Unit.objects.filter(depth=0)
    else:
        qs = Unit.objects.filter(parent=filters.root)
    alive = (Q(active_from__isnull=True) | Q(active_from__lte=end)) & (
        Q(active_to__isnull=True) | Q(active_to__gte=start)
    )
    return list(qs.filter(alive).only("pk", "code", "name", "path").order_by("path"))


def commendation_report(user: Any, filters: Filters) -> CommendationReport:
    """Commendations by level and form, by year and by unit: three queries."""
    root = filters.root
    child_len = (root.depth + 2) * PATH_SEGMENT if root is not None else PATH_SEGMENT
    rows = (
        counted_commendations(user, filters)
        .annotate(branch=Substr("subject_path", 1, child_len))
        .values("year", "award__code", "subject", "branch")
        .annotate(n=Count("id"))
        .order_by()
    )
    forms: dict[str, FormRow] = {}
    years = {y: Breakdown() for y in filters.years}
    branches: dict[str | None, Breakdown] = defaultdict(Breakdown)
    total = Breakdown()
    for r in rows:
        code, subject, n = r["award__code"], r["subject"], r["n"]
        if code not in forms:
            info = form_info(code)
            forms[code] = FormRow(code, info.name, info.kind, info.level)
        forms[code].counts.add(subject, n)
        years[r["year"]].add(code, subject, n)
        branches[r["branch"]].add(code, subject, n)
        total.add(code, subject, n)
    groups = []
    for level in LEVEL_ORDER:
        in_level = sorted(
            (f for f in forms.values() if f.level == level), key=lambda f: form_sort_key(f.code)
        )
        if in_level:
            groups.append(LevelGroup(level, in_level))
    units: list[UnitRow] = []
    if root is not None:
        own = branches.pop(root.path, Breakdown())
        units.append(
            UnitRow(root.pk, root.code, _("%(unit)s (its own)") % {"unit": root.name}, True, own)
        )
    children = _children(filters)
    known = {u.path for u in children}
    missing = [p for p in branches if p is not None and p not in known]
    if missing:  # units no longer active but with commendations in the period
        children += list(Unit.objects.filter(path__in=missing).only("pk", "code", "name", "path"))
        children.sort(key=lambda u: u.path)
    for child in children:
        units.append(
            UnitRow(child.pk, child.code, child.name, False, branches.pop(child.path, Breakdown()))
        )
    if None in branches:  # people without a unit (only seen by the administrator)
        units.append(UnitRow(None, "", _("People without a unit"), False, branches.pop(None)))
    return CommendationReport(
        filters=filters,
        groups=groups,
        years=[YearRow(y, years[y]) for y in filters.years],
        units=units,
        total=total,
    )


# -- individuals by gender, ethnicity, category ------------------------------------------------


@dataclass
class PeopleFigures:
    total: int = 0
    women: int = 0
    minority: int = 0
    workers: int = 0
    farmers: int = 0

    def add(self, other: PeopleFigures) -> None:
        self.total += other.total
        self.women += other.women
        self.minority += other.minority
        self.workers += other.workers
        self.farmers += other.farmers

    @property
    def workers_farmers(self) -> int:
        return self.workers + self.farmers

    @property
    def women_share(self) -> float | None:
        return _share(self.women, self.total)

    @property
    def minority_share(self) -> float | None:
        return _share(self.minority, self.total)

    @property
    def workers_share(self) -> float | None:
        return _share(self.workers, self.total)

    @property
    def farmers_share(self) -> float | None:
        return _share(self.farmers, self.total)

    @property
    def workers_farmers_share(self) -> float | None:
        return _share(self.workers_farmers, self.total)


@dataclass
class PeopleRow:
    code: str
    name: str
    level: str
    figures: PeopleFigures

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


@dataclass
class PeopleReport:
    filters: Filters
    rows: list[PeopleRow]
    total: PeopleFigures
    collectives: int  # collectives and households, for "collectives vs individuals"

    @property
    def individual_share(self) -> float | None:
        return _share(self.total.total, self.total.total + self.collectives)


def people_report(user: Any, filters: Filters) -> PeopleReport:
    """Individuals commended, by form, with women, ethnic minorities, direct workers and
    farmers and their shares; and how many collectives were commended.  One query."""
    rows = (
        counted_commendations(user, filters)
        .values("subject", "award__code", "person__gender", "person__category")
        .annotate(n=Count("id"), minority=Count("id", filter=Q(person__ethnicity__in=MINORITIES)))
        .order_by()
    )
    by_form: dict[str, PeopleFigures] = defaultdict(PeopleFigures)
    collectives = 0
    for r in rows:
        n = r["n"]
        if r["subject"] != Subject.INDIVIDUAL:
            collectives += n
            continue
        fig = by_form[r["award__code"]]
        fig.total += n
        fig.minority += r["minority"]
        if r["person__gender"] == Gender.FEMALE:
            fig.women += n
        if r["person__category"] == PersonCategory.DIRECT_WORKER:
            fig.workers += n
        elif r["person__category"] == PersonCategory.FARMER:
            fig.farmers += n
    out = []
    total = PeopleFigures()
    for code in sorted(by_form, key=form_sort_key):
        info = form_info(code)
        out.append(PeopleRow(code, info.name, info.level, by_form[code]))
        total.add(by_form[code])
    return PeopleReport(filters=filters, rows=out, total=total, collectives=collectives)


# -- campaigns -------------------------------------------------------------------------------


@dataclass
class CampaignRow:
    campaign_id: int
    code: str
    name: str
    issuing_unit: str
    start_date: dt.date | None
    deadline: dt.date | None
    state_label: str
    participating: int = 0
    registered: int = 0
    approved: int = 0
    reported: int = 0
    classes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    review: str = ""  # "final", "interim" or "" (not evaluated yet)
    standard_met: int = 0
    standard_total: int = 0

    @property
    def evaluated(self) -> int:
        return sum(self.classes.values())

    @property
    def registered_share(self) -> float | None:
        return _share(self.registered, self.participating)

    @property
    def approved_share(self) -> float | None:
        return _share(self.approved, self.participating)

    @property
    def reported_share(self) -> float | None:
        return _share(self.reported, self.participating)

    @property
    def good_share(self) -> float | None:
        """Share of evaluated units completing well or excellently (HTT or HTXS)."""
        return _share(self.classes["HTXS"] + self.classes["HTT"], self.evaluated)

    @property
    def review_label(self) -> str:
        if self.review == ReviewStage.FINAL:
            return str(ReviewStage.FINAL.label)
        if self.review == ReviewStage.INTERIM:
            return str(ReviewStage.INTERIM.label)
        return _("not evaluated yet")


@dataclass
class CampaignReport:
    filters: Filters
    rows: list[CampaignRow]

    def _sum(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.rows)

    @property
    def totals(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            n: self._sum(n)
            for n in (
                "participating",
                "registered",
                "approved",
                "reported",
                "evaluated",
                "standard_met",
                "standard_total",
            )
        }
        out["classes"] = {c: sum(r.classes[c] for r in self.rows) for c in CLASSES}
        out["registered_share"] = _share(out["registered"], out["participating"])
        out["reported_share"] = _share(out["reported"], out["participating"])
        return out


def _campaigns_in_period(user: Any, filters: Filters) -> list[Campaign]:
    start, end = dt.date(filters.year_from, 1, 1), dt.date(filters.year_to, 12, 31)
    dated = Q(start_date__isnull=False, start_date__lte=end) & (
        Q(deadline__isnull=True) | Q(deadline__gte=start)
    )
    undated = Q(
        start_date__isnull=True,
        created_at__year__gte=filters.year_from,
        created_at__year__lte=filters.year_to,
    )
    return list(
        campaigns_visible_to(user)
        .exclude(state=CampaignState.DRAFT)
        .filter(dated | undated)
        .order_by("start_date", "code")
    )


def _participating(campaign_ids: list[int], low: str, high: str) -> dict[int, int]:
    """Participating units under [low, high) per campaign, in one query (the rules of
    ``campaigns.selectors.participant_filter``, set-based: a unit alone, or a subtree down to
    ``levels``; never the issuing unit; units closed before the campaign started left out)."""
    if not campaign_ids:
        return {}
    part = CampaignParticipant._meta.db_table
    unit = Unit._meta.db_table
    camp = Campaign._meta.db_table
    marks = ", ".join(["%s"] * len(campaign_ids))
    sql = f"""
        SELECT p.campaign_id, COUNT(DISTINCT u.id)
          FROM {part} p
          JOIN {unit} pu ON pu.id = p.unit_id
          JOIN {camp} c ON c.id = p.campaign_id
          JOIN {unit} u ON (
                (p.include_subtree AND u.path >= pu.path
                 AND SUBSTR(u.path, 1, LENGTH(pu.path)) = pu.path
                 AND (p.levels IS NULL OR u.depth <= pu.depth + p.levels))
             OR (NOT p.include_subtree AND u.id = pu.id))
         WHERE p.campaign_id IN ({marks})
           AND u.path >= %s AND u.path < %s
           AND u.id <> c.issuing_unit_id
           AND (c.start_date IS NULL OR u.active_to IS NULL OR u.active_to >= c.start_date)
         GROUP BY p.campaign_id
    """  # noqa: S608 - table names come from model metadata, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*campaign_ids, low, high])
        return {int(cid): int(n) for cid, n in cursor.fetchall()}


def _standard_counts(campaigns: list[Campaign], low: str, high: str) -> dict[int, tuple[int, int]]:
    """campaign id → (units meeting the standard, units counted), over the campaign's
    standard targets (scopes merged, each unit counted once per criteria set), under
    [low, high), on the campaign's deadline or today.  Four queries for all campaigns."""
    ids = [c.pk for c in campaigns]
    targets = list(
        Target.objects.filter(
            registration__campaign_id__in=ids,
            kind=TargetKind.STANDARD_COUNT,
            criteria_set__isnull=False,
            scope_unit__isnull=False,
        ).values_list(
            "registration__campaign_id",
            "criteria_set_id",
            "criteria_set__unit_kinds",
            "scope_unit__path",
        )
    )
    if not targets:
        return {}
    today = timezone.localdate()
    on = {c.pk: min(c.deadline, today) if c.deadline else today for c in campaigns}
    # campaign → criteria set → (kinds, scope ranges clipped to [low, high))
    plan: dict[int, dict[int, tuple[set[str], set[str]]]] = defaultdict(dict)
    paths: set[str] = set()
    for campaign_id, set_id, kinds, scope_path in targets:
        entry = plan[campaign_id].setdefault(set_id, (set(kinds or []), set()))
        entry[1].add(scope_path)
        paths.add(scope_path)
    in_any = Q(pk__in=[])
    for path in paths:
        s_low, s_high = path_bounds(path)
        in_any |= Q(path__gte=max(low, s_low), path__lt=min(high, s_high))
    units = list(
        Unit.objects.filter(in_any).values_list("pk", "path", "kind", "active_from", "active_to")
    )
    set_ids = {s for by_set in plan.values() for s in by_set}
    need: dict[int, int] = defaultdict(int)
    for set_id in Criterion.objects.filter(criteria_set_id__in=set_ids).values_list(
        "criteria_set_id", flat=True
    ):
        need[set_id] += 1
    unit_ids = [u[0] for u in units]
    latest_day = max(on.values())
    assessments = (
        CriterionAssessment.objects.filter(
            criterion__criteria_set_id__in=set_ids,
            unit_id__in=unit_ids,
            assessed_on__lte=latest_day,
        )
        .order_by("unit_id", "criterion_id", "assessed_on", "id")
        .values_list("unit_id", "criterion__criteria_set_id", "criterion_id", "met", "assessed_on")
    )
    history: dict[tuple[int, int], list[tuple[int, bool, dt.date]]] = defaultdict(list)
    for unit_id, set_id, criterion_id, met, day in assessments:
        history[(unit_id, set_id)].append((criterion_id, met, day))
    result: dict[int, tuple[int, int]] = {}
    for campaign_id, by_set in plan.items():
        day = on[campaign_id]
        met_n = total_n = 0
        for set_id, (kinds, scope_paths) in by_set.items():
            for pk, path, kind, active_from, active_to in units:
                if kinds and kind not in kinds:
                    continue
                if not any(path.startswith(p) for p in scope_paths):
                    continue
                if (active_from and active_from > day) or (active_to and active_to < day):
                    continue
                total_n += 1
                latest: dict[int, bool] = {}
                for criterion_id, met, assessed in history.get((pk, set_id), ()):
                    if assessed <= day:
                        latest[criterion_id] = met
                if need[set_id] and len(latest) == need[set_id] and all(latest.values()):
                    met_n += 1
        result[campaign_id] = (met_n, total_n)
    return result


def campaign_report(user: Any, filters: Filters) -> CampaignReport:
    """Participation and results of the campaigns of the period, counted under the root:
    a fixed number of queries (campaigns, participants, registrations, evaluations, and four
    for the standards) however many campaigns, units and registrations there are."""
    campaigns = _campaigns_in_period(user, filters)
    root = filters.root
    low, high = root.path_bounds() if root is not None else ("", "~")
    ids = [c.pk for c in campaigns]
    participating = _participating(ids, low, high)
    under = Q(unit__path__gte=low, unit__path__lt=high)
    on_targets = ProgressUpdate.objects.filter(target__registration=OuterRef("pk"))
    on_works = ProgressUpdate.objects.filter(key_work__registration=OuterRef("pk"))
    registrations = (
        Registration.objects.filter(under, campaign_id__in=ids)
        .annotate(has_report=Exists(on_targets) | Exists(on_works))
        .values("campaign_id", "state")
        .annotate(n=Count("id"), reported=Count("id", filter=Q(has_report=True)))
        .order_by()
    )
    reg: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in registrations:
        by = reg[r["campaign_id"]]
        by[r["state"]] += r["n"]
        by["reported"] += r["reported"]
    evaluations = (
        Evaluation.objects.filter(under, campaign_id__in=ids)
        .values("campaign_id", "stage", "final_class")
        .annotate(n=Count("id"))
        .order_by()
    )
    evals: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for e in evaluations:
        evals[e["campaign_id"]][e["stage"]][e["final_class"]] = e["n"]
    standards = _standard_counts(campaigns, low, high)
    rows = []
    for c in campaigns:
        by = reg.get(c.pk, {})
        row = CampaignRow(
            campaign_id=c.pk,
            code=c.code,
            name=c.name,
            issuing_unit=c.issuing_unit.name,
            start_date=c.start_date,
            deadline=c.deadline,
            state_label=c.get_state_display(),
            participating=participating.get(c.pk, 0),
            registered=sum(
                by.get(s, 0)
                for s in (
                    RegistrationState.SUBMITTED,
                    RegistrationState.RETURNED,
                    RegistrationState.APPROVED,
                )
            ),
            approved=by.get(RegistrationState.APPROVED, 0),
            reported=by.get("reported", 0),
        )
        stages = evals.get(c.pk, {})
        for stage in (ReviewStage.FINAL, ReviewStage.INTERIM):
            if stage in stages:
                row.review = stage
                for cls, n in stages[stage].items():
                    row.classes[cls] = n
                break
        row.standard_met, row.standard_total = standards.get(c.pk, (0, 0))
        inside = root is None or c.issuing_unit.path.startswith(root.path)
        if row.participating or row.registered or inside:
            rows.append(row)
    return CampaignReport(filters=filters, rows=rows)


def report_bundle(user: Any, filters: Filters) -> dict[str, Any]:
    """Everything the yearly Word report needs."""
    return {
        "commendations": commendation_report(user, filters),
        "people": people_report(user, filters),
        "campaigns": campaign_report(user, filters),
    }


def template_for(unit: Unit | None) -> ReportTemplate | None:
    """The Word template of the nearest unit at or above ``unit`` that has one (one query)."""
    if unit is None:
        return None
    ids = [*unit.ancestor_ids(), unit.pk]
    found = {t.unit_id: t for t in ReportTemplate.objects.filter(unit_id__in=ids)}
    for uid in reversed(ids):
        if uid in found:
            return found[uid]
    return None
