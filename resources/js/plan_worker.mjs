#!/usr/bin/env node
// asyncscope's JavaScript plan worker (SPEC §6): a long-lived Node process
// that runs untrusted plan code with real V8 promises on a virtual clock.
//
// Protocol: one JSON request per line on stdin, one JSON response line per
// request on stdout, in request order. Nothing else is written to stdout;
// stderr only gets fatal diagnostics.
//   {"id": 8, "type": "ping"}                -> {"id": 8, "ok": true, "pong": true}
//   {"id": 7, "type": "run", "plan": "...", "source": "...", "tasks": [...],
//    "seed": 1, "trials": 1, "draws_per_trial": [...], "limits": {...}}
//                                            -> {"id": 7, "ok": true, "outcome": ..., "spans": [...], ...}
//                                            |  {"id": 7, "ok": false, "error": {"kind": "syntax"|"limit"|"internal", ...}}
// The request and response fields are documented at PlanExecutor.handleRun()
// below; tests/js/worker/ pins them with exact numbers. Pings are answered in
// request order like everything else, so a pong also means "idle".
// Virtual time: t = 0 is the plan's start; Date.now() is 2024-01-01T00:00:00Z
// + t; setTimeout(f, 0) waits 1 ms as in Node; AbortSignal.timeout's timer
// does not keep a run going (unref'd, as in Node); a run ends when no timer
// is pending, or at limits.virtual_ms with a note.
//
// How the app should start it (measured with Node 20):
//   node --max-old-space-size=128 --disallow-code-generation-from-strings --no-warnings \
//        --experimental-permission --allow-fs-read=/path/to/plan_worker.mjs --allow-worker \
//        /path/to/plan_worker.mjs
// - --experimental-permission: no file writes, no child processes, no native
//   addons, no reads outside --allow-fs-read (give the worker file itself, or
//   its folder). Without --no-warnings Node prints an ExperimentalWarning and a
//   SecurityWarning (for --allow-worker) to stderr at start. Node itself may
//   also print "Exception in PromiseRejectCallback" when a plan overflows the
//   stack inside a rejection; stderr is for logs, never parsed.
// - --allow-worker: the plans run on a worker thread so that a plan that never
//   yields or eats memory is stopped by terminating the thread (fast and sure)
//   while this thread keeps answering. Without it the worker still runs, in
//   one thread, with a per-call vm timeout (slower trials; a memory bomb then
//   kills the process, see below).
// - --max-old-space-size: caps the heap of both threads (it overrides
//   --heap-mb). A plan that allocates past it gets {"kind": "limit"} and a
//   fresh plan thread; memory that is not heap (typed arrays) is caught by an
//   RSS check every 20 ms (--rss-limit-mb, default 1024). If the whole process
//   dies anyway (in-process mode, or V8 aborting), the app sees EOF on stdout
//   and restarts it; the request it was running gets no answer.
// - --disallow-code-generation-from-strings is defence in depth only: the plan
//   contexts forbid eval and Function(string) on their own.
// Worker options: --inline (run plans on the main thread), --heap-mb=N
// (default 128), --rss-limit-mb=N (default 1024).
//
// Containment: each run gets a fresh vm context whose global object is a
// null-prototype object (so no host Object/Function is reachable), with code
// generation from strings and wasm off and its own microtask queue
// (microtaskMode 'afterEvaluate'). Every global the plan sees is defined by
// the prelude below, evaluated INSIDE the context; the host passes data in
// only as JSON text inside script source and reads back only strings and
// numbers, never touching an object from the context. Dynamic import() is
// rewritten to a same-length in-context call that rejects (Node's own
// rejection would hand the plan a host-realm error, whose constructor chain
// reaches the host's Function).

import vm from 'node:vm';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { types } from 'node:util';
import { getHeapStatistics } from 'node:v8';

const DEFAULT_LIMITS = {
    wall_ms: 2000,
    virtual_ms: 3600000,
    timers: 1000000,
    console_lines: 1000,
    console_chars: 100000,
    spans: 100000,
};
const MAX_SOURCE_CHARS = 1000000;
const MAX_TRIALS = 10000000;
const MAX_WALL_MS = 3600000;
const WATCHDOG_GRACE_MS = 250;     // the plan thread reports its own wall limit first
const TIMED_CALLS_PER_RUN = 100;   // vm timeouts cost ~55 us a call: after this many the watchdog alone guards
const RSS_POLL_MS = 20;
const PLAN_FILENAME = 'plan';
const PRELUDE_FILENAME = 'asyncscope:prelude';
const IMPORT_STUB = '\u2111mport';  // "ℑmport": as long as "import", so columns stay put

// ---------------------------------------------------------------------------
// The prelude. This function is never called in the host: its source text is
// evaluated inside each plan context, where it defines every global the plan
// sees and returns the driver the host calls. It must not refer to anything
// outside itself.

