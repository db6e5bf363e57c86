"""An amending instrument's instructions resolved against the text it amends, as AKN modifications.

``lexcsto import PROTOCOL --amends BASE`` reads every unit of the imported protocol with
:func:`~lexcsto.importer.instructions.read_instructions`, resolves each target to the base text's eIds,
checks it by applying it (in order, so that two instructions on one paragraph see each other) to the base
text with :func:`~lexcsto.compare.consolidation.apply_modification`, and writes into the protocol's AKN:

- ``analysis/activeModifications``: one ``textualMod`` per instruction (substitution, insertion or
  repeal) with ``source`` (the protocol's unit), ``destination`` (the base work's eId), ``old`` words and
  ``new`` (a reference to the quotation in the protocol's body);
- in the body, each quotation an instruction uses as ``mod/quotedText`` (words) or ``mod/quotedStructure``
  (a provision restated or added, with eIds ``<unit>__mod_<n>__qstr_1__<base eId>`` and its own
  provenance fragments, so that reading the protocol gives the base eIds back).

Every instruction that cannot be read, or whose target or old words are not in the base text, is
reported with its input line (:class:`~lexcsto.errors.AmendingInstructionError`): nothing is guessed, and
the protocol is not written without it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree

from lexcsto.compare.consolidation import apply_modification
from lexcsto.corpus.akn import AKN_NS, LX_NS
from lexcsto.corpus.model import Expression, Modification, Provision
from lexcsto.corpus.reader import element_text
from lexcsto.corpus.uri import FrbrUri
from lexcsto.errors import AmendingInstructionError, ConsolidationError, Problem, TextImportError
from lexcsto.importer import structure
from lexcsto.importer.akn_meta import append_text
from lexcsto.importer.akn_writer import PREFIX, eid_number
from lexcsto.importer.detect import HARD, SOFT, Line
from lexcsto.importer.instructions import Instruction, Quote, Target, find_quotes, read_instructions
from lexcsto.importer.tracing import derive_cleans, normalise_source
from lexcsto.importer.tree import KINDS, Block, Document, Unit
from lexcsto.nlp.citations import point_letters

__all__ = ["Amendment", "read_amendments", "write_amendments"]

_TYPE = {
    "restate": "substitution",
    "replace": "substitution",
    "delete": "repeal",
    "repeal": "repeal",
    "add_unit": "insertion",
    "add_after": "insertion",
}


@dataclass(frozen=True)
class Amendment:
    """One instruction of the protocol, resolved: where it is written and what it does to the base."""

    carrier: str  # eId of the protocol's unit that carries the instruction
    instruction: Instruction
    modification: Modification
    quoted: Unit | None = None  # the provision restated or added, as the protocol quotes it


def read_amendments(
    doc: Document,
    lines: Sequence[Line],
    carriers: Sequence[str],
    language: str,
    protocol: str,
    base: Expression,
    path: str,
) -> list[Amendment]:
    """The amendments of ``doc`` (whose units have the eIds ``carriers``, in document order) to ``base``.

    Raises AmendingInstructionError with every instruction that cannot be read or applied.
    """
    by_no: dict[int, str] = {}
    for line in lines:
        by_no[line.no] = f"{by_no[line.no]} {line.text}" if line.no in by_no else line.text
    eids = dict(zip((id(u) for u in doc.walk()), carriers, strict=True))
    problems: list[Problem] = []
    out: list[Amendment] = []
    state = base.provisions

    def visit(unit: Unit, context: Target | None) -> None:
        nonlocal state
        reading = read_instructions(_own_lines(unit, by_no), language, context)
        for bad in reading.unreadable:
            problems.append(
                Problem(path, bad.line, f"cannot read the instruction {bad.text!r}: {bad.reason}")
            )
        carrier = eids[id(unit)]
        for instruction in reading.instructions:
            try:
                amendment = _resolve(instruction, carrier, len(out) + 1, language, protocol, base, path)
                state = apply_modification(state, amendment.modification, path=path)
            except (TextImportError, ConsolidationError) as err:
                problems.append(Problem(path, instruction.first, _why(err, instruction, base, language)))
                continue
            out.append(amendment)
        for child in unit.children:
            visit(child, reading.context or context)

    for unit in doc.body:
        visit(unit, None)
    if problems:
        raise AmendingInstructionError(problems)
    return out


def _own_lines(unit: Unit, by_no: dict[int, str]) -> list[tuple[int, str]]:
    """The input lines of the unit's own text, its number ("a)") cut from the first."""
    numbers = sorted({n for b in unit.text for n in range(b.first, b.last + 1) if n in by_no})
    out = [(n, by_no[n]) for n in numbers]
    if out and unit.num and out[0][1].lstrip().startswith(unit.num):
        no, text = out[0]
        out[0] = (no, text.lstrip()[len(unit.num) :])
    return out


def _why(
    err: TextImportError | ConsolidationError, instruction: Instruction, base: Expression, lang: str
) -> str:
    eid = instruction.target.eid(lang)
    if isinstance(err, ConsolidationError) and instruction.old is not None and "occur" in err.message:
        count = err.message.split(" occur ")[1].split(" times")[0]
        where = "are not in" if count == "0" else f"occur {count} times in"
        return f"the words {instruction.old.words!r} {where} {eid} of {base.key} (expected them once)"
    return f"{err.message} ({instruction.action} of {eid})"


def _resolve(
    ins: Instruction, carrier: str, n: int, language: str, protocol: str, base: Expression, path: str
) -> Amendment:
    eid = ins.target.eid(language)
    found = base.find(eid)
    if found is None:
        raise TextImportError(
            path, ins.first, f"{_named(ins.target)} ({eid}) is not in the base text {base.key}"
        )
    source = str(FrbrUri.parse(protocol).with_eid(carrier))
    kind = _TYPE[ins.action]
    quoted: Unit | None = None
    new_provision: Provision | None = None
    destination = eid
    if ins.action in ("restate", "add_unit") and not elided(ins.new):
        assert ins.new is not None
        if ins.action == "add_unit":
            letter = (
                point_letters(language).get(ins.num.lower(), ins.num.lower())
                if language == "rus"
                else ins.num
            )
            destination = f"{eid}__{PREFIX[ins.unit]}_{letter}"
            if base.find(destination) is not None:
                raise TextImportError(path, ins.first, f"{destination} already exists in {base.key}")
            quoted = _quoted_unit(ins.new, ins.unit, language, path)
        else:
            quoted = _quoted_unit(ins.new, found.kind, language, path)
        new_provision = _provision(quoted, destination, language)
    if ins.action == "add_unit" and new_provision is None:
        raise TextImportError(path, ins.first, f"the {ins.unit} added to {eid} is not quoted")
    mod = Modification(
        eid=f"amod_{n}",
        kind=kind,
        source=source,
        destination=str(FrbrUri.parse(base.work).with_eid(destination)),
        old=ins.old.words if ins.old and not elided(ins.old) else "",
        old_unknown=elided(ins.old),
        new=ins.new.words if ins.new and not elided(ins.new) and new_provision is None else "",
        new_provision=new_provision,
    )
    return Amendment(carrier, ins, mod, quoted)


def elided(quote: Quote | None) -> bool:
    """A quotation of only an ellipsis ("…"): the words exist but the text given does not say them; the
    modification records them as unknown (an empty ``old``, no ``new``), never as deleted."""
    return quote is not None and quote.words.strip("[]()") in ("…", "...")


def _named(t: Target) -> str:
    parts = ([f"point {t.point}"] if t.point else []) + ([f"paragraph {t.paragraph}"] if t.paragraph else [])
    return " of ".join([*parts, f"Article {t.article}"])


def _quoted_unit(quote: Quote, kind: str, language: str, path: str) -> Unit:
    """The provision a quotation restates or adds, read like any text, and given the kind it replaces."""
    lines = [Line(no, text.strip(), HARD if k == 0 else SOFT) for k, (no, text) in enumerate(quote.lines)]
    lines = [line for line in lines if line.text]
    try:
        doc = structure.recognise(lines, language, path)
        units = doc.body if len(doc.body) == 1 and not doc.title and not doc.preamble else ()
    except TextImportError:
        units = ()
    if units:
        unit = units[0]
        if unit.kind != kind and kind != "article":
            unit = Unit(kind, unit.num, unit.heading, unit.text, unit.children, unit.line)
        return unit
    # Text with no structure of its own: the words of the provision.
    return Unit(kind, text=(Block(quote.words, quote.first, quote.last),), line=quote.first)


def _provision(unit: Unit, eid: str, language: str) -> Provision:
    children = tuple(
        _provision(c, f"{eid}__{PREFIX[c.kind]}_{_number(c, k, unit.children)}", language)
        for k, c in enumerate(unit.children)
    )
    return Provision(
        eid=eid,
        kind=unit.kind,
        num=unit.num,
        heading=unit.heading.text if unit.heading else "",
        text="\n".join(b.text for b in unit.text),
        children=children,
    )


