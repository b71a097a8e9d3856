#pragma once

// A task's value typed as JSON text: any JSON value (QJsonDocument alone reads
// only objects and arrays), with the parser's message and column when it is not.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace asyncscope {

inline std::optional<QJsonValue> parseJsonValueText(const QString &text, QString *error = nullptr)
{
    QJsonParseError parseError;
    const QByteArray wrapped = "[" + text.toUtf8() + "\n]";
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &parseError);
    if (parseError.error == QJsonParseError::NoError && document.isArray() && document.array().size() == 1)
        return document.array().at(0);
    if (error) {
        if (text.trimmed().isEmpty())
            *error = QStringLiteral("empty: type a JSON value such as 42, \"ok\" or {\"id\": 1}");
        else if (parseError.error == QJsonParseError::NoError)
            *error = QStringLiteral("one JSON value, not a list of them (wrap it in [ ])");
        else
            *error = QStringLiteral("not JSON: %1 at column %2")
                         .arg(parseError.errorString())
                         .arg(std::clamp(int(QString::fromUtf8(wrapped.left(parseError.offset)).size()), 1, int(text.size()) + 1));
    }
    return std::nullopt;
}

inline QString jsonValueText(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

} // namespace asyncscope
