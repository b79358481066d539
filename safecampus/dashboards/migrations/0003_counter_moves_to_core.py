# The counter store now belongs to the kernel (core.Counter); its table is unchanged.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dashboards', '0002_indexes'),
        ('core', '0003_counter'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Counter')],
            database_operations=[],
        ),
    ]
