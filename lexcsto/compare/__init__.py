"""Comparing versions: word tokens, classification (substantive / wording / unknown), text operations,
provision alignment, redlines between expressions, the translation view, and consolidation.

Modules, from the bottom up: :mod:`~lexcsto.compare.tokens`, :mod:`~lexcsto.compare.classification`,
:mod:`~lexcsto.compare.consolidation`, :mod:`~lexcsto.compare.operations`, :mod:`~lexcsto.compare.alignment`,
:mod:`~lexcsto.compare.redline` and :mod:`~lexcsto.compare.translations`.
"""
