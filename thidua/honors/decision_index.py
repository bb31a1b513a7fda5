"""The public search rows of issued commendation decisions (``DecisionEntry``).

The awards app issues decisions and revokes commendations through its own services; this
module listens to the saves of ``Decision`` and ``Commendation`` and, once the transaction
commits, rewrites the row of the decision concerned (once per decision and transaction).  A
decision that is not issued, or that is a revocation decision, has no row.  ``reindex_all``
rebuilds every row (the migration and ``thidua honors_reindex`` call it).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from thidua.core.text import fold


def entry_text(decision: Any, names: list[str]) -> str:
    parts = [
        decision.reference,
        decision.title,
        decision.authority_name,
        decision.authority_unit.name,
        decision.signer_name,
        *names,
    ]
    return fold(" | ".join(p for p in parts if p))


def refresh(decision_id: int) -> None:
    """Write (or remove) the search row of one decision: three queries."""
    from thidua.awards.models import Commendation, Decision, DecisionState
    from thidua.honors.models import DecisionEntry

    decision = (
        Decision.objects.select_related("authority_unit")
        .filter(pk=decision_id, state=DecisionState.ISSUED, revokes=False)
        .first()
    )
    if decision is None:
        DecisionEntry.objects.filter(decision_id=decision_id).delete()
        return
    names = []
    for person, unit, household in Commendation.objects.filter(decision=decision).values_list(
        "person__full_name", "unit__name", "household_name"
    ):
        names.append(person or household or unit or "")
    DecisionEntry.objects.update_or_create(
        decision=decision,
        defaults={"search_folded": entry_text(decision, names), "awardees": len(names)},
    )


def reindex_all() -> int:
    from thidua.awards.models import Decision

    ids = list(Decision.objects.values_list("pk", flat=True))
    for pk in ids:
        refresh(pk)
    return len(ids)


def _schedule(decision_id: int | None) -> None:
    """Refresh the decision's row once the transaction commits, once per transaction: a
    decision of 200 awardees saves 200 commendations.  The callbacks already queued are read
    from the connection, so a rolled-back transaction leaves nothing behind."""
    if decision_id is None:
        return
    connection = transaction.get_connection()
    for queued in connection.run_on_commit:
        if getattr(queued[1], "honors_decision_id", None) == decision_id:
            return

    def run() -> None:
        refresh(decision_id)

    run.honors_decision_id = decision_id  # type: ignore[attr-defined]
    transaction.on_commit(run, robust=True)


def _decision_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    _schedule(instance.pk)


def _commendation_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    _schedule(instance.decision_id)


def connect() -> None:
    from thidua.awards.models import Commendation, Decision

    post_save.connect(_decision_saved, sender=Decision, dispatch_uid="honors_decision_entry")
    post_save.connect(
        _commendation_saved, sender=Commendation, dispatch_uid="honors_decision_entry_c"
    )
