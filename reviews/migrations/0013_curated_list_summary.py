from django.db import migrations, models

from reviews.rendering import markdown_to_text


def summarise_intros(apps, schema_editor):
    """Each list's summary from its intro, as CuratedList.save() makes it from now on."""
    CuratedList = apps.get_model("reviews", "CuratedList")
    for pk, intro in CuratedList.objects.exclude(intro="").values_list("pk", "intro"):
        CuratedList.objects.filter(pk=pk).update(summary=markdown_to_text(intro)[:300])


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0012_film_stats'),
    ]

    operations = [
        migrations.AddField(
            model_name='curatedlist',
            name='summary',
            field=models.CharField(blank=True, editable=False, help_text='The intro as plain text, for meta tags, feeds and the index (made on save).', max_length=300),
        ),
        # The column is new: undoing this step has nothing to restore that dropping it will not.
        migrations.RunPython(summarise_intros, migrations.RunPython.noop),
    ]
