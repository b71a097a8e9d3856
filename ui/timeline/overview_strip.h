#pragma once

// A minimap of the whole run under the timeline while zoomed in: every plan as
// a thin row, the visible window as a frame. Click or drag moves the window.

#include "theme.h"

#include "trace.h"

#include <QWidget>

namespace asyncscope {

class TimelineZoomControl;

class OverviewStrip : public QWidget
{
    Q_OBJECT
public:
    OverviewStrip(TimelineZoomControl *zoom, QWidget *parent = nullptr); // zoom: not owned

    void setTrace(const RunTrace *trace); // not owned; must outlive the strip or be reset
    void setTheme(const Theme &theme);
    int preferredHeight() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    void centerOn(double x);
    double msToX(double ms) const;
    double xToMs(double x) const;

    TimelineZoomControl *m_zoom; // not owned
    const RunTrace *m_trace = nullptr; // not owned
    Theme m_theme = Theme::light();
};

} // namespace asyncscope
