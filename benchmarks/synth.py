"""A seeded synthetic corpus: N instruments x M articles x K versions of legal English and Russian, in AKN 3.0.

The words come from the phrase tables in ``benchmarks/phrases.yaml``, written for this project in the style of
security agreements; no treaty text is copied. Every document says it is synthetic (its title, an
``FRBRalias name="synthetic"`` and its source ``synth-001``), so it can never be mistaken for the edition.

The files follow docs/data-model.md: ``texts/<short>/<lang>@<version date>.synth-001.xml``, a
``texts/sources.yaml`` naming the synthetic source, ``lx:provenance`` with one fragment per text element,
``lx:work`` with parties, relations and (sometimes) disagreeing date claims, a lifecycle with signature,
entry into force and amendments caused by another synthetic instrument (``passiveRef``), and
``active``/``passiveModifications``. The Russian expression of a version is a parallel text of the English one.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     corpus = generate(Path(tmp) / "c", Spec(instruments=3, articles=2, versions=2))
    ...     len(corpus.files), corpus.works[0].short
    (12, 'synth-00001')
    >>> words("eng", 12, seed=1).count(" ") >= 11
    True

The same seed gives byte-identical files.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import Any

import yaml

PHRASES: dict[str, Any] = yaml.safe_load(
    (Path(__file__).with_name("phrases.yaml")).read_text(encoding="utf-8")
)
SOURCE_ID = "synth-001"
SOURCE_FILE = "synthetic-source.txt"
LANGS = ("eng", "rus")
AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LX_NS = "urn:lexcsto:1"
FIRST_DAY = date(1992, 1, 1)
LAST_DAY = date(2020, 12, 31)
RUS_LETTERS = "абвгдежзик"
NL = "\n"


@dataclass(frozen=True)
class Spec:
    """How big a corpus to make. The same spec and seed always give the same bytes."""

    instruments: int
    articles: int = 6
    versions: int = 2
    languages: tuple[str, ...] = LANGS
    seed: int = 0
    write_source: bool = True  # also write the synthetic source file the provenance lines point into


@dataclass(frozen=True)
class SynthWork:
    short: str
    uri: str
    signed: date
    in_force: date
    versions: tuple[date, ...]  # version dates: the original (= signature) and each amendment


@dataclass(frozen=True)
class SynthCorpus:
    """What :func:`generate` wrote: the root (holding ``texts/`` and ``annotations/``) and its figures."""

    root: Path
    spec: Spec
    works: tuple[SynthWork, ...]
    files: tuple[Path, ...]
    bytes: int
    words: int

    @property
    def texts(self) -> Path:
        return self.root / "texts"


# ---------------------------------------------------------------------------------------------- the plan
# A plan fixes every choice (which phrase goes where) once, independently of language, so that the Russian
# expression renders the same choices as the English one and an amendment changes the same slots in both.


@dataclass(frozen=True)
class Sentence:
    kind: str  # "plain" | "def" | "internal" | "external"
    subj: int = 0
    pred: int = 0
    cond: int = -1
    manner: int = -1
    purpose: int = -1
    term: int = 0
    article: int = 0  # the article referred to
    target: int = 0  # the instrument referred to (index)


@dataclass(frozen=True)
class Para:
    sentences: tuple[Sentence, ...] = ()
    items: tuple[int, ...] = ()  # a list paragraph: intro + these items


@dataclass(frozen=True)
class Article:
    heading: int
    paras: tuple[Para, ...]


@dataclass(frozen=True)
class Version:
    date: date
    articles: tuple[Article, ...]
    amender: int = -1  # the instrument whose amendment made this version
    changes: tuple[tuple[str, str], ...] = ()  # (eId, "substitution" | "insertion")


@dataclass(frozen=True)
class Plan:
    index: int
    kind: int
    topic: int
    signed: date
    in_force: date
    parties: tuple[str, ...]
    versions: tuple[Version, ...]
    claims: bool  # sources disagree on the signature date
    amends: tuple[tuple[int, int, tuple[tuple[str, str], ...]], ...] = field(
        default=()
    )  # (target, version, changes)

    @property
    def short(self) -> str:
        return f"synth-{self.index + 1:05d}"

    @property
    def subtype(self) -> str:
        return str(PHRASES["kinds"][self.kind]["subtype"])

    @property
    def uri(self) -> str:
        return f"/akn/aa-csto/act/{self.subtype}/{self.signed.isoformat()}/{self.short}"


def _plain(rng: random.Random) -> Sentence:
    subj = rng.randrange(len(PHRASES["subjects"]))
    plural = PHRASES["subjects"][subj]["plural"]
    preds = [i for i, p in enumerate(PHRASES["predicates"]) if plural or p["rus_sg"] is not None]
    return Sentence(
        "plain",
        subj=subj,
        pred=rng.choice(preds),
        cond=rng.randrange(len(PHRASES["conditions"])) if rng.random() < 0.4 else -1,
        manner=rng.randrange(len(PHRASES["manners"])) if rng.random() < 0.6 else -1,
        purpose=rng.randrange(len(PHRASES["purposes"])) if rng.random() < 0.5 else -1,
    )


def _sentence(rng: random.Random, articles: int, instruments: int, index: int) -> Sentence:
    roll = rng.random()
    if roll < 0.08 and articles > 1:
        return Sentence("internal", article=rng.randrange(articles) + 1)
    if roll < 0.14 and instruments > 1:
        plain = _plain(rng)
        target = rng.randrange(instruments - 1)
        return replace(
            plain, kind="external", target=target + (target >= index), article=rng.randrange(articles) + 1
        )
    return _plain(rng)


def _para(rng: random.Random, articles: int, instruments: int, index: int) -> Para:
    if rng.random() < 0.12:
        items = rng.sample(range(len(PHRASES["list_items"])), rng.randint(2, 4))
        return Para(items=tuple(items))
    count = rng.choices((1, 2, 3), weights=(5, 3, 1))[0]
    return Para(tuple(_sentence(rng, articles, instruments, index) for _ in range(count)))


def _articles(rng: random.Random, spec: Spec, index: int) -> tuple[Article, ...]:
    headings = len(PHRASES["headings"])
    result = []
    for n in range(spec.articles):
        if n == 1:  # the second article defines terms, as many treaties do
            terms = rng.sample(range(len(PHRASES["terms"])), 2)
            result.append(Article(1, tuple(Para((Sentence("def", term=t),)) for t in terms)))
            continue
        count = rng.choices((1, 2, 3, 4), weights=(3, 4, 2, 1))[0]
        paras = tuple(_para(rng, spec.articles, spec.instruments, index) for _ in range(count))
        result.append(Article(rng.randrange(headings) if n else 0, paras))
    return tuple(result)


def _amend(
    rng: random.Random, articles: tuple[Article, ...], spec: Spec, index: int
) -> tuple[tuple[Article, ...], tuple[tuple[str, str], ...]]:
    """The next version: a few phrases substituted, sometimes a paragraph inserted."""
    arts = list(articles)
    changes: list[tuple[str, str]] = []
    for _ in range(rng.randint(1, 3)):
        a = rng.randrange(len(arts))
        paras = list(arts[a].paras)
        p = rng.randrange(len(paras))
        eid = f"art_{a + 1}__para_{p + 1}"
        if not paras[p].sentences or (eid, "substitution") in changes:
            continue
        sentences = list(paras[p].sentences)
        s = rng.randrange(len(sentences))
        if sentences[s].kind in ("plain", "external"):
            slot = rng.choice(("manner", "purpose"))
            table = PHRASES["manners" if slot == "manner" else "purposes"]
            sentences[s] = replace(sentences[s], **{slot: (getattr(sentences[s], slot) + 1) % len(table)})
        else:
            sentences.append(_plain(rng))
        paras[p] = Para(tuple(sentences))
        arts[a] = Article(arts[a].heading, tuple(paras))
        changes.append((eid, "substitution"))
    if rng.random() < 0.3:
        a = rng.randrange(len(arts))
        new = _para(rng, spec.articles, spec.instruments, index)
        arts[a] = Article(arts[a].heading, (*arts[a].paras, new))
        changes.append((f"art_{a + 1}__para_{len(arts[a].paras)}", "insertion"))
    return tuple(arts), tuple(changes)


def plan(spec: Spec) -> tuple[Plan, ...]:
    """Every choice for every instrument, version and article; no language yet."""
    rng = random.Random(spec.seed)
    span = (LAST_DAY - FIRST_DAY).days
    dates = sorted(FIRST_DAY + timedelta(days=rng.randrange(span)) for _ in range(spec.instruments))
    plans: list[Plan] = []
    for index, signed in enumerate(dates):
        articles = _articles(rng, spec, index)
        versions = [Version(signed, articles)]
        when = signed
        for _ in range(1, spec.versions):
            when += timedelta(days=rng.randint(365, 1460))
            articles, changes = _amend(rng, articles, spec, index)
            # the amending instrument: another one signed before the amendment takes effect
            signed_before = bisect.bisect_right(dates, when)
            choices = list(range(index + 1, signed_before)) or [j for j in range(signed_before) if j != index]
            if not choices and spec.instruments > 1:  # nothing signed yet: wait for the next instrument
                choices = [index + 1 if index + 1 < spec.instruments else index - 1]
                when = max(when, dates[choices[0]] + timedelta(days=30))
            versions.append(Version(when, articles, rng.choice(choices or [index]), changes))
        plans.append(
            Plan(
                index=index,
                kind=rng.randrange(len(PHRASES["kinds"])),
                topic=rng.randrange(len(PHRASES["topics"])),
                signed=signed,
                in_force=signed + timedelta(days=rng.randint(60, 540)),
                parties=tuple(sorted(rng.sample(PHRASES["states"], rng.randint(2, len(PHRASES["states"]))))),
                versions=tuple(versions),
                claims=rng.random() < 0.05,
            )
        )
    amends: dict[int, list[tuple[int, int, tuple[tuple[str, str], ...]]]] = {}
    for p in plans:
        for k, v in enumerate(p.versions[1:], start=1):
            amends.setdefault(v.amender, []).append((p.index, k, v.changes))
    return tuple(replace(p, amends=tuple(amends.get(p.index, ()))) for p in plans)


# ------------------------------------------------------------------------------------------ the words


def _this(plan: Plan) -> dict[str, str]:
    kind = PHRASES["kinds"][plan.kind]
    return {"this": f"this {kind['eng']}", "this_gen": str(kind["this_gen"])}


def title(plan: Plan, lang: str) -> str:
    kind = PHRASES["kinds"][plan.kind]
    topic = PHRASES["topics"][plan.topic]
    if lang == "eng":
        return f"{kind['eng']} No. {plan.index + 1} {topic[0]} (synthetic benchmark text)"
    return f"{kind['rus']} № {plan.index + 1} {topic[1]} (синтетический текст для тестов)"


def _pick(row: list[str], lang: str, fill: dict[str, str]) -> str:
    return row[0 if lang == "eng" else 1].format(**fill)


def _clause(s: Sentence, lang: str, fill: dict[str, str], lead: bool) -> tuple[str, str, str]:
    """Subject, predicate and adverbials of a plain sentence in ``lang``; ``lead``: it opens the sentence."""
    subj = PHRASES["subjects"][s.subj]
    pred = PHRASES["predicates"][s.pred]
    manner = _pick(PHRASES["manners"][s.manner], lang, fill) if s.manner >= 0 else ""
    purpose = _pick(PHRASES["purposes"][s.purpose], lang, fill) if s.purpose >= 0 else ""
    if lang == "eng":
        who = subj["eng"] if lead else subj["eng"][0].lower() + subj["eng"][1:]
        return who, pred["eng"], " ".join(x for x in (manner, purpose) if x)
    who = subj["rus"]
    if not lead and subj["rus_lower"]:
        who = who[0].lower() + who[1:]
    verb = pred["rus_pl"] if subj["plural"] else pred["rus_sg"]
    return who, " ".join(x for x in (manner, verb) if x), purpose


@dataclass(frozen=True)
class Inline:
    """A rendered sentence: plain text plus the XML with its ``ref``/``def`` marks."""

    text: str
    xml: str


def _render(s: Sentence, lang: str, plan: Plan, plans: tuple[Plan, ...], ref_eid: str) -> Inline:
    fill = _this(plan)
    if s.kind == "def":
        _, term_eng, term_rus, def_eng, def_rus = PHRASES["terms"][s.term]
        term, meaning = (term_eng, def_eng) if lang == "eng" else (term_rus, def_rus)
        frame = PHRASES["definition"][lang]
        meaning = meaning.format(**fill)
        ref = f"#{PHRASES['terms'][s.term][0]}"
        text = frame.format(term=term, definition=meaning, **fill)
        before, _, after = frame.partition("{term}")
        xml = escape(before.format(**fill), quote=False)
        xml += f'<def refersTo="{ref}">{escape(term, quote=False)}</def>'
        xml += escape(after.format(definition=meaning, **fill), quote=False)
        return Inline(text, xml)
    if s.kind == "internal":
        frame = PHRASES["references"]["internal"]
        shown = frame[f"ref_{lang}"].format(n=s.article)
        href = f"#art_{s.article}"
        before, _, after = frame[lang].partition("{ref}")
    elif s.kind == "external":
        frame = PHRASES["references"]["external"]
        target = plans[s.target]
        kind = PHRASES["kinds"][target.kind]
        shown = frame[f"ref_{lang}"].format(
            n=s.article, kind=kind["eng"], kind_gen=kind["rus_gen"], num=target.index + 1
        )
        href = f"{target.uri}/!main~art_{s.article}"
        who, verb, rest = _clause(s, lang, fill, lead=True)
        head = " ".join(x for x in (who, verb, rest) if x)
        before, _, after = frame[lang].partition("{ref}")
        before, after = f"{head} {before}", f"{after}."
    else:
        lead = s.cond < 0
        who, verb, rest = _clause(s, lang, fill, lead)
        body = " ".join(x for x in (who, verb, rest) if x)
        if not lead:
            body = f"{_pick(PHRASES['conditions'][s.cond], lang, fill)}, {body}"
        text = f"{body}."
        return Inline(text, escape(text, quote=False))
    text = f"{before}{shown}{after}"
    xml = escape(before, quote=False)
    xml += f'<ref eId="{ref_eid}" href="{escape(href)}">{escape(shown, quote=False)}</ref>'
    return Inline(text, xml + escape(after, quote=False))


# ------------------------------------------------------------------------------------------ the XML


class _Writer:
    """Renders one expression; collects provenance fragments with running line numbers in the source."""

    def __init__(self, plans: tuple[Plan, ...], source_lines: list[str]) -> None:
        self.plans = plans
        self.source_lines = source_lines
        self.words = 0

    def fragment(self, eid: str, texts: list[str]) -> str:
        first = len(self.source_lines) + 1
        self.source_lines.extend(texts)
        self.words += sum(len(t.split()) for t in texts)
        return f'<lx:fragment eId="{eid}" source="#{SOURCE_ID}" lines="{first}-{len(self.source_lines)}"/>'

    def expression(self, plan: Plan, k: int, lang: str) -> str:
        version = plan.versions[k]
        frags: list[str] = []
        body = self.body(plan, version, lang, frags)
        return self.document(plan, k, lang, body, frags)

    def body(self, plan: Plan, version: Version, lang: str, frags: list[str]) -> str:
        fill = _this(plan)
        out = [
            f'<preface><p class="title"><docTitle>{escape(title(plan, lang), quote=False)}</docTitle></p></preface>'
        ]
        lines = [f"{_pick(row, lang, fill)}," for row in PHRASES["preamble"]]
        lines.append(f"{_pick(PHRASES['agreed'], lang, fill)}:")
        frags.append(self.fragment("preamble", lines))
        out.append(
            '<preamble eId="preamble">'
            + "".join(f"<p>{escape(x, quote=False)}</p>" for x in lines)
            + "</preamble>"
        )
        out.append("<body>")
        omit = random.Random(f"{plan.index}/{lang}")  # which paragraphs this "source" does not quote
        for n, art in enumerate(version.articles, start=1):
            eid = f"art_{n}"
            heading = PHRASES["headings"][art.heading][0 if lang == "eng" else 1]
            num = f"Article {n}" if lang == "eng" else f"Статья {n}"
            frags.append(self.fragment(eid, [heading]))
            out.append(
                f'<article eId="{eid}"><num>{num}</num><heading>{escape(heading, quote=False)}</heading>'
            )
            for m, para in enumerate(art.paras, start=1):
                peid = f"{eid}__para_{m}"
                pnum = f"<num>{m}.</num>" if len(art.paras) > 1 else ""
                out.append(f'<paragraph eId="{peid}">{pnum}')
                if para.items:
                    out.append(self.listing(plan, para, lang, peid, frags))
                elif omit.random() < 0.05:
                    out.append("<content><p><omissis/></p></content>")
                else:
                    rendered = [
                        _render(s, lang, plan, self.plans, f"{peid}__ref_{i}")
                        for i, s in enumerate(para.sentences, start=1)
                    ]
                    frags.append(self.fragment(peid, [" ".join(r.text for r in rendered)]))
                    out.append("<content><p>" + " ".join(r.xml for r in rendered) + "</p></content>")
                out.append("</paragraph>")
            out.append("</article>")
        out.append("</body>")
        return "\n".join(out)

    def listing(self, plan: Plan, para: Para, lang: str, peid: str, frags: list[str]) -> str:
        fill = _this(plan)
        leid = f"{peid}__list_1"
        intro = f"{_pick(PHRASES['list_intro'], lang, fill)}:"
        frags.append(self.fragment(leid, [intro]))
        out = [f'<list eId="{leid}"><intro><p>{escape(intro, quote=False)}</p></intro>']
        for i, item in enumerate(para.items):
            letter = "abcdefghik"[i]
            text = _pick(PHRASES["list_items"][item], lang, fill) + ("." if i == len(para.items) - 1 else ";")
            ieid = f"{leid}__point_{letter}"
            frags.append(self.fragment(ieid, [text]))
            shown = f"{letter})" if lang == "eng" else f"{RUS_LETTERS[i]})"
            out.append(
                f'<point eId="{ieid}"><num>{shown}</num><content><p>{escape(text, quote=False)}</p></content></point>'
            )
        out.append("</list>")
        return "\n".join(out)

    def document(self, plan: Plan, k: int, lang: str, body: str, frags: list[str]) -> str:
        version = plan.versions[k]
        work = plan.uri
        expr = f"{work}/{lang}@{version.date.isoformat()}"
        name = title(plan, lang)
        ident = (
            f'<identification source="#lexcsto">'
            f'<FRBRWork><FRBRthis value="{work}/!main"/><FRBRuri value="{work}"/>'
            f'<FRBRalias value="{escape(title(plan, "eng"))}" name="title"/><FRBRalias value="{plan.short}" name="short"/>'
            f'<FRBRalias value="synthetic benchmark text, not a treaty" name="synthetic"/>'
            f'<FRBRdate date="{plan.signed.isoformat()}" name="signature"/><FRBRauthor href="#csto"/>'
            f'<FRBRcountry value="aa-csto"/><FRBRsubtype value="{plan.subtype}"/>'
            f'<FRBRnumber value="{plan.short}"/></FRBRWork>'
            f'<FRBRExpression><FRBRthis value="{expr}/!main"/><FRBRuri value="{expr}"/>'
            f'<FRBRdate date="{version.date.isoformat()}" name="version"/><FRBRauthor href="#{SOURCE_ID}"/>'
            f'<FRBRlanguage language="{lang}"/></FRBRExpression>'
            f'<FRBRManifestation><FRBRthis value="{expr}/!main.xml"/><FRBRuri value="{expr}"/>'
            f'<FRBRdate date="{version.date.isoformat()}" name="transform"/><FRBRauthor href="#lexcsto"/>'
            f"</FRBRManifestation></identification>"
        )
        events = [
            f'<eventRef eId="e_1" date="{plan.signed.isoformat()}" source="#original" refersTo="#signature" type="generation"/>'
        ]
        events.append(
            f'<eventRef eId="e_2" date="{plan.in_force.isoformat()}" source="#original" '
            f'refersTo="#entryIntoForce" type="generation"/>'
        )
        passive = []
        for j in range(1, k + 1):
            v = plan.versions[j]
            events.append(
                f'<eventRef eId="e_{j + 2}" date="{v.date.isoformat()}" source="#amendment_{j}" '
                f'refersTo="#amendment" type="amendment"/>'
            )
            amender = self.plans[v.amender]
            passive.append(
                f'<passiveRef eId="amendment_{j}" href="{amender.uri}" showAs="{escape(title(amender, "eng"))}"/>'
            )
        lifecycle = f'<lifecycle source="#lexcsto">\n{NL.join(events)}\n</lifecycle>'
        mods = []
        if k:
            pm = [
                self.mod(f"pmod_{j}_{i}", kind, self.plans[plan.versions[j].amender].uri, work, eid)
                for j in range(1, k + 1)
                for i, (eid, kind) in enumerate(plan.versions[j].changes, start=1)
            ]
            if pm:
                mods.append(f"<passiveModifications>{''.join(pm)}</passiveModifications>")
        am = [
            self.mod(f"amod_{n}_{i}", kind, plan.uri, self.plans[target].uri, eid)
            for n, (target, _, changes) in enumerate(plan.amends, start=1)
            for i, (eid, kind) in enumerate(changes, start=1)
        ]
        if am:
            mods.insert(0, f"<activeModifications>{''.join(am)}</activeModifications>")
        analysis = f'<analysis source="#lexcsto">{"".join(mods)}</analysis>' if mods else ""
        terms = sorted(
            {
                PHRASES["terms"][s.term][0]
                for a in version.articles
                for p in a.paras
                for s in p.sentences
                if s.kind == "def"
            }
        )
        refs = (
            f'<references source="#lexcsto">'
            f'<original eId="original" href="{expr}" showAs="{escape(name)}"/>{"".join(passive)}'
            f'<TLCOrganization eId="csto" href="/ontology/organization/aa-csto/csto" showAs="CSTO"/>'
            f'<TLCOrganization eId="lexcsto" href="/ontology/organization/lexcsto" showAs="lexcsto"/>'
            f'<TLCReference eId="{SOURCE_ID}" href="/ontology/source/lexcsto/{SOURCE_ID}" '
            f'showAs="Synthetic benchmark source" name="source"/>'
            f'<TLCEvent eId="signature" href="/ontology/event/signature" showAs="Signature"/>'
            f'<TLCEvent eId="entryIntoForce" href="/ontology/event/entryIntoForce" showAs="Entry into force"/>'
            f'<TLCEvent eId="amendment" href="/ontology/event/amendment" showAs="Amendment"/>'
            + "".join(
                f'<TLCConcept eId="{t}" href="/ontology/concept/lexcsto/{t}" showAs="{t.replace("_", " ")}"/>'
                for t in terms
            )
            + "</references>"
        )
        work_facts = [f'<lx:party name="{p}"/>' for p in plan.parties]
        for target in sorted({target for target, _, _ in plan.amends}):
            work_facts.append(f'<lx:relation kind="amends" href="{self.plans[target].uri}"/>')
        if plan.claims:
            other = plan.signed + timedelta(days=30)
            work_facts.append(
                f'<lx:dateClaim kind="signature" value="{plan.signed.isoformat()}" '
                f'source="#{SOURCE_ID}" lines="1-1" chosen="true" note="Most mentions agree."/>'
            )
            work_facts.append(
                f'<lx:dateClaim kind="signature" value="{other.isoformat()}" '
                f'source="#{SOURCE_ID}" lines="2-2" chosen="false" note="A synthetic misprint."/>'
            )
        proprietary = (
            f'<proprietary source="#lexcsto"><lx:provenance xmlns:lx="{LX_NS}">\n{NL.join(frags)}\n</lx:provenance>\n'
            f'<lx:work xmlns:lx="{LX_NS}" status="in force">{"".join(work_facts)}</lx:work>\n</proprietary>'
        )
        meta = "\n".join(x for x in ("<meta>", ident, lifecycle, analysis, refs, proprietary, "</meta>") if x)
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<akomaNtoso xmlns="{AKN_NS}">'
            f'<act name="{plan.subtype}">\n{meta}\n{body}\n</act>\n</akomaNtoso>\n'
        )

    @staticmethod
    def mod(eid: str, kind: str, source: str, work: str, target: str) -> str:
        return (
            f'<textualMod eId="{eid}" type="{kind}"><source href="{source}/!main~art_1"/>'
            f'<destination href="{work}/!main~{target}"/></textualMod>'
        )


SOURCES_YAML = f"""# Synthetic: generated by benchmarks/synth.py for the benchmarks. Not a source of the edition.
- id: {SOURCE_ID}
  file: {SOURCE_FILE}
  title: "Synthetic benchmark source (generated by benchmarks/synth.py; not a treaty text)"
  kind: synthetic
  date: "2026"
  description: "Legal-style English and Russian sentences generated from the phrase tables in benchmarks/phrases.yaml."
