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

A corpus lookup takes any language the corpus may hold (someone else's corpus is in Italian or Spanish):

>>> as_corpus_language("en"), as_corpus_language("ITA"), as_corpus_language("es")
('eng', 'ita', 'es')
"""

from __future__ import annotations

import re
from datetime import date, datetime

from lexcsto.corpus.vocabulary import Language, language
from lexcsto.errors import QueryError

__all__ = ["as_corpus_language", "as_date", "as_language"]


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


_ISO_639 = re.compile(r"[a-z]{2,3}")


def as_corpus_language(value: object) -> str:
    """A language to look a text up by: ``eng``/``en``, ``rus``/``ru`` as :func:`as_language` reads them,
    any other ISO 639 code (two or three letters, as producers write them) as written, in lower case."""
    code = value.strip().lower() if isinstance(value, str) else ""
    if not _ISO_639.fullmatch(code):
        raise QueryError(
            None, None, f"{value!r} is not a language", expected="an ISO 639 code: eng, rus, ita, ..."
        )
    try:
        return language(code)
    except QueryError:
        return code
