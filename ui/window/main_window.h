#pragma once

// The main window, a shell: the scenario dock on the left (tasks and plans,
// edited live), the comparison timeline in the centre with the summary chart
// below, the code and lesson docks, a playback toolbar and a status bar that
// says who won and how long the re-run took. It lays these pages out and wires
// them; what runs is decided by the RunController (run_controller.h), the file
// life cycle by the DocumentController (document_controller.h), and the
// actions live in WindowActions.

#include "export_options.h"

#include <QMainWindow>

#include <memory>

class QDockWidget;
class QSplitter;
class QStackedWidget;

namespace asyncscope {

class CodePanel;
class DocumentController;
class LessonEditing;
class LessonPanel;
class LessonStage;
class PlaybackController;
class PlaybackToolBar;
class RecordingNotice;
class RunController;
class ScenarioDocument;
class ScenarioPanel;
class StatusLine;
class SummaryChart;
class TimelineEditing;
class TimelineView;
class TrialsRunner;
class UndoHistoryDock;
class WindowAppearance;
struct RunTrace;
struct WindowActions;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `useSettings` false: nothing is read from or written to QSettings and
    // there is no autosave (tests, screenshots).
    explicit MainWindow(bool useSettings = true, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens without asking about unsaved changes; false and `error` on a bad file.
    bool openFile(const QString &fileArgument, QString *error = nullptr);
    // Asks whether to restore what a crashed or killed session autosaved (once the window is shown).
    void offerRecoveries();

    RunController *runController() const { return m_run; }
    DocumentController *documentController() const { return m_files; }
    ScenarioDocument *document() const { return m_document; }
    TimelineView *timeline() const { return m_timeline; }
    TimelineEditing *timelineEditing() const { return m_editing; }
    SummaryChart *summaryChart() const { return m_chart; }
    ScenarioPanel *scenarioPanel() const { return m_panel; }
    PlaybackController *playback() const { return m_playback; }
    TrialsRunner *trialsRunner() const;
    CodePanel *codePanel() const { return m_codePanel; }
    LessonPanel *lessonPanel() const { return m_lessonPanel; }
    LessonStage *lessonStage() const { return m_lesson; }
    LessonEditing *lessonEditing() const { return m_lessonEditing; }
    UndoHistoryDock *historyDock() const { return m_historyDock; }
    // True while a lesson step hides the timeline until the class has answered.
    bool isLessonHidingTimeline() const;

    void setSeed(quint64 seed);                  // capped to what the seed box shows
    bool setThemeName(const QString &name);      // "light" | "dark" | "print"
    void setPresenterMode(bool on);
    void setSpeed(double factor);
    // "sequential 800 ms · parallel 200 ms (4.0× faster)", as the status bar shows it now.
    QString statusComparison() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createDocks();
    void connectActions();
    void connectRun();
    void connectJavaScriptEditing();               // the Code dock edits JavaScript plans
    void connectDocument();
    void showRun();                          // the RunController's trace to every view
    void showTrace(const RunTrace &shown);   // to the timeline, playback and chart
    void showPlayhead();
    void showRecording(const RunTrace &recording);
    void setRecordingMode(bool recording);   // the editors stand aside for a read-only trace
    void selectSpan(int planIndex, int spanIndex);
    void updateStatus();
    void exportImage();
    ExportOptions currentExportOptions() const; // the view's theme and playhead, and the scenario to embed
    void readSettings();
    void writeSettings() const;

    bool m_useSettings;
    ScenarioDocument *m_document;            // child
    PlaybackController *m_playback;          // child
    RunController *m_run;                    // child
    DocumentController *m_files = nullptr;   // child
    WindowAppearance *m_appearance = nullptr; // child
    std::unique_ptr<WindowActions> m_actions; // the QActions themselves are children
    std::unique_ptr<StatusLine> m_status;     // its labels are the status bar's children
    PlaybackToolBar *m_toolBar = nullptr;     // child, as every widget below

    TimelineView *m_timeline = nullptr;
    SummaryChart *m_chart = nullptr;
    QSplitter *m_centreSplitter = nullptr;
    ScenarioPanel *m_panel = nullptr;
    QStackedWidget *m_scenarioPages = nullptr; // the Scenario dock's: m_panel, or m_recordingNotice
    RecordingNotice *m_recordingNotice = nullptr;
    QDockWidget *m_scenarioDock = nullptr;
    CodePanel *m_codePanel = nullptr;
    QDockWidget *m_codeDock = nullptr;
    LessonPanel *m_lessonPanel = nullptr;
    QDockWidget *m_lessonDock = nullptr;
    LessonStage *m_lesson = nullptr;          // child
    LessonEditing *m_lessonEditing = nullptr; // child: the Lesson Editor dock and Play Lesson
    TimelineEditing *m_editing = nullptr;     // child: bar drags, baseline, the Dependencies dock
    UndoHistoryDock *m_historyDock = nullptr; // child: the undo stack's rows (View ▸ History)
};

} // namespace asyncscope
