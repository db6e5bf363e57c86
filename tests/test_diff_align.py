"""Structural alignment: provisions are matched by wId and eId before their words are compared."""

from __future__ import annotations

from lexcsto.compare.alignment import diff_provisions
from lexcsto.compare.operations import apply_ops
from lexcsto.compare.tokens import Encoder, diff_tokens, tokenize
from lexcsto.corpus.model import OMITTED_MARK, Provision


def art(*paras: Provision, eid: str = "art_1") -> Provision:
    return Provision(eid, "article", num="Article 1", children=paras)


def para(
    n: int | str, text: str = "", *, omitted: bool = False, wid: str = "", parent: str = "art_1"
) -> Provision:
    return Provision(f"{parent}__para_{n}", "paragraph", text=text, omitted=omitted, wid=wid)


def status(changes: tuple, eid: str) -> tuple[str, bool, bool]:  # type: ignore[type-arg]
    c = next(c for c in changes if eid in (c.new_eid, c.old_eid))
    return c.status, c.renumbered, c.moved


def test_added_removed_changed_same() -> None:
    old = art(para(1, "The Parties consult."), para(2, "The Parties assist."), para(3, "Old rule."))
    new = art(para(1, "The Parties consult."), para(2, "The Parties assist at once."), para(4, "New rule."))
    changes, ops = diff_provisions([old], [new])
    assert status(changes, "art_1__para_1") == ("same", False, False)
    assert status(changes, "art_1__para_2") == ("changed", False, False)
    assert status(changes, "art_1__para_3") == ("removed", False, False)
    assert status(changes, "art_1__para_4") == ("added", False, False)
    assert [(o.op, o.text) for o in ops if o.op != "equal"] == [
        ("insert", " at once"),
        ("delete", "\n\nOld rule."),
        ("insert", "\n\nNew rule."),
    ]
    assert apply_ops(old.full_text, ops) == new.full_text


def test_renumbered_by_wid_is_diffed_not_deleted() -> None:
    old = art(para(1, "First."), para(2, "Second rule.", wid="art_1__para_2"))
    new = art(para(1, "First."), para(3, "Second rule, amended.", wid="art_1__para_2"))
    changes, ops = diff_provisions([old], [new])
    c = next(c for c in changes if c.new_eid == "art_1__para_3")
    assert (c.old_eid, c.status, c.renumbered) == ("art_1__para_2", "changed", True)
    assert [(o.op, o.text) for o in ops if o.op != "equal"] == [("insert", ", amended")]


def test_moved_provision_is_reported() -> None:
    old = art(para(1, "Alpha text."), para(2, "Beta text."), para(3, "Gamma text."))
    new = art(para(3, "Gamma text."), para(1, "Alpha text."), para(2, "Beta text."))
    changes, ops = diff_provisions([old], [new])
    moved = [c.eid for c in changes if c.moved]
    assert moved == ["art_1__para_3"]
    assert apply_ops(old.full_text, ops) == new.full_text


def test_a_paragraph_a_source_did_not_quote_is_unknown_not_deleted() -> None:
    old = art(para(1, "Same."), para(2, omitted=True))
    new = art(para(1, "Same."), para(2, "States Parties shall immediately notify."))
    changes, ops = diff_provisions([old], [new])
    assert status(changes, "art_1__para_2") == ("unknown", False, False)
    kinds = {o.kind for o in ops if o.op != "equal"}
    assert kinds == {"unknown"}
    assert [o.text for o in ops if o.op == "delete"] == [OMITTED_MARK]
    back = diff_provisions([new], [old])[1]
    assert {o.kind for o in back if o.op != "equal"} == {"unknown"}


def test_both_sides_omitted_is_unknown_and_unchanged() -> None:
    old = art(para(1, omitted=True))
    changes, ops = diff_provisions([old], [old])
    assert status(changes, "art_1__para_1") == ("unknown", False, False)
    assert [(o.op, o.kind) for o in ops] == [("equal", "unknown")]


def test_whole_article_inserted_and_repealed() -> None:
    a1 = art(para(1, "One."))
    a2 = art(para(1, "Two.", parent="art_2"), eid="art_2")
    changes, ops = diff_provisions([a1], [a1, a2])
    assert [c.status for c in changes if c.eid.startswith("art_2")] == ["added", "added"]
    assert apply_ops(a1.full_text, ops) == "One.\n\nTwo."
    changes, ops = diff_provisions([a1, a2], [a1])
    assert [c.status for c in changes if c.eid.startswith("art_2")] == ["removed", "removed"]
    assert {o.kind for o in ops if o.op != "equal"} == {"substantive"}


def test_scattered_edits_stay_whole_words() -> None:
    old = " ".join(f"word{i}" for i in range(200))
    new = old.replace("word17 ", "term17 ").replace("word150 ", "term150 ")
    runs = [(op, "".join(t)) for op, t in diff_tokens(tokenize(old), tokenize(new)) if op]
    assert runs == [(-1, "word17"), (1, "term17"), (-1, "word150"), (1, "term150")]


def test_encoder_gives_every_token_its_own_code() -> None:
    enc = Encoder()
    words = [f"w{i}" for i in range(30000)] + [chr(0xF0000 + i) for i in range(10)] + [" ", "\n\n", "\n", "."]
    codes = enc.encode(words)
    assert len(set(codes)) == len(words)
    assert [enc.tokens[c] for c in codes] == words
