// Run by scripts/record-firefox-fixtures (no npm packages needed):
//   node record-firefox-fixtures.mjs SERVER_URL OUT_DIR REFUSED_URL PAGE_PORT SCRATCH
// Firefox itself writes each HAR: its DevTools' automatic HAR export
// (devtools.netmonitor.har.enableAutoExportToFile) saves what the Network
// panel collected once the page has loaded and no new request has appeared
// for pageLoadedTimeout ms. The export only follows a navigation that happens
// while the toolbox is open, so Firefox starts on a page that waits for the
// toolbox and then goes to the recorded page.
//
// The pages are served here, on PAGE_PORT (another origin than the latency
// server, which sends no CORS headers), and fetch in "no-cors" mode: the
// requests and their timings are the same, only their bodies are hidden from
// the page.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const [server, out, refused, pagePort, scratch] = process.argv.slice(2);
const firefox = process.env.FIREFOX || 'firefox-esr';
const fetchOptions = `{cache: 'no-store', mode: 'no-cors'}`;
const at = (p) => JSON.stringify(server + p);

// The same pages as scripts/record-fixtures.mjs records with Chromium.
const pages = {
  // four requests, each awaited before the next: about 800 ms
  sequential: `for (let i = 0; i < 4; ++i) await (await fetch(${at('/delay/200')}, ${fetchOptions})).text();`,
  // four at once: about 200 ms
  parallel: `await Promise.all([0, 1, 2, 3].map(() => fetch(${at('/delay/200')}, ${fetchOptions}).then(r => r.text())));`,
  // ten at once to one host: Firefox opens six connections per host, four wait
  'one-host': `await Promise.all([...Array(10).keys()].map(() => fetch(${at('/delay/200')}, ${fetchOptions}).then(r => r.text())));`,
  // a 503, a refused connection and a dropped one
  failures: `await Promise.allSettled([
      fetch(${at('/status/503?delay=50')}, ${fetchOptions}).then(r => r.text()),
      fetch(${JSON.stringify(refused + '/refused')}, ${fetchOptions}),
      fetch(${at('/drop?delay=30')}, ${fetchOptions}),
      fetch(${at('/delay/100')}, ${fetchOptions}).then(r => r.text())]);`,
};

const html = (name, body) => `<!doctype html><title>${name}</title><link rel="icon" href="data:,"><script type="module">
${body}
document.title = '${name}: done';
</script>`;
// Firefox's first page: long enough for the toolbox and its HAR automation to be ready.
const startPage = (name) => `<!doctype html><title>start</title><link rel="icon" href="data:,">
<script>setTimeout(() => { location.href = '/page/${name}'; }, ${Number(process.env.RECORD_TOOLBOX_WAIT_MS || 5000)});</script>`;

const pageServer = http.createServer((request, response) => {
  const [, kind, name] = request.url.split('/');
  if (!(name in pages) || (kind !== 'page' && kind !== 'start')) {
    response.writeHead(404);
    response.end();
    return;
  }
  response.writeHead(200, {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store'});
  response.end(kind === 'start' ? startPage(name) : html(name, pages[name]));
});
await new Promise(resolve => pageServer.listen(Number(pagePort), '127.0.0.1', resolve));

const prefs = (harDir, name) => ({
  'devtools.netmonitor.har.enableAutoExportToFile': true,
  'devtools.netmonitor.har.defaultLogDir': harDir,
  'devtools.netmonitor.har.defaultFileName': name,
  'devtools.netmonitor.har.pageLoadedTimeout': 1500,
  'devtools.netmonitor.har.includeResponseBodies': false,
  'devtools.netmonitor.har.compress': false,
  'devtools.netmonitor.har.jsonp': false,
  'devtools.toolbox.selectedTool': 'netmonitor',
  'devtools.netmonitor.persistlog': false,
  // a quiet first start: no first-run pages, updates, telemetry or background fetches
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.startup.page': 0,
  'browser.aboutwelcome.enabled': false,
  'startup.homepage_welcome_url': '',
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  'app.normandy.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'browser.search.update': false,
  'extensions.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.newtabpage.enabled': false,
});

async function record(name) {
  const dir = fs.mkdtempSync(path.join(scratch, `firefox-${name}-`));
  const profile = path.join(dir, 'profile');
  const harDir = path.join(dir, 'har');
  fs.mkdirSync(profile);
  fs.mkdirSync(harDir);
  fs.writeFileSync(path.join(profile, 'user.js'),
    Object.entries(prefs(harDir, name)).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(''));
  const log = fs.openSync(path.join(dir, 'firefox.log'), 'w');
  const args = ['-a', '-s', '-screen 0 1600x1000x24', firefox, '--no-remote', '--profile', profile, '--devtools',
                `http://127.0.0.1:${pagePort}/start/${name}`];
  // Its own process group, so that the browser, its content processes and Xvfb end together.
  const child = spawn('xvfb-run', args, {detached: true, stdio: ['ignore', log, log]});
  const harFile = path.join(harDir, `${name}.har`);
  const deadline = Date.now() + 60000;
  let size = -1;
  for (;;) {
    await new Promise(resolve => setTimeout(resolve, 500));
    // Firefox writes the file in one go; wait until its size holds still.
    const now = fs.existsSync(harFile) ? fs.statSync(harFile).size : -1;
    if (now > 0 && now === size) break;
    size = now;
    if (Date.now() > deadline) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      throw new Error(`record-firefox-fixtures: Firefox wrote no HAR for ${name} within 60 s (see ${dir}/firefox.log)`);
    }
  }
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  await new Promise(resolve => child.once('exit', resolve));
  fs.copyFileSync(harFile, path.join(out, `${name}.firefox.har`));
  console.log(`recorded ${name}`);
}

// RECORD_PAGES="failures one-host" records only those.
const only = (process.env.RECORD_PAGES || '').split(' ').filter(Boolean);
try {
  for (const name of Object.keys(pages))
    if (!only.length || only.includes(name)) await record(name);
} finally {
  pageServer.close();
}
