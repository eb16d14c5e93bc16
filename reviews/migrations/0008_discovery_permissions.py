"""Editors curate lists, themes and where-to-watch offers; critics edit their own profile."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Critic": [
        ("reviews", "add_criticprofile"),
        ("reviews", "change_criticprofile"),
        ("reviews", "view_criticprofile"),
        ("films", "view_theme"),
        ("films", "view_provider"),
        ("films", "view_offer"),
    ],
    "Editor": [
        *[
            (app, f"{action}_{model}")
            for app, model in [
                ("reviews", "curatedlist"),
                ("reviews", "listentry"),
                ("films", "theme"),
                ("films", "provider"),
                ("films", "offer"),
            ]
            for action in ("add", "change", "delete", "view")
        ],
        ("reviews", "publish_curatedlist"),
        ("reviews", "add_criticprofile"),
        ("reviews", "change_criticprofile"),
        ("reviews", "view_criticprofile"),
    ],
}


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GRANTS.items():
        for app_label, codename in codes:
            yield name, Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, permission in _permissions(apps):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, permission in _permissions(apps):
        for group in Group.objects.filter(name=name):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0007_curated_lists_critic_profiles_themes"),
        ("films", "0005_film_sort_title"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
