"""Seed countries (django-countries, ISO 3166) and languages (pycountry, ISO 639-1)."""

import pycountry
from django.db import migrations
from django_countries import countries

# Languages whose script runs right to left: their titles need dir="rtl".
RTL_LANGUAGES = {"ar", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"}


def seed(apps, schema_editor):
    Country = apps.get_model("films", "Country")
    Language = apps.get_model("films", "Language")
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        [Country(code=code) for code, _name in countries if code not in existing]
    )
    known = set(Language.objects.values_list("code", flat=True))
    Language.objects.bulk_create(
        [
            Language(code=lang.alpha_2, name=lang.name, bidi=lang.alpha_2 in RTL_LANGUAGES)
            for lang in pycountry.languages
            if hasattr(lang, "alpha_2") and lang.alpha_2 not in known
        ]
    )


def unseed(apps, schema_editor):
    apps.get_model("films", "Language").objects.filter(films__isnull=True).delete()
    apps.get_model("films", "Country").objects.filter(films__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("films", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
