"""The table of the shared cache (settings.CACHES: Django's database cache), made by `migrate`.

It is made whatever cache is configured, so switching from Redis back to the
default needs no extra step. The logic is Django's own `createcachetable`.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "safecampus_cache"  # settings.SAFECAMPUS_CACHE_TABLE


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE in connection.introspection.table_names():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {connection.ops.quote_name(TABLE)}")


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_counter"),
    ]

    operations = [
        migrations.RunPython(create_table, drop_table, elidable=False),
    ]