function asyncscopePrelude() {
    'use strict';
    const G = globalThis;
    const { defineProperty, getPrototypeOf, getOwnPropertyNames, getOwnPropertyDescriptor, keys: objectKeys, create: objectCreate, freeze } = Object;
    const { apply, construct } = Reflect;
    const jsonStringify = JSON.stringify;
    const jsonParse = JSON.parse;
    const ErrorCtor = Error;
    const TypeErrorCtor = TypeError;
    const AggregateErrorCtor = AggregateError;
    const captureStackTrace = Error.captureStackTrace;
    const PromiseCtor = Promise;
    const promiseThen = Promise.prototype.then;
    const promiseReject = Promise.reject.bind(Promise);
    const promiseResolve = Promise.resolve.bind(Promise);
    const RealDate = Date;
    const dateToString = Date.prototype.toString;
    const dateGetTime = Date.prototype.getTime;
    const dateToISOString = Date.prototype.toISOString;
    const { floor, imul } = Math;
    const isFiniteNumber = Number.isFinite;
    const isArray = Array.isArray;
    const StringCtor = String;
    const NumberCtor = Number;
    const objectIs = Object.is;
    const regExpExec = RegExp.prototype.exec;
    const stringSplit = String.prototype.split;
    const stringSlice = String.prototype.slice;
    const stringReplace = String.prototype.replace;
    const stringIndexOf = String.prototype.indexOf;
    const functionToString = Function.prototype.toString;
    const symbolToString = Symbol.prototype.toString;
    const weakMapGet = WeakMap.prototype.get;
    const weakMapSet = WeakMap.prototype.set;
    const weakMapHas = WeakMap.prototype.has;
    const mapGet = Map.prototype.get;
    const mapSet = Map.prototype.set;
    const mapDelete = Map.prototype.delete;
    const setHas = Set.prototype.has;
    const arraySort = Array.prototype.sort;   // stable in V8
    const MapCtor = Map;
    const WeakMapCtor = WeakMap;
    const exec = (re, s) => apply(regExpExec, re, [s]);
    const TIMEOUT_MAX = 2147483647;

    // Nothing may re-point stack formatting: Node calls the context's
    // Error.prepareStackTrace with call sites made in whatever realm asks for
    // .stack. This one keeps only the plan's own frames (no runner or host
    // frames, no host paths) and never hands a call site on.
    const errorToString = Error.prototype.toString;
    const prepareStackTrace = function prepareStackTrace(error, sites) {
        let out = 'Error';
        try {
            out = apply(errorToString, error, []);
        } catch (_) { /* a hostile name or message getter */ }
        try {
            for (let i = 0; i < sites.length; ++i) {
                if (sites[i].getFileName() === 'plan')
                    out += '\n    at ' + sites[i].toString();
            }
        } catch (_) { /* keep what there is */ }
        return out;
    };
    defineProperty(ErrorCtor, 'prepareStackTrace', { value: prepareStackTrace, writable: false, configurable: false });
    // The runner's and Node's frames sit between a plan's sync frames and its
    // async ones (microtasks run inside runInContext): leave room for both.
    ErrorCtor.stackTraceLimit = 50;
    defineProperty(G, 'Error', { value: ErrorCtor, writable: false, configurable: false, enumerable: false });
    // Host-scheduled callbacks (finalizers, Atomics.waitAsync) would run
    // outside the watched calls; shared memory could block the thread.
    delete G.FinalizationRegistry;
    delete G.SharedArrayBuffer;
    delete G.Atomics;
    delete G.WebAssembly;

    // --- state of one run ---------------------------------------------------
    let limits = null;
    let tasks = [];
    let seed = 1;
    let epoch = 1704067200000;   // 2024-01-01T00:00:00Z is virtual t = 0
    let plan = null;
    let detail = true;           // false in trials: no spans' args, values or console
    let trial = null;            // {count, index, results, drawsPerTrial}
    let trialDraws = null;
    let now = 0;
    let seq = 0;
    let timersSet = 0;
    let refCount = 0;
    let heap = [];
    let timersById = new MapCtor();
    let nextTimerId = 1;
    let spans = [];
    let stop = '';               // '', 'virtual', 'timers', 'spans'
    let planState = 'pending';
    let planSettledMs = null;
    let planResult = null;
    let consoleLines = [];
    let consoleChars = 0;
    let consoleCut = '';
    let uncaught = 0;
    let groupIndent = '';
    let counts = new MapCtor();
    let timeLabels = new MapCtor();
    let taskErrors = new WeakMapCtor();   // Error made by a task -> its error JSON
    let connectionsPerHost = null;        // null: unlimited
    let hosts = new MapCtor();            // host -> {inFlight, queue: [waiting call, ...] in call order}
    const rng = [0, 0, 0, 0];

    // --- the virtual clock ----------------------------------------------------
    // Timers due at the same ms fire in the order they were set; the host
    // fires one per evaluation, so every microtask runs before the next.

    function heapLess(a, b) {
        return a.due < b.due || (a.due === b.due && a.seq < b.seq);
    }

    function heapPush(node) {
        let i = heap.length;
        heap[i] = node;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            if (!heapLess(heap[i], heap[parent]))
                break;
            const t = heap[i]; heap[i] = heap[parent]; heap[parent] = t;
            i = parent;
        }
    }

    function heapPop() {
        const top = heap[0];
        const last = heap[heap.length - 1];
        heap.length -= 1;
        if (heap.length > 0) {
            heap[0] = last;
            let i = 0;
            for (;;) {
                const l = 2 * i + 1;
                const r = l + 1;
                let m = i;
                if (l < heap.length && heapLess(heap[l], heap[m]))
                    m = l;
                if (r < heap.length && heapLess(heap[r], heap[m]))
                    m = r;
                if (m === i)
                    break;
                const t = heap[i]; heap[i] = heap[m]; heap[m] = t;
                i = m;
            }
        }
        return top;
    }

    // Every arming counts against limits.timers: setTimeout, each repeat of an
    // interval, refresh(). False when the bound stops the run.
    function schedule(timer, delay) {
        if (timersSet >= limits.timers) {
            stop = stop || 'timers';
            return false;
        }
        ++timersSet;
        timer.due = now + delay;
        timer.seq = ++seq;
        heapPush({ due: timer.due, seq: timer.seq, timer });
        return true;
    }

    // Returns null when the timer bound is reached: the run stops then.
    function addTimer(fn, delay, args, repeat, ref, thisArg) {
        const timer = { id: nextTimerId++, fn, args, delay, repeat, ref, state: 'pending', due: 0, seq: 0, thisArg };
        if (!schedule(timer, delay))
            return null;
        if (ref)
            ++refCount;
        return timer;
    }

    function cancelTimer(timer) {
        if (timer === null || timer.state !== 'pending')
            return;
        timer.state = 'cancelled';
        if (timer.ref)
            --refCount;
        apply(mapDelete, timersById, [timer.id]);
    }

    function setRef(timer, ref) {
        if (timer.ref === ref)
            return;
        timer.ref = ref;
        if (timer.state === 'pending')
            refCount += ref ? 1 : -1;
    }

    // One timer per call; a number means "call again", a string is the result.
    function fire() {
        try {
            for (;;) {
                if (stop || refCount <= 0 || heap.length === 0)
                    return finish();
                const node = heap[0];
                const timer = node.timer;
                if (timer.state !== 'pending' || timer.seq !== node.seq) {
                    heapPop();
                    continue;
                }
                if (node.due > limits.virtual_ms) {
                    stop = 'virtual';
                    return finish();
                }
                heapPop();
                if (node.due > now)
                    now = node.due;
                if (!timer.repeat) {
                    timer.state = 'done';
                    if (timer.ref)
                        --refCount;
                    apply(mapDelete, timersById, [timer.id]);
                }
                try {
                    apply(timer.fn, timer.thisArg, timer.args);
                } catch (error) {
                    reportUncaught(error);
                }
                if (timer.repeat && timer.state === 'pending' && !schedule(timer, timer.repeat))
                    cancelTimer(timer);
                return trial ? trial.index : now;
            }
        } catch (error) {
            return failure(error);
        }
    }

    function failure(error) {
        let text = 'unknown error';
        try {
            text = describeError(error);
        } catch (_) { /* keep the default */ }
        return '!' + apply(stringReplace, StringCtor(text), [/\s+/g, ' ']);
    }

    function reportUncaught(error) {
        ++uncaught;
        record('error', ['Uncaught', error]);
    }

    // --- timers the plan sees (Node's API and coercions) ----------------------

    class Timeout {
        #timer;
        constructor(timer) {
            this.#timer = timer;
        }
        ref() { if (this.#timer) setRef(this.#timer, true); return this; }
        unref() { if (this.#timer) setRef(this.#timer, false); return this; }
        hasRef() { return this.#timer ? this.#timer.ref : false; }
        refresh() {
            const timer = this.#timer;
            if (timer && timer.state === 'pending')
                schedule(timer, timer.delay);
            return this;
        }
        close() { if (this.#timer) cancelTimer(this.#timer); return this; }
        [Symbol.toPrimitive]() { return this.#timer ? this.#timer.id : 0; }
        static timerOf(value) {
            return (typeof value === 'object' && value !== null && #timer in value) ? value.#timer : null;
        }
    }

    function nodeDelay(ms) {
        let after = NumberCtor(ms);
        if (!(after >= 1 && after <= TIMEOUT_MAX))
            after = 1;
        return after;
    }

    function checkCallback(callback) {
        if (typeof callback !== 'function')
            throw new TypeErrorCtor(`The "callback" argument must be of type function. Received ${describeShort(callback)}`);
    }

    // Past a bound the run is over; throwing also ends a loop that would
    // otherwise spin until the wall clock stops it.
    function boundReached(what) {
        return new RangeError(`asyncscope stopped the run: more than ${what}`);
    }

    function makeTimer(callback, ms, args, repeat, ref) {
        checkCallback(callback);
        const delay = ms === null ? 0 : nodeDelay(ms);
        const timer = addTimer(callback, delay, args, repeat ? delay : 0, ref, undefined);
        if (timer === null)
            throw boundReached(`${limits.timers} timers`);
        const handle = new Timeout(timer);
        timer.thisArg = handle;
        apply(mapSet, timersById, [timer.id, timer]);
        return handle;
    }

    function clearAnyTimer(handle) {
        let timer = Timeout.timerOf(handle);
        if (timer === null && (typeof handle === 'number' || typeof handle === 'string'))
            timer = apply(mapGet, timersById, [NumberCtor(handle)]) || null;
        cancelTimer(timer);
    }

    const timerGlobals = {
        setTimeout(callback, ms, ...args) { return makeTimer(callback, ms, args, false, true); },
        setInterval(callback, ms, ...args) { return makeTimer(callback, ms, args, true, true); },
        setImmediate(callback, ...args) { return makeTimer(callback, null, args, false, true); },
        clearTimeout(handle) { clearAnyTimer(handle); },
        clearInterval(handle) { clearAnyTimer(handle); },
        clearImmediate(handle) { clearAnyTimer(handle); },
        queueMicrotask(callback) {
            checkCallback(callback);
            apply(promiseThen, promiseResolve(undefined), [() => {
                try {
                    callback();
                } catch (error) {
                    reportUncaught(error);
                }
            }]);
        },
    };

    // --- events, abort, DOMException -------------------------------------------

    const DOM_CODES = { AbortError: 20, TimeoutError: 23, DataCloneError: 25, NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12 };

    class DOMException extends ErrorCtor {
        #name;
        constructor(message = '', options = 'Error') {
            super(StringCtor(message));
            this.#name = (typeof options === 'object' && options !== null)
                ? (options.name === undefined ? 'Error' : StringCtor(options.name))
                : StringCtor(options);
            captureStackTrace(this, DOMException);
        }
        get name() { return this.#name; }
        get code() { return DOM_CODES[this.#name] || 0; }
    }

    const abortError = () => new DOMException('This operation was aborted', 'AbortError');
    const timeoutError = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

    let eventStopped = null;   // (event) => stopImmediatePropagation() was called
    let isSignal = null;       // (value) => value is an AbortSignal made here

    class Event {
        #type;
        #stopped = false;
        constructor(type) {
            if (arguments.length === 0)
                throw new TypeErrorCtor('The "type" argument must be specified');
            this.#type = StringCtor(type);
            this.target = null;
            this.currentTarget = null;
            this.defaultPrevented = false;
            this.timeStamp = now;
        }
        get type() { return this.#type; }
        get cancelable() { return false; }
        get bubbles() { return false; }
        get isTrusted() { return false; }
        preventDefault() { }
        stopPropagation() { }
        stopImmediatePropagation() { this.#stopped = true; }
        static {
            eventStopped = (event) => event.#stopped;
        }
    }

    class EventTarget {
        #listeners = [];
        addEventListener(type, listener, options) {
            if (listener === null || listener === undefined)
                return;
            type = StringCtor(type);
            const once = typeof options === 'object' && options !== null && !!options.once;
            const signal = typeof options === 'object' && options !== null ? options.signal : undefined;
            if (signal !== undefined && isSignal(signal) && signal.aborted)
                return;
            const list = this.#listeners;
            for (let i = 0; i < list.length; ++i) {
                if (list[i].type === type && list[i].listener === listener && !list[i].removed)
                    return;
            }
            const entry = { type, listener, once, removed: false };
            list[list.length] = entry;
            if (signal !== undefined && isSignal(signal))
                signal.addEventListener('abort', () => this.removeEventListener(type, listener), { once: true });
        }
        removeEventListener(type, listener) {
            type = StringCtor(type);
            const list = this.#listeners;
            for (let i = 0; i < list.length; ++i) {
                if (list[i].type === type && list[i].listener === listener && !list[i].removed) {
                    list[i].removed = true;
                    this.#listeners = [...apply(Array.prototype.slice, list, [0, i]), ...apply(Array.prototype.slice, list, [i + 1])];
                    return;
                }
            }
        }
        dispatchEvent(event) {
            if (!(event instanceof Event))
                throw new TypeErrorCtor('The "event" argument must be an instance of Event.');
            event.target = this;
            event.currentTarget = this;
            const list = this.#listeners;   // a snapshot: removal makes a new array
            for (let i = 0; i < list.length; ++i) {
                const entry = list[i];
                if (entry.removed || entry.type !== event.type)
                    continue;
                if (entry.once)
                    this.removeEventListener(entry.type, entry.listener);
                try {
                    if (typeof entry.listener === 'function')
                        apply(entry.listener, this, [event]);
                    else if (entry.listener && typeof entry.listener.handleEvent === 'function')
                        entry.listener.handleEvent(event);
                } catch (error) {
                    reportUncaught(error);
                }
                if (eventStopped(event))
                    break;
            }
            event.currentTarget = null;
            return true;
        }
    }

    const INTERNAL = {};
    let abortSignal = null;   // (signal, reason): set in AbortSignal's static block

    class AbortSignal extends EventTarget {
        #aborted = false;
        #reason = undefined;
        #onabort = null;
        #onabortListener = null;
        constructor(key) {
            super();
            if (key !== INTERNAL)
                throw new TypeErrorCtor('Illegal constructor');
        }
        get aborted() { return this.#aborted; }
        get reason() { return this.#reason; }
        throwIfAborted() {
            if (this.#aborted)
                throw this.#reason;
        }
        get onabort() { return this.#onabort; }
        set onabort(handler) {
            this.#onabort = typeof handler === 'function' ? handler : null;
            if (this.#onabortListener === null) {
                this.#onabortListener = (event) => {
                    if (this.#onabort !== null)
                        apply(this.#onabort, this, [event]);
                };
                this.addEventListener('abort', this.#onabortListener);
            }
        }
        static abort(reason) {
            const signal = new AbortSignal(INTERNAL);
            abortSignal(signal, reason === undefined ? abortError() : reason);
            return signal;
        }
        static timeout(ms) {
            const delay = NumberCtor(ms);
            if (!(delay >= 0 && delay <= 4294967295) || floor(delay) !== delay)
                throw new RangeError(`The value of "delay" is out of range. It must be >= 0 && <= 4294967295. Received ${describeShort(ms)}`);
            const signal = new AbortSignal(INTERNAL);
            // Node's timer here is unref'd: it does not keep the run going.
            addTimer(() => abortSignal(signal, timeoutError()), nodeDelay(delay), [], 0, false, undefined);
            return signal;
        }
        static any(signals) {
            const result = new AbortSignal(INTERNAL);
            const list = [...signals];
            for (const signal of list) {
                if (!isSignal(signal))
                    throw new TypeErrorCtor('The "signals" argument must be an array of AbortSignal instances');
            }
            for (const signal of list) {
                if (signal.aborted) {
                    abortSignal(result, signal.reason);
                    return result;
                }
            }
            for (const signal of list)
                signal.addEventListener('abort', () => abortSignal(result, signal.reason), { once: true });
            return result;
        }
        static {
            isSignal = (value) => typeof value === 'object' && value !== null && #aborted in value;
            abortSignal = (signal, reason) => {
                if (signal.#aborted)
                    return;
                signal.#aborted = true;
                signal.#reason = reason;
                signal.dispatchEvent(new Event('abort'));
            };
        }
    }

    class AbortController {
        #signal = new AbortSignal(INTERNAL);
        get signal() { return this.#signal; }
        abort(reason) {
            abortSignal(this.#signal, reason === undefined ? abortError() : reason);
        }
    }

    // --- tasks: one call is one invocation, one span --------------------------

    class Response {
        #text;
        constructor(url, text) {
            this.ok = true;
            this.status = 200;
            this.statusText = 'OK';
            this.url = url;
            this.redirected = false;
            this.type = 'basic';
            this.#text = text;
        }
        json() { return promiseResolve(jsonParse(this.#text)); }
        text() { return promiseResolve(this.#text); }
        clone() { return new Response(this.url, this.#text); }
    }

    function perInvocation(list, instance, fallback) {
        if (!isArray(list))
            return list === undefined || list === null ? fallback : list;
        if (list.length === 0)
            return fallback;
        return list[(instance < list.length ? instance : list.length) - 1];
    }

    function endSpan(span, outcome) {
        span.end_ms = now;
        span.outcome = outcome;
        if (outcome !== 'aborted' && planState !== 'pending')
            span.discarded = true;
    }

    function invoke(task, args, signal, url) {
        const instance = ++task.calls;
        if (spans.length >= limits.spans) {
            stop = stop || 'spans';
            throw boundReached(`${limits.spans} calls to tasks`);
        }
        const span = { task: task.id, instance, start_ms: now, end_ms: null, outcome: 'pending', discarded: false, args: null };
        if (detail)
            span.args = jsonSafe(args, 1000, 10000);
        spans[spans.length] = span;

        // A trial may bring its own draws (a list) or its own timing ({draws,
        // latency_ms, fails}); otherwise the task's own apply.
        let draws = task.draws;
        let latencyList = task.latency;
        let failsList = task.fails;
        const override = trialDraws === null ? null : trialDraws[task.index];
        if (override !== null && override !== undefined) {
            if (isArray(override)) {
                draws = override;
            } else {
                draws = override.draws;
                latencyList = override.latency_ms;
                failsList = override.fails;
            }
        }
        let latency;
        let fails;
        if (draws !== null && draws !== undefined) {
            if (instance > draws.length) {
                const error = new ErrorCtor(`${task.fn}: call ${instance} has no seeded draw (the app drew ${draws.length} for task "${task.id}")`);
                endSpan(span, 'rejected');
                if (detail)
                    span.reason = jsonSafe(error);
                return promiseReject(error);
            }
            latency = NumberCtor(draws[instance - 1][0]);
            fails = !!draws[instance - 1][1];
        } else {
            latency = NumberCtor(perInvocation(latencyList, instance, 0));
            fails = !!perInvocation(failsList, instance, false);
        }
        if (!(latency >= 0))
            latency = 0;

        if (signal !== null && signal.aborted) {
            // Like fetch() under an aborted signal: rejects at once.
            endSpan(span, 'aborted');
            if (detail)
                span.reason = jsonSafe(signal.reason);
            return promiseReject(signal.reason);
        }

        const call = { task, span, latency, fails, signal, url, slots: null, resolve: null, reject: null, onQueuedAbort: null };
        const promise = new PromiseCtor((resolve, reject) => {
            call.resolve = resolve;
            call.reject = reject;
        });
        if (connectionsPerHost !== null && task.host !== null) {
            // SPEC §2: at most connections_per_host calls of one host in
            // flight; the rest wait in call order, as an HTTP/1.1 client's
            // requests wait for a connection (the app's engine does the same).
            let slots = apply(mapGet, hosts, [task.host]);
            if (slots === undefined) {
                slots = { inFlight: 0, queue: [] };
                apply(mapSet, hosts, [task.host, slots]);
            }
            call.slots = slots;
            if (slots.inFlight >= connectionsPerHost) {
                span.queued_ms = now;
                const queue = slots.queue;
                queue[queue.length] = call;
                if (signal !== null) {
                    // Aborted while it waits: it ends then, without ever starting.
                    call.onQueuedAbort = () => {
                        const q = slots.queue;
                        let i = 0;
                        while (i < q.length && q[i] !== call)
                            ++i;
                        if (i === q.length)
                            return;
                        for (; i + 1 < q.length; ++i)
                            q[i] = q[i + 1];
                        q.length -= 1;
                        span.start_ms = now;
                        endSpan(span, 'aborted');
                        if (detail)
                            span.reason = jsonSafe(signal.reason);
                        call.reject(signal.reason);
                    };
                    signal.addEventListener('abort', call.onQueuedAbort, { once: true });
                }
                return promise;
            }
            ++slots.inFlight;
        }
        launch(call);
        return promise;
    }

    // A connection is free the moment a response ends, before anyone reacts
    // to it: the first waiting calls take it at once, in call order.
    function releaseSlot(slots) {
        --slots.inFlight;
        while (slots.inFlight < connectionsPerHost && slots.queue.length > 0) {
            const queue = slots.queue;
            const next = queue[0];
            for (let i = 0; i + 1 < queue.length; ++i)
                queue[i] = queue[i + 1];
            queue.length -= 1;
            if (next.onQueuedAbort !== null)
                next.signal.removeEventListener('abort', next.onQueuedAbort);
            ++slots.inFlight;
            next.span.start_ms = now;
            launch(next);
        }
    }

    // Starts the request of a call: its latency counts from now.
    function launch(call) {
        const { task, span, signal, url, slots } = call;
        if (signal !== null && signal.aborted) {
            // Only a call that waited for a connection gets here (its signal
            // aborted while another call's abort listener freed the slot).
            endSpan(span, 'aborted');
            if (detail)
                span.reason = jsonSafe(signal.reason);
            if (slots !== null)
                releaseSlot(slots);
            call.reject(signal.reason);
            return;
        }
        let onAbort = null;
        const timer = addTimer(() => {
            if (onAbort !== null)
                signal.removeEventListener('abort', onAbort);
            if (call.fails) {
                endSpan(span, 'rejected');
                if (detail)
                    span.reason = task.errorValue;
                if (slots !== null)
                    releaseSlot(slots);
                const error = new ErrorCtor(task.message);
                apply(weakMapSet, taskErrors, [error, task.errorValue]);
                call.reject(error);
            } else {
                endSpan(span, 'fulfilled');
                if (detail)
                    span.value = task.value;
                if (slots !== null)
                    releaseSlot(slots);
                call.resolve(url === null ? jsonParse(task.valueText) : new Response(url, task.valueText));
            }
        }, call.latency, [], 0, true, undefined);
        if (timer === null) {
            // The run is over (stop is set); this call rejects.
            call.reject(boundReached(`${limits.timers} timers`));
            return;
        }
        if (signal !== null) {
            onAbort = () => {
                cancelTimer(timer);
                endSpan(span, 'aborted');
                if (detail)
                    span.reason = jsonSafe(signal.reason);
                if (slots !== null)
                    releaseSlot(slots);
                call.reject(signal.reason);
            };
            signal.addEventListener('abort', onAbort, { once: true });
        }
    }

    function signalOf(options) {
        if (typeof options !== 'object' || options === null)
            return null;
        const signal = options.signal;
        return isSignal(signal) ? signal : null;
    }

    function callTask(task, args) {
        if (stop !== '')
            throw boundReached(stop === 'spans' ? `${limits.spans} calls to tasks` : `${limits.timers} timers`);
        try {
            const signal = args.length > 0 ? signalOf(args[args.length - 1]) : null;
            return invoke(task, args, signal, null);
        } catch (error) {
            if (stop !== '')
                throw error;
            return promiseReject(error);
        }
    }

    // "https://h/p?q" -> {origin, path, search}; relative urls have origin ''.
    function splitUrl(text) {
        const absolute = exec(/^([a-zA-Z][a-zA-Z0-9+.-]*:)\/\/([^/?#]*)([^?#]*)(\?[^#]*)?/, text);
        if (absolute !== null) {
            return { origin: (absolute[1] + '//' + absolute[2]).toLowerCase(), path: absolute[3] || '/', search: absolute[4] || '' };
        }
        const relative = exec(/^([^?#]*)(\?[^#]*)?/, text);
        let path = relative[1];
        if (apply(stringSlice, path, [0, 1]) !== '/')
            path = '/' + path;
        return { origin: '', path, search: relative[2] || '' };
    }

    // Exact url first; then same origin+path(+query); then, when either side
    // is relative, the same path with, then without, the query. Absolute urls
    // on different hosts never match. Ties go to the first task.
    function taskForUrl(url) {
        const wanted = splitUrl(url);
        let best = null;
        let bestRank = 0;
        for (let i = 0; i < tasks.length; ++i) {
            const task = tasks[i];
            if (task.url === null)
                continue;
            let rank = 0;
            if (task.url === url) {
                rank = 5;
            } else {
                const have = task.urlParts;
                const either = have.origin === '' || wanted.origin === '';
                if (have.path === wanted.path) {
                    if (have.origin !== '' && have.origin === wanted.origin)
                        rank = have.search === wanted.search ? 4 : 0;
                    else if (either)
                        rank = have.search === wanted.search ? 3 : 2;
                }
            }
            if (rank > bestRank) {
                best = task;
                bestRank = rank;
            }
        }
        return best;
    }

    function fetch(input, init) {
        try {
            let url;
            if (typeof input === 'string')
                url = input;
            else if (typeof input === 'object' && input !== null && typeof input.url === 'string')
                url = input.url;
            else if (typeof input === 'object' && input !== null && typeof input.href === 'string')
                url = input.href;
            else
                url = StringCtor(input);
            const task = taskForUrl(url);
            if (task === null)
                return promiseReject(new TypeErrorCtor(`fetch: no task has the url ${url}`));
            const args = init === undefined ? [input] : [input, init];
            return invoke(task, args, signalOf(init), url);
        } catch (error) {
            if (stop !== '')
                throw error;
            return promiseReject(error);
        }
    }

    // --- values as JSON ----------------------------------------------------------

    function describeFunction(fn) {
        let source = '';
        try {
            source = apply(functionToString, fn, []);
        } catch (_) { /* a revoked proxy */ }
        const name = typeof fn.name === 'string' && fn.name !== '' ? fn.name : '';
        if (apply(stringSlice, source, [0, 5]) === 'class')
            return name ? `[class ${name}]` : '[class (anonymous)]';
        return name ? `[Function: ${name}]` : '[Function (anonymous)]';
    }

    function describeShort(value) {
        if (typeof value === 'string')
            return `type string ('${apply(stringSlice, value, [0, 28])}')`;
        if (typeof value === 'function')
            return `function ${value.name || ''}`;
        if (value === null || value === undefined)
            return StringCtor(value);
        if (typeof value === 'object')
            return 'an instance of ' + ((getPrototypeOf(value) && getPrototypeOf(value).constructor && getPrototypeOf(value).constructor.name) || 'Object');
        if (typeof value === 'symbol')
            return `type symbol (${apply(symbolToString, value, [])})`;
        return `type ${typeof value} (${StringCtor(value)})`;
    }

    function describeError(error) {
        if (error instanceof ErrorCtor)
            return `${StringCtor(error.name)}: ${StringCtor(error.message)}`;
        return formatOne(error);
    }

    // JSON-safe copy: Errors made by tasks become the task's error JSON;
    // other Errors {name, message} (AggregateError with its errors); cycles,
    // functions and symbols become strings; bounded in nodes and characters.
    function jsonSafe(value, maxNodes = 10000, maxChars = 100000) {
        const budget = { nodes: maxNodes, chars: maxChars };
        const ancestors = [];
        const cut = '[\u2026]';
        const clampString = (s) => {
            if (s.length <= budget.chars) {
                budget.chars -= s.length;
                return s;
            }
            const kept = budget.chars > 0 ? apply(stringSlice, s, [0, budget.chars]) : '';
            budget.chars = 0;
            return kept + '\u2026';
        };
        const convert = (v, depth) => {
            switch (typeof v) {
            case 'undefined': return null;
            case 'boolean': return v;
            case 'number': return isFiniteNumber(v) ? v : null;
            case 'bigint': return StringCtor(v) + 'n';
            case 'string': return clampString(v);
            case 'symbol': return apply(symbolToString, v, []);
            case 'function': return describeFunction(v);
            default: break;
            }
            if (v === null)
                return null;
            if (apply(weakMapHas, taskErrors, [v]))
                return apply(weakMapGet, taskErrors, [v]);
            if (--budget.nodes < 0 || depth > 32)
                return cut;
            for (let i = 0; i < ancestors.length; ++i) {
                if (ancestors[i] === v)
                    return '[Circular]';
            }
            if (v instanceof PromiseCtor)
                return '[Promise]';
            if (isSignal(v))
                return '[AbortSignal]';
            if (v instanceof RealDate) {
                const time = apply(dateGetTime, v, []);
                return isFiniteNumber(time) ? apply(dateToISOString, v, []) : null;
            }
            ancestors[ancestors.length] = v;
            let out;
            if (v instanceof ErrorCtor) {
                out = objectCreate(null);
                out.name = clampString(StringCtor(v.name));
                out.message = clampString(StringCtor(v.message));
                if (v instanceof AggregateErrorCtor) {
                    const errors = v.errors;
                    out.errors = [];
                    if (isArray(errors)) {
                        for (let i = 0; i < errors.length; ++i)
                            out.errors[i] = convert(errors[i], depth + 1);
                    }
                }
            } else if (isArray(v)) {
                out = [];
                for (let i = 0; i < v.length; ++i) {
                    if (budget.nodes <= 0) {
                        out[i] = cut;
                        break;
                    }
                    out[i] = convert(v[i], depth + 1);
                }
            } else if (typeof v.toJSON === 'function') {
                out = convert(v.toJSON(), depth + 1);
            } else {
                out = objectCreate(null);
                const names = objectKeys(v);
                for (let i = 0; i < names.length; ++i) {
                    if (budget.nodes <= 0) {
                        out[cut] = cut;
                        break;
                    }
                    out[clampString(names[i])] = convert(v[names[i]], depth + 1);
                }
            }
            ancestors.length -= 1;
            return out;
        };
        return convert(value, 0);
    }

    // JSON text of data the runner built (jsonSafe output, parsed task JSON,
    // its own records). Unlike JSON.stringify it never looks up toJSON or
    // anything else on a prototype, so a plan that patches built-ins cannot
    // change what the runner reports.
    function serialize(v) {
        switch (typeof v) {
        case 'string': return jsonStringify(v);
        case 'number': return isFiniteNumber(v) ? jsonStringify(v) : 'null';
        case 'boolean': return v ? 'true' : 'false';
        case 'object': break;
        default: return 'null';
        }
        if (v === null)
            return 'null';
        let out;
        if (isArray(v)) {
            out = '[';
            for (let i = 0; i < v.length; ++i)
                out += (i > 0 ? ',' : '') + serialize(v[i]);
            return out + ']';
        }
        out = '{';
        const names = objectKeys(v);
        let first = true;
        for (let i = 0; i < names.length; ++i) {
            const x = v[names[i]];
            if (x === undefined)
                continue;
            out += (first ? '' : ',') + jsonStringify(names[i]) + ':' + serialize(x);
            first = false;
        }
        return out + '}';
    }

    // --- console --------------------------------------------------------------

    function formatOne(v) {
        switch (typeof v) {
        case 'string': return v;
        case 'number': return objectIs(v, -0) ? '-0' : StringCtor(v);
        case 'bigint': return StringCtor(v) + 'n';
        case 'undefined': return 'undefined';
        case 'boolean': return v ? 'true' : 'false';
        case 'symbol': return apply(symbolToString, v, []);
        case 'function': return describeFunction(v);
        default: break;
        }
        if (v === null)
            return 'null';
        if (v instanceof ErrorCtor && !apply(weakMapHas, taskErrors, [v]))
            return `${StringCtor(v.name)}: ${StringCtor(v.message)}`;
        if (v instanceof ErrorCtor)
            return `Error: ${StringCtor(v.message)}`;
        return serialize(jsonSafe(v, 1000, limits ? limits.console_chars : 100000));
    }

    function formatArgs(args) {
        let out = '';
        let first = 0;
        if (typeof args[0] === 'string' && args.length > 1 && apply(stringIndexOf, args[0], ['%']) >= 0) {
            let next = 1;
            out = apply(stringReplace, args[0], [/%([sdifjoOc%])/g, (match, letter) => {
                if (letter === '%')
                    return '%';
                if (next >= args.length)
                    return match;
                const a = args[next++];
                switch (letter) {
                case 's': return typeof a === 'object' && a !== null ? formatOne(a) : (typeof a === 'bigint' ? StringCtor(a) + 'n' : (typeof a === 'symbol' ? apply(symbolToString, a, []) : StringCtor(a)));
                case 'd': return typeof a === 'bigint' ? StringCtor(a) + 'n' : (typeof a === 'symbol' ? 'NaN' : formatOne(NumberCtor(a)));
                case 'i': return typeof a === 'bigint' ? StringCtor(a) + 'n' : (typeof a === 'symbol' ? 'NaN' : formatOne(parseInt(a, 10)));
                case 'f': return typeof a === 'symbol' ? 'NaN' : formatOne(parseFloat(a));
                case 'j': return a === undefined ? 'undefined' : serialize(jsonSafe(a, 1000));
                case 'c': return '';
                default: return formatOne(a);
                }
            }]);
            first = next;
        } else if (args.length > 0) {
            out = formatOne(args[0]);
            first = 1;
        }
        for (let i = first; i < args.length; ++i)
            out += ' ' + formatOne(args[i]);
        return out;
    }

    // The plan's line that made the call (stack frames of the plan script).
    function callerLine() {
        const saved = ErrorCtor.stackTraceLimit;
        let stack;
        try {
            ErrorCtor.stackTraceLimit = 64;
            const holder = {};
            captureStackTrace(holder);
            stack = holder.stack;
        } finally {
            ErrorCtor.stackTraceLimit = saved;
        }
        if (typeof stack !== 'string')
            return null;
        const lines = apply(stringSplit, stack, ['\n']);
        for (let i = 1; i < lines.length; ++i) {
            const m = exec(/(?:^|[\s(])plan:(\d+):\d+\)?$/, lines[i]);
            if (m !== null)
                return NumberCtor(m[1]);
        }
        return null;
    }

    function record(level, args) {
        if (!detail || consoleCut !== '')
            return;
        if (consoleLines.length >= limits.console_lines) {
            consoleCut = `console output cut after ${limits.console_lines} lines`;
            return;
        }
        let text = formatArgs(args);
        if (groupIndent !== '')
            text = groupIndent + apply(stringReplace, text, [/\n/g, '\n' + groupIndent]);
        if (consoleChars + text.length > limits.console_chars) {
            text = apply(stringSlice, text, [0, limits.console_chars - consoleChars]);
            consoleCut = `console output cut after ${limits.console_chars} characters`;
            if (text === '')
                return;
        }
        consoleChars += text.length;
        consoleLines[consoleLines.length] = { t: now, level, text, line: callerLine() };
    }

    const consoleObject = {
        log(...args) { record('log', args); },
        info(...args) { record('info', args); },
        warn(...args) { record('warn', args); },
        error(...args) { record('error', args); },
        debug(...args) { record('debug', args); },
        trace(...args) { record('debug', ['Trace:', ...args]); },
        dir(value) { record('log', [value]); },
        table(value) { record('log', [value]); },
        assert(condition, ...args) {
            if (!condition)
                record('error', args.length > 0 ? ['Assertion failed:', ...args] : ['Assertion failed']);
        },
        count(label = 'default') {
            label = StringCtor(label);
            const n = (apply(mapGet, counts, [label]) || 0) + 1;
            apply(mapSet, counts, [label, n]);
            record('log', [`${label}: ${n}`]);
        },
        countReset(label = 'default') { apply(mapDelete, counts, [StringCtor(label)]); },
        time(label = 'default') { apply(mapSet, timeLabels, [StringCtor(label), now]); },
        timeLog(label = 'default', ...args) {
            const start = apply(mapGet, timeLabels, [StringCtor(label)]);
            if (start !== undefined)
                record('log', [`${StringCtor(label)}: ${now - start}ms`, ...args]);
        },
        timeEnd(label = 'default') {
            const start = apply(mapGet, timeLabels, [StringCtor(label)]);
            if (start !== undefined) {
                apply(mapDelete, timeLabels, [StringCtor(label)]);
                record('log', [`${StringCtor(label)}: ${now - start}ms`]);
            }
        },
        group(...args) { if (args.length > 0) record('log', args); groupIndent += '  '; },
        groupCollapsed(...args) { if (args.length > 0) record('log', args); groupIndent += '  '; },
        groupEnd() { groupIndent = apply(stringSlice, groupIndent, [2]); },
    };

    // --- Date, performance, Math.random on the virtual clock --------------------

    const VirtualDate = function Date(...args) {
        if (new.target === undefined)
            return apply(dateToString, construct(RealDate, [epoch + floor(now)]), []);
        return construct(RealDate, args.length === 0 ? [epoch + floor(now)] : args, new.target);
    };
    VirtualDate.prototype = RealDate.prototype;
    defineProperty(VirtualDate, 'prototype', { writable: false });
    defineProperty(RealDate.prototype, 'constructor', { value: VirtualDate, writable: true, configurable: true, enumerable: false });
    VirtualDate.now = function now_() { return epoch + floor(now); };
    defineProperty(VirtualDate.now, 'name', { value: 'now' });
    VirtualDate.parse = RealDate.parse;
    VirtualDate.UTC = RealDate.UTC;
    defineProperty(VirtualDate, 'length', { value: 7 });

    const performanceObject = {
        now() { return now; },
        get timeOrigin() { return epoch; },
        toJSON() { return { timeOrigin: epoch }; },
    };

    // sfc32, seeded through splitmix32: the same seed gives the same run.
    function seedRandom(value) {
        let s = (NumberCtor(value) >>> 0) ^ imul(floor(NumberCtor(value) / 4294967296) >>> 0, 0x85ebca6b);
        for (let i = 0; i < 4; ++i) {
            s = (s + 0x9e3779b9) | 0;
            let z = s;
            z = imul(z ^ (z >>> 16), 0x85ebca6b);
            z = imul(z ^ (z >>> 13), 0xc2b2ae35);
            rng[i] = (z ^ (z >>> 16)) >>> 0;
        }
    }

    function nextRandom32() {
        const a = rng[0];
        const b = rng[1];
        const c = rng[2];
        const d = rng[3];
        const t = (((a + b) | 0) + d) | 0;
        rng[3] = (d + 1) | 0;
        rng[0] = b ^ (b >>> 9);
        rng[1] = (c + (c << 3)) | 0;
        rng[2] = ((c << 21) | (c >>> 11)) + t | 0;
        return t >>> 0;
    }

    Math.random = function random() {
        return ((nextRandom32() >>> 5) * 67108864 + (nextRandom32() >>> 6)) / 9007199254740992;
    };

    // --- structuredClone (plain data, Date, RegExp, Map, Set, Error) -------------

    function structuredClone(value) {
        const seen = new MapCtor();
        const cloneError = (what) => new DOMException(`${what} could not be cloned.`, 'DataCloneError');
        const clone = (v) => {
            if (typeof v === 'function' || typeof v === 'symbol')
                throw cloneError(formatOne(v));
            if (typeof v !== 'object' || v === null)
                return v;
            const known = apply(mapGet, seen, [v]);
            if (known !== undefined)
                return known;
            let out;
            if (v instanceof RealDate) {
                out = construct(RealDate, [apply(dateGetTime, v, [])], VirtualDate);
            } else if (v instanceof RegExp) {
                out = new RegExp(v.source, v.flags);
            } else if (v instanceof Map) {
                out = new Map();
                apply(mapSet, seen, [v, out]);
                for (const [k, x] of v)
                    out.set(clone(k), clone(x));
                return out;
            } else if (v instanceof Set) {
                out = new Set();
                apply(mapSet, seen, [v, out]);
                for (const x of v)
                    out.add(clone(x));
                return out;
            } else if (v instanceof ErrorCtor) {
                out = new ErrorCtor(StringCtor(v.message));
                if (typeof v.name === 'string')
                    out.name = v.name;
            } else if (v instanceof PromiseCtor || v instanceof EventTarget || v instanceof Timeout) {
                throw cloneError(formatOne(v));
            } else if (isArray(v)) {
                out = [];
                apply(mapSet, seen, [v, out]);
                for (let i = 0; i < v.length; ++i)
                    out[i] = clone(v[i]);
                return out;
            } else {
                out = {};
                apply(mapSet, seen, [v, out]);
                const names = objectKeys(v);
                for (let i = 0; i < names.length; ++i)
                    defineProperty(out, names[i], { value: clone(v[names[i]]), writable: true, enumerable: true, configurable: true });
                return out;
            }
            apply(mapSet, seen, [v, out]);
            return out;
        };
        return clone(value);
    }

    // --- the globals ------------------------------------------------------------

    const define = (name, value) => defineProperty(G, name, { value, writable: true, configurable: true, enumerable: false });
    for (const name of objectKeys(timerGlobals))
        define(name, timerGlobals[name]);
    define('fetch', fetch);
    define('AbortController', AbortController);
    define('AbortSignal', AbortSignal);
    define('DOMException', DOMException);
    define('Event', Event);
    define('EventTarget', EventTarget);
    define('structuredClone', structuredClone);
    define('performance', performanceObject);
    define('console', consoleObject);
    define('Date', VirtualDate);

    // --- the driver the host calls ------------------------------------------------

    // The globals as configure() left them: each run and trial starts from
    // these, whatever the last one assigned or added (prototypes excepted).
    let globalsSnapshot = null;
    const randomFunction = Math.random;
    const dateNowFunction = VirtualDate.now;

    // Every global is a data property, and reading one is far cheaper than
    // asking for its descriptor (both go through Node's interceptors).
    function snapshotGlobals() {
        const names = getOwnPropertyNames(G);
        const values = [];
        const descriptors = [];
        for (let i = 0; i < names.length; ++i) {
            descriptors[i] = getOwnPropertyDescriptor(G, names[i]);
            values[i] = descriptors[i].value;
        }
        globalsSnapshot = { names, values, descriptors, known: new Set(names) };
    }

    function restoreGlobals() {
        const { names, values, descriptors, known } = globalsSnapshot;
        for (let i = 0; i < names.length; ++i) {
            if (!objectIs(G[names[i]], values[i]))
                defineProperty(G, names[i], descriptors[i]);
        }
        const current = getOwnPropertyNames(G);
        if (current.length !== names.length) {
            for (let i = 0; i < current.length; ++i) {
                if (!apply(setHas, known, [current[i]]))
                    delete G[current[i]];
            }
        }
        try {
            Math.random = randomFunction;
            VirtualDate.now = dateNowFunction;
        } catch (_) { /* the plan froze them: its own doing */ }
    }

    function resetRun() {
        restoreGlobals();
        now = 0;
        seq = 0;
        timersSet = 0;
        refCount = 0;
        heap = [];
        timersById = new MapCtor();
        nextTimerId = 1;
        spans = [];
        stop = '';
        planState = 'pending';
        planSettledMs = null;
        planResult = null;
        consoleLines = [];
        consoleChars = 0;
        consoleCut = '';
        uncaught = 0;
        groupIndent = '';
        counts = new MapCtor();
        timeLabels = new MapCtor();
        hosts = new MapCtor();
        for (let i = 0; i < tasks.length; ++i)
            tasks[i].calls = 0;
        const index = trial === null ? 0 : trial.index;
        seedRandom(seed + index);
        trialDraws = (trial !== null && trial.drawsPerTrial !== null && index < trial.drawsPerTrial.length)
            ? trial.drawsPerTrial[index] : null;
    }

    function startPlan() {
        let promise;
        try {
            promise = apply(plan, undefined, []);
        } catch (error) {
            promise = promiseReject(error);
        }
        apply(promiseThen, promise, [
            (value) => {
                planState = 'fulfilled';
                planSettledMs = now;
                if (detail)
                    planResult = jsonSafe(value);
            },
            (reason) => {
                planState = 'rejected';
                planSettledMs = now;
                if (detail)
                    planResult = jsonSafe(reason);
            },
        ]);
    }

    function finishedMs() {
        let last = 0;
        for (let i = 0; i < spans.length; ++i) {
            if (spans[i].end_ms !== null && spans[i].end_ms > last)
                last = spans[i].end_ms;
        }
        return last;
    }

    // A call that waited for a connection started after calls made later:
    // spans are listed by start time, in call order among equal times.
    function inStartOrder(list) {
        let sorted = true;
        for (let i = 1; i < list.length && sorted; ++i)
            sorted = list[i - 1].start_ms <= list[i].start_ms;
        if (sorted)
            return list;
        const copy = [];
        for (let i = 0; i < list.length; ++i)
            copy[i] = { span: list[i], order: i };
        apply(arraySort, copy, [(a, b) => (a.span.start_ms - b.span.start_ms) || (a.order - b.order)]);
        const out = [];
        for (let i = 0; i < copy.length; ++i)
            out[i] = copy[i].span;
        return out;
    }

    function stopInfo() {
        return { stop, timers: timersSet, calls: spans.length, now };
    }

    function finish() {
        if (trial !== null) {
            if (stop === 'timers' || stop === 'spans')
                return serialize({ stopped: stopInfo() });
            const results = trial.results;
            results[results.length] = { settled_ms: planSettledMs, outcome: planState, finished_ms: finishedMs() };
            trial.index += 1;
            if (trial.index < trial.count) {
                resetRun();
                startPlan();
                return trial.index;
            }
            return serialize({ trials: results });
        }
        return buildResult();
    }

    function buildResult() {
        if (stop === 'timers' || stop === 'spans')
            return serialize({ stopped: stopInfo() });
        const notes = [];
        if (stop === 'virtual') {
            notes[notes.length] = limits.virtual_ms === 3600000
                ? 'the run stopped at a virtual hour'
                : `the run stopped at ${limits.virtual_ms} ms of virtual time`;
        }
        if (consoleCut !== '')
            notes[notes.length] = consoleCut;
        if (uncaught > 0)
            notes[notes.length] = uncaught === 1 ? 'an exception was not caught (see the console)' : `${uncaught} exceptions were not caught (see the console)`;
        const out = { outcome: planState, settled_ms: planSettledMs };
        if (planState === 'fulfilled')
            out.value = planResult;
        else if (planState === 'rejected')
            out.reason = planResult;
        out.finished_ms = finishedMs();
        out.spans = inStartOrder(spans);
        out.console = consoleLines;
        out.note = notes.join('; ');
        return serialize(out);
    }

    function configure(text) {
        const config = jsonParse(text);
        limits = config.limits;
        seed = config.seed;
        connectionsPerHost = config.connections_per_host;
        tasks = [];
        for (let i = 0; i < config.tasks.length; ++i) {
            const t = config.tasks[i];
            const fn = t.function;
            if (fn in G)
                return `task "${t.id}": the name ${fn} is already a global of the plan`;
            let message;
            let errorValue;
            if (t.error === null || t.error === undefined) {
                message = `${t.id} failed`;
                errorValue = message;
            } else if (typeof t.error === 'string') {
                message = t.error;
                errorValue = t.error;
            } else {
                message = jsonStringify(t.error);
                errorValue = t.error;
            }
            const task = {
                id: t.id, fn, index: i, url: t.url, urlParts: t.url === null ? null : splitUrl(t.url),
                value: t.value, valueText: jsonStringify(t.value), message, errorValue,
                latency: t.latency_ms, fails: t.fails, draws: t.draws, calls: 0, host: t.host,
            };
            tasks[i] = task;
            const holder = { [fn](...args) { return callTask(task, args); } };
            define(fn, holder[fn]);
        }
        snapshotGlobals();
        return '';
    }

    function guarded(fn) {
        return (...args) => {
            try {
                return fn(...args);
            } catch (error) {
                return failure(error);
            }
        };
    }

    return freeze({
        register(fn) {
            if (plan === null)
                plan = fn;
        },
        configure: guarded(configure),
        run: guarded(() => {
            detail = true;
            trial = null;
            resetRun();
            startPlan();
            return 0;
        }),
        fire,
        trials: guarded((text) => {
            const config = jsonParse(text);
            detail = false;
            trial = { count: config.count, index: 0, results: [], drawsPerTrial: config.draws_per_trial };
            resetRun();
            startPlan();
            return 0;
        }),
        importStub: (specifier) => promiseReject(new TypeErrorCtor(`Cannot import "${StringCtor(specifier)}": a plan has no modules`)),
    });
}

const PRELUDE_SOURCE = `const __asyncscope__ = (${asyncscopePrelude.toString()})();\n`
    + `const ${IMPORT_STUB} = __asyncscope__.importStub;\n`;

// ---------------------------------------------------------------------------
// Compiling the plan: syntax errors with the user's line and column.

const SYNTAX_PREFIX = '__asyncscope__.register(async function () {\n';
const SYNTAX_SUFFIX = '\n});';

// V8's AsyncFunction constructor parses a body on its own, so it refuses code
// that closes the wrapper early ("}); ..."). It runs in a private context that
// allows compiling strings (the plan contexts and, with the recommended flag,
// the host do not); the function it makes is never called.
let bodyChecker = null;

function closesWrapperEarly(source) {
    if (bodyChecker === null) {
        bodyChecker = vm.createContext(Object.create(null), { codeGeneration: { strings: true, wasm: false } });
    }
    const verdict = vm.runInContext(`(() => { try { new (Object.getPrototypeOf(async function () {}).constructor)(${JSON.stringify(source)}); return ''; }
        catch (e) { return e instanceof SyntaxError ? 'syntax' : 'other'; } })()`, bodyChecker, { filename: PRELUDE_FILENAME });
    return verdict === 'syntax';
}

class PlanSyntaxError {
    constructor(message, line, column) {
        this.message = message;
        this.line = line;
        this.column = column;
    }
}

function oneLine(text) {
    return String(text).replace(/\s+/g, ' ').trim();
}

// V8's SyntaxError from vm.Script: stack is "plan:LINE\n<source line>\n<caret>\n\nSyntaxError: ...".
// An error past the user's text (in the wrapper's closing "});") means the
// code ended with something still open: that is reported as the end of input.
function syntaxPosition(error, source) {
    const lines = String(error.stack).split('\n');
    const at = /:(\d+)$/.exec(lines[0] || '');
    let line = at ? Number(at[1]) : 1;
    const caret = (lines[2] || '').indexOf('^');
    let column = caret >= 0 ? caret + 1 : 1;
    let atEnd = false;
    const userLines = source.split('\n');
    if (line > userLines.length) {
        line = userLines.length;
        column = userLines[line - 1].length + 1;
        atEnd = true;
    }
    if (line < 1) {
        line = 1;
        column = 1;
    }
    return { line, column, atEnd };
}

function planSyntaxError(error, source) {
    const { line, column, atEnd } = syntaxPosition(error, source);
    return new PlanSyntaxError(atEnd ? 'Unexpected end of input' : oneLine(error.message), line, column);
}

function isSyntaxError(error) {
    return error instanceof SyntaxError;   // host-realm: V8 compiles in the host
}

function tryCompile(source) {
    try {
        return { script: new vm.Script(SYNTAX_PREFIX + source + SYNTAX_SUFFIX, { filename: PLAN_FILENAME, lineOffset: -1 }) };
    } catch (error) {
        if (!isSyntaxError(error))
            throw error;
        return { error };
    }
}

// Dynamic import() is the only syntax that reaches a host object. Each
// candidate "import" is probed by making it "import.meta", which V8 rejects
// in a script exactly where it is the keyword.
function rewriteImports(source) {
    const candidates = [];
    const word = /(?<![\p{ID_Continue}$\u200c\u200d\\])import(?![\p{ID_Continue}$\u200c\u200d])/gu;
    for (let m; (m = word.exec(source)) !== null;)
        candidates.push(m.index);
    if (candidates.length === 0)
        return source;
    const keywordAt = [];
    for (const index of candidates) {
        const probe = source.slice(0, index) + 'import.meta' + source.slice(index + 6);
        const { error } = tryCompile(probe);
        if (!error || !/import\.meta/.test(error.message))
            continue;
        const { line, column } = syntaxPosition(error, probe);
        const before = source.slice(0, index).split('\n');
        if (line === before.length && column === before[before.length - 1].length + 8)
            keywordAt.push(index);
    }
    let out = source;
    for (const index of keywordAt)
        out = out.slice(0, index) + IMPORT_STUB + out.slice(index + 6);
    return out;
}

function compilePlan(source) {
    const first = tryCompile(source);
    if (first.error)
        return { error: planSyntaxError(first.error, source) };
    if (closesWrapperEarly(source)) {
        // V8 says "Single function literal required"; a plain function body
        // parse finds the brace that closes the plan early.
        try {
            vm.compileFunction(source, [], { filename: PLAN_FILENAME });
        } catch (probe) {
            if (isSyntaxError(probe) && /^Unexpected token '}'/.test(probe.message))
                return { error: planSyntaxError(probe, source) };
        }
        return { error: new PlanSyntaxError("Unexpected token '}': the code closes the plan's function early", 1, 1) };
    }
    const rewritten = rewriteImports(source);
    if (rewritten === source)
        return { script: first.script };
    const again = tryCompile(rewritten);
    if (again.error)
        return { error: planSyntaxError(again.error, rewritten) };
    return { script: again.script };
}

// ---------------------------------------------------------------------------
// Request checking: a bad request is the app's bug, answered as "internal".

class RequestError extends Error {}

const RESERVED = new Set(('break case catch class const continue debugger default delete do else enum export extends false finally '
    + 'for function if import in instanceof new null return super switch this throw true try typeof var void while with yield '
    + 'let static implements interface package private protected public await arguments eval undefined NaN Infinity').split(' '));

function need(condition, message) {
    if (!condition)
        throw new RequestError(message);
}

function isJsonValue(value) {
    return value === null || ['string', 'number', 'boolean', 'object'].includes(typeof value);
}

function checkNumberList(value, where) {
    if (typeof value === 'number') {
        need(Number.isFinite(value) && value >= 0, `${where}: must be a number >= 0`);
        return value;
    }
    if (value === undefined || value === null)
        return [];
    need(Array.isArray(value) && value.every(x => typeof x === 'number' && Number.isFinite(x) && x >= 0), `${where}: must be a list of numbers >= 0`);
    return value;
}

function checkDraws(value, where) {
    if (value === undefined || value === null)
        return null;
    need(Array.isArray(value), `${where}: must be a list of [latency_ms, fails]`);
    value.forEach((d, i) => need(Array.isArray(d) && d.length >= 2 && typeof d[0] === 'number' && Number.isFinite(d[0]) && d[0] >= 0 && typeof d[1] === 'boolean',
        `${where}[${i}]: must be [latency_ms >= 0, fails true|false]`));
    return value;
}

function checkFails(value, where) {
    if (typeof value === 'boolean')
        return [value];
    if (value === undefined || value === null)
        return [];
    need(Array.isArray(value) && value.every(x => typeof x === 'boolean'), `${where}: must be a list of true|false`);
    return value;
}

// What decides a task's timing, per run or per trial.
function checkTiming(t, where) {
    return {
        latency_ms: checkNumberList(t.latency_ms, `${where}.latency_ms`),
        fails: checkFails(t.fails, `${where}.fails`),
        draws: checkDraws(t.draws, `${where}.draws`),
    };
}

function functionNameFor(id) {
    return 'fetch' + id.charAt(0).toUpperCase() + id.slice(1);
}

function checkRunRequest(req) {
    need(typeof req.source === 'string', 'source: must be a string');
    need(req.source.length <= MAX_SOURCE_CHARS, `source: ${req.source.length} characters; the limit is ${MAX_SOURCE_CHARS}`);
    need(Array.isArray(req.tasks), 'tasks: must be a list');
    const names = new Set();
    const ids = new Set();
    const tasks = req.tasks.map((t, i) => {
        const where = `tasks[${i}]`;
        need(t !== null && typeof t === 'object' && !Array.isArray(t), `${where}: must be an object`);
        need(typeof t.id === 'string' && t.id !== '', `${where}.id: must be a non-empty string`);
        need(!ids.has(t.id), `${where}.id: "${t.id}" is repeated`);
        ids.add(t.id);
        const fn = t.function === undefined || t.function === null ? functionNameFor(t.id) : t.function;
        need(typeof fn === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(fn) && !RESERVED.has(fn) && !fn.startsWith('__asyncscope'),
            `${where}.function: "${fn}" is not a usable function name`);
        need(!names.has(fn), `${where}.function: "${fn}" is used by two tasks`);
        names.add(fn);
        need(t.url === undefined || t.url === null || typeof t.url === 'string', `${where}.url: must be a string or null`);
        need(t.host === undefined || t.host === null || typeof t.host === 'string', `${where}.host: must be a string or null`);
        need(t.value === undefined || isJsonValue(t.value), `${where}.value: must be JSON`);
        need(t.error === undefined || isJsonValue(t.error), `${where}.error: must be JSON`);
        return {
            id: t.id,
            function: fn,
            url: t.url === undefined || t.url === '' ? null : t.url,
            host: t.host === undefined || t.host === null || t.host === '' ? null : t.host,
            value: t.value === undefined ? t.id : t.value,
            error: t.error === undefined ? null : t.error,
            ...checkTiming(t, where),
        };
    });
    const seed = req.seed === undefined || req.seed === null ? 1 : req.seed;
    need(typeof seed === 'number' && Number.isFinite(seed), 'seed: must be a number');
    const perHost = req.connections_per_host === undefined ? null : req.connections_per_host;
    need(perHost === null || (Number.isInteger(perHost) && perHost >= 1), 'connections_per_host: must be a whole number >= 1, or null');
    const trials = req.trials === undefined || req.trials === null ? 1 : req.trials;
    need(Number.isInteger(trials) && trials >= 1 && trials <= MAX_TRIALS, `trials: must be a whole number from 1 to ${MAX_TRIALS}`);
    const limits = { ...DEFAULT_LIMITS };
    if (req.limits !== undefined && req.limits !== null) {
        need(typeof req.limits === 'object' && !Array.isArray(req.limits), 'limits: must be an object');
        for (const [key, value] of Object.entries(req.limits)) {
            need(key in DEFAULT_LIMITS, `limits.${key}: unknown limit`);
            need(typeof value === 'number' && value > 0 && Number.isFinite(value), `limits.${key}: must be a number > 0`);
            need(key !== 'wall_ms' || value <= MAX_WALL_MS, `limits.wall_ms: at most ${MAX_WALL_MS}`);
            limits[key] = value;
        }
    }
    let drawsPerTrial = null;
    if (req.draws_per_trial !== undefined && req.draws_per_trial !== null) {
        need(Array.isArray(req.draws_per_trial), 'draws_per_trial: must be a list (one entry per trial)');
        drawsPerTrial = req.draws_per_trial.map((perTask, i) => {
            need(Array.isArray(perTask) && perTask.length <= tasks.length, `draws_per_trial[${i}]: must be a list with one entry per task`);
            return perTask.map((d, k) => checkDraws(d, `draws_per_trial[${i}][${k}]`));
        });
    }
    // The app's other form: each trial's whole task list (matched by id); only
    // the timing (draws, latency_ms, fails) is taken from it.
    if (req.tasks_per_trial !== undefined && req.tasks_per_trial !== null) {
        need(drawsPerTrial === null, 'give draws_per_trial or tasks_per_trial, not both');
        need(Array.isArray(req.tasks_per_trial), 'tasks_per_trial: must be a list (one task list per trial)');
        const indexOf = new Map(tasks.map((t, k) => [t.id, k]));
        drawsPerTrial = req.tasks_per_trial.map((list, i) => {
            need(Array.isArray(list), `tasks_per_trial[${i}]: must be a list of tasks`);
            const row = tasks.map(() => null);
            list.forEach((t, j) => {
                const where = `tasks_per_trial[${i}][${j}]`;
                need(t !== null && typeof t === 'object' && indexOf.has(t.id), `${where}.id: must be one of the tasks' ids`);
                row[indexOf.get(t.id)] = checkTiming(t, where);
            });
            return row;
        });
    }
    return { source: req.source, tasks, seed, trials, limits, drawsPerTrial, connectionsPerHost: perHost };
}

// ---------------------------------------------------------------------------
// The executor: runs one request in a fresh context, driving the clock.

// The plan changed or broke what the in-context driver relies on.
class RunnerBroken extends Error {}

class LimitStop {
    constructor(message) {
        this.message = message;
    }
}

// Node creates the timeout error in the CONTEXT's realm, so only its own
// data property is read: no prototype walk, getter, proxy trap or instanceof
// that the plan could have planted runs here.
function isTimeoutError(error) {
    if (typeof error !== 'object' || error === null || types.isProxy(error))
        return false;
    const code = Object.getOwnPropertyDescriptor(error, 'code');
    return code !== undefined && 'value' in code && code.value === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

function noYieldMessage(wallMs) {
    return `stopped after ${wallMs} ms: the code does not yield (an endless loop, or endless microtasks)`;
}

class PlanExecutor {
    constructor({ alwaysTimed }) {
        this.alwaysTimed = alwaysTimed;   // no watchdog thread: every call needs its vm timeout
        this.prelude = new vm.Script(PRELUDE_SOURCE, { filename: PRELUDE_FILENAME });
        this.runScript = new vm.Script('__asyncscope__.run()', { filename: PRELUDE_FILENAME });
        this.fireScript = new vm.Script('__asyncscope__.fire()', { filename: PRELUDE_FILENAME });
        this.compiled = new Map();   // source -> {script} | {error}, most recent last
        this.spare = null;
    }

    newContext() {
        const context = vm.createContext(Object.create(null), {
            name: 'asyncscope plan',
            codeGeneration: { strings: false, wasm: false },
            microtaskMode: 'afterEvaluate',
        });
        this.prelude.runInContext(context);
        return context;
    }

    prepareSpare() {
        if (this.spare === null)
            this.spare = this.newContext();
    }

    takeContext() {
        const context = this.spare ?? this.newContext();
        this.spare = null;
        return context;
    }

    compile(source) {
        let entry = this.compiled.get(source);
        if (entry) {
            this.compiled.delete(source);
        } else {
            entry = compilePlan(source);
            if (this.compiled.size >= 32)
                this.compiled.delete(this.compiled.keys().next().value);
        }
        this.compiled.set(source, entry);
        return entry;
    }

    // Returns the response line; never throws.
    handle(req) {
        const id = req !== null && typeof req === 'object' && 'id' in req ? req.id : null;
        try {
            return JSON.stringify({ id, ...this.handleRun(req) });
        } catch (error) {
            let message;
            if (error instanceof RequestError)
                message = 'bad request: ' + error.message;
            else if (error instanceof LimitStop)
                return JSON.stringify({ id, ok: false, error: { kind: 'limit', message: error.message } });
            else if (error instanceof RunnerBroken)
                message = error.message;
            else
                message = 'the plan runner failed: ' + (error instanceof Error ? error.message : 'unknown error');
            return JSON.stringify({ id, ok: false, error: { kind: 'internal', message: oneLine(message) } });
        }
    }

    // Request {"type": "run", ...}:
    //   source   the body of an async function (top-level await and return work)
    //   tasks    [{id, function?, url?, host?, value?, error?, latency_ms?, fails?, draws?}]
    //            function: the global's name (default "fetch" + Id); url: for fetch();
    //            host: a name whose calls share connections_per_host (none: never limited);
    //            value (default: the id) fulfils, error (default "<id> failed") is the
    //            message, string as is, other JSON as JSON text; latency_ms and fails
    //            per invocation, the last entry repeats (a number / a boolean also do);
    //            draws [[latency, fails], ...]: invocation n uses draws[n-1] instead.
    //   connections_per_host  N or null (unlimited, the default): SPEC §2, as the
    //            app's engine does it: at most N calls of one host in flight; a
    //            call past that waits in call order for a slot (its latency counts
    //            from when it gets one); a slot frees when a response ends (or its
    //            call aborts), before anyone reacts to it, and goes to the first
    //            waiting call at once; a waiting call whose signal aborts ends then
    //            as aborted (start_ms = end_ms = that time) without starting;
    //   seed     Math.random's seed (trial i uses seed + i); trials (default 1);
    //   draws_per_trial [[per task: draws | null], ...] for trials 0, 1, ...
    //            (missing entries: the tasks' own draws), or tasks_per_trial
    //            [[task, ...], ...]: each trial's tasks, matched by id, of which
    //            draws, latency_ms and fails are used; plan: ignored (a name).
    //   limits   {wall_ms 2000 (at most 3600000), virtual_ms 3600000, timers 1000000
    //            (armings, interval repeats included), console_lines 1000,
    //            console_chars 100000, spans 100000 (calls to tasks)}
    // Response {"ok": true}: outcome fulfilled|rejected|pending, settled_ms|null,
    //   value | reason (JSON), finished_ms (the last span's end, or 0),
    //   spans [{task, instance, start_ms, end_ms|null, outcome
    //   fulfilled|rejected|aborted|pending, discarded, args, value?, reason?,
    //   queued_ms?}] in start order (call order among equal start_ms; instance
    //   numbers count calls), queued_ms (the call's time) only on a call that
    //   had to wait for a connection, console [{t, level, text, line|null}], note ("" or
    //   "; "-joined notes), and with trials > 1 trials [{settled_ms, outcome,
    //   finished_ms}] (the detailed run above uses the tasks' own draws).
    // Response {"ok": false, "error": {kind, message, line?, column?}}: kind
    //   syntax (line and column in the user's source, 1-based), limit (wall
    //   time, timers, calls to tasks, memory) or internal (a bad request or a
    //   runner failure). The message is always one line.
    handleRun(req) {
        const started = performance.now();
        const run = checkRunRequest(req);
        const { limits } = run;
        const compiled = this.compile(run.source);
        if (compiled.error) {
            const { message, line, column } = compiled.error;
            return { ok: false, error: { kind: 'syntax', message, line, column } };
        }
        const context = this.takeContext();
        let calls = 0;
        let fired = 0;
        let lastNumber = 0;
        const elapsed = () => performance.now() - started;

        const call = (script, timed) => {
            const remaining = limits.wall_ms - elapsed();
            if (remaining <= 0)
                throw new LimitStop(null);
            const withTimeout = timed && (this.alwaysTimed || calls < TIMED_CALLS_PER_RUN);
            ++calls;
            let result;
            try {
                result = withTimeout
                    ? script.runInContext(context, { timeout: Math.max(1, Math.ceil(remaining)) })
                    : script.runInContext(context);
            } catch (error) {
                if (isTimeoutError(error))
                    throw new LimitStop(remaining >= limits.wall_ms / 2 || fired === 0 ? noYieldMessage(limits.wall_ms) : null);
                throw new RunnerBroken('the plan broke the runner (it threw past the runner\'s own handlers)');
            }
            if (typeof result === 'string' && result.startsWith('!'))
                throw new RunnerBroken('the plan broke the runner: ' + result.slice(1));
            if (typeof result !== 'string' && typeof result !== 'number' && result !== undefined)
                throw new RunnerBroken('the plan broke the runner (an unexpected value came back)');
            return result;
        };

        const drive = (startScript, timed, what) => {
            try {
                let result = call(startScript, timed);
                while (typeof result === 'number') {
                    lastNumber = result;
                    result = call(this.fireScript, timed);
                    ++fired;
                }
                const body = JSON.parse(result);
                if (body === null || typeof body !== 'object' || !(Array.isArray(body.spans) || Array.isArray(body.trials) || body.stopped))
                    throw new RunnerBroken('the plan broke the runner (it changed built-ins the runner relies on)');
                return body;
            } catch (error) {
                if (error instanceof LimitStop && error.message === null)
                    throw new LimitStop(what());
                throw error;
            }
        };

        const config = JSON.stringify({ tasks: run.tasks, seed: run.seed, limits, connections_per_host: run.connectionsPerHost });
        const configured = call(new vm.Script(`__asyncscope__.configure(${JSON.stringify(config)})`, { filename: PRELUDE_FILENAME }), true);
        if (configured !== '')
            throw new RequestError(String(configured));
        call(compiled.script, true);

        const body = drive(this.runScript, true,
            () => `stopped after ${limits.wall_ms} ms: the run was still going after ${fired} timers (virtual time ${lastNumber} ms)`);
        if (body.stopped)
            return { ok: false, error: { kind: 'limit', message: stopMessage(body.stopped) } };

        const response = {
            ok: true,
            outcome: body.outcome,
            settled_ms: body.settled_ms,
        };
        if (body.outcome === 'fulfilled')
            response.value = body.value;
        else if (body.outcome === 'rejected')
            response.reason = body.reason;
        response.finished_ms = body.finished_ms;
        response.spans = body.spans.map(span => {
            const out = {
                task: span.task, instance: span.instance, start_ms: span.start_ms, end_ms: span.end_ms,
                outcome: span.outcome, discarded: span.discarded, args: span.args,
            };
            if ('queued_ms' in span)
                out.queued_ms = span.queued_ms;
            if ('value' in span)
                out.value = span.value;
            if ('reason' in span)
                out.reason = span.reason;
            return out;
        });
        response.console = body.console;
        response.note = body.note;

        if (run.trials > 1) {
            const trialsScript = new vm.Script(`__asyncscope__.trials(${JSON.stringify(JSON.stringify({ count: run.trials, draws_per_trial: run.drawsPerTrial }))})`,
                { filename: PRELUDE_FILENAME });
            fired = 0;
            const result = drive(trialsScript, this.alwaysTimed,
                () => `stopped after ${limits.wall_ms} ms: ${lastNumber} of ${run.trials} trials ran`);
            if (result.stopped)
                return { ok: false, error: { kind: 'limit', message: stopMessage(result.stopped) + ` (in trial ${lastNumber + 1})` } };
            response.trials = result.trials;
        }
        return response;
    }
}

function stopMessage(stopped) {
    if (stopped.stop === 'timers')
        return `stopped after ${stopped.timers} timers (virtual time ${stopped.now} ms): the code keeps setting timers`;
    return `stopped after ${stopped.calls} calls to tasks (virtual time ${stopped.now} ms): the code keeps calling them`;
}

// ---------------------------------------------------------------------------
// The plan thread.

function planThread() {
    // Plan code can leave rejected promises unhandled; they are results, not crashes.
    process.on('unhandledRejection', () => {});
    const executor = new PlanExecutor({ alwaysTimed: false });
    executor.prepareSpare();
    parentPort.on('message', ({ token, req }) => {
        const line = executor.handle(req);
        parentPort.postMessage({ token, line });
        setImmediate(() => executor.prepareSpare());
    });
    parentPort.postMessage({ ready: true, heapMb: Math.round(getHeapStatistics().heap_size_limit / (1024 * 1024)) });
}

// ---------------------------------------------------------------------------
// The main thread: protocol, queue, watchdog.

function parseOptions(argv) {
    const options = { inline: false, heapMb: 128, rssLimitMb: 1024 };
    for (const arg of argv) {
        let m;
        if (arg === '--inline')
            options.inline = true;
        else if ((m = /^--heap-mb=(\d+)$/.exec(arg)))
            options.heapMb = Number(m[1]);
        else if ((m = /^--rss-limit-mb=(\d+)$/.exec(arg)))
            options.rssLimitMb = Number(m[1]);
        else {
            process.stderr.write(`plan_worker: unknown option ${arg}\n`);
            process.exit(2);
        }
    }
    return options;
}

function main() {
    const options = parseOptions(process.argv.slice(2));
    const queue = [];
    let busy = false;
    let ending = false;
    let inline = options.inline ? new PlanExecutor({ alwaysTimed: true }) : null;
    let thread = null;
    let threadReady = false;
    let failedStarts = 0;
    let threadHeapMb = options.heapMb;
    let current = null;   // {token, id, wallMs, watchdog, rssTimer}
    let nextToken = 0;

    const write = (object) => process.stdout.write(JSON.stringify(object) + '\n');
    const writeLine = (line) => process.stdout.write(line + '\n');
    process.stdout.on('error', () => process.exit(0));   // the app went away

    // Plan code can leave rejected promises unhandled; they are results, not crashes.
    process.on('unhandledRejection', () => {});

    const finishCurrent = () => {
        if (current !== null) {
            clearTimeout(current.watchdog);
            clearInterval(current.rssTimer);
        }
        current = null;
        busy = false;
        setImmediate(pump);
    };

    const failCurrent = (kind, message) => {
        if (current === null)
            return;
        write({ id: current.id, ok: false, error: { kind, message } });
        finishCurrent();
    };

    const startThread = () => {
        threadReady = false;
        let worker;
        try {
            worker = new Worker(new URL(import.meta.url), {
                workerData: { role: 'plans' },
                resourceLimits: { maxOldGenerationSizeMb: options.heapMb },
                stdout: false,
                stderr: false,
            });
        } catch (error) {
            // e.g. the permission model without --allow-worker
            process.stderr.write(`plan_worker: no plan thread (${oneLine(error.message)}); running plans on the main thread\n`);
            inline = new PlanExecutor({ alwaysTimed: true });
            thread = null;
            setImmediate(pump);
            return;
        }
        thread = worker;
        worker.on('message', (message) => {
            if (worker !== thread)
                return;
            if (message.ready) {
                threadReady = true;
                threadHeapMb = message.heapMb;
                failedStarts = 0;
                setImmediate(pump);
                return;
            }
            if (current !== null && message.token === current.token) {
                writeLine(message.line);
                finishCurrent();
            }
        });
        worker.on('error', (error) => {
            if (worker !== thread)
                return;
            const oom = error && error.code === 'ERR_WORKER_OUT_OF_MEMORY';
            replaceThread();
            if (oom)
                failCurrent('limit', `stopped: the code used more memory than the plan's ${threadHeapMb} MB heap`);
            else
                failCurrent('internal', 'the plan thread failed: ' + oneLine(error && error.message));
        });
        worker.on('exit', () => {
            if (worker !== thread)
                return;
            if (!threadReady && ++failedStarts >= 3) {
                process.stderr.write('plan_worker: the plan thread does not start; running plans on the main thread\n');
                thread = null;
                inline = new PlanExecutor({ alwaysTimed: true });
                failCurrent('internal', 'the plan thread stopped');
                setImmediate(pump);
                return;
            }
            replaceThread();
            failCurrent('internal', 'the plan thread stopped');
        });
    };

    const replaceThread = () => {
        const old = thread;
        thread = null;
        if (old !== null)
            old.terminate().catch(() => {});
        startThread();
    };

    const pump = () => {
        if (busy)
            return;
        if (queue.length === 0) {
            if (ending) {
                if (thread !== null)
                    thread.terminate().catch(() => {});
                process.exit(0);
            }
            return;
        }
        const line = queue[0];
        let req;
        try {
            req = JSON.parse(line);
        } catch (_) {
            queue.shift();
            write({ id: null, ok: false, error: { kind: 'internal', message: 'bad request: the line is not JSON' } });
            return pump();
        }
        const id = req !== null && typeof req === 'object' && 'id' in req ? req.id : null;
        if (req === null || typeof req !== 'object' || Array.isArray(req)) {
            queue.shift();
            write({ id: null, ok: false, error: { kind: 'internal', message: 'bad request: not a JSON object' } });
            return pump();
        }
        if (req.type === 'ping') {
            queue.shift();
            write({ id, ok: true, pong: true });
            return pump();
        }
        if (req.type !== 'run') {
            queue.shift();
            write({ id, ok: false, error: { kind: 'internal', message: `bad request: unknown type ${JSON.stringify(req.type)}` } });
            return pump();
        }
        if (inline !== null) {
            queue.shift();
            busy = true;
            writeLine(inline.handle(req));
            busy = false;
            setImmediate(() => {
                if (inline !== null)
                    inline.prepareSpare();
                pump();
            });
            return;
        }
        if (thread === null || !threadReady)
            return;   // 'ready' calls pump again
        queue.shift();
        busy = true;
        const asked = req.limits && req.limits.wall_ms;
        const wallMs = typeof asked === 'number' && asked > 0 && asked <= MAX_WALL_MS ? asked : DEFAULT_LIMITS.wall_ms;
        const token = ++nextToken;
        current = { token, id, wallMs, watchdog: null, rssTimer: null };
        current.watchdog = setTimeout(() => {
            replaceThread();
            failCurrent('limit', noYieldMessage(wallMs));
        }, wallMs + WATCHDOG_GRACE_MS);
        current.rssTimer = setInterval(() => {
            const mb = process.memoryUsage.rss() / (1024 * 1024);
            if (mb > options.rssLimitMb) {
                replaceThread();
                failCurrent('limit', `stopped: the code used more than ${options.rssLimitMb} MB of memory`);
            }
        }, RSS_POLL_MS);
        thread.postMessage({ token, req });
    };

    let pending = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => {
        pending += chunk;
        let newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, newline).replace(/\r$/, '');
            pending = pending.slice(newline + 1);
            if (line.trim() !== '')
                queue.push(line);
        }
        pump();
    });
    process.stdin.on('end', () => {
        if (pending.trim() !== '')
            queue.push(pending);
        pending = '';
        ending = true;
        pump();
    });

    if (inline === null)
        startThread();
}

if (isMainThread)
    main();
else if (workerData && workerData.role === 'plans')
    planThread();
