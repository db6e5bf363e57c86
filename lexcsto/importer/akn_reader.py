"""Akoma Ntoso as written by the importer, read back into a :class:`~lexcsto.importer.tree.Document`: the
first half of the round trip AKN -> plain text -> AKN.

Block line numbers come from the provenance block (``lx:fragment/@lines``); units the importer does not
write (``hcontainer``, ``chapter`` content outside the six kinds) are refused, since a round trip through
plain text could not keep them.

>>> doc = read_bytes(b'''<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="act">
... <body><article eId="art_1"><num>Article 1</num><heading>Purposes</heading>
... <content><p>The Parties shall consult.</p></content></article></body></act></akomaNtoso>''')
>>> u = doc.body[0]
>>> (u.kind, u.num, u.heading.text, u.text[0].text)
('article', 'Article 1', 'Purposes', 'The Parties shall consult.')
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from lexcsto.corpus.akn import AKN_NS, LX_NS, line_of, local_name, parse_bytes
from lexcsto.corpus.model import Lines
from lexcsto.errors import TextImportError
from lexcsto.importer.tree import KINDS, Block, Document, Unit


def _text(el: etree._Element) -> str:
    return " ".join("".join(str(t) for t in el.itertext()).split())


class _Reader:
    def __init__(self, root: etree._Element, path: str) -> None:
        self.path = path
        self.lines: dict[str, Lines] = {}
        for frag in root.iter(f"{{{LX_NS}}}fragment"):
            value = frag.get("lines", "")
            if value:
                self.lines[frag.get("eId", "")] = Lines.parse(value)

    def block(self, p: etree._Element, owner: str, kind: str = "p") -> Block:
        lines = self.lines.get(p.get("eId") or owner, Lines(1, 1))
        if p.find(f"{{{AKN_NS}}}signature") is not None:
            kind = "signature"
        return Block(_text(p), lines.start, lines.end, kind)

    def blocks(self, container: etree._Element | None) -> tuple[Block, ...]:
        if container is None:
            return ()
        out: list[Block] = []
        for child in container:
            if not isinstance(child.tag, str):
                continue
            name = local_name(child)
            if name == "p":
                out.append(self.block(child, ""))
            elif name == "formula":
                out.extend(self.block(p, "", "formula") for p in child.iter(f"{{{AKN_NS}}}p"))
            elif name == "longTitle":
                out.extend(self.block(p, "") for p in child.iter(f"{{{AKN_NS}}}p"))
        return tuple(out)

    def unit(self, el: etree._Element) -> Unit:
        kind = local_name(el)
        if kind not in KINDS:
            raise TextImportError(
                self.path, line_of(el), f"cannot render a {kind}", expected=", ".join(KINDS)
            )
        eid = el.get("eId", "")
        num = heading = ""
        text: list[Block] = []
        children: list[Unit] = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = local_name(child)
            if name == "num":
                num = _text(child)
            elif name == "heading":
                heading = _text(child)
            elif name in ("intro", "content"):
                text.extend(self.block(p, eid) for p in child.iter(f"{{{AKN_NS}}}p") if _text(p))
            elif name in KINDS:
                children.append(self.unit(child))
        lines = self.lines.get(eid)
        line = lines.start if lines else 0
        head = Block(heading, line, line) if heading else None
        return Unit(kind, num, head, tuple(text), tuple(children), line)

    def document(self, act: etree._Element) -> Document:
        ns = {"a": AKN_NS}
        body = act.find("a:body", ns)
        if body is None:
            raise TextImportError(self.path, line_of(act), "no body", expected="an act with a body")
        units = tuple(self.unit(c) for c in body if isinstance(c.tag, str))
        return Document(
            title=self.blocks(act.find("a:preface", ns)),
            preamble=self.blocks(act.find("a:preamble", ns)),
            body=units,
            conclusions=self.blocks(act.find("a:conclusions", ns)),
        )


def read_root(root: etree._Element, path: str = "") -> Document:
    acts = [c for c in root if isinstance(c.tag, str)]
    if not acts:
        raise TextImportError(path, None, "no document inside akomaNtoso", expected="an act")
    return _Reader(root, path).document(acts[0])


def read_bytes(data: bytes, path: str = "<bytes>") -> Document:
    return read_root(parse_bytes(data, path), path)


def read_file(path: str | Path) -> Document:
    p = Path(path)
    return read_bytes(p.read_bytes(), str(p))
