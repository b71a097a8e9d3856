#include "latency_editor.h"

#include "latency_scale.h"
#include "scenario.h"

#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include <cmath>

namespace asyncscope {

LatencyEditor::LatencyEditor(QWidget *parent)
    : QWidget(parent)
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_spinBox(new QSpinBox(this))
{
    setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 0, 2, 0);
    layout->setSpacing(4);
    m_slider->setRange(0, kLatencySliderSteps);
    m_slider->setSingleStep(5);
    m_slider->setPageStep(50);
    m_slider->setMinimumWidth(60);
    m_slider->setToolTip(tr("Latency, logarithmic: 1 ms at the left, 60 s at the right"));
    m_spinBox->setRange(0, int(kMaxLatencyMs));
    m_spinBox->setSuffix(QStringLiteral(" ms"));
    m_spinBox->setSingleStep(10);
    m_spinBox->setAccelerated(true);
    m_spinBox->setKeyboardTracking(false);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_spinBox);

    connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
        const int ms = int(latencyAtSliderPosition(position));
        if (ms == m_spinBox->value())
            return;
        const QSignalBlocker block(m_spinBox);
        m_spinBox->setValue(ms);
        emit valueChanged(ms);
    });
    connect(m_slider, &QSlider::sliderPressed, this, &LatencyEditor::dragStarted);
    connect(m_slider, &QSlider::sliderReleased, this, &LatencyEditor::dragFinished);
    connect(m_spinBox, &QSpinBox::valueChanged, this, [this](int ms) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(sliderPositionForLatency(ms));
        emit valueChanged(ms);
    });
}

int LatencyEditor::value() const
{
    return m_spinBox->value();
}

void LatencyEditor::setValue(int ms)
{
    const QSignalBlocker blockSlider(m_slider);
    const QSignalBlocker blockSpin(m_spinBox);
    // While the hand is on the slider, leave its position alone: the value
    // shown came from that position, and re-deriving it could jump a step.
    if (!m_slider->isSliderDown())
        m_slider->setValue(sliderPositionForLatency(ms));
    m_spinBox->setValue(ms);
}

} // namespace asyncscope
