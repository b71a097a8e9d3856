#pragma once

// How the window looks: its theme (light, dark, print), applied to the whole
// application so dialogs and menus match the timeline, and presenter mode
// (large type and thick bars for a projector, the editing dock hidden, the
// timeline given most of the height), which scales whichever theme is chosen.
// It keeps the View menu's theme and presenter actions and the playback icons
// (drawn in the theme's text colour) in step.

#include "theme.h"

#include <QFont>
#include <QList>
#include <QObject>

class QDockWidget;
class QMainWindow;
class QSplitter;

namespace asyncscope {

class PlaybackController;
class SummaryChart;
class TimelineView;
struct WindowActions;

class WindowAppearance : public QObject
{
    Q_OBJECT
public:
    // What presenter mode rearranges; none of it is owned.
    struct Parts
    {
        QMainWindow *window;        // also this object's parent
        QDockWidget *editingDock;   // hidden while presenting
        QSplitter *centre;          // timeline above the chart
        TimelineView *timeline;
        SummaryChart *chart;
        WindowActions *actions;
        PlaybackController *playback; // whether Play shows Pause
    };
    explicit WindowAppearance(const Parts &parts);

    bool setThemeName(const QString &name); // "light" | "dark" | "print"; false for any other
    QString themeName() const { return m_themeName; }
    // The chosen theme, scaled up in presenter mode.
    const Theme &effectiveTheme() const { return m_effectiveTheme; }
    void setPresenterMode(bool on);
    bool isPresenterMode() const { return m_presenter; }
    // Palettes, timeline and chart from the current choice.
    void apply();

private:
    Parts m_parts;
    QString m_themeName = QStringLiteral("light");
    Theme m_effectiveTheme = Theme::light();
    bool m_presenter = false;
    bool m_dockWasVisible = true;
    QList<int> m_normalSplitterSizes;
    QFont m_normalFont;
};

} // namespace asyncscope
