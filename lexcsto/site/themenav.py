"""The theme's nav, rendered once for the pages that share it.

Material renders its whole nav (``partials/nav.html``) anew for every page, though most pages of a large site
are articles outside the nav (:data:`lexcsto.site.plan.NAV_ARTICLES`), and for those the nav depends on
nothing of the page but which section holds it (the items marked active: the page's parents) and the folder
its links are made relative to (MkDocs' ``url`` filter). The nav of such a page is rendered for the first of
them and reused for the others: on a site of 1,000 articles it was the largest part of the theme's work (a
nav of 16 items, 2-3 ms a page). The nav of a page in the nav (which shows that page, its table of contents
and its position) is rendered for each page as before.

The plugin puts :data:`NAV_TEMPLATE` in place of the theme's template and the theme's own under
:data:`THEME_PREFIX` (:func:`share_nav`), so every other part of the theme, and whatever overrides the
site's theme makes, stays as it is.

Material also labels each open section's sub-nav by the section's label (``aria-labelledby``), which it
writes only when the section has more than its own page in it: the section of a large instrument, whose
only entry is the instrument's page, pointed at nothing. The instrument's link is given that id
(:func:`label_lone_sections`), so the sub-nav is named by it, as a screen reader expects.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, DictLoader, Environment, PrefixLoader, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

NAV_TEMPLATE = "partials/nav.html"  # the theme's nav, as Material names it
THEME_PREFIX = "lexcsto-theme"  # the theme's own templates, under this prefix
NAV_GLOBAL = "lexcsto_nav"

# An open section whose index page is its only entry: its index link, then its sub-nav labelled by a label
# Material did not write (nav-item.html writes "{path}_label" only for a section of two entries or more).
_LONE_SECTION = re.compile(
    r'(id="(?P<path>__nav[\w]*)"[^>]*>\s*<div class="md-nav__link md-nav__container">\s*<a )'
    r'(?P<rest>[^>]*>(?:(?!<label\b)[\s\S])*?</a>\s*</div>\s*<nav [^>]*aria-labelledby="(?P=path)_label")'
)


def label_lone_sections(nav: str) -> str:
    """``nav`` with each section that holds only its own page given the label its sub-nav is named by:
    the id goes on the section's link.

    >>> html = ('<input id="__nav_3_1" checked><div class="md-nav__link md-nav__container">'
    ...         '<a href="index.html" class="md-nav__link ">X</a></div>'
    ...         '<nav class="md-nav" aria-labelledby="__nav_3_1_label">')
    >>> label_lone_sections(html).count('id="__nav_3_1_label"')
    1
    >>> two = html.replace('</a></div>', '</a><label id="__nav_3_1_label"></label></div>')
    >>> label_lone_sections(two) == two
    True
    """
    return _LONE_SECTION.sub(lambda m: f'{m[1]}id="{m["path"]}_label" {m["rest"]}', nav)


def _link_folder(url: str) -> str:
    """The folder MkDocs makes a page's links relative to (``get_relative_url`` drops a last part with a dot
    in it, a file)."""
    folder, _, last = url.rpartition("/")
    return folder if "." in last else url


class SharedNav:
    """Renders the theme's nav for a page, once for all the pages outside the nav under the same section
    and in the same folder."""

    def __init__(self, outside_nav: Callable[[Any], bool]) -> None:
        self._outside_nav = outside_nav
        self._rendered: dict[tuple[int, str], Markup] = {}

    @pass_context
    def render(self, context: Context) -> Markup:
        page = context.get("page")
        key = None
        if page is not None and self._outside_nav(page):
            key = (id(page.parent), _link_folder(page.url))
            if key in self._rendered:
                return self._rendered[key]
        template = context.environment.get_template(f"{THEME_PREFIX}/{NAV_TEMPLATE}")
        # As {% include %} renders it: the including template's context, its variables included.
        nav = Markup(label_lone_sections(template.render(context.get_all())))
        if key is not None:
            self._rendered[key] = nav
        return nav


def share_nav(env: Environment, outside_nav: Collection[str]) -> Environment:
    """``env`` with the theme's nav rendered by :class:`SharedNav` (``outside_nav``: the source paths of the
    pages outside the nav)."""
    theme: BaseLoader | None = env.loader
    assert theme is not None  # MkDocs' environment always has its theme's loader
    env.loader = ChoiceLoader(
        [
            PrefixLoader({THEME_PREFIX: theme}),
            DictLoader({NAV_TEMPLATE: "{{ %s() }}" % NAV_GLOBAL}),
            theme,
        ]
    )
    shared = SharedNav(lambda page: page.file.src_uri in outside_nav)
    env.globals[NAV_GLOBAL] = shared.render
    return env


__all__ = ["NAV_TEMPLATE", "SharedNav", "label_lone_sections", "share_nav"]
