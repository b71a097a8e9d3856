// Untrusted plan code (SPEC §6): each hostile plan must end within its time
// with a limit error or a rejection, with a one-line message, reach no host
// object, and leave the worker answering the next request.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerClient, task } from './worker_client.mjs';

let worker;
before(() => { worker = new WorkerClient(); });
after(() => worker.close());

const NO_YIELD = 'stopped after 500 ms: the code does not yield (an endless loop, or endless microtasks)';
const EVAL_BLOCKED = { name: 'EvalError', message: 'Code generation from strings disallowed for this context' };

// [name, source, expected, options]; expected is {limit: message|RegExp} or
// {rejected: reason} or {fulfilled: value} or {note: text}.
const table = [
    ['an endless loop', 'while(true){}', { limit: NO_YIELD }],
    ['an endless loop after some awaits', 'await fetchUser(); await null; for (;;) {}', { limit: NO_YIELD }],
    ['endless awaits (microtasks)', 'for(;;) await null;', { limit: NO_YIELD }],
    ['a microtask storm', '(async function f(){ await null; return f(); })(); await fetchUser();', { limit: NO_YIELD }],
    ['a promise chain that never ends', 'Promise.resolve().then(function f() { return Promise.resolve().then(f); });', { limit: NO_YIELD }],
    ['async recursion before the first await', 'await (async function f(){ await f(); })()',
        { rejected: { name: 'RangeError', message: 'Maximum call stack size exceeded' } }],
    ['async recursion, not awaited', '(async function f(){ await f(); })()', { fulfilled: null }],
    ['deep recursion', 'function f(){f()} f()', { rejected: { name: 'RangeError', message: 'Maximum call stack size exceeded' } }],
    ['setInterval(0) forever, timer bound', 'setInterval(()=>{},0)',
        { limit: 'stopped after 10000 timers (virtual time 10000 ms): the code keeps setting timers' }, { limits: { timers: 10000 } }],
    ['setInterval(0) forever, wall time', 'setInterval(()=>{},0)',
        { limit: /^stopped after 500 ms: the run was still going after \d+ timers \(virtual time \d+ ms\)$/ }],
    ['setInterval(1000) forever, virtual hour', 'setInterval(()=>{},1000); return "started";',
        { fulfilled: 'started', note: 'the run stopped at a virtual hour' }],
    ['a timer an hour away', 'await new Promise(r => setTimeout(r, 3600001)); return "late";',
        { pending: true, note: 'the run stopped at a virtual hour' }],
    ['setting timers without end in one go', 'for (;;) setTimeout(() => {}, 5);',
        { limit: 'stopped after 10000 timers (virtual time 0 ms): the code keeps setting timers' }, { limits: { timers: 10000 } }],
    ['calling tasks without end', 'for (;;) fetchUser();',
        { limit: 'stopped after 1000 calls to tasks (virtual time 0 ms): the code keeps calling them' }, { limits: { spans: 1000 } }],
    ['a task function\'s constructor', "return fetchUser.constructor('return process')()", { rejected: EVAL_BLOCKED }],
    ['this.constructor.constructor', "return this.constructor.constructor('return process')()", { rejected: EVAL_BLOCKED }],
    ['the AsyncFunction constructor', "return Object.getPrototypeOf(async()=>{}).constructor('return process')()", { rejected: EVAL_BLOCKED }],
    ['eval', "return eval('process')", { rejected: EVAL_BLOCKED }],
    ['a string to setTimeout', "setTimeout('globalThis.x = 1', 1)",
        { rejected: { name: 'TypeError', message: 'The "callback" argument must be of type function. Received type string (\'globalThis.x = 1\')' } }],
    ['import(\'fs\')', "await import('fs')", { rejected: { name: 'TypeError', message: 'Cannot import "fs": a plan has no modules' } }],
    ['import() with a comment and a newline', "await import /* x */\n('node:child_process')",
        { rejected: { name: 'TypeError', message: 'Cannot import "node:child_process": a plan has no modules' } }],
    ['the error import() gives is the plan\'s own', "try { await import('fs'); } catch (e) { return e.constructor.constructor('return process')(); }",
        { rejected: EVAL_BLOCKED }],
    ['"import" in strings and property names is left alone', "const o = { import: 'import(x)' }; return [o.import, `import('y')`];",
        { fulfilled: ['import(x)', "import('y')"] }],
    ['require(\'fs\')', "require('fs')", { rejected: { name: 'ReferenceError', message: 'require is not defined' } }],
    ['process.exit()', 'process.exit()', { rejected: { name: 'ReferenceError', message: 'process is not defined' } }],
    ['module and globalThis.process', 'return [typeof module, typeof exports, typeof globalThis.process, typeof Buffer, typeof __dirname]',
        { fulfilled: ['undefined', 'undefined', 'undefined', 'undefined', 'undefined'] }],
    ['the network', "return fetch('http://example.com/')", { rejected: { name: 'TypeError', message: 'fetch: no task has the url http://example.com/' } }],
    ['shared memory and wasm are gone', 'return [typeof SharedArrayBuffer, typeof Atomics, typeof WebAssembly, typeof FinalizationRegistry]',
        { fulfilled: ['undefined', 'undefined', 'undefined', 'undefined'] }],
    ['Error.prepareStackTrace cannot be re-pointed', 'Error.prepareStackTrace = (e, sites) => sites; return [typeof new Error().stack, Error.prepareStackTrace.name];',
        { fulfilled: ['string', 'prepareStackTrace'] }],
    ['stacks show the plan\'s frames only (no host paths)',
        'function inner() { return new Error("here").stack; }\nasync function outer() { await null; return inner(); }\nasync function top() { return await outer(); }\nreturn [inner(), await top()];',
        { fulfilled: ['Error: here\n    at inner (plan:1:27)\n    at plan:4:9', 'Error: here\n    at inner (plan:1:27)\n    at outer (plan:2:45)\n    at async top (plan:3:31)\n    at async plan:4:18'] }],
    ['Error cannot be replaced', 'globalThis.Error = { prepareStackTrace: (e, s) => s }; return typeof Error;', { fulfilled: 'function' }],
    ['a caller from the runner is hidden', 'return await new Promise(r => setTimeout(function f() { r(String(f.caller)); }, 1));', { fulfilled: 'null' }],
    ['a thrown Proxy that loops when read', 'throw new Proxy({}, { ownKeys() { for (;;) {} } })', { limit: NO_YIELD }],
    ['built-ins patched to change the report', "Array.prototype.push = null; Object.prototype.toJSON = Array.prototype.toJSON = function () { return 'x'; }; JSON.stringify = null; console.log('still'); return [1, await fetchUser()];",
        { fulfilled: [1, 'user'], spans: [['user', 1, 0, 10, 'fulfilled', false]], console: ['still'] }],
    ['a global made unchangeable', "Object.defineProperty(globalThis, 'fetchUser', { value: 1, configurable: false, writable: false }); return 1;",
        { internal: 'the plan broke the runner: TypeError: Cannot redefine property: fetchUser' }, { trials: 2 }],
    ['a console flood', 'for (let i = 0; i < 5000; i++) console.log(i); return "done";',
        { fulfilled: 'done', note: 'console output cut after 1000 lines', consoleLines: 1000 }],
    ['a console flood of characters', "for (let i = 0; i < 100; i++) console.log('x'.repeat(3000));",
        { fulfilled: null, note: 'console output cut after 100000 characters', consoleChars: 100000 }],
    ['a huge value', "return 'x'.repeat(5e6)", { fulfilled: 'x'.repeat(100000) + '\u2026' }],
    ['a deep value', 'let o = {}; const root = o; for (let i = 0; i < 1e5; i++) { o.next = {}; o = o.next; } return root;', { any: true }],
];

