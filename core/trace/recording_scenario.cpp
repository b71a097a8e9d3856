#include "recording_scenario.h"

#include "combinator_table.h"
#include "imported_plan_p.h"
#include "json_messages.h"
#include "scenario_run.h"
#include "trace_import.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace asyncscope {

namespace {

// Below this a recorded wait is noise, not a wait for a connection.
constexpr double kWaitNoiseMs = 0.5;
// A browser hands a connection to the next request a moment before it reports
// the previous one finished: ends this close to a start do not overlap it.
constexpr double kConnectionHandOverMs = 2.0;

using trace_import::RecordedRequestName;
using trace_import::parseRequestTaskName;

struct ImportedRequest
{
    int plan = 0;              // index into the recording's plans
    const Span *span = nullptr;
    QString id;
    QString label;
    QString host;
    bool waited = false;       // waited for a connection (see recording_scenario.h)
    double endMs = 0;          // the recorded end, or the recording's end when none was recorded
    double askAtMs = 0;        // when the as-recorded plan asks for it

    // A request that got an answer held a connection from its start to its end;
    // one that failed without (refused, aborted) may never have had one.
    bool sent() const
    {
        const bool answered = span->outcome == SpanOutcome::Fulfilled
                              || (span->outcome == SpanOutcome::Rejected && span->result.toString().startsWith(QLatin1String("HTTP ")));
        return answered && endMs > span->startMs;
    }
};

double roundedMs(double ms)
{
    return std::round(ms * 1000.0) / 1000.0;
}

QString msText(double ms)
{
    return formatNumber(roundedMs(ms));
}

// A task id ([A-Za-z_][A-Za-z0-9_]*) that says which request it is: the last two
// path segments of its URL ("delay_200"), or the span's name.
QString baseId(const Span &span, const std::optional<RecordedRequestName> &request)
{
    QString source = span.task;
    if (request) {
        const QUrl url(request->url);
        QStringList segments = url.path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
        while (segments.size() > 2)
            segments.removeFirst();
        source = segments.isEmpty() ? url.host() : segments.join(QLatin1Char('_'));
    }
    QString id;
    for (const QChar c : source) {
        const bool word = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
                          || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
        if (word)
            id += c;
        else if (!id.endsWith(QLatin1Char('_')))
            id += QLatin1Char('_');
        if (id.size() >= 40)
            break;
    }
    while (id.endsWith(QLatin1Char('_')))
        id.chop(1);
    while (id.startsWith(QLatin1Char('_')))
        id.remove(0, 1);
    if (id.isEmpty())
        id = QStringLiteral("request");
    if (id.at(0).isDigit())
        id.prepend(QStringLiteral("r_"));
    for (const CombinatorInfo &info : combinatorTable()) {
        if (id == QLatin1String(info.name))
            return id + QStringLiteral("_task"); // a task named "delay" would read as the combinator
    }
    return id;
}

// The most requests of one host in flight at once ([start, end)).
QHash<QString, int> largestConcurrency(const std::vector<ImportedRequest> &requests)
{
    QHash<QString, std::vector<std::pair<double, int>>> edges;
    for (const ImportedRequest &r : requests) {
        if (r.host.isEmpty() || !r.sent())
            continue;
        edges[r.host].push_back({r.span->startMs, +1});
        edges[r.host].push_back({std::max(r.span->startMs, r.endMs - kConnectionHandOverMs), -1});
    }
    QHash<QString, int> largest;
    for (auto it = edges.begin(); it != edges.end(); ++it) {
        std::sort(it->begin(), it->end()); // an end before a start at the same time: a freed connection is reused
        int inFlight = 0, most = 0;
        for (const auto &[at, step] : *it) {
            inFlight += step;
            most = std::max(most, inFlight);
        }
        largest.insert(it.key(), most);
    }
    return largest;
}

// Each recorded plan's name in plan names: its own, made unique ("HAR (2)").
QStringList uniquePlanNames(const RunTrace &recording)
{
    QStringList names;
    for (const PlanTrace &plan : recording.plans) {
        QString name = plan.name.isEmpty() ? QStringLiteral("recording") : plan.name;
        for (int n = 2; names.contains(name); ++n)
            name = QStringLiteral("%1 (%2)").arg(plan.name).arg(n);
        names << name;
    }
    return names;
}

QString joinedCall(const QString &combinator, const QStringList &operands)
{
    return combinator + QLatin1Char('(') + operands.join(QStringLiteral(", ")) + QLatin1Char(')');
}

} // namespace

