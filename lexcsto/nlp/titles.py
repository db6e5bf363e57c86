"""Instruments named by a title the registry does not hold word for word, and names that run on.

The registry (:mod:`lexcsto.nlp.instruments`) names each work by its title and aliases; prose names them
in other words ("Agreement on the Status of Formations of Forces and Means of the Collective Security
System"), adds who they belong to ("... of the CSTO", «... для государств – членов ОДКБ») or names
instruments outside the corpus by their long titles ("Regulations on the procedure for suspending the
participation of a member state ..."). This module reads those forms (``titles.yaml``):

- a registry name followed by its owner is one name with it;
- a title is a head word naming a kind of instrument, with a capital, an opener ("on", «о») and its
  subject, up to the first word that cannot be part of it; it is linked to the registry work whose name is
  nearest (rapidfuzz), a work of the year the text dates it to first, or else stands for an instrument
  outside the corpus (key ``""``).

>>> from lexcsto.nlp.instruments import find_instruments
>>> text = "Article 3 of the Provisional Regulations on the CSTO Parliamentary Assembly; more"
>>> [(m.text, m.instrument) for m in with_titles(text, find_instruments(text), "eng")]
[('Provisional Regulations on the CSTO Parliamentary Assembly', 'pa-regulations')]
>>> text = "the Regulations on the procedure for suspending membership in the CSTO of 18 June 2004."
>>> [(m.text, m.instrument) for m in with_titles(text, [], "eng")]
[('Regulations on the procedure for suspending membership in the CSTO', '')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from lexcsto.nlp.instruments import Mention, find_instruments, instruments
from lexcsto.nlp.tables import fold, phrase_regex, read_table

__all__ = ["clear_text_caches", "named_units", "with_titles"]

_WORD = re.compile(r"[\w’']+(?:[-–][\w’']+)*|\S")
_MONTH = re.compile(
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
)
_YEAR = re.compile(
    r"\s*(?:,\s*|\s+(?:of|dated|from|signed\s+on)\s+|\s*\(|\s+от\s+)(?:\d{1,2}\s+)?[A-Za-zА-Яа-яё]+\s+((?:19|20)\d\d)"
)


@dataclass(frozen=True)
class _Rules:
    head: re.Pattern[str]
    owner: re.Pattern[str]
    article_heads: frozenset[str]
    function_words: frozenset[str]
    stops: frozenset[str]
    link_score: int
    dated_score: int
    opening_score: int  # English: a title this near a longer name's opening words is that name cut short
    russian_words: int  # the longest Russian subject in the genitive
    verb_like_nouns: frozenset[str]
    endings: tuple[str, ...]  # Russian case endings, longest first: a title is compared by its stems


def _alt(words: list[str]) -> str:
    return "|".join(phrase_regex(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _rules(lang: str) -> _Rules:
    data = read_table("titles.yaml")
    heads = data["heads"][lang]
    openers = data["openers"][lang]
    # the head with its capital as written, the opener in any case: "Agreement on", «Соглашение о»
    # a Russian title may name its subject in the genitive with no opener («Правила процедуры органов ...»,
    # «Концепции коллективной безопасности»): it is linked to the registry or dropped, so no opener is needed
    optional = "?" if lang == "rus" else ""
    head = re.compile(
        rf"(?<![\w-])(?P<head>{_alt(heads)})\s+(?:(?P<opener>(?i:{_alt(openers)}))\s+){optional}"
    )
    owners = list(data["owners"][lang])
    forms = (data.get("owner_forms") or {}).get(lang) or {}
    for lead in ["", *(forms.get("lead") or [])]:
        for members in ["", *(forms.get("members") or [])]:
            if lead and not members:
                continue  # «для ОДКБ» is no owner of a title
            owners += [" ".join(w for w in (lead, members, org) if w) for org in forms.get("org") or []]
    # the longest first, and «государств – членов» written with a hyphen too («государств-членов»)
    alternatives = sorted(
        dict.fromkeys(phrase_regex(o).replace("\\s+–\\s+", "\\s*[–-]\\s*") for o in owners),
        key=len,
        reverse=True,
    )
    owner = re.compile(rf"\s+(?:{'|'.join(alternatives)})(?!\w)")
    return _Rules(
        head,
        owner,
        frozenset(data["article_heads"].get(lang) or []),
        frozenset(fold(w) for w in data["function_words"].get(lang) or []),
        frozenset(fold(w) for w in data["stops"][lang]),
        int(data["link_score"]),
        int(data["dated_score"]),
        int(data["opening_score"]),
        int(data.get("russian_words") or 12),
        frozenset(fold(w) for w in data.get("verb_like_nouns") or []),
        tuple(sorted((fold(e) for e in data.get("case_endings", {}).get(lang) or []), key=len, reverse=True)),
    )


@functools.cache
def _registry_names(lang: str) -> tuple[tuple[str, str, str, str], ...]:
    """(folded name, its head word, key, year of the work) for every registry name of ``lang``."""
    out = []
    for key, row in instruments().items():
        year = re.search(r"/((?:19|20)\d\d)-\d\d-\d\d/", row.uri or "")
        for name in row.names[lang]:  # type: ignore[index]  # lang is checked by _rules
            words = fold(name.replace("*", "")).split()
            if words:
                out.append((" ".join(words), words[0][:6], key, year.group(1) if year else ""))
    return tuple(out)


def _stem(word: str, endings: tuple[str, ...]) -> str:
    """``word`` without its case ending, keeping at least four letters: «Соглашения» and «Соглашение» both
    «соглашени»-like, so that a title in any case is near the registry's name in the nominative."""
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


