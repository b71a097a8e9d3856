#include "summary_chart.h"

#include "baseline_pass.h"
#include "elided_label.h"
#include "number_format.h"

#include "plan_limits.h"
#include "trials.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegendMarker>
#include <QProgressBar>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace asyncscope {

namespace {

// A round axis end a little beyond the data, so the longest bar never touches the frame.
double niceAxisEnd(double maximum)
{
    if (maximum <= 0)
        return 100;
    const double padded = maximum * 1.08;
    const double magnitude = std::pow(10.0, std::floor(std::log10(padded)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * magnitude >= padded)
            return step * magnitude;
    }
    return 10 * magnitude;
}

// How many value ticks fit a plot of `plotHeight` px without Qt Charts
// eliding their labels to "...": 6 (5 round steps) when there is room, else
// 3 or 2, which stay round with niceAxisEnd's ends too.
int valueTicksFor(int plotHeight, int fontHeight)
{
    if (plotHeight >= 6 * fontHeight * 2)
        return 6;
    return plotHeight >= 3 * fontHeight * 2 ? 3 : 2;
}

// Title, legend, the value axis' labels and title, margins: what a chart's height holds besides its plot.
constexpr int kChartChromePx = 96;

} // namespace

SummaryChart::SummaryChart(QWidget *parent)
    : QWidget(parent)
    , m_header(new QWidget(this))
    , m_trialsCombo(new QComboBox(this))
    , m_progress(new QProgressBar(this))
    , m_trialsNote(new ElidedLabel(this))
    , m_barChart(new QChart)
    , m_barView(new QChartView(m_barChart, this))
    , m_boxChart(new QChart)
    , m_boxView(new QChartView(m_boxChart, this))
{
    m_trialsCombo->addItem(tr("Off"), 0);
    m_trialsCombo->addItem(tr("100"), 100);
    m_trialsCombo->addItem(tr("1 000"), 1000);
    m_trialsCombo->addItem(tr("10 000"), 10000);
    m_trialsCombo->setToolTip(tr("Run every plan this many times with fresh random draws and show the spread"));
    connect(m_trialsCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (trialsCount() == 0)
            clearTrialsResult();
        emit trialsCountChanged(trialsCount());
    });
    m_progress->setMaximumWidth(180);
    m_progress->setTextVisible(true);
    m_progress->hide();

    auto *header = new QHBoxLayout(m_header);
    header->setContentsMargins(6, 2, 6, 0);
    m_trialsCombo->setParent(m_header);
    m_progress->setParent(m_header);
    m_trialsNote->setParent(m_header);
    auto *trialsLabel = new QLabel(tr("&Trials:"), m_header);
    trialsLabel->setBuddy(m_trialsCombo);
    header->addWidget(trialsLabel);
    header->addWidget(m_trialsCombo);
    header->addWidget(m_progress);
    header->addWidget(m_trialsNote, 1);

    for (QChartView *view : {m_barView, m_boxView}) {
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(180);
    }
    m_boxView->hide();

    auto *charts = new QHBoxLayout;
    charts->setContentsMargins(0, 0, 0, 0);
    charts->addWidget(m_barView, 1);
    charts->addWidget(m_boxView, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    layout->addLayout(charts, 1);

    m_barChart->setTitle(tr("Settle time per plan"));
    m_boxChart->setTitle(tr("Settle time over trials"));
    styleChart(m_barChart);
    styleChart(m_boxChart);
}

void SummaryChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // The labels that fit depend on the size: fit them again (cheap, a few bars per plan).
    rebuildBars();
    if (m_trials)
        rebuildDistribution();
}

int SummaryChart::trialsCount() const
{
    return m_trialsCombo->currentData().toInt();
}

void SummaryChart::setTrialsCount(int n)
{
    const int index = m_trialsCombo->findData(n);
    m_trialsCombo->setCurrentIndex(index >= 0 ? index : 0);
}

void SummaryChart::setTrialsProgress(int done, int total)
{
    if (total <= 0) {
        m_progress->hide();
        return;
    }
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_progress->setFormat(tr("%p% of %1 runs").arg(total));
    m_progress->show();
}

QString SummaryChart::trialsNote() const
{
    return m_trialsNote->text();
}

QString SummaryChart::budgetNote(const TrialBudget &budget)
{
    if (!budget.isCapped())
        return {};
    return tr("%L1 of %L2 trials: plan \"%3\" may start %L4 invocations per trial; the budget is %L5 invocations per plan")
        .arg(budget.granted)
        .arg(budget.requested)
        .arg(budget.limitingPlan)
        .arg(qint64(budget.invocationsPerTrial))
        .arg(qint64(kMaxTrialInvocations));
}

