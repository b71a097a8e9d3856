#!/usr/bin/env node
// The JavaScript reference for asyncscope's virtual runs (SPEC §1, §3).
//
// Usage: node reference.mjs SCENARIO.json
//
// Runs every plan of a scenario with REAL JavaScript promises (Promise.all,
// allSettled, race, any, async/await, AbortController) on a fake clock, and
// prints the fields of `asyncscope run FILE --format json` that the semantics
// decide: scenario, plans[].name, outcome, settled_ms, value | reason,
// finished_ms, spans[] (task, instance, start_ms, end_ms, outcome, discarded).
// Because the combinators are JavaScript's own, this is the truth the engine
// is compared against (tests/js/compare.mjs).
//
// Exit codes: 0 ok, 2 bad input, 77 the scenario draws random numbers
// (distributions, jitter, failure rates), which this reference does not model.

import { readFileSync } from 'node:fs';

// ---------------------------------------------------------------------------
// The fake clock. Timers due at the same millisecond fire in the order they
// were scheduled; every microtask a timer causes runs before the next timer
// (a setImmediate callback only runs once the microtask queue is empty).

// setTimeout(f, ms) in Node waits 1 ms for anything below 1 (0 too) or past
// 2^31 - 1; the combinators' timers are setTimeout, the tasks' latencies are not.
const nodeTimerDelay = (ms) => (ms >= 1 && ms <= 2147483647 ? ms : 1);

class FakeClock {
    constructor() {
        this.now = 0;
        this.sequence = 0;
        this.timers = new Map(); // id -> {due, sequence, callback}
    }

    setTimeout(callback, ms) {
        const id = ++this.sequence;
        this.timers.set(id, { due: this.now + Math.max(0, ms), sequence: id, callback });
        return id;
    }

    clearTimeout(id) {
        this.timers.delete(id);
    }

    nextTimer() {
        let best = null;
        for (const [id, timer] of this.timers) {
            if (!best || timer.due < best.timer.due || (timer.due === best.timer.due && timer.sequence < best.timer.sequence))
                best = { id, timer };
        }
        return best;
    }

    async runUntilIdle(limit = 1000000) {
        await drainMicrotasks();
        for (let fired = 0; this.timers.size > 0; ++fired) {
            if (fired >= limit)
                throw new Error(`more than ${limit} timers: the run does not end`);
            const { id, timer } = this.nextTimer();
            this.timers.delete(id);
            this.now = timer.due;
            timer.callback();
            await drainMicrotasks();
        }
    }
}

function drainMicrotasks() {
    return new Promise(resolve => setImmediate(resolve));
}

// ---------------------------------------------------------------------------
// The expression language: task ids, numbers, and calls name(arg, ...).

function parseExpression(text, taskIds) {
    let pos = 0;
    const fail = (message) => { throw new InputError(`${message} at column ${pos + 1} in "${text}"`); };
    const skipSpace = () => { while (pos < text.length && /\s/.test(text[pos])) ++pos; };

    function parseOperand() {
        skipSpace();
        const rest = text.slice(pos);
        let match = /^[0-9]+(\.[0-9]+)?/.exec(rest);
        if (match) {
            pos += match[0].length;
            return { kind: 'number', value: Number(match[0]) };
        }
        match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
        if (!match)
            fail('expected a task, a number or a call');
        const name = match[0];
        pos += name.length;
        skipSpace();
        if (text[pos] !== '(') {
            if (!taskIds.includes(name))
                fail(`unknown task "${name}"`);
            return { kind: 'task', name };
        }
        ++pos;
        const args = [];
        skipSpace();
        if (text[pos] === ')') {
            ++pos;
        } else {
            for (;;) {
                args.push(parseOperand());
                skipSpace();
                if (text[pos] === ',') { ++pos; continue; }
                if (text[pos] === ')') { ++pos; break; }
                fail('expected "," or ")"');
            }
        }
        return checkCall({ kind: 'call', name, args }, fail);
    }

    const expr = parseOperand();
    skipSpace();
    if (pos !== text.length)
        fail('unexpected text after the expression');
    if (expr.kind === 'number')
        fail('a plan must be a task or a call');
    return expr;
}

