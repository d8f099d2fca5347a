// SPDX-License-Identifier: GPL-3.0-or-later
// trust.js — the trust list: checked against the pinned office key, kept in
// IndexedDB, refreshed when the network allows. Its format is described in
// src/core/seal/tr-trust-list.h, which builds it.

import { ed25519Verify } from './ed25519.js';

export const FORMAT = 'tremplin-trust-list-1';
// After this long without a newer list, the page warns.
export const MAX_AGE_DAYS = 7;
const KIOSK_ID = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,31}$/;
const ISSUED_AT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export function base64urlDecode(text, length) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) ||
      text.length !== Math.ceil((length * 4) / 3)) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '=='.slice(0, (4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// The office key as the page's config.json pins it: "office:" then base64url
// of the 32-byte key and a 4-byte check (tr_office_key_to_text). The check
// guards typing and the config is made by the office's program, so only
// the shape is checked here.
export function officeKeyFromText(text) {
  if (typeof text !== 'string' || !text.startsWith('office:')) return null;
  const bytes = base64urlDecode(text.slice('office:'.length), 36);
  return bytes ? bytes.slice(0, 32) : null;
}

function readKiosk(entry) {
  if (!entry || typeof entry !== 'object' || !KIOSK_ID.test(entry.id ?? '') ||
      !DATE.test(entry.valid_from ?? '') ||
      !(entry.valid_until === null || DATE.test(entry.valid_until ?? '')) ||
      !(entry.revoked_on === null || DATE.test(entry.revoked_on ?? ''))) return null;
  const publicKey = base64urlDecode(entry.public_key, 32);
  if (!publicKey) return null;
  return {
    id: entry.id,
    publicKey,
    validFrom: entry.valid_from,
    validUntil: entry.valid_until,
    revokedOn: entry.revoked_on,
  };
}

// Checks @text against @officeKeyText. Returns { list } with list =
// { issuedAt, kiosks: Map, text }, or { error: 'not-a-list' | 'bad-signature' }.
export async function checkTrustList(text, officeKeyText) {
  const officeKey = officeKeyFromText(officeKeyText);
  let envelope;
  try {
    envelope = JSON.parse(text);
  } catch {
    return { error: 'not-a-list' };
  }
  const signature = base64urlDecode(envelope?.signature, 64);
  if (envelope?.format !== FORMAT || typeof envelope.signed !== 'string' || !signature || !officeKey) {
    return { error: 'not-a-list' };
  }
  // The signature covers the exact bytes of the "signed" string.
  if (!(await ed25519Verify(officeKey, signature, new TextEncoder().encode(envelope.signed)))) {
    return { error: 'bad-signature' };
  }
  let body;
  try {
    body = JSON.parse(envelope.signed);
  } catch {
    return { error: 'not-a-list' };
  }
  if (body?.format !== FORMAT || body.office_key !== officeKeyText || !ISSUED_AT.test(body.issued_at ?? '') ||
      !Array.isArray(body.kiosks)) return { error: 'not-a-list' };
  const kiosks = new Map();
  for (const entry of body.kiosks) {
    const kiosk = readKiosk(entry);
    if (!kiosk) return { error: 'not-a-list' };
    kiosks.set(kiosk.id, kiosk);
  }
  return { list: { issuedAt: body.issued_at, kiosks, text } };
}

// Whole days since the list was issued.
export function ageInDays(list, now = Date.now()) {
  return Math.max(0, Math.floor((now - Date.parse(list.issuedAt)) / 86400000));
}

// IndexedDB: one store, one record, the last good list's text.
const DB_NAME = 'tremplin-verifier';
const STORE = 'trust-list';

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, action) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

export async function loadKept() {
  try {
    return (await withStore('readonly', (store) => store.get('current'))) ?? null;
  } catch {
    return null;
  }
}

async function keep(text) {
  await withStore('readwrite', (store) => store.put(text, 'current'));
}

// The list to use: the kept one, replaced by the published one
// (trust-list.json beside the page) when that one checks out and is not
// older. Returns { list, refused, offline }: refused says a published
// list failed its check (the kept one stays), offline that it could not be
// fetched.
export async function refreshTrustList(officeKeyText, url = 'trust-list.json') {
  const keptText = await loadKept();
  let list = keptText ? (await checkTrustList(keptText, officeKeyText)).list ?? null : null;
  let refused = null;
  let offline = false;
  let text = null;
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (response.ok) text = await response.text();
    else offline = true;
  } catch {
    offline = true;
  }
  if (text !== null) {
    const checked = await checkTrustList(text, officeKeyText);
    if (checked.error) {
      refused = checked.error;
    } else if (!list || checked.list.issuedAt >= list.issuedAt) {
      list = checked.list;
      await keep(text);
    }
  }
  return { list, refused, offline };
}
