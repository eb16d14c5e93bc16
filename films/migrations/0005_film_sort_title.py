"""Films sort by title without a leading article ("The Mirror" under M): a stored sort key."""

from django.db import migrations, models

from films.titles import sort_title


def fill_sort_titles(apps, schema_editor):
    Film = apps.get_model("films", "Film")
    Language = apps.get_model("films", "Language")
    codes = dict(Language.objects.values_list("pk", "code"))
    batch = []
    for film in Film.objects.only("pk", "title", "original_language_id").iterator(chunk_size=2000):
        film.sort_title = sort_title(film.title, codes.get(film.original_language_id))
        batch.append(film)
        if len(batch) >= 2000:
            Film.objects.bulk_update(batch, ["sort_title"])
            batch = []
    Film.objects.bulk_update(batch, ["sort_title"])


class Migration(migrations.Migration):
    dependencies = [
        ("films", "0004_themes_offers_trailers"),
    ]

    operations = [
        migrations.AddField(
            model_name="film",
            name="sort_title",
            field=models.CharField(
                default="",
                editable=False,
                help_text="The title without its leading article, casefolded (set on save).",
                max_length=200,
            ),
        ),
        migrations.RunPython(fill_sort_titles, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="film",
            index=models.Index(fields=["sort_title", "year"], name="film_sort_title_idx"),
        ),
    ]
