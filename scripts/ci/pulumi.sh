#!/usr/bin/env bash
# The Pulumi steps of the pipeline, for one stack: `pulumi.sh <preview|up|drift> <stack>`.
# Needs the Pulumi CLI (installed here if missing), PULUMI_BACKEND_URL (a Pulumi Cloud URL or
# s3://<oss bucket>?endpoint=...), and cloud credentials from protected CI variables or a RAM role
# (ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY or ALICLOUD_ASSUME_ROLE_ARN); never from the repository.
set -euo pipefail
action="${1:?usage: pulumi.sh <preview|up|drift> <stack>}"
stack="${2:?usage: pulumi.sh <preview|up|drift> <stack>}"
mkdir -p out

# the CLI at the SDK's version (the lockfile's @pulumi/pulumi): a CLI older than the SDK lacks what it sends
sdk_version="$(node -p 'require("./package-lock.json").packages["node_modules/@pulumi/pulumi"].version')"
if ! command -v pulumi >/dev/null 2>&1 || [ "$(pulumi version | sed 's/^v//')" != "${PULUMI_VERSION:-$sdk_version}" ]; then
  curl -fsSL https://get.pulumi.com | sh -s -- --version "${PULUMI_VERSION:-$sdk_version}"
  export PATH="$HOME/.pulumi/bin:$PATH"
fi
: "${PULUMI_BACKEND_URL:?set PULUMI_BACKEND_URL (Pulumi Cloud or s3://<oss bucket>?endpoint=oss-<region>.aliyuncs.com&region=<region>&awssdk=v2)}"
pulumi login "$PULUMI_BACKEND_URL" >/dev/null
pulumi stack select "$stack" >/dev/null

case "$action" in
  preview)
    # the real preview with the policy pack, kept for the merge-request note
    pulumi preview --diff --policy-pack policies --policy-pack-config policies/config.json --non-interactive 2>&1 | tee "out/preview-$stack.txt"
    ;;
  up)
    pulumi up --yes --policy-pack policies --policy-pack-config policies/config.json --non-interactive
    # after an update the code and the cloud must agree: any change left is a bug in the program
    pulumi preview --expect-no-changes --policy-pack policies --policy-pack-config policies/config.json --non-interactive
    ;;
  drift)
    if ! pulumi preview --refresh --expect-no-changes --diff --policy-pack policies --policy-pack-config policies/config.json --non-interactive 2>&1 | tee "out/drift-$stack.txt"; then
      echo "DRIFT: the cloud no longer matches the code for stack $stack (out/drift-$stack.txt); see README, 'When drift is reported'" >&2
      exit 1
    fi
    ;;
  *)
    echo "unknown action $action (preview, up, drift)" >&2
    exit 2
    ;;
esac