def _number(unit: Unit, k: int, siblings: Sequence[Unit]) -> str:
    number = eid_number(unit.num)
    if unit.kind == "point":
        number = point_letters("rus").get(number, number)
    if not number:
        number = str(sum(1 for s in siblings[: k + 1] if s.kind == unit.kind))
    return number


# ----------------------------------------------------------------------------------------- writing


def q(name: str) -> str:
    return f"{{{AKN_NS}}}{name}"


def write_amendments(
    root: etree._Element,
    amendments: Sequence[Amendment],
    base: Expression,
    source: str,
    line_text: Callable[[int], str],
    path: str,
) -> None:
    """Write ``amendments`` into the protocol's AKN ``root`` (see the module's docstring)."""
    if not amendments:
        return
    act = root[0]
    meta = act.find(q("meta"))
    assert meta is not None
    by_eid = {el.get("eId"): el for el in act.iter() if isinstance(el.tag, str) and el.get("eId")}
    targets: dict[str, str] = {}  # quotation (carrier, n) -> eId of its quotedText / quotedStructure
    fragments: list[tuple[str, int, int, list[tuple[str, str]]]] = []
    for carrier in dict.fromkeys(a.carrier for a in amendments):
        own = [a for a in amendments if a.carrier == carrier]
        targets.update(_mark_quotes(by_eid[carrier], carrier, own, fragments, line_text, path))
    analysis = etree.Element(q("analysis"), source="#lexcsto")
    box = etree.SubElement(analysis, q("activeModifications"))
    for a in amendments:
        m = a.modification
        tm = etree.SubElement(box, q("textualMod"), eId=m.eid, type=m.kind)
        etree.SubElement(tm, q("source"), href=m.source)
        etree.SubElement(tm, q("destination"), href=m.destination)
        if elided(a.instruction.old):
            etree.SubElement(tm, q("old"))  # words are changed, but the text does not say which
        elif a.instruction.old is not None:
            etree.SubElement(tm, q("old"), href=f"#{targets[_key(a.carrier, a.instruction.old)]}")
        if a.instruction.new is not None and not elided(a.instruction.new):
            etree.SubElement(tm, q("new"), href=f"#{targets[_key(a.carrier, a.instruction.new)]}")
    # analysis comes after identification, publication, classification, lifecycle, workflow (schema order)
    after = [c for c in meta if c.tag in {q(t) for t in ("identification", "lifecycle", "workflow")}]
    meta.insert(meta.index(after[-1]) + 1, analysis)
    refs = meta.find(q("references"))
    assert refs is not None
    original = refs.find(q("original"))
    at = refs.index(original) + 1 if original is not None else 0
    refs.insert(at, etree.Element(q("activeRef"), eId="amended", href=base.work, showAs=base.work))
    prov = meta.find(f"{q('proprietary')}/{{{LX_NS}}}provenance")
    assert prov is not None
    for carrier in dict.fromkeys(a.carrier for a in amendments):
        _retrace(prov, by_eid[carrier], line_text, path)
    for eid, first, last, records in fragments:
        frag = etree.SubElement(
            prov, f"{{{LX_NS}}}fragment", eId=eid, source=f"#{source}", lines=f"{first}-{last}"
        )
        for old, new in records:
            etree.SubElement(
                frag,
                f"{{{LX_NS}}}clean",
                attrib={"from": old, "to": new, "reason": "PDF debris removed on import"},
            )


def _retrace(prov: etree._Element, el: etree._Element, line_text: Callable[[int], str], path: str) -> None:
    """Re-derive the carrier's ``lx:clean`` records: its own text no longer holds the provisions it quotes
    (they are text of the quotedStructure, with fragments of their own)."""
    eid = el.get("eId")
    frag = next((f for f in prov if f.get("eId") == eid), None)
    if frag is None:
        return
    first, _, last = str(frag.get("lines")).partition("-")
    source = normalise_source([line_text(n) for n in range(int(first), int(last or first) + 1)])
    reasons = {(c.get("from"), c.get("to")): c.get("reason", "") for c in frag}
    try:
        cleans = derive_cleans(source, [element_text(el)])
    except ValueError as err:
        raise TextImportError(
            path, int(first), f"{eid}: {err}", expected="text traceable to its lines"
        ) from None
    for child in list(frag):
        frag.remove(child)
    for old, new in cleans:
        reason = reasons.get((old, new)) or "a provision quoted here is the text of its quotedStructure"
        etree.SubElement(frag, f"{{{LX_NS}}}clean", attrib={"from": old, "to": new, "reason": reason})


