"""Annotations: the model, the YAML store, anchoring across versions, and W3C Web Annotation JSON-LD.

Modules: :mod:`~lexcsto.annotations.annotation` (the values), :mod:`~lexcsto.annotations.store` (the files),
:mod:`~lexcsto.annotations.anchoring` (finding each quote again in every version) and
:mod:`~lexcsto.annotations.jsonld` (the exchange format).
"""

# What an anchor can be (see lexcsto.annotations.anchoring); here, where nothing else is imported, so that the
# command line can name them in its help without importing rapidfuzz and the model.
STATUSES = ("anchored", "fuzzy", "moved", "not-in-source", "orphaned")
