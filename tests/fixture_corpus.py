"""A tiny synthetic corpus for the foundation tests: two versions of a treaty, its amending protocol,
and an external charter. The wording is synthetic on purpose ("Synthetic text ..."): no treaty text
is written outside texts/.
"""

from __future__ import annotations

from pathlib import Path

SOURCES = """\
- id: syn-1
  file: synthetic-1.txt
  title: Synthetic source one
  kind: test fixture
  date: "2026"
  description: Synthetic wording for tests.
- id: syn-2
  file: synthetic-2.txt
  title: Synthetic source two
  kind: test fixture
  date: "2026"
  description: Synthetic wording for tests.
"""

TREATY = "/akn/aa-csto/act/treaty/1992-05-15/tst"
PROTOCOL = "/akn/aa-csto/act/protocol/2010-12-10/tst-amendment"
CHARTER = "/akn/un/act/charter/1945-06-26/ext-charter"


def akn_document(
    *,
    work: str,
    short: str,
    title: str,
    work_date: str,
    version: str,
    source: str,
    subtype: str,
    lifecycle: str,
    body: str,
    references: str = "",
    fragments: str = "",
    lx_work: str = "",
    analysis: str = "",
) -> str:
    author = f"#{source}" if source else "#lexcsto"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" xmlns:lx="urn:lexcsto:1">
  <act name="{subtype}">
    <meta>
      <identification source="#lexcsto">
        <FRBRWork>
          <FRBRthis value="{work}/!main"/>
          <FRBRuri value="{work}"/>
          <FRBRalias value="{title}" name="title"/>
          <FRBRalias value="{short}" name="short"/>
          <FRBRdate date="{work_date}" name="signature"/>
          <FRBRauthor href="#lexcsto"/>
          <FRBRcountry value="aa-csto"/>
          <FRBRsubtype value="{subtype}"/>
          <FRBRnumber value="{short}"/>
        </FRBRWork>
        <FRBRExpression>
          <FRBRthis value="{work}/eng@{version}/!main"/>
          <FRBRuri value="{work}/eng@{version}"/>
          <FRBRdate date="{version}" name="version"/>
          <FRBRauthor href="{author}"/>
          <FRBRlanguage language="eng"/>
        </FRBRExpression>
        <FRBRManifestation>
          <FRBRthis value="{work}/eng@{version}/!main.xml"/>
          <FRBRuri value="{work}/eng@{version}.akn"/>
          <FRBRdate date="2026-11-22" name="transform"/>
          <FRBRauthor href="#lexcsto"/>
        </FRBRManifestation>
      </identification>
      <lifecycle source="#lexcsto">
{lifecycle}
      </lifecycle>{analysis}
      <references source="#lexcsto">
        <original eId="original" href="{work}" showAs="{title}"/>
{references}
        <TLCOrganization eId="lexcsto" href="/lexcsto" showAs="lexcsto"/>
        <TLCEvent eId="signature" href="/lexcsto/event/signature" showAs="Signature"/>
        <TLCEvent eId="entryIntoForce" href="/lexcsto/event/entry-into-force" showAs="Entry into force"/>
        <TLCEvent eId="amendment" href="/lexcsto/event/amendment" showAs="Amendment"/>
      </references>
      <proprietary source="#lexcsto">
        <lx:provenance>
{fragments}
        </lx:provenance>
        <lx:work status="in force">{lx_work}</lx:work>
      </proprietary>
    </meta>
    <body>
{body}
    </body>
  </act>
