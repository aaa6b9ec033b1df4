#!/usr/bin/env bash
# Refreshes the front-end libraries relman serves itself (src/main/resources/static/vendor/), from the npm registry.
#
# relman runs air-gapped and builds without Node, so the distribution files are committed. This script is the only
# way they change: bump a version below, run it, look at the diff and at the browser test
# (VendoredAssetsBrowserTest), commit. It needs npm (dev machines only) and is idempotent: a second run with the same
# versions leaves the tree unchanged, because npm tarballs are immutable and nothing written here depends on the date.
#
# htmx and Chart.js are not here: they come as webjars (pom.xml), see docs/web-assets.md.
set -euo pipefail
cd "$(dirname "$0")/.."

BPMN_JS_VERSION=18.31.1
# The form viewer as one browser bundle (global FormViewer) is published only inside @bpmn-io/form-js
# (dist/form-viewer.umd.js); @bpmn-io/form-js-viewer itself ships ES modules that import their dependencies by name.
FORM_JS_VERSION=1.23.0

vendor=src/main/resources/static/vendor
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# npm pack <package>@<version> into $work/<name>/package; prints the tarball's integrity (sha512, from the registry).
unpack() {
  local spec="$1" name="$2" json
  json="$(cd "$work" && npm pack --json --silent "$spec")"
  mkdir -p "$work/$name"
  tar -xzf "$work/$(node -e 'console.log(JSON.parse(process.argv[1])[0].filename)' "$json")" -C "$work/$name"
  node -e 'console.log(JSON.parse(process.argv[1])[0].integrity)' "$json"
}

# copy <from dir> <to dir> <file>...: exactly these files, flattened, nothing else left in <to dir>.
copy() {
  local from="$1" to="$2"
  shift 2
  rm -rf "$to"
  mkdir -p "$to"
  for file in "$@"; do
    cp "$from/$file" "$to/$(basename "$file")"
  done
}

bpmn_integrity="$(unpack "bpmn-js@$BPMN_JS_VERSION" bpmn-js)"
# The navigated viewer (zoom and scroll, no editing). The bpmn-font icons are left out: the viewer draws with SVG and
# marks elements with CSS classes; the font only serves the modeler's palette and context pad.
copy "$work/bpmn-js/package" "$vendor/bpmn-js" \
  dist/bpmn-navigated-viewer.production.min.js dist/assets/diagram-js.css dist/assets/bpmn-js.css LICENSE

form_integrity="$(unpack "@bpmn-io/form-js@$FORM_JS_VERSION" form-js)"
# form-js.css already holds the flatpickr (date picker) styles the datetime field needs. The bundle is not minified
# (the package ships no minified viewer); gzipped it is about a quarter of its size.
copy "$work/form-js/package" "$vendor/form-js" dist/form-viewer.umd.js dist/assets/form-js.css LICENSE

printf '%s\n' "bpmn-js $BPMN_JS_VERSION" >"$vendor/bpmn-js/VERSION"
printf '%s\n' "@bpmn-io/form-js $FORM_JS_VERSION" >"$vendor/form-js/VERSION"

(cd "$vendor" && find bpmn-js form-js -type f ! -name VERSION | LC_ALL=C sort | xargs sha256sum >SHA256SUMS)

row() { # lib file
  local sum size
  sum="$(cd "$vendor" && sha256sum "$1/$2" | cut -d' ' -f1)"
  size="$(wc -c <"$vendor/$1/$2" | tr -d ' ')"
  printf '| `%s/%s` | %s | `%s` |\n' "$1" "$2" "$size" "$sum"
}

{
  cat <<EOF
# Vendored front-end libraries

Written by \`scripts/refresh-vendor-assets.sh\`; do not edit by hand. Check the files with
\`sha256sum -c SHA256SUMS\` in this folder. See \`docs/web-assets.md\`.

| library | version | licence | source |
| --- | --- | --- | --- |
| bpmn-js (navigated viewer) | $BPMN_JS_VERSION | bpmn.io licence: MIT plus "the bpmn.io watermark stays visible" (\`bpmn-js/LICENSE\`) | npm \`bpmn-js@$BPMN_JS_VERSION\`, \`$bpmn_integrity\` |
| form-js (viewer bundle) | $FORM_JS_VERSION | bpmn.io licence: MIT plus "the bpmn.io watermark stays visible" (\`form-js/LICENSE\`); bundles DOMPurify (Apache-2.0 or MPL-2.0, notice kept in the file) | npm \`@bpmn-io/form-js@$FORM_JS_VERSION\`, \`$form_integrity\` |

| file | bytes | sha256 |
| --- | --- | --- |
EOF
  row bpmn-js bpmn-navigated-viewer.production.min.js
  row bpmn-js diagram-js.css
  row bpmn-js bpmn-js.css
  row bpmn-js LICENSE
  row form-js form-viewer.umd.js
  row form-js form-js.css
  row form-js LICENSE
} >"$vendor/README.md"

echo "vendored bpmn-js $BPMN_JS_VERSION and @bpmn-io/form-js $FORM_JS_VERSION into $vendor"
