// SPDX-License-Identifier: GPL-3.0-or-later
// take-screenshots.mjs — docs/screenshots/verifier: the page in chromium at a
// phone's size (360x740) and a desk's (1024x768): home, a genuine verdict and
// a forged one. Run by `./dev screenshots`.

import fs from 'node:fs';
import path from 'node:path';
import { Kiosk, Office, launch, open, serve, site, verdictFor, run } from './lib.mjs';

const out = process.argv[2] ?? 'docs/screenshots/verifier';

run('screenshots', async () => {
  fs.mkdirSync(out, { recursive: true });
  const kiosk = new Kiosk('mairie-18-01');
  const office = new Office();
  const server = await serve(site({ config: office.config(), trustList: office.trustList([{ id: kiosk.id, publicKey: kiosk.publicKey }]) }));
  const receipt = kiosk.register('PC17-0042', { now: '2027-03-14T10:00:00+01:00' }).payload;
  const browser = await launch();
  for (const [width, height] of [[360, 740], [1024, 768]]) {
    const page = await open(await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 }), server.url);
    await page.screenshot({ path: path.join(out, `home-${width}x${height}.png`) });
    await verdictFor(page, receipt);
    await page.evaluate(() => document.activeElement.blur());
    await page.screenshot({ path: path.join(out, `genuine-${width}x${height}.png`) });
    await verdictFor(page, receipt.replace('PC17-0042', 'PC17-0043'));
    await page.evaluate(() => document.activeElement.blur());
    await page.screenshot({ path: path.join(out, `forged-${width}x${height}.png`) });
  }
});
