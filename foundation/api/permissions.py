"""Who may write: the model permissions (the Editor group).

Who may read what is the models' rule (`Model.objects.visible_to`), applied by the views'
querysets: see foundation/models/visibility.py."""

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly


class ModelPermissionsOrReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """Everyone reads; add/change/delete need the model permission."""

    def has_permission(self, request, view):
        # Reads need no model permission (what a user may read is get_queryset's business):
        # answer before DRF builds the view's queryset only to learn its model.
        if request.method in SAFE_METHODS:
            return True
        return super().has_permission(request, view)
