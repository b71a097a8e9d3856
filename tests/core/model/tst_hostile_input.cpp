// Hostile input (issue 11): whatever bytes arrive, the loader answers with a
// scenario or one clear line, fast, and never crashes or hangs. This table adds
// what tests/data/bad (tst_scenario_loader) does not cover: deeper nesting,
// wrong types in every field, extreme numbers, invalid UTF-8 in more places,
// huge strings, the per-plan invocation limit; and the same refusals through
// the asyncscope binary (exit code 2, one line on stderr).

#include "scenario_run.h"
#include "plan_limits.h"
#include "scenario.h"
#include "../../app/cli_process.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace asyncscope;

namespace {

// Anything hostile must be answered within this (a Debug build on a busy CI core).
constexpr qint64 kAnswerWithinMs = 5000;

QJsonObject validScenario()
{
    return QJsonDocument::fromJson(R"json({
      "format": "asyncscope-scenario/1", "name": "n", "description": "d",
      "connections_per_host": 2,
      "tasks": [
        {"id": "a", "label": "A", "latency_ms": 100, "fails": [true, false], "error": "boom", "value": 1,
         "host": "h", "url": "{server}/delay/100"},
        {"id": "b", "latency": {"dist": "uniform", "min_ms": 10, "max_ms": 20}, "jitter_ms": 5,
         "failure_rate": 0.5, "needs": ["a"]}
      ],
      "plans": [{"name": "p", "run": "all(a, b)"}]
    })json").object();
}

