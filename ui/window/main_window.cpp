#include "main_window.h"

#include "js_codegen.h"

#include "code_panel.h"
#include "document_controller.h"
#include "export_dialog.h"
#include "image_exporter.h"
#include "picture_scenario.h"
#include "lesson_editing.h"
#include "lesson_panel.h"
#include "lesson_stage.h"
#include "playback_controller.h"
#include "playback_toolbar.h"
#include "plan_list_editor.h"
#include "recording_notice.h"
#include "run_controller.h"
#include "scenario_document.h"
#include "scenario_panel.h"
#include "status_line.h"
#include "summary_chart.h"
#include "timeline_editing.h"
#include "timeline_view.h"
#include "trials_runner.h"
#include "undo_history_dock.h"
#include "window_actions.h"
#include "window_appearance.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>

#include <algorithm>
#include <limits>

namespace asyncscope {

namespace {

constexpr double kDefaultSpeed = 0.25; // a 800 ms run takes 3.2 s: slow enough to follow aloud

} // namespace

MainWindow::MainWindow(bool useSettings, QWidget *parent)
    : QMainWindow(parent)
    , m_useSettings(useSettings)
    , m_document(new ScenarioDocument(this))
    , m_playback(new PlaybackController(this))
    , m_run(new RunController(m_document, this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    createDocks();
    m_actions = std::make_unique<WindowActions>(this);
    m_actions->addMenus(this, m_scenarioDock->toggleViewAction());
    m_actions->addUndoActions(this, m_document->undoStack());
    m_recordingNotice = new RecordingNotice(m_actions->turnRecordingIntoScenario, m_scenarioPages);
    m_scenarioPages->addWidget(m_recordingNotice);
    m_editing = new TimelineEditing({this, m_timeline, m_chart, m_document, m_run, m_actions.get()}, this);
    m_lessonEditing = new LessonEditing(
        {this, m_document, m_lesson, m_lessonPanel, m_lessonDock, m_scenarioDock, m_actions.get()}, this);
    m_historyDock = new UndoHistoryDock(m_document, this);
    addDockWidget(Qt::RightDockWidgetArea, m_historyDock);
    m_historyDock->hide();
    m_historyDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    m_actions->viewMenu->addAction(m_historyDock->toggleViewAction());
    m_toolBar = new PlaybackToolBar(*m_actions, m_playback, this);
    addToolBar(m_toolBar);
    m_status = std::make_unique<StatusLine>(statusBar());
    m_appearance = new WindowAppearance(
        {this, m_scenarioDock, m_centreSplitter, m_timeline, m_chart, m_actions.get(), m_playback});
    setSpeed(kDefaultSpeed);

    connect(m_document, &ScenarioDocument::scenarioReplaced, this, [this] {
        m_codePanel->setScenario(m_document->scenario());
        m_lesson->setScenario(m_document->scenario());
    });
    connectJavaScriptEditing();
    m_files = new DocumentController(m_document, m_useSettings, this);
    connectActions();
    connectRun();
    connectDocument();

    resize(1440, 900);
    if (m_useSettings)
        readSettings();
    m_appearance->apply();
    m_files->setMenus(m_actions->recentMenu, m_actions->exampleMenu);
    m_files->updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    m_timeline = new TimelineView(this);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_chart = new SummaryChart(this);
    m_chart->setObjectName(QStringLiteral("summaryChart"));
    m_centreSplitter = new QSplitter(Qt::Vertical, this);
    m_centreSplitter->setObjectName(QStringLiteral("centreSplitter"));
    m_centreSplitter->addWidget(m_timeline);
    m_centreSplitter->addWidget(m_chart);
    m_centreSplitter->setStretchFactor(0, 2);
    m_centreSplitter->setStretchFactor(1, 1);
    m_centreSplitter->setSizes({680, 240});
    m_centreSplitter->setChildrenCollapsible(false);
    setCentralWidget(m_centreSplitter);

    m_panel = new ScenarioPanel(m_document, this);
    m_scenarioDock = new QDockWidget(tr("Scenario"), this);
    m_scenarioDock->setObjectName(QStringLiteral("scenarioDock"));
    // The editor, or (while a recording is shown) the RecordingNotice added once the actions exist.
    m_scenarioPages = new QStackedWidget(m_scenarioDock);
    m_scenarioPages->addWidget(m_panel);
    m_scenarioDock->setWidget(m_scenarioPages);
    m_scenarioDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    m_scenarioDock->setMinimumWidth(380);
    addDockWidget(Qt::LeftDockWidgetArea, m_scenarioDock);
    resizeDocks({m_scenarioDock}, {540}, Qt::Horizontal);

    m_codePanel = new CodePanel(this);
    m_codeDock = new QDockWidget(tr("Code"), this);
    m_codeDock->setObjectName(QStringLiteral("codeDock"));
    m_codeDock->setWidget(m_codePanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_codeDock);
    tabifyDockWidget(m_scenarioDock, m_codeDock);
    m_scenarioDock->raise();

    m_lessonPanel = new LessonPanel(this);
    m_lessonDock = new QDockWidget(tr("Lesson"), this);
    m_lessonDock->setObjectName(QStringLiteral("lessonDock"));
    m_lessonDock->setWidget(m_lessonPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_lessonDock);
    m_lessonDock->hide();
    m_lesson = new LessonStage({m_lessonPanel, m_lessonDock, m_centreSplitter, m_timeline, m_chart, m_run, m_playback}, this);
}

// ---------------------------------------------------------------- wiring

void MainWindow::connectActions()
{
    const WindowActions &a = *m_actions;
    connect(a.newFile, &QAction::triggered, m_files, &DocumentController::newScenario);
    connect(a.open, &QAction::triggered, m_files, &DocumentController::openDialog);
    connect(a.turnRecordingIntoScenario, &QAction::triggered, m_files, [this] { m_files->turnRecordingIntoScenario(); });
    connect(a.save, &QAction::triggered, m_files, &DocumentController::save);
    connect(a.saveAs, &QAction::triggered, m_files, &DocumentController::saveAs);
    connect(a.exportImage, &QAction::triggered, this, &MainWindow::exportImage);
    connect(a.copyPicture, &QAction::triggered, this, [this] {
        const ExportOptions options = currentExportOptions();
        QString error;
        QGuiApplication::clipboard()->setMimeData(
            ImageExporter::clipboardData(ImageExporter::selectPlans(m_run->trace(), options.plans, &error), options));
        statusBar()->showMessage(tr("Copied the picture and its scenario"), 3000);
    });
    connect(a.pasteScenario, &QAction::triggered, this,
            [this] { m_files->pasteScenario(QGuiApplication::clipboard()->mimeData()); });
    connect(a.quit, &QAction::triggered, this, &QWidget::close);

    connect(a.play, &QAction::triggered, m_playback, &PlaybackController::togglePlaying);
    connect(a.stepBack, &QAction::triggered, m_lesson, &LessonStage::stepBack);
    connect(a.stepForward, &QAction::triggered, m_lesson, &LessonStage::stepForward);
    connect(a.restart, &QAction::triggered, m_playback, &PlaybackController::restart);
    connect(a.toStart, &QAction::triggered, m_playback, &PlaybackController::toStart);
    connect(a.toEnd, &QAction::triggered, m_playback, &PlaybackController::toEnd);
    connect(a.reroll, &QAction::triggered, m_run, &RunController::reroll);
    connect(a.fullScreen, &QAction::toggled, this, [this](bool on) {
        if (on)
            showFullScreen();
        else
            showNormal();
    });
    connect(a.fitAll, &QAction::triggered, m_timeline, &TimelineView::fitAll);

    connect(m_playback, &PlaybackController::positionChanged, this, &MainWindow::showPlayhead);
    connect(m_playback, &PlaybackController::playingChanged, this, &MainWindow::showPlayhead);
    connect(m_timeline, &TimelineView::playheadDragged, m_playback, &PlaybackController::seek);
    connect(m_timeline, &TimelineView::spanClicked, this, &MainWindow::selectSpan);
    connect(m_lesson, &LessonStage::statusChanged, this, &MainWindow::updateStatus);
    connect(m_lesson, &LessonStage::exerciseShown, this, [this] { showTrace(*m_lesson->exerciseTrace()); });
}

void MainWindow::connectJavaScriptEditing()
{
    const auto planRow = [this](const QString &planId) {
        const QList<PlanSpec> &plans = m_document->scenario().plans;
        const auto found = std::find_if(plans.cbegin(), plans.cend(), [&](const PlanSpec &p) { return p.name == planId; });
        return found == plans.cend() ? -1 : int(found - plans.cbegin());
    };
    // The Code dock follows every edit (an undo, a conversion), not only a new scenario.
    connect(m_document, &ScenarioDocument::edited, this, [this] { m_codePanel->setScenario(m_document->scenario()); });
    connect(m_codePanel, &CodePanel::javaScriptEdited, this, [this, planRow](const QString &planId, const QString &code) {
        m_document->setPlanJavaScript(planRow(planId), code);
    });
    // "Edit as JavaScript": the plan's generated body, so the picture stays the same; one undo step.
    const auto convertToJavaScript = [this, planRow](const QString &planId) {
        const int row = planRow(planId);
        if (row < 0)
            return;
        const Scenario &scenario = m_document->scenario();
        if (!scenario.plans.at(row).isJavaScript())
            m_document->setPlanJavaScript(row, generatePlanJavaScriptBody(scenario, scenario.plans.at(row)));
    };
    connect(m_codePanel, &CodePanel::editAsJavaScriptRequested, this, convertToJavaScript);
    connect(m_actions->editAsJavaScript, &QAction::triggered, this, [this, convertToJavaScript] {
        m_codeDock->show();
        m_codeDock->raise();
        convertToJavaScript(m_codePanel->currentPlan());
    });
    const auto updateEditAsJavaScript = [this] {
        const PlanSpec *plan = m_document->scenario().planByName(m_codePanel->currentPlan());
        m_actions->editAsJavaScript->setEnabled(plan && !plan->isJavaScript());
    };
    connect(m_codePanel, &CodePanel::currentPlanChanged, this, updateEditAsJavaScript);
    connect(m_document, &ScenarioDocument::edited, this, updateEditAsJavaScript);
    connect(m_run, &RunController::javaScriptRunActive, this, [this](bool active) {
        if (active)
            statusBar()->showMessage(tr("Running JavaScript…"));
        else
            statusBar()->clearMessage();
    });
    connect(m_run, &RunController::traceChanged, this, [this] {
        const QHash<QString, QString> errors = m_run->planRunErrors();
        m_codePanel->setPlanErrors(errors);
        for (const PlanSpec &plan : m_document->scenario().plans) {
            if (errors.contains(plan.name)) {
                statusBar()->showMessage(tr("%1: %2").arg(plan.name, errors.value(plan.name)), 15000);
                break;
            }
        }
    });
}

void MainWindow::connectRun()
{
    connect(m_run, &RunController::traceChanged, this, &MainWindow::showRun);
    connect(m_run, &RunController::rerunFinished, this, &MainWindow::updateStatus);
    connect(m_run, &RunController::seedChanged, m_toolBar, &PlaybackToolBar::showSeed);
    connect(m_run, &RunController::realNetworkChanged, m_toolBar, &PlaybackToolBar::showRealNetwork);
    connect(m_toolBar, &PlaybackToolBar::seedChosen, m_run, &RunController::setSeed);
    connect(m_toolBar, &PlaybackToolBar::realNetworkChosen, m_run, &RunController::setRealNetwork);
    connect(m_run, &RunController::networkRunActive, this, [this](bool active) {
        // A real run spins a nested event loop: keep edits out meanwhile (and after, for a recording).
        m_scenarioDock->setEnabled(!active && !m_run->isShowingRecording());
        m_historyDock->widget()->setEnabled(!active && !m_run->isShowingRecording());
        m_editing->setEditable(!active && !m_run->isShowingRecording());
        m_lessonEditing->setEditable(!active && !m_run->isShowingRecording());
        if (active) {
            QApplication::setOverrideCursor(Qt::WaitCursor);
            m_status->showNetworkRunning();
        } else {
            QApplication::restoreOverrideCursor();
        }
    });
    connect(m_run, &RunController::networkRunFailed, this, [this](const QString &error) {
        QMessageBox::warning(this, tr("The network run could not start"), error);
    });
    connect(m_run, &RunController::trialsStarted, this, [this](const TrialBudget &budget, int total) {
        if (budget.isCapped())
            statusBar()->showMessage(SummaryChart::budgetNote(budget), 10000);
        m_chart->setTrialsProgress(0, total);
    });
    connect(m_chart, &SummaryChart::trialsCountChanged, m_run, &RunController::setTrialsCount);
    connect(trialsRunner(), &TrialsRunner::progressChanged, m_chart, &SummaryChart::setTrialsProgress);
    connect(trialsRunner(), &TrialsRunner::resultReady, m_chart, &SummaryChart::setTrialsResult);
}

void MainWindow::connectDocument()
{
    connect(m_files, &DocumentController::titleChanged, this, [this](const QString &title, bool modified) {
        setWindowTitle(title);
        setWindowModified(modified);
        updateStatus();
    });
    connect(m_files, &DocumentController::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_files, &DocumentController::scenarioOpened, this, [this](bool fromFile) {
        m_playback->toEnd();
        if (fromFile)
            m_timeline->setHighlightedTask(QString()); // the old file's task
        m_timeline->fitAll();
    });
    connect(m_files, &DocumentController::rerunRequested, m_run, &RunController::rerun);
    connect(m_files, &DocumentController::scenarioOpened, m_historyDock, &UndoHistoryDock::showOrigin);
    // The recording a scenario was made of stays beside it until another file opens.
    connect(m_files, &DocumentController::scenarioOpened, m_run, [this] { m_run->setRecordingBeside(RunTrace()); });
    connect(m_files, &DocumentController::recordingBesideScenario, this, [this](const RunTrace &recording) {
        m_run->setRecordingBeside(recording);
        m_timeline->fitAll();
    });
    connect(m_files, &DocumentController::pictureViewRestored, this, [this](const PictureView &view) {
        m_run->setSeed(view.seed);
        if (!view.theme.isEmpty())
            setThemeName(view.theme);
        if (view.atMs)
            m_playback->seek(*view.atMs);
    });
    connect(m_files, &DocumentController::recordingOpened, this, &MainWindow::showRecording);
    connect(m_files, &DocumentController::recordingClosed, this, [this] {
        m_run->leaveRecording();
        setRecordingMode(false);
    });
}

// ---------------------------------------------------------------- showing

void MainWindow::showRun()
{
    showTrace(m_lesson->exerciseTrace().value_or(m_run->shownTrace()));
    if (m_run->isShowingRecording())
        return;
    m_lessonPanel->setRun(m_run->trace());
    if (m_timeline->isVisible())
        m_timeline->viewport()->repaint(); // inside the re-run's time: what a user waits for
}

void MainWindow::showTrace(const RunTrace &shown)
{
    m_timeline->setTrace(shown);
    m_playback->setTrace(shown);
    showPlayhead();
    m_chart->setTrace(shown);
}

void MainWindow::showPlayhead()
{
    // Paused at the end is the final state: no playhead line, every outcome shown.
    const bool finalState = m_playback->isAtEnd() && !m_playback->isPlaying();
    m_timeline->setPlayhead(finalState ? std::nullopt : std::optional<double>(m_playback->position()));
    // The axis end is the slowest settle time: before a lesson's reveal it would give the answer away.
    m_toolBar->showPosition(m_lesson->isHidingTimeline());
}

void MainWindow::showRecording(const RunTrace &recording)
{
    m_recordingNotice->setRecordingName(m_files->traceFileName());
    setRecordingMode(true);
    m_codeDock->hide();
    m_lesson->close();
    m_run->showRecording(recording);
    m_playback->toEnd();
    m_timeline->setHighlightedTask(QString());
    m_timeline->fitAll();
}

void MainWindow::setRecordingMode(bool recording)
{
    // Nothing to edit or re-run: the scenario's editors, seed and clock stand aside; the
    // Scenario dock says what is shown and how to make it editable.
    m_panel->setEnabled(!recording);
    m_scenarioPages->setCurrentWidget(recording ? static_cast<QWidget *>(m_recordingNotice) : m_panel);
    m_historyDock->widget()->setEnabled(!recording);
    m_editing->setEditable(!recording);
    m_lessonEditing->setEditable(!recording);
    m_toolBar->setRunControlsEnabled(!recording);
    m_actions->save->setEnabled(!recording);
}

void MainWindow::selectSpan(int planIndex, int spanIndex)
{
    const RunTrace &shown = m_timeline->trace(); // a lesson step's plans only, perhaps
    if (planIndex < 0 || planIndex >= shown.plans.size() || spanIndex < 0
        || spanIndex >= shown.plans.at(planIndex).spans.size()) {
        m_timeline->setHighlightedTask(QString());
        return;
    }
    const PlanTrace &plan = shown.plans.at(planIndex);
    m_codePanel->setCurrentPlan(plan.id);
    const QString task = plan.spans.at(spanIndex).task;
    const bool same = m_timeline->highlightedTask() == task;
    m_timeline->setHighlightedTask(same ? QString() : task);
    const QList<PlanSpec> &plans = m_document->scenario().plans;
    const auto spec = std::find_if(plans.cbegin(), plans.cend(), [&plan](const PlanSpec &p) { return p.name == plan.id; });
    m_panel->planEditor()->setCurrentPlan(spec == plans.cend() ? -1 : int(spec - plans.cbegin()));
    const int row = m_document->scenario().taskIndex(task);
    if (row >= 0 && !same)
        m_panel->taskTable()->selectRow(row);
}

void MainWindow::updateStatus()
{
    const QString name = m_run->isShowingRecording() ? m_run->trace().scenario : m_document->scenario().name;
    m_status->show(name, m_run->seed(), m_run->shownTrace(), m_lesson->isHidingTimeline(), m_run->lastRerunMs());
}

QString MainWindow::statusComparison() const
{
    return m_status->comparison();
}

// ---------------------------------------------------------------- the window's own

bool MainWindow::openFile(const QString &fileArgument, QString *error)
{
    return m_files->openFile(fileArgument, error);
}

void MainWindow::offerRecoveries()
{
    m_files->offerRecoveries();
}

bool MainWindow::isLessonHidingTimeline() const
{
    return m_lesson->isHidingTimeline();
}

TrialsRunner *MainWindow::trialsRunner() const
{
    return m_run->trialsRunner();
}

void MainWindow::setSeed(quint64 seed)
{
    m_run->setSeed(std::min<quint64>(seed, quint64(std::numeric_limits<int>::max())));
}

bool MainWindow::setThemeName(const QString &name)
{
    return m_appearance->setThemeName(name);
}

void MainWindow::setPresenterMode(bool on)
{
    m_appearance->setPresenterMode(on);
    m_lessonEditing->setPresenterMode(on);
}

void MainWindow::setSpeed(double factor)
{
    m_toolBar->setSpeed(factor);
}

ExportOptions MainWindow::currentExportOptions() const
{
    // The window's theme and playhead; presenter scaling is for the projector,
    // not for a file. A scenario's picture carries it; a recording's has none.
    ExportOptions options;
    options.theme = Theme::byName(m_appearance->themeName()).value_or(Theme::light());
    options.atMs = m_timeline->playhead();
    if (m_timeline->hasBaseline())
        options.baseline = std::make_shared<const RunTrace>(*m_timeline->baseline());
    if (!m_run->isShowingRecording()) {
        PictureView view;
        view.seed = m_run->seed();
        view.atMs = options.atMs;
        view.theme = options.theme.name;
        view.width = options.width;
        options.embeddedEnvelope = pictureEnvelope(m_document->scenario(), view);
    }
    return options;
}

void MainWindow::exportImage()
{
    ExportDialog dialog(m_run->trace(), this);
    if (!m_run->isShowingRecording())
        dialog.setEmbeddedScenario(m_document->scenario(), m_run->seed());
    dialog.setOptions(currentExportOptions());
    QString base = m_document->displayName();
    base.remove(QLatin1String("example:"));
    dialog.setSuggestedFileName(QFileInfo(base).completeBaseName());
    dialog.exec();
    if (!dialog.lastSavedPath().isEmpty())
        statusBar()->showMessage(tr("Exported %1").arg(dialog.lastSavedPath()), 3000);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_files->maybeSave()) {
        event->ignore();
        return;
    }
    m_playback->pause();
    setPresenterMode(false); // so the saved state has the editing dock where the user left it
    if (m_useSettings)
        writeSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (m_files->acceptsDrop(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    if (m_files->openDropped(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::readSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_appearance->setThemeName(settings.value(QStringLiteral("view/theme"), QStringLiteral("light")).toString());
    setSpeed(settings.value(QStringLiteral("playback/speed"), kDefaultSpeed).toDouble());
    m_files->readSettings();
}

void MainWindow::writeSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("view/theme"), m_appearance->themeName());
    settings.setValue(QStringLiteral("playback/speed"), m_playback->speed());
    m_files->writeSettings();
}

} // namespace asyncscope