</akomaNtoso>
"""


def omitted_article(eid: str, num: str) -> str:
    return f'      <article eId="{eid}"><num>{num}</num><content><p><omissis/></p></content></article>'


TREATY_EVENTS = """        <eventRef eId="e_sig" date="1992-05-15" source="#original" type="generation" refersTo="#signature"/>
        <eventRef eId="e_eif" date="1994-04-20" source="#original" type="generation" refersTo="#entryIntoForce"/>"""
AMENDMENT_EVENT = """
        <eventRef eId="e_amd" date="2012-12-19" source="#amending" type="amendment" refersTo="#amendment"/>"""


def protocol_fields(modification: str = "") -> dict[str, str]:
    """The amending protocol's document fields; ``modification`` adds elements (old, new words) to its
    textualMod."""
    return {
        "work": PROTOCOL,
        "short": "tst-protocol",
        "title": "Synthetic Protocol",
        "work_date": "2010-12-10",
        "version": "2010-12-10",
        "source": "",
        "subtype": "protocol",
        "lifecycle": """        <eventRef eId="e_sig" date="2010-12-10" source="#original" type="generation" refersTo="#signature"/>
        <eventRef eId="e_eif" date="2012-12-19" source="#original" type="generation" refersTo="#entryIntoForce"/>""",
        "references": f'        <activeRef eId="amended" href="{TREATY}" showAs="Synthetic Treaty"/>',
        "body": '      <paragraph eId="para_1"><content><p><omissis/></p></content></paragraph>',
        "lx_work": f'<lx:relation kind="amends" href="{TREATY}"/>',
        "analysis": f"""
      <analysis source="#lexcsto">
        <activeModifications>
          <textualMod type="substitution" eId="amod_1">
            <source href="{PROTOCOL}/!main~para_1"/>
            <destination href="{TREATY}/!main~art_2__para_1"/>{modification}
          </textualMod>
        </activeModifications>
      </analysis>""",
    }


def charter_fields() -> dict[str, str]:
    """The cited external charter's document fields: one article, its text omitted."""
    return {
        "work": CHARTER,
        "short": "ext-charter",
        "title": "External Charter",
        "work_date": "1945-06-26",
        "version": "1945-06-26",
        "source": "",
        "subtype": "charter",
        "lifecycle": '        <eventRef eId="e_sig" date="1945-06-26" source="#original" type="generation" refersTo="#signature"/>',
        "body": omitted_article("art_9", "Article 9"),
    }


def files() -> dict[str, str]:
    """Relative path -> file text of the valid fixture corpus."""
    treaty_refs = f"""        <TLCReference eId="syn-1" href="/lexcsto/source/syn-1" showAs="synthetic-1.txt" name="source"/>
        <TLCReference eId="syn-2" href="/lexcsto/source/syn-2" showAs="synthetic-2.txt" name="source"/>
        <passiveRef eId="amending" href="{PROTOCOL}" showAs="Synthetic protocol"/>"""
    art2_original = f"""      <article eId="art_2"><num>Article 2</num>
        <paragraph eId="art_2__para_1"><content><p>Synthetic text of article two, original wording, citing <ref eId="art_2__para_1__ref_1" href="{CHARTER}/!main~art_9">Article 9 of the External Charter</ref>.</p></content></paragraph>
        <paragraph eId="art_2__para_2"><content><p>Synthetic second paragraph, see <ref eId="art_2__para_2__ref_1" href="#art_1">Article 1</ref>.</p></content></paragraph>
      </article>"""
    art2_amended = """      <article eId="art_2"><num>Article 2</num>
        <paragraph eId="art_2__para_1"><content><p>Synthetic text of article two, amended wording with an added clause.</p></content></paragraph>
        <paragraph eId="art_2__para_2"><content><p><omissis/></p></content></paragraph>
      </article>"""
    frag_original = """          <lx:fragment eId="art_2__para_1" source="#syn-1" lines="3-3"/>
          <lx:fragment eId="art_2__para_2" source="#syn-1" lines="4-5"/>"""
    return {
        "sources.yaml": SOURCES,
        "tst/eng@1992-05-15.syn-1.xml": akn_document(
            work=TREATY,
            short="tst",
            title="Synthetic Treaty",
            work_date="1992-05-15",
            version="1992-05-15",
            source="syn-1",
            subtype="treaty",
            lifecycle=TREATY_EVENTS,
            references=treaty_refs,
            body="\n".join(
                [omitted_article("art_1", "Article 1"), art2_original, omitted_article("art_3", "Article 3")]
            ),
            fragments=frag_original,
            lx_work='<lx:expression default="true"/>',
        ),
        "tst/eng@2012-12-19.syn-2.xml": akn_document(
            work=TREATY,
            short="tst",
            title="Synthetic Treaty",
            work_date="1992-05-15",
            version="2012-12-19",
            source="syn-2",
            subtype="treaty",
            lifecycle=TREATY_EVENTS + AMENDMENT_EVENT,
            references=treaty_refs,
            body="\n".join(
                [omitted_article("art_1", "Article 1"), art2_amended, omitted_article("art_3", "Article 3")]
            ),
            fragments='          <lx:fragment eId="art_2__para_1" source="#syn-2" lines="7-7"/>',
        ),
        "tst-protocol/eng@2010-12-10.xml": akn_document(**protocol_fields(), fragments=""),
        "ext-charter/eng@1945-06-26.xml": akn_document(**charter_fields(), references="", fragments=""),
    }


def write(folder: Path, overrides: dict[str, str] | None = None) -> Path:
    """Write the fixture corpus (with some files replaced) into ``folder``; return the folder."""
    for rel, text in {**files(), **(overrides or {})}.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder
