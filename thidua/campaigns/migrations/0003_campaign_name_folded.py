"""Campaign search key: ``name_folded`` (name and code folded), indexed, filled for existing
campaigns here and kept in step by ``Campaign.save``."""

from django.db import migrations, models

from thidua.core.text import fold, nfc


def fill_name_folded(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    rows = list(Campaign.objects.only("pk", "name", "code"))
    for campaign in rows:
        campaign.name_folded = fold(f"{nfc(campaign.name)} {nfc(campaign.code)}")
    Campaign.objects.bulk_update(rows, ["name_folded"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_seed_new_rural_criteria"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="name_folded",
            field=models.CharField(db_index=True, default="", editable=False, max_length=600),
        ),
        migrations.RunPython(fill_name_folded, migrations.RunPython.noop, elidable=True),
    ]
