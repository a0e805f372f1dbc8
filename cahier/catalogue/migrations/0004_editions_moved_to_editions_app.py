# Edition and EditionEntry now belong to the editions app (editions/0001_initial): forget them
# here without touching their tables.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_edition_publisher_updated_at"),
        ("editions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(model_name="edition", name="initiatives"),
                migrations.DeleteModel(name="EditionEntry"),
                migrations.DeleteModel(name="Edition"),
            ],
        ),
    ]
