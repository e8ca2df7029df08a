// The field app in a real browser against a real planmap-server on the sample town, at phone size:
// log in, go offline (DevTools network emulation of the page and its service worker), walk a river
// with emulated geolocation (±5 m noise, 80 m jumps, poor fixes), stop, review, submit with a photo,
// reload while offline (app and queue still there), come back online: the mark and the photo reach
// the server exactly once and the stretch is right within 10 m. Then: the server down mid-upload
// (the queue keeps the mark and sends it once it is back), a refusal shown with the server's
// reason, and a leader who may not mark.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { apiAs, LIVE_MS, login, openPage, screenshots, startServer, townFixture } from './harness.mjs';
import { lengthOf, walk } from './walk.mjs';

const town = townFixture();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PHONE = { width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

// A camera-like JPEG (2000×1500, so the phone resizes it) with GPS position and time in EXIF.
function cameraPhoto(dir, [lon, lat]) {
  const tif = `${dir}/photo.tif`;
  const jpg = `${dir}/photo.jpg`;
  execFileSync('gdal_create', ['-of', 'GTiff', '-outsize', '2000', '1500', '-bands', '3', '-burn', '90', '-burn', '140', '-burn', '200', tif]);
  execFileSync('gdal_translate', ['-q', '-of', 'JPEG', tif, jpg]);
  execFileSync('exiftool', ['-q', '-overwrite_original', `-GPSLatitude=${lat}`, '-GPSLatitudeRef=N', `-GPSLongitude=${lon}`, '-GPSLongitudeRef=E', '-DateTimeOriginal=2020:10:02 10:30:00', jpg]);
  return jpg;
}

async function setOffline(page, offline) {
  await page.setOfflineMode(offline);
  for (const target of town.chrome.browser.targets().filter((t) => t.type() === 'service_worker')) {
    const cdp = await target.createCDPSession();
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  }
}

// The queue's states once no send is under way (an offline attempt passes through "sending").
// Clicks a page's map (#map, #fmap) at a place (lon, lat), zoomed in on it unless `zoom` is null.
async function clickFeature(page, lonLat, selector = '#map', zoom = 17) {
  const xy = await page.evaluate(async (at, sel, z) => {
    const el = document.querySelector(sel);
    const map = el.planmapMap;
    if (z !== null) {
      map.jumpTo({ center: at, zoom: z });
      await new Promise((r) => map.once('idle', r));
    }
    const p = map.project(at);
    const box = el.getBoundingClientRect();
    return [box.x + p.x, box.y + p.y];
  }, lonLat, selector, zoom);
  await page.mouse.click(xy[0], xy[1]);
}

async function queueStates(page) {
  await page.waitForFunction(() => !document.querySelector('#tab-queue li[data-state="sending"]'));
  return page.$$eval('#tab-queue li[data-state]', (els) => els.map((e) => e.dataset.state));
}

// Walks: Start, a fix every 250 ms (so the test sets the speed limit to 150 m/s), Stop.
async function walkWith(page, fixes) {
  await page.click('#walk');
  for (const f of fixes) {
    await page.setGeolocation({ longitude: f.lon, latitude: f.lat, accuracy: f.accuracy });
    await sleep(250);
  }
  await page.click('#walk');
}

// The EXIF of a photo as the server gives it back (fetched with the page's session).
async function photoExif(page, url) {
  const cookie = (await page.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const bytes = Buffer.from(await (await fetch(town.server.url + url, { headers: { Cookie: cookie } })).arrayBuffer());
  return JSON.parse(execFileSync('exiftool', ['-j', '-n', '-GPSLatitude', '-GPSLongitude', '-ImageWidth', '-'], { input: bytes }).toString())[0];
}

async function oneMapPage() {
  const watch = await openPage(town.chrome.browser, { width: 1920, height: 1080 });
  await watch.page.goto(town.server.url + '/', { waitUntil: 'domcontentloaded' });
  await login(watch.page, 'leader1');
  await watch.page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
  return watch;
}

test('field app: walk a river offline, photo, reload offline, sync exactly once', async () => {
  const engineer = await apiAs(town.server.url, 'engineer1');
  const rivers = (await engineer('/api/v1/layers/rivers/features')).body.features;
  const river = rivers.find((f) => f.properties.status === 'planned' && f.properties.length_m > 300 && f.geometry.type === 'LineString');
  const line = river.geometry.coordinates;
  const { fixes, to_m } = walk(line, 0.8);
  const scale = river.properties.length_m / (to_m / 0.8);

  const { page, errors, context } = await openPage(town.chrome.browser, PHONE);
  await context.overridePermissions(town.server.url, ['geolocation']);
  await page.setGeolocation({ longitude: fixes[0].lon, latitude: fixes[0].lat, accuracy: 6 });
  await page.goto(town.server.url + '/field', { waitUntil: 'domcontentloaded' });
  await login(page, 'engineer1');
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 10_000 });
  const { installabilityErrors } = await (await page.createCDPSession()).send('Page.getInstallabilityErrors');
  // Each test runs in a context of its own, which Chromium counts as incognito: no install there.
  assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), [], 'the field app installs as a PWA');
  await page.waitForSelector(`#tab-near li[data-feature="${river.properties.id}"]`, { timeout: 10_000 });
  await page.screenshot({ path: `${screenshots}/web-field-near-360.png` });
  await page.click(`#tab-near li[data-feature="${river.properties.id}"] button`);
  await page.waitForSelector('body[data-tiles]', { timeout: 30_000 }); // the area's tiles, kept for offline

  await setOffline(page, true);
  await page.waitForFunction(() => document.querySelector('#net').classList.contains('offline'));
  await page.$eval('input[name=speed]', (e) => (e.value = '150')); // fixes come 4 a second here
  await page.screenshot({ path: `${screenshots}/web-field-mark-360.png`, fullPage: true });
  await walkWith(page, fixes);
  const stats = await page.$eval('#track-stats', (e) => ({ kept: Number(e.dataset.kept), dropped: Number(e.dataset.dropped) }));
  const bad = fixes.filter((f) => f.jump || f.poor).length;
  assert.equal(stats.dropped, bad, JSON.stringify(stats));
  await page.waitForSelector('#proposal');
  const photo = cameraPhoto(town.sample.dir, [fixes[3].lon, fixes[3].lat]);
  await (await page.$('input[name=photo]')).uploadFile(photo);
  await page.screenshot({ path: `${screenshots}/web-field-walk-360.png`, fullPage: true });
  await page.click('#submit-stretch');
  await page.click('nav button[data-tab=queue]');
  await page.waitForFunction(() => document.querySelectorAll('#tab-queue li[data-state]').length === 2);
  assert.deepEqual(await queueStates(page), ['waiting', 'waiting']);

  // Reload while offline: the service worker serves the app, IndexedDB keeps the queue.
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
  await page.click('nav button[data-tab=queue]');
  await page.waitForFunction(() => document.querySelectorAll('#tab-queue li[data-state]').length === 2);
  assert.deepEqual(await queueStates(page), ['waiting', 'waiting']);
  await page.screenshot({ path: `${screenshots}/web-field-queue-offline-360.png` });

  // A leader watches the one-map view while the phone comes back online.
  const watch = await oneMapPage();
  const kmBefore = await watch.page.$eval('[data-target="river_remediation"]', (e) => Number(e.dataset.value));

  await setOffline(page, false);
  await page.waitForFunction(() => [...document.querySelectorAll('#tab-queue li[data-state]')].every((e) => e.dataset.state === 'sent'), { timeout: 15_000 });
  const history = (await engineer(`/api/v1/features/${river.properties.id}/history`)).body.events;
  assert.equal(history.length, 1, JSON.stringify(history));
  const [event] = history;
  assert.ok(Math.abs(event.from_m - 0) <= 10, `from ${event.from_m}`);
  assert.ok(Math.abs(event.to_m - to_m * scale) <= 10, `to ${event.to_m}, walked to ${to_m * scale}`);
  assert.equal(event.attachments.length, 1);
  const exif = await photoExif(page, event.attachments[0].url);
  assert.equal(exif.ImageWidth, 1600);
  assert.ok(Math.abs(exif.GPSLatitude - fixes[3].lat) < 1e-5 && Math.abs(exif.GPSLongitude - fixes[3].lon) < 1e-5);

  // The one-map view followed: the river figure as the API gives it now, and the river's card
  // (a click on the river) shows the mark with its photo.
  const kmNow = (await engineer('/api/v1/status')).body.targets.find((t) => t.id === 'river_remediation').value;
  assert.ok(kmNow > kmBefore);
  await watch.page.waitForFunction((v) => Number(document.querySelector('[data-target="river_remediation"]').dataset.value) === v, { timeout: LIVE_MS }, kmNow);
  await clickFeature(watch.page, line[Math.floor(line.length / 2)]);
  await watch.page.waitForSelector('#card ol.history .photos img', { timeout: 5000 });
  await watch.page.screenshot({ path: `${screenshots}/web-onemap-card-1920.png` });
  assert.deepEqual(watch.errors, []);
  await watch.page.browserContext().close();
  assert.deepEqual(errors, []);
  await page.browserContext().close();
});