function checkCall(call, fail) {
    const { name, args } = call;
    const isExpr = (a) => a.kind !== 'number';
    const isNumber = (a) => a.kind === 'number';
    const shape = {
        seq: () => args.every(isExpr),
        all: () => args.every(isExpr),
        allSettled: () => args.every(isExpr),
        race: () => args.every(isExpr),
        any: () => args.every(isExpr),
        timeout: () => args.length === 2 && isExpr(args[0]) && isNumber(args[1]),
        delay: () => args.length === 2 && isNumber(args[0]) && isExpr(args[1]),
        hedge: () => args.length === 3 && isExpr(args[0]) && isExpr(args[1]) && isNumber(args[2]),
        retry: () => args.length === 3 && isExpr(args[0]) && isNumber(args[1]) && args[1].value >= 1 && isNumber(args[2]),
        pool: () => args.length >= 1 && isNumber(args[0]) && args[0].value >= 1 && args.slice(1).every(isExpr),
        graph: () => args.every(a => a.kind === 'task'),
        levels: () => args.every(a => a.kind === 'task'),
        abort: () => args.length === 1 && isExpr(args[0]),
    }[name];
    if (!shape)
        fail(`unknown combinator "${name}"`);
    if (!shape())
        fail(`bad arguments for ${name}`);
    return call;
}

// ---------------------------------------------------------------------------
// Scenario loading: strict about field names, as SPEC §2 asks.

class InputError extends Error {}

const SCENARIO_FIELDS = ['format', 'name', 'description', 'tasks', 'plans', 'connections_per_host', 'lesson'];
const TASK_FIELDS = ['id', 'label', 'latency_ms', 'latency', 'jitter_ms', 'fails', 'failure_rate', 'error',
                     'value', 'needs', 'url', 'host', 'function'];
const PLAN_FIELDS = ['name', 'run'];

function checkFields(object, allowed, where) {
    for (const key of Object.keys(object)) {
        if (!allowed.includes(key))
            throw new InputError(`${where}: unknown field "${key}"`);
    }
}

function loadScenario(path) {
    const scenario = JSON.parse(readFileSync(path, 'utf8'));
    checkFields(scenario, SCENARIO_FIELDS, '(top level)');
    if (scenario.format !== 'asyncscope-scenario/1')
        throw new InputError(`format: expected "asyncscope-scenario/1"`);
    const ids = [];
    scenario.tasks.forEach((task, i) => {
        checkFields(task, TASK_FIELDS, `tasks[${i}]`);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(task.id) || ids.includes(task.id))
            throw new InputError(`tasks[${i}].id: bad or repeated id`);
        ids.push(task.id);
    });
    scenario.tasks.forEach((task, i) => {
        for (const need of task.needs ?? []) {
            if (!ids.includes(need))
                throw new InputError(`tasks[${i}].needs: unknown task "${need}"`);
        }
    });
    // JavaScript plans (SPEC §6) already run on real Promises (core/jsrun):
    // this reference models the expression plans only.
    scenario.plans = scenario.plans.filter(plan => plan.js === undefined);
    if (scenario.plans.length === 0)
        process.exit(77);
    scenario.plans.forEach((plan, i) => {
        checkFields(plan, PLAN_FIELDS, `plans[${i}]`);
        try {
            plan.expr = parseExpression(plan.run, ids);
        } catch (error) {
            throw new InputError(`plans[${i}].run: ${error.message}`);
        }
    });
    return scenario;
}

function isRandom(task) {
    return task.latency !== undefined || (task.jitter_ms ?? 0) > 0 || (task.failure_rate ?? 0) > 0;
}

function perInvocation(field, instance, fallback) {
    if (field === undefined)
        return fallback;
    if (!Array.isArray(field))
        return field;
    if (field.length === 0)
        return fallback;
    return field[Math.min(instance, field.length) - 1];
}

// ---------------------------------------------------------------------------
// One plan run: every combinator is built on JavaScript's own promises.

class AbortError {
    constructor() { this.name = 'AbortError'; }
}

class PlanRun {
    constructor(scenario, clock) {
        this.scenario = scenario;
        this.clock = clock;
        this.spans = [];
        this.instances = new Map();   // task id -> invocations so far
        this.hosts = new Map();       // host -> {active, waiting: [start callbacks]}
        this.tasks = new Map(scenario.tasks.map(t => [t.id, t]));
    }

