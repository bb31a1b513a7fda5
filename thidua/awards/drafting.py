"""The achievement summary of a nomination, drafted from the registry and campaign results
for the clerk to edit: task ratings and titles of recent years, initiatives, and the
campaign evaluation the nomination comes from.  A fixed number of queries per subject."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from thidua.awards.models import Commendation, Initiative, TaskRating
from thidua.org.models import Person, Unit

YEARS_BACK = 5


def _years_text(by_year: dict[int, list[str]]) -> list[str]:
    return [f"- {year}: {', '.join(items)}" for year, items in sorted(by_year.items())]


def draft_achievements(
    *,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    evaluation: Any = None,
) -> str:
    """A plain-text draft, in the active language, of what the records show for the subject
    over the ``YEARS_BACK`` years up to ``year``."""
    since = year - YEARS_BACK + 1
    subject: dict[str, Any] = {"person": person} if person is not None else {"unit": unit}
    lines: list[str] = []

    ratings = TaskRating.objects.filter(year__gte=since, year__lte=year, **subject).order_by("year")
    if ratings:
        lines.append(_("Task ratings:"))
        lines += [f"- {r.year}: {r.get_rating_display()}" for r in ratings]

    titles: dict[int, list[str]] = defaultdict(list)
    held = (
        Commendation.objects.filter(
            year__gte=since, year__lte=year, revoked_at__isnull=True, **subject
        )
        .select_related("award")
        .order_by("year", "id")
    )
    for item in held:
        number = item.decision_number or (item.decision.reference if item.decision else "")
        label = item.award.name_vi
        titles[item.year].append(
            _("%(award)s (decision %(number)s)") % {"award": label, "number": number}
            if number
            else label
        )
    if titles:
        lines.append(_("Titles and commendations received:"))
        lines += _years_text(titles)

    if person is not None:
        initiatives = Initiative.objects.filter(
            authors=person, year__gte=since, year__lte=year
        ).order_by("year", "id")
        if initiatives:
            lines.append(_("Initiatives and science projects:"))
            lines += [
                _("- %(year)s: %(title)s (recognised at %(level)s)")
                % {"year": i.year, "title": i.title, "level": i.get_level_display().lower()}
                for i in initiatives
            ]

    if evaluation is not None:
        lines.append(_("Emulation campaign result:"))
        attainment = (
            f"{evaluation.attainment * 100:.1f}%" if evaluation.attainment is not None else "—"
        )
        lines.append(
            _("- %(campaign)s: attainment %(attainment)s, class “%(class)s”")
            % {
                "campaign": evaluation.campaign.name,
                "attainment": attainment,
                "class": evaluation.get_final_class_display(),
            }
        )

    if not lines:
        return str(_("No ratings, titles or initiatives are recorded for these years yet."))
    return "\n".join(str(line) for line in lines)
