#include "scenario_writer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace asyncscope {

namespace {

// One JSON value in compact form (QJsonDocument only writes objects and arrays).
QByteArray compact(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

// The object's keys in `order` first, then any others alphabetically (QJsonObject's order).
QStringList orderedKeys(const QJsonObject &object, const QStringList &order)
{
    QStringList keys;
    for (const QString &key : order) {
        if (object.contains(key))
            keys << key;
    }
    for (const QString &key : object.keys()) {
        if (!keys.contains(key))
            keys << key;
    }
    return keys;
}

QByteArray oneLine(const QJsonObject &object, const QStringList &order)
{
    QByteArray out = "{";
    const QStringList keys = orderedKeys(object, order);
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (i > 0)
            out += ", ";
        out += compact(keys.at(i)) + ": " + compact(object.value(keys.at(i)));
    }
    return out + "}";
}

QByteArray indentedLines(const QByteArray &text, const QByteArray &indent)
{
    QByteArray out;
    const QList<QByteArray> lines = text.trimmed().split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            out += '\n' + indent;
        out += lines.at(i);
    }
    return out;
}

} // namespace

QByteArray scenarioFileText(const Scenario &scenario)
{
    static const QStringList topOrder = {QStringLiteral("format"), QStringLiteral("name"), QStringLiteral("description"),
                                         QStringLiteral("connections_per_host"), QStringLiteral("tasks"),
                                         QStringLiteral("plans"), QStringLiteral("lesson")};
    static const QStringList taskOrder = {
        QStringLiteral("id"), QStringLiteral("label"), QStringLiteral("latency_ms"), QStringLiteral("latency"),
        QStringLiteral("jitter_ms"), QStringLiteral("fails"), QStringLiteral("failure_rate"), QStringLiteral("error"),
        QStringLiteral("value"), QStringLiteral("needs"), QStringLiteral("url"), QStringLiteral("host"),
        QStringLiteral("function")};
    static const QStringList planOrder = {QStringLiteral("name"), QStringLiteral("run"), QStringLiteral("js")};

    const QJsonObject root = scenario.toJson();
    QByteArray out = "{\n";
    const QStringList keys = orderedKeys(root, topOrder);
    for (qsizetype k = 0; k < keys.size(); ++k) {
        const QString &key = keys.at(k);
        out += "  " + compact(key) + ": ";
        const QJsonValue value = root.value(key);
        if ((key == QLatin1String("tasks") || key == QLatin1String("plans")) && value.isArray()) {
            const QJsonArray items = value.toArray();
            if (items.isEmpty()) {
                out += "[]";
            } else {
                out += "[\n";
                for (qsizetype i = 0; i < items.size(); ++i) {
                    out += "    " + oneLine(items.at(i).toObject(), key == QLatin1String("tasks") ? taskOrder : planOrder);
                    out += i + 1 < items.size() ? ",\n" : "\n";
                }
                out += "  ]";
            }
        } else if (value.isObject() || value.isArray()) {
            const QByteArray text = value.isObject() ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented)
                                                     : QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented);
            out += indentedLines(text, "  ");
        } else {
            out += compact(value);
        }
        out += k + 1 < keys.size() ? ",\n" : "\n";
    }
    return out + "}\n";
}

} // namespace asyncscope
