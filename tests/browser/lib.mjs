// SPDX-License-Identifier: GPL-3.0-or-later
// lib.mjs — what the browser tests share: receipts from the real
// tremplin-admin, an office key and trust lists from make-trust-list, the
// page served over HTTP (gzip, ETag) with the bytes sent counted, and
// Debian's chromium driven by playwright-core.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

export const SOURCE = process.env.TREMPLIN_SOURCE_DIR ?? path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../..');
export const BUILD = process.env.TREMPLIN_BUILD_DIR ?? path.join(SOURCE, '_build');
export const ADMIN = path.join(BUILD, 'src/admin/tremplin-admin');
export const TOOL = path.join(BUILD, 'tests/browser/make-trust-list');
// The office program; make-trust-list (the same core functions) makes quick
// test keys and lists without a passphrase's cost.
export const OFFICE = path.join(BUILD, 'src/office/tremplin-office');
export const PAGE = path.join(SOURCE, 'src/verifier');
export const CHROMIUM = process.env.TREMPLIN_CHROMIUM ?? '/usr/bin/chromium';
const require = createRequire(path.join(SOURCE, 'package.json'));
export const { chromium } = require('playwright-core');
export const AXE = require.resolve('axe-core/axe.min.js');

const cleanups = [];

export function tempDir(prefix = 'tremplin-browser-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Runs @body; prints the failure and exits 1 on any error, cleans up always.
export async function run(name, body) {
  let status = 0;
  try {
    await body();
    console.log(`ok - ${name}`);
  } catch (error) {
    console.error(`not ok - ${name}\n${error.stack ?? error}`);
    status = 1;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`cleanup: ${error}`);
      }
    }
  }
  process.exit(status);
}

function execute(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf-8', stdio: ['pipe', 'pipe', 'pipe'], ...options });
}

const HEADER = 'id;title;category;provider;address;postcode;modality;audience;min_level;hours;' +
  'start_date;end_date;seats;info_session;description';

// A kiosk of the real tremplin-admin, in a folder of its own.
export class Kiosk {
  constructor(id, { offers = ['PC17-0042'], seats = 1000 } = {}) {
    this.id = id;
    this.dir = tempDir(`tremplin-kiosk-${id}-`);
    this.db = path.join(this.dir, 'tremplin.db');
    this.env = { ...process.env, LC_ALL: 'C.UTF-8', XDG_CONFIG_DIRS: this.dir, XDG_DATA_HOME: path.join(this.dir, 'data') };
    this.admin('init', '--kiosk-id', id);
    // A kiosk seals each person's details to an office key, and takes no
    // registration without one; the verifier never sees those details.
    this.admin('office-key', execute(TOOL, ['key', path.join(this.dir, 'office.key')]).trim());
    // An offer is 'ID' or 'ID:SEATS'.
    const rows = offers.map((entry) => entry.split(':')).map(([offer, own]) => `${offer};Développeuse web ${offer};developer;École du Code;12 rue Ordener;` +
      `75018;on_site;all;none;400;2027-03-01;2027-09-30;${own ?? seats};mardi 9 février 2027 à 10 h;Offre fictive`);
    fs.writeFileSync(path.join(this.dir, 'offers.csv'), [HEADER, ...rows].join('\r\n') + '\r\n');
    this.admin('import-offers', path.join(this.dir, 'offers.csv'));
    this.publicKey = this.admin('public-key').trim().split(' ')[1];
  }

  admin(...args) {
    return execute(ADMIN, ['--db', this.db, ...args], { env: this.env });
  }

  // Registers an applicant for @offer; returns { code, payload, status }.
  register(offer = 'PC17-0042', { now } = {}) {
    const applicant = {
      offer,
      answers: {
        birth_date: '1995-01-01', postcode: '75018', qpv: 'yes', job_status: 'registered',
        unemployed_months: 14, diploma: 'bac', gender: 'woman', in_training: 'no',
      },
      person: { first_name: 'Awa', last_name: 'Diallo', phone: '06 12 34 56 78', email: 'awa@example.org' },
    };
    const file = path.join(this.dir, 'applicant.json');
    fs.writeFileSync(file, JSON.stringify(applicant));
    const env = now ? { ...this.env, TREMPLIN_NOW: now } : this.env;
    return JSON.parse(execute(ADMIN, ['--db', this.db, 'register', '--json', file], { env }));
  }

  // `tremplin-admin verify PAYLOAD`: 'genuine', 'unknown' or 'forged'.
  verify(payload) {
    try {
      execute(ADMIN, ['--db', this.db, 'verify', payload], { env: this.env });
      return 'genuine';
    } catch (error) {
      return /does not trust/.test(error.stderr) ? 'unknown' : 'forged';
    }
  }

  // The printed receipt's PDF and the QR code's PNG.
  receiptFiles(code) {
    const pdf = path.join(this.dir, `${code}.pdf`);
    const png = path.join(this.dir, `${code}.png`);
    this.admin('receipt', code, '--pdf', pdf, '--png', png);
    return { pdf, png };
  }
}

