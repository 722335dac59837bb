"""A reusable table: sort, search, filter and paginate a queryset from the query string.

Views build a `Table`, templates render it with `{% include "core/_table.html" %}`; with htmx the
table body is swapped in place (`hx-get` on the filter form, `hx-push-url` keeps links shareable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet


@dataclass(frozen=True)
class Column:
    key: str  # attribute path on the row, dotted ("supplier.name")
    label: str
    order_by: str | None = None  # database field to sort on; None = not sortable
    link: str | None = None  # attribute on the row holding a URL (e.g. "get_absolute_url")
    numeric: bool = False


@dataclass
class Table:
    request: Any
    queryset: QuerySet
    columns: list[Column]
    default_order: str
    per_page: int = 50
    filters: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        params = self.request.GET
        sortable = {c.key: c.order_by for c in self.columns if c.order_by}
        requested = params.get("sort", "")
        key = requested.lstrip("-")
        self.sort = requested if key in sortable else ""
        ordering = (("-" if requested.startswith("-") else "") + sortable[key]) if self.sort else self.default_order
        try:
            per_page = min(max(int(params.get("per_page", self.per_page)), 10), 500)
        except ValueError:
            per_page = self.per_page
        self.page = Paginator(self.queryset.order_by(ordering, "pk"), per_page).get_page(params.get("page"))

    def query_string(self, **changes: Any) -> str:
        params = {k: v for k, v in self.request.GET.items() if v}
        params.update({k: v for k, v in changes.items()})
        return "?" + urlencode({k: v for k, v in params.items() if v not in ("", None)})

    @property
    def headers(self):
        for column in self.columns:
            direction = ""
            if self.sort.lstrip("-") == column.key:
                direction = "descending" if self.sort.startswith("-") else "ascending"
            next_sort = f"-{column.key}" if self.sort == column.key else column.key
            yield {
                "column": column,
                "direction": direction,
                "url": self.query_string(sort=next_sort, page="") if column.order_by else None,
            }

    @property
    def rows(self):
        for obj in self.page.object_list:
            cells = []
            for column in self.columns:
                value: Any = obj
                for part in column.key.split("."):
                    value = getattr(value, part, None) if value is not None else None
                    if callable(value):
                        value = value()
                url = getattr(obj, column.link)() if column.link else None
                cells.append({"value": value, "url": url, "numeric": column.numeric})
            yield cells

    def page_url(self, number: int) -> str:
        return self.query_string(page=number)

    @property
    def previous_url(self) -> str | None:
        return self.query_string(page=self.page.previous_page_number()) if self.page.has_previous() else None

    @property
    def next_url(self) -> str | None:
        return self.query_string(page=self.page.next_page_number()) if self.page.has_next() else None
