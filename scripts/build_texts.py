"""Write the Akoma Ntoso files of texts/ from scripts/corpus.yaml and the seed files.

The XML in texts/ is the canonical corpus; this script is how it was made, and how it is remade after an
edit to the spec. It never types treaty text itself: every piece of text is cut out of a seed file by its
line range and two anchors (``start`` ... ``end``, both included), after the normalisations the edition
allows (whitespace folded; recorded ``clean`` fixes). A piece that cannot be found stops the build.

    .venv/bin/python scripts/build_texts.py            # rewrite texts/**/*.xml
    .venv/bin/python scripts/build_texts.py --check    # exit 1 if a file would change

Seeds are read from ../shared/seeds beside the checkout (or --seeds DIR).

The elements both this script and the importer write (FRBR identification, lifecycle events, TLC entries,
``lx:fragment`` provenance, cited facts, omitted provisions) are written by ``lexcsto.importer.akn_meta``;
what is the edition's alone (its spec format, the pieces cut by anchors, marks, textual modifications,
quoted structures, the work facts and the indentation of the files) is here.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from lexcsto.corpus.akn import AKN_NS, LX_NS
from lexcsto.corpus.files import write_atomic
from lexcsto.corpus.uri import FrbrUri
from lexcsto.importer.akn_meta import (
    Fragment,
    Identification,
    LifecycleEvent,
    akn,
    append_text,
    cite,
    edition_organization,
    event_concept,
    lx,
    omitted_content,
    organization,
    original,
    source_reference,
    sub,
    write_identification,
    write_lifecycle,
    write_provenance,
)

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "texts"
SPEC = Path(__file__).resolve().with_name("corpus.yaml")
# The manifestation date is the date this edition's files were first generated; fixed so that a rebuild
# of an unchanged spec gives byte-identical files.
EDITION_DATE = "2026-11-22"

# The edition's own labels: the TLCEvent names of texts/ (the importer's table says "Registration" only,
# since an imported text need not be registered with the UN).
EVENT_LABELS = {
    "signature": "Signature",
    "adoption": "Adoption",
    "entryIntoForce": "Entry into force",
    "registration": "Registration with the UN Secretariat",
    "accession": "Accession",
    "amendment": "Amendment",
    "extension": "Extension",
    "replacement": "Replacement",
    "suspension": "Suspension",
}
KIND_SINGULAR = {"article": "Article"}


class SpecError(Exception):
    pass


@dataclass(frozen=True)
class Seeds:
    folder: Path
    files: dict[str, str]  # source id -> file name

    def lines(self, source: str, span: str) -> str:
        """The lines START-END of a source, joined with single spaces, whitespace folded."""
        start, _, end = span.partition("-")
        first, last = int(start), int(end or start)
        path = self.folder / self.files[source]
        all_lines = path.read_text(encoding="utf-8").split("\n")
        if last > len(all_lines):
            raise SpecError(f"{source} has {len(all_lines)} lines, not {last}")
        return " ".join(" ".join(all_lines[first - 1 : last]).split())


def cut(seeds: Seeds, piece: dict[str, Any]) -> str:
    """The text of one piece: from ``start`` to ``end`` (both included) in the normalised lines."""
    text = seeds.lines(piece["source"], str(piece["lines"]))
    for fix in piece.get("clean", []):
        if fix["from"] not in text:
            raise SpecError(f"clean {fix['from']!r} not in {piece['source']} {piece['lines']}")
        text = text.replace(fix["from"], fix["to"])
    begin = text.find(piece["start"])
    if begin < 0:
        raise SpecError(f"start {piece['start']!r} not in {piece['source']} lines {piece['lines']}")
    stop = text.find(piece["end"], begin)
    if stop < 0:
        raise SpecError(f"end {piece['end']!r} not after start in {piece['source']} lines {piece['lines']}")
    result = text[begin : stop + len(piece["end"])]
    if "expect" in piece and piece["expect"] != result:
        raise SpecError(f"piece differs from expect: {result!r}")
    return result


def fill_inline(parent: etree._Element, text: str, marks: list[dict[str, Any]], eid_base: str) -> None:
    """Append ``text`` to ``parent``, wrapping each mark (ref, term, def) around its words, in order."""
    pos = 0
    last: etree._Element | None = None
    counters: dict[str, int] = {}

    def put(s: str) -> None:
        if s:
            append_text(parent, last, s)

    # Continue after any element already in parent (an omissis before this piece).
    if len(parent):
        last = parent[-1]
    for mark in marks:
        at = text.find(mark["text"], pos)
        if at < 0:
            raise SpecError(f"mark {mark['text']!r} not found in {text!r} after {pos}")
        put(text[pos:at])
        kind = mark["kind"]
        el = etree.SubElement(parent, akn(kind))
        if kind == "ref":
            counters["ref"] = counters.get("ref", 0) + 1
            el.set("eId", f"{eid_base}__ref_{counters['ref']}")
            el.set("href", mark["href"])
        else:
            el.set("refersTo", mark["refersTo"])
        el.text = mark["text"]
        last = el
        pos = at + len(mark["text"])
    put(text[pos:])


@dataclass
class Build:
    seeds: Seeds
    sources: list[dict[str, Any]]
    works: dict[str, dict[str, Any]]
    used: set[str] = field(default_factory=set)

    def uri(self, short: str) -> str:
        return str(self.works[short]["uri"])

    # ---- one expression file -------------------------------------------------------------------------

    def document(self, work: dict[str, Any], expr: dict[str, Any], carries_work: bool) -> etree._Element:
        root = etree.Element(akn("akomaNtoso"), nsmap={None: AKN_NS})  # type: ignore[dict-item]
        act = sub(root, "act", name="act")
        meta = sub(act, "meta")
        fragments: list[Fragment] = []
        self.identification(meta, work, expr)
        self.lifecycle(meta, work)
        self.analysis(meta, work, expr)
        self.references(meta, work, expr)
        texts = expr.get("texts", {})
        self.used = set()
        if work.get("preamble"):
            self.preamble(act, work, texts, fragments, expr)
        body = sub(act, "body")
        for node in self.structure(work):
            self.provision(body, node, texts, fragments, expr)
        unused = set(texts) - self.used
        if unused:
            raise SpecError(f"{work['short']} {expr['date']}: texts for unknown eIds {sorted(unused)}")
        self.proprietary(meta, work, expr, fragments, carries_work)
        return root

    def identification(self, meta: etree._Element, work: dict[str, Any], expr: dict[str, Any]) -> None:
        uri = FrbrUri.parse(work["uri"])
        parts = uri.parts()  # cobalt's reading: "aa-csto" is country "aa", locality "csto"
        place = "-".join(part for part in (parts.get("country"), parts.get("locality")) if part)
        write_identification(
            meta,
            Identification(
                work=work["uri"],
                expression=f"{work['uri']}/eng@{expr['date']}",
                title=work["title"],
                short=work["short"],
                aliases=tuple(work.get("aliases", [])),
                work_date=work["date"],
                work_date_name=work.get("date_name", "signature"),
                work_author=work.get("author", "csto"),
                country=place,
                subtype=parts["subtype"],
                number=uri.number,
                version=expr["date"],
                expression_author=expr.get("source") or "lexcsto",
                language="eng",
                generated=EDITION_DATE,
            ),
        )

    def lifecycle(self, meta: etree._Element, work: dict[str, Any]) -> None:
        events = []
        for ev in work.get("events", []):
            by = ev.get("by")
            amends = bool(by) and ev["kind"] in ("amendment", "extension", "replacement")
            events.append(
                LifecycleEvent(
                    str(ev["date"]), by or "original", ev["kind"], "amendment" if amends else "generation"
                )
            )
        write_lifecycle(meta, events)

    def analysis(self, meta: etree._Element, work: dict[str, Any], expr: dict[str, Any]) -> None:
        active = work.get("modifications", [])
        passive = [
            (other, mod)
            for other in self.works.values()
            for mod in other.get("modifications", [])
            if mod["target"] == work["short"] and str(mod.get("version", "")) == str(expr["date"])
        ]
        if not active and not passive:
            return
        an = sub(meta, "analysis", source="#lexcsto")
        if active:
            box = sub(an, "activeModifications")
            for i, mod in enumerate(active, 1):
                self.textual_mod(box, f"amod_{i}", work, mod, local=True)
        if passive:
            box = sub(an, "passiveModifications")
            for i, (other, mod) in enumerate(passive, 1):
                self.textual_mod(box, f"pmod_{i}", other, mod, local=False)

    def textual_mod(
        self, box: etree._Element, eid: str, by: dict[str, Any], mod: dict[str, Any], local: bool
    ) -> None:
        """One textualMod; ``local`` when written in the amending instrument itself (``new`` is then #eId)."""
        tm = sub(box, "textualMod", eId=eid, type=mod["type"])
        sub(tm, "source", href=f"{by['uri']}/!main~{mod['item']}")
        sub(tm, "destination", href=f"{self.uri(mod['target'])}/!main~{mod['destination']}")
        if mod.get("old_unknown"):
            sub(tm, "old")  # words are changed, but no source says which
        if mod.get("new"):
            sub(tm, "new", href=f"#{mod['new']}" if local else f"{by['uri']}/!main~{mod['new']}")

    def references(self, meta: etree._Element, work: dict[str, Any], expr: dict[str, Any]) -> None:
        refs = sub(meta, "references", source="#lexcsto")
        original(refs, work["uri"], work["title"])
        seen: set[str] = set()
        for ev in work.get("events", []):
            by = ev.get("by")
            if by and by not in seen:
                seen.add(by)
                sub(refs, "passiveRef", eId=by, href=self.uri(by), showAs=self.works[by]["title"])
        for mod in work.get("modifications", []):
            target = mod["target"]
            if target not in seen:
                seen.add(target)
                sub(refs, "activeRef", eId=target, href=self.uri(target), showAs=self.works[target]["title"])
        for source in self.sources:
            source_reference(refs, source["id"], f"{source['file']}: {source['title']}")
        edition_organization(refs)
        author = work.get("author", "csto")
        authors = {
            "csto": ("/ontology/organization/aa-csto/csto", "The States Parties to the CST / CSTO"),
            "un": ("/ontology/organization/un/un", "United Nations"),
            "nato": ("/ontology/organization/aa-nato/parties", "The Parties to the North Atlantic Treaty"),
        }
        href, show = authors[author]
        organization(refs, author, href, show)
        for kind in sorted({ev["kind"] for ev in work.get("events", [])}):
            event_concept(refs, kind, EVENT_LABELS[kind])
        for concept in expr.get("concepts", []):
            sub(
                refs,
                "TLCConcept",
                eId=concept["eId"],
                href=f"/ontology/concept/lexcsto/{concept['eId']}",
                showAs=concept["showAs"],
            )

    def proprietary(
        self,
        meta: etree._Element,
        work: dict[str, Any],
        expr: dict[str, Any],
        fragments: list[Fragment],
        carries_work: bool,
    ) -> None:
        prop = sub(meta, "proprietary", source="#lexcsto")
        write_provenance(prop, fragments)
        lw = etree.SubElement(prop, lx("work"), nsmap={"lx": LX_NS})
        if carries_work:
            self.work_facts(lw, work)
        ex = etree.SubElement(lw, lx("expression"))
        ex.set("default", "true" if expr.get("default") else "false")
        if expr.get("translation"):
            ex.set("translation", expr["translation"])

    def work_facts(self, lw: etree._Element, work: dict[str, Any]) -> None:
        status = work.get("status")
        if isinstance(status, dict):  # a status a source gives "as of" a date: say so, with the source
            lw.set("status", status["value"])
            lw.set("statusAsOf", str(status["as_of"]))
            lw.set("statusSource", f"#{status['source']}")
            lw.set("statusLines", str(status["lines"]))
        elif status:
            lw.set("status", status)
        if work.get("external"):
            lw.set("external", "true")
        for party in work.get("parties", []):
            p = etree.SubElement(lw, lx("party"))
            p.set("name", party["name"] if isinstance(party, dict) else party)
            if isinstance(party, dict) and party.get("note"):
                p.set("note", party["note"])
        for rel in work.get("relations", []):
            r = etree.SubElement(lw, lx("relation"))
            r.set("kind", rel["kind"])
            r.set("href", self.uri(rel["target"]))
            if rel.get("provisions"):
                r.set("provisions", " ".join(rel["provisions"]))
            self.cite(r, rel)
        for claim in work.get("claims", []):
            c = etree.SubElement(lw, lx("dateClaim"))
            c.set("kind", claim["kind"])
            if claim.get("party"):
                c.set("party", claim["party"])
            c.set("value", str(claim["value"]))
            self.cite(c, claim)
            c.set("chosen", "true" if claim.get("chosen") else "false")
            if claim.get("note"):
                c.set("note", " ".join(str(claim["note"]).split()))
        for ref in work.get("references", []):
            r = etree.SubElement(lw, lx("reference"))
            r.set("eId", ref["eid"])
            r.set("href", ref["href"])
            r.set("text", ref["text"])
            self.cite(r, ref)
        for flag in editorial_flags(work):
            e = etree.SubElement(lw, lx("editorial"))
            e.set("field", flag["field"])
            e.set("note", " ".join(str(flag["note"]).split()))
        notes = list(work.get("notes", []))
        if work.get("preamble"):
            notes.append(work["preamble"] | {"text": work["preamble"]["note"], "note": ""})
        for note in notes:
            n = etree.SubElement(lw, lx("note"))
            if isinstance(note, dict):
                self.cite(n, note)
                n.text = " ".join(str(note["text"]).split())
            else:
                n.text = " ".join(str(note).split())

    @staticmethod
    def cite(el: etree._Element, item: dict[str, Any]) -> None:
        """Where a fact comes from; a date claim's note is set after ``chosen``, by the caller."""
        note = "" if el.tag == lx("dateClaim") else " ".join(str(item.get("note") or "").split())
        cite(el, item.get("source", ""), str(item.get("lines") or ""), note)

    # ---- the body --------------------------------------------------------------------------------------

    def structure(self, work: dict[str, Any]) -> list[dict[str, Any]]:
        """The work's provisions, shared by all its expressions; ``articles: N`` is shorthand for 1..N."""
        nodes: list[dict[str, Any]] = []
        count = work.get("articles")
        extra = {n["eid"]: n for n in work.get("structure", [])}
        if count:
            numbers = range(1, count + 1) if isinstance(count, int) else count
            for n in numbers:
                eid = f"art_{n}"
                nodes.append(
                    extra.pop(eid, {"eid": eid}) | {"eid": eid, "kind": "article", "num": f"Article {n}"}
                )
        nodes.extend(extra.values())
        if not nodes:
            nodes = [{"eid": "hcontainer_1", "kind": "hcontainer", "name": "text"}]
        return nodes

    def preamble(
        self,
        act: etree._Element,
        work: dict[str, Any],
        texts: dict[str, Any],
        fragments: list[Fragment],
        expr: dict[str, Any],
    ) -> None:
        """The preamble, only for a work a source says has one (``preamble:`` names that source).

        Its paragraphs sit directly in <preamble> (no <content>); with no text for eId ``preamble`` in the
        expression, the one paragraph is <omissis/>: the preamble exists, its words are not quoted.
        """
        cited = work["preamble"]
        if not (cited.get("source") and cited.get("lines")):
            raise SpecError(f"{work['short']}: preamble needs the source and lines that cite it")
        p = sub(sub(act, "preamble", eId="preamble"), "p")
        spec = texts.get("preamble")
        if spec is None:
            sub(p, "omissis")
            return
        self.used.add("preamble")
        self.content(p, "preamble", spec, fragments, expr)

    def provision(
        self,
        parent: etree._Element,
        node: dict[str, Any],
        texts: dict[str, Any],
        fragments: list[Fragment],
        expr: dict[str, Any],
    ) -> None:
        kind = node.get("kind", "paragraph")
        el = sub(parent, kind, eId=node["eid"])
        if kind == "hcontainer":
            el.set("name", node.get("name", "text"))
        if node.get("num"):
            sub(el, "num").text = node["num"]
        children = node.get("children", [])
        if children:
            if node.get("intro") == "omissis":  # words before the list that the source does not quote
                sub(sub(el, "intro"), "p").append(etree.Element(akn("omissis")))
            for child in children:
                child = dict(child)
                child["eid"] = f"{node['eid']}__{child['eid']}"
                self.provision(el, child, texts, fragments, expr)
            return
        spec = texts.get(node["eid"])
        if spec is None:
            omitted_content(el)
            return
        p = sub(sub(el, "content"), "p")
        self.used.add(node["eid"])
        self.content(p, node["eid"], spec, fragments, expr)

    def content(
        self,
        p: etree._Element,
        eid: str,
        spec: dict[str, Any],
        fragments: list[Fragment],
        expr: dict[str, Any],
    ) -> None:
        pieces = spec.get("pieces", ["omissis"])
        sources = {piece["source"] for piece in pieces if piece != "omissis"}
        if len(sources) > 1:
            raise SpecError(f"{eid}: one source per element, got {sources}")
        starts, ends, cleans = [], [], []
        for piece in pieces:
            if piece == "omissis":
                sub(p, "omissis")
                continue
            text = cut(self.seeds, piece)
            fill_inline(p, text, piece.get("marks", []), eid)
            first, _, last = str(piece["lines"]).partition("-")
            starts.append(int(first))
            ends.append(int(last or first))
            cleans.extend(piece.get("clean", []))
        if spec.get("structure"):
            self.quoted(p, eid, spec["structure"], fragments, expr)
        if not sources:
            return
        fragments.append(
            Fragment(
                eid=eid,
                source=sources.pop(),
                lines=f"{min(starts)}-{max(ends)}",
                cleans=tuple((fix["from"], fix["to"], fix["reason"]) for fix in cleans),
                note=spec.get("note", ""),
            )
        )

    def quoted(
        self,
        p: etree._Element,
        eid: str,
        spec: dict[str, Any],
        fragments: list[Fragment],
        expr: dict[str, Any],
    ) -> None:
        """A restated provision inside an amending instrument: <mod><quotedStructure> with its own texts."""
        mod = sub(p, "mod", eId=f"{eid}__mod_1")
        qs = sub(mod, "quotedStructure", eId=f"{eid}__mod_1__qstr_1", startQuote="“", endQuote="”")
        prefix = f"{eid}__mod_1__qstr_1__"
        texts = {prefix + k: v for k, v in spec["texts"].items()}
        for node in spec["nodes"]:
            node = dict(node)
            node["eid"] = prefix + node["eid"]
            node["children"] = [dict(c) for c in node.get("children", [])]
            self.provision(qs, node, texts, fragments, expr)

    # ---- files -------------------------------------------------------------------------------------------

    def files(self) -> dict[Path, bytes]:
        out: dict[Path, bytes] = {}
        for work in self.works.values():
            expressions = work.get("expressions") or [{"date": work["date"]}]
            host = next((e for e in expressions if e.get("default")), expressions[0])
            for expr in expressions:
                expr.setdefault("date", work["date"])
                # A work whose facts another builder writes (the importer): only its expression here.
                carries = expr is host and not work.get("facts_elsewhere")
                root = self.document(work, expr, carries_work=carries)
                name = f"eng@{expr['date']}" + (f".{expr['source']}" if expr.get("source") else "") + ".xml"
                indent(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
                out[TEXTS / work["short"] / name] = data
        return out


def editorial_flags(work: dict[str, Any]) -> list[dict[str, Any]]:
    """What the edition supplied itself for a work (title, article numbers, structure), as data.

    ``articles: N`` is editorial unless the work says a source counts its articles (``articles_counted``):
    the numbers 1..N run on to the highest article a source cites.
    """
    flags = list(work.get("editorial", []))
    count = work.get("articles")
    if isinstance(count, int) and not work.get("articles_counted") and count > 1:
        flags.append(
            {
                "field": "articles",
                "note": f"Articles 1-{count}: numbered on to the highest article a source cites; no source "
                "gives the number of articles, and those no source cites are there because the numbering "
                "runs on.",
            }
        )
    return flags


def indent(el: etree._Element, level: int = 0) -> None:
    """Indent the element structure, never the inside of mixed content (a ``p`` keeps its text exactly)."""
    mixed = (el.text and el.text.strip()) or any(c.tail and c.tail.strip() for c in el)
    if len(el) == 0 or mixed or etree.QName(el).localname in ("p", "num", "heading"):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        indent(child, level + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * level


def load_build(seeds_dir: Path) -> Build:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    sources = yaml.safe_load((TEXTS / "sources.yaml").read_text(encoding="utf-8"))
    works: dict[str, dict[str, Any]] = {}
    for work in spec["works"]:
        work["date"] = str(work.get("date") or re.split(r"/", work["uri"])[5])
        for ev in work.get("events", []):
            ev["date"] = str(ev["date"])
        for expr in work.get("expressions", []):
            expr["date"] = str(expr.get("date", work["date"]))
        if work["short"] in works:
            raise SpecError(f"duplicate short name {work['short']}")
        works[work["short"]] = work
    seeds = Seeds(seeds_dir, {s["id"]: s["file"] for s in sources})
    return Build(seeds, sources, works)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--check", action="store_true", help="report files that would change; write nothing")
    args = parser.parse_args(argv)
    try:
        files = load_build(args.seeds).files()
    except (SpecError, KeyError) as err:
        print(f"{SPEC}: {err}", file=sys.stderr)
        return 1
    changed = [path for path, data in files.items() if not path.exists() or path.read_bytes() != data]
    stale = [
        p
        for p in TEXTS.glob("*/*.xml")
        if p not in files and p.parent.name not in ("provisions-bodies", "pa-regulations")
    ]
    if args.check:
        for path in changed + stale:
            print(path.relative_to(ROOT))
        return 1 if changed or stale else 0
    for path in changed:
        write_atomic(path, files[path])
    for path in stale:
        print(f"not in the spec (left alone): {path.relative_to(ROOT)}", file=sys.stderr)
    print(f"{len(files)} files, {len(changed)} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
