"""API tokens get a scope (issue 16). Tokens that exist keep working as before ("write"); a new
token is read-only unless its creator asks for read and write."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_regulator_role'),
    ]

    operations = [
        migrations.AddField(
            model_name='apitoken',
            name='scope',
            field=models.CharField(choices=[('read', 'Read only'), ('write', 'Read and write')], default='write',
                                   max_length=10),
        ),
        migrations.AlterField(
            model_name='apitoken',
            name='scope',
            field=models.CharField(choices=[('read', 'Read only'), ('write', 'Read and write')], default='read',
                                   max_length=10),
        ),
        migrations.AddConstraint(
            model_name='apitoken',
            constraint=models.CheckConstraint(condition=models.Q(('scope__in', ['read', 'write'])),
                                              name='apitoken_scope_valid'),
        ),
    ]
