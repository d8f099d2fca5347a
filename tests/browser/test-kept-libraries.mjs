// SPDX-License-Identifier: GPL-3.0-or-later
// test-kept-libraries.mjs — the libraries the page ships (src/verifier/vendor/)
// are byte for byte those npm installs at the versions package-lock.json
// pins, and the page loads nothing from elsewhere.

import fs from 'node:fs';
import path from 'node:path';
import { PAGE, SOURCE, assert, run } from './lib.mjs';

const KEPT = {
  'vendor/jsQR.js': ['jsqr', 'dist/jsQR.js'],
  'vendor/jsQR.LICENSE': ['jsqr', 'LICENSE'],
  'vendor/noble-ed25519.js': ['@noble/ed25519', 'index.js'],
  'vendor/noble-ed25519.LICENSE': ['@noble/ed25519', 'LICENSE'],
};

run('kept-libraries', async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(SOURCE, 'package.json'), 'utf-8'));
  const lock = JSON.parse(fs.readFileSync(path.join(SOURCE, 'package-lock.json'), 'utf-8'));
  for (const [kept, [name, file]] of Object.entries(KEPT)) {
    const pinned = manifest.dependencies[name];
    assert(/^\d+\.\d+\.\d+$/.test(pinned), `${name}: package.json must pin an exact version, not ${pinned}`);
    assert(lock.packages[`node_modules/${name}`]?.version === pinned, `${name}: package-lock.json does not pin ${pinned}`);
    const installed = path.join(SOURCE, 'node_modules', name, file);
    const a = fs.readFileSync(path.join(PAGE, kept));
    const b = fs.readFileSync(installed);
    assert(a.equals(b), `${kept} differs from ${installed}: copy it again after changing the version`);
  }
  // Nothing fetched from another site: no http(s) URL in what the page loads.
  for (const file of fs.readdirSync(PAGE).filter((f) => /\.(html|js|css|webmanifest)$/.test(f))) {
    const text = fs.readFileSync(path.join(PAGE, file), 'utf-8');
    const urls = (text.match(/(src|href)=["']https?:[^"']*/g) ?? []).concat(text.match(/import\s*\(?\s*['"]https?:[^'"]*/g) ?? []);
    assert(urls.length === 0, `${file} loads ${urls.join(', ')}`);
  }
});
