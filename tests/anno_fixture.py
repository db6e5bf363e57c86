"""A small corpus built from lexcsto.corpus.model values, for the annotation tests (no files, no loader).

CST Article 4 in three expressions: two 1992 renderings (seed-004 without para. 3, seed-000 with a
different wording) and the 2012 amended text (seed-002). Texts are copied from the seeds (004 L3-4,
000 L61-63, 002 L12-16); Article 1 is omitted everywhere, as in the edition.
"""

from __future__ import annotations

from datetime import date

from lexcsto.corpus.model import Expression, Provision, Source, Work
from lexcsto.errors import QueryError

CST = "/akn/aa-csto/act/treaty/1992-05-15/cst"
E1992 = f"{CST}/eng@1992-05-15"
E2012 = f"{CST}/eng@2012-12-19"

P1_004 = (
    "If one of the States Parties is subjected to aggression by any State or group of States, this shall be "
    "regarded as aggression against all States Parties to this Treaty."
)
P2_004 = (
    "In the event of an act of aggression against any of the States Parties, all other States Parties will "
    "provide the necessary assistance, including military assistance, as well as support by means at their "
    "disposal in the exercise of the right of collective defense in accordance with Article 51 of the Charter "
    "of the United Nations"
)
P1_000 = (
    "If one of the participating states is subjected to aggression by any state or group of states, then this "
    "will be considered as aggression against all states parties to this Treaty."
)
P2_000 = (
    "In the event of an act of aggression against any of the participating States, all other participating "
    "States will provide it with the necessary assistance, including military assistance, as well as support "
    "with the means at their disposal in order to exercise the right to collective defense in accordance with "
    "Article 51 of the UN Charter."
)
P1_002 = (
    "If one of the states - participants is the target of aggression (an armed attack threatening security, "
    "stability, territorial integrity and sovereignty), it will be considered by the participating states as "
    "aggression (armed attack threatening security, stability, territorial integrity and sovereignty) against "
    "all states parties to this Treaty."
)
P2_002 = (
    "In case of aggression (an armed attack that threatens security, stability, territorial integrity and "
    "sovereignty) against any of the participating states, all other participating states, at the request of "
    "that participating state, will immediately provide it with the necessary assistance, including military "
    "assistance, and will also provide support to those in their disposal of funds in the exercise of the "
    "right to collective defense in accordance with the Article 51 of the UN Charter."
)
P3_002 = (
    "States Parties shall immediately notify the United Nations Security Council of measures taken pursuant "
    "to this Article. In implementing these measures, participating states will adhere to the relevant "
    "provisions of the UN Charter."
)


def _para(n: int, text: str | None) -> Provision:
    eid = f"art_4__para_{n}"
    return Provision(eid, "paragraph", text=text or "", omitted=text is None)


def _articles(paras: tuple[str | None, str | None, str | None]) -> tuple[Provision, ...]:
    art1 = Provision("art_1", "article", num="Article 1", omitted=True)
    art4 = Provision(
        "art_4", "article", num="Article 4", children=tuple(_para(i + 1, t) for i, t in enumerate(paras))
    )
    return (art1, art4)


def _expression(
    uri: str, day: date, source: str, paras: tuple[str | None, str | None, str | None]
) -> Expression:
    return Expression(CST, uri, "eng", day, source, f"rendering in {source}", _articles(paras))


EXPRESSIONS = (
    _expression(E1992, date(1992, 5, 15), "seed-000", (P1_000, P2_000, None)),
    _expression(E1992, date(1992, 5, 15), "seed-004", (P1_004, P2_004, None)),
    _expression(E2012, date(2012, 12, 19), "seed-002", (P1_002, P2_002, P3_002)),
)
WORK = Work(
    CST, "cst", "Collective Security Treaty", "act", "treaty", date(1992, 5, 15), expressions=EXPRESSIONS
)
SOURCES = tuple(Source(f"seed-00{i}", f"00{i}.txt", f"seed {i}", "web page", "", "") for i in range(5))


class FixtureCorpus:
    """Just what anchoring and the annotation store need from a corpus (lexcsto.annotations.annotation.AnchoringCorpus)."""

    def __init__(self, works: tuple[Work, ...] = (WORK,)) -> None:
        self._works = works
        self.sources = SOURCES

    def work(self, name: str) -> Work:
        for w in self._works:
            if name in (w.short, w.uri):
                return w
        raise QueryError(None, None, f"no work {name!r}")

    def expressions(self, name: str) -> tuple[Expression, ...]:
        return self.work(name).expressions
