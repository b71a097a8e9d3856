// The worker started the way the app starts it (the command line at the top
// of plan_worker.mjs), and with --allow-worker missing: it must run the
// tutorial and stop hostile code either way.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { WorkerClient, WORKER, spanRows, task } from './worker_client.mjs';
import { loadProfileParallel } from './tutorial_snippets.mjs';

// Node's permission model exists from Node 20; Debian bookworm's Node 18 runs
// the worker without it, as the app does (core/jsrun/js_worker.cpp).
const HAS_PERMISSIONS = Number(process.versions.node.split('.')[0]) >= 20;
const NO_PERMISSIONS = !HAS_PERMISSIONS && `Node ${process.versions.node} has no permission model`;
const PERMISSIONS = HAS_PERMISSIONS ? ['--experimental-permission', `--allow-fs-read=${WORKER}`] : [];
const APP_FLAGS = ['--max-old-space-size=128', '--disallow-code-generation-from-strings', '--no-warnings', ...PERMISSIONS,
                   ...(HAS_PERMISSIONS ? ['--allow-worker'] : [])];
const profile = loadProfileParallel + '\nreturn loadProfile(42);';
const profileTasks = ['user', 'posts', 'followers', 'recommendations'].map(id => task(id, 200));

async function exercise(worker) {
    const r = await worker.run(profile, profileTasks);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.settled_ms, 200);
    assert.deepEqual(spanRows(r).map(row => row.slice(2, 4)), [[0, 200], [0, 200], [0, 200], [0, 200]]);

    const loop = await worker.run('while (true) {}', [], { limits: { wall_ms: 300 } });
    assert.deepEqual(loop.error, { kind: 'limit', message: 'stopped after 300 ms: the code does not yield (an endless loop, or endless microtasks)' });

    const escape = await worker.run("try { await import('fs'); } catch (e) { return e.constructor.constructor('return process')(); }");
    assert.deepEqual(escape.reason, { name: 'EvalError', message: 'Code generation from strings disallowed for this context' });

    const early = await worker.run('return 1;\n}); (async function () {');
    assert.deepEqual(early.error, { kind: 'syntax', message: "Unexpected token '}'", line: 2, column: 1 });

    const trials = await worker.run(profile, profileTasks, { trials: 100 });
    assert.equal(trials.trials.length, 100);
    assert.ok(trials.trials.every(t => t.settled_ms === 200));
}

test('with the app\'s flags: permission model, plan thread, quiet stderr', async () => {
    const worker = new WorkerClient({ nodeArgs: APP_FLAGS });
    try {
        await exercise(worker);
    } finally {
        await worker.close();
    }
    // Debian's Node 18 warns at start when ca-certificates is missing (a
    // packaging default, nothing the worker does): that line does not count.
    assert.equal(worker.stderr.replace(/^Warning: Ignoring extra certs from .*\n/m, ''), '');
});

test('without --allow-worker: plans run on the main thread with per-call timeouts', { skip: NO_PERMISSIONS }, async () => {
    const worker = new WorkerClient({ nodeArgs: ['--no-warnings', ...PERMISSIONS] });
    try {
        await exercise(worker);
    } finally {
        await worker.close();
    }
    assert.equal(worker.stderr, 'plan_worker: no plan thread (Access to this API has been restricted); running plans on the main thread\n');
});

test('what the permission flags deny the worker process itself', { skip: NO_PERMISSIONS }, () => {
    const probe = "console.log(JSON.stringify([process.permission.has('fs.read', '/etc/passwd'), process.permission.has('fs.write'), process.permission.has('child'), process.permission.has('fs.read', process.argv[1])]))";
    const result = spawnSync(process.execPath, ['--no-warnings', ...PERMISSIONS, '-e', probe, WORKER], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), [false, false, false, true]);
});

test('the worker exits when stdin closes, after answering what it was sent', async () => {
    const worker = new WorkerClient();
    const answers = Promise.all([worker.ping(), worker.run('return 1'), worker.ping()]);
    worker.child.stdin.end();
    const [a, b, c] = await answers;
    assert.deepEqual([a.pong, b.value, c.pong], [true, 1, true]);
    assert.deepEqual(await worker.exited, { code: 0, signal: null });
});
