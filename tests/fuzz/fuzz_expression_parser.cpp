// libFuzzer target: parseExpression() on arbitrary bytes read as UTF-8,
// against a fixed task list. An accepted expression must print (toText) to
// text that parses to the same canonical text again.

#include "expression.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace asyncscope;
    // Every task id of the built-in examples, so the seeded plans parse.
    static const QStringList taskIds = [] {
        QStringList ids;
        for (const char *id : {
        "A", "B", "C", "D", "E", "a", "auth", "b", "c", "calendar", "cart", "cdn1", "cdn2", "cdn2_down",
        "cdn3", "cdn3_down", "config", "data", "down", "fallback", "fallback_down", "feed", "flaky",
        "followers", "inventory", "mirror_a", "mirror_b", "mirror_c", "news", "notifications", "permissions",
        "permissions_down", "posts", "primary_fails", "primary_fast", "primary_slow", "primary_timeout",
        "products", "q1", "q10", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "quick_computation", "r1",
        "r2", "r3", "r4", "r5", "r6", "recommendations", "settings", "shipping", "slow_computation",
        "stocks", "tax", "team", "traffic", "user", "users", "weather"})
            ids.append(QString::fromLatin1(id));
        return ids;
    }();
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const ParsedExpression parsed = parseExpression(text, taskIds);
    if (!parsed.ok()) {
        if (!parsed.error || parsed.error->message.isEmpty() || parsed.error->column < 1)
            std::abort(); // a refusal always says why, at a real column
        return 0;
    }
    const QString canonical = toText(*parsed.expr);
    const ParsedExpression again = parseExpression(canonical, taskIds);
    if (!again.ok() || toText(*again.expr) != canonical)
        std::abort(); // the canonical spelling is a fixed point
    return 0;
}
