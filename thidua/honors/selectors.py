"""Reads for the honor board and the published decisions.

Staff reads are scoped to the asking account (``profiles_visible_to``); public reads show only
published profiles and issued commendation decisions.  The commendations of a profile are
read live from the awards registry, revoked ones left out.  Every list runs in a constant
number of queries however many rows there are (asserted by tests).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from thidua.awards.models import Commendation, Decision, DecisionState
from thidua.core.text import fold
from thidua.honors.models import (
    Photo,
    Profile,
    ProfileState,
    Replication,
    ReplicationState,
)
from thidua.org.models import PATH_SEGMENT, Unit, UnitKind
from thidua.org.permissions import scope_for

PROFILE_RELATED = ("unit", "person", "person__unit", "campaign", "owner_unit")


# -- profiles ------------------------------------------------------------------------------


def _live_commendations() -> Q:
    return Q(revoked_at__isnull=True)


def _commendation_count() -> Subquery:
    rows = (
        Commendation.objects.filter(_live_commendations())
        .filter(
            Q(subject="collective", unit_id=OuterRef("unit_id"))
            | Q(subject="individual", person_id=OuterRef("person_id"))
        )
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Subquery(rows, output_field=IntegerField())


def _accepted_count() -> Subquery:
    rows = (
        Replication.objects.filter(profile=OuterRef("pk"), state=ReplicationState.ACCEPTED)
        .order_by()
        .values("profile")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(rows, output_field=IntegerField())


def _cover() -> Subquery:
    return Subquery(
        Photo.objects.filter(profile=OuterRef("pk")).order_by("position", "id").values("pk")[:1]
    )


def with_counts(qs: QuerySet[Profile]) -> QuerySet[Profile]:
    """Annotate ``commendations`` (live), ``spread`` (accepted replications), ``cover_id``."""
    return qs.select_related(*PROFILE_RELATED).annotate(
        commendations=Coalesce(_commendation_count(), 0),
        spread=Coalesce(_accepted_count(), 0),
        cover_id=_cover(),
    )


def profiles_visible_to(user: Any) -> QuerySet[Profile]:
    return Profile.objects.filter(scope_for(user).q("owner_unit__path"))


def access_profile(user: Any, pk: int | str) -> Profile:
    found = profiles_visible_to(user).select_related(*PROFILE_RELATED).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def published_profiles() -> QuerySet[Profile]:
    return Profile.objects.filter(state=ProfileState.PUBLISHED)


def filter_profiles(
    qs: QuerySet[Profile],
    *,
    subject: str = "",
    campaign: int | None = None,
    sector: str = "",
    q: str = "",
) -> QuerySet[Profile]:
    if subject:
        qs = qs.filter(subject=subject)
    if campaign:
        qs = qs.filter(campaign_id=campaign)
    if sector:
        qs = qs.filter(sector=sector)
    folded = fold(q)
    for word in folded.split()[:8]:
        qs = qs.filter(search_folded__contains=word)
    return qs


def board(**filters: Any) -> QuerySet[Profile]:
    """The public honor board, newest first."""
    return with_counts(filter_profiles(published_profiles(), **filters)).order_by(
        "-published_at", "-id"
    )


def public_profile(slug: str) -> Profile:
    found = published_profiles().select_related(*PROFILE_RELATED).filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


def commendations_of(profile: Profile) -> list[Commendation]:
    """The commendations the profile's subject received, from the registry (live, revoked
    ones excluded), newest first.  One query."""
    qs = Commendation.objects.filter(_live_commendations())
    if profile.person_id is not None:
        qs = qs.filter(subject="individual", person_id=profile.person_id)
    elif profile.unit_id is not None:
        qs = qs.filter(subject="collective", unit_id=profile.unit_id)
    else:
        return []
    return list(qs.select_related("award", "decision").order_by("-year", "award__code", "id"))


def photos_of(profile: Profile) -> list[Photo]:
    return list(Photo.objects.filter(profile=profile).order_by("position", "id"))


# -- where a model spread ------------------------------------------------------------------


@dataclass
class SpreadGroup:
    label: str
    items: list[Replication] = field(default_factory=list)


@dataclass
class Spread:
    groups: list[SpreadGroup]
    count: int


def _ancestor_ids(path: str) -> list[int]:
    return [int(path[i : i + PATH_SEGMENT]) for i in range(0, len(path), PATH_SEGMENT)]


def group_by_district(replications: list[Replication]) -> list[SpreadGroup]:
    """Group replications under their district-level unit (or, for units outside any
    district, their parent unit).  One query for all the ancestors."""
    wanted: set[int] = set()
    for r in replications:
        wanted.update(_ancestor_ids(r.unit.path))
    names = {
        u.pk: (u.name, u.kind)
        for u in Unit.objects.filter(pk__in=wanted).only("pk", "name", "kind").order_by()
    }
    groups: OrderedDict[tuple[int, str], SpreadGroup] = OrderedDict()
    for r in replications:
        chain = _ancestor_ids(r.unit.path)
        key: tuple[int, str] | None = None
        for pk in reversed(chain):
            name, kind = names.get(pk, ("", ""))
            if kind == UnitKind.DISTRICT:
                key = (pk, name)
                break
        if key is None:
            parent = chain[-2] if len(chain) > 1 else chain[-1]
            key = (parent, names.get(parent, (str(_("Other units")), ""))[0])
        groups.setdefault(key, SpreadGroup(label=key[1])).items.append(r)
    return sorted(groups.values(), key=lambda g: (-len(g.items), fold(g.label)))


def spread_of(profile: Profile) -> Spread:
    """Accepted replications, grouped by district: two queries."""
    rows = list(
        Replication.objects.filter(profile=profile, state=ReplicationState.ACCEPTED)
        .select_related("unit")
        .order_by("date", "id")
    )
    return Spread(groups=group_by_district(rows), count=len(rows))


def replications_of(profile: Profile) -> list[Replication]:
    """Every replication of a profile, for its editors' review (awaiting review first)."""
    return list(
        Replication.objects.filter(profile=profile)
        .select_related("unit", "recorded_by")
        .annotate(waiting=Case(When(state=ReplicationState.PENDING, then=0), default=1))
        .order_by("waiting", "-date", "-id")
    )


