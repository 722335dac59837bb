"""The reviewer's comment per answer now lives in the thread (0005 moved it); a returned assessment
is in round 2 or later."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('security', '0005_secanswers_threads'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='answer',
            name='reviewer_comment',
        ),
        migrations.AddConstraint(
            model_name='assessment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'returned'), _negated=True), ('round__gte', 2), _connector='OR'), name='assessment_returned_round'),
        ),
    ]
