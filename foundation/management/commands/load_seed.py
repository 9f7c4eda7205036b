from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from foundation.models.kinds import content_models

SEED_FIXTURES = ["pytorch_foundation"]


class Command(BaseCommand):
    help = (
        "Load the seed fixtures (the PyTorch Foundation article and every record extracted from "
        "it) and give each record a first history entry. Safe to run again: nothing changes."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            call_command("loaddata", *SEED_FIXTURES, verbosity=options["verbosity"])
            created = self.record_initial_history()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(f"Seed loaded; {created} first history entries created.")
            )
            for model in content_models():
                count = model._base_manager.count()
                self.stdout.write(f"  {model._meta.verbose_name_plural}: {count}")

    def record_initial_history(self):
        """loaddata saves raw, which simple-history skips: record the loaded state once."""
        created = 0
        for model in content_models():
            history = model.history
            with_history = history.values_list(model._meta.pk.attname, flat=True)
            missing = list(model._base_manager.exclude(pk__in=with_history))
            if missing:
                history.bulk_history_create(
                    missing, default_change_reason="Loaded from the seed fixtures"
                )
                created += len(missing)
        return created
