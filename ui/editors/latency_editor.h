#pragma once

// The latency cell of the task table: a logarithmic slider (1 ms … 60 s,
// latency_scale.h) for quick experiments and a spin box for exact values,
// kept in step. A slider drag reports its start and end, so the document can
// make the whole drag one undo step.

#include <QWidget>

class QSlider;
class QSpinBox;

namespace asyncscope {

class LatencyEditor : public QWidget
{
    Q_OBJECT
public:
    explicit LatencyEditor(QWidget *parent = nullptr);

    int value() const;
    void setValue(int ms);          // no valueChanged for a programmatic update
    QSlider *slider() const { return m_slider; }
    QSpinBox *spinBox() const { return m_spinBox; }

Q_SIGNALS:
    void valueChanged(int ms);      // only for user edits
    void dragStarted();
    void dragFinished();

private:
    QSlider *m_slider;
    QSpinBox *m_spinBox;
};

} // namespace asyncscope
