#pragma once

// What the Scenario dock shows while a recording (a HAR, a Chrome trace) is on
// screen: there is no scenario to edit yet, so instead of an empty, disabled
// editor it says what is shown and offers the step that makes it editable
// (File ▸ Turn Recording into Scenario).

#include <QWidget>

class QAction;
class QLabel;

namespace asyncscope {

class RecordingNotice : public QWidget
{
    Q_OBJECT

public:
    RecordingNotice(QAction *turnIntoScenario, QWidget *parent = nullptr);

    // The recording's file name, as the window title has it.
    void setRecordingName(const QString &name);
    QString text() const;

private:
    QLabel *m_text;
};

} // namespace asyncscope
