#include "expression.h"

#include "combinator_table.h"
#include "edit_distance.h"
#include "json_messages.h"

#include <QLocale>
#include <QSet>

#include <cmath>
#include <limits>

namespace asyncscope {

namespace {

struct Token
{
    enum class Kind { Identifier, Number, Open, Close, Comma, End, Invalid };
    Kind kind = Kind::End;
    QString text;
    int column = 1;
    double number = 0;
};

// Splits the whole text first, so the parser can look one token ahead and
// every token knows its column.
class Tokenizer
{
public:
    explicit Tokenizer(const QString &text) : m_text(text) {}

    std::vector<Token> tokens()
    {
        std::vector<Token> out;
        while (true) {
            skipSpace();
            Token token;
            token.column = int(m_pos) + 1;
            if (m_pos >= m_text.size()) {
                token.kind = Token::Kind::End;
                out.push_back(token);
                return out;
            }
            const QChar c = m_text[m_pos];
            if (c == u'(' || c == u')' || c == u',') {
                token.kind = c == u'(' ? Token::Kind::Open : c == u')' ? Token::Kind::Close : Token::Kind::Comma;
                token.text = c;
                ++m_pos;
            } else if (isIdentifierStart(c)) {
                const qsizetype start = m_pos;
                while (m_pos < m_text.size() && isIdentifierPart(m_text[m_pos]))
                    ++m_pos;
                token.kind = Token::Kind::Identifier;
                token.text = m_text.mid(start, m_pos - start);
            } else if (isDigit(c) || ((c == u'-' || c == u'.') && m_pos + 1 < m_text.size() && isDigit(m_text[m_pos + 1]))) {
                readNumber(token);
            } else {
                token.kind = Token::Kind::Invalid;
                // Keep a surrogate pair whole so the message shows the character.
                token.text = c.isHighSurrogate() && m_pos + 1 < m_text.size() ? m_text.mid(m_pos, 2) : QString(c);
                if (!c.isPrint() && !c.isHighSurrogate()) // keep control characters out of one-line messages
                    token.text = QStringLiteral("U+%1").arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0'));
                out.push_back(token);
                return out; // the parser stops at the first bad character anyway
            }
            out.push_back(token);
        }
    }

private:
    static bool isDigit(QChar c) { return c >= u'0' && c <= u'9'; }
    static bool isIdentifierStart(QChar c)
    {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
    }
    static bool isIdentifierPart(QChar c) { return isIdentifierStart(c) || isDigit(c); }

    void skipSpace()
    {
        while (m_pos < m_text.size() && m_text[m_pos].isSpace())
            ++m_pos;
    }

    void readNumber(Token &token)
    {
        const qsizetype start = m_pos;
        if (m_text[m_pos] == u'-')
            ++m_pos;
        while (m_pos < m_text.size() && isDigit(m_text[m_pos]))
            ++m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == u'.') {
            ++m_pos;
            while (m_pos < m_text.size() && isDigit(m_text[m_pos]))
                ++m_pos;
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == u'e' || m_text[m_pos] == u'E')) {
            qsizetype exponent = m_pos + 1;
            if (exponent < m_text.size() && (m_text[exponent] == u'+' || m_text[exponent] == u'-'))
                ++exponent;
            if (exponent < m_text.size() && isDigit(m_text[exponent])) {
                m_pos = exponent;
                while (m_pos < m_text.size() && isDigit(m_text[m_pos]))
                    ++m_pos;
            }
        }
        token.kind = Token::Kind::Number;
        token.text = m_text.mid(start, m_pos - start);
        bool ok = false;
        token.number = QLocale::c().toDouble(token.text, &ok);
        if (!ok) // out of range (1e400): make it infinite so the range check names it
            token.number = std::numeric_limits<double>::infinity();
    }

    const QString &m_text;
    qsizetype m_pos = 0;
};

