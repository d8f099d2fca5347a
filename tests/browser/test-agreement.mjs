// SPDX-License-Identifier: GPL-3.0-or-later
// test-agreement.mjs — the page's receipt check and `tremplin-admin verify`
// (tr_receipt_verify) give the same answer on a spread of receipts made by
// the real tremplin-admin and on their alterations: genuine, forged or
// unknown kiosk, with both Ed25519 engines.

import { Kiosk, assert, launch, open, serve, site, run } from './lib.mjs';

const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function variants(payload, seed) {
  const [line1, line2] = payload.split('\n');
  const out = [payload];
  for (let k = 0; k < 6; k++) {
    const i = (seed * 7 + k * 29) % payload.length;
    if (payload[i] === '\n') continue;
    const pool = i < line1.length ? 'ABCXYZ0129 -abc' : BASE45;
    const c = pool[(pool.indexOf(payload[i]) + 1 + k) % pool.length];
    if (c !== payload[i]) out.push(payload.slice(0, i) + c + payload.slice(i + 1));
  }
  out.push(line1 + ' \n' + line2, line1 + '\n' + line2 + '\n', line2, line1,
    line1 + '\n' + line2.slice(0, -1), line1 + '\n' + line2.slice(0, -3),
    line1 + '\nTR1:' + line2.slice(4).replace(/^./, (c) => (c === '0' ? '1' : '0')),
    line1.replace('inscription', "liste d'attente") + '\n' + line2,
    line1.replace(/\d{4}-\d{2}-\d{2}$/, '2027-02-30') + '\n' + line2,
    line1 + '\n' + line2 + '00', line1 + '\r\n' + line2, 'TR1:' + line2.slice(4) + '\n' + line1);
  return out;
}

run('agreement', async () => {
  // Kiosks with the longest id and offer a receipt holds, and one the
  // checking kiosk does not trust.
  const long = 'K'.repeat(32);
  const kiosk = new Kiosk('mairie-18-01', { offers: ['PC17-0042', 'O'.repeat(32), 'W-1:1'] });
  const other = new Kiosk(long, { offers: ['PC17-0042'] });
  const stranger = new Kiosk('ailleurs-01');
  kiosk.admin('trust', '--kiosk-id', long, '--key', other.publicKey);

  const payloads = [];
  for (let i = 0; i < 6; i++) payloads.push(kiosk.register('PC17-0042').payload);
  payloads.push(kiosk.register('O'.repeat(32)).payload);
  payloads.push(kiosk.register('W-1').payload, kiosk.register('W-1').payload);
  for (let i = 0; i < 3; i++) payloads.push(other.register('PC17-0042', { now: `2027-0${i + 1}-1${i}T09:00:00+01:00` }).payload);
  payloads.push(stranger.register('PC17-0042').payload);

  const cases = payloads.flatMap((payload, seed) => variants(payload, seed));
  const expected = cases.map((text) => kiosk.verify(text));
  const counts = expected.reduce((c, v) => ({ ...c, [v]: (c[v] ?? 0) + 1 }), {});
  assert(counts.genuine >= 12 && counts.forged > 100 && counts.unknown >= 1, `spread: ${JSON.stringify(counts)}`);

  const server = await serve(site({}));
  const browser = await launch();
  const keys = { [kiosk.id]: kiosk.publicKey, [long]: other.publicKey };
  for (const engine of ['webcrypto', 'noble']) {
    const page = await open(await browser.newContext(), server.url);
    const got = await page.evaluate(async ({ engine, cases, keys }) => {
      const { ed25519Engine } = await import('./ed25519.js');
      const { verifyLikeAdmin } = await import('./receipt.js');
      const { base64urlDecode } = await import('./trust.js');
      await ed25519Engine(engine);
      const map = new Map(Object.entries(keys).map(([id, text]) => [id, base64urlDecode(text, 32)]));
      const out = [];
      for (const text of cases) out.push(await verifyLikeAdmin(text, map));
      return out;
    }, { engine, cases, keys });
    for (let i = 0; i < cases.length; i++) {
      assert(got[i] === expected[i], `${engine}: ${JSON.stringify(cases[i])}: page says ${got[i]}, tremplin-admin ${expected[i]}`);
    }
  }
  console.log(`# ${cases.length} texts, ${JSON.stringify(counts)}: the page and tremplin-admin agree on each, with both engines`);
});
