#include "js_prelude_p.h"

#include <QStringList>

namespace asyncscope::codegen {

namespace {

// Each is what its combinator means in SPEC §1, written the way the seed writes withTimeout.
const PreludeFunction kPrelude[] = {
    {"sleep", "",
     "// Resolves after ms; an aborted signal cancels the timer (or rejects at once).\n"
     "function sleep(ms, signal) {\n"
     "  return new Promise((resolve, reject) => {\n"
     "    if (signal?.aborted) return reject(signal.reason);\n"
     "    const timer = setTimeout(resolve, ms);\n"
     "    signal?.addEventListener('abort', () => {\n"
     "      clearTimeout(timer);\n"
     "      reject(signal.reason);\n"
     "    }, { once: true });\n"
     "  });\n"
     "}\n"},
    {"withTimeout", "",
     "// Rejects if the promise has not settled within ms (the timer stops when it does).\n"
     "function withTimeout(promise, ms) {\n"
     "  let timer;\n"
     "  const timeout = new Promise((_, reject) => {\n"
     "    timer = setTimeout(() => reject(new Error(`Timed out after ${ms}ms`)), ms);\n"
     "  });\n"
     "  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));\n"
     "}\n"},
    {"sequence", "",
     "// One after another: each step starts when the previous one fulfilled.\n"
     "async function sequence(steps) {\n"
     "  const values = [];\n"
     "  for (const step of steps) values.push(await step());\n"
     "  return values;\n"
     "}\n"},
    {"hedge", "",
     "// Ask the primary; also ask the fallback if the primary has not answered\n"
     "// within ms, or at once if it fails. The first success wins; if both fail,\n"
     "// an AggregateError lists [primary reason, fallback reason].\n"
     "function hedge(primary, fallback, ms) {\n"
     "  return new Promise((resolve, reject) => {\n"
     "    const errors = [];\n"
     "    let failures = 0;\n"
     "    let fallbackStarted = false;\n"
     "    const fail = (index, reason) => {\n"
     "      errors[index] = reason;\n"
     "      if (++failures === 2) reject(new AggregateError(errors, 'All promises were rejected'));\n"
     "    };\n"
     "    const startFallback = () => {\n"
     "      if (fallbackStarted) return;\n"
     "      fallbackStarted = true;\n"
     "      clearTimeout(timer);\n"
     "      fallback().then(resolve, (reason) => fail(1, reason));\n"
     "    };\n"
     "    primary().then(\n"
     "      (value) => { clearTimeout(timer); resolve(value); },\n"
     "      (reason) => { fail(0, reason); startFallback(); },\n"
     "    );\n"
     "    const timer = setTimeout(startFallback, ms);\n"
     "  });\n"
     "}\n"},
    {"retry", "sleep",
     "// Up to `attempts` tries, gapMs apart; rejects with the last reason.\n"
     "async function retry(attempt, attempts, gapMs, signal) {\n"
     "  for (let tries = 1; ; tries++) {\n"
     "    try {\n"
     "      return await attempt();\n"
     "    } catch (reason) {\n"
     "      if (tries >= attempts) throw reason;\n"
     "      await sleep(gapMs, signal);\n"
     "    }\n"
     "  }\n"
     "}\n"},
    {"pool", "",
     "// At most `limit` in flight, started in order; fails fast and then starts nothing more.\n"
     "async function pool(limit, starts) {\n"
     "  const values = [];\n"
     "  let next = 0;\n"
     "  let failed = false;\n"
     "  const worker = async () => {\n"
     "    while (next < starts.length && !failed) {\n"
     "      const index = next++;\n"
     "      try {\n"
     "        values[index] = await starts[index]();\n"
     "      } catch (reason) {\n"
     "        failed = true;\n"
     "        throw reason;\n"
     "      }\n"
     "    }\n"
     "  };\n"
     "  const workers = Array.from({ length: Math.min(Math.max(limit, 1), starts.length) }, worker);\n"
     "  await Promise.all(workers);\n"
     "  return values;\n"
     "}\n"},
    {"graph", "",
     "// Each task starts as soon as all its needs fulfilled, called with their values;\n"
     "// a task without needs starts at once.\n"
     "function graph(tasks, order) {\n"
     "  const started = {};\n"
     "  const start = (id) => (started[id] ?\?= tasks[id].needs.length === 0\n"
     "    ? tasks[id].run()\n"
     "    : Promise.all(tasks[id].needs.map(start)).then((values) => tasks[id].run(...values)));\n"
     "  return Promise.all(order.map(start));\n"
     "}\n"},
    {"levels", "",
     "// The same graph level by level: one Promise.all per level, as in buildOrder.\n"
     "async function levels(tasks, order) {\n"
     "  const done = {};\n"
     "  let waiting = [...order];\n"
     "  while (waiting.length > 0) {\n"
     "    const level = waiting.filter((id) => tasks[id].needs.every((need) => need in done));\n"
     "    const values = await Promise.all(\n"
     "      level.map((id) => tasks[id].run(...tasks[id].needs.map((need) => done[need]))),\n"
     "    );\n"
     "    level.forEach((id, i) => { done[id] = values[i]; });\n"
     "    waiting = waiting.filter((id) => !level.includes(id));\n"
     "  }\n"
     "  return order.map((id) => done[id]);\n"
     "}\n"},
    {"withAbort", "",
     "// A shared AbortController: when the work settles, whatever is still in flight is aborted.\n"
     "async function withAbort(work, parentSignal) {\n"
     "  const controller = new AbortController();\n"
     "  parentSignal?.addEventListener('abort', () => controller.abort(), { once: true });\n"
     "  try {\n"
     "    return await work(controller.signal);\n"
     "  } finally {\n"
     "    controller.abort();\n"
     "  }\n"
     "}\n"},
};

} // namespace

std::span<const PreludeFunction> jsPrelude()
{
    return kPrelude;
}

QString jsPreludeText(const QSet<QString> &used)
{
    QSet<QString> printed = used;
    for (const PreludeFunction &function : kPrelude) {
        if (printed.contains(QLatin1String(function.name)) && *function.needs)
            printed.insert(QLatin1String(function.needs));
    }
    QStringList blocks;
    for (const PreludeFunction &function : kPrelude) {
        if (printed.contains(QLatin1String(function.name)))
            blocks.append(QString::fromUtf8(function.code));
    }
    return blocks.join(QLatin1Char('\n'));
}

} // namespace asyncscope::codegen
