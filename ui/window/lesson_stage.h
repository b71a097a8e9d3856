#pragma once

// Lesson mode in the window: the class predicts before it sees. While a step
// is unanswered a curtain stands in for the timeline and the chart and the
// status bar keeps the numbers back; the reveal shows exactly the step's plans
// (by id, so a plan shown as its last valid version stays in its step) and
// plays them from 0. The LessonPanel asks the questions; this stages them.

#include "trace.h"

#include <QObject>

#include <optional>

class QDockWidget;
class QLabel;
class QSplitter;

namespace asyncscope {

class LessonPanel;
class PlaybackController;
class RunController;
class SummaryChart;
class TimelineView;
struct Scenario;

class LessonStage : public QObject
{
    Q_OBJECT
public:
    // None of it is owned; the curtain becomes the first widget of `centre`.
    struct Parts
    {
        LessonPanel *panel;
        QDockWidget *dock;          // the panel's, shown only for a scenario with a lesson
        QSplitter *centre;          // timeline above the chart
        TimelineView *timeline;
        SummaryChart *chart;
        RunController *run;
        PlaybackController *playback;
    };
    LessonStage(const Parts &parts, QObject *parent);

    // A new scenario: its lesson, if it has one, from the first step.
    void setScenario(const Scenario &scenario);
    // A recording has no lesson: panel and curtain go.
    void close();
    bool isHidingTimeline() const { return m_hiding; }
    // An exercise step's last check, drawn instead of the scenario's run
    // (one band per condition); empty on other steps and before a check.
    const std::optional<RunTrace> &exerciseTrace() const { return m_exerciseTrace; }
    // In a lesson the presenter's arrows (and a clicker's PageUp/PageDown)
    // walk the lesson's steps; otherwise they step the playback's events.
    void stepBack();
    void stepForward();

Q_SIGNALS:
    void statusChanged();           // what the status bar may say changed
    void exerciseShown();           // exerciseTrace() is new: draw it

private:
    void showStep();
    void reveal(const QStringList &planIds);
    void showExercise(const RunTrace &trace);
    void setCurtain(bool hiding);

    Parts m_parts;
    QLabel *m_curtain;              // child of the centre splitter
    bool m_hiding = false;
    std::optional<RunTrace> m_exerciseTrace;
};

} // namespace asyncscope
