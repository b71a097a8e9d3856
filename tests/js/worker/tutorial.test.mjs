// The tutorial's code, pasted unchanged (tutorial_snippets.mjs), run by the
// plan worker with real promises on the virtual clock. Latencies and
// failures are chosen so that the tutorial's own numbers come out; every
// settle point and span is asserted exactly.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { WorkerClient, spanRows, task } from './worker_client.mjs';
import * as snippets from './tutorial_snippets.mjs';

const SEED = '/work/shared/seed/000_f3ad41df8eecb84d.txt';
let worker;

before(() => { worker = new WorkerClient(); });
after(() => worker.close());

const fulfilled = (response) => {
    assert.equal(response.ok, true, JSON.stringify(response.error));
    return response;
};

test('every snippet occurs verbatim in the seed', { skip: !existsSync(SEED) && 'the seed is not on this machine' }, () => {
    const seed = readFileSync(SEED, 'utf8');
    for (const [name, code] of Object.entries(snippets))
        assert.ok(seed.includes(code), `${name} is not in the seed as written`);
});

const profileTasks = ['user', 'posts', 'followers', 'recommendations'].map(id => task(id, 200));

test('loadProfile, sequential: four awaits of 200 ms settle at 800 ms', async () => {
    const r = fulfilled(await worker.run(snippets.loadProfileSequential + '\nreturn loadProfile(42);', profileTasks));
    assert.equal(r.outcome, 'fulfilled');
    assert.equal(r.settled_ms, 800);
    assert.equal(r.finished_ms, 800);
    assert.deepEqual(r.value, { user: 'user', posts: 'posts', followers: 'followers', recommendations: 'recommendations' });
    assert.deepEqual(spanRows(r), [
        ['user', 1, 0, 200, 'fulfilled', false],
        ['posts', 1, 200, 400, 'fulfilled', false],
        ['followers', 1, 400, 600, 'fulfilled', false],
        ['recommendations', 1, 600, 800, 'fulfilled', false],
    ]);
    assert.deepEqual(r.spans.map(s => s.args), [[42], [42], [42], [42]]);
    assert.deepEqual(r.spans.map(s => s.value), ['user', 'posts', 'followers', 'recommendations']);
    assert.equal(r.note, '');
});

test('loadProfile with Promise.all: 200 ms', async () => {
    const r = fulfilled(await worker.run(snippets.loadProfileParallel + '\nreturn loadProfile(42);', profileTasks));
    assert.equal(r.settled_ms, 200);
    assert.deepEqual(r.value, { user: 'user', posts: 'posts', followers: 'followers', recommendations: 'recommendations' });
    assert.deepEqual(spanRows(r), [
        ['user', 1, 0, 200, 'fulfilled', false],
        ['posts', 1, 0, 200, 'fulfilled', false],
        ['followers', 1, 0, 200, 'fulfilled', false],
        ['recommendations', 1, 0, 200, 'fulfilled', false],
    ]);
});

const triple = ['users', 'products', 'config'];

test('Promise.all: every result, or the first rejection while the others run on', async () => {
    const source = snippets.promiseAll + '\nreturn { users, products, config };';
    const ok = fulfilled(await worker.run(source, triple.map(id => task(id, 200, { value: [id] }))));
    assert.equal(ok.settled_ms, 200);
    assert.deepEqual(ok.value, { users: ['users'], products: ['products'], config: ['config'] });

    const failing = fulfilled(await worker.run(source, [
        task('users', 200), task('products', 200), task('config', 100, { fails: [true], error: 'config service down' }),
    ]));
    assert.equal(failing.outcome, 'rejected');
    assert.equal(failing.settled_ms, 100);
    assert.equal(failing.reason, 'config service down');
    assert.deepEqual(spanRows(failing), [
        ['users', 1, 0, 200, 'fulfilled', true],
        ['products', 1, 0, 200, 'fulfilled', true],
        ['config', 1, 0, 100, 'rejected', false],
    ]);
    assert.equal(failing.spans[2].reason, 'config service down');
    assert.equal(failing.finished_ms, 200);
});