@functools.cache
def _stemmed_names(lang: str) -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """(stems of the name, key, year of the work) for every registry name of ``lang``, the owner that ends
    a name («... ОДКБ», «... Организации Договора о коллективной безопасности») cut off too."""
    rules = _rules(lang)
    out = []
    for name, _, key, year in _registry_names(lang):
        out.append((tuple(_stem(w, rules.endings) for w in name.split()), key, year))
        owner = rules.owner.search(" " + name)
        if owner is not None and owner.end() == len(name) + 1 and owner.start() > 0:
            core = name[: owner.start()].split()
            out.append((tuple(_stem(w, rules.endings) for w in core), key, year))
    return tuple(out)


@functools.cache
def _link_stems(stems: tuple[str, ...], lang: str, year: str) -> tuple[int, str]:
    """(score, key) of the registry work whose name is nearest to a Russian title given by its stems: the
    whole name (rapidfuzz ratio of the stems), or its opening words when the title has at least two words
    of subject ("Соглашение о статусе формирований" is the Agreement on the status of formations of forces
    and means ...). A work of the year the text dates it to first; two works equally near name neither."""
    rules = _rules(lang)
    joined = " ".join(stems)
    best: dict[str, tuple[bool, float]] = {}
    for name, key, work_year in _stemmed_names(lang):
        if name[0][:6] != stems[0][:6]:
            continue
        score = fuzz.ratio(joined, " ".join(name))
        if len(stems) >= 4 and len(name) > len(stems):
            score = max(score, fuzz.ratio(joined, " ".join(name[: len(stems)])) - 1)
        dated = bool(year) and work_year == year and score >= rules.dated_score
        best[key] = max(best.get(key, (False, 0.0)), (dated, score))
    ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return 0, ""
    key, (dated, score) = ranked[0]
    return (int(score), key) if dated or score >= rules.link_score else (0, "")


def _russian_title(text: str, start: int, end: int, year: str) -> tuple[int, str]:
    """(end, key) of the Russian title that starts at ``text[start]`` and runs at most to ``end``: the
    opening words nearest a registry name, the longest of the best."""
    rules = _rules("rus")
    words = list(_WORD.finditer(text, start, end))
    stems = [_stem(fold(w.group(0)), rules.endings) for w in words]
    best_end, best_key, best_score = start, "", 0
    for k in range(len(words), 2, -1):
        if not words[k - 1].group(0)[0].isalnum():
            continue
        score, key = _link_stems(tuple(s for s in stems[:k] if s not in "–-"), "rus", year)
        if key and score > best_score:
            best_end, best_key, best_score = words[k - 1].end(), key, score
    return best_end, best_key


@functools.cache
def _link(title: str, lang: str, year: str) -> str:
    """The registry work a title names, or ``""``: the nearest name of the same head word."""
    rules = _rules(lang)
    words = fold(title).split()
    best, best_key, dated, dated_key = 0.0, "", 0.0, ""
    for name, head, key, work_year in _registry_names(lang):
        if head != words[0][:6]:
            continue
        score = fuzz.token_sort_ratio(" ".join(words), name)
        opening = name.split()[: len(words)]
        if len(words) >= 6 and len(opening) == len(words) and opening != name.split():
            # a title cut before its owner, as the Russian ones (_link_stems): "Agreement on the procedures for
            # establishment and functioning of the forces of the collective security system" (..."of the states
            # participating in CST"); nearly word for word, since titles share their openings ("Agreement on
            # the procedures for creation" is no cut of "... for operational deployment ...")
            opening_score = fuzz.ratio(" ".join(words), " ".join(opening))
            if opening_score >= rules.opening_score:
                score = max(score, opening_score - 1)
        if score > best:
            best, best_key = score, key
        if year and work_year == year and score > dated:
            dated, dated_key = score, key
    if dated >= rules.dated_score:
        return dated_key
    return best_key if best >= rules.link_score else ""


