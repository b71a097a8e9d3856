#pragma once

// The latency cell of the task table: a slider for quick experiments and a
// spin box for exact values, kept in step. The slider's range grows when a
// value beyond it is typed, so large latencies stay reachable.

#include <QWidget>

class QSlider;
class QSpinBox;

namespace asyncscope {

class LatencyEditor : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kDefaultMaximumMs = 5000;

    explicit LatencyEditor(QWidget *parent = nullptr);

    int value() const;
    void setValue(int ms);          // no valueChanged for a programmatic update
    QSlider *slider() const { return m_slider; }
    QSpinBox *spinBox() const { return m_spinBox; }

Q_SIGNALS:
    void valueChanged(int ms);      // only for user edits

private:
    void fitSliderRange(int ms);

    QSlider *m_slider;
    QSpinBox *m_spinBox;
};

} // namespace asyncscope
