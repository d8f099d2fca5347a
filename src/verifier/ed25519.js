// SPDX-License-Identifier: GPL-3.0-or-later
// ed25519.js — Ed25519 signature checks that accept exactly what libsodium's
// crypto_sign_verify_detached accepts (the kiosk and tremplin-admin use it):
// S below the group order, R and the public key not of small order, the key
// canonically encoded, then the cofactorless equation compared byte for byte.
// The browser's WebCrypto does the curve arithmetic where it has Ed25519;
// elsewhere the kept @noble/ed25519 (vendor/) does, loaded only then.

// The encodings libsodium 1.0.18 refuses as small-order points (its
// ge25519_has_small_order): y = 0, 1, the two order-8 values, p-1, p, p+1,
// compared with the sign bit of x cleared.
const SMALL_ORDER_Y = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map((hex) => Uint8Array.from(hex.match(/../g), (b) => parseInt(b, 16)));

const L = (1n << 252n) + 27742317777372353535851937790883648493n;

function littleEndian(bytes) {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

function hasSmallOrder(point) {
  return SMALL_ORDER_Y.some((y) => {
    for (let i = 0; i < 31; i++) if (point[i] !== y[i]) return false;
    return (point[31] & 0x7f) === y[31];
  });
}

// y < p = 2^255 - 19, the sign bit aside.
function isCanonicalPoint(point) {
  if ((point[31] & 0x7f) !== 0x7f) return true;
  for (let i = 30; i > 0; i--) if (point[i] !== 0xff) return true;
  return point[0] < 0xed;
}

// Whether libsodium would refuse the signature before any curve arithmetic.
function refusedUpFront(publicKey, signature) {
  return littleEndian(signature.subarray(32)) >= L || hasSmallOrder(signature.subarray(0, 32)) ||
    !isCanonicalPoint(publicKey) || hasSmallOrder(publicKey);
}

let engine = null;

async function webCryptoWorks() {
  try {
    // RFC 8032's first test vector: the empty message.
    const key = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const signature = hex('e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155' +
                          '5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b');
    const imported = await crypto.subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, imported, signature, new Uint8Array());
  } catch {
    return false;
  }
}

function hex(text) {
  return Uint8Array.from(text.match(/../g), (b) => parseInt(b, 16));
}

async function webCryptoVerify(publicKey, signature, message) {
  try {
    const key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message);
  } catch {
    return false;
  }
}

// Cofactorless, as libsodium: [S]B - [k]A must encode to R exactly (noble's
// own verify multiplies by the cofactor, which accepts a few more).
async function nobleVerify(publicKey, signature, message) {
  const { Point } = await import('./vendor/noble-ed25519.js');
  let A;
  try {
    A = Point.fromBytes(publicKey, false);
  } catch {
    return false;
  }
  const input = new Uint8Array(64 + message.length);
  input.set(signature.subarray(0, 32));
  input.set(publicKey, 32);
  input.set(message, 64);
  const k = littleEndian(new Uint8Array(await crypto.subtle.digest('SHA-512', input))) % L;
  const S = littleEndian(signature.subarray(32));
  const check = Point.BASE.multiply(S, false).subtract(A.multiply(k, false)).toBytes();
  return check.every((b, i) => b === signature[i]);
}

// Which engine does the arithmetic: 'webcrypto' or 'noble'; chosen on first
// use, or forced (the browser tests check both).
export async function ed25519Engine(forced) {
  if (forced) engine = forced;
  if (!engine) engine = (await webCryptoWorks()) ? 'webcrypto' : 'noble';
  return engine;
}

// True when @signature (64 bytes) is @publicKey's (32 bytes) over @message.
export async function ed25519Verify(publicKey, signature, message) {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  if (refusedUpFront(publicKey, signature)) return false;
  return (await ed25519Engine()) === 'webcrypto'
    ? webCryptoVerify(publicKey, signature, message)
    : nobleVerify(publicKey, signature, message);
}
