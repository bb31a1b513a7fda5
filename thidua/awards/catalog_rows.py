"""The pure catalog (``rules.catalog``) flattened into rows of the ``Award`` table.

Used by the data migration that loads the catalog and by ``services.catalog_sync``, so the
pure catalog stays the single source of truth.  No Django import.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from thidua.awards.rules.catalog import RULE_SETS


def award_rows() -> list[dict[str, Any]]:
    rows = []
    for rule_set in RULE_SETS:
        for rule in rule_set.awards.values():
            threshold = rule.ballot_threshold
            rows.append(
                {
                    "rule_set": rule_set.code,
                    "code": rule.code,
                    "kind": rule.kind,
                    "name_vi": rule.name_vi,
                    "name_en": rule.name_en,
                    "subjects": list(rule.subjects),
                    "authority_vi": rule.authority_vi,
                    "authority_en": rule.authority_en,
                    "legal_basis": str(rule.basis)[:255],
                    "basis_confirmed": rule.basis.confirmed,
                    "summary_vi": rule.summary_vi,
                    "ballot_threshold": (
                        None
                        if threshold is None
                        else (
                            Decimal(threshold.numerator) / Decimal(threshold.denominator)
                        ).quantize(Decimal("0.0001"))
                    ),
                    "ballot_from_settings": rule.ballot_from_settings,
                    "cash_multiples": {k: str(v) for k, v in rule.cash_multiples.items()},
                    "effective_from": rule.effective_from,
                    "effective_to": rule.effective_to,
                }
            )
    return rows