# -- published decisions -------------------------------------------------------------------


def published_decisions() -> QuerySet[Decision]:
    """Issued commendation decisions (drafts and revocation decisions are never shown)."""
    return Decision.objects.filter(state=DecisionState.ISSUED, revokes=False, number__isnull=False)


def _awardee_count() -> Subquery:
    rows = (
        Commendation.objects.filter(decision=OuterRef("pk"))
        .order_by()
        .values("decision")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(rows, output_field=IntegerField())


def decision_list(
    *, year: int | None = None, authority: str = "", q: str = ""
) -> QuerySet[Decision]:
    qs = published_decisions()
    if year:
        qs = qs.filter(year=year)
    if authority:
        qs = qs.filter(authority_unit__code=authority)
    for word in fold(q).split()[:8]:
        qs = qs.filter(public_entry__search_folded__contains=word)
    return (
        qs.select_related("authority_unit")
        .annotate(awardee_count=Coalesce(_awardee_count(), 0))
        .order_by("-date", "-number", "-id")
    )


def decision_years() -> list[int]:
    years = published_decisions().values_list("year", flat=True).order_by()
    return sorted(set(years), reverse=True)


def decision_authorities() -> list[Unit]:
    return list(
        Unit.objects.filter(pk__in=published_decisions().values("authority_unit")).order_by("path")
    )


def public_decision(pk: int) -> Decision:
    found = published_decisions().select_related("authority_unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def decision_awardees(decision: Decision) -> list[Commendation]:
    """The awardee lines as the decision prints them (revoked ones kept, marked)."""
    return list(
        Commendation.objects.filter(decision=decision)
        .select_related("award", "person", "person__unit", "unit", "revoking_decision")
        .order_by("award__code", "id")
    )
