"""The published site: a MkDocs plugin that builds pages from the corpus and its annotations.

``plugin`` is the MkDocs side (``plugins: [lexcsto]``); ``pages`` makes every page as Markdown from the
corpus through the templates in ``templates/``; ``text``, ``article``, ``timeline`` and ``markup`` make the
HTML fragments; ``urls`` gives each page its stable path from the AKN URI.
"""
