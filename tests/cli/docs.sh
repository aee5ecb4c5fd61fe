#!/usr/bin/env bash
# The README and docs/ show real output: every example in them is run again
# (scripts/doc-examples --check) and must give what the document shows,
# ids, timings and sizes aside.  After a change that alters an output, run
# scripts/doc-examples README.md docs/*.md to put the new output in place.
. "$top_srcdir/tests/cli/lib.sh"

for doc in README.md docs/formats.md docs/features.md docs/serve.md docs/reliability.md; do
    diff=$(cd "$top_srcdir" && python3 scripts/doc-examples --check "$doc" 2>&1)
    status=$?
    is "every example in $doc gives the output it shows" 0 "$status"
    [ "$status" -eq 0 ] || printf '%s\n' "$diff" | sed 's/^/#   /' | head -80
done

done_testing
