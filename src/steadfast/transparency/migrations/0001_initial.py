# The app's first migration holds no model: it fixes where the app sits in the migration order
# (after core and the map) so that its concepts (publications, the portal, the centres) each add
# their own migration on top of it.
from django.db import migrations


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("core", "0004_regulator_role"),
        ("network", "0001_initial"),
    ]

    operations: list = []
