#include "js_worker.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QMutex>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

namespace asyncscope {

namespace {

// The heap a plan may use, and how long the worker may take to start.
constexpr int kHeapLimitMb = 128;
constexpr int kStartTimeoutMs = 10000;

// The worker script is compiled in; Node reads it from a private copy whose
// name carries its hash, so two versions of asyncscope never share one.
QString writeWorkerScript(QString *error)
{
    QFile resource(QStringLiteral(":/js/plan_worker.mjs"));
    if (!resource.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the JavaScript worker is missing from this build");
        return {};
    }
    const QByteArray source = resource.readAll();
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(source, QCryptographicHash::Sha256).toHex().left(16));
    QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (base.isEmpty())
        base = QDir::tempPath() + QStringLiteral("/asyncscope");
    QDir().mkpath(base);
    const QString path = QStringLiteral("%1/plan_worker-%2.mjs").arg(base, hash);
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly) && existing.readAll() == source)
        return path;
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(source) != source.size() || !out.commit()) {
        *error = QStringLiteral("cannot write the JavaScript worker to %1: %2").arg(path, out.errorString());
        return {};
    }
    return path;
}

// Node's major version (18 on Debian bookworm, 20 from NodeSource), 0 if unknown.
int nodeMajorVersion(const QString &node)
{
    static QHash<QString, int> known;
    static QMutex mutex;
    const QMutexLocker lock(&mutex);
    if (const auto found = known.constFind(node); found != known.cend())
        return *found;
    QProcess probe;
    probe.start(node, {QStringLiteral("--version")});
    int major = 0;
    if (probe.waitForFinished(kStartTimeoutMs))
        major = QString::fromLatin1(probe.readAllStandardOutput()).trimmed().mid(1).section(QLatin1Char('.'), 0, 0).toInt();
    known.insert(node, major);
    return major;
}

} // namespace

JsWorker &JsWorker::instance()
{
    thread_local JsWorker worker;
    return worker;
}

JsWorker::~JsWorker()
{
    stop();
}

QString JsWorker::nodeExecutable()
{
    const QString forced = qEnvironmentVariable("ASYNCSCOPE_NODE");
    if (!forced.isEmpty())
        return QStandardPaths::findExecutable(forced).isEmpty() && !QFile::exists(forced) ? QString() : forced;
    for (const char *name : {"node", "nodejs"}) {
        const QString found = QStandardPaths::findExecutable(QString::fromLatin1(name));
        if (!found.isEmpty())
            return found;
    }
    return {};
}

QString JsWorker::missingNodeMessage()
{
    return QStringLiteral("JavaScript plans need Node.js, which is not installed: sudo apt install nodejs");
}

void JsWorker::stop()
{
    if (!m_process)
        return;
    m_process->kill();
    m_process->waitForFinished(1000);
    m_process.reset();
    m_pending.clear();
    m_stderrTail.clear();
}

bool JsWorker::ensureStarted(QString *error)
{
    if (m_process && m_process->state() == QProcess::Running)
        return true;
    stop();
    const QString node = nodeExecutable();
    if (node.isEmpty()) {
        *error = missingNodeMessage();
        return false;
    }
    if (m_scriptPath.isEmpty() || !QFile::exists(m_scriptPath)) {
        m_scriptPath = writeWorkerScript(error);
        if (m_scriptPath.isEmpty())
            return false;
    }
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(node);
    // Node's permission model: the worker may read its own script and nothing
    // else; no child processes, no writes. It may start worker threads: each
    // plan runs on one that the worker's main thread can terminate (a runaway
    // plan, a heap bomb), and a thread gets no more permissions than the
    // process. No code from strings anywhere (Function, eval). The heap limit
    // is the worker's; one it still cannot keep ends the process, and the
    // next request starts a new one.
    // Node 18 (Debian bookworm's) has no permission model: there the vm
    // sandbox alone contains the code, as it does on 20 too.
    QStringList arguments;
    if (nodeMajorVersion(node) >= 20)
        arguments << QStringLiteral("--experimental-permission") << QStringLiteral("--allow-fs-read=%1").arg(m_scriptPath)
                  << QStringLiteral("--allow-worker");
    arguments << QStringLiteral("--disallow-code-generation-from-strings")
              << QStringLiteral("--max-old-space-size=%1").arg(kHeapLimitMb) << QStringLiteral("--no-warnings") << m_scriptPath;
    m_process->setArguments(arguments);
    QProcessEnvironment env;                       // nothing of ours leaks into the worker
    env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    m_process->setProcessEnvironment(env);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->start();
    if (!m_process->waitForStarted(kStartTimeoutMs)) {
        *error = QStringLiteral("Node.js (%1) did not start: %2").arg(node, m_process->errorString());
        m_process.reset();
        return false;
    }
    return true;
}

std::optional<QJsonObject> JsWorker::request(QJsonObject request, int timeoutMs, QString *error)
{
    if (!ensureStarted(error))
        return std::nullopt;
    const qint64 id = m_nextId++;
    request.insert(QLatin1String("id"), double(id));
    m_process->write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');

    QDeadlineTimer deadline(timeoutMs + kStartTimeoutMs);
    while (true) {
        qsizetype newline;
        while ((newline = m_pending.indexOf('\n')) >= 0) {
            const QByteArray line = m_pending.left(newline);
            m_pending.remove(0, newline + 1);
            QJsonParseError parseError;
            const QJsonDocument answer = QJsonDocument::fromJson(line, &parseError);
            if (parseError.error == QJsonParseError::NoError && answer.isObject()
                && answer.object().value(QLatin1String("id")).toDouble() == double(id))
                return answer.object();
            // An answer to an abandoned request, or noise: skip it.
        }
        if (m_process->state() != QProcess::Running) {
            m_stderrTail += m_process->readAllStandardError();
            const QByteArray why = m_stderrTail.trimmed();
            const bool outOfMemory = why.contains("heap out of memory") || why.contains("Allocation failed");
            *error = outOfMemory ? QStringLiteral("stopped: the code used more than %1 MB of memory").arg(kHeapLimitMb)
                                 : QStringLiteral("the JavaScript worker stopped (%1)")
                                       .arg(QString::fromUtf8(why.split('\n').constLast()).left(200));
            stop();
            return std::nullopt;
        }
        if (deadline.hasExpired()) {
            *error = QStringLiteral("the JavaScript worker did not answer within %1 ms").arg(timeoutMs);
            stop();
            return std::nullopt;
        }
        if (m_process->waitForReadyRead(int(std::min<qint64>(deadline.remainingTime(), 100))))
            m_pending += m_process->readAllStandardOutput();
        m_stderrTail = (m_stderrTail + m_process->readAllStandardError()).right(4096); // keeps the pipe from filling
    }
}

} // namespace asyncscope
