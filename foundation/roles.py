"""The Editor role: full rights on content, none on users, groups or other users' tokens."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from foundation.models.kinds import content_models

EDITOR_GROUP = "Editor"
ACTIONS = ("add", "change", "delete", "view")


def editor_permissions():
    """Every action on every kind of content record (models/kinds.py), and nothing else."""
    models = content_models()
    return Permission.objects.filter(
        content_type__app_label__in={model._meta.app_label for model in models},
        codename__in=[
            f"{action}_{model._meta.model_name}" for model in models for action in ACTIONS
        ],
    )


def ensure_editor_group(**kwargs):
    """Create or repair the Editor group; safe to run any number of times."""
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.set(editor_permissions())
    return group


def writes_content(user):
    """May this user add, change or delete some kind of content (the Editor group does)?

    The API writes with these permissions, so they are also what an API token is for.
    """
    if not user.is_active:
        return False
    return any(
        user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
        for model in content_models()
        for action in ACTIONS
        if action != "view"
    )


def editorial_account(username, full_name):
    """A named account for checks no one signed in to make (the seed's reading, the demo
    data's): it cannot log in, and a check it made names it like any editor's."""
    first, _space, last = full_name.partition(" ")
    user, _created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "is_active": False},
    )
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
