// SPDX-License-Identifier: GPL-3.0-or-later
// test-offline.mjs — after one visit the page works with no network: the
// service worker gives the page and its libraries, IndexedDB the trust list.

import { Kiosk, Office, assert, launch, open, serve, site, verdictFor, run } from './lib.mjs';

run('offline', async () => {
  const kiosk = new Kiosk('mairie-18-01');
  const office = new Office();
  const server = await serve(site({ config: office.config(), trustList: office.trustList([{ id: kiosk.id, publicKey: kiosk.publicKey }]) }));
  const browser = await launch();
  const context = await browser.newContext();
  const page = await open(context, server.url);
  // Wait until the service worker has kept everything and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  const receipt = kiosk.register();
  assert((await verdictFor(page, receipt.payload)).verdict === 'genuine', 'online');

  // Network cut, server gone too.
  await context.setOffline(true);
  await server.close();
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert((await page.getAttribute('#trust-status', 'data-state')) === 'ok', 'trust list kept offline');
  const offline = await verdictFor(page, receipt.payload);
  assert(offline.verdict === 'genuine' && offline.code === receipt.code, `offline: ${JSON.stringify(offline)}`);
  assert((await verdictFor(page, receipt.payload.replace(receipt.code, 'AAAA-AAAA'))).verdict === 'forged', 'offline forged');
  // The kept noble engine loads offline too.
  const engine = await page.evaluate(async () => (await import('./ed25519.js')).ed25519Engine('noble'));
  assert(engine === 'noble' && (await verdictFor(page, receipt.payload)).verdict === 'genuine', 'noble offline');
  // And the QR decoder's worker.
  const worker = await page.evaluate(() => new Promise((resolve) => {
    const w = new Worker('qr-worker.js');
    w.onmessage = (event) => resolve(event.data.bytes === null ? 'no code' : 'code');
    w.onerror = () => resolve('failed');
    w.postMessage({ id: 0, width: 4, height: 4, pixels: new Uint8ClampedArray(64).fill(255), thorough: false });
  }));
  assert(worker === 'no code', `QR worker offline: ${worker}`);
});
