#include "trace_text.h"

#include "trace_json.h"

#include <algorithm>
#include <cmath>

namespace asyncscope {

namespace {

QString ms(double value)
{
    return QString::fromUtf8(compactJson(QJsonValue(value))) + QStringLiteral(" ms");
}

QChar glyphFor(const Span &span)
{
    if (span.discarded)
        return QLatin1Char('-');
    switch (span.outcome) {
    case SpanOutcome::Fulfilled: return QLatin1Char('#');
    case SpanOutcome::Rejected: return QLatin1Char('x');
    case SpanOutcome::Aborted: return QLatin1Char('/');
    case SpanOutcome::Pending: return QLatin1Char('.');
    }
    return QLatin1Char('?');
}

QString spanLabel(const Span &span)
{
    return QStringLiteral("%1 #%2").arg(span.task).arg(span.instance);
}

// Maps [0, axisEnd] ms onto columns [0, columns].
struct TextAxis
{
    double endMs = 1;
    int columns = kTextTimelineColumns;

    int column(double atMs) const
    {
        return std::clamp(int(std::lround(atMs / endMs * columns)), 0, columns);
    }
};

QString withoutTrailingSpaces(QString text)
{
    while (text.endsWith(QLatin1Char(' ')))
        text.chop(1);
    return text;
}

QString ruler(const TextAxis &axis, int indent)
{
    // Ticks at 0, 1/4, 1/2, 3/4 and the end, labelled with their times.
    QString labels(axis.columns + 12, QLatin1Char(' '));
    QString line(axis.columns + 1, QLatin1Char('-'));
    for (int quarter = 0; quarter <= 4; ++quarter) {
        const int col = axis.columns * quarter / 4;
        line[col] = QLatin1Char('|');
        const QString text = QString::fromUtf8(compactJson(QJsonValue(std::round(axis.endMs * quarter / 4.0))));
        const int at = std::clamp(col - int(text.size()) / 2, 0, int(labels.size() - text.size()));
        labels.replace(at, text.size(), text);
    }
    const QString pad(indent, QLatin1Char(' '));
    return pad + withoutTrailingSpaces(labels) + QLatin1Char('\n') + pad + line + QLatin1Char('\n');
}

QString causeText(const PlanTrace &plan)
{
    if (!plan.cause.timer.isEmpty())
        return QStringLiteral("the %1 timer").arg(plan.cause.timer);
    if (plan.cause.spanIndex >= 0 && plan.cause.spanIndex < plan.spans.size()) {
        const Span &span = plan.spans.at(plan.cause.spanIndex);
        return QStringLiteral("%1 %2 at %3").arg(spanLabel(span), toString(span.outcome), ms(span.endOr(0)));
    }
    if (!plan.js.isEmpty())
        return QStringLiteral("the code itself (a timer it set, or a value it made)");
    return QStringLiteral("nothing to wait for (settled at once)");
}

QString planBlock(const PlanTrace &plan, const TextAxis &axis)
{
    QString out;
    if (plan.js.isEmpty()) {
        out += QStringLiteral("%1   %2\n").arg(plan.name, plan.run);
    } else {
        const qsizetype lines = plan.js.count(QLatin1Char('\n')) + 1;
        out += QStringLiteral("%1   JavaScript, %2 line%3\n").arg(plan.name).arg(lines).arg(lines == 1 ? QString() : QStringLiteral("s"));
    }
    switch (plan.outcome) {
    case PlanOutcome::Fulfilled:
        out += QStringLiteral("  fulfilled at %1 with %2\n")
                   .arg(ms(*plan.settledMs), QString::fromUtf8(compactJson(plan.result)));
        break;
    case PlanOutcome::Rejected:
        out += QStringLiteral("  rejected at %1 with %2\n")
                   .arg(ms(*plan.settledMs), QString::fromUtf8(compactJson(plan.result)));
        break;
    case PlanOutcome::Pending:
        out += QStringLiteral("  pending: never settled\n");
        break;
    }
    if (plan.settledMs)
        out += QStringLiteral("  settled by %1\n").arg(causeText(plan));
    const int discarded = plan.discardedCount();
    out += QStringLiteral("  last span ended at %1; wasted %2 in %3 discarded span%4\n")
               .arg(ms(plan.finishedMs), ms(plan.wastedMs()))
               .arg(discarded)
               .arg(discarded == 1 ? QString() : QStringLiteral("s"));
    if (plan.trials) {
        const TrialStats &t = *plan.trials;
        out += QStringLiteral("  %1 trials: p50 %2, p95 %3, max %4; fulfilled %5 of %1\n")
                   .arg(t.n)
                   .arg(ms(t.p50), ms(t.p95), ms(t.max))
                   .arg(t.fulfilled);
    }

    if (!plan.note.isEmpty())
        out += QStringLiteral("  note: %1\n").arg(plan.note);
    for (const ConsoleLine &line : plan.console)
        out += QStringLiteral("  console.%1 at %2: %3\n").arg(line.level, ms(line.atMs), line.text);

    int labelWidth = 0;
    for (const Span &span : plan.spans)
        labelWidth = std::max(labelWidth, int(spanLabel(span).size()));
    const int indent = 2 + labelWidth + 2;
    if (plan.spans.isEmpty())
        return out + QStringLiteral("  (no spans)\n");

    out += QLatin1Char('\n') + ruler(axis, indent);
    for (int spanIndex = 0; spanIndex < plan.spans.size(); ++spanIndex) {
        const Span &span = plan.spans.at(spanIndex);
        QString row(axis.columns + 1, QLatin1Char(' '));
        const int queued = axis.column(span.queuedMs);
        const int start = axis.column(span.startMs);
        const int end = std::max(start + 1, axis.column(span.endOr(axis.endMs)));
        for (int c = queued; c < start; ++c)
            row[c] = QLatin1Char('~');
        for (int c = start; c < end && c < row.size(); ++c)
            row[c] = glyphFor(span);
        if (plan.settledMs && plan.cause.spanIndex == spanIndex)
            row[std::min(end, axis.columns)] = QLatin1Char('<');
        out += QStringLiteral("  %1  %2\n").arg(spanLabel(span), -labelWidth).arg(withoutTrailingSpaces(row));
    }
    if (plan.settledMs) {
        QString marker(axis.column(*plan.settledMs), QLatin1Char(' '));
        out += QString(indent, QLatin1Char(' ')) + marker + QStringLiteral("^ settled at ") + ms(*plan.settledMs) + QLatin1Char('\n');
    }
    return out;
}

} // namespace

QString toTraceText(const RunTrace &trace, int columns)
{
    TextAxis axis;
    axis.endMs = std::max(1.0, trace.endMs());
    axis.columns = std::max(10, columns);

    QString out = QStringLiteral("%1 (seed %2, %3 clock)\n").arg(trace.scenario).arg(trace.seed).arg(trace.clock);
    if (!trace.description.isEmpty())
        out += trace.description + QLatin1Char('\n');
    for (const PlanTrace &plan : trace.plans)
        out += QLatin1Char('\n') + planBlock(plan, axis);
    out += QStringLiteral("\n# fulfilled  x rejected  - discarded  / aborted  . pending  ~ queued  < settled it\n");
    return out;
}

} // namespace asyncscope
