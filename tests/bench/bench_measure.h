#pragma once

// Small measuring tools shared by the perf benchmarks (bench_engine, bench_render,
// bench_trials, bench_export, bench_import): memory from /proc/self/status,
// the machine's load (other builds skew figures on a 2-core box), size lists
// from the command line, and one measurement in a child process (so its peak
// memory is its own).

#include <QCoreApplication>
#include <QFile>
#include <QList>
#include <QProcess>
#include <QStringList>
#include <QThread>

#include <cstdio>

namespace asyncscope::bench {

// A field of /proc/self/status in kB ("VmRSS", "VmHWM"), 0 where there is no /proc.
inline qint64 procStatusKb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

inline qint64 currentRssKb() { return procStatusKb("VmRSS"); }
inline qint64 peakRssKb() { return procStatusKb("VmHWM"); }

// "1-min load 3.10 on 2 cores": printed next to every table.
inline QByteArray loadLine()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    QByteArray load = file.open(QIODevice::ReadOnly) ? file.readAll().split(' ').value(0) : QByteArray("?");
    return "load average " + load + " on " + QByteArray::number(QThread::idealThreadCount()) + " cores";
}

// `--sizes 1000,100000` (or the defaults).
inline QList<qint64> sizesArgument(const QStringList &args, const QList<qint64> &defaults)
{
    const qsizetype at = args.indexOf(QStringLiteral("--sizes"));
    if (at < 0 || at + 1 >= args.size())
        return defaults;
    QList<qint64> sizes;
    for (const QString &part : args.at(at + 1).split(u',', Qt::SkipEmptyParts)) {
        QString text = part.trimmed().toLower();
        qint64 factor = 1;
        if (text.endsWith(u'k')) {
            factor = 1000;
            text.chop(1);
        } else if (text.endsWith(u'm')) {
            factor = 1000000;
            text.chop(1);
        }
        sizes << qint64(text.toDouble() * double(factor));
    }
    return sizes;
}

inline QString argumentValue(const QStringList &args, const QString &name, const QString &fallback = QString())
{
    const qsizetype at = args.indexOf(name);
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1) : fallback;
}

// Runs this program again with `childArgs` and returns its standard output's
// last line ("" when it failed); its standard error passes through.
inline QByteArray runChild(const QStringList &childArgs, int timeoutMs = 120000)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), childArgs);
    if (!child.waitForFinished(timeoutMs)) {
        child.kill();
        child.waitForFinished();
        return {};
    }
    if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)
        return {};
    return child.readAllStandardOutput().trimmed().split('\n').constLast();
}

inline QString humanCount(qint64 n)
{
    if (n >= 1000000 && n % 1000000 == 0)
        return QStringLiteral("%1M").arg(n / 1000000);
    if (n >= 1000 && n % 1000 == 0)
        return QStringLiteral("%1k").arg(n / 1000);
    return QString::number(n);
}

} // namespace asyncscope::bench
