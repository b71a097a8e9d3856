// `asyncscope check LESSON --answer CODE.js` as a teacher runs it: the real
// binary through QProcess, on the built-in interview exercise.

#include "cli_process.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

Result check(const QStringList &args, const QByteArray &stdinData = {})
{
    const asyncscope::test::CliResult result = asyncscope::test::runAsyncscope(QStringList{QStringLiteral("check")} + args, stdinData);
    return {result.exitCode, QString::fromUtf8(result.out), QString::fromUtf8(result.err)};
}

const QString kLesson = QStringLiteral("example:lesson-fallback");

} // namespace

class TestCheckCommand : public QObject
{
    Q_OBJECT

private slots:
    void theSolutionPasses()
    {
        const Result solution = check({kLesson, QStringLiteral("--solution")});
        QCOMPARE(solution.exitCode, 0);
        QVERIFY(solution.out.startsWith(QStringLiteral("async function fetchWithFallback() {\n")));

        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("answer.js")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(solution.out.toUtf8());
        file.close();
        const Result judged = check({kLesson, QStringLiteral("--answer"), file.fileName()});
        QCOMPARE(judged.exitCode, 0);
        QVERIFY2(judged.out.contains(QStringLiteral("  primary slow         pass  fulfilled with {\"from\":\"fallback\",\"name\":\"Ada\"} at 2500 ms\n")),
                 qPrintable(judged.out));
        QVERIFY(judged.out.endsWith(QStringLiteral("4 of 4 conditions pass.\n")));
        QCOMPARE(judged.err, QString());
    }

    void aWrongAnswerSaysWhyOnStandardInput()
    {
        const Result judged = check({kLesson, QStringLiteral("--answer"), QStringLiteral("-")},
                                    "async function fetchWithFallback() {\n  return Promise.any([fetchPrimary(), fetchFallback()]);\n}\n");
        QCOMPARE(judged.exitCode, 1);
        QVERIFY2(judged.out.contains(QStringLiteral("  primary slow         FAIL  fetchFallback() was called at 0 ms; it should wait until 2000 ms\n")),
                 qPrintable(judged.out));
        QVERIFY(judged.out.endsWith(QStringLiteral("0 of 4 conditions pass.\n")));
    }

    void badInputIsOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("no lesson") << QStringList{QStringLiteral("example:profile"), QStringLiteral("--solution")}
                                   << QStringLiteral("asyncscope check: example:profile: has no lesson, so no exercise\n");
        QTest::addRow("no exercise") << QStringList{QStringLiteral("example:lesson-profile"), QStringLiteral("--solution")}
                                     << QStringLiteral("asyncscope check: example:lesson-profile: the lesson has no exercise\n");
        QTest::addRow("step not an exercise") << QStringList{kLesson, QStringLiteral("--step"), QStringLiteral("1"), QStringLiteral("--solution")}
                                              << QStringLiteral("asyncscope check: example:lesson-fallback: step 1 is not an exercise\n");
        QTest::addRow("no answer file") << QStringList{kLesson, QStringLiteral("--answer"), QStringLiteral("/nonexistent/a.js")}
                                        << QStringLiteral("asyncscope check: /nonexistent/a.js: no such file\n");
    }

    void badInputIsOneLine()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result result = check(args);
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.err, message);
        QCOMPARE(result.out, QString());
    }

    void answerOrSolutionIsRequired()
    {
        const Result result = check({kLesson});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.startsWith(QStringLiteral("asyncscope check: give --answer CODE.js or --solution\n")));
    }
};

QTEST_GUILESS_MAIN(TestCheckCommand)
#include "tst_check_command.moc"
