"""Pure-Python award rules: the versioned catalog and the explainable engine.

Nothing under this package may import Django (tests/awards/test_purity.py checks it), so the
engine runs the same in the CLI, the API, background jobs and plain scripts.
"""

from .catalog import CATALOG_VERSION, RULE_SETS, AwardRule, RuleSet, rule_set_for, rule_set_for_year
from .engine import Reason, Verdict, evaluate, evaluate_data, evaluate_many
from .facts import Facts, FactsError, parse_facts
from .settings import Settings, SettingsError

__all__ = [
    "CATALOG_VERSION",
    "RULE_SETS",
    "AwardRule",
    "Facts",
    "FactsError",
    "Reason",
    "RuleSet",
    "Settings",
    "SettingsError",
    "Verdict",
    "evaluate",
    "evaluate_data",
    "evaluate_many",
    "parse_facts",
    "rule_set_for",
    "rule_set_for_year",
]
