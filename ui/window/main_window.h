#pragma once

// The main window: the scenario dock on the left (tasks and plans, edited
// live), the comparison timeline in the centre with the summary chart below,
// a playback toolbar, and a status bar that says who won and how long the
// re-run took. Every edit re-runs all plans on the virtual clock at once.

#include "theme.h"
#include "trace.h"

#include <QMainWindow>
#include <QMessageBox>

#include <functional>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QSlider;
class QSpinBox;
class QSplitter;

namespace asyncscope {

class Autosave;
class CodePanel;
class LessonPanel;
class PlaybackController;
class RecentFiles;
class ScenarioDocument;
class ScenarioPanel;
class SummaryChart;
struct Recovery;
class TimelineView;
class TrialsRunner;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `useSettings` false: nothing is read from or written to QSettings (tests, screenshots).
    explicit MainWindow(bool useSettings = true, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens without asking about unsaved changes; false and `error` on a bad file.
    bool openFile(const QString &fileArgument, QString *error = nullptr);
    // A Chrome Trace Event or HAR file opens read-only: recorded traffic next to the models.
    bool isTraceOnly() const { return !m_traceFile.isEmpty(); }
    // Asks about unsaved changes first and reports errors in a message box.
    bool requestOpen(const QString &fileArgument);

    ScenarioDocument *document() const { return m_document; }
    TimelineView *timeline() const { return m_timeline; }
    SummaryChart *summaryChart() const { return m_chart; }
    ScenarioPanel *scenarioPanel() const { return m_panel; }
    PlaybackController *playback() const { return m_playback; }
    TrialsRunner *trialsRunner() const { return m_trialsRunner; }
    CodePanel *codePanel() const { return m_codePanel; }
    LessonPanel *lessonPanel() const { return m_lessonPanel; }
    // True while a lesson step hides the timeline until the class has answered.
    bool isLessonHidingTimeline() const { return m_lessonHiding; }

    const RunTrace &trace() const { return m_trace; }
    double lastRerunMs() const { return m_lastRerunMs; }
    quint64 seed() const;
    void setSeed(quint64 seed);

    bool setThemeName(const QString &name); // "light" | "dark" | "print"
    QString themeName() const { return m_themeName; }
    const Theme &effectiveTheme() const { return m_effectiveTheme; }
    void setPresenterMode(bool on);
    bool isPresenterMode() const { return m_presenter; }
    void setSpeed(double factor);
    // Simulated (virtual clock) or real requests on loopback against the embedded latency server.
    void setRealNetwork(bool real);
    bool isRealNetwork() const { return m_realNetwork; }

    QString statusComparison() const;
    // "sequential 800 ms · parallel 200 ms (4.0× faster)"
    static QString comparisonText(const RunTrace &trace);

    // Tests replace the Save/Discard/Cancel question.
    void setUnsavedChangesQuestion(std::function<QMessageBox::StandardButton()> ask);

    // Crash safety (ui/autosave.h), only when `useSettings`: edits go to a
    // recovery file; null otherwise.
    Autosave *autosave() const { return m_autosave; }
    // Asks whether to restore the newest recovery file a crashed or killed
    // session left behind (called once the window is shown).
    void offerRecoveries();
    // Tests replace that question: Yes restores `offered`, anything else deletes it.
    void setRecoveryQuestion(std::function<QMessageBox::StandardButton(const Recovery &offered)> ask);

Q_SIGNALS:
    void rerunFinished(double elapsedMs);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBars();
    void createStatusBar();
    void rebuildRecentMenu();
    void rebuildExampleMenu();

    void rerun();
    void showPlayhead();
    void updateTitle();
    void updateStatus();
    void applyTheme();
    void updatePlaybackIcons();
    void startTrialsIfWanted();
    void createTeachingDocks();
    void scenarioReplaced();
    void showLessonStep();
    void revealLessonPlans(const QStringList &plans);
    RunTrace shownTrace() const;
    void showTrace(const RunTrace &shown);  // to the timeline, playback and chart
    void setLessonCurtain(bool hiding);      // the curtain stands in for timeline and chart
    std::optional<RunTrace> runScenario(QString *error);
    bool openTrace(const QString &path, QString *error);
    void leaveTraceMode();      // m_trace restricted to the lesson step's plans

    void askToReload(const QString &path);   // the open file changed on disk
    bool maybeSave();
    bool save();
    bool saveAs();
    void newScenario();
    void openDialog();
    void exportImage();
    void rememberFile(const QString &path);
    void readSettings();
    void writeSettings() const;

    bool m_useSettings;
    ScenarioDocument *m_document;           // child
    PlaybackController *m_playback;         // child
    TrialsRunner *m_trialsRunner;           // child
    RecentFiles *m_recentFiles;             // child
    Autosave *m_autosave = nullptr;         // child, when m_useSettings
    bool m_askingToReload = false;

    TimelineView *m_timeline = nullptr;
    SummaryChart *m_chart = nullptr;
    ScenarioPanel *m_panel = nullptr;
    QDockWidget *m_scenarioDock = nullptr;
    CodePanel *m_codePanel = nullptr;
    QDockWidget *m_codeDock = nullptr;
    LessonPanel *m_lessonPanel = nullptr;
    QDockWidget *m_lessonDock = nullptr;
    QLabel *m_lessonCurtain = nullptr;      // stands in for the timeline before the reveal
    QStringList m_lessonPlans;              // empty: every plan
    bool m_lessonHiding = false;
    QComboBox *m_clockCombo = nullptr;
    bool m_realNetwork = false;
    bool m_rerunning = false;               // a real run spins a nested event loop: no re-entry
    bool m_rerunAgain = false;
    QString m_traceFile;                    // non-empty: showing an imported trace, read-only
    QSplitter *m_centreSplitter = nullptr;

    QAction *m_playAction = nullptr;
    QAction *m_stepBackAction = nullptr;
    QAction *m_stepForwardAction = nullptr;
    QAction *m_restartAction = nullptr;
    QAction *m_toStartAction = nullptr;
    QAction *m_toEndAction = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_saveAsAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_presenterAction = nullptr;
    QAction *m_fullScreenAction = nullptr;
    QAction *m_fitAllAction = nullptr;
    QAction *m_rerollAction = nullptr;
    QList<QAction *> m_themeActions;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_exampleMenu = nullptr;

    QComboBox *m_speedCombo = nullptr;
    QSpinBox *m_seedSpin = nullptr;
    QSlider *m_positionSlider = nullptr;
    QLabel *m_timeLabel = nullptr;
    QLabel *m_scenarioLabel = nullptr;
    QLabel *m_seedLabel = nullptr;
    QLabel *m_comparisonLabel = nullptr;
    QLabel *m_rerunLabel = nullptr;

    RunTrace m_trace;
    double m_lastRerunMs = 0;
    QString m_themeName = QStringLiteral("light");
    Theme m_effectiveTheme = Theme::light();
    bool m_presenter = false;
    bool m_dockWasVisible = true;
    QList<int> m_normalSplitterSizes;
    QFont m_normalFont;
    QString m_lastDirectory;
    std::function<QMessageBox::StandardButton()> m_askUnsaved;
    std::function<QMessageBox::StandardButton(const Recovery &)> m_askRecover;
};

} // namespace asyncscope
