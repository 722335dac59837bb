"""Magic links name their supplier (a remediate link for SBOM/KEV findings has no assessment);
findings remember when their supplier was last reminded of them."""

import django.db.models.deletion
from django.db import migrations, models


def links_supplier_from_assessment(apps, schema_editor):
    MagicLink = apps.get_model("security", "MagicLink")
    Assessment = apps.get_model("security", "Assessment")
    supplier = Assessment.objects.filter(pk=models.OuterRef("assessment_id")).values("supplier_id")[:1]
    MagicLink.objects.update(supplier_id=models.Subquery(supplier))  # one statement, however many links


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0001_initial'),
        ('security', '0002_magic_link_purpose'),
    ]

    operations = [
        migrations.AddField(
            model_name='magiclink',
            name='supplier',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name='security_links', to='network.supplier'),
        ),
        migrations.RunPython(links_supplier_from_assessment, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='magiclink',
            name='supplier',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='security_links',
                                    to='network.supplier'),
        ),
        migrations.AlterField(
            model_name='magiclink',
            name='assessment',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name='magic_links', to='security.assessment'),
        ),
        migrations.AddConstraint(
            model_name='magiclink',
            constraint=models.CheckConstraint(condition=models.Q(('purpose', 'answer'), _negated=True)
                                              | models.Q(('assessment__isnull', False)),
                                              name='magic_link_answer_has_assessment'),
        ),
        migrations.AddField(
            model_name='finding',
            name='reminded_on',
            field=models.DateField(blank=True, null=True),
        ),
    ]