QString describe(const Token &token)
{
    switch (token.kind) {
    case Token::Kind::End:
        return QStringLiteral("end of expression");
    case Token::Kind::Number:
        return QStringLiteral("number %1").arg(shortenedForMessage(token.text));
    default:
        return QStringLiteral("\"%1\"").arg(shortenedForMessage(token.text));
    }
}


// Thrown inside the parser only; parseExpression() turns it into a result.
struct ParseFailure
{
    ExpressionError error;
};

[[noreturn]] void failWithMessage(int column, const QString &message)
{
    throw ParseFailure{ExpressionError{message, column}};
}

[[noreturn]] void fail(int column, const QString &what, const QString &hint = {})
{
    failWithMessage(column, QStringLiteral("%1 at column %2%3").arg(what).arg(column).arg(hint));
}

class Parser
{
public:
    Parser(std::vector<Token> tokens, const QStringList &taskIds, const QSet<QString> &knownTasks)
        : m_tokens(std::move(tokens)), m_taskIds(taskIds), m_knownTasks(knownTasks)
    {
    }

    Expr parseAll()
    {
        if (peek().kind == Token::Kind::End)
            fail(peek().column, QStringLiteral("empty expression, expected a task or a call such as all(a, b)"));
        Expr expr = parseOperand(1);
        if (expr.kind == Expr::Kind::Number)
            fail(expr.column, QStringLiteral("expected a task or a call, got the number %1").arg(formatNumber(expr.number)));
        const Token &rest = peek();
        if (rest.kind == Token::Kind::Close)
            fail(rest.column, QStringLiteral("unexpected \")\""), QStringLiteral(" (no \"(\" is open)"));
        if (rest.kind != Token::Kind::End)
            fail(rest.column, QStringLiteral("unexpected %1").arg(describe(rest)),
                 QStringLiteral(" (expected the end of the expression)"));
        return expr;
    }

private:
    const Token &peek(int ahead = 0) const
    {
        const size_t index = std::min(m_index + size_t(ahead), m_tokens.size() - 1);
        return m_tokens[index];
    }
    const Token &take()
    {
        const Token &token = m_tokens[m_index];
        if (m_index + 1 < m_tokens.size())
            ++m_index;
        return token;
    }

    // A task, a number or a call. `depth` is the call depth this operand would have.
    Expr parseOperand(int depth)
    {
        const Token &token = peek();
        switch (token.kind) {
        case Token::Kind::Number: {
            take();
            Expr expr;
            expr.kind = Expr::Kind::Number;
            expr.number = token.number;
            expr.column = token.column;
            if (token.number < 0)
                fail(token.column, QStringLiteral("numbers must not be negative, got %1").arg(shortenedForMessage(token.text)));
            if (!std::isfinite(token.number))
                fail(token.column, QStringLiteral("number %1 is out of range").arg(shortenedForMessage(token.text)));
            return expr;
        }
        case Token::Kind::Identifier:
            if (peek(1).kind == Token::Kind::Open)
                return parseCall(depth);
            if (peek(1).kind == Token::Kind::Invalid) // `all[a]`: the bracket is the real mistake
                fail(peek(1).column, QStringLiteral("unexpected character \"%1\"").arg(peek(1).text));
            take();
            return taskReference(token);
        case Token::Kind::Invalid:
            fail(token.column, QStringLiteral("unexpected character \"%1\"").arg(token.text));
        case Token::Kind::End:
            fail(token.column, QStringLiteral("unexpected end of expression"),
                 QStringLiteral(" (expected a task or a call)"));
        default:
            fail(token.column, QStringLiteral("unexpected %1").arg(describe(token)),
                 QStringLiteral(" (expected a task or a call)"));
        }
    }

