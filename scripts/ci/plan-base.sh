#!/usr/bin/env bash
# Offline plans of the merge request's target branch, for the diff: out/base-prod.json, out/base-nonprod.json.
# Prints a line as each step starts and how long it took (the install is most of the time).
set -euo pipefail
target="${CI_MERGE_REQUEST_TARGET_BRANCH_NAME:-main}"
mkdir -p out
step() { printf 'plan-base: %s...\n' "$*" >&2; }
took() { printf 'plan-base: done in %d s\n' "$((SECONDS - $1))" >&2; }
started=$SECONDS
step "fetching $target"
git fetch --depth 1 origin "$target"
rm -rf ../plan-base
git worktree add --force ../plan-base FETCH_HEAD
(
  cd ../plan-base
  step "installing $target's dependencies (npm ci)"
  npm ci --no-audit --no-fund
  step "planning $target's prod stack"
  npm run -s plan -- --stack prod --json out/prod.json --quiet || [ -f out/prod.json ]
  step "planning $target's nonprod stack"
  npm run -s plan -- --stack nonprod --json out/nonprod.json --reference out/prod.json --quiet || [ -f out/nonprod.json ]
)
cp ../plan-base/out/prod.json out/base-prod.json
cp ../plan-base/out/nonprod.json out/base-nonprod.json
git worktree remove --force ../plan-base
took "$started"
