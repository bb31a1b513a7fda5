"""Award levels and forms as the statistics count them.

The registry stores the award's code (``LDTT``, ``BK_BT``…), the same across rule sets; the
level of an award (state, ministry/province, grassroots) follows from who awards it in the
catalog (``thidua.awards.rules.catalog``: Prime Minister → state level; minister or
provincial chairman → ministry/province level; unit head or commune chairman → grassroots),
and its form is the award itself, a title (danh hiệu) or a commendation (hình thức khen
thưởng).  ``FORMS`` lists every code of the catalog in the order the reports print them,
highest level first; a code the catalog gains later without being added here is counted
under "other" (and a test fails, so it is added).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.awards.rules.catalog import RULE_SETS


class Level(models.TextChoices):
    STATE = "state", _("State level")
    MINISTRY_PROVINCE = "ministry_province", _("Ministry or province level")
    GRASSROOTS = "grassroots", _("Grassroots level")
    OTHER = "other", _("Other level")


LEVEL_ORDER: tuple[str, ...] = (
    Level.STATE,
    Level.MINISTRY_PROVINCE,
    Level.GRASSROOTS,
    Level.OTHER,
)

# (code, level) in print order.
FORMS: tuple[tuple[str, str], ...] = (
    ("CSTD_TQ", Level.STATE),
    ("CO_CP", Level.STATE),
    ("BK_TTG", Level.STATE),
    ("CSTD_BT", Level.MINISTRY_PROVINCE),
    ("CO_BT", Level.MINISTRY_PROVINCE),
    ("TTLDXS", Level.MINISTRY_PROVINCE),
    ("BK_BT", Level.MINISTRY_PROVINCE),
    ("CSTDCS", Level.GRASSROOTS),
    ("LDTT", Level.GRASSROOTS),
    ("CSTT", Level.GRASSROOTS),
    ("TTLDTT", Level.GRASSROOTS),
    ("GK", Level.GRASSROOTS),
    ("GDVH", Level.GRASSROOTS),
    ("THONVH", Level.GRASSROOTS),
    ("XA_TB", Level.GRASSROOTS),
)
LEVEL_OF: dict[str, str] = dict(FORMS)
FORM_ORDER: dict[str, int] = {code: i for i, (code, _level) in enumerate(FORMS)}


@dataclass(frozen=True)
class FormInfo:
    code: str
    name: str  # Vietnamese name, as printed on the award
    kind: str  # "title" or "commendation"
    level: str


@cache
def form_info(code: str) -> FormInfo:
    """Name and kind of an award code from the newest rule set that has it."""
    for rule_set in reversed(RULE_SETS):
        rule = rule_set.awards.get(code)
        if rule is not None:
            return FormInfo(code, rule.name_vi, rule.kind, LEVEL_OF.get(code, Level.OTHER))
    return FormInfo(code, code, "commendation", Level.OTHER)


def level_of(code: str) -> str:
    return LEVEL_OF.get(code, Level.OTHER)


def codes_of_level(level: str) -> list[str]:
    return [code for code, lv in FORMS if lv == level]


def form_sort_key(code: str) -> tuple[int, str]:
    return (FORM_ORDER.get(code, len(FORMS)), code)


def form_choices() -> list[tuple[str, str]]:
    return [(code, form_info(code).name) for code, _level in FORMS]
