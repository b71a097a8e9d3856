#include "explanation.h"

#include "combinator_table.h"
#include "number_format.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace asyncscope {

namespace {

// More names than this are counted rather than listed: a sentence, not a table.
constexpr int kMaxListedSpans = 4;

QString reasonText(const QJsonValue &reason)
{
    if (reason.isString())
        return QStringLiteral("\"%1\"").arg(reason.toString());
    if (reason.isObject() && reason.toObject().contains(QStringLiteral("name")))
        return reason.toObject().value(QStringLiteral("name")).toString();
    if (reason.isArray())
        return QString::fromUtf8(QJsonDocument(reason.toArray()).toJson(QJsonDocument::Compact));
    if (reason.isObject())
        return QString::fromUtf8(QJsonDocument(reason.toObject()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(QJsonArray{reason}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

// "posts" when the plan invoked posts once, else "posts #2".
QString spanName(const PlanTrace &plan, const Span &span)
{
    const auto invocations = std::count_if(plan.spans.cbegin(), plan.spans.cend(),
                                           [&](const Span &s) { return s.task == span.task; });
    if (invocations == 1)
        return span.task;
    return QStringLiteral("%1 #%2").arg(span.task).arg(span.instance);
}

QString joinedNames(const QStringList &names)
{
    if (names.size() <= 1)
        return names.value(0);
    return names.mid(0, names.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ") + names.last();
}

QString spanList(const PlanTrace &plan, const QList<const Span *> &spans, const QString &noun)
{
    if (spans.size() > kMaxListedSpans)
        return QStringLiteral("%1 %2").arg(spans.size()).arg(noun);
    QStringList names;
    for (const Span *span : spans)
        names.append(spanName(plan, *span));
    return joinedNames(names);
}

QString requestCount(qsizetype n)
{
    return n == 1 ? QStringLiteral("1 request") : QStringLiteral("%1 requests").arg(n);
}

// What the span did, e.g. `failed ("HTTP 503")` or `answered`.
QString spanDeed(const Span &span)
{
    switch (span.outcome) {
    case SpanOutcome::Fulfilled: return QStringLiteral("answered");
    case SpanOutcome::Rejected: return QStringLiteral("failed (%1)").arg(reasonText(span.result));
    case SpanOutcome::Aborted: return QStringLiteral("was aborted");
    case SpanOutcome::Pending: return QStringLiteral("is still running");
    }
    return {};
}

const Expr *planExpression(const Scenario &scenario, const PlanTrace &trace, Expr &storage)
{
    if (const PlanSpec *plan = scenario.planByName(trace.id.isEmpty() ? trace.name : trace.id))
        return &plan->expr;
    const ParsedExpression parsed = parseExpression(trace.run, scenario.taskIds());
    if (!parsed.expr)
        return nullptr;
    storage = *parsed.expr;
    return &storage;
}

// The combinator that decides the plan's settlement: one that settles as its operand (abort, delay) only wraps it.
const Expr *deciding(const Expr *expr)
{
    while (expr && expr->kind == Expr::Kind::Call && combinatorInfo(expr->combinator).settlesAsOperand) {
        const CallArguments args = callArguments(*expr);
        if (args.operands.empty())
            return expr;
        expr = args.operands.front();
    }
    return expr;
}

int allSettledCount(const QJsonValue &value, const QString &status)
{
    int n = 0;
    for (const QJsonValue &entry : value.toArray())
        n += entry.toObject().value(QStringLiteral("status")).toString() == status ? 1 : 0;
    return n;
}

// The call's `index`th number as a time ("500 ms"), or nothing.
QString numberArg(const Expr &call, size_t index)
{
    const CallArguments args = callArguments(call);
    return index < args.numbers.size() ? formatMs(args.numbers[index]) : QString();
}

QString becauseOfSpan(const Expr *top, const PlanTrace &plan, const Span &span)
{
    const QString name = spanName(plan, span);
    const bool fulfilled = plan.outcome == PlanOutcome::Fulfilled;
    if (!top || top->kind != Expr::Kind::Call)
        return QStringLiteral("%1 %2").arg(name, spanDeed(span));

    const CallArguments args = callArguments(*top);
    const int n = int(args.operands.size());
    switch (top->combinator) {
    case Combinator::Seq:
        return fulfilled ? QStringLiteral("%1 steps ran one after another, the last, %2, answered at %3")
                               .arg(n).arg(name, formatMs(span.endOr(0)))
                         : QStringLiteral("%1 %2, so the steps after it never started").arg(name, spanDeed(span));
    case Combinator::All:
        if (fulfilled)
            return QStringLiteral("%1 answered last").arg(name);
        return span.outcome == SpanOutcome::Rejected
            ? QStringLiteral("%1 failed first (%2)").arg(name, reasonText(span.result))
            : QStringLiteral("%1 %2 first").arg(name, spanDeed(span));
    case Combinator::AllSettled:
        return QStringLiteral("it waited for all %1; the last, %2, settled: %3 fulfilled, %4 rejected")
            .arg(n).arg(name)
            .arg(allSettledCount(plan.result, QStringLiteral("fulfilled")))
            .arg(allSettledCount(plan.result, QStringLiteral("rejected")));
    case Combinator::Race:
        return QStringLiteral("%1 settled first and %2").arg(name, spanDeed(span));
    case Combinator::Any: {
        if (!fulfilled)
            return QStringLiteral("all %1 failed, the last was %2, so it rejects with an AggregateError").arg(n).arg(name);
        QList<const Span *> failedEarlier;
        for (const Span &s : plan.spans) {
            if (s.outcome == SpanOutcome::Rejected && s.endOr(0) <= span.endOr(0))
                failedEarlier.append(&s);
        }
        QString text = QStringLiteral("%1 was the first to succeed").arg(name);
        if (!failedEarlier.isEmpty())
            text += QStringLiteral(" (the failure of %1 was ignored)").arg(spanList(plan, failedEarlier, QStringLiteral("inputs")));
        return text;
    }
    case Combinator::Timeout:
        return fulfilled ? QStringLiteral("%1 answered within the %2 timeout").arg(name, numberArg(*top, 0))
                         : QStringLiteral("%1 %2 before the %3 timeout").arg(name, spanDeed(span), numberArg(*top, 0));
    case Combinator::Hedge: {
        const QString deadline = numberArg(*top, 0);
        const bool isPrimary = !plan.spans.isEmpty() && &span == &plan.spans.first();
        if (!fulfilled)
            return QStringLiteral("both failed, the last was %1 (%2), so it rejects with an AggregateError [primary, fallback]")
                .arg(name, reasonText(span.result));
        if (isPrimary)
            return plan.spans.size() == 1
                ? QStringLiteral("%1 answered within %2, so the fallback never started").arg(name, deadline)
                : QStringLiteral("%1 answered before the fallback").arg(name);
        const Span &primary = plan.spans.first();
        const bool primaryFailedFirst = primary.outcome == SpanOutcome::Rejected && primary.endOr(0) <= span.startMs;
        return QStringLiteral("%1 answered first; the fallback was started at %2 %3")
            .arg(name, formatMs(span.startMs),
                 primaryFailedFirst ? QStringLiteral("as soon as the primary failed")
                                    : QStringLiteral("because the primary had not answered within %1").arg(deadline));
    }
    case Combinator::Retry: {
        const auto attempts = std::count_if(plan.spans.cbegin(), plan.spans.cend(),
                                            [&](const Span &s) { return s.task == span.task; });
        return fulfilled ? QStringLiteral("attempt %1, %2, succeeded").arg(attempts).arg(name)
                         : QStringLiteral("all %1 attempts failed; the last, %2, %3").arg(attempts).arg(name, spanDeed(span));
    }
    case Combinator::Pool:
        return fulfilled ? QStringLiteral("the last of %1 (at most %2 at a time), %3, answered")
                               .arg(n).arg(QString::number(args.number(0)), name)
                         : QStringLiteral("%1 %2, so nothing more was started").arg(name, spanDeed(span));
    case Combinator::Graph:
    case Combinator::Levels:
        return fulfilled ? QStringLiteral("%1 answered last; every task started as soon as %2")
                               .arg(name, top->combinator == Combinator::Graph ? QStringLiteral("its needs were met")
                                                                              : QStringLiteral("its level was reached"))
                         : QStringLiteral("%1 %2, so its dependents never started").arg(name, spanDeed(span));
    case Combinator::Delay:
    case Combinator::Abort:
        break;
    }
    return QStringLiteral("%1 %2").arg(name, spanDeed(span));
}

QString headOf(const Expr *top)
{
    if (!top)
        return QStringLiteral("the plan");
    if (top->kind == Expr::Kind::Task)
        return top->name;
    return toString(top->combinator);
}

} // namespace

QString explainWaste(const PlanTrace &plan)
{
    QList<const Span *> discarded;
    QList<const Span *> aborted;
    QList<const Span *> pending;
    for (const Span &span : plan.spans) {
        if (span.discarded)
            discarded.append(&span);
        else if (span.outcome == SpanOutcome::Aborted)
            aborted.append(&span);
        else if (span.outcome == SpanOutcome::Pending)
            pending.append(&span);
    }
    QStringList parts;
    if (!discarded.isEmpty())
        parts.append(QStringLiteral("%1 kept running — zombie work: %2, %3")
                         .arg(spanList(plan, discarded, QStringLiteral("requests")), requestCount(discarded.size()),
                              formatMs(plan.wastedMs())));
    if (!aborted.isEmpty()) {
        const double at = aborted.first()->endOr(0);
        parts.append(QStringLiteral("%1 %2 aborted at %3, so no zombie work")
                         .arg(spanList(plan, aborted, QStringLiteral("requests")),
                              aborted.size() == 1 ? QStringLiteral("was") : QStringLiteral("were"), formatMs(at)));
    }
    if (!pending.isEmpty())
        parts.append(QStringLiteral("%1 never finished").arg(spanList(plan, pending, QStringLiteral("requests"))));
    return parts.join(QStringLiteral("; "));
}

namespace {

// A JavaScript plan has no expression to point into: say what its async
// function did, and which call settled it.
QString explainJavaScript(const PlanTrace &plan)
{
    if (!plan.runError.isEmpty())
        return QStringLiteral("the code did not run: %1").arg(plan.runError);
    if (!plan.settledMs)
        return QStringLiteral("the async function never settles: it still awaits something that never settles");
    QString sentence = QStringLiteral("the async function %1 at %2").arg(toString(plan.outcome), formatMs(*plan.settledMs));
    if (plan.cause.spanIndex >= 0 && plan.cause.spanIndex < plan.spans.size()) {
        const Span &span = plan.spans.at(plan.cause.spanIndex);
        sentence += QStringLiteral(", when %1 #%2 %3").arg(span.task).arg(span.instance).arg(toString(span.outcome));
    }
    if (const int zombies = plan.discardedCount(); zombies > 0)
        sentence += QStringLiteral("; %1 call%2 kept running after it had settled (zombie work, %3)")
                        .arg(zombies)
                        .arg(zombies == 1 ? QString() : QStringLiteral("s"))
                        .arg(formatMs(plan.wastedMs()));
    return sentence;
}

} // namespace

QString explainSettlement(const Scenario &scenario, const PlanTrace &plan)
{
    if (const PlanSpec *spec = scenario.planByName(plan.id.isEmpty() ? plan.name : plan.id); spec && spec->isJavaScript())
        return explainJavaScript(plan);
    Expr storage;
    const Expr *top = deciding(planExpression(scenario, plan, storage));
    const QString head = headOf(top);

    QString sentence;
    if (!plan.settledMs) {
        const bool emptyRace = top && top->kind == Expr::Kind::Call && top->combinator == Combinator::Race
                               && top->args.empty();
        sentence = emptyRace
            ? QStringLiteral("%1 never settles: race() with no inputs has no first promise, so it stays pending forever").arg(head)
            : QStringLiteral("%1 never settles: what it waits for never settles (a race() with no inputs)").arg(head);
    } else {
        const QString outcome = toString(plan.outcome);
        const QString at = formatMs(*plan.settledMs);
        QString because;
        if (!plan.cause.timer.isEmpty()) {
            because = QStringLiteral("the %1 timer fired first").arg(plan.cause.timer);
            if (top && top->kind == Expr::Kind::Call && top->combinator == Combinator::Timeout) {
                QList<const Span *> late;
                for (const Span &span : plan.spans) {
                    if (span.endOr(*plan.settledMs + 1) > *plan.settledMs)
                        late.append(&span);
                }
                because = late.isEmpty()
                    ? QStringLiteral("the %1 timeout fired first").arg(numberArg(*top, 0))
                    : QStringLiteral("the %1 timeout fired before %2 answered")
                          .arg(numberArg(*top, 0), spanList(plan, late, QStringLiteral("requests")));
            }
        } else if (plan.cause.spanIndex >= 0 && plan.cause.spanIndex < plan.spans.size()) {
            because = becauseOfSpan(top, plan, plan.spans.at(plan.cause.spanIndex));
        } else if (plan.outcome == PlanOutcome::Rejected) {
            because = QStringLiteral("with no inputs it rejects at once (an AggregateError with no errors)");
        } else {
            because = QStringLiteral("with no inputs there was nothing to wait for");
        }
        sentence = QStringLiteral("%1 %2 at %3: %4").arg(head, outcome, at, because);
    }
    const QString waste = explainWaste(plan);
    if (!waste.isEmpty())
        sentence += QStringLiteral("; ") + waste;
    return sentence;
}

QString explainComparison(const RunTrace &run)
{
    const PlanTrace *fastest = nullptr;
    const PlanTrace *slowest = nullptr;
    // Only fulfilled plans: a plan that fails fast is not "faster" in any useful sense.
    for (const PlanTrace &plan : run.plans) {
        if (!plan.settledMs || plan.outcome != PlanOutcome::Fulfilled)
            continue;
        if (!fastest || *plan.settledMs < *fastest->settledMs)
            fastest = &plan;
        if (!slowest || *plan.settledMs > *slowest->settledMs)
            slowest = &plan;
    }
    if (!fastest || fastest == slowest)
        return {};
    const double fast = *fastest->settledMs;
    const double slow = *slowest->settledMs;
    if (fast == slow)
        return QStringLiteral("%1 and %2 both settle at %3").arg(fastest->name, slowest->name, formatMs(fast));
    if (fast <= 0)
        return QStringLiteral("%1 settles at once, %2 at %3").arg(fastest->name, slowest->name, formatMs(slow));
    return QStringLiteral("%1 is %2× faster than %3: %4 vs %5")
        .arg(fastest->name, formatRatio(slow / fast), slowest->name, formatMs(fast), formatMs(slow));
}

} // namespace asyncscope
