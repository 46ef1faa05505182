"""The constraints tying a story's fields to its status, after the data migration."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0004_story_history_and_state_constraints"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='story',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['submitted', 'published']), _negated=True), ('consent_at__isnull', False), _connector='OR'), name='story_read_only_with_consent'),
        ),
        migrations.AddConstraint(
            model_name='story',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('published_at__isnull', False), ('status', 'published')), models.Q(models.Q(('status', 'published'), _negated=True), ('published_at__isnull', True)), _connector='OR'), name='story_published_at_only_when_published'),
        ),
        migrations.AddConstraint(
            model_name='story',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'withdrawn'), _negated=True), ('consent_at__isnull', True), _connector='OR'), name='story_withdrawn_without_consent'),
        ),
    ]
