#!/usr/bin/env node
// Compares asyncscope's virtual run with the JavaScript reference.
//
// Usage: node compare.mjs ASYNCSCOPE_BINARY SCENARIO.json
//
// Runs `ASYNCSCOPE_BINARY run SCENARIO.json --format json` and
// `node reference.mjs SCENARIO.json`, then compares the fields the semantics
// decide (reference.mjs lists them); extra fields in asyncscope's output are
// ignored. Spans are matched by (task, instance). Prints every difference and
// exits 1 on any, 77 when the reference cannot model the scenario (random
// draws), 0 when both agree.

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [binary, file] = process.argv.slice(2);
if (!binary || !file) {
    process.stderr.write('usage: node compare.mjs ASYNCSCOPE_BINARY SCENARIO.json\n');
    process.exit(2);
}

function runJson(command, args, what) {
    const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (result.error) {
        process.stderr.write(`${what}: ${result.error.message}\n`);
        process.exit(1);
    }
    if (result.status === 77 && what === 'reference') {
        process.stdout.write(`SKIP ${file}: ${result.stderr.trim()}\n`);
        process.exit(77);
    }
    if (result.status !== 0) {
        process.stderr.write(`${what} exited with ${result.status}:\n${result.stderr}`);
        process.exit(1);
    }
    try {
        return JSON.parse(result.stdout);
    } catch (error) {
        process.stderr.write(`${what} printed no valid JSON (${error.message}):\n${result.stdout.slice(0, 2000)}\n`);
        process.exit(1);
    }
}

const here = dirname(fileURLToPath(import.meta.url));
const expected = runJson(process.execPath, [join(here, 'reference.mjs'), file], 'reference');
const actual = runJson(binary, ['run', file, '--format', 'json'], 'asyncscope');

const differences = [];
const differ = (path, want, got) =>
    differences.push(`${path}: reference ${JSON.stringify(want)}, asyncscope ${JSON.stringify(got)}`);

function sameJson(a, b) {
    if (typeof a === 'number' && typeof b === 'number')
        return Math.abs(a - b) < 1e-9;
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object')
        return a === b;
    if (Array.isArray(a) !== Array.isArray(b))
        return false;
    if (Array.isArray(a))
        return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every(k => k in b && sameJson(a[k], b[k]));
}

function check(path, want, got) {
    if (!sameJson(want, got))
        differ(path, want, got);
}

check('scenario', expected.scenario, actual.scenario);
// JavaScript plans are not modelled by the reference (they run on real Promises already).
const actualPlans = (actual.plans ?? []).filter(plan => plan.js === undefined);
if (actualPlans.length !== expected.plans.length)
    differ('plans.length', expected.plans.length, actualPlans.length);

expected.plans.forEach((want, index) => {
    const got = actualPlans[index];
    const at = `plans[${index}] (${want.name})`;
    if (!got)
        return;
    check(`${at}.name`, want.name, got.name);
    check(`${at}.outcome`, want.outcome, got.outcome);
    check(`${at}.settled_ms`, want.settled_ms, got.settled_ms);
    if (want.outcome === 'fulfilled')
        check(`${at}.value`, want.value, got.value);
    if (want.outcome === 'rejected')
        check(`${at}.reason`, want.reason, got.reason);
    check(`${at}.finished_ms`, want.finished_ms, got.finished_ms);

    const key = (s) => `${s.task}#${s.instance}`;
    const gotSpans = new Map((got.spans ?? []).map(s => [key(s), s]));
    for (const span of want.spans) {
        const other = gotSpans.get(key(span));
        if (!other) {
            differences.push(`${at}.spans: ${key(span)} missing in asyncscope (reference: ${JSON.stringify(span)})`);
            continue;
        }
        gotSpans.delete(key(span));
        for (const field of ['start_ms', 'end_ms', 'outcome', 'discarded'])
            check(`${at}.spans[${key(span)}].${field}`, span[field], other[field]);
    }
    for (const extra of gotSpans.keys())
        differences.push(`${at}.spans: ${extra} only in asyncscope (${JSON.stringify(gotSpans.get(extra))})`);

    // The order of spans (by start, then start order) only warns: ties in
    // start order are not part of the settle semantics.
    const order = (spans) => (spans ?? []).map(key).join(' ');
    if (differences.length === 0 && order(want.spans) !== order(got.spans))
        process.stdout.write(`note: ${at} span order differs:\n  reference  ${order(want.spans)}\n  asyncscope ${order(got.spans)}\n`);
});

if (differences.length > 0) {
    process.stdout.write(`MISMATCH ${file}:\n${differences.map(d => `  ${d}`).join('\n')}\n`);
    process.exit(1);
}
process.stdout.write(`OK ${file}: ${expected.plans.length} plans agree with JavaScript\n`);
