// The entry esbuild bundles into /web/livecontrol-noble.js (build-noble.sh): exactly what livecontrol-trust.js
// needs when a page has no WebCrypto. Nothing here is crypto of our own: it only re-exports the noble libraries.
export { p256 } from '@noble/curves/nist.js';
export { sha256 } from '@noble/hashes/sha2.js';
export { hmac } from '@noble/hashes/hmac.js';
export { hkdf } from '@noble/hashes/hkdf.js';
export { equalBytes } from '@noble/curves/utils.js';
