// Trace import at scale (core/trace_import.h): generated Chrome traces of 10k,
// 100k and 1M events (absolute microsecond timestamps as Chrome writes them,
// 4 processes × 8 threads, "X" events with a "B"/"E" pair every tenth) and a
// HAR of 100k entries, each imported in a child process for its peak memory.
// Baseline: QJsonDocument::fromJson of the same file alone (what parsing costs
// before any event is looked at).
//
//   bench_import                    10k, 100k, 1M events
//   bench_import --sizes 10k,100k   quicker
//   bench_import --write F 1M       writes the 1M-event file; then `/usr/bin/time -v bench_import --import F`
//                                   and `--parse F` measure one child each

#include "bench_measure.h"

#include "trace_import.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <cstdio>

using namespace asyncscope;
using namespace asyncscope::bench;

namespace {

QByteArray chromeTrace(qint64 events)
{
    QByteArray out;
    out.reserve(events * 110 + 1024);
    out += "{\"traceEvents\":[\n";
    for (int pid = 1; pid <= 4; ++pid)
        out += "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":" + QByteArray::number(pid)
               + ",\"tid\":0,\"args\":{\"name\":\"Process " + QByteArray::number(pid) + "\"}},\n";
    const double origin = 123456789000.0;
    char line[256];
    qint64 written = 0;
    for (qint64 i = 0; written < events; ++i) {
        const int pid = int(i % 4) + 1, tid = int(i / 4 % 8) + 1;
        const double ts = origin + double(i) * 7.5;
        if (i % 10 == 0 && written + 2 <= events) {
            std::snprintf(line, sizeof line,
                          "{\"name\":\"Frame%lld\",\"cat\":\"gpu\",\"ph\":\"B\",\"ts\":%.1f,\"pid\":%d,\"tid\":%d,\"args\":{}},\n"
                          "{\"ph\":\"E\",\"ts\":%.1f,\"pid\":%d,\"tid\":%d,\"args\":{}},\n",
                          i % 64, ts, pid, tid + 100, ts + 40.0, pid, tid + 100);
            written += 2;
        } else {
            std::snprintf(line, sizeof line,
                          "{\"name\":\"task%lld\",\"cat\":\"v8\",\"ph\":\"X\",\"ts\":%.1f,\"dur\":%.1f,\"pid\":%d,\"tid\":%d,\"args\":{}},\n",
                          i % 200, ts, 5.0 + double(i % 300), pid, tid);
            written += 1;
        }
        out += line;
    }
    out.chop(2);
    out += "\n],\"displayTimeUnit\":\"ms\"}\n";
    return out;
}

QByteArray harFile(qint64 entries)
{
    QByteArray out;
    out.reserve(entries * 260 + 1024);
    out += "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"bench\",\"version\":\"1\"},\"pages\":[{\"id\":\"page_1\","
           "\"title\":\"big\",\"startedDateTime\":\"2026-11-25T10:00:00.000Z\",\"pageTimings\":{\"onLoad\":5000}}],\"entries\":[\n";
    char line[512];
    for (qint64 i = 0; i < entries; ++i) {
        const qint64 ms = i * 3;
        std::snprintf(line, sizeof line,
                      "{\"pageref\":\"page_1\",\"startedDateTime\":\"2026-11-25T%02lld:%02lld:%02lld.%03lldZ\",\"time\":%lld,"
                      "\"request\":{\"method\":\"GET\",\"url\":\"https://cdn.example/asset/%lld.js\"},"
                      "\"response\":{\"status\":%d},\"timings\":{\"blocked\":%lld,\"wait\":10}}%s\n",
                      10 + ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000, 20 + i % 90, i % 500,
                      i % 53 == 0 ? 404 : 200, i % 7, i + 1 < entries ? "," : "");
        out += line;
    }
    out += "]}}\n";
    return out;
}

// Child: imports (or only parses) one file and prints "events spans ms start_kb peak_kb".
int runChild(const QString &mode, const QString &path)
{
    const qint64 startKb = currentRssKb();
    QElapsedTimer timer;
    timer.start();
    qint64 spans = 0;
    if (mode == QLatin1String("--parse")) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return 1;
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
        spans = document.isNull() ? -1 : 0;
    } else {
        QString error;
        const std::optional<RunTrace> trace = importTrace(path, &error);
        if (!trace) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        for (const PlanTrace &plan : trace->plans)
            spans += plan.spans.size();
    }
    std::printf("%lld %.3f %lld %lld\n", spans, double(timer.nsecsElapsed()) / 1e6, startKb, peakRssKb());
    return 0;
}

