"""Load the award catalog into the ``Award`` table FROM the pure catalog
(``thidua.awards.rules.catalog``, the single source of truth).  Later catalog versions are
brought in by ``thidua.awards.services.catalog_sync`` (or a new migration calling it)."""

from django.db import migrations


def load(apps, schema_editor):
    from thidua.awards.catalog_rows import award_rows

    Award = apps.get_model("awards", "Award")
    for row in award_rows():
        key = {"rule_set": row.pop("rule_set"), "code": row.pop("code")}
        Award.objects.update_or_create(**key, defaults=row)


def unload(apps, schema_editor):
    apps.get_model("awards", "Award").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
