"""64 clients over pages and API reads, with editors writing under If-Match.

Readers browse the public pages and the read API. Editors read a record, then PATCH it with
the ETag they read; a 412 means another editor saved first, which is the API doing its job:
it counts as a conflict, not a failure. Every successful write is counted so the run can be
checked against the history table afterwards (no lost write).
"""

import json
import os
import random
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

ORGANISATIONS = [
    "linux-foundation", "pytorch-foundation", "pytorch", "meta", "meta-ai", "amd",
    "amazon-web-services", "google", "microsoft", "nvidia", "neurips", "icml", "kubernetes",
    "linux", "lfx", "pytorch-distributed",
]  # fmt: skip
PEOPLE = ["soumith-chintala", "jim-zemlin", "adam-paszke", "sam-gross", "gregory-chanan"]
EVENTS = ["pytorch-development-begins", "pytorch-initial-release", "pytorch-joins-linux-foundation"]
STATEMENTS = ["zemlin-neutral-home-quote", "chintala-blog-quote"]
# Editors write to a few records only, so that concurrent edits of one record really happen.
WRITE_TARGETS = ["amd", "nvidia", "google", "microsoft"]

RESULTS = {"writes_ok": 0, "writes_conflict": 0, "per_record": {}}


class Reader(HttpUser):
    weight = 9
    wait_time = between(0.2, 1.0)

    @task(3)
    def home(self):
        self.client.get(f"/{random.choice(['fr', 'en'])}/", name="page: home")

    @task(2)
    def organisation_page(self):
        self.client.get(
            f"/fr/organisations/{random.choice(ORGANISATIONS)}/", name="page: organisation"
        )

    @task(1)
    def lists(self):
        kind = random.choice(["organisations", "people", "events", "statements", "sources"])
        self.client.get(f"/en/{kind}/", name="page: list")

    @task(1)
    def person_and_event_pages(self):
        self.client.get(f"/fr/people/{random.choice(PEOPLE)}/", name="page: person")
        self.client.get(f"/en/events/{random.choice(EVENTS)}/", name="page: event")
        self.client.get(f"/fr/statements/{random.choice(STATEMENTS)}/", name="page: statement")

    @task(1)
    def search(self):
        self.client.get(f"/fr/search/?q={random.choice(['pytorch', 'fondation', 'meta'])}",
                        name="page: search")  # fmt: skip

    @task(3)
    def api_reads(self):
        self.client.get("/api/v1/organisations/", name="api: organisation list")
        self.client.get(
            f"/api/v1/organisations/{random.choice(ORGANISATIONS)}/", name="api: organisation"
        )
        self.client.get("/api/v1/events/?ordering=date", name="api: event list")
        self.client.get(f"/api/v1/people/{random.choice(PEOPLE)}/", name="api: person")


class Editor(HttpUser):
    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.client.headers["Authorization"] = f"Token {os.environ['LOADTEST_TOKEN']}"

    @task
    def edit(self):
        slug = random.choice(WRITE_TARGETS)
        url = f"/api/v1/organisations/{slug}/"
        read = self.client.get(url, name="api: editor read")
        if read.status_code != 200:
            return
        with self.client.patch(
            url,
            json={"description_en": f"Load test edit {uuid.uuid4().hex[:8]}"},
            headers={"If-Match": read.headers["ETag"]},
            name="api: editor write (If-Match)",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                RESULTS["writes_ok"] += 1
                RESULTS["per_record"][slug] = RESULTS["per_record"].get(slug, 0) + 1
                response.success()
            elif response.status_code == 412:
                RESULTS["writes_conflict"] += 1  # another editor saved first: refused, not lost
                response.success()
            else:
                response.failure(f"write answered {response.status_code}")


@events.test_stop.add_listener
def save_write_counts(environment, **kwargs):
    Path(os.environ["LOADTEST_WRITES_FILE"]).write_text(json.dumps(RESULTS))
