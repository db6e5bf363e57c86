"""What the theme renders the same for many pages, rendered once.

Material renders its whole nav (``partials/nav.html``) anew for every page, though most pages of a large site
are articles outside the nav (:data:`lexcsto.site.plan.NAV_ARTICLES`), and for those the nav depends on
nothing of the page but which section holds it (the items marked active: the page's parents) and the folder
its links are made relative to (MkDocs' ``url`` filter). The nav of such a page is rendered for the first of
them and reused for the others (:class:`SharedNav`): on a site of 1,000 articles it was the largest part of
the theme's work (a nav of 16 items, 2-3 ms a page). The nav of a page in the nav (which shows that page,
its table of contents and its position) is rendered for each page as before.

Material's header (``partials/header.html``: logo, site name, palette toggles, search form) depends on
nothing of the page but the folder its links are made relative to and the page's title. It is rendered once
for each folder, with a placeholder for the title that each page's title replaces (:class:`SharedHeader`);
the first page of each folder is also rendered by the theme itself and the two compared, and where they
differ (an override of the header that uses the title otherwise) that folder's header is rendered for each
page as before.

Four blocks of Material's page (``base.html``: its stylesheets, the scripts before and after the page, and
the configuration its bundle reads) depend on nothing of the page but that folder (``base_url``, links made
relative by MkDocs' ``url`` filter): each is rendered once a folder (:class:`SharedBlocks`), by an override
of ``main.html`` that extends the theme's own. The header and these blocks are shared only where the
template is Material's own (the site's ``custom_dir`` does not override it), whose every input was read to
make sure of it; ``tests/test_site_theme.py`` builds sites both ways and compares every page.

Material's words (``lang.t("...")``, some twenty a page) come from a macro that builds its table of a
hundred translations at each call; each is looked up once (:class:`Translations`).

The plugin puts one-line templates in place of the theme's (:data:`OVERRIDES`) and the theme's own under
:data:`THEME_PREFIX` (:func:`share_theme_parts`), so every other part of the theme, and whatever overrides
the site's theme makes, stays as it is.

Material also labels each open section's sub-nav by the section's label (``aria-labelledby``), which it
writes only when the section has more than its own page in it: the section of a large instrument, whose
only entry is the instrument's page, pointed at nothing. The instrument's link is given that id
(:func:`label_lone_sections`), so the sub-nav is named by it, as a screen reader expects.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    DictLoader,
    Environment,
    PrefixLoader,
    TemplateNotFound,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup

NAV_TEMPLATE = "partials/nav.html"  # the theme's nav, as Material names it
LANGUAGE_TEMPLATE = "partials/language.html"  # the theme's words: lang.t(key)
THEME_PREFIX = "lexcsto-theme"  # the theme's own templates, under this prefix
HEADER_TEMPLATE = "partials/header.html"  # the theme's header
MAIN_TEMPLATE = "main.html"  # the page, as MkDocs asks the theme for it
BASE_TEMPLATE = "base.html"  # what Material's main.html extends
# base.html's blocks that depend on the page's folder alone: stylesheets, polyfills, configuration, scripts.
FOLDER_BLOCKS = ("styles", "libs", "config", "scripts")
BLOCK_GLOBAL = "lexcsto_block"
NAV_GLOBAL = "lexcsto_nav"
WORD_GLOBAL = "lexcsto_word"
HEADER_GLOBAL = "lexcsto_header"
# The page's title as the header writes it (Material's partials/header.html, its header-topic).
TITLE_TEMPLATE = "lexcsto/header-title.html"
OVERRIDES = {
    NAV_TEMPLATE: "{{ " + NAV_GLOBAL + "() }}",
    LANGUAGE_TEMPLATE: "{% macro t(key) %}{{ " + WORD_GLOBAL + "(key) }}{% endmacro %}",
    TITLE_TEMPLATE: "{% if page.meta and page.meta.title %}{{ page.meta.title }}{% else %}{{ page.title }}{% endif %}",
}
# Put in place only where the theme's template is Material's own (_materials_own).
HEADER_OVERRIDE = "{{ " + HEADER_GLOBAL + "() }}"
MAIN_OVERRIDE = f'{{% extends "{THEME_PREFIX}/{MAIN_TEMPLATE}" %}}' + "".join(
    f'{{% block {name} %}}{{{{ {BLOCK_GLOBAL}("{name}", super) }}}}{{% endblock %}}' for name in FOLDER_BLOCKS
)

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


_TITLE = "\x00lexcsto-page-title\x00"  # no page's title holds a NUL


class _Untitled:
    """A page as the header sees it, but for its title: the placeholder."""

    title = _TITLE
    meta: Mapping[str, Any] = MappingProxyType({})

    def __init__(self, page: Any) -> None:
        self._page = page

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


class SharedHeader:
    """Renders the theme's header for a page, once for all the pages in the same folder but for the title."""

    def __init__(self) -> None:
        self._rendered: dict[str, str | None] = {}  # by folder; None: rendered for each page

    @pass_context
    def render(self, context: Context) -> Markup:
        environment = context.environment
        theme = environment.get_template(f"{THEME_PREFIX}/{HEADER_TEMPLATE}")
        variables = context.get_all()  # as {% include %} renders it
        page = context.get("page")
        if page is None:  # a page of the theme's own (404.html)
            return Markup(theme.render(variables))
        folder = _link_folder(page.url)
        title = environment.get_template(TITLE_TEMPLATE).render(variables)
        if folder not in self._rendered:
            own = theme.render(variables)
            blank = theme.render({**variables, "page": _Untitled(page)})
            alike = blank.count(_TITLE) == 1 and blank.replace(_TITLE, title) == own
            self._rendered[folder] = blank if alike else None
            return Markup(own)
        shared = self._rendered[folder]
        if shared is None:
            return Markup(theme.render(variables))
        return Markup(shared.replace(_TITLE, title))


