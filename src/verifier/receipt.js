// SPDX-License-Identifier: GPL-3.0-or-later
// receipt.js — a receipt's QR text read and checked, step for step as
// tr_receipt_verify (src/core/receipt/tr-receipt.c) does it:
//   Paris Code - inscription 7KQ2-M9XD - formation PC17-0042 - 2027-03-14
//   TR1:<base45 of kiosk id ‖ "|" ‖ 64-byte Ed25519 signature>
// The signature covers "1|kiosk|code|offer|date|status"; line 1 must be
// exactly what those facts give. Then the trust list says whether the kiosk
// is known, its key revoked, and the receipt's date within its service.

import { base45Decode } from './base45.js';
import { ed25519Verify } from './ed25519.js';

const MACHINE_PREFIX = 'TR1:';
const SIGNATURE_BYTES = 64;
const MACHINE_TAIL = 1 + SIGNATURE_BYTES;
const BAR = 0x7c;
const LINE_PROGRAMME = 'Paris Code - ';
const LINE_REGISTERED = 'inscription ';
const LINE_WAITING_LIST = "liste d'attente ";
const LINE_OFFER = ' - formation ';
const LINE_DATE = ' - ';
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const MAX_ID_LENGTH = 32;

// The verdicts, and why a receipt is not genuine.
export const GENUINE = 'genuine';
export const FORGED = 'forged';
export const UNKNOWN = 'unknown';
export const REVOKED = 'revoked';

// Ids on a receipt: 1 to 32 printable ASCII characters, no space, no '|'.
function idIsValid(id) {
  if (id.length === 0 || id.length > MAX_ID_LENGTH) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c <= 0x20 || c > 0x7e || c === BAR) return false;
  }
  return true;
}

// tr_code_is_valid: XXXX-XXXX from the alphabet, the last a weighted check.
export function codeIsValid(code) {
  if (code.length !== 9 || code[4] !== '-') return false;
  const chars = code.slice(0, 4) + code.slice(5);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = CODE_ALPHABET.indexOf(chars[i]);
    if (v < 0 || chars[i] === '') return false;
    if (i < 7) sum += (i + 1) * v;
  }
  return CODE_ALPHABET[sum % CODE_ALPHABET.length] === chars[7];
}

// tr_clock_is_date: YYYY-MM-DD, a real day of a year from 1.
export function isDate(text) {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return false;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

function readableLine(facts) {
  return LINE_PROGRAMME + (facts.status === 'waiting_list' ? LINE_WAITING_LIST : LINE_REGISTERED) +
    facts.code + LINE_OFFER + facts.offer + LINE_DATE + facts.date;
}

function signedFacts(facts) {
  return ['1', facts.kiosk, facts.code, facts.offer, facts.date, facts.status].join('|');
}

// Line 1 read back into @facts; false when it is not exactly in the kiosk's form.
function parseReadableLine(line, facts) {
  let p = line;
  if (!p.startsWith(LINE_PROGRAMME)) return false;
  p = p.slice(LINE_PROGRAMME.length);
  if (p.startsWith(LINE_REGISTERED)) {
    facts.status = 'registered';
    p = p.slice(LINE_REGISTERED.length);
  } else if (p.startsWith(LINE_WAITING_LIST)) {
    facts.status = 'waiting_list';
    p = p.slice(LINE_WAITING_LIST.length);
  } else {
    return false;
  }
  if (p.length < 9) return false;
  facts.code = p.slice(0, 9);
  p = p.slice(9);
  if (!p.startsWith(LINE_OFFER)) return false;
  p = p.slice(LINE_OFFER.length);
  const offerEnd = p.indexOf(' ');
  if (offerEnd < 0) return false;
  facts.offer = p.slice(0, offerEnd);
  p = p.slice(offerEnd);
  if (!p.startsWith(LINE_DATE)) return false;
  p = p.slice(LINE_DATE.length);
  if (p.length !== 10) return false;
  facts.date = p;
  return codeIsValid(facts.code) && idIsValid(facts.offer) && isDate(facts.date);
}

// A lone surrogate is what invalid UTF-8 becomes once a decoder let it through.
function isWellFormed(text) {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/.test(text);
}

function forged(reason, facts = null) {
  return { verdict: FORGED, reason, facts };
}

// The receipt's facts and signature as they stand, or a FORGED verdict: the
// checks of tr_receipt_verify that need no key.
export function readReceipt(text) {
  if (typeof text !== 'string' || !isWellFormed(text)) return forged('not-utf8');
  const newline = text.indexOf('\n');
  if (newline < 0 || text.indexOf('\n', newline + 1) >= 0) return forged('not-a-receipt');
  const line1 = text.slice(0, newline);
  const line2 = text.slice(newline + 1);
  if (!line2.startsWith(MACHINE_PREFIX)) return forged('not-a-receipt');

  const machine = base45Decode(line2.slice(MACHINE_PREFIX.length));
  if (machine === null || machine.length <= MACHINE_TAIL || machine[machine.length - MACHINE_TAIL] !== BAR) {
    return forged('unreadable');
  }
  const idBytes = machine.subarray(0, machine.length - MACHINE_TAIL);
  // Ids are ASCII: a byte above 0x7e fails idIsValid however it decodes.
  const kiosk = String.fromCharCode(...idBytes);
  if (idBytes.includes(0) || !idIsValid(kiosk)) return forged('no-kiosk');

  const facts = { kiosk };
  if (!parseReadableLine(line1, facts)) return forged('bad-line', { kiosk });
  return {
    facts,
    line1,
    signature: machine.slice(machine.length - SIGNATURE_BYTES),
  };
}

// The verdict on @text against @trust (see trust.js: kiosks, a Map of id to
// { publicKey, validFrom, validUntil, revokedOn }): { verdict, reason, facts,
// kiosk }. A revoked key's receipts are never genuine, whatever their date:
// whoever took the key can date a receipt as they like.
export async function verifyReceipt(text, trust) {
  const read = readReceipt(text);
  if (read.verdict) return read;
  const { facts, line1, signature } = read;

  const kiosk = trust?.kiosks?.get(facts.kiosk);
  if (!kiosk) return { verdict: UNKNOWN, reason: 'unknown-kiosk', facts };

  const message = new TextEncoder().encode(signedFacts(facts));
  if (!(await ed25519Verify(kiosk.publicKey, signature, message))) {
    return forged('bad-signature', facts);
  }
  if (readableLine(facts) !== line1) return forged('line-differs', facts);
  if (kiosk.revokedOn) return { verdict: REVOKED, reason: 'revoked', facts, kiosk };
  if (facts.date < kiosk.validFrom || (kiosk.validUntil && facts.date > kiosk.validUntil)) {
    return forged('out-of-service', facts);
  }
  return { verdict: GENUINE, reason: null, facts, kiosk };
}

// What tr_receipt_verify alone would say, with the kiosks' keys only (no
// dates, no revocation): the C and JavaScript agreement test compares this
// with `tremplin-admin verify`.
export async function verifyLikeAdmin(text, keys) {
  const read = readReceipt(text);
  if (read.verdict) return FORGED;
  const key = keys.get(read.facts.kiosk);
  if (!key) return UNKNOWN;
  const message = new TextEncoder().encode(signedFacts(read.facts));
  if (!(await ed25519Verify(key, read.signature, message))) return FORGED;
  return readableLine(read.facts) === read.line1 ? GENUINE : FORGED;
}

// What a person pasted or typed: Windows line ends and blanks around the
// whole text go; a QR reader's text is checked as it is.
export function normalisePasted(text) {
  return text.replace(/\r\n?/g, '\n').trim();
}