async function pickNear(page, feature) {
  const [lon, lat] = feature.geometry.type === 'Point' ? feature.geometry.coordinates : feature.geometry.coordinates[0];
  await page.setGeolocation({ longitude: lon, latitude: lat, accuracy: 5 });
  await page.waitForSelector(`#tab-near li[data-feature="${feature.properties.id}"]`, { timeout: 10_000 });
  await page.click(`#tab-near li[data-feature="${feature.properties.id}"] button`);
  await page.waitForSelector(`#picked[data-feature="${feature.properties.id}"]`);
}

async function fieldPage(user) {
  const { page, errors, context } = await openPage(town.chrome.browser, PHONE);
  await context.overridePermissions(town.server.url, ['geolocation']);
  await page.setGeolocation({ longitude: 121.51, latitude: 31.05, accuracy: 5 });
  await page.goto(town.server.url + '/field', { waitUntil: 'domcontentloaded' });
  await login(page, user);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
  return { page, errors };
}

test('field app: the server down mid-upload, the queue keeps the mark and sends it once it is back', async () => {
  const engineer = await apiAs(town.server.url, 'engineer1');
  const sites = (await engineer('/api/v1/layers/toilets/features')).body.features;
  const site = sites.find((f) => f.properties.status === 'planned');
  const before = (await engineer(`/api/v1/features/${site.properties.id}/history`)).body.events.length;
  const { page, errors } = await fieldPage('engineer1');
  await pickNear(page, site);

  await town.server.stop();
  await page.click('button[data-status="in_progress"]');
  await page.click('nav button[data-tab=queue]');
  await page.waitForFunction(() => document.querySelector('#tab-queue li[data-state]')?.textContent.includes('Failed to fetch'), { timeout: 10_000 });
  assert.deepEqual(await queueStates(page), ['waiting']);
  await page.waitForFunction(() => document.querySelector('#net').classList.contains('offline'));

  town.server = await startServer(town.sample.project, town.server.port);
  await page.click('#tab-queue .row button'); // retry now (the queue also retries by itself)
  await page.waitForFunction(() => document.querySelector('#tab-queue li[data-state]')?.dataset.state === 'sent', { timeout: 10_000 });
  await page.click('#tab-queue .row button'); // a second push sends nothing again
  await sleep(500);
  const events = (await engineer(`/api/v1/features/${site.properties.id}/history`)).body.events;
  assert.equal(events.length, before + 1);
  assert.equal(events.at(-1).status, 'in_progress');
  assert.deepEqual(errors, []);
  await page.browserContext().close();
});