    Expr taskReference(const Token &token)
    {
        Expr expr;
        expr.kind = Expr::Kind::Task;
        expr.name = token.text;
        expr.column = token.column;
        if (!m_knownTasks.contains(token.text)) {
            if (combinatorFromName(token.text))
                fail(token.column, QStringLiteral("\"%1\" is a combinator, not a task").arg(token.text),
                     QStringLiteral(" (call it: %1(...))").arg(token.text));
            fail(token.column, QStringLiteral("unknown task \"%1\"").arg(shortenedForMessage(token.text)),
                 didYouMean(token.text, m_taskIds));
        }
        return expr;
    }

    Expr parseCall(int depth)
    {
        const Token nameToken = take();
        const Token open = take();
        if (depth > kMaxExpressionDepth)
            fail(nameToken.column, QStringLiteral("nesting deeper than %1 levels").arg(kMaxExpressionDepth));
        const std::optional<Combinator> combinator = combinatorFromName(nameToken.text);
        if (!combinator) {
            const QString hint = m_knownTasks.contains(nameToken.text)
                ? QStringLiteral(" (\"%1\" is a task; tasks take no arguments)").arg(shortenedForMessage(nameToken.text))
                : didYouMean(nameToken.text, combinatorNames());
            fail(nameToken.column, QStringLiteral("unknown combinator \"%1\"").arg(shortenedForMessage(nameToken.text)), hint);
        }

        Expr call;
        call.kind = Expr::Kind::Call;
        call.name = nameToken.text;
        call.combinator = *combinator;
        call.column = nameToken.column;

        if (peek().kind == Token::Kind::Close) {
            take();
        } else {
            while (true) {
                if (peek().kind == Token::Kind::End)
                    unclosed(open);
                if (peek().kind == Token::Kind::Comma || peek().kind == Token::Kind::Close)
                    fail(peek().column, QStringLiteral("unexpected %1").arg(describe(peek())),
                         QStringLiteral(" (expected an argument of %1)").arg(call.name));
                call.args.push_back(parseOperand(depth + 1));
                const Token &next = peek();
                if (next.kind == Token::Kind::Comma) {
                    take();
                    continue;
                }
                if (next.kind == Token::Kind::Close) {
                    take();
                    break;
                }
                if (next.kind == Token::Kind::End)
                    unclosed(open);
                if (next.kind == Token::Kind::Invalid)
                    fail(next.column, QStringLiteral("unexpected character \"%1\"").arg(next.text));
                fail(next.column, QStringLiteral("unexpected %1").arg(describe(next)),
                     QStringLiteral(" (expected \",\" or \")\")"));
            }
        }
        checkArguments(call);
        return call;
    }

    [[noreturn]] static void unclosed(const Token &open)
    {
        failWithMessage(open.column,
                        QStringLiteral("unbalanced parenthesis: \"(\" at column %1 is never closed").arg(open.column));
    }

    // The count first, then each argument in order, as the combinator's row in the table says.
    static void checkArguments(const Expr &call)
    {
        const CombinatorInfo &info = combinatorInfo(call.combinator);
        const auto &args = call.args;
        const int leading = info.leadingCount();
        if (!info.variadic() && int(args.size()) != leading)
            fail(call.column, QStringLiteral("%1 expects %2 argument%3 (%4), got %5")
                                  .arg(call.name).arg(leading).arg(leading == 1 ? "" : "s")
                                  .arg(QLatin1String(info.usage)).arg(args.size()));
        if (info.variadic() && int(args.size()) < leading)
            fail(call.column, QStringLiteral("%1 expects %2 (%3), got %4 argument%5")
                                  .arg(call.name, QLatin1String(info.expects), QLatin1String(info.usage))
                                  .arg(args.size()).arg(args.size() == 1 ? "" : "s"));
        for (size_t i = 0; i < args.size(); ++i)
            checkArgument(call, info.argumentAt(i), args[i]);
    }

