// The browser tests' fixtures: a copy of the sample town, a real planmap-server on a free loopback
// port serving the built web client, and Debian's Chromium driven by puppeteer-core (headless, no
// display, no network but loopback). Paths come from PLANMAP_BUILD (default: the repository's build/);
// PLANMAP_SERVER names another planmap-server (planmap-cli beside it).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import puppeteer from 'puppeteer-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const build = resolve(process.env.PLANMAP_BUILD ?? join(repo, 'build'));
export const serverBin = resolve(process.env.PLANMAP_SERVER ?? join(build, 'app/planmap-server'));
export const cli = join(dirname(serverBin), 'planmap-cli');
export const webDir = join(build, 'share/planmap/web');
export const PASSWORD = 'river-walk-2020';
// How long a live change may take to show: the 2 s, measured and printed by the tests on an
// idle machine (docs/web.md); the assertion allows 5 s because ctest runs other tests beside these.
export const LIVE_MS = 5000;

export function sampleProject() {
  const dir = mkdtempSync(join(tmpdir(), 'planmap-web-'));
  const project = join(dir, 'town.planmap');
  execFileSync(cli, ['sample', project], { stdio: 'ignore' });
  for (const user of ['planner1', 'engineer1', 'leader1'])
    execFileSync(cli, ['users', project, 'passwd', user, '--user', 'planner1'], { input: PASSWORD + '\n', stdio: ['pipe', 'ignore', 'inherit'] });
  return { dir, project, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// The sample town on PostgreSQL (PLANMAP_PG names a test cluster's database, as scripts/test.sh
// sets it): a fresh database beside it, made with `server init --from` the sample file.
export function samplePg(file) {
  const admin = process.env.PLANMAP_PG;
  const name = `planmap_web_${process.pid}`;
  const url = `${admin.slice(0, admin.lastIndexOf('/'))}/${name}`;
  const sql = (q) => execFileSync('psql', [admin, '-qc', q], { stdio: ['ignore', 'ignore', 'inherit'] });
  sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  sql(`CREATE DATABASE ${name}`);
  execFileSync(cli, ['server', 'init', url, '--from', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (const user of ['planner1', 'engineer1', 'leader1'])
    execFileSync(cli, ['users', url, 'passwd', user, '--user', 'planner1'], { input: PASSWORD + '\n', stdio: ['pipe', 'ignore', 'inherit'] });
  return { url, cleanup: () => sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

export async function startServer(project, port) {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(serverBin, [project, '--listen', `127.0.0.1:${port}`, '--web', webDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`planmap-server exited: ${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () =>
    new Promise((res) => {
      if (child.exitCode !== null) return res();
      child.once('exit', res);
      child.kill('SIGTERM');
    });
  return { url, port, child, stop, log: () => log };
}

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'planmap-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--lang=zh-CN',
    ],
  });
  const close = async () => {
    await browser.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  };
  return { browser, close };
}

// A page of `size` in a browser context of its own (no cookies, storage or service worker from
// another test), with the browser's locale set; page errors are collected (a test asserts none).
export async function openPage(browser, size, locale = 'zh-CN') {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(size);
  const cdp = await page.createCDPSession();
  await cdp.send('Emulation.setLocaleOverride', { locale });
  await page.setExtraHTTPHeaders({ 'Accept-Language': locale });
  await page.evaluateOnNewDocument((l) => {
    Object.defineProperty(navigator, 'language', { get: () => l });
    Object.defineProperty(navigator, 'languages', { get: () => [l] });
  }, locale);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (process.env.PLANMAP_WEB_DEBUG) page.on('console', (m) => console.log(`console ${m.type()}: ${m.text()}`));
  return { page, errors, context };
}

export async function login(page, user) {
  await page.waitForSelector('form.login input[name=user]', { visible: true });
  await page.type('form.login input[name=user]', user);
  await page.type('form.login input[name=password]', PASSWORD);
  await page.click('form.login button[type=submit]');
}

// The API as a signed-in user (bearer token), for what the test checks against the page.
export async function apiAs(url, user) {
  const res = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, password: PASSWORD }),
  });
  const { token } = await res.json();
  const call = async (path, init = {}) => {
    const r = await fetch(url + path, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
    const text = await r.text();
    let body = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: r.status, body };
  };
  call.post = (path, json) => call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(json) });
  return call;
}

// Screenshots to look at (the ones worth keeping are copied to docs/ by hand).
export const screenshots = process.env.PLANMAP_WEB_SCREENSHOTS ?? join(build, 'web-screenshots');
mkdirSync(screenshots, { recursive: true });

// A test file's town: the sample project, a server on it and a browser, made before its tests and
// taken down after them (a test may replace town.server, e.g. to restart it).
export function townFixture() {
  const town = {};
  before(async () => {
    town.sample = sampleProject();
    town.server = await startServer(town.sample.project);
    town.chrome = await launch();
  });
  after(async () => {
    await town.chrome?.close();
    await town.server?.stop();
    town.sample?.cleanup();
  });
  return town;
}
