"""The corpus: typed FRBR URIs, the frozen model, the AKN edge (the only lxml here), reading, validation,
queries as at a date, and provenance.

Modules, from the bottom up: :mod:`~lexcsto.corpus.uri` and :mod:`~lexcsto.corpus.model` (plain values),
:mod:`~lexcsto.corpus.akn` (the hardened parser and XPath), :mod:`~lexcsto.corpus.reader` (AKN files to the
model), :mod:`~lexcsto.corpus.validation` (schema and edition rules), :mod:`~lexcsto.corpus.queries` (the
:class:`~lexcsto.corpus.queries.Corpus` and its as-at queries) and :mod:`~lexcsto.corpus.provenance`
(fragments checked against their sources). :mod:`~lexcsto.corpus.files` reads user files within bounds and
holds the one atomic writer.
"""

# The environment variable that names a corpus folder for the command line and the site (kept here, with
# no imports, so that naming it costs nothing).
CORPUS_ENV = "LEXCSTO_CORPUS"
