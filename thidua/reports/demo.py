"""Demo commendations that give every column of the statistics something to count.

The commendation demo (``thidua.awards.demo``) records the titles of a few departments and of
Hồng Dân district (LĐTT, CSTĐCS, TTLĐTT) and one decision of the province; it has no Giấy khen,
no household, no award of the Prime Minister and no revocation, and few direct workers or
farmers among the people it rewards.  This loader adds, for 2019–2020, through the registry's
own service (``awards.services.commendation_record_historical``, each row audited):

- Giấy khen of the Hồng Dân district chairman to farmers of its communes (new-rural work),
  in 2019 and 2020, and one of them revoked (``commendation_revoke``) to show that a revoked
  commendation is not counted;
- Giấy khen of enterprise directors to direct workers of the province's enterprises;
- Gia đình văn hóa to households of Ninh Thạnh Lợi A;
- Bằng khen of the province to three communes of Hồng Dân and the Prime Minister's Bằng khen to
  Ninh Thạnh Lợi A.

Decision numbers and every choice are illustrative (marked "minh họa").  Idempotent: nothing is
done when the rows exist (found by their decision number's mark).  One transaction.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.awards import services as award_services
from thidua.awards.models import Commendation, Subject
from thidua.org.models import Person, PersonCategory, Unit, User

MARK = "(minh họa thống kê)"
DISTRICT = "BL-HD"
HOUSEHOLD_COMMUNE = "BL-HD-NTLA"
PROVINCE_AWARDED = ("BL-HD-NTLA", "BL-HD-NQ", "BL-HD-VL")
FARMERS_2020, FARMERS_2019, WORKERS, HOUSEHOLDS = 20, 10, 12, 10


def _record(actor: User, code: str, year: int, authority: str, number: int, **subject: Any) -> Any:
    if "person" in subject:
        kind = Subject.INDIVIDUAL
    elif subject.get("household_name"):
        kind = Subject.HOUSEHOLD
    else:
        kind = Subject.COLLECTIVE
    return award_services.commendation_record_historical(
        actor=actor,
        subject=kind,
        award_code=code,
        year=year,
        decision_number=f"{number}/QĐ {MARK}",
        decision_date=dt.date(year, 12, 18),
        decision_authority=authority,
        **subject,
    )


def load() -> int:
    """Record the demo's statistics rows; returns how many were written (0: already there)."""
    if Commendation.objects.filter(decision_number__endswith=MARK).exists():
        return 0
    units = {u.code: u for u in Unit.objects.filter(code__startswith="BL")}
    actor = User.objects.filter(username="vanphong").first()
    if actor is None or DISTRICT not in units:
        return 0
    low, high = units[DISTRICT].path_bounds()
    farmers = list(
        Person.objects.filter(
            unit__path__gte=low,
            unit__path__lt=high,
            unit__kind="commune",
            category=PersonCategory.FARMER,
        ).order_by("code")[: FARMERS_2020 + FARMERS_2019]
    )
    workers = list(
        Person.objects.filter(
            unit__code__startswith="BL", category=PersonCategory.DIRECT_WORKER
        ).order_by("code")[:WORKERS]
    )
    households = list(
        Person.objects.filter(unit__code=HOUSEHOLD_COMMUNE, gender="male").order_by("code")[
            :HOUSEHOLDS
        ]
    )
    written = 0
    with transaction.atomic():
        chairman = "Chủ tịch UBND huyện Hồng Dân"
        for i, person in enumerate(farmers):
            year = 2020 if i < FARMERS_2020 else 2019
            row = _record(actor, "GK", year, chairman, 410 + year % 100, person=person)
            written += 1
            if i == 0:
                award_services.commendation_revoke(
                    actor=actor,
                    commendation=row,
                    reason="Thành tích kê khai không đúng thực tế (minh họa).",
                    decision_number=f"95/QĐ-UBND {MARK}",
                )
        for person in workers:
            _record(actor, "GK", 2020, "Giám đốc doanh nghiệp", 77, person=person)
            written += 1
        for person in households:
            name = f"Hộ ông {person.full_name}"
            unit = units[HOUSEHOLD_COMMUNE]
            _record(actor, "GDVH", 2020, "Chủ tịch UBND xã Ninh Thạnh Lợi A", 52, unit=unit,
                    household_name=name)  # fmt: skip
            written += 1
        for code in PROVINCE_AWARDED:
            if code in units:
                _record(actor, "BK_BT", 2020, "Chủ tịch UBND tỉnh Bạc Liêu", 2190, unit=units[code])
                written += 1
        if HOUSEHOLD_COMMUNE in units:
            _record(
                actor, "BK_TTG", 2020, "Thủ tướng Chính phủ", 1650, unit=units[HOUSEHOLD_COMMUNE]
            )
            written += 1
    return written


def run_from_command(stdout: Any) -> int:
    """Called by ``thidua demo`` after the commendation year."""
    started = time.monotonic()
    written = load()
    if written:
        stdout.write(
            _("Demo statistics rows loaded in %(s).1f s: %(n)d commendations, one revoked.")
            % {"s": time.monotonic() - started, "n": written}
        )
    else:
        stdout.write(_("The demo statistics rows are already loaded: nothing was changed."))
    return written
