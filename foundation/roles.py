"""The Editor role: full rights on content, none on users, groups or tokens."""

from django.contrib.auth.models import Group, Permission

EDITOR_GROUP = "Editor"
CONTENT_MODELS = (
    "source",
    "citation",
    "organisation",
    "person",
    "membership",
    "event",
    "eventparticipant",
    "statement",
    "figure",
)
ACTIONS = ("add", "change", "delete", "view")


def ensure_editor_group(**kwargs):
    """Create or repair the Editor group; safe to run any number of times."""
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label="foundation",
        codename__in=[f"{action}_{model}" for model in CONTENT_MODELS for action in ACTIONS],
    )
    group.permissions.set(permissions)
    return group
