"""The roles: Editors write the record and send it for review; Reviewers also publish.

Publishing is a permission of its own per kind of record (`publish_<kind>`), created here
with the groups after every migrate, so that it can be given without the right to write.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from foundation.models.kinds import content_models, record_models

EDITOR_GROUP = "Editor"
REVIEWER_GROUP = "Reviewer"
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


def publish_codename(model):
    return f"publish_{model._meta.model_name}"


def publish_permission_name(model):
    """A user's `has_perm` name for publishing records of `model`'s kind."""
    return f"{model._meta.app_label}.{publish_codename(model)}"


def ensure_publish_permissions():
    """One `publish_<kind>` permission per kind of record with a status."""
    permissions = []
    for model in record_models():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=publish_codename(model),
            defaults={"name": f"Can publish {model._meta.verbose_name_raw}"},
        )
        permissions.append(permission)
    return permissions


def ensure_editor_group(**kwargs):
    """Create or repair the Editor group; safe to run any number of times."""
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.set(editor_permissions())
    return group


def ensure_reviewer_group(**kwargs):
    """Create or repair the Reviewer group: an editor's rights, and publishing."""
    group, _ = Group.objects.get_or_create(name=REVIEWER_GROUP)
    group.permissions.set([*editor_permissions(), *ensure_publish_permissions()])
    return group


def ensure_groups(**kwargs):
    ensure_editor_group()
    ensure_reviewer_group()


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