def _subject_end(text: str, pos: int, lang: str, head: str) -> tuple[int, int]:
    """Where the subject of a title that starts at ``text[pos]`` ends (``pos`` if it has no subject), and
    where its capitalised words end: ``pos`` for a subject in lower case (always in Russian), else where a
    lower-case word follows the first of them ("Plan for CSTO coalition force development": read in lower
    case from there on). A registry name that reaches that far wins over a title read in lower case."""
    rules = _rules(lang)
    end, content, capitals, capitalised = pos, 0, None, 0  # 0: no lower-case run (yet)
    words, after_abbreviation = 0, False
    first = _WORD.match(text, pos)
    if first is None or first.group(0)[0].isdigit() or _MONTH.fullmatch(first.group(0)):
        return pos, pos  # "Agreement of 6 July 1992", "Charter on October 7": a date, not a subject
    for m in _WORD.finditer(text, pos):
        word = m.group(0)
        folded = fold(word)
        if not word[0].isalnum():
            if word in "–-" and lang == "rus" and end > pos:  # «государств – членов»: inside the title
                continue
            break
        if folded in rules.stops or (lang == "rus" and _russian_verb(folded)):
            break
        if capitals and folded in ("and", "or") and re.match(r"\s+(?:the|a|an|its|their)\s", text[m.end() :]):
            break  # "... Trafficking and the Regulations on it": a second name, not this one's subject
        if folded in ("and", "or", "и", "или") and _unit_next(lang).match(text, m.end()):
            break  # "... Legal Status of the CSTO and Article 14 of ...": a second citation, not the subject
        if folded in ("of", "from", "on", "in", "dated") and re.match(r"\s+\d", text[m.end() :]):
            break  # "of 11 October 2000", "on 28 September 2012": a date, not the subject
        if lang == "eng" and after_abbreviation and folded in ("the", "a", "an"):
            break  # "... Assembly of the CSTO the Assembly works": an article after an abbreviation starts a new phrase
        after_abbreviation = word.isupper() and len(word) > 1
        if lang == "eng":
            if capitals is None and folded not in rules.function_words:
                capitals = word[0].isupper() or word[0].isdigit()
                if not capitals and head in rules.article_heads:
                    return pos, pos  # "the Treaty to join": no lower-case title after "Treaty"
                if not capitals:
                    capitalised = pos
            if (
                capitals
                and folded not in rules.function_words
                and not (word[0].isupper() or word[0].isdigit())
            ):
                if content > 1:
                    break
                capitals, capitalised = False, end  # "Plan for CSTO coalition force development"
        words += 1
        if words > 40:
            break
        end = m.end()
        if folded not in rules.function_words:
            content += 1
    if content == 0:
        return pos, pos
    # no title ends in a function word ("... of the")
    tail = list(_WORD.finditer(text, pos, end))
    while tail and fold(tail[-1].group(0)) in rules.function_words:
        tail.pop()
    end = tail[-1].end() if tail else pos
    return end, (pos if lang != "eng" else capitalised) or end


@functools.cache
def _unit_next(lang: str) -> re.Pattern[str]:
    """A unit word of refs.yaml ``units`` and a number right after a word: "and Article 14", «и статья 5»."""
    units = read_table("refs.yaml").get("units") or {}
    words = sorted({w for row in units.values() for w in row.get(lang) or []}, key=len, reverse=True)
    stems = [w[:4] + r"\w*" if lang == "rus" and w[-1].isalpha() else phrase_regex(w) for w in words]
    return re.compile(rf"\s+(?i:{'|'.join(stems)})\s*(?:\d|[IVXLC]+\b)" if stems else r"(?!)")


