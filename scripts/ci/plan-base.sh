#!/usr/bin/env bash
# Offline plans of the merge request's target branch, for the diff: out/base-prod.json, out/base-nonprod.json.
set -euo pipefail
target="${CI_MERGE_REQUEST_TARGET_BRANCH_NAME:-main}"
mkdir -p out
git fetch --depth 1 origin "$target"
rm -rf ../plan-base
git worktree add --force ../plan-base FETCH_HEAD
(
  cd ../plan-base
  npm ci --no-audit --no-fund
  npm run -s plan -- --stack prod --json out/prod.json --quiet || [ -f out/prod.json ]
  npm run -s plan -- --stack nonprod --json out/nonprod.json --reference out/prod.json --quiet || [ -f out/nonprod.json ]
)
cp ../plan-base/out/prod.json out/base-prod.json
cp ../plan-base/out/nonprod.json out/base-nonprod.json
git worktree remove --force ../plan-base
