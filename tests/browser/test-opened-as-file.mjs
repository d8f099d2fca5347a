// SPDX-License-Identifier: GPL-3.0-or-later
// test-opened-as-file.mjs — opened as a file (file://, as from a USB key),
// where the browser refuses the page's modules and service worker, the page
// says how to open it instead of showing buttons that do nothing; served
// over HTTP, that notice is gone and the buttons are there.

import path from 'node:path';
import { Office, PAGE, assert, launch, open, serve, site, run } from './lib.mjs';

run('opened-as-file', async () => {
  const browser = await launch();
  const context = await browser.newContext();

  const file = await context.newPage();
  await file.goto('file://' + path.join(PAGE, 'index.html'), { waitUntil: 'load' });
  // The modules have had their chance: a load event comes after them.
  assert(await file.isVisible('#not-started'), 'opened as a file: no notice');
  const notice = await file.textContent('#not-started');
  assert(/adresse web/.test(notice) && /web address/.test(notice), `notice: ${notice}`);
  assert(!(await file.isVisible('#scan')) && !(await file.isVisible('#type')), 'opened as a file: dead buttons shown');

  const office = new Office();
  const server = await serve(site({ config: office.config(), trustList: office.trustList([{ id: 'mairie-18-01', publicKey: 'A'.repeat(43) }]) }));
  const page = await open(context, server.url);
  assert((await page.$('#not-started')) === null, 'served: the notice is still there');
  assert(await page.isVisible('#scan'), 'served: no scan button');
});
