// The strict reader the loaders share (core/json/json_reader.h): paths as the
// messages spell them, each getter's exact wording when a value is missing or
// wrong, and the three shapes of a message, always one line.

#include "json_reader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>
#include <functional>
#include <limits>

using namespace asyncscope;

namespace {

QJsonObject objectFrom(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

// What `read` throws, as a loader shows it for "x.json"; empty when it throws nothing.
QString refusal(const std::function<void()> &read)
{
    try {
        read();
    } catch (const JsonReadError &error) {
        return error.message(QStringLiteral("x.json"));
    }
    return {};
}

} // namespace

Q_DECLARE_METATYPE(std::function<void(const asyncscope::JsonObjectAt &)>)

class TestJsonReader : public QObject
{
    Q_OBJECT

private slots:
    void paths()
    {
        const JsonPath document;
        QVERIFY(document.isDocument());
        QCOMPARE(document.toString(), QString());
        QCOMPARE(document.field(QStringLiteral("plans")).index(2).field(QStringLiteral("run")).toString(),
                 QStringLiteral("plans[2].run"));
        QCOMPARE(document.field(QStringLiteral("lesson"))
                     .field(QStringLiteral("steps"))
                     .index(1)
                     .field(QStringLiteral("question"))
                     .field(QStringLiteral("answer"))
                     .toString(),
                 QStringLiteral("lesson.steps[1].question.answer"));
        QCOMPARE(document.index(0).field(QStringLiteral("ph")).toString(), QStringLiteral("[0].ph")); // a bare array
        QVERIFY(!document.index(0).isDocument());

        const JsonObjectAt root(objectFrom(R"({"tasks": [{"needs": ["a"]}]})"), document);
        const JsonValueAt need = root.field(QStringLiteral("tasks")).toArray().at(0).toObject().field(QStringLiteral("needs")).toArray().at(0);
        QCOMPARE(need.path().toString(), QStringLiteral("tasks[0].needs[0]"));
        QCOMPARE(need.toString(), QStringLiteral("a"));
    }

    void messageShapes()
    {
        QCOMPARE(JsonReadError(QStringLiteral("plans[2].run"), QStringLiteral("unknown task \"usr\"")).message(QStringLiteral("p.json")),
                 QStringLiteral("p.json: plans[2].run: unknown task \"usr\""));
        QCOMPARE(JsonReadError(QString(), QStringLiteral("empty file")).message(QStringLiteral("p.json")),
                 QStringLiteral("p.json: empty file"));
        const JsonReadError located = JsonReadError::atOffset("{\n  \"a\": x}", 9, QStringLiteral("bad"));
        QCOMPARE(located.message(QStringLiteral("p.json")), QStringLiteral("p.json:2:8: bad"));
        QCOMPARE(located.messageWithoutFile(), QStringLiteral("2:8: bad"));
        QCOMPARE(located.position()->line, 2);
        QCOMPARE(JsonReadError(QStringLiteral("lesson.title"), QStringLiteral("must be a string")).messageWithoutFile(),
                 QStringLiteral("lesson.title: must be a string"));
        // A file name is printed as given, even one that looks like a placeholder.
        QCOMPARE(located.message(QStringLiteral("%2%4.json")), QStringLiteral("%2%4.json:2:8: bad"));
    }

    void oneLine()
    {
        // Quoted text is escaped; whatever a loader leaves unquoted still cannot break the line.
        QCOMPARE(quotedForMessage(QStringLiteral("a\nb\"c")), QStringLiteral("\"a\\nb\\\"c\""));
        QCOMPARE(JsonReadError(QStringLiteral("lesson.steps[0]"), QStringLiteral("plan p\r\nq")).message(QStringLiteral("x.json")),
                 QStringLiteral("x.json: lesson.steps[0]: plan p\\r\\nq"));
        QCOMPARE(JsonReadError::atOffset("x", 0, QStringLiteral("a\nb")).message(QStringLiteral("x.json")),
                 QStringLiteral("x.json:1:1: a\\nb"));
    }

    void syntaxErrorIsLocated()
    {
        const QByteArray json = "{\n  \"a\": 1\n  \"b\": 2}";
        QJsonParseError parseError;
        QJsonDocument::fromJson(json, &parseError);
        QVERIFY(parseError.error != QJsonParseError::NoError);
        QCOMPARE(jsonSyntaxError(json, parseError).message(QStringLiteral("x.json")),
                 QStringLiteral("x.json:3:3: expected \",\" or \"}\" after a value, got a string"));
    }

