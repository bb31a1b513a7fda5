"""Reads for campaigns, scoped to what the asking account may see.

The main reads run in a constant number of queries however many units, targets and updates
there are (asserted by tests): participants are resolved from path ranges, latest values come
from correlated subqueries, and standards are counted with one query per criteria set.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone

from thidua.campaigns import scoring
from thidua.campaigns.models import (
    Campaign,
    CampaignParticipant,
    CampaignState,
    Cluster,
    ClusterScore,
    CriteriaSet,
    Criterion,
    CriterionAssessment,
    Evaluation,
    KeyWork,
    Milestone,
    ProgressUpdate,
    Registration,
    RegistrationState,
    ScoringCriterion,
    Target,
    TargetKind,
    TitlePledge,
)
from thidua.campaigns.permissions import can_manage_campaign
from thidua.core.text import fold
from thidua.org.models import Unit, path_bounds
from thidua.org.permissions import scope_for

# -- campaigns and participants -----------------------------------------------------------


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    """Campaigns issued inside the account's scope, plus launched campaigns its unit (or a
    unit under it) takes part in.  Drafts are seen only on the issuing side."""
    scope = scope_for(user)
    qs = Campaign.objects.select_related("issuing_unit")
    if scope.everything:
        return qs
    q = scope.q("issuing_unit__path")
    unit = getattr(user, "unit", None) if scope.ranges else None
    if unit is not None:
        taking_part = CampaignParticipant.objects.filter(campaign=OuterRef("pk")).filter(
            Q(unit_id__in=[*unit.ancestor_ids(), unit.pk], include_subtree=True)
            | scope.q("unit__path")
        )
        q |= Q(Exists(taking_part)) & ~Q(state=CampaignState.DRAFT)
    return qs.filter(q)


def campaigns_matching(qs: QuerySet[Campaign], text: str) -> QuerySet[Campaign]:
    """Campaigns whose name or code contains ``text``, ignoring case and diacritics (the
    indexed ``name_folded`` key; no extra query)."""
    key = fold(text)
    return qs.filter(name_folded__contains=key) if key else qs


def access_campaign(user: Any, pk: int | str) -> Campaign:
    """Fetch a campaign the account may see, else 404."""
    campaign = campaigns_visible_to(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def participant_filter(campaign: Campaign) -> Q:
    """A filter on ``Unit`` selecting the participating units (one query to build)."""
    explicit: list[int] = []
    q = Q(pk__in=[])
    rows = CampaignParticipant.objects.filter(campaign=campaign).values_list(
        "unit_id", "unit__path", "unit__depth", "include_subtree", "levels"
    )
    for unit_id, path, depth, include_subtree, levels in rows:
        if not include_subtree:
            explicit.append(unit_id)
            continue
        low, high = path_bounds(path)
        part = Q(path__gte=low, path__lt=high)
        if levels is not None:
            part &= Q(depth__lte=depth + levels)
        q |= part
    if explicit:
        q |= Q(pk__in=explicit)
    # The issuing unit organises the campaign; it does not take part in it.
    q &= ~Q(pk=campaign.issuing_unit_id)
    if campaign.start_date:
        q &= Q(active_to__isnull=True) | Q(active_to__gte=campaign.start_date)
    return q


def participant_units(campaign: Campaign) -> QuerySet[Unit]:
    """The participating units: two queries however many there are."""
    return Unit.objects.filter(participant_filter(campaign))


def participant_unit_ids(campaign: Campaign) -> set[int]:
    return set(participant_units(campaign).values_list("pk", flat=True))


# -- registrations ---------------------------------------------------------------------------


def _count_of(model: Any, fk: str) -> Coalesce:
    sub = (
        model.objects.filter(**{fk: OuterRef("pk")})
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def _last_report(fk: str) -> Subquery:
    sub = (
        ProgressUpdate.objects.filter(**{fk: OuterRef("pk")})
        .order_by("-reported_at")
        .values("reported_at")[:1]
    )
    return Subquery(sub)


def registrations_for(user: Any, campaign: Campaign) -> QuerySet[Registration]:
    """Registrations of a campaign the account may see (all of them for the campaign's
    managers; those of units in the account's scope otherwise), with counts of targets, key
    works and pledges and the time of the latest progress report.  One query."""
    qs = (
        Registration.objects.filter(campaign=campaign)
        .select_related("unit")
        .annotate(
            target_count=_count_of(Target, "registration"),
            key_work_count=_count_of(KeyWork, "registration"),
            pledge_count=_count_of(TitlePledge, "registration"),
            last_target_report=_last_report("target__registration"),
            last_key_work_report=_last_report("key_work__registration"),
        )
        .order_by("unit__path")
    )
    if not can_manage_campaign(user, campaign):
        qs = qs.filter(scope_for(user).q("unit__path"))
    return qs


def access_registration(user: Any, pk: int | str) -> Registration:
    """Fetch a registration the account may see, else 404."""
    registration = (
        Registration.objects.select_related("campaign", "campaign__issuing_unit", "unit")
        .filter(pk=pk)
        .first()
    )
    if registration is None or not (
        scope_for(user).contains(registration.unit)
        or can_manage_campaign(user, registration.campaign)
    ):
        raise Http404
    return registration


def _scoped_units(user: Any | None, campaign: Campaign, qs: QuerySet[Unit]) -> QuerySet[Unit]:
    if user is None or can_manage_campaign(user, campaign):
        return qs
    return qs.filter(scope_for(user).q("path"))


def units_not_registered(
    campaign: Campaign, *, user: Any | None = None, count_drafts: bool = False
) -> QuerySet[Unit]:
    """Participating units without a submitted (or approved) registration; with
    ``count_drafts`` a draft counts as registered too."""
    states = [RegistrationState.SUBMITTED, RegistrationState.APPROVED]
    if count_drafts:
        states += [RegistrationState.DRAFT, RegistrationState.RETURNED]
    done = Registration.objects.filter(campaign=campaign, state__in=states).values("unit_id")
    return _scoped_units(user, campaign, participant_units(campaign).exclude(pk__in=done))


def units_not_reported_since(
    campaign: Campaign, since: dt.date, *, user: Any | None = None
) -> QuerySet[Unit]:
    """Participating units that have reported no progress on or after ``since``."""
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    on_targets = ProgressUpdate.objects.filter(
        target__registration__campaign=campaign, reported_at__gte=start
    ).values("target__registration__unit_id")
    on_works = ProgressUpdate.objects.filter(
        key_work__registration__campaign=campaign, reported_at__gte=start
    ).values("key_work__registration__unit_id")
    qs = participant_units(campaign).exclude(pk__in=on_targets).exclude(pk__in=on_works)
    return _scoped_units(user, campaign, qs)


# -- standards -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardStatus:
    met: int
    total: int

    @property
    def meets(self) -> bool:
        return self.total > 0 and self.met == self.total


def _latest_met(criteria_set: CriteriaSet, units_q: Q, on: dt.date) -> dict[int, dict[int, bool]]:
    """unit id → criterion id → met, from the latest assessment on or before ``on``."""
    rows = (
        CriterionAssessment.objects.filter(
            criterion__criteria_set=criteria_set, assessed_on__lte=on
        )
        .filter(units_q)
        .order_by("unit_id", "criterion_id", "assessed_on", "id")
        .values_list("unit_id", "criterion_id", "met")
    )
    latest: dict[int, dict[int, bool]] = defaultdict(dict)
    for unit_id, criterion_id, met in rows:
        latest[unit_id][criterion_id] = met  # later rows overwrite earlier ones
    return latest


def standard_status(
    *, criteria_set: CriteriaSet, units: Iterable[Unit], on: dt.date | None = None
) -> dict[int, StandardStatus]:
    """For each unit: how many criteria of the set it meets on ``on`` (latest assessment of
    each criterion on or before that date) and whether it meets them all.  Two queries."""
    on = on or timezone.localdate()
    unit_ids = [u.pk for u in units]
    total = Criterion.objects.filter(criteria_set=criteria_set).count()
    latest = _latest_met(criteria_set, Q(unit_id__in=unit_ids), on)
    return {
        uid: StandardStatus(met=sum(1 for v in latest.get(uid, {}).values() if v), total=total)
        for uid in unit_ids
    }


def units_meeting_standard(
    *, criteria_set: CriteriaSet, under: Unit, on: dt.date | None = None
) -> tuple[list[int], int]:
    """Ids of the units under ``under`` (of the kinds the set applies to) that meet the
    standard on ``on``, and how many such units there are."""
    counts = _standard_counts([(criteria_set, under)], on or timezone.localdate())
    met_ids, total = counts[(criteria_set.pk, under.pk)]
    return met_ids, total


def _standard_counts(
    pairs: Iterable[tuple[CriteriaSet, Unit]], on: dt.date
) -> dict[tuple[int, int], tuple[list[int], int]]:
    """(set id, scope unit id) → (ids meeting the standard, units counted).  One query for the
    units, one for the criteria, one per distinct criteria set for the assessments."""
    pairs = list(pairs)
    if not pairs:
        return {}
    sets = {cs.pk: cs for cs, _scope in pairs}
    ranges = {scope.pk: scope.path_bounds() for _cs, scope in pairs}
    in_any = Q(pk__in=[])
    for low, high in set(ranges.values()):
        in_any |= Q(path__gte=low, path__lt=high)
    active = (Q(active_from__isnull=True) | Q(active_from__lte=on)) & (
        Q(active_to__isnull=True) | Q(active_to__gte=on)
    )
    units = list(Unit.objects.filter(in_any & active).values_list("pk", "path", "kind"))
    criteria_total: dict[int, int] = defaultdict(int)
    for set_id in Criterion.objects.filter(criteria_set_id__in=sets).values_list(
        "criteria_set_id", flat=True
    ):
        criteria_total[set_id] += 1
    unit_q = Q(pk__in=[])
    for low, high in set(ranges.values()):
        unit_q |= Q(unit__path__gte=low, unit__path__lt=high)
    met_by_set: dict[int, set[int]] = {}
    for set_id, cs in sets.items():
        latest = _latest_met(cs, unit_q, on)
        need = criteria_total[set_id]
        met_by_set[set_id] = {
            uid
            for uid, by_criterion in latest.items()
            if need and len(by_criterion) == need and all(by_criterion.values())
        }
    result: dict[tuple[int, int], tuple[list[int], int]] = {}
    for cs, scope in pairs:
        low, high = ranges[scope.pk]
        kinds = set(cs.unit_kinds or [])
        counted = [
            pk for pk, path, kind in units if low <= path < high and (not kinds or kind in kinds)
        ]
        result[(cs.pk, scope.pk)] = (
            [pk for pk in counted if pk in met_by_set[cs.pk]],
            len(counted),
        )
    return result


# -- progress and roll-up ------------------------------------------------------------------


@dataclass
class ItemResult:
    """One target or key work of a unit, as it stands on a date."""

    kind: str  # "target" or "key_work"
    pk: int
    name: str
    weight: float
    current: float | None
    raw: float | None
    public: bool
    due_date: dt.date | None
    of_total: int | None = None  # for standard-count targets: M in "N of M"
    done: bool = False
    late: bool = False
    # Interim review (``campaign_rollup(..., pro_rata=True)``): the share of the item's time
    # elapsed on the date and its raw attainment against the progress expected by then.
    share: float = 1.0
    interim_raw: float | None = None

    @property
    def clipped(self) -> float:
        return scoring.clip(self.raw if self.raw is not None else 0.0)


@dataclass
class UnitResult:
    unit_id: int
    registration_id: int
    items: list[ItemResult] = field(default_factory=list)

    @property
    def attainment(self) -> float | None:
        return scoring.rollup((i.weight, i.raw) for i in self.items)

    @property
    def interim_attainment(self) -> float | None:
        """Weighted roll-up against the progress expected on the date (interim review):
        items with nothing expected yet are left out; needs ``pro_rata=True``."""
        return scoring.rollup((i.weight, i.interim_raw) for i in self.items if i.share > 0)


@dataclass
class CampaignRollup:
    """Results of a campaign on a date.  ``participants`` maps every participating unit in
    view to its path; ``units`` holds those with an approved registration."""

    on: dt.date
    participants: dict[int, str]
    units: dict[int, UnitResult]

    def unit_attainment(self, unit_id: int) -> float | None:
        result = self.units.get(unit_id)
        return result.attainment if result else None

    def subtree(self, unit: Unit) -> float | None:
        """Mean attainment of the participating units in ``unit``'s subtree; a unit with no
        approved registration (or nothing to measure) counts as 0."""
        low, high = unit.path_bounds()
        values = [
            self.unit_attainment(uid) or 0.0
            for uid, path in self.participants.items()
            if low <= path < high
        ]
        return scoring.mean(values)

    @property
    def overall(self) -> float | None:
        return scoring.mean(self.unit_attainment(uid) or 0.0 for uid in self.participants)

    @property
    def registered(self) -> int:
        return len(self.units)


def _latest_target_value(on: dt.date) -> Subquery:
    sub = (
        ProgressUpdate.objects.filter(target=OuterRef("pk"), as_of__lte=on)
        .order_by("-as_of", "-id")
        .values("value")[:1]
    )
    return Subquery(sub)


def _key_work_annotations(on: dt.date) -> dict[str, Any]:
    latest_percent = (
        ProgressUpdate.objects.filter(key_work=OuterRef("pk"), as_of__lte=on, percent__isnull=False)
        .order_by("-as_of", "-id")
        .values("percent")[:1]
    )
    reached = (
        ProgressUpdate.objects.filter(
            key_work=OuterRef("pk"), as_of__lte=on, milestone__isnull=False
        )
        .order_by()
        .values("key_work")
        .annotate(n=Count("milestone", distinct=True))
        .values("n")[:1]
    )
    return {
        "latest_percent": Subquery(latest_percent),
        "milestones_reached": Coalesce(Subquery(reached, output_field=IntegerField()), Value(0)),
        "milestones_total": _count_of(Milestone, "key_work"),
    }


@dataclass(frozen=True)
class _Schedule:
    """For interim reviews: when the campaign started and its deadline (an item's default
    due date)."""

    start: dt.date | None
    deadline: dt.date | None

    def share(self, due: dt.date | None, on: dt.date) -> float:
        return scoring.expected_share(start=self.start, due=due or self.deadline, on=on)


def _target_item(
    t: Target,
    current: Any,
    of_total: int | None,
    on: dt.date,
    schedule: _Schedule | None = None,
) -> ItemResult:
    raw = None
    standing = t.baseline if current is None else current  # no report: at the baseline
    if standing is not None:
        raw = scoring.attainment(
            current=standing, target=t.target_value, direction=t.direction, baseline=t.baseline
        )
    share, interim = 1.0, raw
    if schedule is not None:
        share = schedule.share(t.due_date, on)
        if standing is not None:
            interim = scoring.interim_attainment(
                current=standing,
                target=t.target_value,
                direction=t.direction,
                share=share,
                baseline=t.baseline,
            )
    done = raw is not None and raw >= 1
    return ItemResult(
        kind="target",
        pk=t.pk,
        name=t.name,
        weight=float(t.weight),
        current=None if current is None else float(current),
        raw=raw,
        public=t.public,
        due_date=t.due_date,
        of_total=of_total,
        done=done,
        late=bool(t.due_date and t.due_date < on and not done),
        share=share,
        interim_raw=interim,
    )


def _key_work_item(w: Any, on: dt.date, schedule: _Schedule | None = None) -> ItemResult:
    raw = scoring.key_work_attainment(
        percent=w.latest_percent,
        milestones_reached=w.milestones_reached,
        milestones_total=w.milestones_total,
    )
    done = raw >= 1
    share = 1.0
    interim: float | None = raw
    if schedule is not None:
        share = schedule.share(w.due_date, on)
        interim = scoring.interim_key_work_attainment(raw, share)
    return ItemResult(
        kind="key_work",
        pk=w.pk,
        name=w.name,
        weight=float(w.weight),
        current=raw * 100,
        raw=raw,
        public=w.public,
        due_date=w.due_date,
        done=done,
        late=bool(w.due_date and w.due_date < on and not done),
        share=share,
        interim_raw=interim,
    )


def _items_for(
    registration_ids: list[int], on: dt.date, schedule: _Schedule | None = None
) -> dict[int, list[ItemResult]]:
    """Targets and key works of the registrations, with their standing on ``on`` (and, with
    a ``schedule``, against the progress expected on ``on``)."""
    items: dict[int, list[ItemResult]] = defaultdict(list)
    targets = list(
        Target.objects.filter(registration_id__in=registration_ids)
        .select_related("criteria_set", "scope_unit")
        .annotate(latest_value=_latest_target_value(on))
        .order_by("registration_id", "position", "id")
    )
    counts = _standard_counts(
        {
            (t.criteria_set_id, t.scope_unit_id): (t.criteria_set, t.scope_unit)
            for t in targets
            if t.kind == TargetKind.STANDARD_COUNT and t.criteria_set and t.scope_unit
        }.values(),
        on,
    )
    for t in targets:
        if t.kind == TargetKind.STANDARD_COUNT:
            met_ids, total = counts[(t.criteria_set_id, t.scope_unit_id)]  # type: ignore[index]
            items[t.registration_id].append(
                _target_item(t, Decimal(len(met_ids)), total, on, schedule)
            )
        else:
            items[t.registration_id].append(_target_item(t, t.latest_value, None, on, schedule))
    works = (
        KeyWork.objects.filter(registration_id__in=registration_ids)
        .annotate(**_key_work_annotations(on))
        .order_by("registration_id", "position", "id")
    )
    for w in works:
        items[w.registration_id].append(_key_work_item(w, on, schedule))
    return items


def campaign_rollup(
    campaign: Campaign,
    *,
    user: Any | None = None,
    on: dt.date | None = None,
    pro_rata: bool = False,
) -> CampaignRollup:
    """Every participating unit's attainment on ``on`` (default today), in a constant number
    of queries.  With ``user``, only units the account may see (all for the managers).  With
    ``pro_rata``, items also carry their attainment against the progress expected on ``on``
    (``UnitResult.interim_attainment``, for the interim review)."""
    on = on or timezone.localdate()
    units = _scoped_units(user, campaign, participant_units(campaign))
    participants = dict(units.values_list("pk", "path"))
    registrations = dict(
        Registration.objects.filter(
            campaign=campaign, state=RegistrationState.APPROVED, unit_id__in=units.values("pk")
        ).values_list("pk", "unit_id")
    )
    schedule = _Schedule(campaign.start_date, campaign.deadline) if pro_rata else None
    items = _items_for(list(registrations), on, schedule)
    results = {
        unit_id: UnitResult(unit_id=unit_id, registration_id=reg_id, items=items.get(reg_id, []))
        for reg_id, unit_id in registrations.items()
    }
    return CampaignRollup(on=on, participants=participants, units=results)


@dataclass
class ItemHistory:
    item: ItemResult
    points: list[tuple[dt.date, Decimal]]
    at_risk: bool | None


def registration_progress(
    registration: Registration, *, on: dt.date | None = None
) -> list[ItemHistory]:
    """A unit's targets and key works with their full history and the at-risk flag (the
    straight-line trend of the reports, read at the due date, falls short)."""
    on = on or timezone.localdate()
    items = _items_for([registration.pk], on).get(registration.pk, [])
    history: dict[tuple[str, int], list[tuple[dt.date, Decimal]]] = defaultdict(list)
    updates = (
        ProgressUpdate.objects.filter(
            Q(target__registration=registration) | Q(key_work__registration=registration),
            as_of__lte=on,
        )
        .order_by("as_of", "id")
        .values_list("target_id", "key_work_id", "value", "percent", "as_of")
    )
    for target_id, key_work_id, value, percent, as_of in updates:
        if target_id is not None and value is not None:
            history[("target", target_id)].append((as_of, value))
        elif key_work_id is not None and percent is not None:
            history[("key_work", key_work_id)].append((as_of, percent))
    targets = {t.pk: t for t in registration.targets.all()}
    campaign = registration.campaign
    result = []
    for item in items:
        points = history.get((item.kind, item.pk), [])
        deadline = item.due_date or campaign.deadline
        risk: bool | None = None
        if item.done:
            risk = False
        elif deadline is not None and item.kind == "target":
            t = targets[item.pk]
            if not t.is_computed:
                risk = scoring.at_risk(
                    points=points,
                    target=t.target_value,
                    direction=t.direction,
                    deadline=deadline,
                    baseline=t.baseline,
                    start=campaign.start_date,
                )
        elif deadline is not None and item.kind == "key_work":
            risk = scoring.at_risk(
                points=points,
                target=100,
                direction=scoring.MORE_IS_BETTER,
                deadline=deadline,
                baseline=0,
                start=campaign.start_date,
            )
        result.append(ItemHistory(item=item, points=points, at_risk=risk))
    return result


# -- evaluation and clusters -----------------------------------------------------------------


def evaluations_for(user: Any, campaign: Campaign, stage: str) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.filter(campaign=campaign, stage=stage).select_related("unit")
    if not can_manage_campaign(user, campaign):
        qs = qs.filter(scope_for(user).q("unit__path"))
    return qs


def clusters_visible_to(user: Any) -> QuerySet[Cluster]:
    scope = scope_for(user)
    member_in_scope = Cluster.members.through.objects.filter(cluster_id=OuterRef("pk")).filter(
        scope.q("unit__path")
    )
    return Cluster.objects.filter(scope.q("owner_unit__path") | Q(Exists(member_in_scope)))


def access_cluster(user: Any, pk: int | str) -> Cluster:
    cluster = clusters_visible_to(user).select_related("owner_unit").filter(pk=pk).first()
    if cluster is None:
        raise Http404
    return cluster


@dataclass
class ClusterTable:
    criteria: list[tuple[int, str, Decimal]]
    units: dict[int, Unit]
    ranking: list[scoring.Ranked]
    flag_candidate: Unit | None


def cluster_ranking(cluster: Cluster) -> ClusterTable:
    """The cluster's scoring table ranked (see ``scoring.rank``) and the unit proposed for the
    emulation flag.  Three queries."""
    criteria = list(
        cluster.criteria.order_by("position", "id").values_list("pk", "name", "max_points")
    )
    members = {u.pk: u for u in cluster.members.order_by("code")}
    scores: dict[tuple[int, int], tuple[Decimal | None, Decimal | None]] = {
        (unit_id, crit_id): (self_score, agreed)
        for unit_id, crit_id, self_score, agreed in ClusterScore.objects.filter(
            criterion__cluster=cluster
        ).values_list("unit_id", "criterion_id", "self_score", "agreed_score")
    }

    def _f(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    rows = [
        scoring.RankRow(
            key=uid,
            code=unit.code,
            agreed=tuple(_f(scores.get((uid, c[0]), (None, None))[1]) for c in criteria),
            self_scores=tuple(_f(scores.get((uid, c[0]), (None, None))[0]) for c in criteria),
        )
        for uid, unit in members.items()
    ]
    ranking = scoring.rank(rows)
    leader = scoring.flag_candidate(ranking)
    return ClusterTable(
        criteria=criteria,
        units=members,
        ranking=ranking,
        flag_candidate=members[leader.key] if leader else None,
    )


def cluster_ranks(year: int, unit_ids: Iterable[int]) -> dict[int, int]:
    """Each unit's place in the emulation clusters and blocks of ``year`` that hold it (its
    best place when it is in several), for the rules engine's "leads its cluster" criterion
    (CO_BT).  Only clusters whose agreed scores are complete for every member count: a
    cluster still being scored ranks nobody.  Four queries however many clusters and units."""
    wanted = set(unit_ids)
    if not wanted:
        return {}
    Membership = Cluster.members.through
    members: dict[int, list[int]] = defaultdict(list)
    for cluster_id, unit_id in Membership.objects.filter(
        cluster__year=year,
        cluster_id__in=Membership.objects.filter(
            cluster__year=year, unit_id__in=list(wanted)
        ).values("cluster_id"),
    ).values_list("cluster_id", "unit_id"):
        members[cluster_id].append(unit_id)
    if not members:
        return {}
    codes = dict(
        Unit.objects.filter(pk__in={u for ids in members.values() for u in ids}).values_list(
            "pk", "code"
        )
    )
    criteria: dict[int, list[int]] = defaultdict(list)
    for cluster_id, criterion_id in (
        ScoringCriterion.objects.filter(cluster_id__in=list(members))
        .order_by("cluster_id", "position", "id")
        .values_list("cluster_id", "pk")
    ):
        criteria[cluster_id].append(criterion_id)
    agreed: dict[tuple[int, int], float | None] = {
        (unit_id, criterion_id): None if score is None else float(score)
        for unit_id, criterion_id, score in ClusterScore.objects.filter(
            criterion__cluster_id__in=list(members)
        ).values_list("unit_id", "criterion_id", "agreed_score")
    }
    best: dict[int, int] = {}
    for cluster_id, unit_ids_of in members.items():
        rows = [
            scoring.RankRow(
                key=uid,
                code=codes[uid],
                agreed=tuple(agreed.get((uid, c)) for c in criteria[cluster_id]),
            )
            for uid in unit_ids_of
        ]
        if not all(row.complete for row in rows):
            continue
        for ranked in scoring.rank(rows):
            uid = ranked.row.key
            if uid in wanted and ranked.rank < best.get(uid, ranked.rank + 1):
                best[uid] = ranked.rank
    return best


# -- time series and standard trackers (dashboards) -----------------------------------------

MAX_SERIES_POINTS = 60


@dataclass
class ProgressSeries:
    """A campaign's history for dashboards, replayed from every report in one pass.

    ``dates`` are weekly from the start date to ``on`` (``on`` is always the last point; the
    step widens so there are at most ``MAX_SERIES_POINTS``).  ``by_unit`` holds, for each unit
    with an approved registration, its clipped weighted roll-up at each date (the same rule
    as ``campaign_rollup``).  ``at_risk`` maps ("target"|"key_work", pk) to the trend flag of
    ``registration_progress``; ``reported`` holds the items with at least one report on or
    before ``on``; ``last_report`` maps a unit to the latest ``as_of`` it reported."""

    on: dt.date
    dates: list[dt.date]
    participants: dict[int, str]
    by_unit: dict[int, list[float]]
    item_unit: dict[tuple[str, int], int]
    at_risk: dict[tuple[str, int], bool | None]
    reported: set[tuple[str, int]]
    last_report: dict[int, dt.date]

    def overall(self, unit_ids: Iterable[int] | None = None) -> list[float | None]:
        """Mean over participating units (all, or ``unit_ids``) at each date; a unit without
        an approved registration counts 0."""
        ids = list(self.participants if unit_ids is None else unit_ids)
        zeros = [0.0] * len(self.dates)
        return [
            scoring.mean(self.by_unit.get(uid, zeros)[i] for uid in ids) if ids else None
            for i in range(len(self.dates))
        ]


def _series_dates(start: dt.date | None, on: dt.date) -> list[dt.date]:
    if start is None or start >= on:
        return [on]
    weeks = (on - start).days // 7 + 1
    step = 7 * max(1, -(-weeks // (MAX_SERIES_POINTS - 1)))
    dates = [start + dt.timedelta(days=d) for d in range(0, (on - start).days, step)]
    return [*dates, on]


def campaign_progress_series(
    campaign: Campaign,
    *,
    user: Any | None = None,
    on: dt.date | None = None,
    unit_ids: Iterable[int] | None = None,
) -> ProgressSeries:
    """Weekly roll-ups, at-risk flags and reporting dates of the campaign's units (those the
    account may see; only ``unit_ids`` when given).  A constant number of queries (nine with
    a standard-count target, one more per extra criteria set): reports are read once, in
    date order, and each date only re-scores the items that changed."""
    on = on or timezone.localdate()
    units = _scoped_units(user, campaign, participant_units(campaign))
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    participants = dict(units.values_list("pk", "path"))
    reg_unit = dict(
        Registration.objects.filter(
            campaign=campaign, state=RegistrationState.APPROVED, unit_id__in=list(participants)
        ).values_list("pk", "unit_id")
    )
    dates = _series_dates(campaign.start_date, on)
    targets = list(
        Target.objects.filter(registration_id__in=list(reg_unit)).select_related(
            "criteria_set", "scope_unit"
        )
    )
    works = list(
        KeyWork.objects.filter(registration_id__in=list(reg_unit)).annotate(
            milestones_total=_count_of(Milestone, "key_work")
        )
    )
    weight: dict[tuple[str, int], float] = {}
    item_unit: dict[tuple[str, int], int] = {}
    target_of: dict[int, Target] = {t.pk: t for t in targets}
    for t in targets:
        weight[("target", t.pk)] = float(t.weight)
        item_unit[("target", t.pk)] = reg_unit[t.registration_id]
    for w in works:
        weight[("key_work", w.pk)] = float(w.weight)
        item_unit[("key_work", w.pk)] = reg_unit[w.registration_id]
    milestones_total = {w.pk: w.milestones_total for w in works}
    work_due = {w.pk: w.due_date for w in works}

    # Every report of these items up to ``on``, oldest first (one query).
    updates = list(
        ProgressUpdate.objects.filter(
            Q(target_id__in=list(target_of)) | Q(key_work_id__in=list(milestones_total)),
            as_of__lte=on,
        )
        .order_by("as_of", "id")
        # Floats straight from the database: the replay only does float arithmetic, and
        # building a Decimal per value was a third of the dashboard's time at 200,000 reports.
        .values_list(
            "target_id",
            "key_work_id",
            Cast("value", FloatField()),
            Cast("percent", FloatField()),
            "milestone_id",
            "as_of",
        )
    )

    # Standard-count targets: every assessment up to ``on`` of the units they count.
    pairs = {
        (t.criteria_set_id, t.scope_unit_id): (t.criteria_set, t.scope_unit)
        for t in targets
        if t.kind == TargetKind.STANDARD_COUNT and t.criteria_set and t.scope_unit
    }
    replay = _StandardReplay(list(pairs.values()), on) if pairs else None

    # Targets as floats once, not once per report.
    spec = {
        t.pk: (
            float(t.target_value),
            t.direction,
            None if t.baseline is None else float(t.baseline),
        )
        for t in targets
    }

    def target_raw(t: Target, current: Any) -> float | None:
        target, direction, baseline = spec[t.pk]
        if current is None:
            current = baseline
        if current is None:
            return None
        return scoring.attainment(
            current=current, target=target, direction=direction, baseline=baseline
        )

    clipped: dict[tuple[str, int], float] = {}
    unit_sum: dict[int, float] = defaultdict(float)
    unit_weight: dict[int, float] = defaultdict(float)
    for key, item_weight in weight.items():
        unit_weight[item_unit[key]] += item_weight
    for t in targets:
        if t.kind != TargetKind.STANDARD_COUNT:
            at_start = scoring.clip(target_raw(t, None) or 0.0)
            clipped[("target", t.pk)] = at_start
            unit_sum[item_unit[("target", t.pk)]] += weight[("target", t.pk)] * at_start

    def set_item(key: tuple[str, int], value: float) -> None:
        value = scoring.clip(value)
        old = clipped.get(key, 0.0)
        if value != old:
            unit_sum[item_unit[key]] += weight[key] * (value - old)
            clipped[key] = value

    latest_percent: dict[int, float] = {}
    reached: dict[int, set[int]] = defaultdict(set)
    points: dict[tuple[str, int], list[tuple[dt.date, float]]] = defaultdict(list)
    reported: set[tuple[str, int]] = set()
    last_report: dict[int, dt.date] = {}
    by_unit: dict[int, list[float]] = {uid: [] for uid in set(reg_unit.values())}
    index = 0
    for day in dates:
        while index < len(updates) and updates[index][5] <= day:
            target_id, work_id, value, percent, milestone_id, as_of = updates[index]
            index += 1
            key = ("target", target_id) if target_id is not None else ("key_work", work_id)
            reported.add(key)
            last_report[item_unit[key]] = as_of
            if target_id is not None:
                if value is None:
                    continue
                points[key].append((as_of, value))
                set_item(key, target_raw(target_of[target_id], value) or 0.0)
                continue
            if percent is not None:
                points[key].append((as_of, percent))
                latest_percent[work_id] = percent
            if milestone_id is not None:
                reached[work_id].add(milestone_id)
            set_item(
                key,
                scoring.key_work_attainment(
                    percent=latest_percent.get(work_id),
                    milestones_reached=len(reached[work_id]),
                    milestones_total=milestones_total[work_id],
                ),
            )
        if replay is not None:
            counts = replay.counts(day)
            for t in targets:
                if t.kind == TargetKind.STANDARD_COUNT:
                    met, _total = counts[(t.criteria_set_id, t.scope_unit_id)]  # type: ignore[index]
                    set_item(("target", t.pk), target_raw(t, Decimal(met)) or 0.0)
        for uid in by_unit:
            total_weight = unit_weight.get(uid, 0.0)
            by_unit[uid].append(scoring.clip(unit_sum[uid] / total_weight) if total_weight else 0.0)

    at_risk: dict[tuple[str, int], bool | None] = {}
    start = campaign.start_date
    for key in weight:
        kind, pk = key
        if clipped.get(key, 0.0) >= 1 - scoring.EPSILON:
            at_risk[key] = False
            continue
        if kind == "target":
            t = target_of[pk]
            deadline = t.due_date or campaign.deadline
            if t.is_computed or deadline is None:
                at_risk[key] = None
                continue
            at_risk[key] = scoring.at_risk(
                points=points.get(key, []),
                target=t.target_value,
                direction=t.direction,
                deadline=deadline,
                baseline=t.baseline,
                start=start,
            )
        else:
            deadline = work_due.get(pk) or campaign.deadline
            at_risk[key] = (
                None
                if deadline is None
                else scoring.at_risk(
                    points=points.get(key, []),
                    target=100,
                    direction=scoring.MORE_IS_BETTER,
                    deadline=deadline,
                    baseline=0,
                    start=start,
                )
            )
    return ProgressSeries(
        on=on,
        dates=dates,
        participants=participants,
        by_unit=by_unit,
        item_unit=item_unit,
        at_risk=at_risk,
        reported=reported,
        last_report=last_report,
    )


class _StandardReplay:
    """Replays criterion assessments in date order to count, at any date, the units meeting
    a standard under each scope (``_standard_counts`` at many dates, in three queries plus
    one per extra criteria set instead of that many per date)."""

    def __init__(self, pairs: list[tuple[CriteriaSet, Unit]], on: dt.date) -> None:
        self.pairs = pairs
        self.ranges = {scope.pk: scope.path_bounds() for _cs, scope in pairs}
        in_any = Q(pk__in=[])
        for low, high in set(self.ranges.values()):
            in_any |= Q(path__gte=low, path__lt=high)
        self.units = list(
            Unit.objects.filter(in_any).values_list(
                "pk", "path", "kind", "active_from", "active_to"
            )
        )
        set_ids = {cs.pk for cs, _scope in pairs}
        self.need: dict[int, int] = defaultdict(int)
        for set_id in Criterion.objects.filter(criteria_set_id__in=set_ids).values_list(
            "criteria_set_id", flat=True
        ):
            self.need[set_id] += 1
        unit_ids = [u[0] for u in self.units]
        self.rows = list(
            CriterionAssessment.objects.filter(
                criterion__criteria_set_id__in=set_ids,
                assessed_on__lte=on,
                unit_id__in=unit_ids,
            )
            .order_by("assessed_on", "id")
            .values_list(
                "criterion__criteria_set_id", "unit_id", "criterion_id", "met", "assessed_on"
            )
        )
        self.index = 0
        self.latest: dict[tuple[int, int], dict[int, bool]] = defaultdict(dict)

    def counts(self, day: dt.date) -> dict[tuple[int, int], tuple[int, int]]:
        """(set id, scope id) → (units meeting the standard, units counted) on ``day``;
        days must be asked in increasing order."""
        while self.index < len(self.rows) and self.rows[self.index][4] <= day:
            set_id, unit_id, criterion_id, is_met, _on = self.rows[self.index]
            self.latest[(set_id, unit_id)][criterion_id] = is_met
            self.index += 1
        result: dict[tuple[int, int], tuple[int, int]] = {}
        for cs, scope in self.pairs:
            low, high = self.ranges[scope.pk]
            kinds = set(cs.unit_kinds or [])
            need = self.need[cs.pk]
            met = total = 0
            for pk, path, kind, active_from, active_to in self.units:
                if not (low <= path < high) or (kinds and kind not in kinds):
                    continue
                if (active_from and active_from > day) or (active_to and active_to < day):
                    continue
                total += 1
                by_criterion = self.latest.get((cs.pk, pk), {})
                if need and len(by_criterion) == need and all(by_criterion.values()):
                    met += 1
            result[(cs.pk, scope.pk)] = (met, total)
        return result


@dataclass
class TrackerUnit:
    unit_id: int
    code: str
    name: str
    met: int
    total: int

    @property
    def missing(self) -> int:
        return self.total - self.met

    @property
    def meets(self) -> bool:
        return self.total > 0 and self.met == self.total


@dataclass
class StandardTracker:
    """ "N of M units meet standard S": every unit counted (under any of ``scopes``, of the
    set's kinds, active on the date) with how many criteria it meets."""

    criteria_set: CriteriaSet
    units: list[TrackerUnit]

    @property
    def met(self) -> int:
        return sum(1 for u in self.units if u.meets)

    @property
    def total(self) -> int:
        return len(self.units)

    @property
    def not_yet(self) -> list[TrackerUnit]:
        return sorted((u for u in self.units if not u.meets), key=lambda u: (-u.missing, u.code))


def standard_trackers(
    targets: Iterable[Target], *, on: dt.date | None = None
) -> list[StandardTracker]:
    """One tracker per criteria set of the given standard-count targets (their scopes
    merged, each unit counted once).  One query for the units, one for the criteria, one per
    criteria set for the assessments; targets must come with ``criteria_set`` and
    ``scope_unit`` loaded."""
    on = on or timezone.localdate()
    scopes: dict[int, dict[int, Unit]] = defaultdict(dict)
    sets: dict[int, CriteriaSet] = {}
    for t in targets:
        if t.kind == TargetKind.STANDARD_COUNT and t.criteria_set and t.scope_unit:
            sets[t.criteria_set.pk] = t.criteria_set
            scopes[t.criteria_set.pk][t.scope_unit.pk] = t.scope_unit
    if not sets:
        return []
    all_ranges = {u.path_bounds() for by in scopes.values() for u in by.values()}
    in_any = Q(pk__in=[])
    for low, high in all_ranges:
        in_any |= Q(path__gte=low, path__lt=high)
    active = (Q(active_from__isnull=True) | Q(active_from__lte=on)) & (
        Q(active_to__isnull=True) | Q(active_to__gte=on)
    )
    units = list(
        Unit.objects.filter(in_any & active)
        .order_by("path")
        .values_list("pk", "path", "kind", "code", "name")
    )
    need: dict[int, int] = defaultdict(int)
    for set_id in Criterion.objects.filter(criteria_set_id__in=sets).values_list(
        "criteria_set_id", flat=True
    ):
        need[set_id] += 1
    unit_q = Q(pk__in=[])
    for low, high in all_ranges:
        unit_q |= Q(unit__path__gte=low, unit__path__lt=high)
    trackers = []
    for set_id, cs in sorted(sets.items(), key=lambda kv: (kv[1].code, kv[1].version)):
        latest = _latest_met(cs, unit_q, on)
        ranges = [u.path_bounds() for u in scopes[set_id].values()]
        kinds = set(cs.unit_kinds or [])
        counted = [
            TrackerUnit(
                unit_id=pk,
                code=code,
                name=name,
                met=sum(1 for v in latest.get(pk, {}).values() if v),
                total=need[set_id],
            )
            for pk, path, kind, code, name in units
            if any(low <= path < high for low, high in ranges) and (not kinds or kind in kinds)
        ]
        trackers.append(StandardTracker(criteria_set=cs, units=counted))
    return trackers
