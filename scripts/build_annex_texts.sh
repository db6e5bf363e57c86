#!/usr/bin/env bash
# Build the two texts of seed 003, Annex I, into the corpus with the importer, so that the corpus and the
# importer agree (tests/test_import_annex.py re-runs this script and compares the result with texts/).
#
#   scripts/build_annex_texts.sh [OUT]     OUT defaults to texts/ (writes OUT/<short>/<lang>@<date>.<source>.xml)
#
# Environment: LEXCSTO (the lexcsto command; default .venv/bin/lexcsto), LEXCSTO_SEEDS (the seed folder;
# default ../shared/seeds beside the checkout). See docs/importing.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:-$root/texts}"
seeds="${LEXCSTO_SEEDS:-$root/../shared/seeds}"
lexcsto="${LEXCSTO:-$root/.venv/bin/lexcsto}"
seed="$seeds/003_0a75eb2eb7119d81.txt"
# The manifestation date of the committed files: fixed, so that a rebuild gives the same bytes.
generated=2026-11-22

# The Provisions on the CSC, CFM, CDM, CSSC, Permanent Council, Secretariat and Secretary General:
# 97 numbered items under 13 headings, one section per body (seeds-facts section 2.4). The slice starts
# after L2526, "Annex I. Tasks and Functions of CSTO Bodies": the book's heading, not the instrument's title
# (issue 14), which the meta file gives (003 L1526-1527).
"$lexcsto" import "$seed" --lines 2527-2784 \
  --work /akn/aa-csto/act/decision/2003-04-28/provisions-bodies --lang eng --date 2003-04-28 \
  --source seed-003 --meta "$here/annex-meta/provisions-bodies.yaml" --generated "$generated" \
  -o "$out" --json

# The Provisional Regulations on the Parliamentary Assembly, art. 3 a)-i). The slice starts after L2785,
# "CSTO Parliamentary Assembly": the Annex's heading, not the Regulations' title (issue 14; 003 L1654-1655).
"$lexcsto" import "$seed" --lines 2786-2808 \
  --work /akn/aa-csto/act/regulation/2007-03-30/pa-regulations --lang eng --date 2007-03-30 \
  --source seed-003 --meta "$here/annex-meta/pa-regulations.yaml" --generated "$generated" \
  -o "$out" --json
