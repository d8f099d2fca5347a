// SPDX-License-Identifier: GPL-3.0-or-later
// test-budget.mjs — the numbers: the first visit's weight (every byte the
// server sent, compressed, headers included, the service worker's own
// fetches counted) must stay within 150 kB; the time from a QR text to its
// verdict on screen, over 100 receipts, is printed (median), not asserted.

import { Kiosk, Office, assert, launch, median, open, serve, site, verdictFor, run } from './lib.mjs';

const BUDGET = 150 * 1000;

run('budget', async () => {
  const kiosk = new Kiosk('mairie-18-01', { offers: ['PC17-0042', 'PC17-0043', 'PC17-0044'] });
  const office = new Office();
  const server = await serve(site({ config: office.config(), trustList: office.trustList([{ id: kiosk.id, publicKey: kiosk.publicKey }]) }));
  const browser = await launch();
  const context = await browser.newContext();
  const page = await open(context, server.url);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  await page.waitForTimeout(500);
  const weight = server.bytesSent();
  console.log(`# first visit: ${(weight / 1000).toFixed(1)} kB transferred (budget ${BUDGET / 1000} kB)`);
  assert(weight <= BUDGET, `first visit ${weight} bytes, over ${BUDGET}`);

  const offers = ['PC17-0042', 'PC17-0043', 'PC17-0044'];
  const receipts = Array.from({ length: 100 }, (_, i) => kiosk.register(offers[i % 3]).payload);
  const times = [];
  for (const engine of ['webcrypto', 'noble']) {
    await page.evaluate(async (forced) => (await import('./ed25519.js')).ed25519Engine(forced), engine);
    times.length = 0;
    for (const payload of receipts) {
      const shown = await verdictFor(page, payload);
      assert(shown.verdict === 'genuine', `receipt ${payload}`);
      times.push(shown.ms);
    }
    console.log(`# verdict after the text is read, ${engine}: median ${median(times).toFixed(2)} ms, ` +
      `slowest ${Math.max(...times).toFixed(2)} ms over ${times.length} receipts`);
  }
});
