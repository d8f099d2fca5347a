// SPDX-License-Identifier: GPL-3.0-or-later
// scan.js — reading a receipt's QR code from the camera or a photo:
// BarcodeDetector where the browser has it, the kept jsQR in a worker elsewhere.

let detector;
let worker = null;
let nextId = 0;
const pending = new Map();

async function nativeDetector() {
  if (detector !== undefined) return detector;
  detector = null;
  try {
    if ('BarcodeDetector' in globalThis &&
        (await globalThis.BarcodeDetector.getSupportedFormats()).includes('qr_code')) {
      detector = new globalThis.BarcodeDetector({ formats: ['qr_code'] });
    }
  } catch {
    detector = null;
  }
  return detector;
}

function jsQrWorker() {
  if (!worker) {
    worker = new Worker('qr-worker.js');
    worker.onmessage = (event) => {
      const resolve = pending.get(event.data.id);
      pending.delete(event.data.id);
      resolve?.(event.data.bytes ? new TextDecoder().decode(event.data.bytes) : null);
    };
  }
  return worker;
}

// The QR text in @source (a video, an image bitmap), or null.
async function decode(source, width, height, thorough) {
  const native = await nativeDetector();
  if (native) {
    const codes = await native.detect(source);
    return codes.length > 0 ? codes[0].rawValue : null;
  }
  // Large photos are scaled down: a receipt's QR code needs far fewer pixels.
  const scale = Math.min(1, (thorough ? 1600 : 720) / Math.max(width, height));
  const canvas = new OffscreenCanvas(Math.round(width * scale), Math.round(height * scale));
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    jsQrWorker().postMessage({ id, width: image.width, height: image.height, pixels: image.data, thorough },
                             [image.data.buffer]);
  });
}

// The QR text in a picture file, or null.
export async function decodePhoto(file) {
  const bitmap = await createImageBitmap(file);
  try {
    return await decode(bitmap, bitmap.width, bitmap.height, true);
  } finally {
    bitmap.close();
  }
}

// Starts the camera in @video and calls @onText once with the first QR text
// read. Returns a function that stops it; rejects when there is no camera.
export async function startCamera(video, onText) {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } },
    audio: false,
  });
  let running = true;
  video.srcObject = stream;
  await video.play();

  const stop = () => {
    running = false;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  const look = async () => {
    if (!running) return;
    let text = null;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      try {
        text = await decode(video, video.videoWidth, video.videoHeight, false);
      } catch {
        text = null;
      }
    }
    if (!running) return;
    if (text !== null) {
      stop();
      onText(text);
    } else {
      setTimeout(look, 120);
    }
  };
  look();
  return stop;
}
