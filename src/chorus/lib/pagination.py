"""Pages of a list, whatever page number the address asks for.

Every list page reads its `?page=` through here, so one rule holds everywhere: a page
past the end (however large the number) shows the last page, and anything that is not
a page number ("abc", "", "-3", "1.5") shows the first. No page number gives an error.

`paginate` is for lists that are counted (Django's Paginator). `paginate_uncounted`
is for lists too long to count on every view (the round-up's articles): it counts
only when the page asked for is past the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

# Digits beyond this are a page no list has (and Python refuses to read 4,300 digits).
_MAX_DIGITS = 18
# An offset beyond this is past the end of any list Chorus holds, and near the limit of
# what databases accept in OFFSET: it is not asked for, the list is counted instead.
MAX_OFFSET = 10**12


def requested_page(request: HttpRequest, param: str = "page") -> int | None:
    """The page number asked for: 1 or more, or None when it is not a page number.

    A number too large to read is returned as a number larger than any list's pages.
    """
    raw = request.GET.get(param, "").strip()
    if not raw.isascii() or not raw.isdigit():
        return None
    if len(raw.lstrip("0")) > _MAX_DIGITS:
        return 10**_MAX_DIGITS
    number = int(raw)
    return number if number >= 1 else None


def paginate[T](
    request: HttpRequest,
    object_list: QuerySet[Any, T] | Sequence[T],
    per_page: int,
    *,
    param: str = "page",
) -> Page[T]:
    """The page of `object_list` (a queryset or a list) that `?page=` asks for.

    Past the end gives the last page; not a number gives the first.
    """
    paginator = Paginator(object_list, per_page)
    number = requested_page(request, param)
    if number is None:
        return paginator.page(1)
    return paginator.page(min(number, paginator.num_pages))


@dataclass
class UncountedPage:
    """A page of a list that is not counted: it knows only whether there is a next one."""

    object_list: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def paginate_uncounted(
    request: HttpRequest,
    fetch: Callable[[int, int], Iterable[Any]],
    per_page: int,
    *,
    count: Callable[[], int],
    param: str = "page",
) -> UncountedPage:
    """The page `?page=` asks for, of a list read by `fetch(offset, limit)`.

    Nothing is counted while the page asked for has rows. Past the end, `count()` says
    where the end is and the last page is shown.
    """
    number = requested_page(request, param) or 1
    offset = (number - 1) * per_page
    rows: list[Any] = []
    if offset <= MAX_OFFSET:
        rows = list(fetch(offset, per_page + 1))
    if not rows and number > 1:
        total = count()
        number = max((total + per_page - 1) // per_page, 1)
        rows = list(fetch((number - 1) * per_page, per_page + 1))
    return UncountedPage(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)
