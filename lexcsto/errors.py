"""One hierarchy of errors, rooted at :class:`LexcstoError`.

Every error knows the file and line it is about, so that the command line can print it as
``path:line: what is wrong (what was expected)`` and a user can jump straight to the place.

>>> err = LoadError("texts/cst/x.xml", 12, "unclosed tag", expected="well-formed XML")
>>> str(err)
'texts/cst/x.xml:12: unclosed tag (expected well-formed XML)'
>>> str(QueryError(None, None, "no provision art_99 in cst"))
'no provision art_99 in cst'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is and what is wrong.

    Validation collects problems instead of stopping at the first one.

    >>> str(Problem("a.xml", 3, "duplicate eId art_1", "unique eIds"))
    'a.xml:3: duplicate eId art_1 (expected unique eIds)'
    """

    path: str | None
    line: int | None
    message: str
    expected: str | None = None
    severity: Severity = "error"  # a warning is reported and never fails a load or a validation

    def __str__(self) -> str:
        return _format(self.path, self.line, self.message, self.expected)


def _format(path: str | Path | None, line: int | None, message: str, expected: str | None) -> str:
    where = ""
    if path is not None:
        where = f"{path}:{line}: " if line is not None else f"{path}: "
    tail = f" (expected {expected})" if expected else ""
    return f"{where}{message}{tail}"


class LexcstoError(Exception):
    """The root of every error lexcsto raises on purpose."""

    def __init__(
        self,
        path: str | Path | None,
        line: int | None,
        message: str,
        *,
        expected: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        self.expected = expected
        super().__init__(_format(self.path, line, message, expected))

    @property
    def problem(self) -> Problem:
        return Problem(self.path, self.line, self.message, self.expected)


class LoadError(LexcstoError):
    """A file could not be read or parsed: malformed, hostile or of the wrong shape."""


class ValidationError(LexcstoError):
    """A corpus breaks the schema or an integrity rule; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0] if problems else Problem(None, None, "invalid corpus")
        super().__init__(first.path, first.line, first.message, expected=first.expected)
        self.args = ("\n".join(str(p) for p in problems),)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class QueryError(LexcstoError):
    """A question the corpus cannot answer: unknown work or eId, a date before signature."""


class DiffError(LexcstoError):
    """Two texts cannot be compared as asked."""


class ConsolidationError(LexcstoError):
    """A modification cannot be applied to the text it targets."""


class AnnotationError(LexcstoError):
    """An annotation file is malformed or an annotation cannot be resolved."""


class TextImportError(LexcstoError):
    """An official text could not be imported into Akoma Ntoso."""


class AmendingInstructionError(TextImportError):
    """Amending instructions that cannot be read, or whose target or old words are not in the text amended;
    carries every one, each with its input line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0] if problems else Problem(None, None, "unreadable amending instructions")
        super().__init__(first.path, first.line, first.message, expected=first.expected)
        self.args = ("\n".join(str(p) for p in problems),)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class NlpError(LexcstoError):
    """A pattern file or an NLP request is wrong."""


class SiteError(LexcstoError):
    """The site cannot be built as configured."""
