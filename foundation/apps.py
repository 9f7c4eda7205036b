from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FoundationConfig(AppConfig):
    name = "foundation"
    verbose_name = _("Foundation")

    def ready(self):
        from . import security  # noqa: F401  (connects the login/logout/failure loggers)
        from .caching import install_triggers_after_migrate
        from .read_indexes import install_read_indexes_after_migrate
        from .roles import ensure_groups
        from .search_index import install_search_indexes_after_migrate

        # Permissions exist only after migrate has run, so the groups are (re)built then.
        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="foundation-editor")
        # Tables a later migration adds (or SQLite rebuilds) get their content-version triggers.
        post_migrate.connect(
            install_triggers_after_migrate, sender=self, dispatch_uid="foundation-content-version"
        )
        # Search indexes follow the models' search_fields, whatever migration built the table.
        post_migrate.connect(
            install_search_indexes_after_migrate, sender=self, dispatch_uid="foundation-search"
        )
        # The read paths' indexes too: SQLite drops them when a migration rebuilds a table.
        post_migrate.connect(
            install_read_indexes_after_migrate, sender=self, dispatch_uid="foundation-read-indexes"
        )
