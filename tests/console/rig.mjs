// The rig of the console's browser tests: a private anjungan-office (a free port on 127.0.0.1, a
// temporary data folder, a test configuration), one console account per role, the kiosk PKY1
// registered, and real cases made at a kiosk (`anjungan session` with the simulated camera and
// scanner, then `anjungan sync --once`). Helpers for the browser: Debian's chromium through
// playwright-core, signing in with a fresh context, axe-core on the current page, screenshots.
//
// Binaries from the environment (defaults: the build folder of this checkout):
//   ANJUNGAN_OFFICE        build/office/anjungan-office
//   ANJUNGAN_KIOSK_CLI     build/kiosk/anjungan
//   ANJUNGAN_WRITE_INPUTS  build/tests/ui_write_inputs
//   CONSOLE_SCREENSHOTS    a folder for the screenshots (none taken when unset)
//   CHROMIUM               the browser (default /usr/bin/chromium)
//   CONSOLE_KEEP           set: the temporary folders are kept (for a look after a failure)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = {
  office: process.env.ANJUNGAN_OFFICE || path.join(REPO, 'build/office/anjungan-office'),
  kiosk: process.env.ANJUNGAN_KIOSK_CLI || path.join(REPO, 'build/kiosk/anjungan'),
  inputs: process.env.ANJUNGAN_WRITE_INPUTS || path.join(REPO, 'build/tests/ui_write_inputs'),
};
export const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS || '';
export const VIEWPORT = { width: 1366, height: 768 };
export const ROLES = ['head', 'division_head', 'section_head', 'verifier', 'admin'];
// Every test account has this password (>= 10 characters, not a common one).
export const PASSWORD = 'Uji-Konsol-Kuat-2026!';

const AXE = path.join(REPO, 'node_modules/axe-core/axe.min.js');

// The labels the pages show (domain/src/case.cpp, office/src/console/strings.cpp).
export const STATUS_LABEL = {
  id: {
    received: 'Diterima di anjungan',
    head_disposition: 'Disposisi Kepala Dinas',
    division_disposition: 'Disposisi Kabid Statistik dan Persandian',
    section_verified: 'Berkas terverifikasi',
    sent_to_bsre: 'Rekomendasi dikirim ke BSrE',
    bsre_registration: 'Registrasi di BSrE',
    issued: 'Sertifikat elektronik terbit',
    returned: 'Dikembalikan untuk perbaikan',
    rejected: 'Ditolak',
  },
  en: {
    received: 'Received at the kiosk',
    head_disposition: 'Disposition by the head of department',
    division_disposition: 'Disposition by the division head',
    section_verified: 'Files verified',
    sent_to_bsre: 'Recommendation sent to BSrE',
    bsre_registration: 'Registration with BSrE',
    issued: 'Electronic certificate issued',
    returned: 'Returned for correction',
    rejected: 'Rejected',
  },
};
export const TEXT = {
  id: {
    login_wrong: 'Nama pengguna atau kata sandi salah.',
    login_expired: 'Sesi Anda berakhir karena lama tidak aktif. Silakan masuk lagi.',
    login_out: 'Anda sudah keluar.',
    login_needed: 'Silakan masuk untuk membuka halaman itu.',
    locked: 'Terlalu banyak percobaan gagal. Masuk dikunci selama',
    disabled: 'Akun ini dinonaktifkan. Hubungi admin kantor.',
    forbidden_csrf: 'Permintaan ditolak (token formulir tidak cocok).',
    forbidden_move: 'Peran Anda tidak boleh melakukan tindakan itu pada berkas ini.',
    stale: 'Berkas ini sudah dipindahkan oleh petugas lain menjadi',
    need_note: 'Penolakan memerlukan catatan.',
    need_reasons: 'Pilih atau tulis sedikitnya satu alasan pengembalian.',
    moved: 'Berkas dipindahkan ke:',
    moves_none: 'Tidak ada tindakan untuk peran Anda pada status ini.',
    logout: 'Keluar',
    inbox: 'Kotak masuk',
  },
  en: {
    login_wrong: 'Wrong user name or password.',
    login_expired: 'Your session ended after a while without activity. Please sign in again.',
    login_out: 'You are signed out.',
    login_needed: 'Please sign in to open that page.',
    locked: 'Too many failed attempts. Sign-in is locked for',
    disabled: "This account is disabled. Ask the office's administrator.",
    forbidden_csrf: "The request was refused (the form's token does not match).",
    forbidden_move: 'Your role may not make that move on this case.',
    stale: 'Someone else has moved this case meanwhile, to',
    need_note: 'A rejection needs a note.',
    need_reasons: 'Pick or write at least one reason for returning the case.',
    moved: 'The case moved to:',
    moves_none: 'Your role has no action at this status.',
    logout: 'Sign out',
    inbox: 'Inbox',
  },
};

