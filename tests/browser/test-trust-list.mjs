// SPDX-License-Identifier: GPL-3.0-or-later
// test-trust-list.mjs — the trust list in the page: a tampered one, or one
// signed by another office, is refused and the last good one kept (in
// IndexedDB, across reloads); a newer good one replaces it; its age shows,
// with a warning past 7 days; a page without config.json says so.

import fs from 'node:fs';
import path from 'node:path';
import { Kiosk, Office, assert, launch, open, serve, site, verdictFor, run } from './lib.mjs';

const DAY = 86400000;
const isoDaysAgo = (days) => new Date(Date.now() - days * DAY).toISOString().replace(/\.\d+Z$/, 'Z');

run('trust-list', async () => {
  const first = new Kiosk('mairie-18-01');
  const second = new Kiosk('mairie-18-02');
  const office = new Office();
  const receiptOfSecond = second.register().payload;
  const oldList = office.trustList([{ id: first.id, publicKey: first.publicKey }], isoDaysAgo(2));
  const dir = site({ config: office.config(), trustList: oldList });
  const server = await serve(dir);
  const browser = await launch();
  const context = await browser.newContext();
  const publish = (text) => fs.writeFileSync(path.join(dir, 'trust-list.json'), text);
  const status = async (page) => ({
    state: await page.getAttribute('#trust-status', 'data-state'),
    text: await page.textContent('#trust-status'),
  });

  let page = await open(context, server.url);
  let shown = await status(page);
  assert(shown.state === 'ok' && /^Liste des bornes de confiance du \d+ \S+ \d{4}\.$/.test(shown.text), JSON.stringify(shown));
  assert((await verdictFor(page, receiptOfSecond)).verdict === 'unknown', 'second kiosk not yet listed');

  // Tampered: the second kiosk added by hand into the signed body.
  const envelope = JSON.parse(office.trustList([{ id: first.id, publicKey: first.publicKey }, { id: second.id, publicKey: second.publicKey }]));
  const tampered = JSON.parse(oldList);
  const body = JSON.parse(tampered.signed);
  body.kiosks.push({ id: second.id, public_key: second.publicKey, valid_from: '2020-01-01', valid_until: null, revoked_on: null });
  tampered.signed = JSON.stringify(body);
  // And the signature of another list: still not this body's.
  const borrowed = { ...tampered, signature: envelope.signature };
  const otherOffice = new Office();
  const foreign = otherOffice.trustList([{ id: second.id, publicKey: second.publicKey }]);
  for (const [name, text] of [['tampered', JSON.stringify(tampered)], ['borrowed signature', JSON.stringify(borrowed)],
    ['other office', foreign], ['not JSON', 'garbage']]) {
    publish(text);
    page = await open(context, server.url);
    shown = await status(page);
    assert(shown.state === 'warning' && shown.text.includes('a été refusée'), `${name}: ${JSON.stringify(shown)}`);
    assert(shown.text.startsWith('Liste des bornes de confiance du'), `${name}: previous list not kept: ${shown.text}`);
    assert((await verdictFor(page, receiptOfSecond)).verdict === 'unknown', `${name}: its kiosk was trusted`);
    await page.close();
  }
  // The kept list is the last good one: the published file gone, it is still there.
  fs.rmSync(path.join(dir, 'trust-list.json'));
  page = await open(context, server.url);
  assert((await status(page)).state === 'ok', 'kept list after the file went');
  assert((await verdictFor(page, first.register().payload)).verdict === 'genuine', 'kept list checks receipts');

  // An older good list does not replace a newer one.
  const newList = office.trustList([{ id: first.id, publicKey: first.publicKey }, { id: second.id, publicKey: second.publicKey }], isoDaysAgo(1));
  publish(newList);
  page = await open(context, server.url);
  assert((await verdictFor(page, receiptOfSecond)).verdict === 'genuine', 'newer list taken');
  publish(oldList);
  page = await open(context, server.url);
  assert((await verdictFor(page, receiptOfSecond)).verdict === 'genuine', 'older list replaced the newer');

  // Age: a list ten days old warns.
  const context2 = await browser.newContext();
  publish(office.trustList([{ id: first.id, publicKey: first.publicKey }], isoDaysAgo(10)));
  page = await open(context2, server.url);
  shown = await status(page);
  assert(shown.state === 'warning' && shown.text.includes('(10 jours)'), JSON.stringify(shown));
  await page.click('#language');
  assert((await page.textContent('#trust-status')).includes('(10 days ago)'), 'english age');

  // No config.json: the page says it is not set up, and knows no kiosk.
  fs.rmSync(path.join(dir, 'config.json'));
  page = await open(await browser.newContext(), server.url);
  shown = await status(page);
  assert(shown.state === 'not-configured' && shown.text.includes('config.json'), JSON.stringify(shown));
  assert((await verdictFor(page, receiptOfSecond)).verdict === 'unknown', 'no config: unknown');
});
