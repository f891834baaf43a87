#!/usr/bin/env bash
# Sample merge-request reports: three changes to the real program, planned offline and diffed as the
# merge-request pipeline does (npm run plan, npm run plan:diff --markdown --fail-on-danger), written to
# docs/reports/ with their topology rendered to docs/images/ (npm run docs:diagrams, headless Chromium):
#
#   1. onboard a team       docs/reports/1-onboard-team.md      a `returns` project in config/tenancy (prod + nonprod)
#   2. add a node pool      docs/reports/2-add-node-pool.md     a `batch` pool on the prod cluster (Pulumi.prod.yaml)
#   3. replace a NAS FS     docs/reports/3-replace-nas.md       prod's extreme NAS in zone h, storageType standard -> advance
#
#   bash scripts/docs/sample-reports.sh        (from the repository root; about a minute)
#
# Every plan is made in a temporary copy of the working tree (node_modules symlinked, ../shared beside it), so
# the checkout is never touched, except docs/reports/ and docs/images/, which the script rewrites whole (it is
# idempotent: a second run gives the same files). Needs Node and Chromium (CHROMIUM_PATH, else chromium).
# SAMPLE_REPORTS_KEEP=1 keeps the temporary copy and the plan files.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
REPORTS="docs/reports"
IMAGES="docs/images"
REGEN="bash scripts/docs/sample-reports.sh"
STARTED=$SECONDS
STEP=0
CURRENT="starting"

