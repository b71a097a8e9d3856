#include "latency_editor.h"

#include "scenario.h"

#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

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
    m_slider->setRange(0, kDefaultMaximumMs);
    m_slider->setSingleStep(10);
    m_slider->setPageStep(100);
    m_slider->setMinimumWidth(80);
    m_spinBox->setRange(0, int(kMaxLatencyMs));
    m_spinBox->setSuffix(QStringLiteral(" ms"));
    m_spinBox->setSingleStep(10);
    m_spinBox->setAccelerated(true);
    m_spinBox->setKeyboardTracking(false);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_spinBox);

    connect(m_slider, &QSlider::valueChanged, this, [this](int ms) {
        const QSignalBlocker block(m_spinBox);
        m_spinBox->setValue(ms);
        emit valueChanged(ms);
    });
    connect(m_spinBox, &QSpinBox::valueChanged, this, [this](int ms) {
        fitSliderRange(ms);
        const QSignalBlocker block(m_slider);
        m_slider->setValue(ms);
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
    fitSliderRange(ms);
    m_slider->setValue(ms);
    m_spinBox->setValue(ms);
}

void LatencyEditor::fitSliderRange(int ms)
{
    // Grow (never shrink, which would jump under a dragging hand) so the
    // value sits mid-slider and dragging can still go both ways.
    if (ms > m_slider->maximum())
        m_slider->setMaximum(ms * 2);
}

} // namespace asyncscope
