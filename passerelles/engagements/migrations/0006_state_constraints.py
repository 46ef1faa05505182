"""The constraints tying fields to states, after the data migration (a separate transaction on PostgreSQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0005_event_kinds_and_state_constraints"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='engagement',
            constraint=models.CheckConstraint(condition=models.Q(('extension_end_date__isnull', True), ('state', 'active'), _connector='OR'), name='extension_only_while_active'),
        ),
        migrations.AddConstraint(
            model_name='engagement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'declined'), _negated=True), models.Q(('decline_reason', ''), _negated=True), _connector='OR'), name='decline_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='engagement',
            constraint=models.CheckConstraint(condition=models.Q(('end_reason', ''), ('state__in', ['ended', 'evaluated']), _connector='OR'), name='end_reason_only_when_ended'),
        ),
    ]
