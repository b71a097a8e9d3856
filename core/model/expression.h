#pragma once

// The plan expression language (SPEC §1): task ids and calls such as
// all(user, posts), timeout(race(a, b), 500), pool(2, a, b, c).
// parseExpression() is a small recursive-descent parser with a depth limit and
// 1-based column numbers in every error.

#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace asyncscope {

enum class Combinator {
    Seq, All, AllSettled, Race, Any, Timeout, Delay, Hedge, Retry, Pool, Graph, Levels, Abort
};

// Names as written in plans, from the combinator table (combinator_table.h).
QString toString(Combinator c);                  // "allSettled"...
std::optional<Combinator> combinatorFromName(const QString &name);
QStringList combinatorNames();

struct Expr
{
    enum class Kind { Task, Number, Call };
    Kind kind = Kind::Task;
    Combinator combinator = Combinator::Seq; // Call only
    int column = 1;            // 1-based column where this node starts
    QString name;              // task id (Task) or combinator name (Call)
    double number = 0;         // Number only
    std::vector<Expr> args;    // Call only

    // Every task id referenced, in order of appearance (with repeats).
    void collectTasks(QStringList &out) const;
};

struct ExpressionError
{
    // One line, the column included, ready to print after a prefix:
    // `unknown task "usr" at column 9 (did you mean "user"?)`.
    QString message;
    int column = 1;            // 1-based, the same column the message names
};

struct ParsedExpression
{
    std::optional<Expr> expr;
    std::optional<ExpressionError> error;
    bool ok() const { return expr.has_value(); }
};

// Parses and checks `text` against the known task ids: unknown tasks (with a
// suggestion), unknown combinators, argument counts and types (timeout(A),
// pool(0, A)), unbalanced parentheses, depth beyond kMaxExpressionDepth.
inline constexpr int kMaxExpressionDepth = 200;
inline constexpr int kMaxExpressionLength = 100000;
// The longest time an expression may name (timeout, delay, hedge, retry gap):
// one hour, the same bound as scenario.h's kMaxLatencyMs.
inline constexpr double kMaxExpressionMs = 3600.0 * 1000.0;
ParsedExpression parseExpression(const QString &text, const QStringList &taskIds);
// The same, for callers that check many plans against one large scenario:
// `knownTasks` holds the same ids as `taskIds` (which only feeds suggestions).
ParsedExpression parseExpression(const QString &text, const QStringList &taskIds, const QSet<QString> &knownTasks);

// The expression in canonical spelling (for the JS generator, the UI, goldens).
QString toText(const Expr &expr);

} // namespace asyncscope
