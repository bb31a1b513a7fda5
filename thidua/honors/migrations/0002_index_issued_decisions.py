"""Index the commendation decisions issued before the honors app was installed (later ones
are indexed as they are issued, see ``thidua.honors.decision_index``)."""

from django.db import migrations

from thidua.core.text import fold


def index(apps, schema_editor):  # type: ignore[no-untyped-def]
    Decision = apps.get_model("awards", "Decision")
    Commendation = apps.get_model("awards", "Commendation")
    DecisionEntry = apps.get_model("honors", "DecisionEntry")
    for d in Decision.objects.filter(state="issued", revokes=False).select_related(
        "authority_unit"
    ):
        names = [
            person or household or unit or ""
            for person, unit, household in Commendation.objects.filter(decision=d).values_list(
                "person__full_name", "unit__name", "household_name"
            )
        ]
        reference = f"{d.number}/{d.symbol}" if d.number else ""
        parts = [reference, d.title, d.authority_name, d.authority_unit.name, d.signer_name]
        text = fold(" | ".join(p for p in [*parts, *names] if p))
        DecisionEntry.objects.update_or_create(
            decision=d, defaults={"search_folded": text, "awardees": len(names)}
        )


class Migration(migrations.Migration):
    dependencies = [("honors", "0001_initial")]

    operations = [migrations.RunPython(index, migrations.RunPython.noop)]