// The goal for the 1M-event Chrome trace: import no slower than QJsonDocument alone, within 600 MB.
constexpr double kGoalPeakMb = 600;
QString goalLine;

void measure(const char *kind, qint64 events, const QString &path)
{
    const double megabytes = double(QFileInfo(path).size()) / 1e6;
    const QList<QByteArray> parsed = bench::runChild({QStringLiteral("--parse"), path}, 300000).split(' ');
    const QList<QByteArray> imported = bench::runChild({QStringLiteral("--import"), path}, 300000).split(' ');
    if (imported.size() != 4 || parsed.size() != 4) {
        std::printf("%-7s %8s  failed\n", kind, qPrintable(humanCount(events)));
        return;
    }
    const double importMs = imported.at(1).toDouble();
    const double peakMb = double(imported.at(3).toLongLong() - imported.at(2).toLongLong()) / 1024.0;
    const double parseMs = parsed.at(1).toDouble();
    const double parseMb = double(parsed.at(3).toLongLong() - parsed.at(2).toLongLong()) / 1024.0;
    std::printf("%-7s %8s %9.1f %9lld %10.1f %10.1f %8.0f | %10.1f %10.1f\n", kind, qPrintable(humanCount(events)),
                megabytes, imported.at(0).toLongLong(), importMs, peakMb, double(events) / importMs * 1000.0, parseMs,
                parseMb);
    std::fflush(stdout);
    if (events >= 1000000 && QByteArray(kind) == "chrome")
        goalLine = QStringLiteral("goal (1M events: import no slower than parse (within 5%), peak RSS <= %1 MB): %2 (import %3 ms / parse %4 ms, "
                                  "peak %5 MB, start %6 MB)")
                       .arg(kGoalPeakMb)
                       .arg(importMs <= parseMs * 1.05 && imported.at(3).toLongLong() / 1024.0 <= kGoalPeakMb
                                ? QStringLiteral("met")
                                : QStringLiteral("MISSED"))
                       .arg(importMs, 0, 'f', 0)
                       .arg(parseMs, 0, 'f', 0)
                       .arg(imported.at(3).toLongLong() / 1024.0, 0, 'f', 0)
                       .arg(imported.at(2).toLongLong() / 1024.0, 0, 'f', 0);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 3 && (args.at(1) == QLatin1String("--parse") || args.at(1) == QLatin1String("--import")))
        return runChild(args.at(1), args.at(2));
    if (args.size() >= 4 && args.at(1) == QLatin1String("--write")) {
        // bench_import --write PATH 1M: the generated Chrome trace alone, for /usr/bin/time -v on the children.
        QFile file(args.at(2));
        const qint64 events = sizesArgument({QStringLiteral("--sizes"), args.at(3)}, {}).value(0);
        return events > 0 && file.open(QIODevice::WriteOnly) && file.write(chromeTrace(events)) >= 0 ? 0 : 1;
    }

    const QList<qint64> sizes = sizesArgument(args, {10000, 100000, 1000000});
    QTemporaryDir dir;
    std::printf("bench_import: importTrace() in a child process per row (%s)\n", loadLine().constData());
    std::printf("  baseline = QJsonDocument::fromJson of the same file alone\n");
    std::printf("%-7s %8s %9s %9s %10s %10s %8s | %10s %10s\n", "format", "events", "file MB", "spans", "import ms",
                "peak MB", "events/s", "parse ms", "parse MB");
    for (qint64 n : sizes) {
        const QString path = dir.filePath(QStringLiteral("chrome-%1.json").arg(n));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(chromeTrace(n)) < 0)
            return 1;
        file.close();
        measure("chrome", n, path);
        QFile::remove(path);
    }
    const qint64 harEntries = std::min<qint64>(100000, sizes.isEmpty() ? 100000 : sizes.constLast());
    const QString harPath = dir.filePath(QStringLiteral("big.har"));
    QFile har(harPath);
    if (!har.open(QIODevice::WriteOnly) || har.write(harFile(harEntries)) < 0)
        return 1;
    har.close();
    measure("har", harEntries, harPath);
    if (!goalLine.isEmpty())
        std::printf("%s\n", qPrintable(goalLine));
    return 0;
}