@functools.cache
def _owned_kind(lang: str) -> tuple[re.Pattern[str], frozenset[str]] | None:
    """The kinds of an instrument and the organisations' abbreviations that own one (titles.yaml
    ``owned_kinds``, entities.yaml ORG ``abbr``): the kind words are found first, the owner is one word
    beside them (a set lookup, not an alternation of every abbreviation at every position)."""
    kinds = (read_table("titles.yaml").get("owned_kinds") or {}).get(lang) or []
    entities = read_table("entities.yaml")
    # the CSTO's own abbreviation owns no outside instrument: "CSTO Treaty", «Договор ОДКБ» are loose names
    # of its own (composed_orgs not_owners)
    own = set((entities.get("composed_orgs") or {}).get("not_owners") or [])
    owners = [
        a
        for row in entities["ORG"]
        if row.get("id") not in own
        for a in ((row.get(lang) or {}).get("abbr") or [])
    ]
    if not kinds or not owners:
        return None
    return re.compile(rf"(?<![\w-])(?:{_alt(kinds)})(?![\w-])"), frozenset(owners)


@functools.lru_cache(maxsize=256)
def _registry_named(name: str, lang: str) -> bool:
    """Whether the registry names ``name`` whole ("UN Charter"): an owned kind it names is no outside one."""
    return any(m.start == 0 and m.end == len(name) for m in find_instruments(name, lang))


_WORD_BEFORE = re.compile(r"(?<![\w-])([\w.-]+)\s+$")
_WORD_AFTER = re.compile(r"\s+([\w.-]+)(?![\w-])")


def _owned_kinds(text: str, lang: str) -> list[Mention]:
    """ "SCO Charter", «Хартии ШОС»: an instrument of an organisation, outside the registry (key ``""``)."""
    rules = _owned_kind(lang)
    if rules is None:
        return []
    kind, owners = rules
    out = []
    for m in kind.finditer(text):
        if not m.group(0)[0].isupper():
            continue
        if lang == "eng":  # the owner before the kind
            before = _WORD_BEFORE.search(text, max(0, m.start() - 16), m.start())
            if before is not None and before.group(1) in owners:
                out.append(Mention(text[before.start(1) : m.end()], before.start(1), m.end(), "", None))
        else:  # the owner after it, in the genitive
            after = _WORD_AFTER.match(text, m.end())
            if after is not None and after.group(1) in owners:
                out.append(Mention(text[m.start() : after.end(1)], m.start(), after.end(1), "", None))
    return out


@functools.lru_cache(maxsize=16)  # the entity and the reference components both ask, for one text
def _titles(text: str, lang: str) -> tuple[tuple[Mention, int], ...]:
    """Each title in ``text``, with where its capitalised words end (see :func:`_subject_end`)."""
    rules = _rules(lang)
    out: list[tuple[Mention, int]] = []
    for m in rules.head.finditer(text):
        if not m.group("head")[0].isupper():
            continue
        if m.group("opener") is None and rules.head.match(text, m.end()):
            continue  # «Положения Концепции ...»: a common noun before a title, not a title's head
        end, capitalised = _subject_end(text, m.end(), lang, m.group("head"))
        if end <= m.end():
            continue
        title = text[m.start() : end]
        dated = _YEAR.match(text, end)
        if lang == "rus":
            # a Russian title must be a work of the registry (see titles.yaml); its end is where its
            # words are nearest a registry name, with the owner after it
            end, key = _russian_title(text, m.start(), end, dated.group(1) if dated else "")
            if not key:
                continue
            owner = rules.owner.match(text, end)
            end = owner.end() if owner is not None else end
            title = text[m.start() : end]
        else:
            key = _link(title, lang, dated.group(1) if dated else "")
        uri = instruments()[key].uri if key else None
        out.append((Mention(title, m.start(), end, key, uri), capitalised))
    for owned in _owned_kinds(text, lang):
        if any(t.start <= owned.start < t.end for t, _ in out) or _registry_named(owned.text, lang):
            continue  # "UN Charter", "NATO Treaty": the registry's, whatever title follows
        titled = next((i for i, (t, _) in enumerate(out) if owned.start < t.start < owned.end), None)
        if titled is not None:  # "CIS Agreement on peacekeeping": the owner, then a title
            t, capitalised = out[titled]
            out[titled] = (
                Mention(text[owned.start : t.end], owned.start, t.end, t.instrument, t.work),
                capitalised,
            )
        else:
            out.append((owned, owned.end))
    return tuple(sorted(out, key=lambda t: t[0].start))


