"""Admin changelists over district-sized tables (a million consent requests, millions of
access rows): a paginator that never counts the whole table, and a search that uses indexes.

Django's changelist counts its rows for the paginator (and, unless
``show_full_result_count = False``, the whole table again), and searches with
``LIKE '%term%'`` ORed over every search field, across joins: both read every row."""

import re

from django.conf import settings
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Q
from django.utils.functional import cached_property

# A district student ID: 6 to 12 digits (roster.models.Student.student_id's validator).
STUDENT_ID = re.compile(r"\d{6,12}")


class EstimatedCountPaginator(Paginator):
    """Counts without reading a big table.

    Unfiltered, on PostgreSQL, a table the planner thinks holds at least
    ``ADMIN_ESTIMATE_COUNT_ABOVE`` rows (``pg_class.reltuples``, kept by autovacuum's
    ANALYZE) is given that estimate; a smaller (or never analysed) table is counted exactly,
    in the same single query. Filtered, rows are counted up to ``ADMIN_COUNT_LIMIT`` + 1 and
    no further: past that the last pages are not offered — a search narrows it down."""

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        query = queryset.query
        unfiltered = not query.where and not query.distinct and query.group_by is None
        if connection.vendor != "postgresql":
            return super().count
        if unfiltered and not query.is_sliced:
            return self._estimated_count(connection, queryset.model._meta.db_table)
        limit = getattr(settings, "ADMIN_COUNT_LIMIT", 10_000)
        return queryset.order_by()[: limit + 1].count()

    @staticmethod
    def _estimated_count(connection, table: str) -> int:
        quoted = connection.ops.quote_name(table)
        above = getattr(settings, "ADMIN_ESTIMATE_COUNT_ABOVE", 10_000)
        with connection.cursor() as cursor:
            # The count's subquery is an InitPlan: PostgreSQL runs it only when the CASE
            # takes that branch, that is for a small or never-analysed table.
            # The table is a model's, quoted; the values are parameters.
            count = f"(SELECT COUNT(*) FROM {quoted})"  # noqa: S608
            case = f"CASE WHEN c.reltuples >= %s THEN c.reltuples::bigint ELSE {count} END"
            cursor.execute(
                f"SELECT {case} FROM pg_class c WHERE c.oid = %s::regclass",  # noqa: S608
                [above, quoted],
            )
            return cursor.fetchone()[0]


class BigListAdminMixin:
    """For a ModelAdmin over a big table: no full count, an estimated one, and a search that
    matches one indexed column at a time.

    ``id_search``: the lookup a term that looks like a student ID is matched on exactly
    (e.g. ``"student__student_id"``), and a shorter run of digits by prefix.
    ``name_search``: the one column a name is searched in by substring, through its trigram
    index (``__icontains`` is ``UPPER(col::text) LIKE UPPER('%term%')`` on PostgreSQL, and
    the migrations index exactly that expression with ``gin_trgm_ops``).
    ``exact_search``: lookups tried as exact matches, ORed with the name (each has its own
    index)."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator
    id_search = ""
    name_search = ""
    exact_search: tuple[str, ...] = ()
    # The order of a name search's results, for lists sorted by that same name: an order no
    # B-tree gives (e.g. ``[Upper("last_name"), Upper("first_name")]``), so the planner
    # finds the few matches through the trigram index and sorts them, rather than walking
    # the name index from "A" and filtering — fast for "Adams", half a million rows for "Zhu".
    name_search_ordering: list = []

    def is_name_search(self, search_term: str) -> bool:
        term = search_term.strip()
        return bool(term) and not (self.id_search and term.isdigit())

    def _name_searched(self, request) -> bool:
        return self.is_name_search(request.GET.get(SEARCH_VAR, ""))

    def get_list_select_related(self, request):
        # A common name matches tens of thousands of rows, and the planner (which guesses a
        # handful through the trigram index) would join each to its related rows before
        # sorting. Searched by name, the list sorts and cuts its own rows first and fetches
        # the related rows of the page after (get_queryset): a fixed number of queries.
        # An empty tuple, not False: False makes the changelist join every foreign key.
        if self._name_searched(request):
            return ()
        return super().get_list_select_related(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._name_searched(request) and self.list_select_related:
            queryset = queryset.prefetch_related(*self.list_select_related)
        return queryset

    def get_ordering(self, request):
        # The changelist's search box (?q=) or an autocomplete widget's (?term=).
        term = request.GET.get(SEARCH_VAR) or request.GET.get("term") or ""
        if self.name_search_ordering and self.is_name_search(term):
            return self.name_search_ordering
        return super().get_ordering(request)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if not self.is_name_search(term):
            # A whole ID exactly in the list's search; the first digits of one by prefix, on
            # the ID's varchar_pattern_ops index: always in an autocomplete widget (?term=),
            # which searches as the ID is typed.
            whole_id = STUDENT_ID.fullmatch(term) and "term" not in request.GET
            lookup = self.id_search if whole_id else f"{self.id_search}__startswith"
            return queryset.filter(**{lookup: term}), False
        condition = Q(**{f"{self.name_search}__icontains": term})
        for lookup in self.exact_search:
            condition |= Q(**{lookup: term})
        return queryset.filter(condition), False