"""


def generate(root: Path, spec: Spec) -> SynthCorpus:
    """Write the corpus under ``root`` (``texts/``, empty ``annotations/``, the synthetic source file)."""
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root}: not empty (the generator writes a fresh corpus)")
    unknown = set(spec.languages) - set(LANGS)
    if unknown:
        raise ValueError(f"unknown languages {sorted(unknown)} (expected some of {LANGS})")
    plans = plan(spec)
    texts = root / "texts"
    texts.mkdir(parents=True)
    (root / "annotations").mkdir()
    (texts / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8")
    source_lines: list[str] = []
    writer = _Writer(plans, source_lines)
    files: list[Path] = []
    size = 0
    for p in plans:
        folder = texts / p.short
        folder.mkdir()
        for k, version in enumerate(p.versions):
            for lang in spec.languages:
                data = writer.expression(p, k, lang).encode("utf-8")
                path = folder / f"{lang}@{version.date.isoformat()}.{SOURCE_ID}.xml"
                path.write_bytes(data)
                files.append(path)
                size += len(data)
    if spec.write_source:
        (root / SOURCE_FILE).write_text("\n".join(source_lines) + "\n", encoding="utf-8")
    works = tuple(
        SynthWork(p.short, p.uri, p.signed, p.in_force, tuple(v.date for v in p.versions)) for p in plans
    )
    return SynthCorpus(root, spec, works, tuple(files), size, writer.words)


# ----------------------------------------------------------------------------------- plain text helpers


def words(lang: str, count: int, seed: int = 0) -> str:
    """About ``count`` words of legal-style prose in ``lang`` (sentences from the phrase tables)."""
    rng = random.Random(seed)
    dummy = Plan(0, 0, 0, FIRST_DAY, FIRST_DAY, (), (), False)
    out: list[str] = []
    total = 0
    while total < count:
        text = _render(_plain(rng), lang, dummy, (dummy,), "r").text
        out.append(text)
        total += len(text.split())
    return " ".join(out)


def plain_treaty(lang: str, articles: int, seed: int = 0) -> str:
    """A plain-text synthetic treaty (title, preamble, numbered articles and paragraphs), for importers."""
    spec = Spec(instruments=1, articles=articles, versions=1, languages=(lang,), seed=seed)
    p = plan(spec)[0]
    fill = _this(p)
    out = [title(p, lang).upper(), ""]
    out += [f"{_pick(row, lang, fill)}," for row in PHRASES["preamble"]]
    out += [f"{_pick(PHRASES['agreed'], lang, fill)}:", ""]
    for n, art in enumerate(p.versions[0].articles, start=1):
        out.append(f"Article {n}" if lang == "eng" else f"Статья {n}")
        out.append(PHRASES["headings"][art.heading][0 if lang == "eng" else 1])
        for m, para in enumerate(art.paras, start=1):
            num = f"{m}. " if len(art.paras) > 1 else ""
            if para.items:
                out.append(num + _pick(PHRASES["list_intro"], lang, fill) + ":")
                letters = "abcdefghik" if lang == "eng" else RUS_LETTERS
                out += [
                    f"{letters[i]}) {_pick(PHRASES['list_items'][it], lang, fill)}"
                    + ("." if i == len(para.items) - 1 else ";")
                    for i, it in enumerate(para.items)
                ]
            else:
                out.append(num + " ".join(_render(s, lang, p, (p,), "r").text for s in para.sentences))
        out.append("")
    return "\n".join(out)
