#!/usr/bin/env node
// The code we show is the behaviour we draw, at scale (SPEC §6): generates N
// random scenarios with nested plans (every combinator, graph/levels/abort/
// hedge/retry/pool, empty combinators, per-invocation latency and failure
// arrays, seeded random latencies, hosts under connections_per_host), runs
// each through asyncscope twice, on the QFuture engine and with `--engine js`
// (each expression plan as the JavaScript `asyncscope code` prints for it, on
// Node), and compares every plan's outcome, settle time and value or reason,
// and every span (task, instance, queued, start, end, outcome, discarded).
//
//   node fuzz_engines.mjs ASYNCSCOPE_BINARY [N=200] [SEED=1] [options]
//     --jobs J       scenarios run J at a time (default: the number of CPUs)
//     --show K       print the first K disagreements (default 5)
//     --shrink       also shrink each printed disagreement to a small repro
//     --worker FILE  run the JavaScript on this plan_worker.mjs instead of the
//                    one compiled into the binary (to try a worker change
//                    without a rebuild; uses ASYNCSCOPE_NODE)
//     --ignore K,..  kinds of difference that do not count as disagreeing
//                    (they are still counted and reported): outcome,
//                    settled_ms, span, discarded, discarded-enclosing, value
//     --no-zero-ms   timer arguments (timeout, delay, hedge, retry gap) are
//                    never 0 (both engines wait 1 ms for them, as Node's
//                    setTimeout(f, 0) does; this looks past that rule)
//     --avoid C,..   never generate these combinators (to look past a known
//                    class of disagreement)
//     --hosts        every scenario limits connections per host (1 or 2) and
//                    most tasks share a host
//     --patch MODULE try a fix of either side without a rebuild: MODULE may
//                    export engineScenario(scenario) (the scenario the QFuture
//                    engine runs instead) and javascript(code, plan, scenario)
//                    (the plan's code instead of what `asyncscope code` prints;
//                    the plans then run as "js" plans, not with --engine js)
//
// Kinds: a span that differs only in `discarded`, true on QFuture and false
// on JavaScript although it ended no later than its plan settled, is
// "discarded-enclosing": SPEC §1 discards what settles after an enclosing
// combinator settled, §6 (JavaScript plans) only what settles after the plan.
//
// The same N and SEED give the same scenarios. Latencies and times are
// multiples of 50 ms (and 0), so ties, the hard part, are common. Each shown
// disagreement's scenario is saved as /tmp/engines-divergence-SEED-I.json
// (and -I-min.json when shrunk). Prints "agree on K of N scenarios (P plans,
// S spans)"; exits 1 if any scenario disagrees, 2 on bad usage.

import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

// --- arguments ---------------------------------------------------------------

const positional = [];
const options = { jobs: Math.max(1, cpus().length), show: 5, shrink: false, worker: null, ignore: new Set(), zeroMs: true, avoid: new Set(), hosts: false, patch: null };
{
    const argv = process.argv.slice(2);
    for (let i = 0; i < argv.length; ++i) {
        const a = argv[i];
        if (a === '--jobs') options.jobs = Math.max(1, Number(argv[++i]));
        else if (a === '--show') options.show = Number(argv[++i]);
        else if (a === '--shrink') options.shrink = true;
        else if (a === '--worker') options.worker = resolve(argv[++i]);
        else if (a === '--ignore') options.ignore = new Set(argv[++i].split(','));
        else if (a === '--no-zero-ms') options.zeroMs = false;
        else if (a === '--hosts') options.hosts = true;
        else if (a === '--patch') options.patch = resolve(argv[++i]);
        else if (a === '--avoid') options.avoid = new Set(argv[++i].split(','));
        else if (a.startsWith('--')) usage(`unknown option ${a}`);
        else positional.push(a);
    }
}
const [binary, countText = '200', seedText = '1'] = positional;
if (!binary || !(Number(countText) >= 0) || !Number.isFinite(Number(seedText)))
    usage();
const COUNT = Math.floor(Number(countText));
const SEED = Number(seedText);

function usage(message) {
    if (message)
        process.stderr.write(`fuzz_engines: ${message}\n`);
    process.stderr.write('usage: node fuzz_engines.mjs ASYNCSCOPE_BINARY [N] [SEED] [--jobs J] [--show K] [--shrink] [--worker FILE]\n');
    process.exit(2);
}

