#!/usr/bin/env bash
# Rebuilds web/src/main/resources/META-INF/livecontrol-web/livecontrol-noble.js: @noble/curves and @noble/hashes
# (versions pinned in package.json / package-lock.json), bundled by esbuild into one ES module with their MIT
# licence at its top. The output is committed, so a Maven build needs no npm; run this after changing a version
# (npm install @noble/curves@X @noble/hashes@X in this directory) and commit package*.json and the output.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../src/main/resources/META-INF/livecontrol-web/livecontrol-noble.js"
cd "$here"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
curves="$(node -p 'require("./node_modules/@noble/curves/package.json").version')"
hashes="$(node -p 'require("./node_modules/@noble/hashes/package.json").version')"
bundle="$(mktemp)"
trap 'rm -f "$bundle"' EXIT
npx --no-install esbuild noble-entry.js --bundle --format=esm --target=es2020 --minify --legal-comments=none \
  --log-level=warning --outfile="$bundle"
{
  echo "/*! livecontrol-noble.js: @noble/curves ${curves} (p256) and @noble/hashes ${hashes} (sha256, hmac, hkdf),"
  echo " * https://github.com/paulmillr/noble-curves and https://github.com/paulmillr/noble-hashes, bundled unmodified"
  echo " * by esbuild from npm (web/vendor/build-noble.sh). Loaded by livecontrol-trust.js only where crypto.subtle"
  echo " * is missing (pages that are not a secure context)."
  echo " *"
  echo " * @noble/curves licence:"
  sed 's/^/ * /' node_modules/@noble/curves/LICENSE
  echo " *"
  echo " * @noble/hashes licence:"
  sed 's/^/ * /' node_modules/@noble/hashes/LICENSE
  echo " */"
  cat "$bundle"
} > "$out"
echo "wrote $out ($(wc -c < "$out") bytes): @noble/curves $curves, @noble/hashes $hashes"
