#!/bin/sh
# relman's demo deployment target: "deploys" a release by recording it under ./data/demo-targets/<environment>/.
# It shows what a real deploy script receives (the RELMAN_* variables) and how it stays idempotent: a retry of the
# same deployment (same RELMAN_DEPLOYMENT_ID) does not deploy twice.
#
# To see a failed deployment and its rollback, request a version ending in "-fail-<environment>",
# e.g. 2026.12.1-fail-production: its deploy to production exits 1.
set -eu

target="${RELMAN_DEMO_TARGETS:-./data/demo-targets}/${RELMAN_ENVIRONMENT}"
mkdir -p "$target"
echo "relman ${RELMAN_ACTION} of release ${RELMAN_RELEASE_ID} (${RELMAN_VERSION}) to ${RELMAN_ENVIRONMENT}"
echo "services: ${RELMAN_SERVICES}; deployment ${RELMAN_DEPLOYMENT_ID}, attempt ${RELMAN_ATTEMPT:-1}"

if grep -qs "^${RELMAN_DEPLOYMENT_ID} " "$target/history.log"; then
  echo "deployment ${RELMAN_DEPLOYMENT_ID} already done: nothing to do"
  exit 0
fi

case "${RELMAN_ACTION}:${RELMAN_VERSION}" in
  deploy:*-fail-"${RELMAN_ENVIRONMENT}")
    echo "error: health check of ${RELMAN_SERVICES} failed in ${RELMAN_ENVIRONMENT}" >&2
    exit 1
    ;;
esac

sleep "${RELMAN_DEMO_DELAY:-1}"
if [ "${RELMAN_ACTION}" = "deploy" ]; then
  cp "$target/current-version" "$target/previous-version" 2>/dev/null || true
  echo "${RELMAN_VERSION}" > "$target/current-version"
else
  if [ -f "$target/previous-version" ]; then cp "$target/previous-version" "$target/current-version"; fi
fi
echo "${RELMAN_DEPLOYMENT_ID} ${RELMAN_ACTION} ${RELMAN_VERSION} $(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$target/history.log"
echo "${RELMAN_ENVIRONMENT} now runs $(cat "$target/current-version" 2>/dev/null || echo nothing)"