// --- scenarios -----------------------------------------------------------------

// mulberry32: a small seeded generator, so every scenario can be reproduced.
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

// Expressions are trees: {task: id} | {call: name, numbers: [...], args: [...]}
// (graph/levels: args are task ids). text() prints them in the plan syntax.
const LEADING_NUMBERS = { timeout: false, delay: true, hedge: false, retry: false, pool: true };
function text(e) {
    if (e.task !== undefined)
        return e.task;
    if (e.call === 'graph' || e.call === 'levels')
        return `${e.call}(${e.ids.join(', ')})`;
    const operands = e.args.map(text);
    const numbers = e.numbers.map(String);
    const parts = LEADING_NUMBERS[e.call] ? [...numbers, ...operands] : [...operands, ...numbers];
    return `${e.call}(${parts.join(', ')})`;
}

function makeScenario(random, index) {
    const pick = (list) => list[Math.floor(random() * list.length)];
    const chance = (p) => random() < p;
    const count = 2 + Math.floor(random() * 6);
    const hosts = chance(0.5) ? ['h', 'g'] : ['h'];
    const tasks = [];
    const errors = ['HTTP 503', { code: 7 }, null];
    for (let i = 0; i < count; ++i) {
        const task = { id: `t${i}` };
        const perInvocation = () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick([0, 50, 100, 150, 200]));
        const shape = random();
        if (shape < 0.08) {
            // Seeded random latency and failures: the app draws them and sends the draws.
            task.latency = pick([{ dist: 'uniform', min_ms: 0, max_ms: 200 }, { dist: 'exponential', mean_ms: 100 },
                                 { dist: 'normal', mean_ms: 100, sd_ms: 40 }, { dist: 'lognormal', median_ms: 80, p95_ms: 250 }]);
            if (chance(0.5))
                task.failure_rate = pick([0.2, 0.5]);
        } else {
            task.latency_ms = shape < 0.35 ? perInvocation() : pick([0, 50, 100, 150, 200, 250]);
            if (chance(0.15))
                task.jitter_ms = 0;
        }
        if (chance(0.3)) {
            task.fails = chance(0.4) ? true
                : Array.from({ length: 1 + Math.floor(random() * 3) }, () => chance(0.5));
        }
        const error = pick(errors);
        if (error !== null && chance(0.2))
            task.error = error;
        if (chance(0.15))
            task.value = pick([42, { id: i }, [i, 'x'], null, 'v']);
        if (i > 0 && chance(0.45)) {
            const needs = new Set([`t${Math.floor(random() * i)}`]);
            if (i > 1 && chance(0.3))
                needs.add(`t${Math.floor(random() * i)}`);
            task.needs = [...needs];
        }
        if (chance(options.hosts ? 0.75 : 0.4))
            task.host = pick(hosts);
        tasks.push(task);
    }
    const ids = tasks.map(t => t.id);
    const needsOf = new Map(tasks.map(t => [t.id, t.needs ?? []]));
    // A graph's list must hold every need of what it lists.
    const closedSubset = () => {
        const chosen = new Set();
        const add = (id) => {
            if (chosen.has(id))
                return;
            for (const need of needsOf.get(id))
                add(need);
            chosen.add(id);
        };
        const n = 1 + Math.floor(random() * Math.min(3, ids.length));
        for (let i = 0; i < n; ++i)
            add(pick(ids));
        const list = [...chosen];
        for (let i = list.length - 1; i > 0; --i) {   // listed order need not be needs-first
            const j = Math.floor(random() * (i + 1));
            [list[i], list[j]] = [list[j], list[i]];
        }
        return list;
    };
    const ms = () => options.zeroMs ? pick([0, 0, 50, 100, 100, 150, 200, 250]) : pick([50, 50, 100, 100, 150, 200, 250]);
    const maxDepth = 2 + Math.floor(random() * 3);
    const expr = (depth) => {
        if (depth >= maxDepth || chance(depth === 0 ? 0.05 : 0.3))
            return { task: pick(ids) };
        // Empty operand lists are rare but present (all() / any() / race() / pool(n) settle at once or never).
        const n = chance(0.06) ? 0 : 1 + Math.floor(random() * 4);
        const list = () => Array.from({ length: n }, () => expr(depth + 1));
        let name;
        do {
            name = pick(['seq', 'all', 'allSettled', 'race', 'any', 'timeout', 'delay', 'hedge', 'retry', 'pool',
                         'abort', 'abort', 'graph', 'levels']);
        } while (options.avoid.has(name));
        switch (name) {
        case 'seq': case 'all': case 'allSettled': case 'race': case 'any':
            return { call: name, numbers: [], args: list() };
        case 'timeout': return { call: name, numbers: [ms()], args: [expr(depth + 1)] };
        case 'delay': return { call: name, numbers: [ms()], args: [expr(depth + 1)] };
        case 'hedge': return { call: name, numbers: [ms()], args: [expr(depth + 1), expr(depth + 1)] };
        case 'retry': return { call: name, numbers: [1 + Math.floor(random() * 3), ms()], args: [expr(depth + 1)] };
        case 'pool': return { call: name, numbers: [1 + Math.floor(random() * 2)], args: list() };
        case 'abort': return { call: name, numbers: [], args: [expr(depth + 1)] };
        case 'graph': case 'levels':
            return { call: name, ids: chance(0.4) ? [] : closedSubset() };
        }
        return { task: pick(ids) };
    };
    const planCount = 4 + Math.floor(random() * 5);
    const plans = Array.from({ length: planCount }, (_, i) => ({ name: `p${i}`, run: text(expr(0)) }));
    const scenario = { format: 'asyncscope-scenario/1', name: `engines fuzz ${index}`, tasks, plans };
    if (options.hosts)
        scenario.connections_per_host = 1 + Math.floor(random() * 2);
    else if (chance(0.5))
        scenario.connections_per_host = 1 + Math.floor(random() * 3);
    return scenario;
}

