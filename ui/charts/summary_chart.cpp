#include "summary_chart.h"

#include "baseline_pass.h"
#include "chart_label_fit.h"
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
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegendMarker>
#include <QProgressBar>
#include <QResizeEvent>
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
constexpr int kChartsSpacingPx = 6;
// Narrower than this, two charts side by side would squeeze the plans' names below what
// reads: with trials the spread over trials is shown alone (each plan's settle time of this
// run is on its band in the timeline).
constexpr int kTwoChartsMinWidthPx = 900;
// What a chart's title may not use of its width: the margins, Qt's own, and the rich text's.
constexpr int kTitleChromePx = 48;
// Between two plan names under the box plot, and what Qt Charts adds around a label's text.
constexpr int kNameGapPx = 10;
constexpr int kLabelTextMarginPx = 8;

// What the box plot's width holds besides its plot: the chart's margins (4 + 8), the value
// axis' labels, its "ms" title and their paddings (measured on Qt 6.4: about 44 px past the labels).
int boxPlotChrome(const QFont &valueFont, double axisEnd)
{
    const QFontMetrics metrics(valueFont);
    return metrics.horizontalAdvance(QString::number(qint64(axisEnd))) + metrics.height() + 44;
}

// The narrowest width at which `name` takes at most two lines (wrapName's breaks).
qreal twoLineWidth(const QString &name, const QFontMetricsF &metrics)
{
    const qreal whole = metrics.horizontalAdvance(name);
    for (qreal room = std::ceil(whole / 2); room < whole; room += 4) {
        if (wrapName(name, metrics, room).size() <= 2)
            return room;
    }
    return whole;
}

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

    m_charts = new QHBoxLayout;
    m_charts->setContentsMargins(0, 0, 0, 0);
    m_charts->setSpacing(kChartsSpacingPx);
    m_charts->addWidget(m_barView, 1);
    m_charts->addWidget(m_boxView, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    layout->addLayout(m_charts, 1);

    m_barChart->setTitle(tr("Settle time per plan"));
    m_boxChart->setTitle(tr("Settle time over trials"));
    styleChart(m_barChart);
    styleChart(m_boxChart);
}

int SummaryChart::barChartChrome() const
{
    // Title, legend, the value axis' labels and "ms", margins and paddings (measured on Qt 6.4).
    const int title = m_compact ? 0 : QFontMetrics(m_theme.font(10, true)).height() + 10;
    const int legend = m_barChart->legend()->isVisible() ? QFontMetrics(m_theme.font(9)).height() + 14 : 0;
    return title + legend + QFontMetrics(m_theme.font(9)).height() + QFontMetrics(m_theme.font(8)).height() + 40;
}

int SummaryChart::barViewWidth() const
{
    if (m_boxView->isHidden())
        return width();
    return (width() - kChartsSpacingPx) * (1000 - m_boxPermille) / 1000;
}

int SummaryChart::boxViewWidth() const
{
    if (m_barView->isHidden())
        return width();
    return (width() - kChartsSpacingPx) * m_boxPermille / 1000;
}

void SummaryChart::showViews(bool distribution)
{
    // Presenter mode, or a narrow window, keeps one chart: the spread over trials when there
    // is one (each plan's settle time of this run is on its band in the timeline), at a type
    // the room can afford.
    m_boxView->setVisible(distribution);
    m_barView->setVisible(!(distribution && (m_compact || width() < kTwoChartsMinWidthPx)));
}

void SummaryChart::updateSplit()
{
    // Half the width each, unless the plans' names need more under the box plot than
    // beside the bars: then the box plot takes up to 62% (the bars' names are to the left,
    // and a bar reads at any length).
    int permille = 500;
    if (m_trials && !m_trials->planNames.isEmpty()) {
        // Names on two lines (as fitLabels breaks them) at the full type are what it asks room for.
        const QFontMetricsF metrics(m_theme.font(9, true));
        double top = 0;
        for (const TrialStats &stats : m_trials->stats)
            top = std::max(top, stats.max);
        qreal widest = 0;
        for (const QString &name : m_trials->planNames)
            widest = std::max(widest, twoLineWidth(name, metrics));
        const int needed = boxPlotChrome(m_theme.font(9), niceAxisEnd(top))
                           + int(m_trials->planNames.size() * (std::ceil(widest) + kNameGapPx + 2));
        const int available = width() - kChartsSpacingPx;
        if (available > 0)
            permille = std::clamp(needed * 1000 / available, 500, 620);
    }
    if (permille == m_boxPermille)
        return;
    m_boxPermille = permille;
    m_charts->setStretch(0, 1000 - permille);
    m_charts->setStretch(1, permille);
}

void SummaryChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if ((event->oldSize().width() < kTwoChartsMinWidthPx) != (width() < kTwoChartsMinWidthPx))
        showViews(!m_boxView->isHidden());
    updateSplit();
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
    showViews(!m_boxView->isHidden());
    styleChart(m_barChart);
    styleChart(m_boxChart);
    rebuildBars();
    rebuildDistribution();
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
    // The plot's height the rows share: this widget's, less the trials row and the chart's own
    // chrome, and at least what each row needs for a line of the full type with Qt's margins
    // (Qt Charts hides a category label that would touch its neighbour).
    const int chrome = barChartChrome();
    const int rowsNeed = int(m_trace.plans.size()) * (QFontMetrics(m_theme.font(9, true)).lineSpacing() + kLabelTextMarginPx + 4);
    const int minimumHeight = std::clamp(rowsNeed + chrome, 180, 480);
    m_barView->setMinimumHeight(minimumHeight);
    const int plotHeight = std::max(minimumHeight, height() - (m_header->isHidden() ? 0 : m_header->sizeHint().height())) - chrome;
    const double rowPx = double(plotHeight) / std::max<qsizetype>(1, m_trace.plans.size());
    QStringList bottomUpLabels = m_barLabels;
    std::reverse(bottomUpLabels.begin(), bottomUpLabels.end());

    // A bar as thick as a tall chart's row would be a slab: at most 44 px (presenter: scaled).
    const double barShare = plotHeight > 0 ? std::min(0.62, m_theme.px(44) / rowPx) : 0.62;
    m_barSeries = new QHorizontalStackedBarSeries;
    m_barSeries->setBarWidth(barShare);
    m_barSeries->append(fulfilled);
    m_barSeries->append(rejected);
    m_barSeries->append(pending);
    m_barChart->addSeries(m_barSeries);
    QHorizontalStackedBarSeries *baselineSeries = nullptr;
    if (baseline) {
        baselineSeries = new QHorizontalStackedBarSeries;
        baselineSeries->setBarWidth(barShare);
        baselineSeries->append(baseline);
        m_barChart->addSeries(baselineSeries);
    }

    auto *categories = new QBarCategoryAxis;
    categories->append(bottomUpLabels);
    auto *values = new QValueAxis;
    values->setRange(0, axisEnd);
    values->setLabelFormat(QStringLiteral("%.0f"));
    values->setTitleText(tr("ms"));
    // Qt Charts elides a left axis' labels to "..." beyond about 40% of the chart's width, and
    // category labels taller than their row: drop the times from the labels when they would not
    // fit (they are in the tooltips and the status line), then break the names onto two lines
    // or take a smaller type (presenter mode's large type above all), and ask for the height
    // the rows need. Fitted here, so Qt's own cutting is off.
    QFont labelFont = m_theme.font(9, true);
    int widest = 0;
    for (const QString &label : std::as_const(bottomUpLabels))
        widest = std::max(widest, QFontMetrics(labelFont).horizontalAdvance(label));
    // The views get their new widths after this widget's resize: measure from its own width.
    const int barWidth = barViewWidth();
    // Qt's share is 40% of the chart's width inside its margins, for the text and its margins and padding.
    const int room = int(barWidth * 0.38) - kLabelTextMarginPx - 8;
    const qreal rowPitch = plotHeight > 0 ? rowPx : 0;
    if (barWidth > 0 && (widest > room || (rowPitch > 0 && QFontMetrics(labelFont).lineSpacing() > rowPitch - kLabelTextMarginPx - 4))) {
        QStringList names;
        for (const QString &label : std::as_const(bottomUpLabels))
            names << label.section(QStringLiteral("  "), 0, 0);
        const FittedLabels fitted = fitLabels(names, room, rowPitch - kLabelTextMarginPx - 4, m_theme, 9, true, 3);
        labelFont = fitted.font;
        QStringList unique;
        for (QString name : fitted.labels) {
            while (unique.contains(name))
                name += QLatin1Char(' ');
            unique << name;
        }
        categories->clear();
        categories->append(unique);
        widest = 0;
        for (const QString &name : std::as_const(names)) {
            for (const QString &line : wrapName(name, QFontMetricsF(labelFont), room))
                widest = std::max(widest, QFontMetrics(labelFont).horizontalAdvance(line));
        }
    } else {
        // Shown as rich text: a plan named "a<b" keeps its "<".
        categories->clear();
        for (const QString &label : std::as_const(bottomUpLabels))
            categories->append(label.toHtmlEscaped());
    }
    categories->setTruncateLabels(false);
    if (!m_compact && barWidth > 0 && isVisible()) {
        bool fits = true;
        m_barChart->setTitleFont(fitFont(tr("Settle time per plan"), barWidth - kTitleChromePx, m_theme, 10, true, &fits));
        m_barChart->setTitle(fits ? tr("Settle time per plan") : tr("Settle time"));
    }
    const QFontMetrics labelMetrics(labelFont);
    // As many value ticks as their labels have room for along the plot (presenter type is wide).
    const QFont valueFont = m_theme.font(9);
    const int valueLabel = QFontMetrics(valueFont).horizontalAdvance(QString::number(qint64(axisEnd)));
    const int plotWidth = barWidth - std::min(widest + kLabelTextMarginPx + 12, int(barWidth * 0.4)) - 24;
    values->setTickCount(valueTickCount(axisEnd, plotWidth, valueLabel));
    for (QAbstractAxis *axis : std::initializer_list<QAbstractAxis *>{categories, values}) {
        axis->setLabelsBrush(m_theme.text);
        axis->setLabelsFont(axis == categories ? labelFont : valueFont);
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
    // The key's words in one row, where Qt Charts gives each marker an equal share: a smaller
    // type when the chart is narrow, then "pending" alone.
    QStringList keys;
    for (QLegendMarker *marker : m_barChart->legend()->markers()) {
        if (marker->isVisible())
            keys << marker->label();
    }
    QString widestKey;
    for (const QString &key : std::as_const(keys)) {
        if (QFontMetrics(m_theme.font(9)).horizontalAdvance(key) > QFontMetrics(m_theme.font(9)).horizontalAdvance(widestKey))
            widestKey = key;
    }
    const int keyRoom = (barWidth - 48) / std::max<qsizetype>(1, keys.size()) - 40; // a swatch, spacing and margins each
    bool keyFits = true;
    m_barChart->legend()->setFont(fitFont(widestKey, keyRoom, m_theme, 9, false, &keyFits));
    if (!keyFits) {
        pending->setLabel(tr("pending"));
        m_barChart->legend()->setFont(fitFont(tr("rejected"), keyRoom - 24, m_theme, 9, false, &keyFits));
    }
    // One outcome needs no key (the bars say it): its row goes to the plans' labels.
    // Too narrow for its words: the timeline's legend right above says what the colours are.
    m_barChart->legend()->setVisible(!m_compact && (shownMarkers > 1 || m_baseline) && keyFits);
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
        showViews(false);
        m_trialsNote->clear();
        return;
    }

    // Shown first: which views show decides the widths the labels are fitted to.
    const bool appearing = m_boxView->isHidden();
    showViews(true);

    m_boxSeries = new QBoxPlotSeries;
    // The key in the legend, in a smaller type or fewer words when the plot is narrow.
    const QString key = tr("box p25–p95 · line p50 · whiskers min–max");
    bool keyFits = true;
    m_boxChart->legend()->setFont(fitFont(key, boxViewWidth() - 60, m_theme, 9, false, &keyFits));
    m_boxSeries->setName(keyFits ? key : tr("p25–p95 · p50 · min–max"));
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

    updateSplit();
    const int boxWidth = boxViewWidth();
    bool titleFits = true;
    m_boxChart->setTitleFont(fitFont(m_boxChart->title(), boxWidth - kTitleChromePx, m_theme, 10, true, &titleFits));
    // Shortened only in a shown window (a hidden one's width says nothing); the cap stays said.
    if (!titleFits && isVisible())
        m_boxChart->setTitle(budget.isCapped() ? tr("%L1 of %L2 trials (budget)").arg(m_trials->n).arg(budget.requested)
                                               : tr("%L1 trials").arg(m_trials->n));

    auto *categories = new QBarCategoryAxis;
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
    // Each plan's name gets the plot's width divided by the plans (Qt Charts itself would cut it
    // to that / (plans + 2)): a name that is wider goes on two lines, then to a smaller type.
    const qreal plotWidth = boxWidth - boxPlotChrome(m_theme.font(9), niceAxisEnd(top));
    const FittedLabels fitted =
        fitLabels(names, plotWidth / std::max<qsizetype>(1, names.size()) - kNameGapPx, 0, m_theme, 9, true, 3);
    QStringList unique;
    for (QString name : fitted.labels) {
        while (unique.contains(name))
            name += QLatin1Char(' ');
        unique << name;
    }
    categories->append(unique);
    categories->setLabelsFont(fitted.font);
    categories->setTruncateLabels(false);
    m_boxChart->addAxis(categories, Qt::AlignBottom);
    m_boxChart->addAxis(values, Qt::AlignLeft);
    m_boxSeries->attachAxis(categories);
    m_boxSeries->attachAxis(values);
    m_trialsNote->setText(notes.join(QStringLiteral(" · ")));
    m_trialsNote->setToolTip(notes.join(QLatin1Char('\n')));
    if (appearing)
        rebuildBars(); // the bars now have half the width: their labels are fitted again
}

} // namespace asyncscope
