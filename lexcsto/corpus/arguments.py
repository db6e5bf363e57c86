"""What the Python API accepts for a date and a language, read once at the door.

Every public function that takes a date takes a :class:`datetime.date` or an ISO string
(``"2011-06-01"``); every one that takes a language takes ``eng``/``en``/``rus``/``ru``. Anything else
is a :class:`~lexcsto.errors.QueryError` naming the argument, never a ``TypeError`` from deep inside.

>>> as_date("2011-06-01", "as_at"), as_date(date(1992, 5, 15), "old")
(datetime.date(2011, 6, 1), datetime.date(1992, 5, 15))
>>> as_date("15 May 1992", "as_at")
Traceback (most recent call last):
...
lexcsto.errors.QueryError: as_at: '15 May 1992' is not a date (expected a date or YYYY-MM-DD)
>>> as_language("ru")
'rus'
"""

from __future__ import annotations

from datetime import date, datetime

from lexcsto.corpus.vocabulary import Language, language
from lexcsto.errors import QueryError

__all__ = ["as_date", "as_language"]


def as_date(value: object, what: str) -> date:
    """``value`` as a date: a ``date`` as it is (a ``datetime`` cut to its day), an ISO string parsed."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise QueryError(None, None, f"{what}: {value!r} is not a date", expected="a date or YYYY-MM-DD")


def as_language(value: object) -> Language:
    """The ISO 639-2 code the corpus uses (``eng``, ``rus``) for ``eng``/``en``/``rus``/``ru``, in any case."""
    if not isinstance(value, str):
        raise QueryError(None, None, f"{value!r} is not a language", expected="eng, en, rus or ru")
    return language(value.strip().lower())
