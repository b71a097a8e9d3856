// The plan expression language (SPEC §1): what parses, its canonical
// spelling, and the exact message and column of every kind of mistake.

#include "expression.h"

#include <QElapsedTimer>
#include <QTest>

using namespace asyncscope;

class TestExpressionParser : public QObject
{
    Q_OBJECT

private:
    const QStringList m_tasks{QStringLiteral("user"), QStringLiteral("posts"), QStringLiteral("a"),
                              QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("cdn1"),
                              QStringLiteral("cdn2"), QStringLiteral("Profile")};

private slots:
    void validExpressions_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");

        QTest::addRow("task") << "user" << "user";
        QTest::addRow("spaces around a task") << "  \t user \n" << "user";
        QTest::addRow("all") << "all(user,posts)" << "all(user, posts)";
        QTest::addRow("whitespace everywhere") << " all ( user , posts ) " << "all(user, posts)";
        QTest::addRow("seq empty") << "seq()" << "seq()";
        QTest::addRow("all empty") << "all()" << "all()";
        QTest::addRow("allSettled") << "allSettled(a, b, c)" << "allSettled(a, b, c)";
        QTest::addRow("race empty") << "race( )" << "race()";
        QTest::addRow("any") << "any(cdn1,cdn2)" << "any(cdn1, cdn2)";
        QTest::addRow("timeout") << "timeout(race(a,b),500)" << "timeout(race(a, b), 500)";
        QTest::addRow("timeout fraction") << "timeout(a, 12.5)" << "timeout(a, 12.5)";
        QTest::addRow("timeout zero") << "timeout(a, 0)" << "timeout(a, 0)";
        QTest::addRow("timeout one hour") << "timeout(a, 3600000)" << "timeout(a, 3600000)";
        QTest::addRow("timeout exponent") << "timeout(a, 1e3)" << "timeout(a, 1000)";
        QTest::addRow("delay") << "delay(100, a)" << "delay(100, a)";
        QTest::addRow("hedge") << "hedge(cdn1, cdn2, 150)" << "hedge(cdn1, cdn2, 150)";
        QTest::addRow("retry") << "retry(a, 3, 100)" << "retry(a, 3, 100)";
        QTest::addRow("pool") << "pool(2, a, b, c)" << "pool(2, a, b, c)";
        QTest::addRow("pool without work") << "pool(1)" << "pool(1)";
        QTest::addRow("graph all") << "graph()" << "graph()";
        QTest::addRow("graph listed") << "graph(a,b)" << "graph(a, b)";
        QTest::addRow("levels") << "levels(a, b, c)" << "levels(a, b, c)";
        QTest::addRow("abort") << "abort(race(a, b))" << "abort(race(a, b))";
        QTest::addRow("repeat a task") << "seq(a, a, a)" << "seq(a, a, a)";
        QTest::addRow("nested") << "seq(user, all(posts, timeout(any(cdn1, cdn2), 300)))"
                                << "seq(user, all(posts, timeout(any(cdn1, cdn2), 300)))";
        QString deep200 = QStringLiteral("a");
        for (int i = 0; i < kMaxExpressionDepth; ++i)
            deep200 = QStringLiteral("all(%1)").arg(deep200);
        QTest::addRow("200 levels deep") << deep200 << deep200;
    }

    void validExpressions()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        const ParsedExpression parsed = parseExpression(text, m_tasks);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error ? parsed.error->message : QString()));
        QVERIFY(!parsed.error);
        QCOMPARE(toText(*parsed.expr), canonical);
        // The canonical spelling parses to itself.
        const ParsedExpression again = parseExpression(canonical, m_tasks);
        QVERIFY(again.ok());
        QCOMPARE(toText(*again.expr), canonical);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("column");

        QTest::addRow("empty") << ""
                               << "empty expression, expected a task or a call such as all(a, b) at column 1" << 1;
        QTest::addRow("blank") << "   " << "empty expression, expected a task or a call such as all(a, b) at column 4"
                               << 4;
        QTest::addRow("unknown task with suggestion")
            << "all(user, usr)" << "unknown task \"usr\" at column 11 (did you mean \"user\"?)" << 11;
        QTest::addRow("unknown task column 9") << "seq(a,  usr)"
                                               << "unknown task \"usr\" at column 9 (did you mean \"user\"?)" << 9;
        QTest::addRow("unknown task case") << "profile" << "unknown task \"profile\" at column 1 (did you mean \"Profile\"?)"
                                           << 1;
        QTest::addRow("unknown task no suggestion") << "all(zzzzzz)" << "unknown task \"zzzzzz\" at column 5" << 5;
        QTest::addRow("one letter suggests nothing") << "x" << "unknown task \"x\" at column 1" << 1;
        QTest::addRow("unknown combinator") << "al(a, b)" << "unknown combinator \"al\" at column 1 (did you mean \"all\"?)"
                                            << 1;
        QTest::addRow("unknown combinator case") << "AllSettled(a)"
                                                 << "unknown combinator \"AllSettled\" at column 1 (did you mean \"allSettled\"?)"
                                                 << 1;
        QTest::addRow("unknown combinator far") << "seq(a, frobnicate(b))"
                                                << "unknown combinator \"frobnicate\" at column 8" << 8;
        QTest::addRow("task called") << "user(a)"
                                     << "unknown combinator \"user\" at column 1 (\"user\" is a task; tasks take no arguments)"
                                     << 1;
        QTest::addRow("combinator not called") << "seq(a, all)"
                                               << "\"all\" is a combinator, not a task at column 8 (call it: all(...))" << 8;
        QTest::addRow("timeout one argument") << "timeout(a)"
                                              << "timeout expects 2 arguments (expression, ms), got 1 at column 1" << 1;
        QTest::addRow("timeout three arguments") << "seq(timeout(a, 1, 2))"
                                                 << "timeout expects 2 arguments (expression, ms), got 3 at column 5" << 5;
        QTest::addRow("timeout ms is a task") << "timeout(a, b)" << "expected a number (milliseconds) at column 12" << 12;
        QTest::addRow("timeout expression is a number")
            << "timeout(5, a)" << "timeout: expected a task or a call, got the number 5 at column 9" << 9;
        QTest::addRow("timeout over an hour")
            << "timeout(a, 3600001)" << "timeout: 3600001 ms is more than one hour (3600000 ms) at column 12" << 12;
        QTest::addRow("timeout 1e400") << "timeout(a, 1e400)"
                                       << "number 1e400 is out of range at column 12" << 12;
        QTest::addRow("timeout 1e20") << "timeout(a, 1e20)"
                                      << "timeout: 1e+20 ms is more than one hour (3600000 ms) at column 12" << 12;
        QTest::addRow("negative number") << "timeout(a, -5)" << "numbers must not be negative, got -5 at column 12" << 12;
        QTest::addRow("delay order") << "delay(a, 100)" << "expected a number (milliseconds) at column 7" << 7;
        QTest::addRow("delay count") << "delay(100)" << "delay expects 2 arguments (ms, expression), got 1 at column 1"
                                     << 1;
        QTest::addRow("hedge count") << "hedge(a, b)"
                                     << "hedge expects 3 arguments (primary, fallback, ms), got 2 at column 1" << 1;
        QTest::addRow("hedge ms") << "hedge(a, b, c)" << "expected a number (milliseconds) at column 13" << 13;
        QTest::addRow("retry count") << "retry(a, 3)"
                                     << "retry expects 3 arguments (expression, attempts, gap_ms), got 2 at column 1" << 1;
        QTest::addRow("retry zero attempts") << "retry(a, 0, 10)"
                                             << "retry: attempts must be an integer >= 1, got 0 at column 10" << 10;
        QTest::addRow("retry fractional attempts")
            << "retry(a, 2.5, 10)" << "retry: attempts must be an integer >= 1, got 2.5 at column 10" << 10;
        QTest::addRow("retry too many attempts")
            << "retry(a, 5000, 10)" << "retry: at most 1000 attempts, got 5000 at column 10" << 10;
        QTest::addRow("retry attempts a task") << "retry(a, b, 10)" << "expected a number (attempts) at column 10" << 10;
        QTest::addRow("pool zero") << "pool(0, a)" << "pool: the limit must be an integer >= 1, got 0 at column 6" << 6;
        QTest::addRow("pool fraction") << "pool(1.5, a)" << "pool: the limit must be an integer >= 1, got 1.5 at column 6"
                                       << 6;
        QTest::addRow("pool empty") << "pool()"
                                    << "pool expects a limit and expressions (n, expression...), got 0 arguments at column 1"
                                    << 1;
        QTest::addRow("pool limit is a task") << "pool(a, b)" << "expected a number (the limit) at column 6" << 6;
        QTest::addRow("pool work is a number") << "pool(2, a, 7)"
                                               << "pool: expected a task or a call, got the number 7 at column 12" << 12;
        QTest::addRow("all with a number") << "all(a, 5)" << "all: expected a task or a call, got the number 5 at column 8"
                                           << 8;
        QTest::addRow("graph with a call") << "graph(a, all(b))" << "graph takes task ids only, got a call of all at column 10"
                                           << 10;
        QTest::addRow("levels with a number") << "levels(3)" << "levels takes task ids only, got the number 3 at column 8"
                                              << 8;
        QTest::addRow("abort count") << "abort(a, b)" << "abort expects 1 argument (expression), got 2 at column 1" << 1;
        QTest::addRow("abort empty") << "abort()" << "abort expects 1 argument (expression), got 0 at column 1" << 1;
        QTest::addRow("top-level number") << " 42" << "expected a task or a call, got the number 42 at column 2" << 2;
        QTest::addRow("unclosed") << "all(a, b" << "unbalanced parenthesis: \"(\" at column 4 is never closed"
                                  << 4;
        QTest::addRow("unclosed inner") << "seq(a, all(b, c)"
                                        << "unbalanced parenthesis: \"(\" at column 4 is never closed" << 4;
        QTest::addRow("unclosed after comma") << "seq(a,"
                                              << "unbalanced parenthesis: \"(\" at column 4 is never closed"
                                              << 4;
        QTest::addRow("extra close") << "all(a, b))" << "unexpected \")\" at column 10 (no \"(\" is open)" << 10;
        QTest::addRow("extra close column 12") << "all(user, a))"
                                               << "unexpected \")\" at column 13 (no \"(\" is open)" << 13;
        QTest::addRow("leading close") << ")" << "unexpected \")\" at column 1 (expected a task or a call)" << 1;
        QTest::addRow("trailing comma") << "all(a,)" << "unexpected \")\" at column 7 (expected an argument of all)" << 7;
        QTest::addRow("double comma") << "all(a,,b)" << "unexpected \",\" at column 7 (expected an argument of all)" << 7;
        QTest::addRow("missing comma") << "all(a b)" << "unexpected \"b\" at column 7 (expected \",\" or \")\")" << 7;
        QTest::addRow("two tasks") << "a b" << "unexpected \"b\" at column 3 (expected the end of the expression)" << 3;
        QTest::addRow("bad character") << "all(a; b)" << "unexpected character \";\" at column 6" << 6;
        QTest::addRow("non-ascii character") << "all(a, \u00e9)" << "unexpected character \"\u00e9\" at column 8" << 8;
        QTest::addRow("control character") << "all(a,\x01" "b)" << "unexpected character \"U+0001\" at column 7" << 7;
        QTest::addRow("bracket") << "all[a]" << "unexpected character \"[\" at column 4" << 4;
        QString deep201 = QStringLiteral("a");
        for (int i = 0; i < kMaxExpressionDepth + 1; ++i)
            deep201 = QStringLiteral("all(%1)").arg(deep201);
        QTest::addRow("201 levels deep") << deep201 << "nesting deeper than 200 levels at column 801" << 801;
        QString deep10000 = QString(QStringLiteral("all(")).repeated(10000) + QStringLiteral("a")
            + QString(QStringLiteral(")")).repeated(10000);
        QTest::addRow("10000 levels deep") << deep10000 << "nesting deeper than 200 levels at column 801" << 801;
        const QString unclosedDeep = QString(QStringLiteral("(")).repeated(10000);
        QTest::addRow("10000 open parentheses") << unclosedDeep
                                                << "unexpected \"(\" at column 1 (expected a task or a call)" << 1;
        const QString tooLong = QStringLiteral("all(a") + QString(QStringLiteral(", a")).repeated(40000) + u')';
        QTest::addRow("too long") << tooLong
                                  << "expression is 120006 characters long; the limit is 100000 at column 100001" << 100001;
    }

    void errors()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        QFETCH(int, column);
        const ParsedExpression parsed = parseExpression(text, m_tasks);
        QVERIFY(!parsed.ok());
        QVERIFY(parsed.error);
        QCOMPARE(parsed.error->message, message);
        QCOMPARE(parsed.error->column, column);
        QVERIFY(!parsed.error->message.contains(u'\n'));
    }

    void columnsOfNodes()
    {
        const ParsedExpression parsed = parseExpression(QStringLiteral("seq(user,  timeout(a, 50))"), m_tasks);
        QVERIFY(parsed.ok());
        const Expr &seq = *parsed.expr;
        QVERIFY(seq.kind == Expr::Kind::Call);
        QVERIFY(seq.combinator == Combinator::Seq);
        QCOMPARE(seq.column, 1);
        QCOMPARE(seq.args.size(), size_t(2));
        QVERIFY(seq.args[0].kind == Expr::Kind::Task);
        QCOMPARE(seq.args[0].name, QStringLiteral("user"));
        QCOMPARE(seq.args[0].column, 5);
        const Expr &timeout = seq.args[1];
        QVERIFY(timeout.combinator == Combinator::Timeout);
        QCOMPARE(timeout.name, QStringLiteral("timeout"));
        QCOMPARE(timeout.column, 12);
        QVERIFY(timeout.args[1].kind == Expr::Kind::Number);
        QCOMPARE(timeout.args[1].number, 50.0);
        QCOMPARE(timeout.args[1].column, 23);
    }

    void collectTasks()
    {
        const ParsedExpression parsed = parseExpression(QStringLiteral("seq(a, all(b, a), retry(c, 2, 0), graph(user))"),
                                                        m_tasks);
        QVERIFY(parsed.ok());
        QStringList tasks;
        parsed.expr->collectTasks(tasks);
        QCOMPARE(tasks, (QStringList{"a", "b", "a", "c", "user"}));
    }

    void combinatorNamesRoundTrip()
    {
        const QStringList names = combinatorNames();
        QCOMPARE(names, (QStringList{"seq", "all", "allSettled", "race", "any", "timeout", "delay", "hedge", "retry",
                                     "pool", "graph", "levels", "abort"}));
        for (const QString &name : names) {
            const std::optional<Combinator> c = combinatorFromName(name);
            QVERIFY(c);
            QCOMPARE(toString(*c), name);
        }
        QVERIFY(!combinatorFromName(QStringLiteral("All")));
        QVERIFY(!combinatorFromName(QString()));
    }

    void manyTasksStayFast()
    {
        QStringList ids;
        QString text = QStringLiteral("all(");
        for (int i = 0; i < 10000; ++i) {
            ids.append(QStringLiteral("t%1").arg(i));
            text += (i ? QStringLiteral(",t%1") : QStringLiteral("t%1")).arg(i);
        }
        text += u')';
        QElapsedTimer timer;
        timer.start();
        const ParsedExpression parsed = parseExpression(text, ids);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.expr->args.size(), size_t(10000));
        QVERIFY2(timer.elapsed() < 500, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_APPLESS_MAIN(TestExpressionParser)
#include "tst_expression_parser.moc"
