#pragma once

// The window's part of writing a lesson: the Lesson Editor dock (tabbed with
// the Scenario dock, listed in the View menu, hidden in presenter mode and
// while a recording or a real run is shown), its Play Lesson button, which
// plays what was just written in the existing lesson mode (LessonStage) from
// the editor's step, and lesson mode following the edits while it plays: a
// changed lesson (or a renamed plan) is played again at the editor's step, and
// choosing a step in the editor shows it. Closing the Lesson dock ends lesson
// mode: the curtain goes and every plan is shown again.

#include <QJsonObject>
#include <QObject>
#include <QStringList>

class QDockWidget;
class QMainWindow;

namespace asyncscope {

class LessonEditor;
class LessonPanel;
class LessonStage;
class ScenarioDocument;
struct WindowActions;

class LessonEditing : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        QMainWindow *window;
        ScenarioDocument *document;
        LessonStage *stage;
        LessonPanel *panel;
        QDockWidget *lessonDock;    // the player's dock
        QDockWidget *scenarioDock;  // the editor's dock is tabbed with it
        const WindowActions *actions;
    };
    // Every part is not owned and outlives this (a child of the window).
    explicit LessonEditing(const Parts &parts, QObject *parent = nullptr);

    LessonEditor *editor() const { return m_editor; }
    QDockWidget *dock() const { return m_dock; }
    // The document's lesson in lesson mode, from `step`; false when it has none.
    bool play(int step);
    // Lesson mode is on: the Lesson dock is open on a lesson.
    bool isPlaying() const;

    void setEditable(bool editable);        // a recording or a real run in flight: nothing to edit
    void setPresenterMode(bool on);         // the projector shows the lesson, not its editor

private:
    void follow();                          // the document changed while playing
    void stop();                            // the Lesson dock was closed

    Parts m_parts;
    LessonEditor *m_editor;                 // the dock's widget
    QDockWidget *m_dock;                    // the window's child
    QJsonObject m_playedLesson;             // what lesson mode plays now
    QStringList m_playedPlans;
    bool m_presenter = false;
    bool m_dockWasVisible = false;
};

} // namespace asyncscope
