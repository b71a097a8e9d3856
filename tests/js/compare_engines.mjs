#!/usr/bin/env node
// The code we show is the behaviour we draw: runs a scenario twice through
// asyncscope, on the QFuture engine and with every expression plan replaced
// by the JavaScript `asyncscope code` prints for it, run on Node (`--engine
// js`), and compares every plan's outcome and settle time and every span
// (task, instance, start, end, outcome, discarded).
//   node compare_engines.mjs ASYNCSCOPE_BINARY SCENARIO [--seed N]
// Exit 0 when they agree, 1 (with the first differences) when not.

import { execFileSync } from 'node:child_process';

const [binary, scenario, ...rest] = process.argv.slice(2);
const run = (extra) => JSON.parse(execFileSync(binary, ['run', scenario, '--format', 'json', ...rest, ...extra],
                                               { encoding: 'utf8', maxBuffer: 1 << 28 }));
const engine = run([]);
const node = run(['--engine', 'js']);
const shape = (trace) => trace.plans.map(p => ({
    name: p.name, outcome: p.outcome, settled_ms: p.settled_ms,
    spans: p.spans.map(s => [s.task, s.instance, s.start_ms, s.end_ms, s.outcome, s.discarded]),
}));
const a = shape(engine);
const b = shape(node);
const differences = [];
a.forEach((plan, i) => {
    const other = b[i];
    for (const key of ['name', 'outcome', 'settled_ms'])
        if (plan[key] !== other?.[key])
            differences.push(`${plan.name}: ${key} ${JSON.stringify(plan[key])} (QFuture) vs ${JSON.stringify(other?.[key])} (JavaScript)`);
    const longest = Math.max(plan.spans.length, other?.spans.length ?? 0);
    for (let s = 0; s < longest; ++s) {
        const x = JSON.stringify(plan.spans[s]);
        const y = JSON.stringify(other?.spans[s]);
        if (x !== y)
            differences.push(`${plan.name}: span ${s} ${x} (QFuture) vs ${y} (JavaScript)`);
    }
});
if (differences.length) {
    console.log(`DIFFER ${scenario}:\n  ` + differences.slice(0, 12).join('\n  '));
    process.exit(1);
}
console.log(`OK ${scenario}: ${a.length} plans, ${a.reduce((n, p) => n + p.spans.length, 0)} spans agree`);
