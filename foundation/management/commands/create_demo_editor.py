import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from foundation.roles import ensure_editor_group, ensure_reviewer_group

USERNAME = "editor"
# A second account, to try the review step: the editor sends a record for review, the
# reviewer publishes it.
REVIEWER_USERNAME = "reviewer"
DEFAULT_PASSWORD = "pytorch-foundation-demo"
PASSWORD_ENV = "FOUNDATION_DEMO_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create or update the local demo accounts 'editor' (Editor group) and 'reviewer' "
        "(Reviewer group: also publishes), staff, not superusers, with the password from "
        f"${PASSWORD_ENV} or '{DEFAULT_PASSWORD}'. Development only: "
        "refuses to run unless DEBUG is on. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}",
            help="Where the development server listens, for the printed login URL.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would change.")

    def handle(self, *args, base_url, dry_run, **options):
        if not settings.DEBUG:
            # A known password must never open a production admin.
            raise CommandError(
                "create_demo_editor is for local development only and DEBUG is off. "
                "Run it with DJANGO_DEBUG=1; in production create editors with "
                "`manage.py createsuperuser` or the admin, with their own passwords."
            )
        password = os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()
        candidate = user or user_model(username=USERNAME)
        try:
            validate_password(password, candidate)
        except ValidationError as error:
            raise CommandError(
                f"${PASSWORD_ENV} is too weak: {' '.join(error.messages)}"
            ) from error

        if dry_run:
            verb = "update" if user else "create"
            self.stdout.write(f"Would {verb} the demo editor '{USERNAME}'.")
            return
        with transaction.atomic():
            created = user is None
            user = candidate
            user.is_staff = True
            user.is_superuser = False
            user.is_active = True
            user.set_password(password)
            user.save()
            user.groups.set([ensure_editor_group()])
            reviewer = user_model.objects.filter(username=REVIEWER_USERNAME).first()
            reviewer = reviewer or user_model(username=REVIEWER_USERNAME)
            reviewer.is_staff, reviewer.is_superuser, reviewer.is_active = True, False, True
            reviewer.set_password(password)
            reviewer.save()
            reviewer.groups.set([ensure_reviewer_group()])

        login_url = base_url.rstrip("/") + reverse("admin:login")
        self.stdout.write(
            self.style.SUCCESS(f"{'Created' if created else 'Updated'} the demo editor.")
        )
        self.stdout.write(f"Log in at {login_url}")
        self.stdout.write(f"  username: {USERNAME} (or {REVIEWER_USERNAME}, who also publishes)")
        self.stdout.write(f"  password: {password}")
