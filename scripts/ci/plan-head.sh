#!/usr/bin/env bash
# Offline plans of this commit: out/prod.json, out/nonprod.json and the idc example, out/idc.json (exit 1 on a
# mandatory policy violation).
set -euo pipefail
mkdir -p out
npm run -s plan -- --stack prod --json out/prod.json
npm run -s plan -- --stack nonprod --json out/nonprod.json --reference out/prod.json
npm run -s plan -- --stack idc --json out/idc.json --reference out/prod.json
