"""The read paths keep their indexes whatever migration rebuilt a table (SQLite rebuilds one to
change a constraint, and drops every index Django does not manage)."""

import pytest
from django.db import connection

from foundation.models import Statement
from foundation.read_indexes import read_indexes

pytestmark = pytest.mark.django_db


def test_every_read_index_exists_after_migrate():
    with connection.cursor() as cursor:
        missing = [
            name
            for name, table, _columns in read_indexes(connection.vendor)
            if name not in connection.introspection.get_constraints(cursor, table)
        ]
    assert missing == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner")
def test_a_page_of_public_statements_walks_the_list_index_to_its_limit():
    """Without the list index, SQLite sorts every published statement for a page of 50."""
    page = Statement.objects.public().order_by("-date", "slug", "pk").values("pk")[:50]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert "foundation_statement_list" in plan and "TEMP B-TREE" not in plan, plan
