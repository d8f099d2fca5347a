// SPDX-License-Identifier: GPL-3.0-or-later
// test-camera.mjs — the camera path end to end: Chromium's fake camera fed
// a video (y4m, made with ffmpeg) of a printed receipt — tremplin-admin's
// PDF rendered by pdftoppm — gives the verdict; so does picking a photo.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Kiosk, Office, assert, launch, open, serve, site, tempDir, run } from './lib.mjs';

run('camera', async () => {
  const kiosk = new Kiosk('mairie-18-01');
  const office = new Office();
  const server = await serve(site({ config: office.config(), trustList: office.trustList([{ id: kiosk.id, publicKey: kiosk.publicKey }]) }));
  const receipt = kiosk.register();
  const { pdf, png } = kiosk.receiptFiles(receipt.code);
  const dir = tempDir();
  // The top of the printed receipt (title, QR code, code), on greyish
  // paper, slightly turned, as a phone held over it sees it.
  execFileSync('pdftoppm', ['-png', '-r', '200', '-singlefile', pdf, path.join(dir, 'printed')]);
  const video = path.join(dir, 'receipt.y4m');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-loop', '1', '-i', path.join(dir, 'printed.png'), '-t', '2', '-r', '10',
    '-vf', 'crop=iw:min(ih\\,iw*0.8):0:0,rotate=0.06:fillcolor=white,scale=640:480:force_original_aspect_ratio=decrease,' +
      'pad=640:480:(ow-iw)/2:(oh-ih)/2:white,eq=brightness=-0.08:contrast=0.85',
    '-pix_fmt', 'yuv420p', video]);

  const browser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`]);
  const context = await browser.newContext({ permissions: ['camera'] });
  const page = await open(context, server.url);
  const native = await page.evaluate(() => 'BarcodeDetector' in globalThis);
  await page.click('#scan');
  await page.waitForSelector('#verdict:not([hidden])', { timeout: 20000 });
  assert(await page.getAttribute('#verdict', 'data-verdict') === 'genuine', 'camera verdict');
  assert(await page.textContent('#fact-code') === receipt.code, 'camera code');
  // The camera is let go once the code is read.
  assert(await page.evaluate(() => document.getElementById('video').srcObject === null), 'camera still on');

  // Scan another, then cancel: back home, camera off.
  await page.click('#again');
  await page.waitForSelector('#verdict:not([hidden])', { timeout: 20000 });
  await page.click('#verdict .home');

  // A photo: the QR code's PNG.
  await page.setInputFiles('#photo-input', png);
  await page.waitForSelector('#verdict:not([hidden])', { timeout: 20000 });
  assert(await page.getAttribute('#verdict', 'data-verdict') === 'genuine', 'photo verdict');
  // A photo with no QR code says so.
  await page.click('#verdict .home');
  await page.setInputFiles('#photo-input', { name: 'blank.png', mimeType: 'image/png', buffer: execFileSync('convert', ['-size', '64x64', 'xc:white', 'png:-']) });
  await page.waitForFunction(() => document.getElementById('photo-message').textContent !== '');
  assert((await page.textContent('#photo-message')).startsWith('Aucun code QR'), 'no QR message');
  console.log(`# decoder: ${native ? 'BarcodeDetector' : 'jsQR (kept)'}`);
});
