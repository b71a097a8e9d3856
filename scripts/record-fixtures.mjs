// Run by scripts/record-fixtures in a scratch folder with playwright-core:
//   node record.mjs BASE_URL OUT_DIR
// Each page is served by Playwright at BASE_URL/page/NAME (same origin as the
// latency server, so fetch needs no CORS), fetches from the latency server,
// and is recorded twice: as a HAR (bodies left out) and as a Chromium
// performance trace reduced to its network events and process names.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [base, out, refused] = process.argv.slice(2);
const REFUSED = JSON.stringify(refused); // a loopback port nothing listens on

const pages = {
  // four requests, each awaited before the next: about 800 ms
  sequential: `for (let i = 0; i < 4; ++i) await (await fetch('/delay/200', {cache: 'no-store'})).text();`,
  // four at once: about 200 ms
  parallel: `await Promise.all([0, 1, 2, 3].map(() => fetch('/delay/200', {cache: 'no-store'}).then(r => r.text())));`,
  // ten at once to one host: HTTP/1.1 gives six connections, four wait
  'one-host': `await Promise.all([...Array(10).keys()].map(() => fetch('/delay/200', {cache: 'no-store'}).then(r => r.text())));`,
  // a 503, a refused connection and a dropped one
  failures: `await Promise.allSettled([
      fetch('/status/503?delay=50', {cache: 'no-store'}).then(r => r.text()),
      fetch(${REFUSED} + '/refused', {cache: 'no-store'}),
      fetch('/drop?delay=30', {cache: 'no-store'}),
      fetch('/delay/100', {cache: 'no-store'}).then(r => r.text())]);`,
};

function html(name, body) {
  return `<!doctype html><title>${name}</title><link rel="icon" href="data:,"><script type="module">
window.done = false;
${body}
window.done = true;
</script>`;
}

// The events of a performance trace that describe the page's requests (not
// the browser's own WebUI), and the names of processes and threads.
function reduceTrace(text) {
  const trace = JSON.parse(text);
  const all = trace.traceEvents || trace;
  const ours = new Set(all.filter(e => e.name === 'ResourceSendRequest' && e.args.data.url.startsWith('http://127.0.0.1'))
    .map(e => e.args.data.requestId));
  const events = all.filter(e =>
    (e.ph === 'M' && (e.name === 'process_name' || e.name === 'thread_name'))
    || (typeof e.name === 'string' && e.name.startsWith('Resource') && e.args && e.args.data
        && ours.has(e.args.data.requestId)));
  for (const e of events) {
    const data = e.args.data;
    if (data) { delete data.headers; delete data.stackTrace; delete data.sampleTraceId; }
  }
  return JSON.stringify({traceEvents: events, metadata: {source: 'scripts/record-fixtures'}}, null, 0)
    .replace(/\},\{/g, '},\n{');
}

// A HAR as Chrome DevTools writes it ("Save all as HAR"), from the DevTools
// protocol's Network events: unlike Playwright's HAR it has the wait for a
// connection, timings.blocked and _blocked_queueing.
function devtoolsRecorder(session) {
  const requests = new Map();
  session.on('Network.requestWillBeSent', e => {
    if (!e.request.url.startsWith('http')) return;
    requests.set(e.requestId, {url: e.request.url, method: e.request.method, issued: e.timestamp, wallTime: e.wallTime});
  });
  session.on('Network.responseReceived', e => {
    const r = requests.get(e.requestId);
    if (r) { r.status = e.response.status; r.statusText = e.response.statusText; r.timing = e.response.timing; r.protocol = e.response.protocol; }
  });
  session.on('Network.loadingFinished', e => { const r = requests.get(e.requestId); if (r) r.ended = e.timestamp; });
  session.on('Network.loadingFailed', e => {
    const r = requests.get(e.requestId);
    if (r) { r.ended = e.timestamp; r.error = e.errorText; }
  });
  return (title) => {
    const ms = (s) => Math.round(s * 1e6) / 1e3;
    const entries = [...requests.values()].filter(r => r.ended !== undefined).map(r => {
      const time = ms(r.ended - r.issued);
      const t = r.timing;
      let timings = {blocked: time, dns: -1, connect: -1, ssl: -1, send: 0, wait: 0, receive: 0, _blocked_queueing: time};
      if (t) {
        const queueing = ms(t.requestTime - r.issued);
        const firstNonNegative = [t.dnsStart, t.connectStart, t.sendStart].find(v => v >= 0) ?? 0;
        const headers = ms(t.requestTime) + t.receiveHeadersEnd;
        timings = {
          blocked: Math.round((queueing + firstNonNegative) * 1e3) / 1e3,
          dns: t.dnsStart >= 0 ? Math.round((t.dnsEnd - t.dnsStart) * 1e3) / 1e3 : -1,
          connect: t.connectStart >= 0 ? Math.round((t.connectEnd - t.connectStart) * 1e3) / 1e3 : -1,
          ssl: -1,
          send: Math.round((t.sendEnd - t.sendStart) * 1e3) / 1e3,
          wait: Math.round((t.receiveHeadersEnd - t.sendEnd) * 1e3) / 1e3,
          receive: Math.round((ms(r.ended) - headers) * 1e3) / 1e3,
          _blocked_queueing: queueing,
        };
      }
      return {
        startedDateTime: new Date(r.wallTime * 1000).toISOString(),
        time, pageref: 'page_1',
        request: {method: r.method, url: r.url, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0},
        response: {status: r.status ?? 0, statusText: r.statusText ?? '', httpVersion: r.protocol ?? '', headers: [], cookies: [],
                   content: {size: 0, mimeType: ''}, redirectURL: '', headersSize: -1, bodySize: -1, _error: r.error ?? null},
        cache: {}, timings,
      };
    });
    const first = entries.reduce((a, e) => (a && a.startedDateTime < e.startedDateTime ? a : e), null);
    return JSON.stringify({log: {version: '1.2', creator: {name: 'WebInspector', version: '537.36'},
      pages: [{startedDateTime: first.startedDateTime, id: 'page_1', title, pageTimings: {}}], entries}}, null, 1);
  };
}

const browser = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--no-sandbox']});
// RECORD_PAGES="failures one-host" records only those.
const only = (process.env.RECORD_PAGES || '').split(' ').filter(Boolean);
for (const [name, body] of Object.entries(pages)) {
  if (only.length && !only.includes(name)) continue;
  const harPath = path.join(out, `${name}.har`);
  const context = await browser.newContext({recordHar: {path: harPath, content: 'omit'}});
  const page = await context.newPage();
  await page.route(`${base}/page/${name}`, route =>
    route.fulfill({status: 200, contentType: 'text/html', body: html(name, body)}));
  const session = await context.newCDPSession(page);
  const devtoolsHar = devtoolsRecorder(session);
  await session.send('Network.enable');
  await browser.startTracing(page, {screenshots: false});
  await page.goto(`${base}/page/${name}`);
  await page.waitForFunction(() => window.done === true, null, {timeout: 20000});
  const trace = await browser.stopTracing();
  await page.waitForTimeout(200); // the last loadingFinished events
  fs.writeFileSync(path.join(out, `${name}.devtools.har`), devtoolsHar(`${base}/page/${name}`));
  fs.writeFileSync(path.join(out, `${name}.trace.json`), reduceTrace(trace.toString('utf8')));
  await context.close(); // writes the HAR
  console.log(`recorded ${name}`);
}
await browser.close();
