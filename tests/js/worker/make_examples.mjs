#!/usr/bin/env node
// Writes the built-in examples whose plans are the tutorial's code, pasted
// unchanged (tutorial_snippets.mjs holds it byte-exact from the seed): one
// scenario per section of the tutorial, with the latencies and failures that
// give its numbers. Each plan is a snippet plus the call and return it needs.
// Run after changing a snippet: node tests/js/worker/make_examples.mjs
// (the files are committed; tests/core/jsrun/tst_js_plans.cpp checks them).

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as s from './tutorial_snippets.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '../../../resources/examples');
const t = (id, ms, more = {}) => ({ id, latency_ms: ms, ...more });

const examples = {
    'js-load-profile': {
        name: 'loadProfile in JavaScript: four awaits vs Promise.all',
        description: "The tutorial's two loadProfile functions, pasted as they are and run on real Promises: four awaits of 200 ms one after another take 800 ms; Promise.all starts them together and is done in 200 ms. The expression plans beside them draw the same timelines.",
        tasks: [
            t('user', 200, { label: 'fetchUser(userId)', value: { id: 42, name: 'Ada' } }),
            t('posts', 200, { label: 'fetchPosts(userId)', value: ['Hello', 'Promises'] }),
            t('followers', 200, { label: 'fetchFollowers(userId)', value: 1280 }),
            t('recommendations', 200, { label: 'fetchRecommendations(userId)', value: ['Grace', 'Linus'] }),
        ],
        plans: [
            { name: 'loadProfile, sequential', js: s.loadProfileSequential + '\nreturn loadProfile(42);' },
            { name: 'loadProfile, Promise.all', js: s.loadProfileParallel + '\nreturn loadProfile(42);' },
            { name: 'seq(...), the same as an expression', run: 'seq(user, posts, followers, recommendations)' },
            { name: 'all(...), the same as an expression', run: 'all(user, posts, followers, recommendations)' },
        ],
    },
    'js-combinators': {
        name: 'The four combinators in JavaScript: all, allSettled, race, any',
        description: "The tutorial's snippets for Promise.all, allSettled, race (with its 5000 ms timeout) and any (three CDN mirrors), pasted as they are. products fails at 150 ms: all rejects then while users keeps running; allSettled waits for everything; the slow /api/data loses the race to the timeout and runs on as a zombie; any skips the failed mirror.",
        tasks: [
            t('users', 200, { label: 'fetchUsers()' }),
            t('products', 150, { label: 'fetchProducts()', fails: true, error: 'products service down' }),
            t('config', 100, { label: 'fetchConfig()' }),
            t('data', 6000, { label: 'GET /api/data', url: '/api/data', value: { rows: 3 } }),
            t('cdn1', 50, { label: 'cdn1 data.json', url: 'https://cdn1.example.com/data.json', fails: true, error: 'CDN 1 down' }),
            t('cdn2', 120, { label: 'cdn2 data.json', url: 'https://cdn2.example.com/data.json', value: 'mirror 2' }),
            t('cdn3', 200, { label: 'cdn3 data.json', url: 'https://cdn3.example.com/data.json', value: 'mirror 3' }),
        ],
        plans: [
            { name: 'Promise.all', js: s.promiseAll + '\nreturn { users, products, config };' },
            { name: 'Promise.allSettled', js: s.allSettled + '\nreturn { succeeded, failed };' },
            { name: 'Promise.race with a timeout', js: s.race + '\nreturn result;' },
            { name: 'Promise.any', js: s.any + '\nreturn fastest.json();' },
            { name: 'Promise.any, all rejected', js: s.anyAllReject },
        ],
    },
    'js-compose-page': {
        name: 'Composing combinators in JavaScript: loadPage and buildOrder',
        description: "The tutorial's loadPage (critical data with Promise.all, optional data with allSettled, both at once: 200 ms although notifications fail) and buildOrder (two dependency steps of 200 ms: 400 ms), pasted as they are.",
        tasks: [
            t('user', 200, { label: 'fetchUser(userId)', value: { name: 'Ada', address: '1 Main St' } }),
            t('permissions', 200, { label: 'fetchPermissions(userId)', value: ['read', 'write'] }),
            t('notifications', 200, { label: 'fetchNotifications(userId)', fails: true, error: 'notifications down' }),
            t('recommendations', 200, { label: 'fetchRecommendations(userId)', value: ['Grace'] }),
            t('activityFeed', 200, { label: 'fetchActivityFeed(userId)', value: [] }),
            t('cart', 200, { label: 'fetchCart(cartId)', value: { items: ['book', 'lamp'], total: 30 } }),
            t('shipping', 200, { label: 'calculateShipping(address, items)', function: 'calculateShipping', value: [5, 12] }),
            t('tax', 200, { label: 'calculateTax(address, total)', function: 'calculateTax', value: 2.4 }),
            t('inventory', 200, { label: 'checkInventory(items)', function: 'checkInventory', value: true }),
        ],
        plans: [
            { name: 'loadPage', js: s.loadPage + '\nreturn loadPage(42);' },
            { name: 'buildOrder', js: s.buildOrder + "\nreturn buildOrder(42, 'cart-1');" },
        ],
    },
    'js-cancellation': {
        name: 'Cancellation and timeouts in JavaScript',
        description: "The tutorial's shared AbortController, fetchAllOrNothing, fetchWithTimeout (AbortSignal.timeout) and withTimeout (Promise.race with a timer), pasted as they are. /api/b fails at 100 ms: the shared controller aborts /api/a and /api/c at once. A 3000 ms fetch is aborted by a 1000 ms AbortSignal.timeout; a 4000 ms computation loses to withTimeout's 3000 ms timer but keeps running: a zombie.",
        tasks: [
            t('a', 200, { label: 'GET /api/a', url: '/api/a', value: 'a' }),
            t('b', 100, { label: 'GET /api/b', url: '/api/b', fails: true, error: 'HTTP 500' }),
            t('c', 200, { label: 'GET /api/c', url: '/api/c', value: 'c' }),
            t('slow', 3000, { label: 'GET /api/slow', url: '/api/slow', value: { ok: true } }),
            t('computation', 4000, { label: 'complexComputation()', function: 'complexComputation', value: 42 }),
        ],
        plans: [
            { name: 'Promise.all, shared AbortController', js: s.sharedController },
            { name: 'fetchAllOrNothing', js: s.fetchAllOrNothing + "\nreturn fetchAllOrNothing(['/api/a', '/api/b', '/api/c']);" },
            { name: 'fetchWithTimeout', js: s.fetchWithTimeout + "\nreturn fetchWithTimeout('/api/slow', 1000);" },
            { name: 'withTimeout', js: s.withTimeout + '\nreturn data;' },
        ],
    },
};

for (const [file, body] of Object.entries(examples)) {
    const scenario = { format: 'asyncscope-scenario/1', ...body };
    writeFileSync(join(out, `${file}.json`), JSON.stringify(scenario, null, 2) + '\n');
    console.error(`wrote resources/examples/${file}.json`);
}