step() {
  STEP=$((STEP + 1))
  CURRENT="$*"
  printf 'sample-reports [%2d] %3d s: %s...\n' "$STEP" "$((SECONDS - STARTED))" "$*" >&2
}
fail() {
  printf 'sample-reports: FAILED at step %d (%s): %s\n' "$STEP" "$CURRENT" "$*" >&2
  exit 1
}
trap 'rc=$?; printf "sample-reports: FAILED at step %d (%s): command exited %d: %s\n" "$STEP" "$CURRENT" "$rc" "$BASH_COMMAND" >&2' ERR

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sample-reports.XXXXXX")"
# SAMPLE_REPORTS_KEEP=1 keeps the copy and the plan files (to look at them), and says where
cleanup() {
  if [ "${SAMPLE_REPORTS_KEEP:-0}" = 1 ]; then printf 'sample-reports: kept %s (plans in %s/plans)\n' "$WORK" "$WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
REPO="$WORK/repo"   # the copy of the working tree every plan runs in
PLANS="$WORK/plans"
mkdir -p "$PLANS" "$WORK/md"

# ---------------------------------------------------------------------------------------------------------------
# The copy. The working tree may be mid-edit (a file half renamed): the copy's first plan shows whether it
# compiles; if not, wait a minute and copy again (three tries).

snapshot() {
  rm -rf "$REPO"
  mkdir -p "$REPO"
  # the tracked and untracked files as they are now (no rsync on every machine: tar)
  tar -C "$ROOT" --exclude=./node_modules --exclude=./out --exclude=./.git --exclude="./$REPORTS" --exclude="./$IMAGES" -cf - . | tar -C "$REPO" -xf -
  ln -s "$ROOT/node_modules" "$REPO/node_modules"
  # tests and plans read ../shared/reference: the copy's sibling is the checkout's
  if [ -e "$ROOT/../shared" ] && [ ! -e "$WORK/shared" ]; then ln -s "$(cd "$ROOT/../shared" && pwd)" "$WORK/shared"; fi
}

# plan STACK OUT [--reference REF] with extra env before: runs npm run plan in the copy; exit 0 (no mandatory
# violation) and 1 (a mandatory violation, the plan file still written) both give a plan file
plan() {
  local stack="$1" out="$2"
  shift 2
  local rc=0
  (cd "$REPO" && npm run -s plan -- --stack "$stack" --json "$out" --quiet "$@") >"$out.log" 2>&1 || rc=$?
  if [ "$rc" -gt 1 ] || [ ! -s "$out" ]; then
    cat "$out.log" >&2
    return "${rc/#0/3}"
  fi
  printf '    %s\n' "$(grep -E '^Plan of' "$out.log" | tail -1)" >&2
}

step "copying the working tree to $REPO and planning the base prod stack"
for try in 1 2 3; do
  snapshot
  if plan prod "$PLANS/base-prod.json"; then break; fi
  [ "$try" -lt 3 ] || fail "the base prod plan fails three times (is the working tree mid-edit? see above)"
  printf 'sample-reports: the plan failed (the working tree may be mid-edit); copying again in 60 s (try %d of 3)\n' "$((try + 1))" >&2
  sleep 60
done

step "planning the base nonprod stack (reading the base prod plan)"
plan nonprod "$PLANS/base-nonprod.json" --reference "$PLANS/base-prod.json" || fail "the base nonprod plan fails"

# diff NAME PAIRS...: the merge-request report, as scripts/ci/mr-report.sh makes it (with the danger gate);
# exit 1 is the gate refusing an unacknowledged dangerous change: kept, and recorded for the header
diff_report() {
  local name="$1"
  shift
  local rc=0
  (cd "$REPO" && npm run -s plan:diff -- "$@" --markdown --fail-on-danger) >"$WORK/md/$name.body.md" 2>"$WORK/md/$name.stderr" || rc=$?
  [ "$rc" -le 1 ] || { cat "$WORK/md/$name.stderr" >&2; fail "plan:diff exited $rc"; }
  echo "$rc" >"$WORK/md/$name.rc"
  [ "$rc" -eq 0 ] || printf '    plan:diff exit %d: %s\n' "$rc" "$(cat "$WORK/md/$name.stderr")" >&2
}

# gate_line NAME: what the gate said, in plain English, for the header
gate_line() {
  local name="$1"
  if [ "$(cat "$WORK/md/$name.rc")" -eq 0 ]; then
    echo "The danger gate passes (\`plan:diff --fail-on-danger\` exits 0): the pipeline's \`preview\` job would not block this change."
  else
    echo "The danger gate fails (\`plan:diff --fail-on-danger\` exits 1, as intended here): the pipeline's \`preview\` job blocks this merge request until it is acknowledged. Its message: \`$(tr -d '`' <"$WORK/md/$name.stderr" | tr '\n' ' ' | sed 's/ *$//')\`"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# 1. Onboard a team: a `returns` project in the retail workspace (as test/tenancy/onboarding.test.ts does).

step "1/3 onboard a team: copying config/tenancy and appending the returns project to workspaces/retail.yaml"
LAYOUT="$WORK/tenancy"
cp -r "$REPO/config/tenancy" "$LAYOUT"
cat "$REPO/test/tenancy/fixtures/returns-project.yaml" >>"$LAYOUT/workspaces/retail.yaml"
for user in wang-fang chen-jing; do
  grep -q "^  $user:" "$LAYOUT/users.yaml" || fail "user $user is not in config/tenancy/users.yaml"
done
(cd "$WORK" && diff -u --label a/config/tenancy/workspaces/retail.yaml --label b/config/tenancy/workspaces/retail.yaml repo/config/tenancy/workspaces/retail.yaml tenancy/workspaces/retail.yaml) >"$WORK/md/1.edit.diff" || true
[ -s "$WORK/md/1.edit.diff" ] || fail "the tenancy edit changed nothing"

step "1/3 planning prod and nonprod with PLATFORM_TENANCY_DIR=$LAYOUT"
PLATFORM_TENANCY_DIR="$LAYOUT" plan prod "$PLANS/1-head-prod.json" || fail "the head prod plan of the tenancy change fails"
PLATFORM_TENANCY_DIR="$LAYOUT" plan nonprod "$PLANS/1-head-nonprod.json" --reference "$PLANS/1-head-prod.json" || fail "the head nonprod plan of the tenancy change fails"

step "1/3 diffing both stacks"
diff_report 1 "$PLANS/base-prod.json" "$PLANS/1-head-prod.json" "$PLANS/base-nonprod.json" "$PLANS/1-head-nonprod.json"

# ---------------------------------------------------------------------------------------------------------------
# 2. Add a node pool: a `batch` pool on the prod cluster, in the copy's Pulumi.prod.yaml.

step "2/3 add a node pool: adding the batch pool to platform:clusters.prod.pools in the copy's Pulumi.prod.yaml"
cp "$REPO/Pulumi.prod.yaml" "$WORK/Pulumi.prod.yaml.orig"
node - "$REPO/Pulumi.prod.yaml" <<'JS'
// inserts the pool after the last pool line of the prod cluster (platform:clusters -> prod -> pools)
const fs = require("fs");
const file = process.argv[2];
const lines = fs.readFileSync(file, "utf8").split("\n");
const clusters = lines.findIndex((l) => /^  platform:clusters:\s*$/.test(l));
const prod = lines.findIndex((l, i) => i > clusters && /^    prod:\s*$/.test(l));
const pools = lines.findIndex((l, i) => i > prod && /^      pools:\s*$/.test(l));
if (clusters < 0 || prod < 0 || pools < 0) throw new Error("platform:clusters.prod.pools not found in Pulumi.prod.yaml");
let last = pools;
while (/^        \S/.test(lines[last + 1] ?? "")) last++;
if (lines.slice(pools, last + 1).some((l) => /^        batch:/.test(l))) throw new Error("prod already has a batch pool");
lines.splice(last + 1, 0, "        batch: { role: general, instanceType: ecs.g8i.8xlarge, desiredSize: 4, zones: [cn-hangzhou-h, cn-hangzhou-i], labels: { workload: batch } }");
fs.writeFileSync(file, lines.join("\n"));
JS
(cd "$WORK" && diff -u --label a/Pulumi.prod.yaml --label b/Pulumi.prod.yaml Pulumi.prod.yaml.orig repo/Pulumi.prod.yaml) >"$WORK/md/2.edit.diff" || true
[ -s "$WORK/md/2.edit.diff" ] || fail "the pool edit changed nothing"

step "2/3 planning prod with the new pool"
plan prod "$PLANS/2-head-prod.json" || fail "the head prod plan of the pool change fails"
cp "$WORK/Pulumi.prod.yaml.orig" "$REPO/Pulumi.prod.yaml"   # the copy back as it was

step "2/3 diffing prod"
diff_report 2 "$PLANS/base-prod.json" "$PLANS/2-head-prod.json"

# ---------------------------------------------------------------------------------------------------------------
# 3. Replace a NAS file system. No setting drives an extreme file system's storageType (NasStorage's
# extremeStorageType is not passed by stacks/clusters.ts), so the head plan is the base plan with that input
# edited: what a change of the component's argument would plan. storageType is ForceNew
# (engine/reference/alicloudReplacements.json), so the diff replaces the file system and what takes its id.

NAS_FS="prod-nas-fs-extreme-h"
step "3/3 replace a NAS file system: editing $NAS_FS's storageType (standard -> advance) in a copy of the base prod plan"
node - "$PLANS/base-prod.json" "$PLANS/3-head-prod.json" "$NAS_FS" <<'JS'
const fs = require("fs");
const [base, head, name] = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(base, "utf8"));
const found = plan.resources.filter((r) => r.type === "alicloud:nas/fileSystem:FileSystem" && r.name === name);
if (found.length !== 1) throw new Error(`expected one alicloud:nas/fileSystem:FileSystem ${name} in the base prod plan, found ${found.length}`);
const fsys = found[0];
if (fsys.inputs.fileSystemType !== "extreme" || fsys.inputs.storageType !== "standard") {
    throw new Error(`${name}: expected an extreme file system of storageType standard, found ${fsys.inputs.fileSystemType}/${fsys.inputs.storageType}`);
}
fsys.inputs.storageType = "advance";
fs.writeFileSync(head, JSON.stringify(plan, null, 2) + "\n");
JS
cat >"$WORK/md/3.edit.diff" <<DIFF
--- a/base-prod.json (npm run plan -- --stack prod)
+++ b/head-prod.json (the same plan, edited)
@@ resources[name = $NAS_FS, type = alicloud:nas/fileSystem:FileSystem].inputs @@
     "capacity": 100,
     "description": "prod-nas-extreme-h",
     "encryptType": 1,
     "fileSystemType": "extreme",
     "protocolType": "NFS",
-    "storageType": "standard",
+    "storageType": "advance",
DIFF

step "3/3 diffing prod (the danger gate is expected to fail)"
diff_report 3 "$PLANS/base-prod.json" "$PLANS/3-head-prod.json"

# ---------------------------------------------------------------------------------------------------------------
# The documents: header + report, the topology rendered, an image link under each diagram, the index.

# header NAME TITLE INTRO: the plain-English header of a report (the change, its edit, how to regenerate)
write_report() {
  local n="$1" slug="$2" title="$3" intro="$4" lang="$5"
  local out="$WORK/md/$n-$slug.md"
  {
    printf '# Sample merge-request report %s: %s\n\n' "$n" "$title"
    printf '%s\n\n' "$intro"
    printf 'The edit:\n\n```%s\n' "$lang"
    cat "$WORK/md/$n.edit.diff"
    printf '```\n\n'
    printf '%s\n\n' "$(gate_line "$n")"
    printf 'Generated by `%s` (from the repository root): it plans the base and the changed program offline in a temporary copy of the working tree, then runs `npm run -s plan:diff -- %s --markdown --fail-on-danger`. Do not edit by hand. Below the line is the report exactly as the merge-request note would carry it (without the real `pulumi preview` output, which needs a cloud); each topology diagram is followed by its rendering.\n\n---\n\n' \
      "$REGEN" "$6"
    cat "$WORK/md/$n.body.md"
  } >"$out"
}

step "writing the reports"
write_report 1 onboard-team "onboard a team" \
  "The change: a new project \`returns\` (Returns and refunds) in the \`retail\` workspace of the tenancy layout, with quotas on the prod and nonprod clusters and two members who already exist in \`config/tenancy/users.yaml\` (\`wang-fang\` as admin, \`chen-jing\` as viewer). It is data only, no code: the layout is read from \`PLATFORM_TENANCY_DIR\`, here a copy of \`config/tenancy/\` with the project appended. A project has a namespace on each of its clusters, so both stacks are planned (nonprod reading the prod plan of the same layout)." \
  diff "base-prod.json head-prod.json base-nonprod.json head-nonprod.json"
write_report 2 add-node-pool "add a node pool" \
  "The change: a new general-purpose node pool \`batch\` on the prod cluster, in the stack settings \`Pulumi.prod.yaml\` (\`platform:clusters.prod.pools\`): four nodes of the approved type \`ecs.g8i.8xlarge\`, in two of the three zones (so two node vSwitches), labelled \`workload: batch\`. Only the prod stack is planned." \
  diff "base-prod.json head-prod.json"
write_report 3 replace-nas "replace a NAS file system" \
  "The change: prod's extreme NAS file system in zone h (\`$NAS_FS\`, the one behind the StorageClass \`nas-extreme-h\`) moves from \`storageType: standard\` to \`advance\`. **No setting drives this input**: \`NasStorage\` takes \`extremeStorageType\` as an argument, but \`stacks/clusters.ts\` does not pass it, so no stack setting changes it. The head plan here is therefore **the base prod plan with that one input edited by the script** (node, on the plan file), i.e. what a code change passing \`extremeStorageType: \"advance\"\` for prod would plan for this file system. \`storageType\` is ForceNew for \`alicloud:nas/fileSystem:FileSystem\` (\`engine/reference/alicloudReplacements.json\`), so the diff replaces the file system, and with it what takes its id." \
  diff "base-prod.json head-prod.json"

step "rendering the topology diagrams (headless Chromium)"
# rendered and linked in the temporary folder; docs/ is replaced only once everything has worked
mkdir -p "$WORK/images"
npm run -s docs:diagrams -- "$WORK/md/1-onboard-team.md" "$WORK/md/2-add-node-pool.md" "$WORK/md/3-replace-nas.md" --out "$WORK/images" ||
  fail "rendering the diagrams failed (is Chromium installed? CHROMIUM_PATH)"

step "linking each rendered diagram under its Mermaid block"
node - "$WORK/md" "$WORK/images" 1-onboard-team 2-add-node-pool 3-replace-nas <<'JS'
// after the </details> that closes each ```mermaid block (the report folds the topology), the picture:
// visible without unfolding, and beside the source GitLab draws
const fs = require("fs");
const path = require("path");
const [reports, images, ...names] = process.argv.slice(2);
for (const name of names) {
    const file = path.join(reports, `${name}.md`);
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const out = [];
    let n = 0, inMermaid = false, pending = 0, stack = "";
    for (const line of lines) {
        out.push(line);
        const summary = /<summary>Topology of (\S+)<\/summary>/.exec(line);
        if (summary) stack = summary[1];
        if (!inMermaid && line.trim() === "```mermaid") { inMermaid = true; n++; continue; }
        if (inMermaid && line.trim() === "```") { inMermaid = false; pending = n; continue; }
        if (pending && line.trim() === "</details>") {
            const png = `${name}-${pending}.png`;
            if (!fs.existsSync(path.join(images, png))) throw new Error(`${png} was not rendered`);
            out.push("", `![topology of ${stack || "the stack"}](../images/${png})`);
            pending = 0;
        }
    }
    if (n === 0) throw new Error(`${file}: no mermaid block`);
    if (pending) throw new Error(`${file}: the last mermaid block is not followed by </details>`);
    fs.writeFileSync(file, out.join("\n"));
    console.error(`    ${name}.md: ${n} diagram(s) linked`);
}
JS

step "writing $REPORTS/ and $IMAGES/"
mkdir -p "$REPORTS" "$IMAGES"
rm -f "$IMAGES"/1-onboard-team-*.png "$IMAGES"/2-add-node-pool-*.png "$IMAGES"/3-replace-nas-*.png
cp "$WORK/images/"*.png "$IMAGES/"
cp "$WORK/md/1-onboard-team.md" "$WORK/md/2-add-node-pool.md" "$WORK/md/3-replace-nas.md" "$REPORTS/"

summary_of() { # the summary row of each stack of a report: "prod: 11 create, ..."
  awk '/^### Stack `/ { s = $3; gsub("`", "", s) } /^\| [0-9]+ \| [0-9]+ \| [0-9]+ \| [0-9]+ \|$/ { printf "%s%s: %s to create, %s to update, %s to replace, %s to delete", sep, s, $2, $4, $6, $8; sep = "; " }' "$1"
}
cat >"$REPORTS/README.md" <<MD
# Sample merge-request reports

What the merge-request note (\`npm run plan:diff -- ... --markdown\`, posted by \`scripts/ci/mr-report.sh\`) shows
for three typical changes, made to the real program and planned offline. Regenerate all of it (the reports here
and their pictures in \`docs/images/\`) with \`$REGEN\` from the repository root; each report's header says
exactly what was changed.

1. **[Onboard a team](1-onboard-team.md)** ($(summary_of "$REPORTS/1-onboard-team.md")): a new project in the tenancy
   layout. A reviewer should see only creations, in both stacks, and all of them the new project's (its namespace,
   quota, limit range, pull secret, default network policies and one role binding per member), with the quota's
   figures as key inputs: no update, replacement or deletion of anything existing, and no dangerous change.
2. **[Add a node pool](2-add-node-pool.md)** ($(summary_of "$REPORTS/2-add-node-pool.md")): a new pool on the prod
   cluster in \`Pulumi.prod.yaml\`. Check the new pool's key inputs (instance type, size, the vSwitches of its
   zones), the change's own deploy estimate against the from-scratch figure, and that the existing pools are not
   touched (an update of their instance types, image or labels would roll every node, and would be flagged
   dangerous). The capacity it adds (the stack output \`clusters.prod.capacity\`) is not in the report.
3. **[Replace a NAS file system](3-replace-nas.md)** ($(summary_of "$REPORTS/3-replace-nas.md")): a ForceNew input of
   prod's extreme NAS in zone h (the head plan is edited by the script: no setting drives it, see its header). The
   report must show the file system replaced, and its mount target and the \`nas-extreme-h\` StorageClass replaced
   with it (they take its new id), \`pulumi up\`'s refusal for the protected file system and mount target, and the
   danger gate blocking the merge request until it carries the acknowledgement: every volume on the file system
   would be lost.

Each report ends with the stack's topology (Mermaid, rendered below it). It draws the VPCs, clusters, Helm releases
and KubeSphere extensions only, and colours those a change touches: none of these three changes touches one
(projects, node pools and NAS are not drawn), so the three prod diagrams are the same, uncoloured picture.
MD

printf 'sample-reports: done in %d s: %s/{1-onboard-team,2-add-node-pool,3-replace-nas,README}.md, %s/*.png\n' "$((SECONDS - STARTED))" "$REPORTS" "$IMAGES" >&2
