// The paperwork in a real browser: the verifier's hand-off to BSrE (the fields in BSrE's
// order, the copy buttons through the clipboard, each file and the ZIP), and e-mail to the
// applicant through a real SMTP server on loopback (python3-aiosmtpd): the message of the
// received case arrives, the case page and the admin's outbox show it sent, and the
// confirmation link confirms the address with one button press.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO, checkA11y, launchBrowser, run, shot, signIn, sleep, startRig } from './rig.mjs';

let rig;
let browser;
let smtp;
let mailRoot;
let maildir;
let smtpPort;
let R; // the case

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function messages() {
  if (!fs.existsSync(path.join(maildir, 'new'))) return [];
  const out = await run('/usr/bin/python3', [path.join(REPO, 'tests/support/maildir_json.py'), maildir]);
  return JSON.parse(out.stdout);
}

before(async () => {
  // aiosmtpd makes the maildir (an empty folder that exists already would stay without its
  // tmp/ new/ cur/).
  mailRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'anjungan-mail-'));
  maildir = path.join(mailRoot, 'maildir');
  smtpPort = await freePort();
  smtp = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${smtpPort}`, '-c',
    'aiosmtpd.handlers.Mailbox', maildir], { stdio: 'ignore' });
  // Ready when it greets: the office must not take its port meanwhile.
  for (let i = 0; ; ++i) {
    const greeting = await new Promise((resolve) => {
      const c = net.connect(smtpPort, '127.0.0.1');
      c.once('data', (d) => { resolve(String(d)); c.destroy(); });
      c.once('error', () => resolve(''));
    });
    if (greeting.startsWith('220')) break;
    if (i > 100) throw new Error('aiosmtpd did not start');
    await sleep(100);
  }
  rig = await startRig({
    name: 'paperwork',
    cases: 1,
    office: {
      public_url: 'http://anjungan.test',
      smtp: { url: `smtp://127.0.0.1:${smtpPort}`, from: 'Diskominfo <noreply@palangkaraya.go.id>',
        starttls: false, poll_seconds: 1 },
    },
  });
  [R] = rig.cases;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await rig?.stop();
  smtp?.kill('SIGTERM');
  fs.rmSync(mailRoot, { recursive: true, force: true });
});

