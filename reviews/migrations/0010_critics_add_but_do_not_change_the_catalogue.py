"""Critics may add a film or a person they review, but not change existing catalogue records."""

from django.db import migrations

TAKEN = [("films", "change_film"), ("films", "change_person"), ("films", "change_credit")]
TAKEN += [("films", "delete_credit")]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    for app_label, codename in TAKEN:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            yield permission


def take_away(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    critics = Group.objects.filter(name="Critic").first()
    if critics is not None:
        critics.permissions.remove(*_permissions(apps))


def give_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    critics = Group.objects.filter(name="Critic").first()
    if critics is not None:
        critics.permissions.add(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("reviews", "0009_review_submitted_state_and_working_copy")]

    operations = [migrations.RunPython(take_away, give_back)]