// ---------------------------------------------------------------------------------------------
// Processes

// Runs a program to its end: {code, stdout, stderr}; throws on a non-zero exit unless allowFail.
export function run(cmd, args, { input, cwd, allowFail = false, timeoutMs = 60000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(cmd)} ${args.join(' ')}: no end after ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 && !allowFail) {
        reject(
          new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${code}\n${stdout}\n${stderr}`),
        );
      } else {
        resolve({ code, stdout, stderr });
      }
    });
    if (child.stdin) {
      // A program that ends without reading its input closes the pipe: its exit status tells.
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    }
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export { sleep };

// Offices still running when the process ends (a failed test, a crash) are ended here.
const running = new Set();
function killAll() {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

// [office] from the settings; a setting whose value is an object is a section of its own
// ({smtp: {url: ...}} -> [smtp]).
function toml(office) {
  const value = (v) => (typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? JSON.stringify(v) : v);
  const lines = ['[office]'];
  const sections = [];
  for (const [k, v] of Object.entries(office)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) sections.push([k, v]);
    else lines.push(`${k} = ${value(v)}`);
  }
  for (const [name, table] of sections) {
    lines.push('', `[${name}]`);
    for (const [k, v] of Object.entries(table)) lines.push(`${k} = ${value(v)}`);
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// The rig

export class Rig {
  constructor(name, office) {
    this.name = name;
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `anjungan-console-${name}-`));
    this.data = path.join(this.tmp, 'office');
    this.kioskDir = path.join(this.tmp, 'kiosk');
    this.inputs = path.join(this.tmp, 'inputs');
    this.configFile = path.join(this.tmp, 'office.toml');
    this.kioskConfig = path.join(this.tmp, 'kiosk.toml');
    this.officeSettings = {
      log_level: 'warn',
      console_idle_seconds: 600,
      login_first_delay_seconds: 0,
      login_lock_after: 5,
      login_free_failures: 3,
      ...office,
    };
    this.accounts = {};
    this.nikSerial = 1;
    this.child = null;
  }

  // The office's command line on this rig's data folder.
  office(args, opts) {
    return run(BIN.office, ['--data', this.data, ...args], opts);
  }

  kiosk(args, opts) {
    return run(BIN.kiosk, ['--config', this.kioskConfig, ...args], opts);
  }

  async addAccount(name, role, displayName) {
    await this.office(
      ['staff', 'add', name, '--role', role, '--display-name', displayName, '--password-stdin'],
      { input: PASSWORD + '\n' },
    );
    this.accounts[name] = { name, role, displayName, password: PASSWORD };
    return this.accounts[name];
  }

  async start() {
    fs.mkdirSync(this.data, { recursive: true });
    fs.mkdirSync(this.kioskDir, { recursive: true });
    fs.writeFileSync(this.configFile, toml(this.officeSettings));
    for (let attempt = 0; ; ++attempt) {
      this.port = await freePort();
      this.url = `http://127.0.0.1:${this.port}`;
      if (await this.spawnOffice()) {
        break;
      }
      if (attempt >= 3) {
        throw new Error(`anjungan-office did not start; log:\n${this.officeLog()}`);
      }
    }
    return this;
  }

  officeLog() {
    try {
      return fs.readFileSync(path.join(this.tmp, 'office.log'), 'utf8');
    } catch {
      return '';
    }
  }

  async spawnOffice() {
    const log = fs.openSync(path.join(this.tmp, 'office.log'), 'a');
    const child = spawn(
      BIN.office,
      ['--listen', `127.0.0.1:${this.port}`, '--data', this.data, '--config', this.configFile],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    let exited = false;
    child.on('exit', () => {
      exited = true;
      running.delete(child);
    });
    running.add(child);
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && !exited) {
      try {
        const r = await fetch(`${this.url}/console/login`, { redirect: 'manual' });
        if (r.status === 200) {
          this.child = child;
          return true;
        }
      } catch {
        /* not listening yet */
      }
      await sleep(100);
    }
    if (!exited) {
      child.kill('SIGKILL');
    }
    return false;
  }

  // One account per role: t_head, t_division_head, ... (display name "Uji <role>").
  async addRoleAccounts() {
    for (const role of ROLES) {
      await this.addAccount(`t_${role}`, role, `Uji ${role}`);
    }
  }

  // The kiosk PKY1 (the demo configuration pointed at this office), registered at the office,
  // and the sample camera and scanner inputs.
  async setUpKiosk() {
    let conf = fs.readFileSync(path.join(REPO, 'config/kiosk.demo.toml'), 'utf8');
    conf = conf
      .replaceAll('demo-data', this.kioskDir)
      .replace(/url\s*=\s*"http:\/\/127\.0\.0\.1:\d+"/, `url = "${this.url}"`);
    if (!conf.includes(this.url) || !/id\s*=\s*"PKY1"/.test(conf)) {
      throw new Error('config/kiosk.demo.toml changed shape: no office url or kiosk PKY1');
    }
    fs.writeFileSync(this.kioskConfig, conf);
    await this.kiosk(['keygen']);
    const key = JSON.parse((await this.kiosk(['keys', 'show', '--json'])).stdout).public_key;
    await this.office(['kiosks', 'add', 'PKY1', key]);
    const out = (await run(BIN.inputs, [this.inputs])).stdout;
    this.cameraDir = path.join(this.inputs, 'camera');
    this.scannerDir = path.join(this.inputs, 'scanner');
    if (!fs.existsSync(this.cameraDir) || !fs.existsSync(this.scannerDir)) {
      throw new Error(`ui_write_inputs wrote no camera/scanner folders:\n${out}`);
    }
  }

  // The next applicant's NIK: 6271 01 (Palangka Raya), 450890 (a woman born 05-08-1990, as the
  // NIP 199008052015032001 says), then a serial number.
  nextNik() {
    this.nikSerial += 1;
    return `627101450890${String(this.nikSerial).padStart(4, '0')}`;
  }

  // A walk-in session at the kiosk (docs/session-script.example with another NIK): its receipt.
  async session() {
    const nik = this.nextNik();
    const example = fs.readFileSync(path.join(REPO, 'docs/session-script.example'), 'utf8');
    const script = example.replace(/^set_field nik \d+$/m, `set_field nik ${nik}`);
    if (!script.includes(nik)) {
      throw new Error('docs/session-script.example has no "set_field nik" line');
    }
    const file = path.join(this.tmp, `session-${nik}.txt`);
    fs.writeFileSync(file, script);
    const r = await this.kiosk([
      'session',
      '--script',
      file,
      '--camera-dir',
      this.cameraDir,
      '--scanner-dir',
      this.scannerDir,
      '--json',
    ]);
    const out = JSON.parse(r.stdout);
    if (!out.receipt_no || out.screen !== 'receipt') {
      throw new Error(`the session did not end at the receipt: ${r.stdout}`);
    }
    return out.receipt_no;
  }

  sync() {
    return this.kiosk(['sync', '--once']);
  }

  // N real cases: N sessions, then one sync; each is checked to be at the office, received.
  async makeCases(n) {
    const receipts = [];
    for (let i = 0; i < n; ++i) {
      receipts.push(await this.session());
    }
    await this.sync();
    for (const r of receipts) {
      const c = await this.officeCase(r);
      if (c.status !== 'received') {
        throw new Error(`${r} is ${c.status} at the office, not received`);
      }
    }
    return receipts;
  }

  // The case as the office's command line shows it (status, history, audit).
  async officeCase(receipt) {
    return JSON.parse((await this.office(['cases', 'show', receipt, '--json'])).stdout);
  }

  // The case as the kiosk's store has it (after a sync).
  async kioskCase(receipt) {
    return JSON.parse((await this.kiosk(['cases', 'show', receipt, '--json'])).stdout);
  }

  // A move made at the office's command line (to set a case up for a test).
  advance(receipt, to, role, note = '') {
    const args = ['case', 'advance', receipt, '--to', to, '--role', role, '--actor', `setup_${role}`];
    if (note) args.push('--note', note);
    if (to === 'returned') args.push('--reason', 'setup');
    return this.office(args);
  }

  // Moves a case along the SOP up to `status` with the command line.
  async advanceTo(receipt, status) {
    const chain = [
      ['head_disposition', 'head'],
      ['division_disposition', 'division_head'],
      ['section_verified', 'section_head'],
      ['sent_to_bsre', 'verifier'],
      ['bsre_registration', 'verifier'],
      ['issued', 'verifier'],
    ];
    for (const [to, role] of chain) {
      await this.advance(receipt, to, role);
      if (to === status) return;
    }
    throw new Error(`no SOP step to ${status}`);
  }

  async stop() {
    if (this.child) {
      const child = this.child;
      this.child = null;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, sleep(3000)]);
      if (running.has(child)) {
        child.kill('SIGKILL');
      }
    }
    if (!process.env.CONSOLE_KEEP) {
      fs.rmSync(this.tmp, { recursive: true, force: true });
    } else {
      console.log(`# kept ${this.tmp}`);
    }
  }
}

