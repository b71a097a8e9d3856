// Ordering on the virtual clock is JavaScript's (SPEC §1, §6): same-ms timers
// in the order they were set, every microtask before the next timer, and an
// operation that was started before its timeout wins a tie. Where Node's own
// timers decide, the same code is also run under real Node and must agree.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { WorkerClient, spanRows, task } from './worker_client.mjs';

let worker;
before(() => { worker = new WorkerClient(); });
after(() => worker.close());

async function value(source, tasks = [], extra = {}) {
    const r = await worker.run(source, tasks, extra);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    return r;
}

// Runs `source` as the body of an async function under REAL Node timers, with
// fetchUser() taking `userMs` real milliseconds; returns the plan's outcome.
function underRealNode(source, userMs) {
    const program = `
        const fetchUser = () => new Promise(resolve => setTimeout(() => resolve('user'), ${userMs}));
        const plan = async function () {\n${source}\n};
        plan().then(v => console.log(JSON.stringify({ outcome: 'fulfilled', value: v })),
                    e => console.log(JSON.stringify({ outcome: 'rejected', reason: e instanceof Error ? e.message : e })));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout);
}

test('timers due at the same ms fire in the order they were set', async () => {
    const r = await value(`
        const order = [];
        setTimeout(() => order.push('a'), 10);
        setTimeout(() => order.push('b'), 10);
        setTimeout(() => order.push('c'), 5);
        setTimeout(() => order.push('d'), 10);
        await new Promise(resolve => setTimeout(resolve, 20));
        return order;`);
    assert.deepEqual(r.value, ['c', 'a', 'b', 'd']);
    assert.equal(r.settled_ms, 20);
});

test('a timer set later for the same due time fires after one set earlier', async () => {
    const r = await value(`
        const order = [];
        setTimeout(() => order.push('set at 0 for 20'), 20);
        await new Promise(resolve => setTimeout(resolve, 10));
        setTimeout(() => order.push('set at 10 for 20'), 10);
        await new Promise(resolve => setTimeout(resolve, 30));
        return order;`);
    assert.deepEqual(r.value, ['set at 0 for 20', 'set at 10 for 20']);
});

test('every microtask a timer causes runs before the next timer', async () => {
    const r = await value(`
        const log = [];
        setTimeout(() => {
            log.push('t1');
            Promise.resolve().then(() => log.push('m1')).then(() => log.push('m2'));
            queueMicrotask(() => log.push('q'));
            (async () => { for (let i = 0; i < 10000; i++) await null; log.push('deep'); })();
        }, 10);
        setTimeout(() => log.push('t2 at ' + performance.now()), 10);
        await new Promise(resolve => setTimeout(resolve, 10));
        log.push('after');
        return log;`);
    assert.deepEqual(r.value, ['t1', 'm1', 'q', 'm2', 'deep', 't2 at 10', 'after']);
    assert.equal(r.settled_ms, 10);
});

const opFirst = `
    function withTimeout(promise, ms) {
        const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('Timed out after ' + ms + 'ms')), ms));
        return Promise.race([promise, timeout]);
    }
    return withTimeout(fetchUser(), USER_MS);`;
const timerFirst = `
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('timer first')), USER_MS));
    return Promise.race([timeout, fetchUser()]);`;

test('an operation and its timeout due at the same ms: the one started first wins, as in Node', async () => {
    const a = await value(opFirst.replace('USER_MS', '200'), [task('user', 200)]);
    assert.equal(a.outcome, 'fulfilled');
    assert.equal(a.value, 'user');
    assert.equal(a.settled_ms, 200);
    assert.deepEqual(spanRows(a), [['user', 1, 0, 200, 'fulfilled', false]]);

    const b = await value(timerFirst.replace('USER_MS', '200'), [task('user', 200)]);
    assert.equal(b.outcome, 'rejected');
    assert.deepEqual(b.reason, { name: 'Error', message: 'timer first' });
    assert.equal(b.settled_ms, 200);
    assert.deepEqual(spanRows(b), [['user', 1, 0, 200, 'fulfilled', true]]);   // settled after the plan, in the same ms

    // Node, with real timers of the same duration set in the same tick.
    assert.deepEqual(underRealNode(opFirst.replace('USER_MS', '50'), 50), { outcome: 'fulfilled', value: 'user' });
    assert.deepEqual(underRealNode(timerFirst.replace('USER_MS', '50'), 50), { outcome: 'rejected', reason: 'timer first' });
});

test('setTimeout(f, 0) waits 1 ms, as Node\'s does', async () => {
    const source = `
        const log = [];
        setTimeout(() => log.push('one'), 1);
        setTimeout(() => log.push('zero'), 0);
        setTimeout(() => log.push('nan'), NaN);
        await new Promise(resolve => setTimeout(resolve, 2));
        return log;`;
    const r = await value(source);
    assert.deepEqual(r.value, ['one', 'zero', 'nan']);
    assert.deepEqual(underRealNode(source, 0), { outcome: 'fulfilled', value: ['one', 'zero', 'nan'] });
    const t = await value('await new Promise(r => setTimeout(r, 0)); return performance.now();');
    assert.equal(t.value, 1);
});

test('setInterval repeats, is rearmed after its callback, and clearInterval stops it', async () => {
    const r = await value(`
        const log = [];
        let n = 0;
        const h = setInterval(() => { log.push('i' + performance.now()); if (++n === 3) clearInterval(h); }, 10);
        setTimeout(() => log.push('t' + performance.now()), 20);
        await new Promise(resolve => setTimeout(resolve, 100));
        return log;`);
    assert.deepEqual(r.value, ['i10', 't20', 'i20', 'i30']);
});

test('Date.now, new Date() and performance.now() run on the virtual clock', async () => {
    const r = await value(`
        const t0 = Date.now();
        await fetchUser();
        return [Date.now() - t0, performance.now(), new Date().toISOString(), new Date(0).toISOString(), typeof Date(), new Date() instanceof Date];`,
    [task('user', 250)]);
    assert.deepEqual(r.value, [250, 250, '2024-01-01T00:00:00.250Z', '1970-01-01T00:00:00.000Z', 'string', true]);
});

test('Math.random is seeded: the same seed gives the same numbers', async () => {
    const source = 'return [Math.random(), Math.random(), Math.random()];';
    const a = await value(source, [], { seed: 7 });
    const b = await value(source, [], { seed: 7 });
    const c = await value(source, [], { seed: 8 });
    assert.deepEqual(a.value, b.value);
    assert.notDeepEqual(a.value, c.value);
    assert.ok(a.value.every(x => x >= 0 && x < 1));
});

test('a plan that never settles is pending, and the run still ends', async () => {
    const r = await value('await Promise.race([]);');
    assert.equal(r.outcome, 'pending');
    assert.equal(r.settled_ms, null);
    assert.ok(!('value' in r) && !('reason' in r));
    const s = await value('fetchUser(); await new Promise(() => {});', [task('user', 300)]);
    assert.equal(s.outcome, 'pending');
    assert.deepEqual(spanRows(s), [['user', 1, 0, 300, 'fulfilled', false]]);
    assert.equal(s.finished_ms, 300);
});

test('a span that settles after the plan is discarded; aborted spans are not', async () => {
    const r = await value(`
        const c = new AbortController();
        const slow = fetchUser({ signal: c.signal }).catch(e => e.name);
        const zombie = fetchUser().catch(() => {});
        await fetchPosts();
        c.abort();
        return await slow;`,
    [task('user', 500), task('posts', 100)]);
    assert.equal(r.value, 'AbortError');
    assert.equal(r.settled_ms, 100);
    assert.deepEqual(spanRows(r), [
        ['user', 1, 0, 100, 'aborted', false],
        ['user', 2, 0, 500, 'fulfilled', true],
        ['posts', 1, 0, 100, 'fulfilled', false],
    ]);
});

test('AbortSignal: any(), abort(reason), onabort, throwIfAborted, an already aborted signal', async () => {
    const r = await value(`
        const log = [];
        const a = new AbortController();
        const b = new AbortController();
        const both = AbortSignal.any([a.signal, b.signal]);
        both.onabort = () => log.push('onabort ' + both.reason);
        both.addEventListener('abort', () => log.push('listener'));
        setTimeout(() => b.abort('stop'), 50);
        const call = fetchUser({ signal: both }).catch(e => e);
        const reason = await call;
        try { both.throwIfAborted(); } catch (e) { log.push('threw ' + e); }
        const early = await fetchUser({ signal: AbortSignal.abort() }).catch(e => e.name);
        return { reason, log, early, aborted: both.aborted, named: new DOMException('m', 'TimeoutError').code };`,
    [task('user', 300)]);
    assert.deepEqual(r.value, { reason: 'stop', log: ['onabort stop', 'listener', 'threw stop'], early: 'AbortError', aborted: true, named: 23 });
    assert.deepEqual(spanRows(r), [
        ['user', 1, 0, 50, 'aborted', false],
        ['user', 2, 50, 50, 'aborted', false],   // called under an aborted signal: rejects at once
    ]);
    assert.equal(r.spans[0].reason, 'stop');
});

test('seeded draws: invocation n uses draws[n-1]; one call too many rejects and says so', async () => {
    const r = await value(`
        const a = await fetchUser();
        const b = await fetchUser().catch(e => 'second failed');
        return [a, b, performance.now(), await fetchUser()];`,
    [task('user', 999, { draws: [[183, false], [240, true]], error: 'flaky' })]);
    assert.equal(r.outcome, 'rejected');
    assert.equal(r.settled_ms, 423);
    assert.deepEqual(r.reason, { name: 'Error', message: 'fetchUser: call 3 has no seeded draw (the app drew 2 for task "user")' });
    assert.deepEqual(spanRows(r), [
        ['user', 1, 0, 183, 'fulfilled', false],
        ['user', 2, 183, 423, 'rejected', false],
        ['user', 3, 423, 423, 'rejected', false],
    ]);
});

test('latency_ms and fails per invocation: the last entry repeats; empty fails never fail', async () => {
    const r = await value(`
        const out = [];
        for (let i = 0; i < 4; i++) out.push(await fetchUser().then(() => 'ok', () => 'failed'));
        for (let i = 0; i < 2; i++) out.push(await fetchPosts().then(() => 'ok', () => 'failed'));
        return out;`,
    [task('user', 0, { latency_ms: [100, 50], fails: [true, false, true] }), task('posts', 0, { latency_ms: [], fails: [] })]);
    assert.deepEqual(r.value, ['failed', 'ok', 'failed', 'failed', 'ok', 'ok']);
    assert.deepEqual(r.spans.map(s => [s.start_ms, s.end_ms]), [[0, 100], [100, 150], [150, 200], [200, 250], [250, 250], [250, 250]]);
});

test('fetch matches exact urls, then paths; an unknown url is a TypeError', async () => {
    const r = await value(`
        const a = await fetch('https://cdn2.example.com/data.json').then(r => r.json());
        const b = await fetch('/api/user?id=1').then(r => r.text());
        const c = await fetch('http://example.com/').catch(e => e.name + ': ' + e.message);
        const d = await fetch('https://other.example.com/data.json').catch(e => e.name);
        return [a, b, c, d];`,
    [task('cdn1', 10, { url: 'https://cdn1.example.com/data.json', value: 1 }),
        task('cdn2', 10, { url: 'https://cdn2.example.com/data.json', value: 2 }),
        task('user', 10, { url: 'https://api.example.com/api/user', value: { id: 1 } })]);
    assert.deepEqual(r.value, [2, '{"id":1}', 'TypeError: fetch: no task has the url http://example.com/', 'TypeError']);
    assert.deepEqual(r.spans.map(s => s.task), ['cdn2', 'user']);
});

test('console lines carry virtual time, level, the plan\'s line, Node-like text', async () => {
    const r = await value(`console.log('start', 1, -0, null, undefined);
