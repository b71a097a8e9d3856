// libFuzzer target: parseExpression() on arbitrary bytes read as UTF-8,
// against a fixed task list. An accepted expression must print (toText) to
// text that parses to the same canonical text again.

#include "expression.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace asyncscope;
    static const QStringList taskIds = {QStringLiteral("user"), QStringLiteral("posts"), QStringLiteral("a"),
                                        QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("cdn1"),
                                        QStringLiteral("cdn2"), QStringLiteral("slow_api")};
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
