#include "recording_notice.h"

#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace asyncscope {

RecordingNotice::RecordingNotice(QAction *turnIntoScenario, QWidget *parent)
    : QWidget(parent)
    , m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("recordingNotice"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    auto *button = new QPushButton(turnIntoScenario->text().remove(QLatin1Char('&')), this);
    button->setToolTip(turnIntoScenario->toolTip());
    connect(button, &QPushButton::clicked, turnIntoScenario, &QAction::trigger);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addWidget(m_text);
    layout->addSpacing(8);
    layout->addWidget(button, 0, Qt::AlignLeft);
    layout->addStretch(1);
    setRecordingName(QString());
}

void RecordingNotice::setRecordingName(const QString &name)
{
    const QString what = name.isEmpty() ? tr("A recording") : name;
    m_text->setText(tr("%1 is shown as it was recorded: each request a bar, the waits for a connection dotted. "
                       "A recording has no tasks or plans to edit.\n\n"
                       "Turn it into a scenario to try what-ifs on it: one task per request with its measured "
                       "latency, and the plans as-recorded, graph and all-at-once, drawn beside the recording.")
                        .arg(what));
}

QString RecordingNotice::text() const
{
    return m_text->text();
}

} // namespace asyncscope
