"""The Critic and Editor roles: which permissions each group holds.

The data migration creates them on a new database; `ensure_roles` (run after every migrate, and
after the flush that transactional tests do) puts them back if they are missing, so the roles
never silently disappear.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

CATALOGUE = ["film", "person", "credit", "genre", "country", "language"]

ROLES: dict[str, list[tuple[str, str]]] = {
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


def ensure_roles(sender=None, **kwargs) -> None:
    """Create any missing role group; never touches a group that already exists."""
    existing = set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True))
    for name, codes in ROLES.items():
        if name in existing:
            continue
        group = Group.objects.create(name=name)
        for app_label, codename in codes:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)