    static void checkArgument(const Expr &call, Argument expected, const Expr &arg)
    {
        switch (expected) {
        case Argument::Operand:
            if (arg.kind == Expr::Kind::Number)
                fail(arg.column, QStringLiteral("%1: expected a task or a call, got the number %2")
                                     .arg(call.name, formatNumber(arg.number)));
            return;
        case Argument::TaskId:
            if (arg.kind != Expr::Kind::Task)
                fail(arg.column, QStringLiteral("%1 takes task ids only, got %2")
                                     .arg(call.name, arg.kind == Expr::Kind::Number
                                              ? QStringLiteral("the number %1").arg(formatNumber(arg.number))
                                              : QStringLiteral("a call of %1").arg(arg.name)));
            return;
        case Argument::Milliseconds:
        case Argument::Attempts:
        case Argument::Limit:
            checkNumber(call, *numberArgument(expected), arg);
            return;
        case Argument::None:
            return; // past a fixed list: the count check has refused the call already
        }
    }

    static void checkNumber(const Expr &call, const NumberArgument &rule, const Expr &arg)
    {
        if (arg.kind != Expr::Kind::Number)
            fail(arg.column, QStringLiteral("expected a number (%1)").arg(QLatin1String(rule.what)));
        const double value = arg.number;
        // A bound prints as an integer ("1000") or, for milliseconds, as formatNumber() spells numbers.
        const auto bound = [&rule](double b) { return rule.integer ? QString::number(qint64(b)) : formatNumber(b); };
        if (rule.invalid && ((rule.integer && !isInteger(value)) || value < rule.min))
            fail(arg.column, QString::fromLatin1(rule.invalid).arg(call.name, formatNumber(value), bound(rule.min)));
        if (!(value <= rule.max))
            fail(arg.column, QString::fromLatin1(rule.tooLarge ? rule.tooLarge : rule.invalid)
                                 .arg(call.name, formatNumber(value), bound(rule.tooLarge ? rule.max : rule.min)));
    }

    static bool isInteger(double value) { return std::isfinite(value) && value == std::floor(value); }

    std::vector<Token> m_tokens;
    size_t m_index = 0;
    const QStringList &m_taskIds;
    const QSet<QString> &m_knownTasks; // scenarios may have thousands of tasks
};

void appendText(const Expr &expr, QString &out)
{
    switch (expr.kind) {
    case Expr::Kind::Task:
        out += expr.name;
        return;
    case Expr::Kind::Number:
        out += formatNumber(expr.number);
        return;
    case Expr::Kind::Call:
        out += toString(expr.combinator);
        out += u'(';
        for (size_t i = 0; i < expr.args.size(); ++i) {
            if (i > 0)
                out += QStringLiteral(", ");
            appendText(expr.args[i], out);
        }
        out += u')';
        return;
    }
}

} // namespace

void Expr::collectTasks(QStringList &out) const
{
    if (kind == Kind::Task)
        out.append(name);
    for (const Expr &arg : args)
        arg.collectTasks(out);
}

ParsedExpression parseExpression(const QString &text, const QStringList &taskIds)
{
    return parseExpression(text, taskIds, QSet<QString>(taskIds.cbegin(), taskIds.cend()));
}

ParsedExpression parseExpression(const QString &text, const QStringList &taskIds, const QSet<QString> &knownTasks)
{
    ParsedExpression result;
    if (text.size() > kMaxExpressionLength) {
        result.error = ExpressionError{
            QStringLiteral("expression is %1 characters long; the limit is %2 at column %3")
                .arg(text.size()).arg(kMaxExpressionLength).arg(kMaxExpressionLength + 1),
            kMaxExpressionLength + 1};
        return result;
    }
    try {
        Parser parser(Tokenizer(text).tokens(), taskIds, knownTasks);
        result.expr = parser.parseAll();
    } catch (const ParseFailure &failure) {
        result.error = failure.error;
    }
    return result;
}

QString toText(const Expr &expr)
{
    QString out;
    appendText(expr, out);
    return out;
}

} // namespace asyncscope
