// The combinator table (combinator_table.h) is the one place each combinator
// is described: every Combinator has exactly one row, its name reads back as
// the same combinator, and the rows say what their readers rely on.

#include "combinator_table.h"

#include <QSet>
#include <QTest>

#include <algorithm>

using namespace asyncscope;

Q_DECLARE_METATYPE(asyncscope::Combinator)

namespace {

// The enum has no count member; Abort is its last value.
constexpr int kCombinatorCount = int(Combinator::Abort) + 1;

} // namespace

class TestCombinatorTable : public QObject
{
    Q_OBJECT

private slots:
    void everyCombinatorHasExactlyOneRow()
    {
        const std::span<const CombinatorInfo> table = combinatorTable();
        QCOMPARE(int(table.size()), kCombinatorCount);
        for (int i = 0; i < kCombinatorCount; ++i) {
            const auto c = Combinator(i);
            const auto rows = std::count_if(table.begin(), table.end(),
                                            [c](const CombinatorInfo &row) { return row.combinator == c; });
            QCOMPARE(int(rows), 1);
            QVERIFY(combinatorInfo(c).combinator == c);
        }
    }

    void namesRoundTrip_data()
    {
        QTest::addColumn<Combinator>("combinator");
        for (const CombinatorInfo &row : combinatorTable())
            QTest::addRow("%s", row.name) << row.combinator;
    }

    void namesRoundTrip()
    {
        QFETCH(Combinator, combinator);
        const QString name = toString(combinator);
        QVERIFY(!name.isEmpty());
        QCOMPARE(name, QLatin1String(combinatorInfo(combinator).name));
        const std::optional<Combinator> back = combinatorFromName(name);
        QVERIFY(back.has_value());
        QVERIFY(*back == combinator);
        QCOMPARE(toString(*back), name);
        QCOMPARE(combinatorNames().count(name), 1);
    }

    void namesAreTheTablesInOrder()
    {
        QStringList expected;
        for (const CombinatorInfo &row : combinatorTable())
            expected.append(QLatin1String(row.name));
        QCOMPARE(combinatorNames(), expected);
        QCOMPARE(QSet<QString>(expected.cbegin(), expected.cend()).size(), expected.size());
        QVERIFY(!combinatorFromName(QStringLiteral("Seq")).has_value()); // names are case-sensitive
        QVERIFY(!combinatorFromName(QString()).has_value());
    }

    void rowsSayWhatTheirReadersNeed_data()
    {
        namesRoundTrip_data();
    }

    void rowsSayWhatTheirReadersNeed()
    {
        QFETCH(Combinator, combinator);
        const CombinatorInfo &info = combinatorInfo(combinator);
        // The parser's count messages name the arguments.
        QVERIFY(info.usage && *info.usage);
        if (info.variadic() && info.leadingCount() > 0)
            QVERIFY(info.expects && *info.expects);
        for (int i = 0; i < info.leadingCount(); ++i) {
            const Argument argument = info.argumentAt(size_t(i));
            QVERIFY(argument != Argument::None);
            if (argument != Argument::Operand && argument != Argument::TaskId) {
                const NumberArgument *rule = numberArgument(argument);
                QVERIFY(rule);
                QVERIFY(rule->what && (rule->invalid || rule->tooLarge));
                QVERIFY(rule->min <= rule->max);
            }
        }
        QVERIFY(info.argumentAt(size_t(info.leadingCount())) == info.rest);
        // A repeat bound multiplies by an Attempts argument (plan_limits.cpp).
        if (info.bound == InvocationBound::Repeat) {
            QVERIFY(!info.variadic());
            QVERIFY(std::find(info.leading.begin(), info.leading.end(), Argument::Attempts) != info.leading.end());
        }
        // JavaScript's own combinators are Promise's; every other one is a prelude function.
        QVERIFY(info.jsName && *info.jsName);
        QCOMPARE(QLatin1String(info.jsName).startsWith(QLatin1String("Promise.")), info.jsBuiltIn);
        // The typed C++ form at the top of a plan is the template's.
        if (info.cppResultType || info.cppJsonName)
            QVERIFY(info.cppName);
    }

    void numberArgumentsAreTheParsersBounds()
    {
        QCOMPARE(numberArgument(Argument::Milliseconds)->max, kMaxExpressionMs);
        QCOMPARE(numberArgument(Argument::Attempts)->max, double(kMaxRetryAttempts));
        QCOMPARE(numberArgument(Argument::Limit)->min, 1.0);
        QVERIFY(!numberArgument(Argument::Operand));
        QVERIFY(!numberArgument(Argument::TaskId));
        QVERIFY(!numberArgument(Argument::None));
    }
};

QTEST_APPLESS_MAIN(TestCombinatorTable)
#include "tst_combinator_table.moc"