describe('the hand-off to BSrE', () => {
  test('the verifier copies every field in BSrE order and downloads the files', async () => {
    await rig.advanceTo(R, 'section_verified');
    const { page, context } = await signIn(browser, rig, 'verifier');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: rig.url });
    await page.goto(`${rig.url}/console/cases/${R}`);
    // The letter first (the hand-off lists it), from the case page's button.
    await Promise.all([page.waitForNavigation(), page.locator('section.letter form button').click()]);
    const link = page.locator(`a[href="/console/cases/${R}/handoff"]`);
    assert.equal(await link.count(), 1, 'the case page links the hand-off');
    await Promise.all([page.waitForNavigation(), link.click()]);
    assert.equal(new URL(page.url()).pathname, `/console/cases/${R}/handoff`);

    const keys = await page.locator('ol.copy-fields input').evaluateAll((els) => els.map((e) => e.id));
    assert.deepEqual(keys, ['f-nik', 'f-nip', 'f-name', 'f-sex', 'f-email', 'f-phone', 'f-position',
      'f-agency', 'f-work_unit', 'f-province', 'f-city', 'f-street']);
    // copy.js ran: the buttons show, and one puts its field on the clipboard.
    const copy = page.locator('button.copy[data-copy="f-nik"]');
    assert.ok(await copy.isVisible(), 'the copy buttons are shown when script runs');
    const nik = await page.locator('#f-nik').inputValue();
    assert.match(nik, /^\d{16}$/);
    await copy.click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), nik);
    await page.locator('button.copy[data-copy="f-email"]').click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()),
      await page.locator('#f-email').inputValue());
    assert.equal(await page.locator('#f-province').inputValue(), 'Kalimantan Tengah');

    // Every file is there and within BSrE's limits: the hand-off is complete.
    assert.equal(await page.locator('.banner.warn').count(), 0, await page.locator('main').innerText());
    for (const name of ['ktp.jpg', 'selfie.jpg', 'sk.pdf', 'permohonan.pdf', 'rekomendasi.pdf']) {
      const r = await context.request.get(`${rig.url}/console/cases/${R}/handoff/${name}`);
      assert.equal(r.status(), 200, name);
      const limit = name === 'ktp.jpg' ? 300000 : 500000;
      assert.ok((await r.body()).length <= limit, `${name} within ${limit} bytes`);
    }
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.locator(`a[href="/console/cases/${R}/package.zip"]`).click()]);
    assert.equal(download.suggestedFilename(), `bsre-${R}.zip`);
    const zip = path.join(rig.tmp, 'package.zip');
    await download.saveAs(zip);
    const listing = (await run('unzip', ['-l', zip])).stdout;
    for (const name of ['ktp.jpg', 'selfie.jpg', 'sk.pdf', 'permohonan.pdf', 'rekomendasi.pdf',
      'fields.json', 'fields.csv']) {
      assert.ok(listing.includes(name), `${name} in the ZIP:\n${listing}`);
    }
    const fields = JSON.parse((await run('unzip', ['-p', zip, 'fields.json'])).stdout);
    assert.equal(fields.nik, nik);
    assert.equal(fields.receipt_no, R);
    await checkA11y(page, 'hand-off');
    await shot(page, 'id-handoff');
    await page.goto(`${rig.url}/console/lang?to=en&back=/console/cases/${R}/handoff`);
    assert.equal(await page.locator('h1').innerText(), `Hand-off to BSrE ${R}`);
    await checkA11y(page, 'hand-off (en)');
    await shot(page, 'en-handoff');
    await context.close();
  });

  test('the head of department may not open it', async () => {
    const { page, context } = await signIn(browser, rig, 'head');
    const r = await page.goto(`${rig.url}/console/cases/${R}/handoff`);
    assert.equal(r.status(), 403);
    await context.close();
  });
});

describe('e-mail to the applicant', () => {
  test('the received message arrives, shows as sent, and its link confirms the address', async () => {
    let got = [];
    for (let i = 0; i < 100 && got.length < 1; ++i) {
      got = (await messages()).filter((m) => m.subject.includes(R) && m.subject.startsWith('Permohonan sertifikat elektronik diterima'));
      if (!got.length) await sleep(200);
    }
    assert.equal(got.length, 1, 'the received message arrived once');
    const token = got[0].text.match(/http:\/\/anjungan\.test\/confirm\/([A-Za-z0-9_-]{43})/)?.[1];
    assert.ok(token, got[0].text);

    const { page, context } = await signIn(browser, rig, 'admin');
    await page.goto(`${rig.url}/console/admin/mail`);
    assert.ok((await page.locator('main table').innerText()).includes('Terkirim'));
    await checkA11y(page, 'outbox');
    await shot(page, 'id-mail-outbox');

    // The applicant opens the link: one button, then thanks.
    const applicant = await browser.newContext();
    const p = await applicant.newPage();
    await p.goto(`${rig.url}/confirm/${token}`);
    await checkA11y(p, 'confirm');
    await Promise.all([p.waitForNavigation(), p.locator('button[type=submit]').click()]);
    assert.match(await p.locator('.banner').innerText(), /telah dikonfirmasi/);
    await shot(p, 'id-confirmed');
    await p.goto(`${rig.url}/confirm/${token}`);
    await Promise.all([p.waitForNavigation(), p.locator('button[type=submit]').click()]);
    assert.match(await p.locator('.banner').innerText(), /sudah dipakai/);
    await applicant.close();

    await page.goto(`${rig.url}/console/cases/${R}`);
    const section = await page.locator('section.mail').innerText();
    assert.match(section, /dikonfirmasi pemohon pada/);
    assert.match(section, /Terkirim/);
    await shot(page, 'id-case-mail');
    await context.close();
  });
});
