#include "playback_toolbar.h"

#include "number_format.h"

#include "playback_controller.h"
#include "window_actions.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>

#include <cmath>
#include <limits>

namespace asyncscope {

namespace {

constexpr int kPositionSliderSteps = 1000;
const double kSpeeds[] = {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0};

} // namespace

PlaybackToolBar::PlaybackToolBar(const WindowActions &actions, PlaybackController *playback, QWidget *parent)
    : QToolBar(tr("Playback"), parent)
    , m_playback(playback)
    , m_speedCombo(new QComboBox(this))
    , m_positionSlider(new QSlider(Qt::Horizontal, this))
    , m_timeLabel(new QLabel(this))
    , m_seedSpin(new QSpinBox(this))
    , m_clockCombo(new QComboBox(this))
{
    setObjectName(QStringLiteral("playbackToolBar"));
    setMovable(false);
    setToolButtonStyle(Qt::ToolButtonIconOnly);
    addAction(actions.play);
    addAction(actions.stepBack);
    addAction(actions.stepForward);
    addAction(actions.restart);
    addSeparator();

    auto *speedLabel = new QLabel(tr(" Speed "), this);
    for (double factor : kSpeeds)
        m_speedCombo->addItem(QStringLiteral("%1×").arg(factor), factor);
    m_speedCombo->setToolTip(tr("Playback speed, as a multiple of real time"));
    speedLabel->setBuddy(m_speedCombo);
    connect(m_speedCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_playback->setSpeed(m_speedCombo->currentData().toDouble()); });
    addWidget(speedLabel);
    addWidget(m_speedCombo);
    addSeparator();

    m_positionSlider->setRange(0, kPositionSliderSteps);
    m_positionSlider->setMinimumWidth(240);
    m_positionSlider->setToolTip(tr("Playhead position"));
    m_positionSlider->setFocusPolicy(Qt::NoFocus); // arrows step events, not the slider
    connect(m_positionSlider, &QSlider::sliderMoved, this, [this](int value) {
        m_playback->seek(m_playback->endMs() * value / kPositionSliderSteps);
    });
    connect(m_positionSlider, &QSlider::actionTriggered, this, [this](int action) {
        if (action == QAbstractSlider::SliderPageStepAdd || action == QAbstractSlider::SliderPageStepSub)
            QMetaObject::invokeMethod(this, &PlaybackToolBar::seekToSlider, Qt::QueuedConnection);
    });
    addWidget(m_positionSlider);

    m_timeLabel->setMinimumWidth(150);
    m_timeLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    QFont mono = m_timeLabel->font();
    mono.setFamily(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_timeLabel->setFont(mono);
    addWidget(m_timeLabel);
    addSeparator();

    auto *seedLabel = new QLabel(tr(" Seed "), this);
    m_seedSpin->setRange(0, std::numeric_limits<int>::max());
    m_seedSpin->setValue(1);
    m_seedSpin->setKeyboardTracking(false);
    m_seedSpin->setToolTip(tr("Random seed for latency distributions and failure rates: the same seed gives the same run"));
    seedLabel->setBuddy(m_seedSpin);
    connect(m_seedSpin, &QSpinBox::valueChanged, this, [this](int value) { emit seedChosen(quint64(value)); });
    addWidget(seedLabel);
    addWidget(m_seedSpin);
    auto *reroll = new QToolButton(this);
    reroll->setDefaultAction(actions.reroll);
    reroll->setToolButtonStyle(Qt::ToolButtonTextOnly);
    addWidget(reroll);
    addSeparator();

    m_clockCombo->setObjectName(QStringLiteral("clockCombo"));
    m_clockCombo->addItem(tr("Simulated"));
    m_clockCombo->addItem(tr("Real network"));
    m_clockCombo->setToolTip(tr("Simulated: the virtual clock, exact and instant. Real network: the same plans as real "
                                "HTTP requests through QNetworkAccessManager to the built-in latency server on loopback."));
    connect(m_clockCombo, &QComboBox::currentIndexChanged, this, [this](int index) { emit realNetworkChosen(index == 1); });
    addWidget(m_clockCombo);
}

void PlaybackToolBar::setSpeed(double factor)
{
    int best = 0;
    for (int i = 0; i < m_speedCombo->count(); ++i) {
        if (std::abs(m_speedCombo->itemData(i).toDouble() - factor)
            < std::abs(m_speedCombo->itemData(best).toDouble() - factor))
            best = i;
    }
    m_speedCombo->setCurrentIndex(best);
    m_playback->setSpeed(m_speedCombo->currentData().toDouble());
}

void PlaybackToolBar::showPosition(bool hideEnd)
{
    const double end = m_playback->endMs();
    const double position = m_playback->position();
    if (!m_positionSlider->isSliderDown()) {
        const QSignalBlocker block(m_positionSlider);
        m_positionSlider->setValue(end > 0 ? int(std::lround(position / end * kPositionSliderSteps)) : kPositionSliderSteps);
    }
    m_timeLabel->setText(hideEnd ? QStringLiteral("— / — ms")
                                 : QStringLiteral("%1 / %2").arg(position, 7, 'f', 1).arg(formatMs(end)));
}

void PlaybackToolBar::showSeed(quint64 seed)
{
    const QSignalBlocker block(m_seedSpin);
    m_seedSpin->setValue(int(std::min<quint64>(seed, quint64(std::numeric_limits<int>::max()))));
}

void PlaybackToolBar::showRealNetwork(bool real)
{
    const QSignalBlocker block(m_clockCombo);
    m_clockCombo->setCurrentIndex(real ? 1 : 0);
}

void PlaybackToolBar::setRunControlsEnabled(bool enabled)
{
    m_seedSpin->setEnabled(enabled);
    m_clockCombo->setEnabled(enabled);
}

void PlaybackToolBar::seekToSlider()
{
    m_playback->seek(m_playback->endMs() * m_positionSlider->value() / kPositionSliderSteps);
}

} // namespace asyncscope
