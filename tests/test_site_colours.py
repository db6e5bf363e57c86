"""The site's colours, read from its stylesheet: text on every mark at least 4.5:1, the line of a mark
against its background at least 3:1 (WCAG 1.4.3 and 1.4.11), in the light palette and in Material's dark
``slate`` one; and deleted and inserted words still tell apart under red-green colour blindness."""

from __future__ import annotations

import re
from importlib import resources

import pytest

CSS = (resources.files("lexcsto.site") / "assets" / "lexcsto.css").read_text(encoding="utf-8")
# The page backgrounds of the two palettes (Material: white; slate: hsl(232, 15%, 14%)).
PAGE = {"light": "#ffffff", "dark": "#1e2029"}
MARKS = ("ins", "del", "wording")


def _variables(selector: str) -> dict[str, str]:
    block = re.search(re.escape(selector) + r"\s*\{(.*?)\}", CSS, re.S)
    assert block is not None, selector
    return dict(re.findall(r"--lx-([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block.group(1)))


PALETTES = {
    "light": _variables(":root"),
    "dark": {**_variables(":root"), **_variables('[data-md-color-scheme="slate"]')},
}


def _linear(hex_colour: str) -> tuple[float, float, float]:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return r, g, b


def _luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours.

    >>> round(contrast("#000000", "#ffffff"), 1)
    21.0
    """
    la, lb = sorted((_luminance(_linear(a)), _luminance(_linear(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Machado, Oliveira and Fernandes (2009), deuteranopia at full severity, on linear RGB.
_DEUTERANOPIA = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)


def _deuteranope(hex_colour: str) -> tuple[float, float, float]:
    """The colour as a deuteranope sees it, gamma-encoded again (0-1 per channel)."""
    rgb = _linear(hex_colour)
    seen = [min(max(sum(m * c for m, c in zip(row, rgb, strict=True)), 0.0), 1.0) for row in _DEUTERANOPIA]
    r, g, b = (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055 for c in seen)
    return r, g, b


@pytest.mark.parametrize("palette", sorted(PALETTES))
@pytest.mark.parametrize("mark", MARKS)
def test_text_on_a_mark_is_legible(palette: str, mark: str) -> None:
    colours = PALETTES[palette]
    assert contrast(colours[f"{mark}-fg"], colours[f"{mark}-bg"]) >= 4.5


@pytest.mark.parametrize("palette", sorted(PALETTES))
@pytest.mark.parametrize("mark", MARKS)
def test_the_line_of_a_mark_stands_out(palette: str, mark: str) -> None:
    colours = PALETTES[palette]
    assert contrast(colours[f"{mark}-line"], colours[f"{mark}-bg"]) >= 3
    assert contrast(colours[f"{mark}-line"], PAGE[palette]) >= 3


@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_muted_text_and_highlights_are_legible(palette: str) -> None:
    colours = PALETTES[palette]
    assert contrast(colours["fg-muted"], PAGE[palette]) >= 4.5
    assert contrast(colours["mark-fg"], colours["mark-bg"]) >= 4.5
    assert contrast(colours["unknown-fg"], PAGE[palette]) >= 4.5


@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_deleted_and_inserted_words_differ_under_red_green_colour_blindness(palette: str) -> None:
    colours = PALETTES[palette]
    for part in ("fg", "line"):  # the pale backgrounds may look alike: the lines and words may not
        ins, dele = _deuteranope(colours[f"ins-{part}"]), _deuteranope(colours[f"del-{part}"])
        # Blue against red-brown: the blue channel sets them apart where red and green no longer do.
        assert abs(ins[2] - dele[2]) > 0.15, part
