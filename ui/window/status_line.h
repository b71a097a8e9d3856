#pragma once

// The status bar's permanent text: the scenario's name, the seed, who won
// ("sequential 800 ms · parallel 200 ms (4.0× faster)") and how long the last
// re-run took. Passing messages (saved, exported, the trial budget) go to the
// QStatusBar itself and cover this for their few seconds.

#include "trace.h"

#include <QString>

class QLabel;
class QStatusBar;

namespace asyncscope {

class StatusLine
{
public:
    // The labels become `bar`'s widgets (and its children).
    explicit StatusLine(QStatusBar *bar);

    // `answerHidden` before a lesson's reveal: the comparison would give the answer away.
    void show(const QString &scenarioName, quint64 seed, const RunTrace &shown, bool answerHidden, double lastRerunMs);
    void showNetworkRunning();
    QString comparison() const;

    // "sequential 800 ms · parallel 200 ms (4.0× faster)"
    static QString comparisonText(const RunTrace &trace);

private:
    QLabel *m_scenarioLabel;   // owned by the status bar
    QLabel *m_seedLabel;
    QLabel *m_comparisonLabel;
    QLabel *m_rerunLabel;
};

} // namespace asyncscope
