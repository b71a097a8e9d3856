// connections_per_host (SPEC §2), as the app's engine models it
// (core/engine/plan_runner.cpp): at most N calls of one host in flight; the
// rest wait in call order; a slot frees when a response ends or an in-flight
// call aborts, before anyone reacts to it, and goes to the first waiting call
// at once; a waiting call whose signal aborts ends then, without starting.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerClient, task } from './worker_client.mjs';

let worker;
before(() => { worker = new WorkerClient(); });
after(() => worker.close());

async function value(source, tasks, extra = {}) {
    const r = await worker.run(source, tasks, extra);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    return r;
}

// [task, instance, queued_ms (or start_ms), start_ms, end_ms, outcome, discarded]
const rows = (r) => r.spans.map(s => [s.task, s.instance, s.queued_ms ?? s.start_ms, s.start_ms, s.end_ms, s.outcome, s.discarded]);
const host = (id, ms, name = 'api', more = {}) => task(id, ms, { host: name, ...more });
const ALL = 'return Promise.all([fetchA(), fetchB(), fetchC(), fetchD()]);';

test('without a limit (absent or null) calls of one host all run at once', async () => {
    const tasks = [host('a', 100), host('b', 100), host('c', 100), host('d', 100)];
    for (const extra of [{}, { connections_per_host: null }]) {
        const r = await value(ALL, tasks, extra);
        assert.equal(r.settled_ms, 100);
        assert.ok(r.spans.every(s => s.start_ms === 0 && !('queued_ms' in s)));
    }
});

test('at most N in flight: the rest wait in call order, latency counts from when a slot frees', async () => {
    const r = await value(ALL, [host('a', 100), host('b', 50), host('c', 100), host('d', 10)], { connections_per_host: 2 });
    assert.equal(r.settled_ms, 150);
    assert.deepEqual(rows(r), [
        ['a', 1, 0, 0, 100, 'fulfilled', false],
        ['b', 1, 0, 0, 50, 'fulfilled', false],
        ['c', 1, 0, 50, 150, 'fulfilled', false],    // b's slot
        ['d', 1, 0, 100, 110, 'fulfilled', false],   // a's slot
    ]);
    assert.equal(r.spans[0].queued_ms, undefined);   // only a call that waited has queued_ms
    assert.equal(r.spans[2].queued_ms, 0);
});

test('spans are listed by start time; instances count calls, not starts', async () => {
    const r = await value(`
        const first = fetchA();
        const queued = fetchA();                 // waits for the first
        await new Promise(resolve => setTimeout(resolve, 30));
        const free = fetchFree();                // no host: never limited
        return Promise.all([first, queued, free]);`,
    [host('a', 100), task('free', 10)], { connections_per_host: 1 });
    assert.deepEqual(rows(r), [
        ['a', 1, 0, 0, 100, 'fulfilled', false],
        ['free', 1, 30, 30, 40, 'fulfilled', false],
        ['a', 2, 0, 100, 200, 'fulfilled', false],
    ]);
});

test('each host has its own slots; a task without a host is never limited', async () => {
    const r = await value(ALL, [host('a', 100, 'x'), host('b', 100, 'y'), host('c', 100, 'x'), task('d', 100)],
                          { connections_per_host: 1 });
    assert.deepEqual(rows(r).map(x => [x[0], x[3], x[4]]), [['a', 0, 100], ['b', 0, 100], ['d', 0, 100], ['c', 100, 200]]);
    assert.equal(r.settled_ms, 200);
});

test('the slot a response frees goes to the first waiting call before anyone reacts to the response', async () => {
    const r = await value(`
        const log = [];
        const a = fetchA().then(() => { log.push('a at ' + performance.now()); return fetchC(); });   // made at 100: waits behind b
        const b = fetchB();
        await Promise.all([a, b]);
        return log;`,
    [host('a', 100), host('b', 50), host('c', 10)], { connections_per_host: 1 });
    assert.deepEqual(r.value, ['a at 100']);
    assert.deepEqual(rows(r), [
        ['a', 1, 0, 0, 100, 'fulfilled', false],
        ['b', 1, 0, 100, 150, 'fulfilled', false],
        ['c', 1, 100, 150, 160, 'fulfilled', false],
    ]);
});

test('a rejected response frees its slot too; a timer at the same ms queues behind the calls already waiting', async () => {
    const r = await value(`
        const results = [fetchA().catch(e => e.message), fetchB()];
        results.push(new Promise(resolve => setTimeout(resolve, 100)).then(() => fetchC()));   // set after a's response timer
        return Promise.all(results);`,
    [host('a', 100, 'api', { fails: [true] }), host('b', 20), host('c', 20)], { connections_per_host: 1 });
    assert.deepEqual(r.value, ['a failed', 'b', 'c']);
    assert.deepEqual(rows(r), [
        ['a', 1, 0, 0, 100, 'rejected', false],
        ['b', 1, 0, 100, 120, 'fulfilled', false],
        ['c', 1, 100, 120, 140, 'fulfilled', false],
    ]);
});