    void getters_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<std::function<void(const JsonObjectAt &)>>("read");
        QTest::addColumn<QString>("message"); // empty: accepted

        using Read = std::function<void(const JsonObjectAt &)>;
        const auto string = [](TextRule rule) {
            return Read([rule](const JsonObjectAt &o) { o.requiredString(QStringLiteral("s"), rule); });
        };
        QTest::addRow("string") << QByteArray(R"({"s": "x"})") << string(TextRule::AnyText) << QString();
        QTest::addRow("string missing") << QByteArray(R"({})") << string(TextRule::AnyText) << "x.json: s: missing (a string)";
        QTest::addRow("string wrong") << QByteArray(R"({"s": 3})") << string(TextRule::AnyText) << "x.json: s: must be a string, got 3";
        QTest::addRow("string empty allowed") << QByteArray(R"({"s": ""})") << string(TextRule::AnyText) << QString();
        QTest::addRow("string empty") << QByteArray(R"({"s": ""})") << string(TextRule::NotEmpty) << "x.json: s: must not be empty";
        QTest::addRow("string blank allowed") << QByteArray(R"({"s": " "})") << string(TextRule::NotEmpty) << QString();
        QTest::addRow("string blank") << QByteArray(R"({"s": " \n"})") << string(TextRule::NotBlank) << "x.json: s: must not be empty";
        QTest::addRow("optional string missing") << QByteArray(R"({})")
                                                 << Read([](const JsonObjectAt &o) { QVERIFY(o.optionalString(QStringLiteral("s")).isNull()); })
                                                 << QString();
        QTest::addRow("optional string wrong") << QByteArray(R"({"s": null})")
                                               << Read([](const JsonObjectAt &o) { o.optionalString(QStringLiteral("s")); })
                                               << "x.json: s: must be a string, got null";
        QTest::addRow("string as a named thing") << QByteArray(R"({"s": [1]})")
                                                 << Read([](const JsonObjectAt &o) { o.field(QStringLiteral("s")).toString(TextRule::AnyText, u"a task id (a string)"); })
                                                 << "x.json: s: must be a task id (a string), got an array";

        const auto number = [](NumberRange range) {
            return Read([range](const JsonObjectAt &o) { o.field(QStringLiteral("n")).toNumber(u"a number >= 0", range); });
        };
        QTest::addRow("number") << QByteArray(R"({"n": 2.5})") << number({0}) << QString();
        QTest::addRow("number at the minimum") << QByteArray(R"({"n": 0})") << number({0}) << QString();
        QTest::addRow("number below") << QByteArray(R"({"n": -5})") << number({0}) << "x.json: n: must be a number >= 0, got -5";
        QTest::addRow("number at an excluded minimum") << QByteArray(R"({"n": 0})") << number({0, 10, true}) << "x.json: n: must be a number >= 0, got 0";
        QTest::addRow("number above") << QByteArray(R"({"n": 11})") << number({0, 10}) << "x.json: n: must be a number >= 0, got 11";
        QTest::addRow("number a string") << QByteArray(R"({"n": "5"})") << number({0}) << "x.json: n: must be a number >= 0, got \"5\"";
        QTest::addRow("number missing") << QByteArray(R"({})") << number({0}) << "x.json: n: must be a number >= 0, got nothing";
        QTest::addRow("number required") << QByteArray(R"({})")
                                         << Read([](const JsonObjectAt &o) { o.field(QStringLiteral("n")).require(u"a number").toNumber(); })
                                         << "x.json: n: missing (a number)";

        const auto integer = [](NumberRange range) {
            return Read([range](const JsonObjectAt &o) { o.field(QStringLiteral("i")).toInteger(u"an integer >= 1", range); });
        };
        QTest::addRow("integer") << QByteArray(R"({"i": 6})") << integer({1}) << QString();
        QTest::addRow("integer a fraction") << QByteArray(R"({"i": 1.5})") << integer({1}) << "x.json: i: must be an integer >= 1, got 1.5";
        QTest::addRow("integer too small") << QByteArray(R"({"i": 0})") << integer({1}) << "x.json: i: must be an integer >= 1, got 0";
        QTest::addRow("integer beyond int") << QByteArray(R"({"i": 3e9})") << integer({1}) << "x.json: i: must be an integer >= 1, got 3e+09";
        QTest::addRow("integer a boolean") << QByteArray(R"({"i": true})") << integer({1}) << "x.json: i: must be an integer >= 1, got true";