const apiTasks = (bFails) => [
    task('a', 200, { url: '/api/a' }),
    task('b', bFails ? 100 : 200, { url: '/api/b', fails: [bFails] }),
    task('c', 200, { url: '/api/c' }),
];

test('Promise.all with a shared AbortController: the failure aborts the others at once', async () => {
    const r = fulfilled(await worker.run(snippets.sharedController, apiTasks(true)));
    assert.equal(r.outcome, 'fulfilled');   // the snippet catches the error
    assert.equal(r.settled_ms, 100);
    assert.equal(r.value, null);
    assert.deepEqual(spanRows(r), [
        ['a', 1, 0, 100, 'aborted', false],
        ['b', 1, 0, 100, 'rejected', false],
        ['c', 1, 0, 100, 'aborted', false],
    ]);
    assert.deepEqual(r.spans[0].reason, { name: 'AbortError', message: 'This operation was aborted' });
    assert.equal(r.finished_ms, 100);
});

test('Promise.allSettled: every result once all settle', async () => {
    const r = fulfilled(await worker.run(snippets.allSettled + '\nreturn { succeeded, failed };', [
        task('users', 200), task('products', 150, { fails: [true], error: { status: 503 } }), task('config', 100),
    ]));
    assert.equal(r.settled_ms, 200);
    assert.deepEqual(r.value, { succeeded: ['users', 'config'], failed: [{ status: 503 }] });
    assert.deepEqual(spanRows(r), [
        ['users', 1, 0, 200, 'fulfilled', false],
        ['products', 1, 0, 150, 'rejected', false],
        ['config', 1, 0, 100, 'fulfilled', false],
    ]);
    assert.deepEqual(r.spans[1].reason, { status: 503 });
});

test('Promise.race with the 5000 ms timeout: the fetch wins, the timer still runs', async () => {
    const r = fulfilled(await worker.run(snippets.race + '\nreturn result;', [task('data', 200, { url: '/api/data' })]));
    assert.equal(r.settled_ms, 200);
    assert.deepEqual(r.value, { ok: true, status: 200, statusText: 'OK', url: '/api/data', redirected: false, type: 'basic' });
    assert.deepEqual(spanRows(r), [['data', 1, 0, 200, 'fulfilled', false]]);
    assert.equal(r.finished_ms, 200);
});

test('Promise.race timeout: the timeout wins at 5000 ms, the fetch is a zombie until 6000', async () => {
    const r = fulfilled(await worker.run(snippets.race + '\nreturn result;', [task('data', 6000, { url: '/api/data' })]));
    assert.equal(r.outcome, 'rejected');
    assert.equal(r.settled_ms, 5000);
    assert.deepEqual(r.reason, { name: 'Error', message: 'Timeout' });
    assert.deepEqual(spanRows(r), [['data', 1, 0, 6000, 'fulfilled', true]]);
    assert.equal(r.finished_ms, 6000);
});

const cdnTasks = (spec) => spec.map(([ms, fails], i) =>
    task(`cdn${i + 1}`, ms, { url: `https://cdn${i + 1}.example.com/data.json`, fails: [fails], value: `mirror ${i + 1}`, error: `CDN ${i + 1} down` }));

test('Promise.any over three CDN mirrors: the first success, past a failure', async () => {
    const r = fulfilled(await worker.run(snippets.any + '\nreturn fastest.json();', cdnTasks([[50, true], [120, false], [200, false]])));
    assert.equal(r.settled_ms, 120);
    assert.equal(r.value, 'mirror 2');
    assert.deepEqual(spanRows(r), [
        ['cdn1', 1, 0, 50, 'rejected', false],
        ['cdn2', 1, 0, 120, 'fulfilled', false],
        ['cdn3', 1, 0, 200, 'fulfilled', true],
    ]);
});

