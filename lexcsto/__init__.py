"""lexcsto: the legal texts of the Collective Security Treaty Organization, versioned, compared, annotated."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