void SummaryChart::setTrace(const RunTrace &trace)
{
    m_trace = trace;
    rebuildBars();
}

void SummaryChart::setBaseline(const RunTrace *baseline)
{
    if (baseline)
        m_baseline = *baseline;
    else
        m_baseline.reset();
    rebuildBars();
}

void SummaryChart::setTheme(const Theme &theme)
{
    m_theme = theme;
    styleChart(m_barChart);
    styleChart(m_boxChart);
    rebuildBars();
    rebuildDistribution();
}

void SummaryChart::setTrialsResult(const TrialsResult &result)
{
    m_trials = result;
    setTrialsProgress(0, 0);
    rebuildDistribution();
}

void SummaryChart::clearTrialsResult()
{
    m_trials.reset();
    setTrialsProgress(0, 0);
    rebuildDistribution();
}

void SummaryChart::setCompact(bool compact)
{
    m_compact = compact;
    m_header->setVisible(!compact || trialsCount() > 0);
    styleChart(m_barChart);
    styleChart(m_boxChart);
    rebuildBars();
}

void SummaryChart::styleChart(QChart *chart) const
{
    chart->setBackgroundBrush(m_theme.background);
    chart->setBackgroundRoundness(0);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(m_theme.text);
    chart->setTitleFont(m_theme.font(10, true));
    chart->legend()->setLabelColor(m_theme.text);
    chart->legend()->setFont(m_theme.font(9));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setVisible(!m_compact);
    chart->setTitle(m_compact ? QString() : chart == m_barChart ? tr("Settle time per plan") : chart->title());
    chart->setMargins(QMargins(4, 2, 8, 2));
    chart->setAnimationOptions(QChart::NoAnimation); // it redraws on every slider step
}