def _key(carrier: str, quote: Quote) -> str:
    return f"{carrier}|{quote.first}|{quote.text}"


def _mark_quotes(
    el: etree._Element,
    carrier: str,
    amendments: Sequence[Amendment],
    fragments: list[tuple[str, int, int, list[tuple[str, str]]]],
    line_text: Callable[[int], str],
    path: str,
) -> dict[str, str]:
    """Turn the quotations the carrier's instructions use into ``mod`` elements; their eIds by quote."""
    holder = el.find(q("content"))
    if holder is None:
        holder = el.find(q("intro"))
    assert holder is not None
    uses: dict[str, tuple[Quote, Amendment, bool]] = {}
    for a in amendments:
        for quote, structural in ((a.instruction.old, False), (a.instruction.new, a.quoted is not None)):
            if quote is not None and not elided(quote):
                uses[_key(carrier, quote)] = (quote, a, structural)
    out: dict[str, str] = {}
    k = 0
    for p in holder.findall(q("p")):
        text = p.text or ""
        spans, _ = find_quotes(text)
        p.text = ""
        cursor = 0
        last: etree._Element | None = None
        for s, e in spans:
            words = " ".join(text[s + 1 : e].split())
            match = next((u for key, u in uses.items() if u[0].words == words and key not in out), None)
            if match is None:
                continue  # a quotation no instruction uses (a title, say) stays plain text
            quote, amendment, structural = match
            append_text(p, last, text[cursor:s])
            cursor = e + 1
            k += 1
            last = etree.SubElement(p, q("mod"), eId=f"{carrier}__mod_{k}")
            name = "quotedStructure" if structural else "quotedText"
            eid = f"{carrier}__mod_{k}__{'qstr' if structural else 'qtxt'}_1"
            if structural:
                inner = etree.SubElement(last, q(name), eId=eid, startQuote=text[s], endQuote=text[e])
            else:
                # The marks stay in the text around the words: the provision's text is then the text printed.
                last.text = text[s]
                inner = etree.SubElement(last, q(name), eId=eid)
                inner.tail = text[e]
            if structural:
                assert amendment.quoted is not None
                assert amendment.modification.new_provision is not None
                provision = amendment.modification.new_provision
                _write_unit(inner, amendment.quoted, f"{eid}__", provision, fragments, line_text, path)
            else:
                inner.text = words
            out[_key(carrier, quote)] = eid
        append_text(p, last, text[cursor:])
    missing = [u for key, u in uses.items() if key not in out]
    if missing:
        raise TextImportError(
            path, missing[0][0].first, f"{carrier}: quotation not found in the text written"
        )
    return out


def _write_unit(
    parent: etree._Element,
    unit: Unit,
    prefix: str,
    provision: Provision,
    fragments: list[tuple[str, int, int, list[tuple[str, str]]]],
    line_text: Callable[[int], str],
    path: str,
) -> None:
    """A quoted provision as AKN, with the eIds of ``provision`` under ``prefix`` and its own provenance."""
    eid = prefix + provision.eid
    el = etree.SubElement(parent, q(unit.kind if unit.kind in KINDS else "paragraph"), eId=eid)
    if unit.num:
        etree.SubElement(el, q("num")).text = unit.num
    if unit.heading is not None:
        etree.SubElement(el, q("heading")).text = unit.heading.text
    if unit.text:
        first, last = min(b.first for b in unit.text), max(b.last for b in unit.text)
        source = normalise_source([line_text(n) for n in range(first, last + 1)])
        try:
            cleans = derive_cleans(source, [" ".join(b.text for b in unit.text)])
        except ValueError as err:
            raise TextImportError(
                path, first, f"{eid}: {err}", expected="text traceable to its lines"
            ) from None
        fragments.append((eid, first, last, cleans))
    holder = etree.SubElement(el, q("intro" if unit.children else "content"))
    for block in unit.text:
        etree.SubElement(holder, q("p")).text = block.text
    if not unit.text and not unit.children:
        etree.SubElement(holder, q("p"))
    if not unit.text and unit.children:
        el.remove(holder)
    for child, sub in zip(unit.children, provision.children, strict=True):
        _write_unit(el, child, prefix, sub, fragments, line_text, path)
