from django.db import migrations


def create_head(apps, schema_editor):
    # The chain's head row must exist before the first writer: it is what concurrent writers lock.
    apps.get_model("core", "AuditHead").objects.get_or_create(pk=1, defaults={"seq": 0, "hash": "0" * 64})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