test('field app: a refusal comes back with the server reason; a leader may not mark', async () => {
  const engineer = await apiAs(town.server.url, 'engineer1');
  const rivers = (await engineer('/api/v1/layers/rivers/features')).body.features;
  const done = rivers.find((f) => f.properties.status === 'completed' && f.properties.done_m === f.properties.length_m);
  const { page, errors } = await fieldPage('engineer1');
  await pickNear(page, done);
  await page.click('input[name=correction]');
  await page.type('input[name=reason]', '复核发现未完工');
  await page.click('button[data-status="in_progress"]');
  await page.waitForSelector('#banner .reason', { timeout: 10_000 });
  const shown = await page.$eval('#banner .reason', (e) => e.textContent);
  const direct = await engineer.post('/api/v1/events', {
    uuid: crypto.randomUUID(),
    feature: done.properties.id,
    status: 'in_progress',
    kind: 'correction',
    note: '复核发现未完工',
    date: await page.$eval('input[name=date]', (e) => e.value),
  });
  assert.ok(direct.status >= 400 && direct.status < 500, JSON.stringify(direct));
  assert.equal(shown, direct.body.error);
  await page.screenshot({ path: `${screenshots}/web-field-refused-360.png` });
  assert.deepEqual(errors, []);
  await page.browserContext().close();

  const leader = await fieldPage('leader1');
  await pickNear(leader.page, done);
  await leader.page.waitForSelector('#cannot-mark');
  assert.ok(await leader.page.$$eval('button[data-status]', (bs) => bs.length > 0 && bs.every((b) => b.disabled)));
  const refused = await (await apiAs(town.server.url, 'leader1')).post('/api/v1/events', { feature: done.properties.id, status: 'accepted' });
  assert.equal(refused.status, 403);
  await leader.page.browserContext().close();
});