def with_titles(text: str, mentions: list[Mention], lang: str) -> list[Mention]:
    """``mentions`` (registry names found in ``text``) with their owners joined to them and the titles of
    :func:`_titles` added; a title replaces the names inside it, a name reaching past a title wins."""
    rules = _rules(lang)
    extended = []
    for m in mentions:
        owner = rules.owner.match(text, m.end)
        if owner is not None:
            m = replace(m, text=text[m.start : owner.end()], end=owner.end())
        extended.append(m)
    # a name inside a longer one is part of it ("Collective Security Treaty" in "Concept ... of the States
    # Parties to the Collective Security Treaty")
    extended = [
        m
        for m in extended
        if not any(o is not m and _inside(m, o) and o.end - o.start > m.end - m.start for o in extended)
    ]
    titles = [
        t
        for t, capitalised in _titles(text, lang)
        if not any(_inside(t, m) for m in extended)
        # "the Provisions on the CDM respectively regulate", "the Agreement on the operational preparedness
        # ... applies": a registry name, then prose in lower case
        and not any(m.start == t.start and m.end >= capitalised for m in extended)
    ]
    kept = [m for m in extended if not any(_inside(m, t) for t in titles)]
    titles = [t for t in titles if not any(m.start < t.end and t.start < m.end for m in kept)]
    return sorted(kept + titles, key=lambda m: m.start)


def _inside(a: Mention, b: Mention) -> bool:
    """``a`` lies within ``b`` (and is not ``b`` itself, unless ``b`` is a registry name)."""
    return b.start <= a.start and a.end <= b.end and (a.end - a.start < b.end - b.start or bool(b.instrument))


@functools.cache
def _unit_heads(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = read_table("titles.yaml")
    openers = data["openers"][lang]
    out = []
    for label, heads in (data.get("named_units") or {}).items():
        words = heads.get(lang) or []
        if not words:
            continue
        opener = rf"\s+(?:{_alt(openers)})\s+" if lang == "eng" else r"\s+(?:(?:по|для)\s+)?"
        out.append(
            (
                str(label),
                re.compile(rf"(?<![\w-])(?:{_alt(words)}){opener}", re.IGNORECASE if lang == "rus" else 0),
            )
        )
    return tuple(out)


@functools.lru_cache(maxsize=16)
def named_units(text: str, lang: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, label) of each body or organisation named as a title is (``titles.yaml``:
    ``named_units``): "Working Group on Information Policy", «Координационного совета руководителей ...».

    >>> [(label, "Office on Drugs and Crime"[s:e]) for s, e, label in named_units("Office on Drugs and Crime", "eng")]
    [('ORG', 'Office on Drugs and Crime')]
    """
    out: list[tuple[int, int, str]] = []
    for label, head in _unit_heads(lang):
        for m in head.finditer(text):
            if not text[m.start()].isupper():
                continue
            if lang == "eng":
                end, capitalised = _subject_end(text, m.end(), lang, "")
                if capitalised == m.end() or end <= m.end():
                    continue  # a lower-case subject names no body ("a working group on this")
                end = capitalised if capitalised < end else end
            else:
                end = _russian_subject_end(text, m.end())
                if end <= m.end():
                    continue
            out.append((m.start(), end, label))
    return tuple(sorted(out))


def clear_text_caches() -> None:
    """Forget the per-text results (:func:`_titles`, :func:`named_units`): the entity and the reference
    components share them for one text; a benchmark clears them so that no side of it runs warm."""
    _titles.cache_clear()
    named_units.cache_clear()


def _russian_subject_end(text: str, pos: int) -> int:
    """A Russian subject in the genitive: words to a stop word, a punctuation mark or ``russian_words`` words."""
    rules = _rules("rus")
    stops, limit = rules.stops, rules.russian_words
    end, words = pos, 0
    for m in _WORD.finditer(text, pos):
        word = m.group(0)
        if not word[0].isalnum() or fold(word) in stops or _russian_verb(fold(word)) or words >= limit:
            break
        end, words = m.end(), words + 1
    return end


# A Russian finite verb or short participle ends a title or a body's name («... преступности носит»);
# the nouns with those endings that a name may hold are listed in titles.yaml (`verb_like_nouns`).
_VERB_ENDING = re.compile(
    r"\w{2,}(?:ует|ают|яют|ит|ет|ют|ят|ится|ется|ются|ятся|ал|ала|ало|али|ил|ила|ило|или|ен|ена|ено|ены)"
)


def _russian_verb(folded: str) -> bool:
    return _VERB_ENDING.fullmatch(folded) is not None and folded not in _rules("rus").verb_like_nouns