await fetchUser();
console.warn({ a: [1, 'x'] }, new Error('boom'));
console.error('%s is %d years', 'Ada', 36);
setTimeout(() => console.info('in a timer'), 5);
console.debug(() => 1, Symbol('s'), 10n);`,
    [task('user', 200)]);
    assert.deepEqual(r.console, [
        { t: 0, level: 'log', text: 'start 1 -0 null undefined', line: 1 },
        { t: 200, level: 'warn', text: '{"a":[1,"x"]} Error: boom', line: 3 },
        { t: 200, level: 'error', text: 'Ada is 36 years', line: 4 },
        { t: 200, level: 'debug', text: '[Function (anonymous)] Symbol(s) 10n', line: 6 },
        { t: 205, level: 'info', text: 'in a timer', line: 5 },
    ]);
});

test('values and reasons as JSON: undefined, cycles, functions, Errors, nested task errors', async () => {
    const r = await value(`
        const o = { n: 1, u: undefined, f: function named() {}, big: 2n, nan: NaN, when: new Date(0) };
        o.self = o;
        const settled = await Promise.allSettled([fetchUser(), Promise.reject(new RangeError('r'))]);
        return { o, settled, list: [undefined, Symbol('x')] };`,
    [task('user', 10, { fails: [true], error: { code: 42 } })]);
    assert.deepEqual(r.value, {
        o: { n: 1, u: null, f: '[Function: named]', big: '2n', nan: null, when: '1970-01-01T00:00:00.000Z', self: '[Circular]' },
        settled: [{ status: 'rejected', reason: { code: 42 } }, { status: 'rejected', reason: { name: 'RangeError', message: 'r' } }],
        list: [null, 'Symbol(x)'],
    });
});

test('structuredClone and EventTarget behave like Node\'s for plain data and events', async () => {
    const r = await value(`
        const o = { a: [1, new Map([[1, 2]])], d: new Date(0) };
        o.self = o;
        const c = structuredClone(o);
        const t = new EventTarget();
        let n = 0;
        t.addEventListener('x', () => n++, { once: true });
        t.dispatchEvent(new Event('x'));
        t.dispatchEvent(new Event('x'));
        let failed;
        try { structuredClone(() => 1); } catch (e) { failed = e.name; }
        return [c !== o, c.self === c, c.a[1].get(1), c.d.getTime(), n, failed];`);
    assert.deepEqual(r.value, [true, true, 2, 0, 1, 'DataCloneError']);
});

test('an exception in a timer callback is logged and the run goes on', async () => {
    const r = await value(`
        setTimeout(() => { throw new TypeError('bad callback'); }, 10);
        await new Promise(resolve => setTimeout(resolve, 20));
        return 'done';`);
    assert.equal(r.value, 'done');
    assert.equal(r.settled_ms, 20);
    assert.deepEqual(r.console.map(c => [c.t, c.level, c.text]), [[10, 'error', 'Uncaught TypeError: bad callback']]);
    assert.equal(r.note, 'an exception was not caught (see the console)');
});

test('trials: one per entry of draws_per_trial, with the tasks\' own draws as the detailed run', async () => {
    const r = await value('return Promise.any([fetchA(), fetchB()]);',
        [task('a', 100), task('b', 300)],
        { trials: 4, draws_per_trial: [[[[50, false]], [[60, false]]], [[[50, true]], [[60, false]]], [[[50, true]], [[60, true]]], [null, [[10, false]]]] });
    assert.equal(r.settled_ms, 100);
    assert.deepEqual(r.trials, [
        { settled_ms: 50, outcome: 'fulfilled', finished_ms: 60 },
        { settled_ms: 60, outcome: 'fulfilled', finished_ms: 60 },
        { settled_ms: 60, outcome: 'rejected', finished_ms: 60 },
        { settled_ms: 10, outcome: 'fulfilled', finished_ms: 100 },
    ]);
});

test('trials from tasks_per_trial: each trial\'s task list, matched by id, gives its timing', async () => {
    const r = await value('return Promise.any([fetchA(), fetchB()]);',
        [task('a', 100), task('b', 300)],
        { trials: 3, tasks_per_trial: [
            [{ id: 'b', draws: [[60, false]] }, { id: 'a', draws: [[50, false]] }],
            [{ id: 'a', latency_ms: [70], fails: [true] }, { id: 'b', latency_ms: [90] }],
            [{ id: 'a', draws: [[20, true]] }],
        ] });
    assert.deepEqual(r.trials, [
        { settled_ms: 50, outcome: 'fulfilled', finished_ms: 60 },
        { settled_ms: 90, outcome: 'fulfilled', finished_ms: 90 },
        { settled_ms: 300, outcome: 'fulfilled', finished_ms: 300 },
    ]);
    const both = await worker.run('return 1', [], { trials: 2, tasks_per_trial: [], draws_per_trial: [] });
    assert.deepEqual(both.error, { kind: 'internal', message: 'bad request: give draws_per_trial or tasks_per_trial, not both' });
});

test('trials start from the same globals, whatever the last one assigned', async () => {
    const r = await value(`
        globalThis.runs = (globalThis.runs ?? 0) + 1;
        const wait = Math.random() < 2 ? 10 * runs : 0;
        Math.random = () => 5;
        fetchUser = () => Promise.resolve('replaced');
        await new Promise(resolve => setTimeout(resolve, wait));
        return fetchUser();`,
    [task('user', 100)], { trials: 3 });
    assert.equal(r.settled_ms, 10);
    assert.deepEqual(r.trials, [1, 2, 3].map(() => ({ settled_ms: 10, outcome: 'fulfilled', finished_ms: 0 })));
});

test('syntax errors point at the user\'s line and column', async () => {
    const cases = [
        ['foo(;', { message: "Unexpected token ';'", line: 1, column: 5 }],
        ['const a = 1;\n  let b = );', { message: "Unexpected token ')'", line: 2, column: 11 }],
        ['if (x) {\n  y();\n', { message: 'Unexpected end of input', line: 3, column: 1 }],
        ['const a = 1;\nconst a = 2;', { message: "Identifier 'a' has already been declared", line: 2, column: 7 }],
        ['return 1;\n}); (async function () {', { message: "Unexpected token '}'", line: 2, column: 1 }],
    ];
    for (const [source, expected] of cases) {
        const r = await worker.run(source);
        assert.deepEqual(r, { id: r.id, ok: false, error: { kind: 'syntax', ...expected } }, source);
    }
});