for (const [name, source, expected, options = {}] of table) {
    test(`hostile: ${name}`, { timeout: 10000 }, async () => {
        const started = performance.now();
        const r = await worker.run(source, [task('user', 10)], { trials: options.trials, limits: { wall_ms: 500, ...options.limits } });
        const took = performance.now() - started;
        assert.ok(took < 500 + 1000, `took ${took} ms`);
        if (r.ok === false)
            assert.ok(!/\n/.test(r.error.message), 'the message is one line');
        if (expected.limit !== undefined) {
            assert.equal(r.ok, false, JSON.stringify(r).slice(0, 300));
            assert.equal(r.error.kind, 'limit');
            if (expected.limit instanceof RegExp)
                assert.match(r.error.message, expected.limit);
            else
                assert.equal(r.error.message, expected.limit);
        } else if (expected.rejected !== undefined) {
            assert.equal(r.ok, true, JSON.stringify(r.error));
            assert.equal(r.outcome, 'rejected');
            assert.deepEqual(r.reason, expected.rejected);
        } else if (expected.fulfilled !== undefined) {
            assert.equal(r.ok, true, JSON.stringify(r.error));
            assert.equal(r.outcome, 'fulfilled');
            assert.deepEqual(r.value, expected.fulfilled);
        } else if (expected.internal !== undefined) {
            assert.deepEqual(r.error, { kind: 'internal', message: expected.internal });
        } else if (expected.pending) {
            assert.equal(r.ok, true, JSON.stringify(r.error));
            assert.equal(r.outcome, 'pending');
        } else {
            assert.ok(expected.any);
            assert.equal(typeof r.ok, 'boolean');
        }
        if (expected.spans !== undefined)
            assert.deepEqual(r.spans.map(sp => [sp.task, sp.instance, sp.start_ms, sp.end_ms, sp.outcome, sp.discarded]), expected.spans);
        if (expected.console !== undefined)
            assert.deepEqual(r.console.map(c => c.text), expected.console);
        if (expected.note !== undefined)
            assert.equal(r.note, expected.note);
        if (expected.consoleLines !== undefined)
            assert.equal(r.console.length, expected.consoleLines);
        if (expected.consoleChars !== undefined)
            assert.equal(r.console.reduce((n, line) => n + line.text.length, 0), expected.consoleChars);
        // The worker answers the next request, and the next run is clean.
        assert.deepEqual(await worker.ping(), { id: (await worker.ping()).id - 1, ok: true, pong: true });
        const next = await worker.run('return [typeof fetchUser, Array.prototype.push.name, typeof JSON.stringify, await fetchUser(1)]', [task('user', 10)]);
        assert.deepEqual(next.value, ['function', 'push', 'function', 'user']);
    });
}