test('field app: a stretch by typed chainages, and by tapping its start and end on the river', async () => {
  const engineer = await apiAs(town.server.url, 'engineer1');
  const rivers = (await engineer('/api/v1/layers/rivers/features')).body.features;
  const [typed, tapped] = rivers.filter((f) => f.properties.status === 'planned' && f.geometry.type === 'LineString' && f.geometry.coordinates.length >= 4 && f.properties.length_m > 200);
  const { page, errors } = await fieldPage('engineer1');

  await pickNear(page, typed);
  await page.type('input[name=from]', '12.5');
  await page.type('input[name=to]', '80');
  await page.click('#propose');
  await page.click('#submit-stretch');
  await page.waitForFunction(() => document.querySelector('#tab-queue li[data-state]')?.dataset.state === 'sent', { timeout: 10_000 });
  const [a] = (await engineer(`/api/v1/features/${typed.properties.id}/history`)).body.events;
  assert.deepEqual([a.from_m, a.to_m], [12.5, 80]);

  // Taps on two vertices of the river: the proposal is their chainages, snapped to the river.
  await page.click('nav button[data-tab=near]');
  await pickNear(page, tapped);
  await page.waitForFunction(() => document.querySelector('#fmap').planmapMap.loaded());
  const line = tapped.geometry.coordinates;
  const scale = tapped.properties.length_m / lengthOf(line);
  await clickFeature(page, line[1], '#fmap', null);
  await clickFeature(page, line[line.length - 2], '#fmap', null);
  await page.waitForSelector('#proposal');
  await page.click('#submit-stretch');
  await page.waitForFunction(() => document.querySelectorAll('#tab-queue li[data-state="sent"]').length === 2, { timeout: 10_000 });
  const [b] = (await engineer(`/api/v1/features/${tapped.properties.id}/history`)).body.events;
  const expect = [lengthOf(line.slice(0, 2)) * scale, lengthOf(line.slice(0, -1)) * scale];
  assert.ok(Math.abs(b.from_m - expect[0]) <= 3 && Math.abs(b.to_m - expect[1]) <= 3, `${b.from_m}–${b.to_m}, tapped at ${expect}`);
  assert.deepEqual(errors, []);
  await page.browserContext().close();
});
