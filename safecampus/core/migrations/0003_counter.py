# The counter store moves from the dashboards app into the kernel; the table stays as it is.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_notification'),
        ('dashboards', '0002_indexes'),
        ('orgs', '0003_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Counter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('metric', models.CharField(max_length=60, verbose_name='metric')),
                        ('day', models.DateField(blank=True, null=True, verbose_name='day')),
                        ('value', models.BigIntegerField(default=0, verbose_name='value')),
                        ('org', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='counters', to='orgs.orgunit')),
                    ],
                    options={
                        'db_table': 'dashboards_counter',
                        'verbose_name': 'counter',
                        'verbose_name_plural': 'counters',
                        'constraints': [models.UniqueConstraint(fields=('org', 'metric', 'day'), name='unique_counter_with_day'), models.UniqueConstraint(condition=models.Q(('day__isnull', True)), fields=('org', 'metric'), name='unique_counter_without_day')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
