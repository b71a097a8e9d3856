#pragma once

// The JavaScript engine behind `"js"` plans (SPEC §6): one Node.js process,
// started on first use and kept warm, running resources/js/plan_worker.mjs.
// It speaks one JSON object per line: a request on its stdin, the answer on
// its stdout. Node runs each plan in a fresh vm context on a virtual clock,
// with no host object reachable from the code, under Node's permission model
// and a heap limit; a worker that dies (out of memory) is started again for
// the next request.

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>

#include <memory>
#include <optional>

namespace asyncscope {

class JsWorker
{
public:
    // This thread's worker (a QProcess belongs to one thread): the GUI thread
    // and each trial thread keep their own warm Node process.
    static JsWorker &instance();

    // The Node.js executable: $ASYNCSCOPE_NODE, else `node` or `nodejs` on PATH.
    static QString nodeExecutable();
    // One line for a machine without Node.js, naming the package to install.
    static QString missingNodeMessage();

    // Sends `request` (an "id" is added) and waits up to `timeoutMs` for its
    // answer. Empty, with *error set to one line, when the worker cannot start,
    // dies, or does not answer in time (then it is killed and restarted later).
    std::optional<QJsonObject> request(QJsonObject request, int timeoutMs, QString *error);

    ~JsWorker();

private:
    JsWorker() = default;
    bool ensureStarted(QString *error);
    void stop();

    std::unique_ptr<QProcess> m_process;
    QByteArray m_pending;    // stdout bytes after the last complete line
    QByteArray m_stderrTail; // the last few KB of diagnostics, for the message when it dies
    qint64 m_nextId = 1;
    QString m_scriptPath;
};

} // namespace asyncscope