// --- running and comparing -------------------------------------------------------

const directory = mkdtempSync(join(tmpdir(), 'asyncscope-engines-'));
const env = { ...process.env };
if (options.worker !== null) {
    // The app starts ASYNCSCOPE_NODE with its flags and its copy of the worker
    // (plan_worker-HASH.mjs), also named in --allow-fs-read; it may probe --version first.
    const wrapper = join(directory, 'node-with-worker.sh');
    const quote = (x) => `'${x.replace(/'/g, `'\\''`)}'`;
    writeFileSync(wrapper, `#!/bin/sh
W=${quote(options.worker)}
for a in "$@"; do
  shift
  case "$a" in
    --allow-fs-read=*plan_worker*) a="--allow-fs-read=$W" ;;
    *plan_worker*.mjs) a="$W" ;;
  esac
  set -- "$@" "$a"
done
exec ${quote(process.execPath)} "$@"
`);
    chmodSync(wrapper, 0o755);
    env.ASYNCSCOPE_NODE = wrapper;
}

async function runApp(file, extra) {
    try {
        const { stdout } = await execFileAsync(binary, ['run', file, '--format', 'json', ...extra],
                                               { encoding: 'utf8', maxBuffer: 1 << 28, env, timeout: 120000 });
        return { trace: JSON.parse(stdout) };
    } catch (error) {
        return { error: `asyncscope ${extra.join(' ') || '(QFuture)'} failed: ${(error.stderr || error.message || '').trim().split('\n')[0]}` };
    }
}

// Reasons as the two engines print them: the QFuture engine a task's error or
// a string; JavaScript an Error ({name, message}) or a DOMException.
function plain(value) {
    if (Array.isArray(value))
        return value.map(plain);
    if (value !== null && typeof value === 'object') {
        const keys = Object.keys(value);
        if (keys.length === 2 && typeof value.name === 'string' && typeof value.message === 'string' && value.name !== 'AggregateError')
            return value.name === 'Error' ? value.message : `${value.name}: ${value.message}`;
        return Object.fromEntries(keys.sort().map(k => [k, plain(value[k])]));
    }
    return value;
}

const spanRow = (s) => [s.task, s.instance, s.queued_ms ?? s.start_ms, s.start_ms, s.end_ms, s.outcome, s.discarded];
const SPAN_FIELDS = 'task, instance, queued, start, end, outcome, discarded';

// Differences as {plan, kind, text}; kind: outcome, settled_ms, span,
// discarded, discarded-enclosing, value.
function compare(engine, node) {
    const differences = [];
    engine.plans.forEach((plan, i) => {
        const other = node.plans[i];
        const add = (kind, what) => differences.push({ plan: plan.name, kind, text: `${plan.name} = ${plan.run}: ${what}` });
        if (!other || other.name !== plan.name) {
            add('outcome', 'missing on JavaScript');
            return;
        }
        for (const key of ['outcome', 'settled_ms']) {
            if (plan[key] !== other[key])
                add(key, `${key} ${JSON.stringify(plan[key])} (QFuture) vs ${JSON.stringify(other[key])} (JavaScript)`);
        }
        const longest = Math.max(plan.spans.length, other.spans.length);
        for (let s = 0; s < longest; ++s) {
            const x = plan.spans[s] ? JSON.stringify(spanRow(plan.spans[s])) : 'none';
            const y = other.spans[s] ? JSON.stringify(spanRow(other.spans[s])) : 'none';
            if (x === y)
                continue;
            let kind = 'span';
            const p = plan.spans[s];
            const q = other.spans[s];
            if (p && q && JSON.stringify(spanRow(p).slice(0, -1)) === JSON.stringify(spanRow(q).slice(0, -1))) {
                kind = p.discarded && !q.discarded && p.end_ms !== null && (plan.settled_ms === null || p.end_ms <= plan.settled_ms)
                    ? 'discarded-enclosing' : 'discarded';
            }
            add(kind, `span ${s} [${SPAN_FIELDS}] ${x} (QFuture) vs ${y} (JavaScript)`);
        }
        if (plan.outcome === other.outcome && plan.outcome !== 'pending') {
            const key = plan.outcome === 'fulfilled' ? 'value' : 'reason';
            const x = JSON.stringify(plain(plan[key]));
            const y = JSON.stringify(plain(other[key]));
            if (x !== y)
                add('value', `${key} ${x} (QFuture) vs ${y} (JavaScript)`);
        }
    });
    return differences;
}

const patch = options.patch === null ? null : await import(pathToFileURL(options.patch).href);

// The patched run: each plan's printed code, patched, as a JavaScript plan.
async function runPatched(scenario, file) {
    const engineFile = file.replace(/\.json$/, '-engine.json');
    writeFileSync(engineFile, JSON.stringify(patch.engineScenario ? patch.engineScenario(scenario) : scenario, null, 1) + '\n');
    const a = runApp(engineFile, []);
    if (!patch.javascript)
        return [await a, await runApp(file, ['--engine', 'js'])];
    const plans = [];
    for (const plan of scenario.plans) {
        try {
            const { stdout } = await execFileAsync(binary, ['code', file, '--plan', plan.name], { encoding: 'utf8', env });
            plans.push({ name: plan.name, js: patch.javascript(stdout, plan, scenario) });
        } catch (error) {
            return [await a, { error: `asyncscope code failed: ${(error.stderr || error.message || '').trim().split('\n')[0]}` }];
        }
    }
    const jsFile = file.replace(/\.json$/, '-js.json');
    writeFileSync(jsFile, JSON.stringify({ ...scenario, plans }, null, 1) + '\n');
    const b = await runApp(jsFile, []);
    if (b.trace)
        b.trace.plans.forEach((p, i) => { p.run = scenario.plans[i].run; });
    return [await a, b];
}

// One scenario: {differences, plans, spans} or {error}.
async function check(scenario, file) {
    writeFileSync(file, JSON.stringify(scenario, null, 1) + '\n');
    const [a, b] = patch !== null ? await runPatched(scenario, file)
        : await Promise.all([runApp(file, []), runApp(file, ['--engine', 'js'])]);
    if (a.error || b.error)
        return { error: a.error || b.error };
    const all = compare(a.trace, b.trace);
    return {
        differences: all.filter(d => !options.ignore.has(d.kind)),
        ignored: all.filter(d => options.ignore.has(d.kind)),
        plans: a.trace.plans.length,
        spans: a.trace.plans.reduce((n, p) => n + p.spans.length, 0),
    };
}

// --- shrinking a disagreement ----------------------------------------------------

function parse(textIn) {
    let at = 0;
    const word = () => {
        const m = /^\s*([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?)/.exec(textIn.slice(at));
        at += m[0].length;
        return m[1];
    };
    const peek = () => textIn.slice(at).trimStart()[0];
    const eat = () => { while (textIn[at] === ' ') ++at; return textIn[at++]; };
    const node = () => {
        const name = word();
        if (peek() !== '(')
            return /^\d/.test(name) ? { number: Number(name) } : { task: name };
        eat();
        const items = [];
        while (peek() !== ')') {
            items.push(node());
            if (peek() === ',')
                eat();
        }
        eat();
        if (name === 'graph' || name === 'levels')
            return { call: name, ids: items.map(x => x.task) };
        return { call: name, numbers: items.filter(x => x.number !== undefined).map(x => x.number), args: items.filter(x => x.number === undefined) };
    };
    return node();
}

// Smaller variants of an expression tree, biggest cuts first.
function* smaller(e) {
    if (e.task !== undefined)
        return;
    if (e.ids) {
        if (e.ids.length > 0)
            yield { ...e, ids: [] };
        return;
    }
    for (const arg of e.args)
        yield arg;
    const variadic = ['seq', 'all', 'allSettled', 'race', 'any', 'pool'].includes(e.call);
    if (variadic) {
        for (let i = 0; i < e.args.length; ++i)
            yield { ...e, args: e.args.filter((_, k) => k !== i) };
    }
    for (let i = 0; i < e.numbers.length; ++i) {
        const floor = (e.call === 'retry' && i === 0) || e.call === 'pool' ? 1 : (options.zeroMs ? 0 : 50);
        if (e.numbers[i] > floor) {
            for (const v of [floor, Math.floor(e.numbers[i] / 2)]) {
                if (v < e.numbers[i] && v >= floor)
                    yield { ...e, numbers: e.numbers.map((n, k) => k === i ? v : n) };
            }
        }
    }
    for (let i = 0; i < e.args.length; ++i) {
        for (const arg of smaller(e.args[i]))
            yield { ...e, args: e.args.map((a, k) => k === i ? arg : a) };
    }
}

function* smallerTasks(scenario) {
    const { tasks } = scenario;
    if (scenario.connections_per_host !== undefined) {
        const { connections_per_host: _, ...rest } = scenario;
        yield rest;
    }
    for (let i = 0; i < tasks.length; ++i) {
        const t = tasks[i];
        const variants = [];
        for (const key of ['fails', 'needs', 'host', 'error', 'value', 'failure_rate', 'jitter_ms']) {
            if (t[key] !== undefined) {
                const { [key]: _, ...rest } = t;
                variants.push(rest);
            }
        }
        if (Array.isArray(t.fails) && t.fails.length > 1)
            variants.push({ ...t, fails: t.fails.slice(0, -1) });
        if (Array.isArray(t.latency_ms) && t.latency_ms.length > 1)
            variants.push({ ...t, latency_ms: t.latency_ms.slice(0, -1) }, { ...t, latency_ms: t.latency_ms[0] });
        if (t.latency !== undefined) {
            const { latency: _, ...rest } = t;
            variants.push({ ...rest, latency_ms: 100 });
        }
        if (typeof t.latency_ms === 'number' && t.latency_ms > 0)
            variants.push({ ...t, latency_ms: 0 }, { ...t, latency_ms: Math.floor(t.latency_ms / 100) * 50 });
        for (const v of variants)
            yield { ...scenario, tasks: tasks.map((x, k) => k === i ? v : x) };
    }
}

// Drops tasks no plan names (directly, through graph() or as a need).
function pruneTasks(scenario) {
    const used = new Set();
    let all = false;
    for (const plan of scenario.plans) {
        const walk = (e) => {
            if (e.task !== undefined) used.add(e.task);
            else if (e.ids) { if (e.ids.length === 0) all = true; e.ids.forEach(id => used.add(id)); }
            else e.args.forEach(walk);
        };
        walk(parse(plan.run));
    }
    if (all)
        return scenario;
    const byId = new Map(scenario.tasks.map(t => [t.id, t]));
    const add = (id) => { if (!used.has(id)) used.add(id); (byId.get(id)?.needs ?? []).forEach(n => { if (!used.has(n)) add(n); }); };
    [...used].forEach(id => (byId.get(id)?.needs ?? []).forEach(add));
    return { ...scenario, tasks: scenario.tasks.filter(t => used.has(t.id)) };
}

async function shrink(scenario, differences, file) {
    const kinds = new Set(differences.map(d => d.kind));
    let budget = 400;   // runs of both engines
    const stillDiffers = async (candidate) => {
        if (--budget < 0)
            return false;
        const r = await check(candidate, file);
        return !r.error && r.differences.some(d => kinds.has(d.kind));
    };
    // One plan that disagrees, then smaller expressions, then simpler tasks.
    let best = { ...scenario, plans: scenario.plans.filter(p => p.name === differences[0].plan) };
    if (!(await stillDiffers(best)))
        best = scenario;
    for (let progress = true, rounds = 0; progress && rounds < 40; ++rounds) {
        progress = false;
        for (let p = 0; p < best.plans.length && !progress; ++p) {
            for (const e of smaller(parse(best.plans[p].run))) {
                const candidate = pruneTasks({ ...best, plans: best.plans.map((x, k) => k === p ? { ...x, run: text(e) } : x) });
                if (await stillDiffers(candidate)) {
                    best = candidate;
                    progress = true;
                    break;
                }
            }
        }
        if (progress)
            continue;
        for (const candidate of smallerTasks(best)) {
            if (await stillDiffers(candidate)) {
                best = candidate;
                progress = true;
                break;
            }
        }
    }
    return best;
}

// --- main ---------------------------------------------------------------------------

const started = Date.now();
const random = generator(SEED);
const scenarios = Array.from({ length: COUNT }, (_, i) => makeScenario(random, i));
const results = new Array(COUNT);
let next = 0;
await Promise.all(Array.from({ length: Math.min(options.jobs, COUNT) }, async (_, job) => {
    const file = join(directory, `job-${job}.json`);
    while (next < COUNT) {
        const i = next++;
        results[i] = await check(scenarios[i], file);
    }
}));

let agree = 0;
let plans = 0;
let spans = 0;
let shown = 0;
const failed = [];
const classes = new Map();   // kind -> scenarios
const ignoredClasses = new Map();
let errors = 0;
for (let i = 0; i < COUNT; ++i) {
    const r = results[i];
    if (r.error) {
        failed.push(i);
        ++errors;
        if (shown++ < options.show)
            process.stdout.write(`scenario ${i}: ${r.error}\n`);
        continue;
    }
    plans += r.plans;
    spans += r.spans;
    for (const kind of new Set(r.ignored.map(d => d.kind)))
        ignoredClasses.set(kind, (ignoredClasses.get(kind) ?? 0) + 1);
    if (r.differences.length === 0) {
        ++agree;
        continue;
    }
    failed.push(i);
    for (const kind of new Set(r.differences.map(d => d.kind)))
        classes.set(kind, (classes.get(kind) ?? 0) + 1);
    if (shown++ < options.show) {
        const saved = `/tmp/engines-divergence-${SEED}-${i}.json`;
        writeFileSync(saved, JSON.stringify(scenarios[i], null, 1) + '\n');
        process.stdout.write(`scenario ${i} disagrees (${saved}):\n  ${r.differences.slice(0, 8).map(d => d.text).join('\n  ')}\n`);
        if (options.shrink) {
            const small = await shrink(scenarios[i], r.differences, join(directory, 'shrink.json'));
            const smallFile = `/tmp/engines-divergence-${SEED}-${i}-min.json`;
            writeFileSync(smallFile, JSON.stringify(small, null, 1) + '\n');
            const again = await check(small, join(directory, 'shrink.json'));
            process.stdout.write(`  shrunk to ${smallFile}: tasks ${JSON.stringify(small.tasks)}${small.connections_per_host ? `, connections_per_host ${small.connections_per_host}` : ''}\n`
                + `    ${again.error ?? again.differences.slice(0, 6).map(d => d.text).join('\n    ')}\n`);
        }
    }
}
rmSync(directory, { recursive: true, force: true });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const list = (map) => [...map].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
process.stdout.write(`agree on ${agree} of ${COUNT} scenarios (${plans} plans, ${spans} spans)`
    + `${failed.length ? `; scenarios disagreeing by kind: ${list(classes) || 'none'}` : ''}`
    + `${errors ? `; ${errors} scenarios did not run` : ''}`
    + `${ignoredClasses.size ? `; ignored (${[...options.ignore].join(',')}): ${list(ignoredClasses)}` : ''}; seed ${SEED}, ${seconds} s\n`);
process.exit(failed.length > 0 ? 1 : 0);
