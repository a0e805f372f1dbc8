# The check interval moved onto the fiche (catalogue.Initiative.check_interval_months): each
# fiche's chosen interval is copied there, then the side table goes.

from django.db import migrations


def copy_intervals(apps, schema_editor):
    CheckSchedule = apps.get_model("reminders", "CheckSchedule")
    Initiative = apps.get_model("catalogue", "Initiative")
    for schedule in CheckSchedule.objects.all():
        Initiative.objects.filter(pk=schedule.initiative_id).update(
            check_interval_months=schedule.check_interval_months
        )


def copy_back(apps, schema_editor):
    CheckSchedule = apps.get_model("reminders", "CheckSchedule")
    Initiative = apps.get_model("catalogue", "Initiative")
    for pk, months in Initiative.objects.exclude(check_interval_months=12).values_list(
        "pk", "check_interval_months"
    ):
        CheckSchedule.objects.create(initiative_id=pk, check_interval_months=months)


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0010_initiative_check_interval"),
        ("reminders", "0001_reminders"),
    ]

    operations = [
        migrations.RunPython(copy_intervals, copy_back),
        migrations.DeleteModel(name="CheckSchedule"),
    ]