void SummaryChart::rebuildBars()
{
    m_barChart->removeAllSeries();
    // removeAxis() hands the axis back rather than deleting it: each rebuild leaked two.
    for (QAbstractAxis *axis : m_barChart->axes()) {
        m_barChart->removeAxis(axis);
        delete axis;
    }
    m_barSeries = nullptr;
    m_barValues.clear();
    m_barOutcomes.clear();
    m_barLabels.clear();
    m_baselineValues.clear();

    const double axisEnd = niceAxisEnd(m_baseline ? std::max(m_trace.endMs(), m_baseline->endMs()) : m_trace.endMs());
    auto *fulfilled = new QBarSet(tr("fulfilled"));
    auto *rejected = new QBarSet(tr("rejected"));
    auto *pending = new QBarSet(tr("pending (never settles)"));
    fulfilled->setBrush(m_theme.fulfilled);
    rejected->setBrush(m_theme.rejected);
    // Pending has no end: hatched to the end of the axis, which reads as "still waiting".
    pending->setBrush(QBrush(m_theme.pending, Qt::BDiagPattern));
    for (QBarSet *set : {fulfilled, rejected, pending})
        set->setPen(QPen(m_theme.text, m_theme.px(1)));
    // The baseline's settle time in a series of its own: Qt Charts draws the bar
    // series of one chart side by side in each plan's row.
    QBarSet *baseline = m_baseline ? new QBarSet(tr("baseline")) : nullptr;
    if (baseline) {
        baseline->setBrush(QBrush(m_theme.mutedText, Qt::Dense6Pattern));
        baseline->setPen(QPen(m_theme.mutedText, m_theme.px(1), Qt::DashLine));
    }

    for (const PlanTrace &plan : m_trace.plans) {
        const double value = plan.settledMs.value_or(axisEnd);
        m_barValues.append(plan.settledMs.value_or(0));
        m_barOutcomes.append(plan.outcome);
        QString label;
        switch (plan.outcome) {
        case PlanOutcome::Fulfilled: label = QStringLiteral("%1  %2").arg(plan.name, formatMs(value)); break;
        case PlanOutcome::Rejected: label = tr("%1  rejected %2").arg(plan.name, formatMs(value)); break;
        case PlanOutcome::Pending: label = tr("%1  pending").arg(plan.name); break;
        }
        // Category names must be unique; two plans of one name still get their own bar.
        while (m_barLabels.contains(label))
            label += QLatin1Char(' ');
        m_barLabels.append(label);
        // Horizontal bars draw category 0 at the bottom (and Qt 6.4 ignores the
        // axis' reverse flag here): insert at the front so the first plan is on
        // top, in the timeline's order.
        fulfilled->insert(0, plan.outcome == PlanOutcome::Fulfilled ? value : 0);
        rejected->insert(0, plan.outcome == PlanOutcome::Rejected ? value : 0);
        pending->insert(0, plan.outcome == PlanOutcome::Pending ? value : 0);
        if (baseline) {
            const PlanTrace *before = baselinePlanFor(*m_baseline, plan);
            m_baselineValues.append(before ? before->settledMs.value_or(0) : -1);
            baseline->insert(0, before ? before->settledMs.value_or(axisEnd) : 0);
        }
    }
    QStringList bottomUpLabels = m_barLabels;
    std::reverse(bottomUpLabels.begin(), bottomUpLabels.end());

    m_barSeries = new QHorizontalStackedBarSeries;
    m_barSeries->setBarWidth(0.62);
    m_barSeries->append(fulfilled);
    m_barSeries->append(rejected);
    m_barSeries->append(pending);
    m_barChart->addSeries(m_barSeries);
    QHorizontalStackedBarSeries *baselineSeries = nullptr;
    if (baseline) {
        baselineSeries = new QHorizontalStackedBarSeries;
        baselineSeries->setBarWidth(0.62);
        baselineSeries->append(baseline);
        m_barChart->addSeries(baselineSeries);
    }

    auto *categories = new QBarCategoryAxis;
    categories->append(bottomUpLabels);
    auto *values = new QValueAxis;
    values->setRange(0, axisEnd);
    values->setLabelFormat(QStringLiteral("%.0f"));
    values->setTitleText(tr("ms"));
    values->setTickCount(6);
    // Qt Charts elides a left axis' labels to "..." beyond about 40% of the chart's width, and
    // category labels taller than their row: drop the times from the labels when they would not
    // fit (they are in the tooltips and the status line), and ask for the height the rows need.
    const QFontMetrics labelMetrics(m_theme.font(9, true));
    int widest = 0;
    for (const QString &label : std::as_const(bottomUpLabels))
        widest = std::max(widest, labelMetrics.horizontalAdvance(label));
    // The views get their new widths after this widget's resize: measure from its own width.
    const int barWidth = !m_boxView->isHidden() ? width() / 2 : width();
    const int room = int(barWidth * 0.3); // below Qt's share, whatever the font's rounding
    if (barWidth > 0 && widest > room) {
        QStringList names;
        for (const QString &label : std::as_const(bottomUpLabels)) {
            QString name = label.section(QStringLiteral("  "), 0, 0);
            while (names.contains(name))
                name += QLatin1Char(' ');
            names << name;
        }
        categories->clear();
        categories->append(names);
    }
    m_barView->setMinimumHeight(std::clamp(int(bottomUpLabels.size()) * (labelMetrics.height() + 6) + kChartChromePx, 180, 480));
    for (QAbstractAxis *axis : std::initializer_list<QAbstractAxis *>{categories, values}) {
        axis->setLabelsBrush(m_theme.text);
        axis->setLabelsFont(m_theme.font(9, axis == categories));
        axis->setTitleBrush(m_theme.mutedText);
        axis->setTitleFont(m_theme.font(8));
        axis->setGridLineColor(m_theme.grid);
        axis->setLinePenColor(m_theme.grid);
    }
    categories->setGridLineVisible(false);
    m_barChart->addAxis(categories, Qt::AlignLeft);
    m_barChart->addAxis(values, Qt::AlignBottom);
    m_barSeries->attachAxis(categories);
    m_barSeries->attachAxis(values);
    if (baselineSeries) {
        baselineSeries->attachAxis(categories);
        baselineSeries->attachAxis(values);
    }

    // Only outcomes that occur go in the legend.
    const QList<QLegendMarker *> markers = m_barChart->legend()->markers(m_barSeries);
    const QList<QBarSet *> sets{fulfilled, rejected, pending};
    int shownMarkers = 0;
    for (int i = 0; i < markers.size() && i < sets.size(); ++i)
    {
        bool used = false;
        for (int j = 0; j < sets.at(i)->count(); ++j)
            used = used || sets.at(i)->at(j) > 0;
        markers.at(i)->setVisible(used);
        shownMarkers += used ? 1 : 0;
    }
    // One outcome needs no key (the bars say it): its row goes to the plans' labels.
    m_barChart->legend()->setVisible(!m_compact && (shownMarkers > 1 || m_baseline));
}