// The office: its key, its kiosk registry, the trust lists it signs.
// With @real, through `tremplin-office` (init-key, trust-list).
export class Office {
  constructor({ real = false } = {}) {
    this.dir = tempDir('tremplin-office-');
    this.keyPath = path.join(this.dir, 'office.key');
    this.real = real;
    if (real) {
      this.passphraseFile = path.join(this.dir, 'passphrase');
      fs.writeFileSync(this.passphraseFile, 'the office browser tests\n');
      this.env = { ...process.env, LC_ALL: 'C.UTF-8', XDG_DATA_HOME: path.join(this.dir, 'data') };
      this.key = execute(OFFICE, ['init-key', '--key', this.keyPath, '--cost', 'interactive',
        '--passphrase-file', this.passphraseFile], { env: this.env }).trim();
    } else {
      this.key = execute(TOOL, ['key', this.keyPath]).trim();
    }
  }

  // `tremplin-office trust-list` itself; returns its standard output.
  command(registry, output, { now, config } = {}) {
    const env = now ? { ...this.env, TREMPLIN_NOW: now } : this.env;
    return execute(OFFICE, ['trust-list', '--key', this.keyPath, '--passphrase-file', this.passphraseFile,
      ...(config ? ['--verifier-config', config] : []), registry, output], { env });
  }

  // @kiosks: [{ id, publicKey, validFrom, validUntil, revokedOn }].
  trustList(kiosks, issuedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z')) {
    const registry = path.join(this.dir, 'kiosks.csv');
    const lines = kiosks.map((k) => [k.id, k.publicKey, k.validFrom ?? '2020-01-01', k.validUntil ?? '', k.revokedOn ?? ''].join(';'));
    fs.writeFileSync(registry, ['id;public_key;valid_from;valid_until;revoked_on', ...lines].join('\n') + '\n');
    const output = path.join(this.dir, 'trust-list.json');
    if (this.real) this.command(registry, output, { now: issuedAt });
    else execute(TOOL, ['list', this.keyPath, registry, output, issuedAt]);
    return fs.readFileSync(output, 'utf-8');
  }

  config() {
    const output = path.join(this.dir, 'config.json');
    if (this.real) this.command(path.join(this.dir, 'kiosks.csv'), path.join(this.dir, 'unused.json'), { config: output });
    else execute(TOOL, ['config', this.keyPath, output]);
    return fs.readFileSync(output, 'utf-8');
  }
}

// A copy of the page as the office installs it: src/verifier plus
// config.json and trust-list.json.
export function site({ config, trustList } = {}) {
  const dir = tempDir('tremplin-site-');
  fs.cpSync(PAGE, dir, { recursive: true, filter: (p) => !p.endsWith('meson.build') });
  if (config !== undefined) fs.writeFileSync(path.join(dir, 'config.json'), config);
  if (trustList !== undefined) fs.writeFileSync(path.join(dir, 'trust-list.json'), trustList);
  return dir;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json', '.png': 'image/png',
};

// Serves @dir on 127.0.0.1 as a plain static server would: gzip, ETag and
// revalidation, no cache lifetime. bytesSent() counts every byte written
// to the browser, headers included.
export async function serve(dir) {
  const sockets = new Set();
  let counted = 0;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) file = dir;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('not found');
      return;
    }
    const body = fs.readFileSync(file);
    const stat = fs.statSync(file);
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const headers = { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', ETag: etag, 'Cache-Control': 'no-cache' };
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '') && !file.endsWith('.png')) {
      const compressed = zlib.gzipSync(body, { level: 9 });
      response.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': compressed.length, Vary: 'Accept-Encoding' });
      response.end(compressed);
    } else {
      response.writeHead(200, { ...headers, 'Content-Length': body.length });
      response.end(body);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      counted += socket.bytesWritten;
      sockets.delete(socket);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  cleanups.push(close);
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    bytesSent: () => counted + [...sockets].reduce((sum, s) => sum + s.bytesWritten, 0),
    close,
  };
}

// Debian's chromium, headless; @args are added to the command line.
export async function launch(args = []) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args });
  cleanups.push(() => browser.close());
  return browser;
}

// Opens the page and waits until it has read its trust list.
export async function open(context, url) {
  const page = await context.newPage();
  page.on('pageerror', (error) => { throw new Error(`page error: ${error.message}`); });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

// Types @text in the text screen and returns the verdict shown.
export async function verdictFor(page, text) {
  if (await page.isVisible('#verdict')) await page.click('#verdict .home');
  if (!(await page.isVisible('#typing'))) await page.click('#type');
  await page.fill('#receipt-text', text);
  await page.click('#type-form button[type="submit"]');
  await page.waitForSelector('#verdict:not([hidden])');
  return page.evaluate(() => ({
    verdict: document.getElementById('verdict').dataset.verdict,
    title: document.getElementById('verdict-title').textContent,
    code: document.getElementById('fact-code').textContent,
    offer: document.getElementById('fact-offer').textContent,
    date: document.getElementById('fact-date').textContent,
    kiosk: document.getElementById('fact-kiosk').textContent,
    ms: Number(document.getElementById('verdict').dataset.ms),
  }));
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
