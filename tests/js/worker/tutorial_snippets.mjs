// The tutorial's code (/work/shared/seed/000_f3ad41df8eecb84d.txt), pasted
// unchanged: tutorial.test.mjs checks that every snippet still occurs
// verbatim in the seed when the seed is present. Plans append only a call
// and a return line after a snippet.

// loadProfile, sequential (800 ms) (seed lines 11-17)
export const loadProfileSequential = `async function loadProfile(userId) {
  const user = await fetchUser(userId);
  const posts = await fetchPosts(userId);
  const followers = await fetchFollowers(userId);
  const recommendations = await fetchRecommendations(userId);
  return { user, posts, followers, recommendations };
}`;

// loadProfile with Promise.all (200 ms) (seed lines 21-29)
export const loadProfileParallel = `async function loadProfile(userId) {
  const [user, posts, followers, recommendations] = await Promise.all([
    fetchUser(userId),
    fetchPosts(userId),
    fetchFollowers(userId),
    fetchRecommendations(userId),
  ]);
  return { user, posts, followers, recommendations };
}`;

// Promise.all: All Must Succeed (seed lines 57-61)
export const promiseAll = `const [users, products, config] = await Promise.all([
  fetchUsers(),
  fetchProducts(),
  fetchConfig(),
]);`;

// Promise.all with a shared AbortController (seed lines 67-77)
export const sharedController = `const controller = new AbortController();

try {
  const [a, b, c] = await Promise.all([
    fetch('/api/a', { signal: controller.signal }),
    fetch('/api/b', { signal: controller.signal }),
    fetch('/api/c', { signal: controller.signal }),
  ]);
} catch (err) {
  controller.abort();
}`;

// Promise.allSettled: Get Every Result (seed lines 83-95)
export const allSettled = `const results = await Promise.allSettled([
  fetchUsers(),
  fetchProducts(),
  fetchConfig(),
]);

const succeeded = results
  .filter(r => r.status === 'fulfilled')
  .map(r => r.value);

const failed = results
  .filter(r => r.status === 'rejected')
  .map(r => r.reason);`;

// Promise.race: First to Settle Wins (the 5000 ms timeout) (seed lines 106-111)
export const race = `const result = await Promise.race([
  fetch('/api/data'),
  new Promise((_, reject) =>
    setTimeout(() => reject(new Error('Timeout')), 5000)
  ),
]);`;

// Promise.any: First Success Wins (three CDN mirrors) (seed lines 123-127)
export const any = `const fastest = await Promise.any([
  fetch('https://cdn1.example.com/data.json'),
  fetch('https://cdn2.example.com/data.json'),
  fetch('https://cdn3.example.com/data.json'),
]);`;

// Promise.any when all reject: AggregateError (seed lines 133-142)
export const anyAllReject = `try {
  await Promise.any([
    Promise.reject(new Error('CDN 1 down')),
    Promise.reject(new Error('CDN 2 down')),
    Promise.reject(new Error('CDN 3 down')),
  ]);
} catch (err) {
  console.log(err instanceof AggregateError); // true
  console.log(err.errors.length);              // 3
}`;

// Composing Combinators: loadPage (seed lines 150-170)
export const loadPage = `async function loadPage(userId) {
  const [criticalData, optionalResults] = await Promise.all([
    Promise.all([
      fetchUser(userId),
      fetchPermissions(userId),
    ]),

    Promise.allSettled([
      fetchNotifications(userId),
      fetchRecommendations(userId),
      fetchActivityFeed(userId),
    ]),
  ]);

  const [user, permissions] = criticalData;
  const notifications = optionalResults[0].status === 'fulfilled'
    ? optionalResults[0].value
    : [];

  return { user, permissions, notifications };
}`;

// The Dependency Graph Pattern: buildOrder (seed lines 178-191)
export const buildOrder = `async function buildOrder(userId, cartId) {
  const [user, cart] = await Promise.all([
    fetchUser(userId),
    fetchCart(cartId),
  ]);

  const [shippingRates, tax, inventory] = await Promise.all([
    calculateShipping(user.address, cart.items),
    calculateTax(user.address, cart.total),
    checkInventory(cart.items),
  ]);

  return { user, cart, shippingRates, tax, inventory };
}`;

// Parallel With Shared Cancellation (seed lines 204-217)
export const fetchAllOrNothing = `async function fetchAllOrNothing(urls) {
  const controller = new AbortController();

  try {
    return await Promise.all(
      urls.map(url =>
        fetch(url, { signal: controller.signal }).then(r => r.json())
      )
    );
  } catch (err) {
    controller.abort();
    throw err;
  }
}`;

// Racing With a Timeout: AbortSignal.timeout() (seed lines 223-228)
export const fetchWithTimeout = `async function fetchWithTimeout(url, ms = 5000) {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(ms),
  });
  return response.json();
}`;

// Promise.race with a timeout promise: withTimeout (seed lines 232-239)
export const withTimeout = `function withTimeout(promise, ms) {
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error(\`Timed out after \${ms}ms\`)), ms)
  );
  return Promise.race([promise, timeout]);
}

const data = await withTimeout(complexComputation(), 3000);`;