test('a waiting call whose signal aborts ends then, as aborted, without ever starting', async () => {
    const r = await value(`
        const c = new AbortController();
        const a = fetchA();
        const b = fetchB({ signal: c.signal }).catch(e => e.name);
        const d = fetchD();
        setTimeout(() => c.abort(), 30);
        return Promise.all([a, b, d]);`,
    [host('a', 100), host('b', 100), host('d', 100)], { connections_per_host: 1 });
    assert.deepEqual(r.value, ['a', 'AbortError', 'd']);
    assert.deepEqual(rows(r), [
        ['a', 1, 0, 0, 100, 'fulfilled', false],
        ['b', 1, 0, 30, 30, 'aborted', false],      // start_ms = end_ms: the time it stopped waiting
        ['d', 1, 0, 100, 200, 'fulfilled', false],  // b never held a slot
    ]);
    assert.equal(r.spans[1].queued_ms, 0);
    assert.deepEqual(r.spans[1].reason, { name: 'AbortError', message: 'This operation was aborted' });
});

test('an abort in flight frees the slot at once: the next waiting call starts at that ms', async () => {
    const r = await value(`
        const c = new AbortController();
        const a = fetchA({ signal: c.signal }).catch(e => e.name);
        const b = fetchB();
        setTimeout(() => c.abort(), 40);
        return Promise.all([a, b]);`,
    [host('a', 100), host('b', 100)], { connections_per_host: 1 });
    assert.deepEqual(rows(r), [
        ['a', 1, 0, 0, 40, 'aborted', false],
        ['b', 1, 0, 40, 140, 'fulfilled', false],
    ]);
});

test('one abort over calls in flight and waiting: each waiting call ends aborted at that ms; others get the slots', async () => {
    const r = await value(`
        const c = new AbortController();
        const { signal } = c;
        const mine = Promise.allSettled([fetchA({ signal }), fetchB({ signal }), fetchC({ signal })]);
        const other = fetchD();
        setTimeout(() => c.abort(), 10);
        return [(await mine).map(x => x.status), await other];`,
    [host('a', 100), host('b', 100), host('c', 100), host('d', 100)], { connections_per_host: 1 });
    assert.deepEqual(r.value, [['rejected', 'rejected', 'rejected'], 'd']);
    assert.deepEqual(rows(r), [
        ['a', 1, 0, 0, 10, 'aborted', false],
        ['b', 1, 0, 10, 10, 'aborted', false],
        ['c', 1, 0, 10, 10, 'aborted', false],
        ['d', 1, 0, 10, 110, 'fulfilled', false],
    ]);
});

test('fetch(url) of a task with a host waits like a call of its function', async () => {
    const r = await value(`
        const [x, y] = await Promise.all([fetch('/api/a'), fetch('/api/a')]);
        return [await x.json(), await y.json()];`,
    [host('a', 100, 'api', { url: 'https://api.example/api/a', value: { n: 1 } })], { connections_per_host: 1 });
    assert.deepEqual(r.value, [{ n: 1 }, { n: 1 }]);
    assert.deepEqual(rows(r).map(x => x.slice(2, 5)), [[0, 0, 100], [0, 100, 200]]);
});

test('a run stopped at its virtual limit leaves waiting calls pending', async () => {
    const r = await value('return Promise.all([fetchA(), fetchB()]);', [host('a', 5000), host('b', 10)],
                          { connections_per_host: 1, limits: { virtual_ms: 1000 } });
    assert.equal(r.outcome, 'pending');
    assert.deepEqual(rows(r), [
        ['a', 1, 0, 0, null, 'pending', false],
        ['b', 1, 0, 0, null, 'pending', false],
    ]);
});

test('trials wait for connections too, and every trial starts with free slots', async () => {
    const r = await value(ALL, [host('a', 100), host('b', 100), host('c', 100), host('d', 100)],
                          { connections_per_host: 3, trials: 3 });
    assert.equal(r.settled_ms, 200);
    assert.deepEqual(r.trials.map(t => t.settled_ms), [200, 200, 200]);
});

test('a bad limit or host is a bad request', async () => {
    for (const [extra, tasks, message] of [
        [{ connections_per_host: 0 }, [], 'connections_per_host: must be a whole number >= 1, or null'],
        [{ connections_per_host: 1.5 }, [], 'connections_per_host: must be a whole number >= 1, or null'],
        [{ connections_per_host: '2' }, [], 'connections_per_host: must be a whole number >= 1, or null'],
        [{}, [task('a', 1, { host: 7 })], 'tasks[0].host: must be a string or null'],
    ]) {
        const r = await worker.run('return 1;', tasks, extra);
        assert.deepEqual(r.error, { kind: 'internal', message: 'bad request: ' + message });
    }
    // An empty host is no host, as in the app.
    const r = await value(ALL, [host('a', 100, ''), host('b', 100, ''), host('c', 100, ''), host('d', 100, '')],
                          { connections_per_host: 1 });
    assert.equal(r.settled_ms, 100);
});
