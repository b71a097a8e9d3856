// Scenario files (SPEC §2): every field read to its exact value, the
// round trip through toJson(), and one exact one-line message for each kind
// of bad or hostile input (tests/data/bad/NAME.json + NAME.expected, plus
// inputs generated here because they are large).

#include "json_text_position.h"
#include "scenario.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace asyncscope;

namespace {

const char kFullScenario[] = R"json({
  "format": "asyncscope-scenario/1",
  "name": "Everything",
  "description": "Every field once. Second sentence.",
  "connections_per_host": 6,
  "lesson": {"steps": [{"text": "look"}]},
  "tasks": [
    {"id": "user", "label": "GET /user", "latency_ms": 200, "value": {"name": "Ada"}, "url": "{server}/delay/200", "host": "api"},
    {"id": "posts", "latency_ms": [200, 120.5], "fails": [true, false], "error": "HTTP 503", "jitter_ms": 10},
    {"id": "cdn_fixed", "latency": {"dist": "fixed", "ms": 75}, "fails": true},
    {"id": "cdn_uniform", "latency": {"dist": "uniform", "min_ms": 50, "max_ms": 150}},
    {"id": "cdn_normal", "latency": {"dist": "normal", "mean_ms": 100, "sd_ms": 20}},
    {"id": "cdn2", "latency": {"dist": "lognormal", "median_ms": 120, "p95_ms": 400}, "failure_rate": 0.1},
    {"id": "_exp9", "latency": {"dist": "exponential", "mean_ms": 30}, "error": {"code": 7}, "value": null},
    {"id": "tax", "latency_ms": 0, "needs": ["user", "posts"]}
  ],
  "plans": [
    {"name": "sequential", "run": "seq(user, posts)"},
    {"name": "graph", "run": "graph( user,posts , tax )"},
    {"name": "everything", "run": "graph()"}
  ]
})json";

Scenario loadOrFail(const QByteArray &json)
{
    const LoadResult result = loadScenario(json, QStringLiteral("test.json"));
    if (!result.ok())
        qWarning("%s", qPrintable(result.error));
    return result.scenario.value_or(Scenario{});
}

