#!/usr/bin/env node
// Random differential test: generates deterministic scenarios with random
// nested plans, and compares asyncscope with the JavaScript reference.
//
// Usage: node fuzz.mjs ASYNCSCOPE_BINARY [COUNT=200] [SEED=1] [nonempty]
//
// `nonempty` leaves out empty calls such as all() and any(), which settle at
// once and so test microtask order rather than the clock.
// Latencies are multiples of 50 ms so that ties (the hard part) are common.
// Each failing scenario is kept in the temporary directory and named in the
// output; exits 1 if any scenario disagrees.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [binary, countText = '200', seedText = '1', mode = ''] = process.argv.slice(2);
const minimumArguments = mode === 'nonempty' ? 1 : 0;
if (!binary) {
    process.stderr.write('usage: node fuzz.mjs ASYNCSCOPE_BINARY [COUNT] [SEED]\n');
    process.exit(2);
}

// mulberry32: a small seeded generator, so a failure can be reproduced.
function generator(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6D2B79F5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function makeScenario(random, index) {
    const pick = (list) => list[Math.floor(random() * list.length)];
    const count = 2 + Math.floor(random() * 5);
    const tasks = [];
    for (let i = 0; i < count; ++i) {
        const task = { id: `t${i}` };
        task.latency_ms = random() < 0.3 ? [pick([0, 50, 100]), pick([50, 100, 150])] : pick([0, 50, 100, 150, 200]);
        if (random() < 0.3)
            task.fails = random() < 0.5 ? true : [pick([true, false]), pick([true, false])];
        if (i > 0 && random() < 0.4)
            task.needs = [`t${Math.floor(random() * i)}`];
        if (random() < 0.3)
            task.host = 'h';
        tasks.push(task);
    }
    const ids = tasks.map(t => t.id);
    const ms = () => pick([0, 50, 100, 150, 250]);
    const expr = (depth) => {
        if (depth > 3 || random() < 0.3)
            return pick(ids);
        const n = Math.max(minimumArguments, Math.floor(random() * 4));
        const list = () => Array.from({ length: n }, () => expr(depth + 1)).join(', ');
        switch (pick(['seq', 'all', 'allSettled', 'race', 'any', 'timeout', 'delay', 'hedge', 'retry', 'pool',
                      'abort', 'graph', 'levels'])) {
        case 'seq': return `seq(${list()})`;
        case 'all': return `all(${list()})`;
        case 'allSettled': return `allSettled(${list()})`;
        case 'race': return `race(${list()})`;
        case 'any': return `any(${list()})`;
        case 'timeout': return `timeout(${expr(depth + 1)}, ${ms()})`;
        case 'delay': return `delay(${ms()}, ${expr(depth + 1)})`;
        case 'hedge': return `hedge(${expr(depth + 1)}, ${expr(depth + 1)}, ${ms()})`;
        case 'retry': return `retry(${expr(depth + 1)}, ${1 + Math.floor(random() * 3)}, ${ms()})`;
        case 'pool': return `pool(${1 + Math.floor(random() * 2)}${n ? ', ' : ''}${list()})`;
        case 'abort': return `abort(${expr(depth + 1)})`;
        case 'graph': return 'graph()';
        case 'levels': return 'levels()';
        }
        return pick(ids);
    };
    const plans = Array.from({ length: 4 }, (_, i) => ({ name: `p${i}`, run: expr(0) }));
    const scenario = { format: 'asyncscope-scenario/1', name: `fuzz ${index}`, tasks, plans };
    if (random() < 0.5)
        scenario.connections_per_host = 1 + Math.floor(random() * 2);
    return scenario;
}

const here = dirname(fileURLToPath(import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'asyncscope-fuzz-'));
const random = generator(Number(seedText));
let failures = 0;
for (let i = 0; i < Number(countText); ++i) {
    const file = join(directory, `fuzz-${i}.json`);
    writeFileSync(file, JSON.stringify(makeScenario(random, i), null, 1));
    const result = spawnSync(process.execPath, [join(here, 'compare.mjs'), binary, file], { encoding: 'utf8' });
    if (result.status !== 0) {
        ++failures;
        process.stdout.write(result.stdout + result.stderr);
    }
}
process.stdout.write(`${failures} of ${countText} scenarios disagree (files in ${directory})\n`);
process.exit(failures > 0 ? 1 : 0);