std::optional<RecordingScenario> scenarioFromRecording(const RunTrace &recording, const QString &displayName, QString *error)
{
    const auto refuse = [&](const QString &message) -> std::optional<RecordingScenario> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(displayName, message);
        return std::nullopt;
    };

    std::vector<ImportedRequest> requests;
    QSet<QString> usedIds;
    QList<int> recordedPlans; // the plans that have requests
    const double recordingEnd = recording.endMs();
    for (int p = 0; p < recording.plans.size(); ++p) {
        const PlanTrace &plan = recording.plans.at(p);
        if (!plan.spans.isEmpty())
            recordedPlans << p;
        for (const Span &span : plan.spans) {
            if (int(requests.size()) >= kMaxImportedRequests)
                return refuse(QStringLiteral("more than %1 requests; a scenario made from a recording holds at most %1 "
                                             "(cut the recording, e.g. to one page)")
                                  .arg(kMaxImportedRequests));
            ImportedRequest r;
            r.plan = p;
            r.span = &span;
            const std::optional<RecordedRequestName> request = parseRequestTaskName(span.task);
            r.label = span.task;
            r.host = request ? request->host : QString();
            r.endMs = span.endMs.value_or(recordingEnd);
            const QString base = baseId(span, request);
            r.id = base;
            for (int n = 2; usedIds.contains(r.id); ++n)
                r.id = QStringLiteral("%1_%2").arg(base).arg(n);
            usedIds.insert(r.id);
            requests.push_back(std::move(r));
        }
    }
    if (requests.empty())
        return refuse(QStringLiteral("no requests or spans to make tasks of"));
    if (recordedPlans.size() * 3 > kMaxPlans)
        return refuse(QStringLiteral("%1 pages or processes; a scenario holds at most %2 of them (three plans each)")
                          .arg(recordedPlans.size())
                          .arg(kMaxPlans / 3));

    // Who waited for a connection, and the limit that made them wait.
    const QHash<QString, int> concurrency = largestConcurrency(requests);
    const auto unfinishedBefore = [&](size_t i) {
        const ImportedRequest &r = requests[i];
        int unfinished = 0;
        for (size_t j = 0; j < requests.size(); ++j) {
            const ImportedRequest &other = requests[j];
            if (j == i || other.host != r.host || !other.sent())
                continue;
            const bool askedBefore = other.span->queuedMs < r.span->queuedMs
                                     || (other.span->queuedMs == r.span->queuedMs && j < i);
            if (askedBefore && other.endMs > r.span->queuedMs)
                ++unfinished;
        }
        return unfinished;
    };
    const auto recordedWait = [&](const ImportedRequest &r) {
        return !r.host.isEmpty() && r.sent() && r.span->startMs - r.span->queuedMs > kWaitNoiseMs;
    };
    // Per request (sent, to a host): how many asked before it were unfinished; per host, the
    // fewest of those among the requests that recorded a wait and the most among the others.
    std::vector<int> unfinishedAtAsk(requests.size(), 0);
    QHash<QString, int> fewestWhenWaiting, mostWhenNot;
    for (size_t i = 0; i < requests.size(); ++i) {
        const ImportedRequest &r = requests[i];
        if (r.host.isEmpty() || !r.sent())
            continue;
        const int unfinished = unfinishedAtAsk[i] = unfinishedBefore(i);
        if (recordedWait(r)) {
            const auto it = fewestWhenWaiting.constFind(r.host);
            fewestWhenWaiting.insert(r.host, it == fewestWhenWaiting.constEnd() ? unfinished : std::min(*it, unfinished));
        } else {
            mostWhenNot.insert(r.host, std::max(mostWhenNot.value(r.host), unfinished));
        }
    }
    int limit = 0;
    for (size_t i = 0; i < requests.size(); ++i) {
        ImportedRequest &r = requests[i];
        // One that failed unanswered failed that long after it was asked for (DevTools counts it all as "blocked").
        r.askAtMs = r.sent() ? r.span->startMs : r.span->queuedMs;
        if (!recordedWait(r))
            continue;
        const int most = concurrency.value(r.host);
        if (most > 0 && unfinishedAtAsk[i] >= most) {
            r.waited = true;
            limit = std::max(limit, most);
        }
    }
    // Waits that the recorded times contradict (Firefox counts `blocked` from the request
    // headers): the waits say a limit, the times have more in flight. as-recorded must
    // redraw the times, so no limit is inferred; the import says why.
    QStringList contradictions;
    for (auto it = fewestWhenWaiting.constBegin(); it != fewestWhenWaiting.constEnd(); ++it) {
        const int fewest = it.value();
        const int most = concurrency.value(it.key());
        if (fewest <= 0 || fewest <= mostWhenNot.value(it.key()) || most <= fewest)
            continue;
        int waits = 0;
        for (const ImportedRequest &r : requests)
            waits += r.host == it.key() && recordedWait(r) && !r.waited ? 1 : 0;
        if (waits > 0)
            contradictions << QStringLiteral("%1 requests to %2 recorded a wait for a connection (a limit of %3), "
                                             "but by their recorded times %4 were in flight at once")
                                  .arg(waits).arg(it.key()).arg(fewest).arg(most);
    }
    // SPEC §7: as-recorded starts every request at its recorded offset, so the picture
    // matches the recording within 1 ms. A request that waited is asked for when it got
    // its connection; the wait itself stays on the recording's band beside the plan, and
    // the graph and all-at-once plans wait for connections_per_host as the browser did.
    RecordingScenario result;
    QJsonArray tasks;
    int waited = 0;
    for (const ImportedRequest &r : requests) {
        const Span &span = *r.span;
        QJsonObject task;
        task.insert(QStringLiteral("id"), r.id);
        task.insert(QStringLiteral("label"), r.label);
        const double from = r.sent() ? span.startMs : span.queuedMs; // the measured time without the wait
        task.insert(QStringLiteral("latency_ms"), roundedMs(std::max(0.0, r.endMs - from)));
        // A host that had more in flight than the limit (HTTP/2) was not limited, and a request that
        // failed unanswered held no connection: they keep no host.
        if (!r.host.isEmpty() && r.sent() && (limit == 0 || concurrency.value(r.host) <= limit))
            task.insert(QStringLiteral("host"), r.host);
        if (!span.endMs) {
            task.insert(QStringLiteral("fails"), true);
            task.insert(QStringLiteral("error"), QStringLiteral("no response when the recording ended"));
        } else if (span.outcome == SpanOutcome::Rejected || span.outcome == SpanOutcome::Aborted) {
            task.insert(QStringLiteral("fails"), true);
            task.insert(QStringLiteral("error"), span.result.isNull() || span.result.isUndefined()
                                                     ? QJsonValue(QStringLiteral("%1 failed").arg(r.id))
                                                     : span.result);
        } else if (!span.result.isNull() && !span.result.isUndefined()) {
            task.insert(QStringLiteral("value"), span.result);
        }
        waited += r.waited ? 1 : 0;
        // graph: a request asked for within kNeedsWithinMs after another of its plan fulfilled
        // needs it (after a rejection it would never start, yet it did).
        QJsonArray needs;
        for (const ImportedRequest &other : requests) {
            if (other.plan != r.plan || &other == &r || !other.span->endMs || other.span->outcome != SpanOutcome::Fulfilled)
                continue;
            const double gap = span.queuedMs - *other.span->endMs;
            if (gap >= 0 && gap <= kNeedsWithinMs)
                needs.append(other.id);
        }
        if (!needs.isEmpty())
            task.insert(QStringLiteral("needs"), needs);
        tasks.append(task);
    }

    const QStringList recordedNames = uniquePlanNames(recording);
    const auto planName = [&](int p, const QString &what) {
        return recordedPlans.size() == 1 ? what : QStringLiteral("%1: %2").arg(recordedNames.at(p), what);
    };
    QJsonArray plans;
    for (const int p : recordedPlans) {
        QStringList asRecorded, ids;
        for (const ImportedRequest &r : requests) {
            if (r.plan != p)
                continue;
            ids << r.id;
            const double at = r.askAtMs;
            asRecorded << (roundedMs(at) <= 0 ? r.id : QStringLiteral("delay(%1, %2)").arg(msText(at), r.id));
        }
        plans.append(QJsonObject{{QStringLiteral("name"), planName(p, QStringLiteral("as-recorded"))},
                                 {QStringLiteral("run"), joinedCall(QStringLiteral("allSettled"), asRecorded)}});
        plans.append(QJsonObject{{QStringLiteral("name"), planName(p, QStringLiteral("graph"))},
                                 {QStringLiteral("run"), joinedCall(QStringLiteral("graph"), ids)}});
        plans.append(QJsonObject{{QStringLiteral("name"), planName(p, QStringLiteral("all-at-once"))},
                                 {QStringLiteral("run"), joinedCall(QStringLiteral("allSettled"), ids)}});
    }

    QJsonObject root;
    root.insert(QStringLiteral("format"), QStringLiteral("asyncscope-scenario/1"));
    root.insert(QStringLiteral("name"), displayName);
    QString description = QStringLiteral("Imported from %1 (%2): %3 requests").arg(displayName, recording.description).arg(requests.size());
    if (limit > 0)
        description += QStringLiteral(", %1 waited for a connection (%2 per host)").arg(waited).arg(limit);
    const QString contradictedWaits = contradictions.join(QStringLiteral("; "));
    if (!contradictedWaits.isEmpty())
        description += QStringLiteral(". No connection limit inferred: ") + contradictedWaits;
    root.insert(QStringLiteral("description"), description + QLatin1Char('.'));
    if (limit > 0)
        root.insert(QStringLiteral("connections_per_host"), limit);
    root.insert(QStringLiteral("tasks"), tasks);
    root.insert(QStringLiteral("plans"), plans);

    // Through the normal loader: what the importer writes is a scenario like any other.
    LoadResult loaded = loadScenario(QJsonDocument(root).toJson(QJsonDocument::Compact), displayName);
    if (!loaded.ok())
        return refuse(QStringLiteral("the scenario made from it does not load: %1").arg(loaded.error));
    result.scenario = std::move(*loaded.scenario);
    result.recording = recording;
    result.requests = int(requests.size());
    result.waitedForConnection = waited;
    result.contradictedWaits = contradictedWaits;

    // The as-recorded plans against the recording, request by request.
    RunOptions options;
    for (const int p : recordedPlans)
        options.plans << planName(p, QStringLiteral("as-recorded"));
    const RunTrace replayed = runVirtual(result.scenario, options);
    QHash<QString, const Span *> replayedById;
    for (const PlanTrace &plan : replayed.plans) {
        for (const Span &span : plan.spans)
            replayedById.insert(span.task, &span);
    }
    for (const ImportedRequest &r : requests) {
        const Span *again = replayedById.value(r.id);
        if (!again || !r.span->endMs || !again->endMs) {
            if (r.span->endMs)
                result.asRecordedDeviationMs = std::numeric_limits<double>::infinity();
            continue;
        }
        double &deviation = r.waited ? result.waitedDeviationMs : result.asRecordedDeviationMs;
        deviation = std::max(deviation, std::abs(*again->endMs - *r.span->endMs));
        if (r.sent())
            deviation = std::max(deviation, std::abs(again->startMs - r.span->startMs));
    }
    return result;
}

std::optional<RecordingScenario> importRecordingAsScenario(const QString &path, QString *error)
{
    const std::optional<RunTrace> recording = importTrace(path, error);
    if (!recording)
        return std::nullopt;
    const QString displayName = QFileInfo(path).fileName().isEmpty() ? path : QFileInfo(path).fileName();
    return scenarioFromRecording(*recording, displayName, error);
}

} // namespace asyncscope
