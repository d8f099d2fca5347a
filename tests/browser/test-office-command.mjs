// SPDX-License-Identifier: GPL-3.0-or-later
// test-office-command.mjs — the real `tremplin-office trust-list`: its
// trust list and config.json, published beside the page, make a genuine
// receipt genuine and a revoked kiosk's revoked; a bad registry fails with
// one line and writes nothing.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { OFFICE, Kiosk, Office, assert, launch, open, serve, site, verdictFor, run } from './lib.mjs';

run('office-command', async () => {
  const kiosk = new Kiosk('mairie-18-01');
  const lost = new Kiosk('mairie-18-02');
  const office = new Office({ real: true });
  const registry = path.join(office.dir, 'kiosks.csv');
  fs.writeFileSync(registry, 'id;public_key;valid_from;valid_until;revoked_on\r\n' +
    `${kiosk.id};${kiosk.publicKey};2020-01-01;;\r\n${lost.id};${lost.publicKey};2020-01-01;;2027-02-01\r\n`);
  const list = path.join(office.dir, 'trust-list.json');
  const config = path.join(office.dir, 'config.json');
  const said = office.command(registry, list, { config, now: '2027-03-14T10:00:00+01:00' });
  assert(said.includes('Trust list of 2 kiosks (1 revoked) written to'), said);
  const body = JSON.parse(JSON.parse(fs.readFileSync(list, 'utf-8')).signed);
  assert(body.issued_at === '2027-03-14T09:00:00Z' && body.office_key === office.key, JSON.stringify(body));
  assert(JSON.parse(fs.readFileSync(config, 'utf-8')).office_key === office.key, 'config pins the key');

  const server = await serve(site({ config: fs.readFileSync(config, 'utf-8'), trustList: fs.readFileSync(list, 'utf-8') }));
  const page = await open(await (await launch()).newContext(), server.url);
  assert((await verdictFor(page, kiosk.register().payload)).verdict === 'genuine', 'genuine');
  assert((await verdictFor(page, lost.register().payload)).verdict === 'revoked', 'revoked');

  // A registry with a mistake: one line on stderr, status 1, nothing written.
  fs.writeFileSync(registry, `id;public_key;valid_from;valid_until;revoked_on\n${kiosk.id};${kiosk.publicKey};14/03/2027;;\n`);
  const fresh = path.join(office.dir, 'other.json');
  let failed = null;
  try {
    execFileSync(OFFICE, ['trust-list', '--key', office.keyPath, '--passphrase-file', office.passphraseFile, registry, fresh],
      { env: office.env, encoding: 'utf-8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    failed = error;
  }
  assert(failed && failed.status === 1, 'bad registry accepted');
  assert(/^tremplin-office: .*kiosks\.csv:2: .*YYYY-MM-DD.*\n$/.test(failed.stderr), failed.stderr);
  assert(!fs.existsSync(fresh), 'written despite the error');
});