test('Promise.any when every mirror fails: AggregateError with every reason in input order', async () => {
    const r = fulfilled(await worker.run(snippets.any + '\nreturn fastest;', cdnTasks([[50, true], [100, true], [80, true]])));
    assert.equal(r.outcome, 'rejected');
    assert.equal(r.settled_ms, 100);
    assert.deepEqual(r.reason, { name: 'AggregateError', message: 'All promises were rejected', errors: ['CDN 1 down', 'CDN 2 down', 'CDN 3 down'] });
});

test('the tutorial\'s AggregateError example logs true and 3', async () => {
    const r = fulfilled(await worker.run(snippets.anyAllReject));
    assert.equal(r.outcome, 'fulfilled');
    assert.equal(r.settled_ms, 0);
    assert.deepEqual(r.console, [
        { t: 0, level: 'log', text: 'true', line: 8 },
        { t: 0, level: 'log', text: '3', line: 9 },
    ]);
});

const pageTasks = (permissionsFails) => [
    task('user', 200),
    task('permissions', permissionsFails ? 100 : 200, { fails: [permissionsFails] }),
    task('notifications', 200, { fails: [true] }),
    task('recommendations', 200),
    task('activityFeed', 200),
];

test('loadPage: critical data all-or-nothing, optional data settled, both groups in parallel', async () => {
    const r = fulfilled(await worker.run(snippets.loadPage + '\nreturn loadPage(7);', pageTasks(false)));
    assert.equal(r.settled_ms, 200);
    assert.deepEqual(r.value, { user: 'user', permissions: 'permissions', notifications: [] });
    assert.deepEqual(spanRows(r), [
        ['user', 1, 0, 200, 'fulfilled', false],
        ['permissions', 1, 0, 200, 'fulfilled', false],
        ['notifications', 1, 0, 200, 'rejected', false],
        ['recommendations', 1, 0, 200, 'fulfilled', false],
        ['activityFeed', 1, 0, 200, 'fulfilled', false],
    ]);
    assert.equal(r.spans[4].task, 'activityFeed');   // fetchActivityFeed

    const fast = fulfilled(await worker.run(snippets.loadPage + '\nreturn loadPage(7);', pageTasks(true)));
    assert.equal(fast.outcome, 'rejected');
    assert.equal(fast.settled_ms, 100);
    assert.equal(fast.reason, 'permissions failed');
    assert.deepEqual(spanRows(fast).map(row => row[5]), [true, false, true, true, true]);
});

test('buildOrder: two dependency levels of 200 ms settle at 400 ms', async () => {
    const r = fulfilled(await worker.run(snippets.buildOrder + "\nreturn buildOrder(42, 'cart-1');", [
        task('user', 200, { value: { name: 'Ada', address: '1 Main St' } }),
        task('cart', 200, { value: { items: ['book', 'lamp'], total: 30 } }),
        task('shipping', 200, { function: 'calculateShipping', value: [5, 12] }),
        task('tax', 200, { function: 'calculateTax', value: 2.4 }),
        task('inventory', 200, { function: 'checkInventory', value: true }),
    ]));
    assert.equal(r.settled_ms, 400);
    assert.deepEqual(r.value, {
        user: { name: 'Ada', address: '1 Main St' }, cart: { items: ['book', 'lamp'], total: 30 },
        shippingRates: [5, 12], tax: 2.4, inventory: true,
    });
    assert.deepEqual(spanRows(r), [
        ['user', 1, 0, 200, 'fulfilled', false],
        ['cart', 1, 0, 200, 'fulfilled', false],
        ['shipping', 1, 200, 400, 'fulfilled', false],
        ['tax', 1, 200, 400, 'fulfilled', false],
        ['inventory', 1, 200, 400, 'fulfilled', false],
    ]);
    assert.deepEqual(r.spans.map(s => s.args), [[42], ['cart-1'], ['1 Main St', ['book', 'lamp']], ['1 Main St', 30], [['book', 'lamp']]]);
});

