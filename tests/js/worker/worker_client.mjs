// A client for resources/js/plan_worker.mjs, speaking its line protocol the
// way the C++ app does: one process kept warm, one JSON line per request,
// responses matched by id.

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'resources', 'js', 'plan_worker.mjs');

export class WorkerClient {
    // nodeArgs go before the script (the app's flags), args after it.
    constructor({ nodeArgs = [], args = [] } = {}) {
        this.child = spawn(process.execPath, [...nodeArgs, WORKER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
        this.nextId = 1;
        this.waiting = new Map();
        this.lines = [];
        this.stderr = '';
        this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
        let pending = '';
        this.child.stdout.setEncoding('utf8');
        this.child.stdout.on('data', (chunk) => {
            pending += chunk;
            let newline;
            while ((newline = pending.indexOf('\n')) >= 0) {
                const line = pending.slice(0, newline);
                pending = pending.slice(newline + 1);
                this.lines.push(line);
                const response = JSON.parse(line);   // every stdout line must be JSON
                const waiter = this.waiting.get(response.id);
                if (waiter) {
                    this.waiting.delete(response.id);
                    waiter.resolve(response);
                }
            }
        });
        this.child.stderr.setEncoding('utf8');
        this.child.stderr.on('data', (chunk) => { this.stderr += chunk; });
        this.child.on('exit', () => {
            for (const waiter of this.waiting.values())
                waiter.reject(new Error(`the worker exited; stderr: ${this.stderr}`));
            this.waiting.clear();
        });
    }

    request(body) {
        const id = body.id ?? this.nextId++;
        const line = JSON.stringify({ ...body, id });
        return this.send(line, id);
    }

    send(line, id) {
        return new Promise((resolve, reject) => {
            this.waiting.set(id, { resolve, reject });
            this.child.stdin.write(line + '\n');
        });
    }

    ping() {
        return this.request({ type: 'ping' });
    }

    // tasks: [{id, latency_ms, ...}]; extra: seed, trials, limits, draws_per_trial...
    run(source, tasks = [], extra = {}) {
        return this.request({ type: 'run', plan: 'test', source, tasks, ...extra });
    }

    async close() {
        this.child.stdin.end();
        return this.exited;
    }

    kill() {
        this.child.kill('SIGKILL');
        return this.exited;
    }
}

// The fields SPEC §1 decides, for compact exact comparisons.
export function spanRows(response) {
    return response.spans.map(s => [s.task, s.instance, s.start_ms, s.end_ms, s.outcome, s.discarded]);
}

// A task that takes `ms` and fulfils with `value` (or fails when fails=true).
export function task(id, ms, more = {}) {
    return { id, latency_ms: [ms], ...more };
}