// The names a plan sees on globalThis: V8's own built-ins (minus shared
// memory, wasm and finalizers) and what the prelude defines. Nothing else.
const V8_BUILTINS = ['AggregateError', 'Array', 'ArrayBuffer', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Boolean', 'DataView',
    'Date', 'Error', 'EvalError', 'Float32Array', 'Float64Array', 'Function', 'Infinity', 'Int16Array', 'Int32Array', 'Int8Array',
    'Intl', 'JSON', 'Map', 'Math', 'NaN', 'Number', 'Object', 'Promise', 'Proxy', 'RangeError', 'ReferenceError', 'Reflect',
    'RegExp', 'Set', 'String', 'Symbol', 'SyntaxError', 'TypeError', 'URIError', 'Uint16Array', 'Uint32Array', 'Uint8Array',
    'Uint8ClampedArray', 'WeakMap', 'WeakRef', 'WeakSet', 'console', 'decodeURI', 'decodeURIComponent', 'encodeURI',
    'encodeURIComponent', 'escape', 'eval', 'globalThis', 'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'undefined', 'unescape'];
const PRELUDE_GLOBALS = ['AbortController', 'AbortSignal', 'DOMException', 'Event', 'EventTarget', 'clearImmediate', 'clearInterval',
    'clearTimeout', 'fetch', 'performance', 'queueMicrotask', 'setImmediate', 'setInterval', 'setTimeout', 'structuredClone'];

test('globalThis holds only the intended names', async () => {
    const r = await worker.run('return [Object.getOwnPropertyNames(globalThis).sort(), Object.getOwnPropertySymbols(globalThis).map(String)];',
        [task('user', 10), task('cart', 10, { function: 'loadCart' })]);
    assert.deepEqual(r.value[0], [...V8_BUILTINS, ...PRELUDE_GLOBALS, 'fetchUser', 'loadCart'].sort());
    assert.deepEqual(r.value[1], ['Symbol(Symbol.toStringTag)'].filter(() => r.value[1].length > 0));
});

// Walks every object reachable from globalThis (property values, getters,
// setters, prototypes, and the objects the APIs hand out) and reports any
// whose prototype chain does not end at this context's Object.prototype: a
// host object would.
test('nothing reachable from globalThis belongs to the host', async () => {
    const r = await worker.run(`
        const roots = [globalThis, new AbortController(), AbortSignal.timeout(5), setTimeout(() => {}, 1), new DOMException('x'),
            new Event('x'), await fetch('/api/user'), fetchUser(), performance, console, Date, new Date(), Math];
        const seen = new Set();
        const queue = roots.map((o, i) => [o, 'root' + i]);
        const foreign = [];
        while (queue.length > 0 && seen.size < 100000) {
            const [o, path] = queue.shift();
            if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o))
                continue;
            seen.add(o);
            let end = o;
            for (let p = Object.getPrototypeOf(o); p !== null; p = Object.getPrototypeOf(p))
                end = p;
            if (end !== Object.prototype && o !== Array.prototype[Symbol.unscopables])   // null-prototype by spec
                foreign.push(path);
            queue.push([Object.getPrototypeOf(o), path + '.__proto__']);
            for (const key of Reflect.ownKeys(o)) {
                const d = Object.getOwnPropertyDescriptor(o, key);
                for (const part of ['value', 'get', 'set'])
                    if (d[part] !== undefined)
                        queue.push([d[part], path + '.' + String(key) + (part === 'value' ? '' : '[' + part + ']')]);
            }
        }
        return { foreign, objects: seen.size };`,
    [task('user', 10, { url: '/api/user' })]);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.deepEqual(r.value.foreign, []);
    assert.ok(r.value.objects > 500, `walked ${r.value.objects} objects`);
});

test('a bad request is answered, not fatal', async () => {
    const bad = await new Promise((resolve) => {
        worker.waiting.set(null, { resolve, reject: resolve });
        worker.child.stdin.write('this is not json\n');
    });
    assert.deepEqual(bad, { id: null, ok: false, error: { kind: 'internal', message: 'bad request: the line is not JSON' } });
    const unknown = await worker.request({ type: 'explode' });
    assert.deepEqual(unknown.error, { kind: 'internal', message: 'bad request: unknown type "explode"' });
    const clash = await worker.run('return 1', [task('timer', 10, { function: 'setTimeout' })]);
    assert.deepEqual(clash.error, { kind: 'internal', message: 'bad request: task "timer": the name setTimeout is already a global of the plan' });
    const noSource = await worker.request({ type: 'run', tasks: [] });
    assert.deepEqual(noSource.error, { kind: 'internal', message: 'bad request: source: must be a string' });
    assert.equal((await worker.ping()).pong, true);
});

// Memory: the app starts node with --max-old-space-size; a heap bomb stops
// the plan thread (a limit error), memory outside the heap is caught by the
// RSS check, and the worker answers the next request either way.
test('memory bombs, with the app\'s flags', { timeout: 60000 }, async () => {
    const small = new WorkerClient({ nodeArgs: ['--max-old-space-size=64'], args: ['--rss-limit-mb=400'] });
    try {
        const heap = await small.run('const a = []; for (;;) a.push(new Array(100000).fill(1.5));', [], { limits: { wall_ms: 20000 } });
        assert.equal(heap.ok, false);
        assert.equal(heap.error.kind, 'limit');
        assert.match(heap.error.message, /^stopped: the code used more memory than the plan's \d+ MB heap$/);
        assert.equal((await small.ping()).pong, true);

        const external = await small.run('const a = []; for (;;) a.push(new Uint8Array(1e7).fill(1));', [], { limits: { wall_ms: 20000 } });
        assert.deepEqual(external.error, { kind: 'limit', message: 'stopped: the code used more than 400 MB of memory' });

        const ok = await small.run('return await fetchUser()', [task('user', 10)]);
        assert.equal(ok.value, 'user');
    } finally {
        await small.close();
    }
});

test('in one thread (no worker threads) a heap bomb ends the process cleanly', { timeout: 60000 }, async () => {
    const inline = new WorkerClient({ nodeArgs: ['--max-old-space-size=64'], args: ['--inline'] });
    const ok = await inline.run('return 1');
    assert.equal(ok.value, 1);
    const died = await inline.run('const a = []; for (;;) a.push(new Array(100000).fill(1.5));', [], { limits: { wall_ms: 20000 } })
        .then(() => 'answered', (error) => error.message);
    assert.match(died, /^the worker exited/);
    const { code, signal } = await inline.exited;
    assert.ok(code !== 0 || signal !== null);
    assert.equal(inline.lines.length, 1, 'no partial line was written');
});