    sleep(ms, context) {
        return new Promise((resolve, reject) => {
            if (context.signals.some(s => s.aborted)) {
                reject(new AbortError());
                return;
            }
            const onAbort = () => { this.clock.clearTimeout(timer); reject(new AbortError()); };
            const timer = this.clock.setTimeout(() => {
                context.signals.forEach(s => s.removeEventListener('abort', onAbort));
                resolve();
            }, nodeTimerDelay(ms));
            context.signals.forEach(s => s.addEventListener('abort', onAbort, { once: true }));
        });
    }

    // One invocation of a task: a request on the fake clock, queued behind the
    // host's connection limit when the scenario has one.
    invoke(id, context) {
        const task = this.tasks.get(id);
        const instance = (this.instances.get(id) ?? 0) + 1;
        this.instances.set(id, instance);
        // Like fetch() with an aborted signal: the call fails at once, a zero-length aborted span.
        if (context.signals.some(s => s.aborted)) {
            const now = this.clock.now;
            this.spans.push({ task: id, instance, queued_ms: now, start_ms: now, end_ms: now,
                              outcome: 'aborted', discarded: false, order: this.spans.length });
            return Promise.reject(new AbortError());
        }
        const latency = perInvocation(task.latency_ms, instance, 0);
        const fails = perInvocation(task.fails, instance, false);
        const span = {
            task: id, instance, queued_ms: this.clock.now, start_ms: null, end_ms: null,
            outcome: 'pending', discarded: false, order: this.spans.length,
        };
        this.spans.push(span);

        return new Promise((resolve, reject) => {
            let timer = null;
            let started = false;
            const host = this.hostSlot(task);
            const finish = (outcome) => {
                span.end_ms = this.clock.now;
                span.outcome = outcome;
                if (span.start_ms === null)
                    span.start_ms = this.clock.now;
                context.signals.forEach(s => s.removeEventListener('abort', onAbort));
                if (outcome !== 'aborted')
                    span.discarded = context.scopes.some(scope => scope.settled);
                if (host && started)
                    this.releaseHost(host);
                else if (host)
                    host.waiting = host.waiting.filter(w => w !== start);
            };
            const onAbort = () => {
                if (span.outcome !== 'pending')
                    return;
                if (timer !== null)
                    this.clock.clearTimeout(timer);
                finish('aborted');
                reject(new AbortError());
            };
            const start = () => {
                started = true;
                span.start_ms = this.clock.now;
                timer = this.clock.setTimeout(() => {
                    if (fails) {
                        finish('rejected');
                        reject(task.error ?? `${id} failed`);
                    } else {
                        finish('fulfilled');
                        resolve(task.value ?? id);
                    }
                }, latency);
            };
            context.signals.forEach(s => s.addEventListener('abort', onAbort, { once: true }));
            if (!host || host.active < host.limit) {
                if (host)
                    ++host.active;
                start();
            } else {
                host.waiting.push(start);
            }
        });
    }

    hostSlot(task) {
        const limit = this.scenario.connections_per_host;
        if (limit === undefined || !task.host)
            return null;
        if (!this.hosts.has(task.host))
            this.hosts.set(task.host, { limit, active: 0, waiting: [] });
        return this.hosts.get(task.host);
    }

    releaseHost(host) {
        --host.active;
        if (host.waiting.length > 0 && host.active < host.limit) {
            ++host.active;
            host.waiting.shift()();
        }
    }

    // Evaluates an expression node: starts it now and returns its promise.
    // `context.scopes` are the enclosing combinators (and the plan), used to
    // tell whether a span's result was thrown away.
    start(expr, context) {
        if (expr.kind === 'task')
            return this.invoke(expr.name, context);
        const scope = { settled: false };
        const inner = { ...context, scopes: [...context.scopes, scope] };
        const promise = this.combinator(expr, inner);
        promise.then(() => { scope.settled = true; }, () => { scope.settled = true; });
        return promise;
    }

