// SPDX-License-Identifier: GPL-3.0-or-later
// app.js — the verifier's screens: home, camera, typed text, verdict.

import { formatDate, language, setLanguage, t } from './i18n.js';
import { GENUINE, REVOKED, normalisePasted, verifyReceipt } from './receipt.js';
import { MAX_AGE_DAYS, ageInDays, refreshTrustList } from './trust.js';
import { decodePhoto, startCamera } from './scan.js';

const SCREENS = ['home', 'scanner', 'typing', 'verdict'];
const state = { trust: null, refused: null, configured: true, stopCamera: null, result: null };
const $ = (id) => document.getElementById(id);

function show(screen) {
  for (const id of SCREENS) $(id).hidden = id !== screen;
  $(screen).querySelector('h2').focus();
}

function renderTrust() {
  const status = $('trust-status');
  const lines = [];
  let warning = false;
  if (!state.configured) {
    lines.push(t('not-configured'));
    warning = true;
  } else if (!state.trust) {
    lines.push(t('trust-none'));
    warning = true;
  } else {
    const days = ageInDays(state.trust);
    const date = formatDate(state.trust.issuedAt);
    warning = days > MAX_AGE_DAYS;
    lines.push(t(warning ? 'trust-old' : 'trust-ok', { date, days }));
  }
  if (state.refused) {
    lines.push(t('trust-refused'));
    warning = true;
  }
  status.textContent = lines.join(' ');
  status.classList.toggle('warning', warning);
  status.dataset.state = !state.configured ? 'not-configured' : !state.trust ? 'none' : warning ? 'warning' : 'ok';
}

function renderVerdict() {
  const result = state.result;
  if (!result) return;
  const facts = result.facts ?? {};
  $('banner').className = 'banner ' + result.verdict;
  $('verdict').dataset.verdict = result.verdict;
  $('verdict-title').textContent = t('verdict-' + result.verdict);
  $('verdict-explain').textContent = t('explain-' + result.verdict, {
    kiosk: facts.kiosk,
    date: result.verdict === REVOKED ? formatDate(result.kiosk.revokedOn) : '',
  });
  $('verdict-reason').textContent = result.reason && result.verdict !== GENUINE && t('reason-' + result.reason) !== 'reason-' + result.reason
    ? t('reason-' + result.reason) : '';
  // What the receipt says, shown for every verdict that could read it,
  // under a title that says whether it is vouched for.
  $('facts-title').textContent = facts.code ? t(result.verdict === GENUINE ? 'facts-genuine' : 'facts-unverified') : '';
  $('facts').classList.toggle('unverified', result.verdict !== GENUINE);
  $('fact-code').textContent = facts.code ?? '';
  $('fact-offer').textContent = facts.offer ?? '';
  $('fact-date').textContent = facts.date ? formatDate(facts.date) : '';
  $('fact-status').textContent = facts.status ? t('status-' + facts.status) : '';
  $('fact-kiosk').textContent = facts.kiosk ?? '';
}

function applyLanguage() {
  document.documentElement.lang = language();
  document.title = t('title');
  for (const element of document.querySelectorAll('[data-t]')) element.textContent = t(element.dataset.t);
  $('language').lang = language() === 'fr' ? 'en' : 'fr';
  renderTrust();
  renderVerdict();
}

// The verdict on a QR text; the time from text to verdict on screen is
// kept on the verdict screen (data-ms) and sent with a 'tremplin-verdict' event.
async function handleText(text) {
  await state.ready;
  const start = performance.now();
  state.result = await verifyReceipt(text, state.trust);
  renderVerdict();
  show('verdict');
  const ms = performance.now() - start;
  $('verdict').dataset.ms = ms.toFixed(3);
  document.dispatchEvent(new CustomEvent('tremplin-verdict', { detail: { verdict: state.result.verdict, ms } }));
}

function stopCamera() {
  state.stopCamera?.();
  state.stopCamera = null;
}

async function scan() {
  $('photo-message').textContent = '';
  show('scanner');
  $('scan-hint').textContent = t('scan-hint');
  try {
    state.stopCamera = await startCamera($('video'), (text) => {
      state.stopCamera = null;
      handleText(text);
    });
  } catch {
    show('home');
    $('photo-message').textContent = t('no-camera');
  }
}

async function pickedPhoto() {
  const file = $('photo-input').files[0];
  $('photo-input').value = '';
  if (!file) return;
  $('photo-message').textContent = '';
  let text = null;
  try {
    text = await decodePhoto(file);
  } catch {
    text = null;
  }
  if (text === null) $('photo-message').textContent = t('no-qr');
  else handleText(text);
}

function typing() {
  $('photo-message').textContent = '';
  show('typing');
}

async function loadConfig() {
  try {
    const response = await fetch('config.json');
    const config = response.ok ? await response.json() : null;
    return typeof config?.office_key === 'string' ? config.office_key : null;
  } catch {
    return null;
  }
}

async function start() {
  $('not-started').remove();
  setLanguage(localStorage.getItem('tremplin-language') ?? 'fr');
  applyLanguage();

  $('language').addEventListener('click', () => {
    setLanguage(language() === 'fr' ? 'en' : 'fr');
    localStorage.setItem('tremplin-language', language());
    applyLanguage();
  });
  $('scan').addEventListener('click', scan);
  $('again').addEventListener('click', scan);
  $('photo').addEventListener('click', () => $('photo-input').click());
  $('photo-input').addEventListener('change', pickedPhoto);
  $('type').addEventListener('click', typing);
  $('scan-cancel').addEventListener('click', () => {
    stopCamera();
    show('home');
  });
  $('type-form').addEventListener('submit', (event) => {
    event.preventDefault();
    handleText(normalisePasted($('receipt-text').value));
  });
  for (const button of document.querySelectorAll('button.back, button.home')) {
    button.addEventListener('click', () => show('home'));
  }

  if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => {});

  state.ready = (async () => {
    const officeKey = await loadConfig();
    state.configured = officeKey !== null;
    if (state.configured) {
      const { list, refused } = await refreshTrustList(officeKey);
      state.trust = list;
      state.refused = refused;
    }
    renderTrust();
    document.body.dataset.ready = 'true';
  })();
}

start();