class SharedBlocks:
    """Renders each of the blocks of :data:`FOLDER_BLOCKS` once for all the pages in the same folder."""

    def __init__(self) -> None:
        self._rendered: dict[tuple[str, str], str] = {}  # by block and folder

    @pass_context
    def render(self, context: Context, name: str, theirs: Callable[[], str]) -> Markup:
        """Block ``name`` of this page; ``theirs`` renders the theme's (the block's ``super``)."""
        page = context.get("page")
        if page is None:  # a page of the theme's own (404.html)
            return Markup(theirs())
        key = (name, _link_folder(page.url))
        found = self._rendered.get(key)
        if found is None:
            found = self._rendered[key] = str(theirs())
        return Markup(found)


class Translations:
    """The theme's word for each key, as its ``lang.t`` gives it (from the language the site's config names,
    else English, else the key), each looked up once."""

    def __init__(self) -> None:
        self._words: dict[str, Markup] = {}

    @pass_context
    def word(self, context: Context, key: str) -> Markup:
        found = self._words.get(key)
        if found is None:
            theme = context.environment.get_template(f"{THEME_PREFIX}/{LANGUAGE_TEMPLATE}")
            words: Any = theme.make_module(context.get_all())  # its macros are its attributes
            found = self._words[key] = Markup(words.t(key))
        return found


def share_theme_parts(env: Environment, outside_nav: Collection[str]) -> Environment:
    """``env`` with the theme's nav rendered by :class:`SharedNav` (``outside_nav``: the source paths of the
    pages outside the nav), its header by :class:`SharedHeader` and its words by :class:`Translations`."""
    theme: BaseLoader | None = env.loader
    assert theme is not None  # MkDocs' environment always has its theme's loader
    overrides = dict(OVERRIDES)
    if _materials_own(env, theme, HEADER_TEMPLATE):
        overrides[HEADER_TEMPLATE] = HEADER_OVERRIDE
    if _materials_own(env, theme, MAIN_TEMPLATE) and _materials_own(env, theme, BASE_TEMPLATE):
        overrides[MAIN_TEMPLATE] = MAIN_OVERRIDE
    env.loader = ChoiceLoader([PrefixLoader({THEME_PREFIX: theme}), DictLoader(overrides), theme])
    shared = SharedNav(lambda page: page.file.src_uri in outside_nav)
    env.globals[NAV_GLOBAL] = shared.render
    env.globals[HEADER_GLOBAL] = SharedHeader().render
    env.globals[BLOCK_GLOBAL] = SharedBlocks().render
    env.globals[WORD_GLOBAL] = Translations().word
    return env


def _materials_own(env: Environment, theme: BaseLoader, name: str) -> bool:
    """Whether the theme's template ``name`` is Material's own file, not a site's override of it."""
    import material

    try:
        _, filename, _ = theme.get_source(env, name)
    except TemplateNotFound:
        return False
    return filename is not None and Path(filename).is_relative_to(Path(material.__file__).parent)


__all__ = ["OVERRIDES", "SharedBlocks", "SharedHeader", "SharedNav", "Translations", "label_lone_sections", "share_theme_parts"]
