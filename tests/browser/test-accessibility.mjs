// SPDX-License-Identifier: GPL-3.0-or-later
// test-accessibility.mjs — axe-core finds no violation on any screen, in
// French and English, at a phone's size and a desk's; and the whole check
// can be done with the keyboard alone, focus landing on each new screen.

import { Kiosk, Office, AXE, assert, launch, open, serve, site, run } from './lib.mjs';

async function axe(page, screen) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const found = result.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')}): ${v.help}`);
  assert(found.length === 0, `${screen}: ${found.join('; ')}`);
}

const focused = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent);

async function tabTo(page, id) {
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
  }
  throw new Error(`Tab never reaches #${id}`);
}

run('accessibility', async () => {
  const kiosk = new Kiosk('mairie-18-01');
  const revoked = new Kiosk('mairie-19-02');
  const stranger = new Kiosk('ailleurs-01');
  const office = new Office();
  const server = await serve(site({ config: office.config(), trustList: office.trustList([
    { id: kiosk.id, publicKey: kiosk.publicKey }, { id: revoked.id, publicKey: revoked.publicKey, revokedOn: '2027-02-01' }]) }));
  const browser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
  const receipts = {
    genuine: kiosk.register().payload,
    forged: kiosk.register().payload.replace('inscription', "liste d'attente"),
    unknown: stranger.register().payload,
    revoked: revoked.register().payload,
  };

  for (const viewport of [{ width: 360, height: 740 }, { width: 1024, height: 768 }]) {
    // bypassCSP: axe-core is put into the page as an inline script.
    const context = await browser.newContext({ viewport, permissions: ['camera'], bypassCSP: true });
    const page = await open(context, server.url);
    for (const language of ['fr', 'en']) {
      const where = `${viewport.width}px ${language}`;
      await axe(page, `home ${where}`);

      // Keyboard only: Tab to the text button, Enter, type, Enter.
      await page.evaluate(() => document.activeElement?.blur());
      await tabTo(page, 'type');
      await page.keyboard.press('Enter');
      assert(await focused(page) === 'type-title', `focus after opening the text screen: ${await focused(page)}`);
      await axe(page, `text screen ${where}`);
      for (const [verdict, text] of Object.entries(receipts)) {
        await tabTo(page, 'receipt-text');
        await page.keyboard.press('Control+A');
        await page.keyboard.insertText(text);
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await page.waitForSelector('#verdict:not([hidden])');
        assert(await page.getAttribute('#verdict', 'data-verdict') === verdict, `keyboard ${verdict}`);
        assert(await focused(page) === 'verdict-title', `focus on the verdict: ${await focused(page)}`);
        await axe(page, `${verdict} verdict ${where}`);
        // Back to the text screen through the keyboard: Home, then the text button.
        await tabTo(page, 'again');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        assert(await focused(page) === 'home-title', `focus back home: ${await focused(page)}`);
        await tabTo(page, 'type');
        await page.keyboard.press('Enter');
      }
      await tabTo(page, 'receipt-text');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      assert(await focused(page) === 'home-title', 'Back from the text screen');

      // The camera screen (Chromium's fake camera: a pattern, no code).
      await tabTo(page, 'scan');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#scanner:not([hidden])');
      assert(await focused(page) === 'scan-title', 'focus on the camera screen');
      await axe(page, `camera screen ${where}`);
      await tabTo(page, 'scan-cancel');
      await page.keyboard.press('Enter');
      assert(await page.isVisible('#home'), 'cancel goes home');

      await tabTo(page, 'language');
      await page.keyboard.press('Enter');
      assert(await page.evaluate(() => document.documentElement.lang) === (language === 'fr' ? 'en' : 'fr'), 'language switch');
    }
    await context.close();
  }
});