    combinator(expr, context) {
        const args = expr.args;
        const clock = this.clock;
        const thunks = (list) => list.map(a => () => this.start(a, context));
        switch (expr.name) {
        case 'seq':
            return (async () => {
                const out = [];
                for (const step of thunks(args))
                    out.push(await step());
                return out;
            })();
        case 'all':
            return Promise.all(thunks(args).map(f => f()));
        case 'allSettled':
            return Promise.allSettled(thunks(args).map(f => f()));
        case 'race':
            return Promise.race(thunks(args).map(f => f()));
        case 'any':
            return Promise.any(thunks(args).map(f => f()));
        case 'timeout': {
            // The seed's withTimeout: the operation starts first, then the timer.
            const ms = args[1].value;
            const operation = this.start(args[0], context);
            let timer;
            const timeout = new Promise((_, reject) => {
                timer = clock.setTimeout(() => reject(`Timed out after ${ms}ms`), nodeTimerDelay(ms));
            });
            const raced = Promise.race([operation, timeout]);
            // Cancel the timer without adding a step to the returned promise.
            raced.then(() => clock.clearTimeout(timer), () => clock.clearTimeout(timer));
            return raced;
        }
        case 'delay':
            return this.sleep(args[0].value, context).then(() => this.start(args[1], context));
        case 'hedge':
            return this.hedge(args[0], args[1], args[2].value, context);
        case 'retry':
            return (async () => {
                const attempts = args[1].value;
                let last;
                for (let attempt = 1; attempt <= attempts; ++attempt) {
                    try {
                        return await this.start(args[0], context);
                    } catch (error) {
                        last = error;
                        if (attempt < attempts)
                            await this.sleep(args[2].value, context); // an aborted signal stops the gap
                    }
                }
                throw last;
            })();
        case 'pool':
            return this.pool(args[0].value, thunks(args.slice(1)));
        case 'graph':
            return this.graph(this.graphIds(args), context);
        case 'levels':
            return this.levels(this.graphIds(args), context);
        case 'abort': {
            const controller = new AbortController();
            const inner = { ...context, signals: [...context.signals, controller.signal] };
            // The result is p itself: aborting is a side effect, not a step.
            const operation = this.start(args[0], inner);
            operation.then(() => controller.abort(), () => controller.abort());
            return operation;
        }
        }
        throw new Error(`unhandled combinator ${expr.name}`);
    }

    hedge(primaryExpr, fallbackExpr, ms, context) {
        const clock = this.clock;
        return new Promise((resolve, reject) => {
            let fallbackStarted = false;
            let primaryFailed = false;
            let fallbackFailed = false;
            let primaryReason;
            let fallbackReason;
            let timer = null;
            const bothFailed = () => reject(new AggregateError([primaryReason, fallbackReason],
                                                                'All promises were rejected'));
            const startFallback = () => {
                if (fallbackStarted)
                    return;
                fallbackStarted = true;
                clock.clearTimeout(timer);
                this.start(fallbackExpr, context).then(resolve, reason => {
                    fallbackFailed = true;
                    fallbackReason = reason;
                    if (primaryFailed)
                        bothFailed();
                });
            };
            this.start(primaryExpr, context).then(value => {
                clock.clearTimeout(timer);
                resolve(value);
            }, reason => {
                primaryFailed = true;
                primaryReason = reason;
                if (fallbackFailed)
                    bothFailed();
                else
                    startFallback();
            });
            if (!primaryFailed && !fallbackStarted)
                timer = clock.setTimeout(startFallback, nodeTimerDelay(ms));
        });
    }

    pool(limit, steps) {
        return new Promise((resolve, reject) => {
            const results = new Array(steps.length);
            let next = 0;
            let active = 0;
            let done = 0;
            let failed = false;
            const launch = () => {
                while (!failed && active < limit && next < steps.length) {
                    const index = next++;
                    ++active;
                    steps[index]().then(value => {
                        results[index] = value;
                        --active;
                        if (++done === steps.length)
                            resolve(results);
                        else
                            launch();
                    }, reason => {
                        failed = true;
                        reject(reason);
                    });
                }
            };
            if (steps.length === 0)
                resolve([]);
            else
                launch();
        });
    }

    graphIds(args) {
        return args.length === 0 ? this.scenario.tasks.map(t => t.id) : args.map(a => a.name);
    }