// An office with the five role accounts, the kiosk and `cases` received cases.
export async function startRig({ name = 'rig', cases = 0, office = {}, kiosk = true } = {}) {
  const rig = new Rig(name, office);
  try {
    await rig.start();
    await rig.addRoleAccounts();
    if (kiosk || cases > 0) {
      await rig.setUpKiosk();
    }
    rig.cases = cases > 0 ? await rig.makeCases(cases) : [];
  } catch (e) {
    await rig.stop();
    throw e;
  }
  return rig;
}

// ---------------------------------------------------------------------------------------------
// The browser

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

// A fresh context (no cookies) at 1366x768, in the language given (the console's own cookie).
export async function newContext(browser, rig, { lang = 'id' } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL: rig.url });
  context.setDefaultTimeout(15000);
  context.setDefaultNavigationTimeout(15000);
  if (lang === 'en') {
    await context.addCookies([{ name: 'anjungan_lang', value: 'en', url: `${rig.url}/console/` }]);
  }
  return context;
}

// Fills the sign-in form and submits it; the answer of the POST (its status: 303 is followed).
export async function submitLogin(page, username, password) {
  await page.fill('#username', username);
  await page.fill('#password', password);
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/console/login') && r.request().method() === 'POST'),
    page.click('main form button[type=submit]'),
  ]);
  await page.waitForLoadState('load');
  return resp;
}

