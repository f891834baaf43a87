#!/usr/bin/env bash
# The merge-request report: the offline diff of both stacks against the target branch (with the gate on
# dangerous changes) followed by the real previews, written to out/mr-note.md and posted as one note.
set -euo pipefail
ack=""
# acknowledgement: the label, or the marker [ack-dangerous] in the merge request's description
# (the report says which was used)
if [[ ",${CI_MERGE_REQUEST_LABELS:-}," == *",dangerous-change-acknowledged,"* ]]; then
  ack="--acknowledged label"
elif [[ "${CI_MERGE_REQUEST_DESCRIPTION:-}" == *"[ack-dangerous]"* ]]; then
  ack="--acknowledged marker"
fi
status=0
npm run -s plan:diff -- out/base-prod.json out/prod.json out/base-nonprod.json out/nonprod.json --markdown --fail-on-danger $ack > out/mr-note.md || status=$?
for stack in prod nonprod; do
  if [ -f "out/preview-$stack.txt" ]; then
    printf '\n<details><summary>pulumi preview --diff --policy-pack policies --policy-pack-config policies/config.json (%s)</summary>\n\n```\n' "$stack" >> out/mr-note.md
    cat "out/preview-$stack.txt" >> out/mr-note.md
    printf '\n```\n\n</details>\n' >> out/mr-note.md
  fi
done
npm run -s mr:note -- out/mr-note.md
exit "$status"