        QTest::addRow("bool") << QByteArray(R"({"b": false})")
                              << Read([](const JsonObjectAt &o) { QCOMPARE(o.field(QStringLiteral("b")).toBool(), false); }) << QString();
        QTest::addRow("bool wrong") << QByteArray(R"({"b": 0})")
                                    << Read([](const JsonObjectAt &o) { o.field(QStringLiteral("b")).toBool(); })
                                    << "x.json: b: must be true or false, got 0";

        QTest::addRow("object missing") << QByteArray(R"({})")
                                        << Read([](const JsonObjectAt &o) { o.requiredObject(QStringLiteral("log")); })
                                        << "x.json: log: missing (an object)";
        QTest::addRow("object wrong") << QByteArray(R"({"log": []})")
                                      << Read([](const JsonObjectAt &o) { o.requiredObject(QStringLiteral("log")); })
                                      << "x.json: log: must be an object, got an array";
        QTest::addRow("object described") << QByteArray(R"({"t": "x"})")
                                          << Read([](const JsonObjectAt &o) { o.field(QStringLiteral("t")).toObject(u"an object such as {\"id\": \"a\"}"); })
                                          << "x.json: t: must be an object such as {\"id\": \"a\"}, got \"x\"";

        const auto tasks = Read([](const JsonObjectAt &o) {
            o.requiredArray(QStringLiteral("tasks"), u"a non-empty array of tasks", ArrayRule::NotEmpty);
        });
        QTest::addRow("array") << QByteArray(R"({"tasks": [1]})") << tasks << QString();
        QTest::addRow("array missing") << QByteArray(R"({})") << tasks << "x.json: tasks: missing (a non-empty array of tasks)";
        QTest::addRow("array wrong") << QByteArray(R"({"tasks": {}})") << tasks << "x.json: tasks: must be a non-empty array of tasks, got an object";
        QTest::addRow("array empty") << QByteArray(R"({"tasks": []})") << tasks << "x.json: tasks: must be a non-empty array of tasks, got an empty array";
        QTest::addRow("array empty allowed") << QByteArray(R"({"a": []})")
                                             << Read([](const JsonObjectAt &o) { o.requiredArray(QStringLiteral("a")); }) << QString();
        QTest::addRow("array element") << QByteArray(R"({"a": [true, 7]})")
                                       << Read([](const JsonObjectAt &o) {
                                              const JsonArrayAt a = o.requiredArray(QStringLiteral("a"));
                                              for (qsizetype i = 0; i < a.size(); ++i)
                                                  a.at(i).toBool();
                                          })
                                       << "x.json: a[1]: must be true or false, got 7";

        const auto known = Read([](const JsonObjectAt &o) {
            o.checkKnownFields({QStringLiteral("latency_ms"), QStringLiteral("label")});
        });
        QTest::addRow("known fields") << QByteArray(R"({"label": "x"})") << known << QString();
        QTest::addRow("unknown field") << QByteArray(R"({"latncy_ms": 1})") << known
                                       << "x.json: unknown field \"latncy_ms\" (did you mean \"latency_ms\"?)";
        QTest::addRow("unknown field, nothing close") << QByteArray(R"({"zzz": 1})") << known << "x.json: unknown field \"zzz\"";
        QTest::addRow("unknown field with a line break") << QByteArray(R"({"a\nb": 1})") << known << "x.json: unknown field \"a\\nb\"";
        QTest::addRow("unknown nested field") << QByteArray(R"({"t": {"lable": 1}})")
                                              << Read([](const JsonObjectAt &o) {
                                                     o.requiredObject(QStringLiteral("t")).checkKnownFields({QStringLiteral("label")});
                                                 })
                                              << "x.json: t: unknown field \"lable\" (did you mean \"label\"?)";
    }

    void getters()
    {
        QFETCH(QByteArray, json);
        QFETCH(std::function<void(const JsonObjectAt &)>, read);
        QFETCH(QString, message);
        const JsonObjectAt root(QJsonDocument::fromJson(json).object(), JsonPath());
        QCOMPARE(refusal([&] { read(root); }), message);
    }

    void nonFiniteNumbersNeverPass()
    {
        // A document built in code (not parsed) can hold them; a file cannot.
        for (double bad : {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::quiet_NaN()}) {
            const JsonValueAt value(QJsonValue(bad), JsonPath().field(QStringLiteral("n")));
            QVERIFY(!refusal([&] { value.toNumber(); }).isEmpty());
            QVERIFY(!refusal([&] { value.toInteger(u"an integer"); }).isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestJsonReader)
#include "tst_json_reader.moc"