const allOrNothing = snippets.fetchAllOrNothing + "\nreturn fetchAllOrNothing(['/api/a', '/api/b', '/api/c']);";

test('fetchAllOrNothing: one failure aborts the others\' spans at the failure time', async () => {
    const r = fulfilled(await worker.run(allOrNothing, apiTasks(true)));
    assert.equal(r.outcome, 'rejected');
    assert.equal(r.settled_ms, 100);
    assert.equal(r.reason, 'b failed');
    assert.deepEqual(spanRows(r), [
        ['a', 1, 0, 100, 'aborted', false],
        ['b', 1, 0, 100, 'rejected', false],
        ['c', 1, 0, 100, 'aborted', false],
    ]);
    assert.equal(r.finished_ms, 100);
    assert.deepEqual(r.spans.map(s => s.args[0]), ['/api/a', '/api/b', '/api/c']);
    assert.deepEqual(r.spans[0].args[1], { signal: '[AbortSignal]' });
});

test('fetchAllOrNothing: all succeed in 200 ms, values in order', async () => {
    const r = fulfilled(await worker.run(allOrNothing, apiTasks(false)));
    assert.equal(r.settled_ms, 200);
    assert.deepEqual(r.value, ['a', 'b', 'c']);
});

test('fetchWithTimeout: AbortSignal.timeout aborts a slow fetch with a TimeoutError', async () => {
    const r = fulfilled(await worker.run(snippets.fetchWithTimeout + "\nreturn fetchWithTimeout('/api/slow', 1000);",
        [task('slow', 3000, { url: '/api/slow' })]));
    assert.equal(r.outcome, 'rejected');
    assert.equal(r.settled_ms, 1000);
    assert.deepEqual(r.reason, { name: 'TimeoutError', message: 'The operation was aborted due to timeout' });
    assert.deepEqual(spanRows(r), [['slow', 1, 0, 1000, 'aborted', false]]);
    assert.deepEqual(r.spans[0].reason, r.reason);
});

test('fetchWithTimeout: a fast fetch wins; the default 5000 ms timer does not hold the run', async () => {
    const r = fulfilled(await worker.run(snippets.fetchWithTimeout + "\nconst user = await fetchWithTimeout('/api/user');\nreturn [user, performance.now()];",
        [task('user', 200, { url: 'https://api.example.com/api/user', value: { name: 'Ada' } })]));
    assert.equal(r.settled_ms, 200);
    assert.deepEqual(r.value, [{ name: 'Ada' }, 200]);
    assert.deepEqual(spanRows(r), [['user', 1, 0, 200, 'fulfilled', false]]);
});

const computation = (ms) => [task('computation', ms, { function: 'complexComputation', value: 42 })];

test('withTimeout: the timeout rejects at 3000 ms; the computation runs on as a zombie', async () => {
    const r = fulfilled(await worker.run(snippets.withTimeout + '\nreturn data;', computation(4000)));
    assert.equal(r.outcome, 'rejected');
    assert.equal(r.settled_ms, 3000);
    assert.deepEqual(r.reason, { name: 'Error', message: 'Timed out after 3000ms' });
    assert.deepEqual(spanRows(r), [['computation', 1, 0, 4000, 'fulfilled', true]]);
    assert.equal(r.finished_ms, 4000);
});

test('withTimeout: a computation that ends in time wins', async () => {
    const r = fulfilled(await worker.run(snippets.withTimeout + '\nreturn data;', computation(1000)));
    assert.equal(r.settled_ms, 1000);
    assert.equal(r.value, 42);
    assert.deepEqual(spanRows(r), [['computation', 1, 0, 1000, 'fulfilled', false]]);
});