QByteArray withRun(const QString &run)
{
    QJsonObject root = validScenario();
    root.insert(QStringLiteral("plans"), QJsonArray{QJsonObject{{"name", "p"}, {"run", run}}});
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

// `value` spliced in raw, so it may be any text (numbers JSON cannot hold, bad bytes).
QByteArray withLatencyText(const QByteArray &value)
{
    return R"({"format": "asyncscope-scenario/1", "name": "n", "tasks": [{"id": "a", "latency_ms": )" + value
        + R"(}], "plans": [{"name": "p", "run": "a"}]})";
}

QByteArray manyTasks(int count, const QString &run)
{
    QJsonArray tasks;
    for (int i = 0; i < count; ++i)
        tasks.append(QJsonObject{{"id", QStringLiteral("t%1").arg(i)}, {"latency_ms", 1 + i % 7}});
    QJsonObject root{{"format", "asyncscope-scenario/1"}, {"name", "many"}, {"tasks", tasks},
                     {"plans", QJsonArray{QJsonObject{{"name", "p"}, {"run", run}}}}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QString allOfTasks(int count)
{
    QStringList ids;
    for (int i = 0; i < count; ++i)
        ids.append(QStringLiteral("t%1").arg(i));
    return QStringLiteral("all(%1)").arg(ids.join(QStringLiteral(", ")));
}

// Sets root[path...] = value, where path alternates object keys and array indexes.
QJsonValue replaced(const QJsonValue &node, const QVariantList &path, qsizetype at, const QJsonValue &value)
{
    if (at == path.size())
        return value;
    if (path[at].typeId() == QMetaType::Int) {
        QJsonArray array = node.toArray();
        const int i = path[at].toInt();
        array.replace(i, replaced(array.at(i), path, at + 1, value));
        return array;
    }
    QJsonObject object = node.toObject();
    const QString key = path[at].toString();
    object.insert(key, replaced(object.value(key), path, at + 1, value));
    return object;
}

QString describePath(const QVariantList &path)
{
    QString text;
    for (const QVariant &part : path) {
        if (part.typeId() == QMetaType::Int)
            text += QStringLiteral("[%1]").arg(part.toInt());
        else
            text += (text.isEmpty() ? QString() : QStringLiteral(".")) + part.toString();
    }
    return text;
}

using test::CliResult;

CliResult runCli(const QStringList &arguments, const QByteArray &stdinBytes = {})
{
    return test::runAsyncscope(arguments, test::CliOptions{stdinBytes, {}, 60000});
}

} // namespace

class TestHostileInput : public QObject
{
    Q_OBJECT

private slots:
    void refusedWithOneLine_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");

        // Nesting far beyond the existing 10 000-deep file.
        QTest::addRow("100000-deep arrays") << QByteArray(100000, '[') + QByteArray(100000, ']')
                                            << "x.json:1:1026: nested too deeply for JSON (more than 1024 levels of arrays and objects)";
        QTest::addRow("100000-deep objects") << QByteArray("{\"a\":").repeated(100000) + "1" + QByteArray(100000, '}')
                                             << "x.json:1:5122: nested too deeply for JSON (more than 1024 levels of arrays and objects)";
        QTest::addRow("100000 open brackets, never closed") << QByteArray(100000, '[')
                                                            << "x.json:1:1026: nested too deeply for JSON (more than 1024 levels of arrays and objects)";
        QTest::addRow("NUL byte in a string") << QByteArray("{\"name\": \"a\0b\"}", 15)
                                              << "x.json:1:12: binary data, not a JSON text file (byte 0x00)";
        QTest::addRow("NUL byte between tokens") << QByteArray("{\"name\":\0 \"a\"}", 14) << "x.json:1:9: binary data, not a JSON text file (byte 0x00)";
        QTest::addRow("lone surrogate escape") << QByteArray("{\"format\": \"asyncscope-scenario/1\", \"name\": \"\\ud800\"}")
                                               << "x.json: tasks: missing (a non-empty array of tasks)";
        QTest::addRow("a bare number") << QByteArray("12") << "x.json:1:1: expected a JSON object {...} at the top level";

        // Numbers at the edges.
        QTest::addRow("latency 1e308") << withLatencyText("1e308") << "x.json: tasks[0].latency_ms: must be at most 3600000 (one hour), got 1e+308";
        QTest::addRow("latency -1e308") << withLatencyText("-1e308") << "x.json: tasks[0].latency_ms: must be a number >= 0, got -1e+308";
        QTest::addRow("latency 1e999 (not a double)") << withLatencyText("1e999") << "x.json:1:86: number 1e999 is out of range";
        QTest::addRow("latency with 400 digits") << withLatencyText(QByteArray(400, '9')) << "x.json:1:86: number 9999999999999999999999999999999999999999 is out of range";
        QTest::addRow("latency Infinity") << withLatencyText("Infinity") << "x.json:1:86: Infinity is not a JSON number; write a finite number";
        QTest::addRow("latency -Infinity") << withLatencyText("-Infinity") << "x.json:1:86: -Infinity is not a JSON number; write a finite number";
        QTest::addRow("latency 0x10") << withLatencyText("0x10") << "x.json:1:87: expected \",\" or \"}\" after a value, got \"x\"";
        QTest::addRow("latency +5") << withLatencyText("+5") << "x.json:1:86: invalid number \"+5\"";
        QTest::addRow("connections 1e300")
            << [] { QJsonObject r = validScenario(); r.insert("connections_per_host", 1e300);
                    return QJsonDocument(r).toJson(QJsonDocument::Compact); }() << "x.json: connections_per_host: must be an integer >= 1, got 1e+300";

        // Expressions with numbers JSON would not allow, and deep shapes.
        QTest::addRow("timeout NaN") << withRun("timeout(a, NaN)") << "x.json: plans[0].run: unknown task \"NaN\" at column 12 (did you mean \"a\"?)";
        QTest::addRow("timeout Infinity") << withRun("timeout(a, Infinity)") << "x.json: plans[0].run: unknown task \"Infinity\" at column 12";
        QTest::addRow("timeout 1e999") << withRun("timeout(a, 1e999)") << "x.json: plans[0].run: number 1e999 is out of range at column 12";
        QTest::addRow("retry 1e308 attempts") << withRun("retry(a, 1e308, 0)") << "x.json: plans[0].run: retry: at most 1000 attempts, got 1e+308 at column 10";
        QTest::addRow("pool 1e20") << withRun("pool(1e20, a, b)") << "x.json: plans[0].run: pool: the limit must be an integer >= 1, got 1e+20 at column 6";
        QTest::addRow("100000 unclosed all(") << withRun(QStringLiteral("all(").repeated(24999)) << "x.json: plans[0].run: nesting deeper than 200 levels at column 801";
        QTest::addRow("10000 parentheses") << withRun(QString(10000, u'(') + u'a' + QString(10000, u')')) << "x.json: plans[0].run: unexpected \"(\" at column 1 (expected a task or a call)";
        QTest::addRow("10000-deep retry") << withRun(QStringLiteral("retry(").repeated(10000) + u'a'
                                                     + QStringLiteral(", 2, 0)").repeated(10000)) << "x.json: plans[0].run: expression is 130001 characters long; the limit is 100000 at column 100001";
        QTest::addRow("emoji in a plan") << withRun(QStringLiteral("all(a, \U0001F600)")) << QStringLiteral("x.json: plans[0].run: unexpected character \"\U0001F600\" at column 8");
        QTest::addRow("unknown 90000-character task id") << withRun(QString(90000, u'x')) << "x.json: plans[0].run: unknown task \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\" at column 1";

        // Invalid UTF-8 where tests/data/bad has none.
        QTest::addRow("overlong slash") << QByteArray("{\"name\": \"\xC0\xAF\"}") << "x.json:1:11: not UTF-8 text (byte 0xc0); a scenario is a UTF-8 JSON file";
        QTest::addRow("truncated sequence at the end") << QByteArray("{\"name\": \"\xE2\x82") << "x.json:1:11: not UTF-8 text (byte 0xe2); a scenario is a UTF-8 JSON file";
        QTest::addRow("0xFF in a field name") << QByteArray("{\"\xFF\": 1}") << "x.json:1:3: not UTF-8 text (byte 0xff); a scenario is a UTF-8 JSON file";
        QTest::addRow("code point above U+10FFFF") << QByteArray("{\"name\": \"\xF4\x90\x80\x80\"}") << "x.json:1:11: not UTF-8 text (byte 0xf4); a scenario is a UTF-8 JSON file";

        // Huge strings: refused quickly, and the message stays short.
        QTest::addRow("1 MB unknown field name")
            << QByteArray("{\"format\": \"asyncscope-scenario/1\", \"") + QByteArray(1 << 20, 'k') + "\": 1}" << "x.json: unknown field \"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...\"";
        QTest::addRow("1 MB task id, a near miss in a plan")
            << "{\"format\": \"asyncscope-scenario/1\", \"name\": \"n\", \"tasks\": [{\"id\": \"" + QByteArray(1 << 20, 'a')
                   + "\", \"latency_ms\": 1}], \"plans\": [{\"name\": \"p\", \"run\": \"" + QByteArray(99999, 'a')
                   + "\"}]}"
            << "x.json: plans[0].run: unknown task \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\" at column 1 (did you mean \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"?)";
        QTest::addRow("2000 ids of 1500 characters, a near miss")
            << [] {
                   QJsonArray tasks;
                   for (int i = 0; i < 2000; ++i)
                       tasks.append(QJsonObject{{"id", QStringLiteral("t%1_").arg(i, 4, 10, QLatin1Char('0')) + QString(1494, u'x')},
                                                {"latency_ms", 1}});
                   QJsonObject root{{"format", "asyncscope-scenario/1"}, {"name", "long ids"}, {"tasks", tasks},
                                    {"plans", QJsonArray{QJsonObject{{"name", "p"}, {"run", QString(1500, u'y')}}}}};
                   return QJsonDocument(root).toJson(QJsonDocument::Compact);
               }()
            << "x.json: plans[0].run: unknown task \"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy...\" at column 1";

        // The per-plan invocation limit (core/plan_limits.h).
        QTest::addRow("retry(all(10000 tasks), 11, 0)")
            << manyTasks(kMaxTasks, QStringLiteral("retry(%1, 11, 0)").arg(allOfTasks(kMaxTasks)))
            << "x.json: plans[0].run: could start 110000 invocations if every attempt failed; the limit is 100000 per plan";
        QTest::addRow("hedge of nested retries")
            << withRun("hedge(retry(retry(a, 1000, 0), 1000, 0), b, 10)")
            << "x.json: plans[0].run: could start 1000001 invocations if every attempt failed; the limit is 100000 per plan";
    }
    void refusedWithOneLine()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QElapsedTimer timer;
        timer.start();
        const LoadResult result = loadScenario(json, QStringLiteral("x.json"));
        const qint64 ms = timer.elapsed();
        QVERIFY2(!result.ok(), "accepted");
        QCOMPARE(result.error, expected);
        QVERIFY(!result.error.contains(u'\n'));
        QVERIFY2(result.error.size() < 400, qPrintable(QString::number(result.error.size())));
        QVERIFY2(ms < kAnswerWithinMs, qPrintable(QStringLiteral("%1 ms").arg(ms)));
    }

    void acceptedEdgeCases_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addRow("latency -0") << withLatencyText("-0.0e0");
        QTest::addRow("latency .5 (Qt's parser is lenient here)") << withLatencyText(".5");
        QTest::addRow("latency 1e-320 (subnormal)") << withLatencyText("1e-320");
        QTest::addRow("timeout -0") << withRun("timeout(a, -0)");
        QTest::addRow("15 MB description") << [] {
            QJsonObject root = validScenario();
            root.insert("description", QString(15 * 1024 * 1024, u'd'));
            return QJsonDocument(root).toJson(QJsonDocument::Compact);
        }();
    }
    void acceptedEdgeCases()
    {
        QFETCH(QByteArray, json);
        QElapsedTimer timer;
        timer.start();
        const LoadResult result = loadScenario(json, QStringLiteral("x.json"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(timer.elapsed() < kAnswerWithinMs);
        // And it survives a save.
        QVERIFY(loadScenario(QJsonDocument(result.scenario->toJson()).toJson(), QStringLiteral("y.json")).ok());
    }

    void wrongTypeInEveryField_data()
    {
        QTest::addColumn<QVariantList>("path");
        QTest::addColumn<QJsonValue>("value");
        const QList<QVariantList> paths = {
            {"format"}, {"name"}, {"description"}, {"connections_per_host"}, {"tasks"}, {"plans"},
            {"tasks", 0}, {"tasks", 0, "id"}, {"tasks", 0, "label"}, {"tasks", 0, "latency_ms"},
            {"tasks", 0, "fails"}, {"tasks", 0, "fails", 0}, {"tasks", 0, "host"}, {"tasks", 0, "url"},
            {"tasks", 1, "latency"}, {"tasks", 1, "latency", "dist"}, {"tasks", 1, "latency", "min_ms"},
            {"tasks", 1, "jitter_ms"}, {"tasks", 1, "failure_rate"}, {"tasks", 1, "needs"}, {"tasks", 1, "needs", 0},
            {"plans", 0}, {"plans", 0, "name"}, {"plans", 0, "run"},
        };
        const QList<QPair<const char *, QJsonValue>> values = {
            {"null", QJsonValue(QJsonValue::Null)}, {"true", true}, {"number", 1e300}, {"string", "x y"},
            {"array", QJsonArray{1, "2"}}, {"object", QJsonObject{{"k", 1}}},
        };
        for (const QVariantList &path : paths) {
            for (const auto &[name, value] : values)
                QTest::addRow("%s = %s", qPrintable(describePath(path)), name) << path << value;
        }
    }
    void wrongTypeInEveryField()
    {
        // Every field with every JSON type: either still a valid scenario (a
        // string where a string belongs) or one line naming that field's path.
        QFETCH(QVariantList, path);
        QFETCH(QJsonValue, value);
        const QJsonValue root = replaced(validScenario(), path, 0, value);
        const QByteArray json = QJsonDocument(root.toObject()).toJson();
        const LoadResult result = loadScenario(json, QStringLiteral("x.json"));
        if (result.ok())
            return; // e.g. a label that is a string anyway
        QVERIFY(!result.error.contains(u'\n'));
        const QString where = describePath(path);
        QVERIFY2(result.error.startsWith(QStringLiteral("x.json: ")), qPrintable(result.error));
        // The message names the field or its enclosing object (e.g. the task whose needs changed).
        const QString first = where.section(u'.', 0, 0).section(u'[', 0, 0);
        QVERIFY2(result.error.contains(first), qPrintable(result.error));
    }

    void tenThousandTasksLoadAndRun()
    {
        QElapsedTimer timer;
        timer.start();
        const LoadResult result = loadScenario(manyTasks(kMaxTasks, allOfTasks(kMaxTasks)), QStringLiteral("x.json"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(maxTrialsFor(result.scenario->plans[0].expr, kMaxTasks), 1000); // the trial budget: 10 000 000 invocations
        const RunTrace trace = runVirtual(*result.scenario, RunOptions{});
        QCOMPARE(trace.plans.size(), 1);
        QCOMPARE(trace.plans[0].spans.size(), kMaxTasks);
        QVERIFY(trace.plans[0].outcome == PlanOutcome::Fulfilled);
        QCOMPARE(trace.plans[0].settledMs, 7.0); // the slowest task: 1 + 6 ms
        qInfo("10000 tasks: loaded and ran in %lld ms", timer.elapsed());
        QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
    }

    void invocationLimitBoundary()
    {
        // Exactly at the limit loads; the bound is what a plan could start.
        const LoadResult atLimit = loadScenario(
            manyTasks(kMaxTasks, QStringLiteral("retry(%1, 10, 0)").arg(allOfTasks(kMaxTasks))), QStringLiteral("x.json"));
        QVERIFY2(atLimit.ok(), qPrintable(atLimit.error));
        QCOMPARE(invocationBound(atLimit.scenario->plans[0].expr, kMaxTasks), kMaxPlanInvocations);
        const LoadResult small = loadScenario(withRun(QStringLiteral("a")), QStringLiteral("x.json"));
        QVERIFY2(small.ok(), qPrintable(small.error));
        const auto bound = [&](const char *run) {
            const ParsedExpression parsed = parsePlan(QString::fromLatin1(run), *small.scenario);
            return parsed.ok() ? invocationBound(*parsed.expr, int(small.scenario->tasks.size())) : -1.0;
        };
        QCOMPARE(bound("hedge(a, retry(b, 3, 0), 5)"), 4.0);
        QCOMPARE(bound("pool(2, a, b, a)"), 3.0);
        QCOMPARE(bound("timeout(retry(all(a, b), 5, 0), 10)"), 10.0);
        QCOMPARE(bound("retry(retry(a, 1000, 0), 100, 0)"), 100000.0);
        QCOMPARE(bound("retry(retry(a, 1000, 0), 101, 0)"), -1.0); // refused by parsePlan itself
        // graph() and levels() without arguments run every task of the scenario
        // (they once counted as none, so `--trials` let them past the budget).
        const double tasks = double(small.scenario->tasks.size());
        QVERIFY(tasks >= 1);
        QCOMPARE(bound("graph()"), tasks);
        QCOMPARE(bound("levels()"), tasks);
        QCOMPARE(bound("retry(graph(), 3, 0)"), 3 * tasks);
        const LoadResult wide = loadScenario(manyTasks(kMaxTasks, QStringLiteral("graph()")), QStringLiteral("x.json"));
        QVERIFY2(wide.ok(), qPrintable(wide.error));
        QCOMPARE(maxTrialsFor(wide.scenario->plans[0].expr, kMaxTasks), 1000);
        const QList<const PlanSpec *> plans{&wide.scenario->plans[0]};
        const std::optional<QString> refused = checkTrialBudget(plans, 2000, kMaxTasks);
        QVERIFY(refused.has_value());
        QVERIFY2(refused->contains(QLatin1String("could start 20000000 invocations")), qPrintable(*refused));
    }

    void cliReadsAWholePipe()
    {
        // A pipe delivers 64 KB per read: a 10 000-task scenario (400 KB) on
        // standard input used to be cut off ("<stdin>:1:65537: unterminated string").
        const CliResult result = runCli({QStringLiteral("run"), QStringLiteral("-"), QStringLiteral("--format"),
                                         QStringLiteral("json")},
                                        manyTasks(kMaxTasks, allOfTasks(kMaxTasks)));
        QVERIFY2(result.err.isEmpty(), result.err.constData());
        QCOMPARE(result.exitCode, 0);
        const QJsonObject trace = QJsonDocument::fromJson(result.out).object();
        QCOMPARE(trace.value("plans")[0]["spans"].toArray().size(), kMaxTasks);
    }

    void cliRefusesWithExitTwoAndOneLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("input");    // a file's bytes, or standard input for "-"
        QTest::addColumn<QString>("expected");    // the first line on stderr; FILE stands for the path
        QTest::addRow("garbage on stdin") << QStringList{"run", "-"} << QByteArray("\xFF\xFE\x00garbage", 10)
                                          << "<stdin>:1:1: binary data, not a JSON text file (byte 0xff)";
        QTest::addRow("100000-deep arrays") << QStringList{"run", "FILE"} << QByteArray(100000, '[')
                                            << "FILE:1:1026: nested too deeply for JSON (more than 1024 levels of arrays and objects)";
        QTest::addRow("10001 tasks") << QStringList{"run", "FILE"} << manyTasks(kMaxTasks + 1, QStringLiteral("t0"))
                                     << "FILE: tasks: 10001 tasks; the limit is 10000";
        QTest::addRow("nested retries") << QStringList{"run", "FILE"}
                                        << withRun("retry(retry(retry(a, 1000, 0), 1000, 0), 1000, 0)")
                                        << "FILE: plans[0].run: could start 1000000000 invocations if every attempt failed; the limit is 100000 per plan";
        QTest::addRow("10000-deep expression") << QStringList{"run", "FILE"}
                                               << withRun(QStringLiteral("all(").repeated(10000) + u'a' + QString(10000, u')'))
                                               << "FILE: plans[0].run: nesting deeper than 200 levels at column 801";
        QTest::addRow("17 MB on stdin") << QStringList{"run", "-"} << QByteArray(17 * 1024 * 1024, ' ')
                                        << "<stdin>: input is larger than the 16 MB limit";
        QTest::addRow("50 MB file") << QStringList{"run", "FILE"} << QByteArray("50MB")
                                    << "FILE: file is 50.0 MB; the limit is 16 MB";
        QTest::addRow("trials 0") << QStringList{"run", "example:profile", "--trials", "0"} << QByteArray()
                                  << "asyncscope run: --trials wants a number from 1 to 100000, not \"0\"";
        QTest::addRow("trials times invocations") << QStringList{"run", "FILE", "--trials", "100000"}
                                                  << manyTasks(kMaxTasks, allOfTasks(kMaxTasks))
                                                  << "asyncscope run: --trials 100000: plan \"p\" could start 1000000000 "
                                                     "invocations; the limit is 10000000 (at most 1000 trials for it)";
        QTest::addRow("trials 1000000") << QStringList{"run", "example:profile", "--trials", "1000000"} << QByteArray()
                                        << "asyncscope run: --trials wants a number from 1 to 100000, not \"1000000\"";
    }
    void cliRefusesWithExitTwoAndOneLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, input);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("hostile.json"));
        QByteArray stdinBytes;
        if (arguments.contains(QStringLiteral("FILE"))) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            if (input == "50MB")
                QVERIFY(file.resize(50 * 1024 * 1024)); // sparse: no disk used
            else
                file.write(input);
            arguments.replaceInStrings(QStringLiteral("FILE"), path);
        } else {
            stdinBytes = input;
        }
        const CliResult result = runCli(arguments, stdinBytes);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        const QStringList lines = QString::fromUtf8(result.err).split(u'\n', Qt::SkipEmptyParts);
        QVERIFY(!lines.isEmpty());
        QCOMPARE(lines.first(), QString(expected).replace(QStringLiteral("FILE"), path));
        // A bad file is one line; a bad option is one line followed by the usage.
        if (!arguments.contains(QStringLiteral("--trials")) || arguments.contains(path))
            QCOMPARE(lines.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestHostileInput)
#include "tst_hostile_input.moc"
