#include "trace_import.h"

#include "chrome_trace_import_p.h"
#include "har_import_p.h"
#include "json_reader.h"
#include "json_text_position.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace asyncscope {

namespace {

// Which reader a parsed document is for. Throws JsonReadError.
RunTrace readDocument(const QJsonDocument &document, const QString &displayName)
{
    if (document.isArray())
        return trace_import::readChromeTrace(document, displayName);
    const QJsonObject root = document.object();
    if (root.contains(QLatin1String("traceEvents")))
        return trace_import::readChromeTrace(document, displayName);
    if (root.contains(QLatin1String("log")))
        return trace_import::readHar(root, displayName);
    if (root.value(QLatin1String("format")).toString().startsWith(QLatin1String("asyncscope-scenario")))
        throw JsonReadError(QString(), QStringLiteral("this is an asyncscope scenario, not a trace: open it as a scenario"));
    throw JsonReadError(QString(), QStringLiteral("not a trace: expected a Chrome trace {\"traceEvents\": [...]} or [...], "
                                                  "or a HAR file {\"log\": {\"entries\": [...]}}"));
}

QString tooLargeMessage(const QString &displayName, qint64 bytes)
{
    return QStringLiteral("%1: too large (%2 MB; at most %3 MB)").arg(displayName).arg(bytes >> 20).arg(kMaxTraceBytes >> 20);
}

} // namespace

std::optional<RunTrace> importTraceData(const QByteArray &data, const QString &displayName, QString *error)
{
    const auto refuse = [&](const QString &message) -> std::optional<RunTrace> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (data.size() > kMaxTraceBytes)
        return refuse(tooLargeMessage(displayName, data.size()));
    try {
        const qsizetype first = firstSignificantOffset(data);
        if (first >= data.size())
            throw JsonReadError(QString(), QStringLiteral("empty file, expected a Chrome trace or a HAR file (JSON)"));
        if (data[first] != '{' && data[first] != '[')
            throw JsonReadError::atOffset(data, first,
                                          QStringLiteral("expected a Chrome trace or a HAR file (JSON), got text that is not JSON"));

        // Chrome traces are scanned without building a QJsonDocument; anything
        // unexpected goes the reference way below, which names the problem.
        if (data[first] == '[' || data.left(1 << 16).contains("\"traceEvents\"")) {
            if (std::optional<RunTrace> scanned = trace_import::scanChromeTrace(data, displayName))
                return scanned;
        }

        QJsonParseError parseError;
        QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
        if (parseError.error != QJsonParseError::NoError && data[first] == '[') {
            // The array form may lack its closing "]" (Chrome writes it so when a trace is cut short).
            QByteArray closed = data.trimmed();
            while (closed.endsWith(','))
                closed.chop(1);
            QJsonParseError retryError;
            QJsonDocument retried = QJsonDocument::fromJson(closed + ']', &retryError);
            if (retryError.error == QJsonParseError::NoError) {
                document = std::move(retried);
                parseError = retryError;
            }
        }
        if (parseError.error != QJsonParseError::NoError)
            throw jsonSyntaxError(data, parseError);

        RunTrace trace = readDocument(document, displayName);
        if (trace.plans.isEmpty())
            throw JsonReadError(QString(), QStringLiteral("no spans to show (no \"X\" events and no \"B\"/\"E\" pairs)"));
        return trace;
    } catch (const JsonReadError &failure) {
        return refuse(failure.message(displayName));
    }
}

std::optional<RunTrace> importTrace(const QString &path, QString *error)
{
    const QString displayName = QFileInfo(path).fileName().isEmpty() ? path : QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open: %2").arg(displayName, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxTraceBytes) {
        if (error)
            *error = tooLargeMessage(displayName, file.size());
        return std::nullopt;
    }
    return importTraceData(file.readAll(), displayName, error);
}

bool looksLikeTrace(const QByteArray &head)
{
    const qsizetype first = firstSignificantOffset(head);
    if (first >= head.size())
        return false;
    if (head[first] == '[')
        return true; // a scenario is always an object; the array form is a trace
    if (head[first] != '{' || head.contains("\"asyncscope-scenario/"))
        return false;
    static const QRegularExpression traceKey(QStringLiteral("\"(traceEvents|systemTraceEvents)\"\\s*:\\s*[\\[\"]"));
    static const QRegularExpression harKey(QStringLiteral("\"log\"\\s*:\\s*\\{"));
    const QString text = QString::fromUtf8(head);
    return traceKey.match(text).hasMatch() || harKey.match(text).hasMatch();
}

bool isTraceFile(const QString &fileArgument)
{
    if (fileArgument.startsWith(QLatin1String("example:")) || fileArgument == QLatin1String("-"))
        return false;
    QFile file(fileArgument);
    return file.open(QIODevice::ReadOnly) && looksLikeTrace(file.read(64 * 1024));
}

} // namespace asyncscope
