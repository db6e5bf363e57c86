"""Rule-based NLP: pattern tables, instrument linking, the citation grammar, reference resolution, and the
spaCy pipelines with their evaluation.

Only :mod:`~lexcsto.nlp.pipeline` imports spaCy; the tables, instruments, citations and references modules
are plain Python, so the importer and the command line can resolve citations without loading spaCy.
"""
