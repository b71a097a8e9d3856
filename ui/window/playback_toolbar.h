#pragma once

// The window's one toolbar: the playback actions, the speed, a position
// slider and the time, the random seed with Re-roll, and the clock (simulated
// or real network). It drives the PlaybackController itself; the seed and the
// clock are the RunController's, so the window passes those on.

#include <QToolBar>

class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;

namespace asyncscope {

class PlaybackController;
struct WindowActions;

class PlaybackToolBar : public QToolBar
{
    Q_OBJECT
public:
    // `playback` is not owned and must outlive this.
    PlaybackToolBar(const WindowActions &actions, PlaybackController *playback, QWidget *parent = nullptr);

    // The offered speed nearest `factor`, for the combo and the playback.
    void setSpeed(double factor);
    // The slider and the time label from the playback; `hideEnd` before a
    // lesson's reveal, where the end time would give the answer away.
    void showPosition(bool hideEnd);
    // Shown without emitting seedChosen / realNetworkChosen.
    void showSeed(quint64 seed);
    void showRealNetwork(bool real);
    // Off for a recording: it has no seed to change and no clock to choose.
    void setRunControlsEnabled(bool enabled);

Q_SIGNALS:
    void seedChosen(quint64 seed);
    void realNetworkChosen(bool real);

private:
    void seekToSlider();

    PlaybackController *m_playback;   // not owned
    QComboBox *m_speedCombo;          // children, as every widget below
    QSlider *m_positionSlider;
    QLabel *m_timeLabel;
    QSpinBox *m_seedSpin;
    QComboBox *m_clockCombo;
};

} // namespace asyncscope
