"""Who may read drafts and who may write: the model permissions (the Editor group)."""

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly

from foundation.models import Citation, Figure, Publishable


class ModelPermissionsOrReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """Everyone reads; add/change/delete need the model permission."""

    def has_permission(self, request, view):
        # Reads need no model permission (what a user may read is get_queryset's business):
        # answer before DRF builds the view's queryset only to learn its model.
        if request.method in SAFE_METHODS:
            return True
        return super().has_permission(request, view)


def sees_drafts(user, model):
    """The API follows model permissions: whoever may view the model in the admin sees drafts.

    Unlike Publishable.visible_to (used by the pages), staff status is not required, since a
    script's token user needs no admin access.
    """
    if user is None or not user.is_authenticated:
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def visible(queryset, user):
    """The records of queryset this user may read through the API."""
    model = queryset.model
    if sees_drafts(user, model):
        return queryset
    if issubclass(model, Publishable):
        return queryset.published()
    if model is Citation:
        return queryset.published()
    if model is Figure:
        return queryset.filter(statement__status="published")
    return queryset