QByteArray scenarioWithTasks(int taskCount, const QString &run, bool chained)
{
    QJsonArray tasks;
    for (int i = 0; i < taskCount; ++i) {
        QJsonObject task{{"id", QStringLiteral("t%1").arg(i)}, {"latency_ms", i % 50}};
        if (chained && i > 0)
            task.insert("needs", QJsonArray{QStringLiteral("t%1").arg(i - 1)});
        tasks.append(task);
    }
    const QJsonObject root{{"format", "asyncscope-scenario/1"},
                           {"name", "big"},
                           {"tasks", tasks},
                           {"plans", QJsonArray{QJsonObject{{"name", "p"}, {"run", run}}}}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

// "Well under a second" is the promise for an optimised build; Debug and
// sanitizer builds on a busy machine get more room so the test does not flake.
#ifdef NDEBUG
constexpr qint64 kBigLoadLimitMs = 1000;
#else
constexpr qint64 kBigLoadLimitMs = 4000;
#endif

QByteArray minimalWithRun(const QString &run)
{
    return scenarioWithTasks(2, run, false);
}

} // namespace

class TestScenarioLoader : public QObject
{
    Q_OBJECT

private slots:
    void fullScenarioReadsEveryField()
    {
        const LoadResult result = loadScenario(kFullScenario, QStringLiteral("full.json"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(result.error.isEmpty());
        const Scenario &s = *result.scenario;
        QCOMPARE(s.name, QStringLiteral("Everything"));
        QCOMPARE(s.description, QStringLiteral("Every field once. Second sentence."));
        QCOMPARE(s.connectionsPerHost, std::optional<int>(6));
        QCOMPARE(s.lesson.value("steps").toArray().at(0).toObject().value("text").toString(), QStringLiteral("look"));
        QCOMPARE(s.tasks.size(), 8);
        QCOMPARE(s.taskIds(), (QStringList{"user", "posts", "cdn_fixed", "cdn_uniform", "cdn_normal", "cdn2", "_exp9", "tax"}));

        const TaskSpec &user = s.tasks[0];
        QCOMPARE(user.label, QStringLiteral("GET /user"));
        QCOMPARE(user.latencyMs, QList<double>{200});
        QVERIFY(!user.latency);
        QCOMPARE(user.value, QJsonValue(QJsonObject{{"name", "Ada"}}));
        QCOMPARE(user.fulfilValue(), QJsonValue(QJsonObject{{"name", "Ada"}}));
        QCOMPARE(user.reason(), QJsonValue("user failed"));
        QCOMPARE(user.url, QStringLiteral("{server}/delay/200"));
        QCOMPARE(user.host, QStringLiteral("api"));
        QVERIFY(!user.isRandom());
        QVERIFY(!user.nominalFails(1));

        const TaskSpec &posts = s.tasks[1];
        QCOMPARE(posts.label, QStringLiteral("posts")); // defaults to the id
        QCOMPARE(posts.latencyMs, (QList<double>{200, 120.5}));
        QCOMPARE(posts.nominalLatencyMs(1), 200.0);
        QCOMPARE(posts.nominalLatencyMs(2), 120.5);
        QCOMPARE(posts.nominalLatencyMs(7), 120.5); // the last entry repeats
        QCOMPARE(posts.fails, (QList<bool>{true, false}));
        QVERIFY(posts.nominalFails(1));
        QVERIFY(!posts.nominalFails(2));
        QVERIFY(!posts.nominalFails(3));
        QCOMPARE(posts.reason(), QJsonValue("HTTP 503"));
        QCOMPARE(posts.fulfilValue(), QJsonValue("posts"));
        QCOMPARE(posts.jitterMs, 10.0);
        QVERIFY(posts.isRandom());

        const TaskSpec &fixed = s.tasks[2];
        QVERIFY(fixed.latency);
        QVERIFY(fixed.latency->kind == LatencyDistribution::Kind::Fixed);
        QCOMPARE(fixed.latency->a, 75.0);
        QCOMPARE(fixed.fails, QList<bool>{true});
        QVERIFY(fixed.nominalFails(5));
        QCOMPARE(fixed.nominalLatencyMs(), 75.0);

        const TaskSpec &uniform = s.tasks[3];
        QVERIFY(uniform.latency->kind == LatencyDistribution::Kind::Uniform);
        QCOMPARE(uniform.latency->a, 50.0);
        QCOMPARE(uniform.latency->b, 150.0);
        QCOMPARE(uniform.nominalLatencyMs(), 100.0);
        QVERIFY(uniform.latencyMs.isEmpty());

        const TaskSpec &normal = s.tasks[4];
        QVERIFY(normal.latency->kind == LatencyDistribution::Kind::Normal);
        QCOMPARE(normal.latency->a, 100.0);
        QCOMPARE(normal.latency->b, 20.0);

        const TaskSpec &lognormal = s.tasks[5];
        QVERIFY(lognormal.latency->kind == LatencyDistribution::Kind::LogNormal);
        QCOMPARE(lognormal.latency->a, 120.0);
        QCOMPARE(lognormal.latency->b, 400.0);
        QCOMPARE(lognormal.failureRate, 0.1);
        QCOMPARE(lognormal.nominalLatencyMs(), 120.0);

        const TaskSpec &exponential = s.tasks[6];
        QVERIFY(exponential.latency->kind == LatencyDistribution::Kind::Exponential);
        QCOMPARE(exponential.latency->a, 30.0);
        QCOMPARE(exponential.reason(), QJsonValue(QJsonObject{{"code", 7}}));
        QCOMPARE(exponential.fulfilValue(), QJsonValue("_exp9")); // null means the default

        const TaskSpec &tax = s.tasks[7];
        QCOMPARE(tax.latencyMs, QList<double>{0});
        QCOMPARE(tax.needs, (QStringList{"user", "posts"}));

        QCOMPARE(s.plans.size(), 3);
        QCOMPARE(s.plans[1].name, QStringLiteral("graph"));
        QCOMPARE(s.plans[1].run, QStringLiteral("graph( user,posts , tax )")); // as written
        QCOMPARE(toText(s.plans[1].expr), QStringLiteral("graph(user, posts, tax)"));
        QVERIFY(s.plans[2].expr.combinator == Combinator::Graph);
        QVERIFY(s.plans[2].expr.args.empty());

        QCOMPARE(s.taskIndex(QStringLiteral("cdn2")), 5);
        QCOMPARE(s.taskIndex(QStringLiteral("nope")), -1);
    }

    void roundTripThroughToJson()
    {
        const Scenario first = loadOrFail(kFullScenario);
        QVERIFY(!first.tasks.isEmpty());
        const QByteArray saved = QJsonDocument(first.toJson()).toJson();
        const LoadResult again = loadScenario(saved, QStringLiteral("saved.json"));
        QVERIFY2(again.ok(), qPrintable(again.error));
        QCOMPARE(again.scenario->toJson(), first.toJson());
        // Field by field, so a field that toJson() forgot shows up here.
        const Scenario &second = *again.scenario;
        QCOMPARE(second.name, first.name);
        QCOMPARE(second.description, first.description);
        QCOMPARE(second.connectionsPerHost, first.connectionsPerHost);
        QCOMPARE(second.lesson, first.lesson);
        QCOMPARE(second.tasks.size(), first.tasks.size());
        for (qsizetype i = 0; i < first.tasks.size(); ++i) {
            const TaskSpec &a = first.tasks[i];
            const TaskSpec &b = second.tasks[i];
            QCOMPARE(b.id, a.id);
            QCOMPARE(b.label, a.label);
            QCOMPARE(b.latencyMs, a.latencyMs);
            QCOMPARE(b.latency.has_value(), a.latency.has_value());
            if (a.latency) {
                QVERIFY(b.latency->kind == a.latency->kind);
                QCOMPARE(b.latency->a, a.latency->a);
                QCOMPARE(b.latency->b, a.latency->b);
            }
            QCOMPARE(b.jitterMs, a.jitterMs);
            QCOMPARE(b.fails, a.fails);
            QCOMPARE(b.failureRate, a.failureRate);
            QCOMPARE(b.reason(), a.reason());
            QCOMPARE(b.fulfilValue(), a.fulfilValue());
            QCOMPARE(b.needs, a.needs);
            QCOMPARE(b.url, a.url);
            QCOMPARE(b.host, a.host);
        }
        QCOMPARE(second.plans.size(), first.plans.size());
        for (qsizetype i = 0; i < first.plans.size(); ++i) {
            QCOMPARE(second.plans[i].name, first.plans[i].name);
            QCOMPARE(second.plans[i].run, first.plans[i].run);
            QCOMPARE(toText(second.plans[i].expr), toText(first.plans[i].expr));
        }
        // The minimal form stays minimal: defaults are not written out.
        const QJsonObject user = first.toJson().value("tasks").toArray().at(2).toObject();
        QCOMPARE(user.keys(), (QStringList{"fails", "id", "latency"}));
    }

    void parsePlanChecksNeeds()
    {
        const Scenario s = loadOrFail(kFullScenario);
        QVERIFY(!s.tasks.isEmpty());
        const ParsedExpression bad = parsePlan(QStringLiteral("race(user, graph(tax))"), s);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error->message, QStringLiteral("graph: task \"tax\" needs \"user\", which is not listed at column 18"));
        QCOMPARE(bad.error->column, 18);
        const ParsedExpression typo = parsePlan(QStringLiteral("all(usr)"), s);
        QCOMPARE(typo.error->message, QStringLiteral("unknown task \"usr\" at column 5 (did you mean \"user\"?)"));
        const ParsedExpression good = parsePlan(QStringLiteral("levels(posts, user, tax)"), s);
        QVERIFY(good.ok());
        QCOMPARE(toText(*good.expr), QStringLiteral("levels(posts, user, tax)"));
    }

    void badFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        const QDir dir(QStringLiteral(ASYNCSCOPE_TEST_DATA "/bad"));
        const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 70);
        for (const QString &name : files) {
            QFile expectedFile(dir.filePath(QFileInfo(name).completeBaseName() + QStringLiteral(".expected")));
            QVERIFY2(expectedFile.open(QIODevice::ReadOnly), qPrintable(expectedFile.fileName()));
            const QString expected = QString::fromUtf8(expectedFile.readAll()).trimmed();
            QTest::addRow("%s", qPrintable(name)) << dir.filePath(name) << expected;
        }
    }

    void badFiles()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        QFile input(file);
        QVERIFY(input.open(QIODevice::ReadOnly));
        const LoadResult result = loadScenario(input.readAll(), QFileInfo(file).fileName());
        QVERIFY(!result.ok());
        QCOMPARE(result.error, expected);
        QVERIFY(!result.error.contains(u'\n'));
        // The same through the file loader, which names the file as given.
        const LoadResult fromFile = loadScenarioFile(file);
        QCOMPARE(fromFile.error, QString(expected).replace(0, QFileInfo(file).fileName().size(), file));
    }

    void generatedBadInput_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");

        const QString deep = QString(QStringLiteral("all(")).repeated(10000) + QStringLiteral("t0")
            + QString(QStringLiteral(")")).repeated(10000);
        QTest::addRow("10000-deep expression") << minimalWithRun(deep)
                                               << "x.json: plans[0].run: nesting deeper than 200 levels at column 801";
        QTest::addRow("expression too long")
            << minimalWithRun(QStringLiteral("all(t0") + QString(QStringLiteral(",t1")).repeated(50000) + u')')
            << "x.json: plans[0].run: expression is 150007 characters long; the limit is 100000 at column 100001";
        QTest::addRow("10001 tasks") << scenarioWithTasks(kMaxTasks + 1, QStringLiteral("t0"), false)
                                     << "x.json: tasks: 10001 tasks; the limit is 10000";
        QTest::addRow("10000-long cycle")
            << [] {
                   QJsonDocument doc = QJsonDocument::fromJson(scenarioWithTasks(kMaxTasks, QStringLiteral("t0"), true));
                   QJsonObject root = doc.object();
                   QJsonArray tasks = root.value("tasks").toArray();
                   QJsonObject first = tasks.at(0).toObject();
                   first.insert("needs", QJsonArray{"t9999"});
                   tasks.replace(0, first);
                   root.insert("tasks", tasks);
                   return QJsonDocument(root).toJson(QJsonDocument::Compact);
               }()
            << "x.json: tasks[0].needs: cycle t0 -> t9999 -> t9998 -> t9997 -> t9996 -> t9995 -> ... -> t2 -> t1 -> t0 "
               "(10000 tasks)";
        QJsonArray plans;
        for (int i = 0; i <= kMaxPlans; ++i)
            plans.append(QJsonObject{{"name", QStringLiteral("p%1").arg(i)}, {"run", "t0"}});
        QJsonObject manyPlans = QJsonDocument::fromJson(minimalWithRun("t0")).object();
        manyPlans.insert("plans", plans);
        QTest::addRow("101 plans") << QJsonDocument(manyPlans).toJson() << "x.json: plans: 101 plans; the limit is 100";
        QTest::addRow("graph need not listed, 10000 tasks")
            << scenarioWithTasks(kMaxTasks, QStringLiteral("graph(t5, t6)"), true)
            << "x.json: plans[0].run: graph: task \"t5\" needs \"t4\", which is not listed at column 7";
        QTest::addRow("levels need not listed") << scenarioWithTasks(3, QStringLiteral("levels(t0, t2)"), true)
                                                << "x.json: plans[0].run: levels: task \"t2\" needs \"t1\", which is not listed at column 12";
        QTest::addRow("graph lists twice") << scenarioWithTasks(3, QStringLiteral("graph(t0, t0)"), false)
                                           << "x.json: plans[0].run: graph: task \"t0\" is listed twice at column 11";
        QTest::addRow("graph nested in a plan") << scenarioWithTasks(3, QStringLiteral("race(t0, graph(t2))"), true)
                                                << "x.json: plans[0].run: graph: task \"t2\" needs \"t1\", which is not listed at column 16";
        QTest::addRow("timeout(A)") << minimalWithRun(QStringLiteral("timeout(t0)"))
                                    << "x.json: plans[0].run: timeout expects 2 arguments (expression, ms), got 1 at column 1";
        QTest::addRow("16 MB of spaces and nothing") << QByteArray(kMaxScenarioBytes, ' ')
                                                     << "x.json: empty file, expected a JSON object";
        QTest::addRow("over 16 MB in memory") << QByteArray(kMaxScenarioBytes + 1, ' ')
                                              << "x.json: file is 16.0 MB; the limit is 16 MB";
        QTest::addRow("line break in a field name")
            << QByteArray("{\"format\": \"asyncscope-scenario/1\", \"na\\nme\": 1}")
            << "x.json: unknown field \"na\\nme\" (did you mean \"name\"?)";
        // A column counts characters of the whole "run" string, line breaks included.
        QTest::addRow("line break in a plan expression")
            << minimalWithRun(QStringLiteral("all(t0,\n  t9)"))
            << "x.json: plans[0].run: unknown task \"t9\" at column 11 (did you mean \"t0\"?)";
        QTest::addRow("id with a trailing line break")
            << QByteArray("{\"format\": \"asyncscope-scenario/1\", \"name\": \"n\", \"tasks\": [{\"id\": \"a\\n\", \"latency_ms\": 1}]}")
            << "x.json: tasks[0].id: \"a\\n\" is not a valid id (letters, digits and _, not starting with a digit)";
        QTest::addRow("UTF-8 BOM and spaces") << QByteArray("\xEF\xBB\xBF  \n")
                                              << "x.json: empty file, expected a JSON object";
        QTest::addRow("UTF-8 BOM then array") << QByteArray("\xEF\xBB\xBF[]")
                                              << "x.json: the top level must be a JSON object {...}, got an array";
        QTest::addRow("column counts characters") << QByteArray("{\"name\": \"caf\xC3\xA9\" x}")
                                                  << "x.json:1:17: expected \",\" or \"}\" after a value, got \"x\"";
        QTest::addRow("surrogate in UTF-8") << QByteArray("{\"a\": \"\xED\xA0\x80\"}")
                                            << "x.json:1:8: not UTF-8 text (byte 0xed); a scenario is a UTF-8 JSON file";
    }

    void generatedBadInput()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QElapsedTimer timer;
        timer.start();
        const LoadResult result = loadScenario(json, QStringLiteral("x.json"));
        QVERIFY(!result.ok());
        QCOMPARE(result.error, expected);
        QVERIFY(!result.error.contains(u'\n'));
        QVERIFY2(timer.elapsed() < kBigLoadLimitMs, qPrintable(QString::number(timer.elapsed())));
    }

    void fileArguments()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        // Refused by its size before a byte is read: a sparse 50 MB file costs no disk.
        const QString big = dir.filePath(QStringLiteral("big.json"));
        {
            QFile file(big);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(50 * 1024 * 1024));
        }
        // (Only the size check says "file is N MB"; a bounded read would say "input is larger".)
        QCOMPARE(loadScenarioFile(big).error, big + QStringLiteral(": file is 50.0 MB; the limit is 16 MB"));

        const QString missing = dir.filePath(QStringLiteral("missing.json"));
        QCOMPARE(loadScenarioFile(missing).error, missing + QStringLiteral(": cannot open: No such file or directory"));
        QCOMPARE(loadScenarioFile(dir.path()).error, dir.path() + QStringLiteral(": cannot open: it is a directory"));

        const QString good = dir.filePath(QStringLiteral("good.json"));
        {
            QFile file(good);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(kFullScenario);
        }
        const LoadResult loaded = loadScenarioFile(good);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error));
        QCOMPARE(loaded.scenario->name, QStringLiteral("Everything"));

        // "-" reads standard input and calls it <stdin>.
        QVERIFY(std::freopen(QFile::encodeName(good).constData(), "r", stdin));
        const LoadResult fromStdin = loadScenarioFile(QStringLiteral("-"));
        QVERIFY2(fromStdin.ok(), qPrintable(fromStdin.error));
        QCOMPARE(fromStdin.scenario->name, QStringLiteral("Everything"));
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        {
            QFile file(bad);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{\n  \"format\": 1\n}");
        }
        QVERIFY(std::freopen(QFile::encodeName(bad).constData(), "r", stdin));
        QCOMPARE(loadScenarioFile(QStringLiteral("-")).error,
                 QStringLiteral("<stdin>: format: expected \"asyncscope-scenario/1\", got 1"));
        // Standard input has no size to check first: the read itself stops after the limit.
        QVERIFY(std::freopen(QFile::encodeName(big).constData(), "r", stdin));
        QCOMPARE(loadScenarioFile(QStringLiteral("-")).error, QStringLiteral("<stdin>: input is larger than the 16 MB limit"));
    }

    void examples()
    {
        const QList<ExampleInfo> examples = builtInExamples();
        if (examples.isEmpty())
            QSKIP("no built-in examples compiled in yet");
        QStringList names;
        for (const ExampleInfo &example : examples) {
            names.append(example.name);
            const LoadResult result = loadScenarioFile(QStringLiteral("example:") + example.name);
            QVERIFY2(result.ok(), qPrintable(result.error));
            QCOMPARE(example.title, result.scenario->name);
            QVERIFY2(!example.description.contains(u'\n'), qPrintable(example.name));
            QVERIFY2(!example.description.startsWith(QLatin1String("(does not load")), qPrintable(example.description));
            // Every example survives a save by the GUI.
            const LoadResult saved = loadScenario(QJsonDocument(result.scenario->toJson()).toJson(), example.name);
            QVERIFY2(saved.ok(), qPrintable(saved.error));
            QCOMPARE(saved.scenario->toJson(), result.scenario->toJson());
        }
        QStringList sorted = names;
        sorted.sort();
        QCOMPARE(names, sorted);
        QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), names.size());
        if (names.contains(QLatin1String("profile"))) {
            QCOMPARE(loadScenarioFile(QStringLiteral("example:profil")).error,
                     QStringLiteral("unknown example \"profil\" (did you mean \"profile\"?); run \"asyncscope examples\" for the list"));
        }
        QCOMPARE(loadScenarioFile(QStringLiteral("example:zzzzzzzz")).error,
                 QStringLiteral("unknown example \"zzzzzzzz\"; run \"asyncscope examples\" for the list"));
    }

    void tenThousandTasksLoadFast()
    {
        // A 10 000-long needs chain, checked for cycles and run as a graph of all of them.
        QStringList all;
        for (int i = 0; i < kMaxTasks; ++i)
            all.append(QStringLiteral("t%1").arg(i));
        const QByteArray json = scenarioWithTasks(kMaxTasks, QStringLiteral("graph(%1)").arg(all.join(u',')), true);
        QElapsedTimer timer;
        timer.start();
        const LoadResult result = loadScenario(json, QStringLiteral("big.json"));
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.scenario->tasks.size(), kMaxTasks);
        QCOMPARE(result.scenario->plans[0].expr.args.size(), size_t(kMaxTasks));
        qInfo("10000 chained tasks + a 10000-task graph plan loaded in %lld ms", elapsed);
        QVERIFY2(elapsed < kBigLoadLimitMs, qPrintable(QString::number(elapsed)));
    }

    void textPositions_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addRow("start") << QByteArray("abc") << 0 << 1 << 1;
        QTest::addRow("same line") << QByteArray("abc") << 2 << 1 << 3;
        QTest::addRow("after a line break") << QByteArray("ab\ncd") << 3 << 2 << 1;
        QTest::addRow("two-byte character counts once") << QByteArray("\xC3\xA9x") << 2 << 1 << 2;
        QTest::addRow("four-byte character counts once") << QByteArray("\xF0\x9F\x98\x80x") << 4 << 1 << 2;
        QTest::addRow("past the end") << QByteArray("a\nb") << 99 << 2 << 2;
    }

    void textPositions()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, offset);
        QFETCH(int, line);
        QFETCH(int, column);
        const TextPosition position = textPositionAt(text, offset);
        QCOMPARE(position.line, line);
        QCOMPARE(position.column, column);
    }

    void duplicateKeys_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("offset");
        QTest::addColumn<QByteArray>("name");
        QTest::addRow("clean") << QByteArray("{\"a\": 1, \"b\": {\"a\": 2}, \"c\": [{\"a\": 3}, {\"a\": 4}]}") << -1
                               << QByteArray();
        QTest::addRow("top level") << QByteArray("{\"a\": 1, \"a\": 2}") << 9 << QByteArray("a");
        QTest::addRow("in an array of objects") << QByteArray("[{\"x\": 1}, {\"y\": 1, \"y\": 2}]") << 20
                                                << QByteArray("y");
        QTest::addRow("string values are not names") << QByteArray("{\"a\": \"a\", \"b\": \"a\"}") << -1 << QByteArray();
        QTest::addRow("escaped quote and braces in strings")
            << QByteArray("{\"a\": \"x\\\"}{\", \"b\\\"\": 1, \"b\\\"\": 2}") << 25 << QByteArray("b\\\"");
        QByteArray wide = "{";
        for (int i = 0; i < 100; ++i)
            wide += QByteArray("\"k") + QByteArray::number(i) + "\": 1, ";
        const int wideOffset = int(wide.size());
        wide += "\"k42\": 2}";
        QTest::addRow("in an object with 100 fields") << wide << wideOffset << QByteArray("k42");
        QTest::addRow("after a nested object") << QByteArray("{\"a\": {\"a\": 1}, \"a\": 2}") << 16 << QByteArray("a");
    }

    void duplicateKeys()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, offset);
        QFETCH(QByteArray, name);
        QVERIFY(!QJsonDocument::fromJson(json).isNull()); // the scanner's precondition
        const DuplicateKey duplicate = firstDuplicateKey(json);
        QCOMPARE(duplicate.offset, qsizetype(offset));
        QCOMPARE(duplicate.name, name);
    }

    void utf8Validation_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("firstBad");
        QTest::addRow("ascii") << QByteArray("hello") << -1;
        QTest::addRow("valid multibyte") << QByteArray("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") << -1;
        QTest::addRow("latin-1 byte") << QByteArray("ab\xE9") << 2;
        QTest::addRow("overlong slash") << QByteArray("\xC0\xAF") << 0;
        QTest::addRow("truncated sequence") << QByteArray("a\xE2\x82") << 1;
        QTest::addRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << 0;
        QTest::addRow("lone continuation") << QByteArray("a\x80") << 1;
    }

    void utf8Validation()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, firstBad);
        QCOMPARE(firstInvalidUtf8Offset(bytes), qsizetype(firstBad));
    }
};

QTEST_GUILESS_MAIN(TestScenarioLoader)
#include "tst_scenario_loader.moc"