    // Eager: each task starts (in listed order) as soon as all its needs have
    // fulfilled. The first rejection rejects the graph; tasks whose needs are
    // all met still start (nothing cancels them), dependents of a failed task never do.
    graph(ids, context) {
        return new Promise((resolve, reject) => {
            const values = new Map();
            const started = new Set();
            const tryStart = () => {
                for (const id of ids) {
                    if (started.has(id))
                        continue;
                    const needs = this.tasks.get(id).needs ?? [];
                    if (!needs.every(n => values.has(n)))
                        continue;
                    started.add(id);
                    this.invoke(id, context).then(value => {
                        values.set(id, value);
                        if (values.size === ids.length)
                            resolve(ids.map(i => values.get(i)));
                        else
                            tryStart();
                    }, reject);
                }
            };
            if (ids.length === 0)
                resolve([]);
            else
                tryStart();
        });
    }

    // The seed's buildOrder: Promise.all per dependency level.
    levels(ids, context) {
        const level = new Map();
        const levelOf = (id) => {
            if (!level.has(id)) {
                const needs = this.tasks.get(id).needs ?? [];
                level.set(id, needs.length === 0 ? 0 : 1 + Math.max(...needs.map(levelOf)));
            }
            return level.get(id);
        };
        ids.forEach(levelOf);
        const depth = ids.length === 0 ? 0 : 1 + Math.max(...ids.map(id => level.get(id)));
        return (async () => {
            const values = new Map();
            for (let l = 0; l < depth; ++l) {
                const group = ids.filter(id => level.get(id) === l);
                const results = await Promise.all(group.map(id => this.invoke(id, context)));
                group.forEach((id, i) => values.set(id, results[i]));
            }
            return ids.map(id => values.get(id));
        })();
    }
}

// JSON for a value or reason: AggregateErrors (also inside allSettled's
// results) become {"name", "message", "errors"} as SPEC §1 prints them.
function plain(value) {
    if (value instanceof AbortError)
        return 'AbortError';
    if (value instanceof AggregateError)
        return { name: 'AggregateError', message: 'All promises were rejected', errors: value.errors.map(plain) };
    if (Array.isArray(value))
        return value.map(plain);
    if (value !== null && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
}

async function runPlan(scenario, plan) {
    const clock = new FakeClock();
    const run = new PlanRun(scenario, clock);
    const planScope = { settled: false };
    const result = { name: plan.name, outcome: 'pending', settled_ms: null };
    const promise = run.start(plan.expr, { scopes: [planScope], signals: [] });
    promise.then(value => {
        planScope.settled = true;
        Object.assign(result, { outcome: 'fulfilled', settled_ms: clock.now, value: plain(value) });
    }, reason => {
        planScope.settled = true;
        Object.assign(result, { outcome: 'rejected', settled_ms: clock.now, reason: plain(reason) });
    });
    await clock.runUntilIdle();

    const spans = [...run.spans].sort((a, b) => (a.start_ms - b.start_ms) || (a.order - b.order));
    result.finished_ms = spans.reduce((latest, s) => Math.max(latest, s.end_ms ?? latest), 0);
    result.spans = spans.map(s => ({
        task: s.task, instance: s.instance, start_ms: s.start_ms, end_ms: s.end_ms,
        outcome: s.outcome, discarded: s.discarded,
    }));
    return result;
}

async function main() {
    const path = process.argv[2];
    if (!path) {
        process.stderr.write('usage: node reference.mjs SCENARIO.json\n');
        process.exit(2);
    }
    let scenario;
    try {
        scenario = loadScenario(path);
    } catch (error) {
        process.stderr.write(`${path}: ${error.message}\n`);
        process.exit(2);
    }
    const random = scenario.tasks.filter(isRandom).map(t => t.id);
    if (random.length > 0) {
        process.stderr.write(`${path}: random tasks (${random.join(', ')}): not modelled by the reference\n`);
        process.exit(77);
    }
    const plans = [];
    for (const plan of scenario.plans)
        plans.push(await runPlan(scenario, plan));
    process.stdout.write(JSON.stringify({ scenario: scenario.name, plans }, null, 1) + '\n');
}

main();
