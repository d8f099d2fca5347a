// SPDX-License-Identifier: GPL-3.0-or-later
// sw.js — keeps the page and its libraries for offline use. Cache first,
// refreshed in the background; the trust list is never cached here: the
// page keeps the last good one itself (trust.js), once its signature checks.

const CACHE = 'tremplin-verifier-1';
const SHELL = [
  './', 'index.html', 'style.css', 'app.js', 'i18n.js', 'receipt.js', 'base45.js', 'ed25519.js',
  'trust.js', 'scan.js', 'qr-worker.js', 'icon.svg', 'manifest.webmanifest',
  'vendor/jsQR.js', 'vendor/noble-ed25519.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL);
    // The office adds config.json when it installs the page.
    await cache.add('config.json').catch(() => {});
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin ||
      url.pathname.endsWith('/trust-list.json')) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const kept = await cache.match(event.request, { ignoreSearch: true });
    const fresh = fetch(event.request).then((response) => {
      if (response.ok) cache.put(event.request, response.clone());
      return response;
    });
    if (kept) {
      event.waitUntil(fresh.catch(() => {}));
      return kept;
    }
    return fresh;
  })());
});
