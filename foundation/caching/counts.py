"""Pagination counts kept per content version: COUNT(*) runs once per version, not per page view."""

import hashlib

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from .version import content_version, remembered


def cached_count(queryset, version=None):
    """COUNT(*) of a queryset, computed once per content version.

    Counting every visible statement of a large archive costs SQLite more than the rest of
    an API list. The count only changes when the content does, so it is kept in the shared
    cache under the version (read from the queryset's own database).
    """
    alias = queryset.db
    if version is None:
        version = content_version(alias)
    sql, params = queryset.query.sql_with_params()
    text = f"{version}\n{alias}\n{sql}\n{params!r}"
    key = "count:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return remembered(key, queryset.count)


class VersionedCountPaginator(Paginator):
    """A Paginator whose total comes from cached_count: for ListView.paginator_class and
    DRF's PageNumberPagination.django_paginator_class."""

    @cached_property
    def count(self):
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return super().count
