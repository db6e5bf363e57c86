"""What the reading commands print: styled through rich at a terminal, the same text written plainly when piped.

Styling is for a person at a terminal. Piped output (another tool, a file, a test) has none, so it needs
no rich: importing rich's console, markup and text costs about 0.05 s of CPU, a tenth of a warm ``lexcsto
show`` (issue 13), which a piped command does not pay. What is written is the text rich would write to a
pipe: lines whole (never wrapped), control characters rich strips stripped, tabs expanded, table columns
padded to their widest cell and two spaces apart, as rich's ``Table(box=None, pad_edge=False)`` lays them out.
``FORCE_COLOR`` (which rich honours on a pipe too) keeps rich.

>>> plain_table(("a", "bb"), [("ccc", "d")])
['a    bb', 'ccc  d ']
>>> plain_line([("Article 4", "bold"), (" \\u2014 text\\r", "")])
'Article 4 \u2014 text'
"""

import os
import sys
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

Part = tuple[str, str]  # some text and its rich style ("" for none)
_CONTROL = dict.fromkeys((7, 8, 11, 12, 13))  # bell, backspace, vertical tab, form feed, carriage return


def styled() -> bool:
    """Whether output goes to a terminal (or colour is forced): then rich prints it."""
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


@cache
def console() -> "Console":
    """The terminal, made on first use."""
    from rich.console import Console

    # Piped output keeps whole lines, never cut or wrapped (other tools read it); a terminal gets its width.
    return Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 100_000)


def plain_line(parts: Sequence[Part]) -> str:
    """The text of styled parts as rich writes it to a pipe."""
    return "".join(text for text, _ in parts).translate(_CONTROL).expandtabs(8)


def write(*lines: Sequence[Part]) -> None:
    """Lines of styled parts (a line may hold newlines), each ended by a newline."""
    if styled():
        from rich.text import Text

        for parts in lines:
            text = Text()
            for chunk, style in parts:
                text.append(chunk, style=style or None)
            console().print(text)
        return
    sys.stdout.write("".join(plain_line(parts) + "\n" for parts in lines))


def _width(text: str) -> int:
    """Terminal cells: an East Asian wide or full-width character takes two, as rich counts them."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def plain_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table as rich's ``Table(*header, box=None, pad_edge=False)`` writes it to a pipe."""
    cells = [[plain_line([(c, "")]) for c in row] for row in (header, *rows)]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
    return ["  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)) for row in cells]


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table of plain cells: rich's at a terminal, :func:`plain_table` on a pipe."""
    if styled():
        from rich.table import Table

        drawn = Table(*header, box=None, pad_edge=False)
        for row in rows:
            drawn.add_row(*row)
        console().print(drawn)
        return
    sys.stdout.write("".join(line + "\n" for line in plain_table(header, rows)))