void SummaryChart::rebuildDistribution()
{
    m_boxChart->removeAllSeries();
    // removeAxis() hands the axis back rather than deleting it: each rebuild leaked two.
    for (QAbstractAxis *axis : m_boxChart->axes()) {
        m_boxChart->removeAxis(axis);
        delete axis;
    }
    m_boxSeries = nullptr;
    if (!m_trials || m_trials->stats.isEmpty()) {
        m_boxView->hide();
        m_trialsNote->clear();
        return;
    }

    m_boxSeries = new QBoxPlotSeries;
    m_boxSeries->setName(tr("box p25–p95 · line p50 · whiskers min–max"));
    m_boxSeries->setBrush(QBrush(m_theme.fulfilled.lighter(m_theme.kind == Theme::Kind::Dark ? 80 : 130)));
    m_boxSeries->setPen(QPen(m_theme.text, m_theme.px(1.5)));
    m_boxSeries->setBoxWidth(0.5);
    QStringList names;
    double top = 0;
    QStringList notes;
    for (int i = 0; i < m_trials->stats.size(); ++i) {
        const TrialStats &stats = m_trials->stats.at(i);
        QString name = m_trials->planNames.value(i);
        while (names.contains(name))
            name += QLatin1Char(' ');
        names.append(name);
        const QList<double> &t = stats.settleTimes;
        auto *box = new QBoxSet(name);
        if (!t.isEmpty()) {
            box->setValue(QBoxSet::LowerExtreme, t.constFirst());
            box->setValue(QBoxSet::LowerQuartile, nearestRankPercentile(t, 25));
            box->setValue(QBoxSet::Median, stats.p50);
            box->setValue(QBoxSet::UpperQuartile, stats.p95);
            box->setValue(QBoxSet::UpperExtreme, stats.max);
            top = std::max(top, stats.max);
        }
        m_boxSeries->append(box);
        notes << tr("%1: p50 %2, p95 %3, %4% ok")
                     .arg(name.trimmed(), formatMs(stats.p50), formatMs(stats.p95))
                     .arg(stats.n > 0 ? 100.0 * stats.fulfilled / stats.n : 0.0, 0, 'f', 1);
    }
    m_boxChart->addSeries(m_boxSeries);
    // A capped count is said where the numbers are read: the title, and first in the note.
    const TrialBudget &budget = m_trials->budget;
    m_boxChart->setTitle(budget.isCapped()
                             ? tr("Settle time over %L1 of %L2 trials (budget)").arg(m_trials->n).arg(budget.requested)
                             : tr("Settle time over %L1 trials").arg(m_trials->n));
    if (budget.isCapped())
        notes.prepend(budgetNote(budget));

    auto *categories = new QBarCategoryAxis;
    categories->append(names);
    auto *values = new QValueAxis;
    values->setRange(0, niceAxisEnd(top));
    values->setTickCount(valueTicksFor(m_boxView->height() - kChartChromePx, QFontMetrics(m_theme.font(9)).height()));
    values->setLabelFormat(QStringLiteral("%.0f"));
    values->setTitleText(tr("ms"));
    for (QAbstractAxis *axis : std::initializer_list<QAbstractAxis *>{categories, values}) {
        axis->setLabelsBrush(m_theme.text);
        axis->setLabelsFont(m_theme.font(9, axis == categories));
        axis->setTitleBrush(m_theme.mutedText);
        axis->setTitleFont(m_theme.font(8));
        axis->setGridLineColor(m_theme.grid);
        axis->setLinePenColor(m_theme.grid);
    }
    // Each plan's name gets the plot's width divided by the plans; when a name is wider, a
    // smaller type keeps its letters instead of Qt Charts' "...".
    const QFontMetrics nameMetrics(m_theme.font(9, true));
    int widestName = 0;
    for (const QString &name : std::as_const(names))
        widestName = std::max(widestName, nameMetrics.horizontalAdvance(name));
    const int perPlan = names.isEmpty() ? 0 : int((width() / 2 - 90) / names.size());
    if (widestName + 8 > perPlan)
        categories->setLabelsFont(m_theme.font(7));
    m_boxChart->addAxis(categories, Qt::AlignBottom);
    m_boxChart->addAxis(values, Qt::AlignLeft);
    m_boxSeries->attachAxis(categories);
    m_boxSeries->attachAxis(values);
    m_trialsNote->setText(notes.join(QStringLiteral(" · ")));
    m_trialsNote->setToolTip(notes.join(QLatin1Char('\n')));
    const bool appearing = m_boxView->isHidden();
    m_boxView->show();
    if (appearing)
        rebuildBars(); // the bars now have half the width: their labels are fitted again
}

} // namespace asyncscope
