// SPDX-License-Identifier: GPL-3.0-or-later
// qr-worker.js — finds a QR code in one picture with the kept jsQR (vendor/),
// off the page's thread, for browsers without BarcodeDetector.
/* global jsQR */
importScripts('vendor/jsQR.js');

self.onmessage = (event) => {
  const { id, width, height, pixels, thorough } = event.data;
  const found = jsQR(pixels, width, height, { inversionAttempts: thorough ? 'attemptBoth' : 'dontInvert' });
  // The raw bytes: the page decodes them as UTF-8 itself, as the C verifier reads them.
  self.postMessage({ id, bytes: found ? Uint8Array.from(found.binaryData) : null });
};
