// SPDX-License-Identifier: GPL-3.0-or-later
// base45.js — Base45 (RFC 9285) decoding, as src/core/base/tr-base45.c does it.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

// The bytes @text stands for, or null when it is not Base45: a length that
// no data gives, a character outside the alphabet, or a group whose value is
// too large to be data.
export function base45Decode(text) {
  if (text.length % 3 === 1) return null;
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let n = 0;
  for (let i = 0; i < text.length; i += 3) {
    const chars = Math.min(3, text.length - i);
    let value = 0;
    let factor = 1;
    for (let k = 0; k < chars; k++) {
      const digit = ALPHABET.indexOf(text[i + k]);
      if (digit < 0) return null;
      value += digit * factor;
      factor *= 45;
    }
    if (value > (chars === 3 ? 65535 : 255)) return null;
    if (chars === 3) {
      out[n++] = value >> 8;
      out[n++] = value & 0xff;
    } else {
      out[n++] = value;
    }
  }
  return out;
}
