import films.models
from django.core.files.storage import default_storage
from django.db import migrations, models
from PIL import Image, UnidentifiedImageError


def measure_photos(apps, schema_editor):
    """Record the size of photos uploaded before it was stored; drop references to lost files.

    An ImageField with size fields opens its file whenever a row without a size is loaded, so
    a row pointing at a missing or broken file would fail on every page that lists people.
    """
    Person = apps.get_model("films", "Person")
    for person in Person.objects.exclude(photo="").filter(photo_width__isnull=True).iterator():
        name = person.photo.name
        try:
            with default_storage.open(name, "rb") as fh, Image.open(fh) as image:
                person.photo_width, person.photo_height = image.size
        except (OSError, UnidentifiedImageError):
            person.photo, person.photo_width, person.photo_height = "", None, None
        Person.objects.filter(pk=person.pk).update(
            photo=person.photo.name if person.photo else "",
            photo_width=person.photo_width,
            photo_height=person.photo_height,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("films", "0005_film_sort_title"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="photo_height",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="person",
            name="photo_width",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="person",
            name="photo",
            field=models.ImageField(
                blank=True,
                height_field="photo_height",
                help_text="JPEG, PNG or WebP; at most 10 MB.",
                upload_to=films.models.photo_upload_to,
                width_field="photo_width",
            ),
        ),
        migrations.RunPython(measure_photos, migrations.RunPython.noop),
    ]