// Signs in as the account (a name in rig.accounts, or a role: t_ROLE) with a fresh context; the
// page is at the inbox then.
export async function signIn(browser, rig, who, { lang = 'id' } = {}) {
  const account = rig.accounts[who] || rig.accounts[`t_${who}`];
  if (!account) throw new Error(`no account ${who}`);
  const context = await newContext(browser, rig, { lang });
  const page = await context.newPage();
  await page.goto('/console/login');
  const resp = await submitLogin(page, account.name, account.password);
  if (resp.status() !== 303 || new URL(page.url()).pathname !== '/console/') {
    throw new Error(`sign-in as ${account.name}: ${resp.status()} at ${page.url()}`);
  }
  return { context, page, account };
}

// The CSRF token of the page (every signed-in page has the logout form's).
export function csrfOf(page) {
  return page.locator('input[name=csrf]').first().getAttribute('value');
}

// Submits a form by clicking its button (or by pressing a key on the focused element) and waits
// for the page that follows; answers the POST's own response (303 for a move or a sign-in that
// went through, else the status of the page shown: 401, 403, 409, 422, ...).
export async function submitAndWait(page, button, { press } = {}) {
  const post = page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest());
  const nav = page.waitForNavigation();
  if (press) {
    await page.keyboard.press(press);
  } else {
    await button.click();
  }
  const [resp] = await Promise.all([post, nav]);
  await page.waitForLoadState('load');
  return resp;
}

// ---------------------------------------------------------------------------------------------
// Accessibility and screenshots

let axeSource = null;

// Runs axe-core on the page. The console's CSP allows no script, and addScriptTag injects inline
// content (which the CSP blocks); page.evaluate runs through the DevTools protocol instead, which
// the page's CSP does not govern, so the CSP stays as served. Fails (throws) on any violation of
// impact serious or critical, listing them; lesser ones are printed as notes.
export async function checkA11y(page, label, { print = true } = {}) {
  if (!axeSource) axeSource = fs.readFileSync(AXE, 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of print ? violations.filter((x) => !bad.includes(x)) : []) {
    console.log(`# axe note (${label}): ${v.impact} ${v.id}: ${v.help} [${v.nodes.map((n) => n.target).join(', ')}]`);
  }
  if (bad.length) {
    const text = bad
      .map(
        (v) =>
          `  ${v.impact} ${v.id}: ${v.help}\n` +
          v.nodes.map((n) => `    at ${n.target}\n      ${String(n.summary).replaceAll('\n', '\n      ')}`).join('\n'),
      )
      .join('\n');
    if (print) console.log(`# axe violations at ${label} (${page.url()}):\n${text}`);
    throw new Error(`axe: ${bad.length} serious/critical violation(s) at ${label}:\n${text}`);
  }
  return violations;
}

// A full-page screenshot into $CONSOLE_SCREENSHOTS/NAME.png (nothing when it is unset).
export async function shot(page, name) {
  if (!SCREENSHOTS) return null;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// The status label shown at the top of a case page.
export function statusShown(page) {
  return page.locator('.case-head .status').innerText();
}
