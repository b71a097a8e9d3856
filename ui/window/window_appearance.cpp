#include "window_appearance.h"

#include "playback_controller.h"
#include "summary_chart.h"
#include "timeline_view.h"
#include "window_actions.h"
#include "window_palette.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QMainWindow>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTimer>
#include <QToolBar>

namespace asyncscope {

WindowAppearance::WindowAppearance(const Parts &parts)
    : QObject(parts.window)
    , m_parts(parts)
    , m_normalFont(parts.window->font())
{
    for (QAction *theme : std::as_const(parts.actions->themes))
        connect(theme, &QAction::triggered, this, [this, name = theme->data().toString()] { setThemeName(name); });
    connect(parts.actions->presenter, &QAction::toggled, this, &WindowAppearance::setPresenterMode);
    connect(parts.playback, &PlaybackController::playingChanged, this,
            [this](bool playing) { m_parts.actions->showPlaying(playing, m_effectiveTheme.text); });
}

bool WindowAppearance::setThemeName(const QString &name)
{
    if (!Theme::byName(name))
        return false;
    m_themeName = name;
    apply();
    return true;
}

void WindowAppearance::setPresenterMode(bool on)
{
    if (m_presenter == on)
        return;
    m_presenter = on;
    {
        const QSignalBlocker block(m_parts.actions->presenter);
        m_parts.actions->presenter->setChecked(on);
    }
    QMainWindow *window = m_parts.window;
    if (on) {
        m_dockWasVisible = m_parts.editingDock->isVisible();
        m_parts.editingDock->hide();
        QFont big = m_normalFont;
        big.setPointSizeF(m_normalFont.pointSizeF() * 1.5);
        big.setBold(true);
        window->setFont(big);
        for (QToolBar *bar : window->findChildren<QToolBar *>())
            bar->setIconSize(QSize(36, 36));
        m_normalSplitterSizes = m_parts.centre->sizes();
        m_parts.chart->setCompact(true);
        // After the layout settled: the timeline is the slide, the chart a footnote.
        // By index of each: the lesson's curtain, hidden, is the splitter's first widget. The
        // timeline takes no more than its picture needs (TimelineView's maximum height).
        QTimer::singleShot(0, this, [this] {
            QList<int> sizes = m_parts.centre->sizes();
            const int timeline = m_parts.centre->indexOf(m_parts.timeline);
            const int chart = m_parts.centre->indexOf(m_parts.chart);
            if (timeline < 0 || chart < 0)
                return;
            const int h = sizes.at(timeline) + sizes.at(chart);
            sizes[timeline] = h * 3 / 4;
            sizes[chart] = h - h * 3 / 4;
            m_parts.centre->setSizes(sizes);
        });
    } else {
        window->setFont(m_normalFont);
        for (QToolBar *bar : window->findChildren<QToolBar *>())
            bar->setIconSize(QSize(24, 24));
        m_parts.editingDock->setVisible(m_dockWasVisible);
        m_parts.chart->setCompact(false);
        if (!m_normalSplitterSizes.isEmpty())
            m_parts.centre->setSizes(m_normalSplitterSizes);
    }
    apply();
}

void WindowAppearance::apply()
{
    const Theme base = Theme::byName(m_themeName).value_or(Theme::light());
    m_effectiveTheme = m_presenter ? base.presenter() : base;
    // The whole application, so dialogs and menus match the timeline.
    QApplication::setPalette(windowPalette(m_effectiveTheme));
    m_parts.window->setPalette(windowPalette(m_effectiveTheme));
    m_parts.timeline->setTheme(m_effectiveTheme);
    m_parts.chart->setTheme(m_effectiveTheme);
    m_parts.actions->checkTheme(m_themeName);
    m_parts.actions->showPlaying(m_parts.playback->isPlaying(), m_effectiveTheme.text);
}

} // namespace asyncscope
