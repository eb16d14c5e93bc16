"""Create the Critic and Editor groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CATALOGUE = ["film", "person", "credit", "genre", "country", "language"]

ROLES = {
    # Critics write reviews (edit only their own, enforced in ReviewAdmin) and may add films
    # and people they review; they cannot publish or delete catalogue entries.
    "Critic": [
        ("reviews", "add_review"),
        ("reviews", "change_review"),
        ("reviews", "view_review"),
        ("reviews", "add_reviewsection"),
        ("reviews", "change_reviewsection"),
        ("reviews", "delete_reviewsection"),
        ("reviews", "view_reviewsection"),
        *[("films", f"view_{model}") for model in CATALOGUE],
        ("films", "add_film"),
        ("films", "change_film"),
        ("films", "add_person"),
        ("films", "change_person"),
        ("films", "add_credit"),
        ("films", "change_credit"),
        ("films", "delete_credit"),
    ],
    # Editors edit and publish anyone's review and look after the catalogue.
    "Editor": [
        *[
            ("reviews", f"{action}_{model}")
            for model in ("review", "reviewsection")
            for action in ("add", "change", "delete", "view")
        ],
        ("reviews", "publish_review"),
        *[
            ("films", f"{action}_{model}")
            for model in CATALOGUE
            for action in ("add", "change", "delete", "view")
        ],
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codes:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("films", "0002_seed_countries_and_languages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
