#include "status_line.h"

#include "number_format.h"

#include <QCoreApplication>
#include <QLabel>
#include <QStatusBar>
#include <QStringList>

#include <cmath>

namespace asyncscope {

namespace {

// The texts belong to the window they appear in.
QString tr(const char *text)
{
    return QCoreApplication::translate("asyncscope::MainWindow", text);
}

} // namespace

StatusLine::StatusLine(QStatusBar *bar)
    : m_scenarioLabel(new QLabel(bar))
    , m_seedLabel(new QLabel(bar))
    , m_comparisonLabel(new QLabel(bar))
    , m_rerunLabel(new QLabel(bar))
{
    m_rerunLabel->setToolTip(tr("Time from the last edit to the repainted timeline: run all plans on the virtual clock and draw"));
    bar->addWidget(m_scenarioLabel);
    bar->addWidget(m_seedLabel);
    bar->addWidget(m_comparisonLabel, 1);
    bar->addPermanentWidget(m_rerunLabel);
}

void StatusLine::show(const QString &scenarioName, quint64 seed, const RunTrace &shown, bool answerHidden,
                      double lastRerunMs)
{
    m_scenarioLabel->setText(QStringLiteral("<b>%1</b>").arg(scenarioName.toHtmlEscaped()));
    m_seedLabel->setText(tr("·  seed %1  ·").arg(seed));
    m_comparisonLabel->setText(answerHidden ? tr("predict first, then reveal") : comparisonText(shown));
    m_rerunLabel->setText(tr("re-run %1 ms").arg(lastRerunMs, 0, 'f', lastRerunMs < 10 ? 2 : 1));
}

void StatusLine::showNetworkRunning()
{
    m_comparisonLabel->setText(tr("running on the network (loopback)…"));
}

QString StatusLine::comparison() const
{
    return m_comparisonLabel->text();
}

QString StatusLine::comparisonText(const RunTrace &trace)
{
    QStringList parts;
    const PlanTrace *fastest = nullptr;
    const PlanTrace *slowest = nullptr;
    for (const PlanTrace &plan : trace.plans) {
        switch (plan.outcome) {
        case PlanOutcome::Fulfilled:
            parts << QStringLiteral("%1 %2").arg(plan.name, formatMs(plan.settledMs.value_or(0)));
            if (!fastest || plan.settledMs.value_or(0) < fastest->settledMs.value_or(0))
                fastest = &plan;
            if (!slowest || plan.settledMs.value_or(0) > slowest->settledMs.value_or(0))
                slowest = &plan;
            break;
        case PlanOutcome::Rejected:
            parts << tr("%1 rejected at %2").arg(plan.name, formatMs(plan.settledMs.value_or(0)));
            break;
        case PlanOutcome::Pending:
            parts << tr("%1 never settles").arg(plan.name);
            break;
        }
    }
    QString text = parts.join(QStringLiteral(" · "));
    if (fastest && slowest && fastest != slowest && fastest->settledMs.value_or(0) > 0) {
        const double ratio = slowest->settledMs.value_or(0) / fastest->settledMs.value_or(1);
        if (ratio >= 1.05) {
            if (trace.plans.size() == 2)
                text += tr(" (%1× faster)").arg(formatRatio(ratio));
            else
                text += tr(" (%1 %2× faster than %3)").arg(fastest->name).arg(formatRatio(ratio)).arg(slowest->name);
        }
    }
    return text;
}

} // namespace asyncscope
