#pragma once

// Below the timeline: each plan's settle time as a horizontal bar (coloured by
// outcome, pending plans hatched to the axis end), and, when trials are on,
// each plan's settle-time distribution as a box plot (p25–p95 box, p50 line,
// min–max whiskers). The trials themselves run in a TrialsRunner.

#include "theme.h"
#include "trace.h"
#include "trials_runner.h"

#include <QWidget>

#include <optional>

class QBarSet;
class QBoxPlotSeries;
class QChart;
class QChartView;
class QComboBox;
class QHBoxLayout;
class QHorizontalStackedBarSeries;
class QLabel;
class QProgressBar;

namespace asyncscope {

class ElidedLabel;

class SummaryChart : public QWidget
{
    Q_OBJECT
public:
    explicit SummaryChart(QWidget *parent = nullptr);

    void setTrace(const RunTrace &trace);
    // A run to compare with: each plan's bar gets the baseline's bar in the row under it; nullptr clears.
    void setBaseline(const RunTrace *baseline);
    // Per plan: the baseline's settle time (0 when it never settled), -1 for a plan it does not have; empty without one.
    QList<double> baselineValues() const { return m_baselineValues; }
    void setTheme(const Theme &theme);
    // Presenter mode: no title, legend or trials row, so the bars keep legible room; with
    // trials on, the box plot alone.
    void setCompact(bool compact);

    // 0 = off; otherwise the number of trials the user chose.
    int trialsCount() const;
    void setTrialsCount(int n);
    void setTrialsProgress(int done, int total); // total 0 hides the bar
    void setTrialsResult(const TrialsResult &result);
    void clearTrialsResult();
    bool hasTrialsResult() const { return m_trials.has_value(); }

    // What the bars show, for tests and the status bar.
    int barCount() const { return int(m_barValues.size()); }
    double barValue(int plan) const { return m_barValues.value(plan); }
    PlanOutcome barOutcome(int plan) const { return m_barOutcomes.value(plan); }
    QStringList barLabels() const { return m_barLabels; }
    QHorizontalStackedBarSeries *barSeries() const { return m_barSeries; }
    QBoxPlotSeries *distributionSeries() const { return m_boxSeries; }
    QChart *barChart() const { return m_barChart; }
    QChart *distributionChart() const { return m_boxChart; }
    // The line beside the Trials choice: the budget note, if capped, then each plan's p50/p95.
    QString trialsNote() const;
    // "5 000 of 10 000 trials: plan "retried" may start 2 000 invocations per trial; the budget
    // is 10 000 000 invocations per plan", or empty when `budget` is not capped.
    static QString budgetNote(const TrialBudget &budget);

Q_SIGNALS:
    void trialsCountChanged(int n);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void rebuildBars();
    void rebuildDistribution();
    void styleChart(QChart *chart) const;
    void showViews(bool distribution);
    void updateSplit();         // the box plot's share of the width, from its plans' names
    int barChartChrome() const; // what the bar chart's height holds besides its plot
    int barViewWidth() const;   // what each chart's view gets of this widget's width
    int boxViewWidth() const;

    Theme m_theme = Theme::light();
    RunTrace m_trace;
    std::optional<TrialsResult> m_trials;
    QList<double> m_barValues;
    QList<PlanOutcome> m_barOutcomes;
    QStringList m_barLabels;
    std::optional<RunTrace> m_baseline;
    QList<double> m_baselineValues;

    bool m_compact = false;
    QWidget *m_header;
    QComboBox *m_trialsCombo;
    QProgressBar *m_progress;
    ElidedLabel *m_trialsNote;      // one line however many plans: elided, the whole note in its tooltip
    QHBoxLayout *m_charts = nullptr; // the two charts side by side; owned by this widget's layout
    int m_boxPermille = 500;        // the box plot's share of that width, when it is shown
    QChart *m_barChart;             // owned by m_barView
    QChartView *m_barView;
    QHorizontalStackedBarSeries *m_barSeries = nullptr; // owned by m_barChart
    QChart *m_boxChart;             // owned by m_boxView
    QChartView *m_boxView;
    QBoxPlotSeries *m_boxSeries = nullptr;              // owned by m_boxChart
};

} // namespace asyncscope
