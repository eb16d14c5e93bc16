from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('films', '0007_merge_edit_lock_and_photo_size'),
    ]

    # The wider index first: queries by (role, person) are never left without one.
    operations = [
        migrations.AddIndex(
            model_name='credit',
            index=models.Index(fields=['role', 'person', 'film'], name='credit_role_person_film_idx'),
        ),
        migrations.RemoveIndex(
            model_name='credit',
            name='credit_role_person_idx',
        ),
    ]
