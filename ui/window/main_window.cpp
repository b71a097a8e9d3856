#include "main_window.h"

#include "autosave.h"
#include "code_panel.h"
#include "scenario_run.h"
#include "export_dialog.h"
#include "lesson_panel.h"
#include "network_run.h"
#include "playback_controller.h"
#include "playback_icons.h"
#include "plan_list_editor.h"
#include "recent_files.h"
#include "scenario_document.h"
#include "scenario_panel.h"
#include "summary_chart.h"
#include "timeline_view.h"
#include "trace_import.h"
#include "trial_budget.h"
#include "trials_runner.h"
#include "window_palette.h"


#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QScopedValueRollback>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMimeData>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include <cmath>

namespace asyncscope {

namespace {

constexpr int kPositionSliderSteps = 1000;
constexpr double kDefaultSpeed = 0.25; // a 800 ms run takes 3.2 s: slow enough to follow aloud
const double kSpeeds[] = {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0};

QString msText(double ms)
{
    return ms == std::floor(ms) ? QStringLiteral("%1 ms").arg(qint64(ms)) : QStringLiteral("%1 ms").arg(ms, 0, 'f', 1);
}

QString speedText(double factor)
{
    return QStringLiteral("%1×").arg(factor);
}

bool isScenarioFile(const QUrl &url)
{
    return url.isLocalFile() && url.toLocalFile().endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
}

} // namespace

MainWindow::MainWindow(bool useSettings, QWidget *parent)
    : QMainWindow(parent)
    , m_useSettings(useSettings)
    , m_document(new ScenarioDocument(this))
    , m_playback(new PlaybackController(this))
    , m_trialsRunner(new TrialsRunner(this))
    , m_recentFiles(new RecentFiles(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    m_normalFont = font();

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
    m_scenarioDock->setWidget(m_panel);
    m_scenarioDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    m_scenarioDock->setMinimumWidth(380);
    addDockWidget(Qt::LeftDockWidgetArea, m_scenarioDock);
    resizeDocks({m_scenarioDock}, {540}, Qt::Horizontal);

    createTeachingDocks();
    createActions();
    createMenus();
    createToolBars();
    createStatusBar();
    setSpeed(kDefaultSpeed);

    connect(m_document, &ScenarioDocument::edited, this, &MainWindow::rerun);
    connect(m_document, &ScenarioDocument::scenarioReplaced, this, &MainWindow::scenarioReplaced);
    connect(m_document, &ScenarioDocument::dirtyChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ScenarioDocument::fileChanged, this, &MainWindow::updateTitle);
    if (m_useSettings) {
        m_autosave = new Autosave(*m_document, this);
        connect(m_autosave, &Autosave::fileChangedOnDisk, this, &MainWindow::askToReload);
    }

    connect(m_playback, &PlaybackController::positionChanged, this, &MainWindow::showPlayhead);
    connect(m_playback, &PlaybackController::playingChanged, this, [this](bool playing) {
        m_playAction->setText(playing ? tr("Pause") : tr("Play"));
        updatePlaybackIcons();
        showPlayhead();
    });
    connect(m_timeline, &TimelineView::playheadDragged, m_playback, &PlaybackController::seek);
    connect(m_timeline, &TimelineView::spanClicked, this, [this](int planIndex, int spanIndex) {
        if (planIndex < 0 || planIndex >= m_trace.plans.size() || spanIndex < 0
            || spanIndex >= m_trace.plans.at(planIndex).spans.size()) {
            m_timeline->setHighlightedTask(QString());
            return;
        }
        m_codePanel->setCurrentPlan(m_trace.plans.at(planIndex).name);
        const QString task = m_trace.plans.at(planIndex).spans.at(spanIndex).task;
        const bool same = m_timeline->highlightedTask() == task;
        m_timeline->setHighlightedTask(same ? QString() : task);
        m_panel->planEditor()->setCurrentPlan(planIndex);
        const int row = m_document->scenario().taskIndex(task);
        if (row >= 0 && !same)
            m_panel->taskTable()->selectRow(row);
    });

    connect(m_chart, &SummaryChart::trialsCountChanged, this, [this](int n) {
        if (n > 0)
            startTrialsIfWanted();
        else
            m_trialsRunner->invalidate();
    });
    connect(m_trialsRunner, &TrialsRunner::progressChanged, m_chart, &SummaryChart::setTrialsProgress);
    connect(m_trialsRunner, &TrialsRunner::resultReady, m_chart, &SummaryChart::setTrialsResult);

    connect(m_recentFiles, &RecentFiles::changed, this, &MainWindow::rebuildRecentMenu);

    resize(1440, 900);
    if (m_useSettings)
        readSettings();
    applyTheme();
    rebuildRecentMenu();
    rebuildExampleMenu();
    updateTitle();
}

MainWindow::~MainWindow() = default;

// ---------------------------------------------------------------- actions

void MainWindow::createActions()
{
    QStyle *s = style();

    m_newAction = new QAction(s->standardIcon(QStyle::SP_FileIcon), tr("&New"), this);
    m_newAction->setShortcut(QKeySequence::New);
    connect(m_newAction, &QAction::triggered, this, &MainWindow::newScenario);

    m_openAction = new QAction(s->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openDialog);

    m_saveAction = new QAction(s->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save"), this);
    m_saveAction->setShortcut(QKeySequence::Save);
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::save);

    m_saveAsAction = new QAction(tr("Save &As…"), this);
    m_saveAsAction->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAsAction, &QAction::triggered, this, &MainWindow::saveAs);

    m_exportAction = new QAction(tr("&Export Image…"), this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportImage);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    // Playback. Window-wide shortcuts; line edits and spin boxes still get
    // their own keys because they claim them through ShortcutOverride.
    m_playAction = new QAction(tr("Play"), this);
    m_playAction->setShortcut(Qt::Key_Space);
    m_playAction->setToolTip(tr("Play / pause the run (Space)"));
    connect(m_playAction, &QAction::triggered, m_playback, &PlaybackController::togglePlaying);

    m_stepBackAction = new QAction(tr("Step Back"), this);
    m_stepBackAction->setShortcut(Qt::Key_Left);
    m_stepBackAction->setToolTip(tr("To the previous event: a start, an end or a settle (←)"));
    // In a lesson the presenter's arrows (and a clicker's PageUp/PageDown) walk the lesson's steps.
    connect(m_stepBackAction, &QAction::triggered, this, [this] {
        if (m_lessonDock->isVisible())
            m_lessonPanel->previousStep();
        else
            m_playback->stepBack();
    });

    m_stepForwardAction = new QAction(tr("Step Forward"), this);
    m_stepForwardAction->setShortcut(Qt::Key_Right);
    m_stepForwardAction->setToolTip(tr("To the next event: a start, an end or a settle (→)"));
    connect(m_stepForwardAction, &QAction::triggered, this, [this] {
        if (m_lessonDock->isVisible())
            m_lessonPanel->nextStep();
        else
            m_playback->stepForward();
    });

    m_restartAction = new QAction(tr("Restart"), this);
    m_restartAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_restartAction->setToolTip(tr("Play again from 0 ms (Ctrl+R)"));
    connect(m_restartAction, &QAction::triggered, m_playback, &PlaybackController::restart);

    m_toStartAction = new QAction(tr("To Start"), this);
    m_toStartAction->setShortcut(Qt::Key_Home);
    connect(m_toStartAction, &QAction::triggered, m_playback, &PlaybackController::toStart);

    m_toEndAction = new QAction(tr("To End"), this);
    m_toEndAction->setShortcut(Qt::Key_End);
    m_toEndAction->setToolTip(tr("Show the final state (End)"));
    connect(m_toEndAction, &QAction::triggered, m_playback, &PlaybackController::toEnd);

    for (QAction *a : {m_playAction, m_stepBackAction, m_stepForwardAction, m_restartAction, m_toStartAction, m_toEndAction})
        addAction(a); // shortcuts work while the toolbar is hidden too

    m_rerollAction = new QAction(tr("Re-roll"), this);
    m_rerollAction->setToolTip(tr("Pick a new random seed: fresh draws for random latencies and failures"));
    m_rerollAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    connect(m_rerollAction, &QAction::triggered, this, [this] {
        quint64 next = seed();
        while (next == seed())
            next = QRandomGenerator::global()->bounded(1, 1000000);
        setSeed(next);
    });

    // View.
    auto *themeGroup = new QActionGroup(this);
    for (const auto &[name, label] : {std::pair{QStringLiteral("light"), tr("&Light")},
                                      std::pair{QStringLiteral("dark"), tr("&Dark")},
                                      std::pair{QStringLiteral("print"), tr("&Print (black and white)")}}) {
        auto *action = new QAction(label, themeGroup);
        action->setCheckable(true);
        action->setData(name);
        connect(action, &QAction::triggered, this, [this, name] { setThemeName(name); });
        m_themeActions.append(action);
    }

    m_presenterAction = new QAction(tr("&Presenter Mode"), this);
    m_presenterAction->setCheckable(true);
    m_presenterAction->setShortcut(Qt::Key_F5);
    m_presenterAction->setToolTip(tr("Large type and thick bars for a projector; editing panels hidden (F5)"));
    connect(m_presenterAction, &QAction::toggled, this, &MainWindow::setPresenterMode);
    addAction(m_presenterAction);

    m_fullScreenAction = new QAction(tr("&Full Screen"), this);
    m_fullScreenAction->setCheckable(true);
    m_fullScreenAction->setShortcut(QKeySequence::FullScreen);
    connect(m_fullScreenAction, &QAction::toggled, this, [this](bool on) {
        if (on)
            showFullScreen();
        else
            showNormal();
    });
    addAction(m_fullScreenAction);

    m_fitAllAction = new QAction(tr("Fit &All"), this);
    m_fitAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(m_fitAllAction, &QAction::triggered, m_timeline, &TimelineView::fitAll);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    m_exampleMenu = file->addMenu(tr("Open &Example"));
    m_recentMenu = file->addMenu(tr("Recent &Files"));
    file->addSeparator();
    file->addAction(m_saveAction);
    file->addAction(m_saveAsAction);
    file->addSeparator();
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QMenu *theme = view->addMenu(tr("&Theme"));
    theme->addActions(m_themeActions);
    view->addAction(m_presenterAction);
    view->addAction(m_fullScreenAction);
    view->addSeparator();
    view->addAction(m_fitAllAction);
    view->addSeparator();
    view->addAction(m_scenarioDock->toggleViewAction());

    QMenu *playback = menuBar()->addMenu(tr("&Playback"));
    playback->addAction(m_playAction);
    playback->addAction(m_stepBackAction);
    playback->addAction(m_stepForwardAction);
    playback->addAction(m_toStartAction);
    playback->addAction(m_toEndAction);
    playback->addAction(m_restartAction);
    playback->addSeparator();
    playback->addAction(m_rerollAction);
}

void MainWindow::createToolBars()
{
    QToolBar *bar = addToolBar(tr("Playback"));
    bar->setObjectName(QStringLiteral("playbackToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    bar->addAction(m_playAction);
    bar->addAction(m_stepBackAction);
    bar->addAction(m_stepForwardAction);
    bar->addAction(m_restartAction);
    bar->addSeparator();

    auto *speedLabel = new QLabel(tr(" Speed "), bar);
    m_speedCombo = new QComboBox(bar);
    for (double factor : kSpeeds)
        m_speedCombo->addItem(speedText(factor), factor);
    m_speedCombo->setToolTip(tr("Playback speed, as a multiple of real time"));
    speedLabel->setBuddy(m_speedCombo);
    connect(m_speedCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_playback->setSpeed(m_speedCombo->currentData().toDouble()); });
    bar->addWidget(speedLabel);
    bar->addWidget(m_speedCombo);
    bar->addSeparator();

    m_positionSlider = new QSlider(Qt::Horizontal, bar);
    m_positionSlider->setRange(0, kPositionSliderSteps);
    m_positionSlider->setMinimumWidth(240);
    m_positionSlider->setToolTip(tr("Playhead position"));
    m_positionSlider->setFocusPolicy(Qt::NoFocus); // arrows step events, not the slider
    connect(m_positionSlider, &QSlider::sliderMoved, this, [this](int value) {
        m_playback->seek(m_playback->endMs() * value / kPositionSliderSteps);
    });
    connect(m_positionSlider, &QSlider::actionTriggered, this, [this](int action) {
        if (action == QAbstractSlider::SliderPageStepAdd || action == QAbstractSlider::SliderPageStepSub)
            QMetaObject::invokeMethod(this, [this] {
                m_playback->seek(m_playback->endMs() * m_positionSlider->value() / kPositionSliderSteps);
            }, Qt::QueuedConnection);
    });
    bar->addWidget(m_positionSlider);

    m_timeLabel = new QLabel(bar);
    m_timeLabel->setMinimumWidth(150);
    m_timeLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    QFont mono = m_timeLabel->font();
    mono.setFamily(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_timeLabel->setFont(mono);
    bar->addWidget(m_timeLabel);
    bar->addSeparator();

    auto *seedLabel = new QLabel(tr(" Seed "), bar);
    m_seedSpin = new QSpinBox(bar);
    m_seedSpin->setRange(0, std::numeric_limits<int>::max());
    m_seedSpin->setValue(1);
    m_seedSpin->setKeyboardTracking(false);
    m_seedSpin->setToolTip(tr("Random seed for latency distributions and failure rates: the same seed gives the same run"));
    seedLabel->setBuddy(m_seedSpin);
    connect(m_seedSpin, &QSpinBox::valueChanged, this, &MainWindow::rerun);
    bar->addWidget(seedLabel);
    bar->addWidget(m_seedSpin);
    auto *reroll = new QToolButton(bar);
    reroll->setDefaultAction(m_rerollAction);
    reroll->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addWidget(reroll);
    bar->addSeparator();

    m_clockCombo = new QComboBox(bar);
    m_clockCombo->setObjectName(QStringLiteral("clockCombo"));
    m_clockCombo->addItem(tr("Simulated"));
    m_clockCombo->addItem(tr("Real network"));
    m_clockCombo->setToolTip(tr("Simulated: the virtual clock, exact and instant. Real network: the same plans as real "
                                "HTTP requests through QNetworkAccessManager to the built-in latency server on loopback."));
    connect(m_clockCombo, &QComboBox::currentIndexChanged, this, [this](int index) { setRealNetwork(index == 1); });
    bar->addWidget(m_clockCombo);
}

void MainWindow::setRealNetwork(bool real)
{
    if (m_realNetwork == real)
        return;
    m_realNetwork = real;
    {
        const QSignalBlocker block(m_clockCombo);
        m_clockCombo->setCurrentIndex(real ? 1 : 0);
    }
    rerun();
}

std::optional<RunTrace> MainWindow::runScenario(QString *error)
{
    RunOptions options;
    options.seed = seed();
    if (!m_realNetwork)
        return runVirtual(m_document->scenario(), options);
    // A real run takes as long as its plans and spins a nested event loop: keep edits out meanwhile.
    QApplication::setOverrideCursor(Qt::WaitCursor);
    m_scenarioDock->setEnabled(false);
    m_comparisonLabel->setText(tr("running on the network (loopback)…"));
    std::optional<RunTrace> trace = runOnNetwork(m_document->scenario(), options, error);
    m_scenarioDock->setEnabled(true);
    QApplication::restoreOverrideCursor();
    return trace;
}

void MainWindow::createStatusBar()
{
    m_scenarioLabel = new QLabel(this);
    m_seedLabel = new QLabel(this);
    m_comparisonLabel = new QLabel(this);
    m_rerunLabel = new QLabel(this);
    m_rerunLabel->setToolTip(tr("Time from the last edit to the repainted timeline: run all plans on the virtual clock and draw"));
    statusBar()->addWidget(m_scenarioLabel);
    statusBar()->addWidget(m_seedLabel);
    statusBar()->addWidget(m_comparisonLabel, 1);
    statusBar()->addPermanentWidget(m_rerunLabel);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_recentFiles->files();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files.at(i);
        QAction *action = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] { requestOpen(path); });
    }
    if (files.isEmpty()) {
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    connect(m_recentMenu->addAction(tr("&Clear Menu")), &QAction::triggered, m_recentFiles, &RecentFiles::clear);
}

void MainWindow::rebuildExampleMenu()
{
    m_exampleMenu->clear();
    for (const ExampleInfo &example : builtInExamples()) {
        const QString text = example.title.isEmpty() ? example.name : QStringLiteral("%1 — %2").arg(example.name, example.title);
        QAction *action = m_exampleMenu->addAction(text);
        action->setStatusTip(example.description);
        action->setToolTip(example.description);
        const QString argument = QStringLiteral("example:") + example.name;
        connect(action, &QAction::triggered, this, [this, argument] { requestOpen(argument); });
    }
}

// ---------------------------------------------------------------- running

quint64 MainWindow::seed() const
{
    return quint64(m_seedSpin->value());
}

void MainWindow::setSeed(quint64 seed)
{
    m_seedSpin->setValue(int(std::min<quint64>(seed, quint64(std::numeric_limits<int>::max()))));
}

void MainWindow::rerun()
{
    // Timed from here to the repainted timeline: what a user feels after a slider step.
    if (m_rerunning) {
        m_rerunAgain = true;
        return;
    }
    if (isTraceOnly())
        return; // a recorded trace is shown as it is
    const QScopedValueRollback<bool> guard(m_rerunning, true);
    QElapsedTimer elapsed;
    elapsed.start();
    QString error;
    std::optional<RunTrace> ran = runScenario(&error);
    if (!ran) {
        QMessageBox::warning(this, tr("The network run could not start"), error);
        m_realNetwork = false;
        const QSignalBlocker block(m_clockCombo);
        m_clockCombo->setCurrentIndex(0);
        ran = runScenario(&error);
    }
    RunTrace trace = std::move(*ran);
    for (int i = 0; i < trace.plans.size(); ++i) {
        if (m_document->planError(i))
            trace.plans[i].name += tr(" (last valid version)");
    }
    m_trace = std::move(trace);
    showTrace(shownTrace());
    m_lessonPanel->setRun(m_trace);
    if (m_timeline->isVisible())
        m_timeline->viewport()->repaint();
    m_lastRerunMs = double(elapsed.nsecsElapsed()) / 1e6;
    updateStatus();
    startTrialsIfWanted();
    emit rerunFinished(m_lastRerunMs);
    if (std::exchange(m_rerunAgain, false))
        QMetaObject::invokeMethod(this, &MainWindow::rerun, Qt::QueuedConnection);
}

// ---------------------------------------------------------------- teaching

void MainWindow::createTeachingDocks()
{
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

    m_lessonCurtain = new QLabel(tr("Predict first.\n\nAnswer the question in the Lesson panel, then press → to run it."), this);
    m_lessonCurtain->setObjectName(QStringLiteral("lessonCurtain"));
    m_lessonCurtain->setAlignment(Qt::AlignCenter);
    m_lessonCurtain->setWordWrap(true);
    QFont big = m_lessonCurtain->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    m_lessonCurtain->setFont(big);
    m_centreSplitter->insertWidget(0, m_lessonCurtain);
    m_lessonCurtain->hide();

    connect(m_lessonPanel, &LessonPanel::stepChanged, this, &MainWindow::showLessonStep);
    connect(m_lessonPanel, &LessonPanel::revealRequested, this, &MainWindow::revealLessonPlans);
}

void MainWindow::scenarioReplaced()
{
    m_codePanel->setScenario(m_document->scenario());
    const bool lesson = m_lessonPanel->setScenario(m_document->scenario());
    m_lessonDock->setVisible(lesson);
    if (lesson) {
        showLessonStep();
    } else {
        m_lessonPlans.clear();
        setLessonCurtain(false);
        updateStatus();
    }
}

void MainWindow::setLessonCurtain(bool hiding)
{
    m_lessonHiding = hiding;
    m_lessonCurtain->setVisible(hiding);
    m_timeline->setVisible(!hiding);
    m_chart->setVisible(!hiding);
}

void MainWindow::showLessonStep()
{
    // The class predicts before it sees: timeline and chart stay hidden until the reveal.
    m_lessonPlans = m_lessonPanel->currentPlans();
    m_playback->pause();
    setLessonCurtain(true);
    if (!m_trace.plans.isEmpty())
        rerun();
    updateStatus();
    m_lessonPanel->setFocus();
}

void MainWindow::revealLessonPlans(const QStringList &plans)
{
    m_lessonPlans = plans;
    setLessonCurtain(false);
    rerun();
    m_timeline->fitAll();
    m_playback->restart();
}

void MainWindow::showTrace(const RunTrace &shown)
{
    m_timeline->setTrace(shown);
    m_playback->setTrace(shown);
    showPlayhead();
    m_chart->setTrace(shown);
}

RunTrace MainWindow::shownTrace() const
{
    if (m_lessonPlans.isEmpty())
        return m_trace;
    RunTrace shown = m_trace;
    shown.plans.removeIf([this](const PlanTrace &plan) { return !m_lessonPlans.contains(plan.name); });
    return shown;
}

void MainWindow::startTrialsIfWanted()
{
    const int n = m_chart->trialsCount();
    if (n <= 0) {
        m_trialsRunner->invalidate();
        return;
    }
    // The runner caps n to the trial budget; say so at once, not only when the result comes.
    const TrialBudget budget = trialBudgetFor(m_document->scenario(), n);
    if (budget.isCapped())
        statusBar()->showMessage(SummaryChart::budgetNote(budget), 10000);
    m_chart->setTrialsProgress(0, int(m_document->scenario().plans.size()) * budget.granted);
    m_trialsRunner->start(m_document->scenario(), seed(), n);
}

void MainWindow::showPlayhead()
{
    const double end = m_playback->endMs();
    const double position = m_playback->position();
    // Paused at the end is the final state: no playhead line, every outcome shown.
    const bool finalState = m_playback->isAtEnd() && !m_playback->isPlaying();
    m_timeline->setPlayhead(finalState ? std::nullopt : std::optional<double>(position));
    if (!m_positionSlider->isSliderDown()) {
        const QSignalBlocker block(m_positionSlider);
        m_positionSlider->setValue(end > 0 ? int(std::lround(position / end * kPositionSliderSteps)) : kPositionSliderSteps);
    }
    // The axis end is the slowest settle time: before a lesson's reveal it would give the answer away.
    m_timeLabel->setText(m_lessonHiding ? QStringLiteral("— / — ms")
                                        : QStringLiteral("%1 / %2").arg(position, 7, 'f', 1).arg(msText(end)));
}

QString MainWindow::comparisonText(const RunTrace &trace)
{
    QStringList parts;
    const PlanTrace *fastest = nullptr;
    const PlanTrace *slowest = nullptr;
    int fulfilledCount = 0;
    for (const PlanTrace &plan : trace.plans) {
        switch (plan.outcome) {
        case PlanOutcome::Fulfilled:
            parts << QStringLiteral("%1 %2").arg(plan.name, msText(plan.settledMs.value_or(0)));
            ++fulfilledCount;
            if (!fastest || plan.settledMs.value_or(0) < fastest->settledMs.value_or(0))
                fastest = &plan;
            if (!slowest || plan.settledMs.value_or(0) > slowest->settledMs.value_or(0))
                slowest = &plan;
            break;
        case PlanOutcome::Rejected:
            parts << tr("%1 rejected at %2").arg(plan.name, msText(plan.settledMs.value_or(0)));
            break;
        case PlanOutcome::Pending:
            parts << tr("%1 never settles").arg(plan.name);
            break;
        }
    }
    QString text = parts.join(QStringLiteral(" · "));
    if (fastest && slowest && fastest != slowest && fastest->settledMs.value_or(0) > 0) {
        const double ratio = slowest->settledMs.value_or(0) / fastest->settledMs.value_or(1);
        if (ratio >= 1.05) {
            if (trace.plans.size() == 2)
                text += tr(" (%1× faster)").arg(ratio, 0, 'f', 1);
            else
                text += tr(" (%1 %2× faster than %3)").arg(fastest->name).arg(ratio, 0, 'f', 1).arg(slowest->name);
        }
    }
    return text;
}

QString MainWindow::statusComparison() const
{
    return m_comparisonLabel->text();
}

void MainWindow::updateStatus()
{
    const QString name = isTraceOnly() ? m_trace.scenario : m_document->scenario().name;
    m_scenarioLabel->setText(QStringLiteral("<b>%1</b>").arg(name.toHtmlEscaped()));
    m_seedLabel->setText(tr("·  seed %1  ·").arg(seed()));
    // Before the reveal the status bar must not give the answer away.
    m_comparisonLabel->setText(m_lessonHiding ? tr("predict first, then reveal") : comparisonText(shownTrace()));
    m_rerunLabel->setText(tr("re-run %1 ms").arg(m_lastRerunMs, 0, 'f', m_lastRerunMs < 10 ? 2 : 1));
}

void MainWindow::updateTitle()
{
    if (isTraceOnly())
        return;
    const QString name = m_document->displayName().isEmpty() ? tr("Untitled") : m_document->displayName();
    setWindowTitle(QStringLiteral("%1[*] — asyncscope").arg(name));
    setWindowModified(m_document->isDirty());
    updateStatus();
}

// ---------------------------------------------------------------- look

bool MainWindow::setThemeName(const QString &name)
{
    if (!Theme::byName(name))
        return false;
    m_themeName = name;
    applyTheme();
    return true;
}

void MainWindow::setPresenterMode(bool on)
{
    if (m_presenter == on)
        return;
    m_presenter = on;
    {
        const QSignalBlocker block(m_presenterAction);
        m_presenterAction->setChecked(on);
    }
    if (on) {
        m_dockWasVisible = m_scenarioDock->isVisible();
        m_scenarioDock->hide();
        QFont big = m_normalFont;
        big.setPointSizeF(m_normalFont.pointSizeF() * 1.5);
        big.setBold(true);
        setFont(big);
        for (QToolBar *bar : findChildren<QToolBar *>())
            bar->setIconSize(QSize(36, 36));
        m_normalSplitterSizes = m_centreSplitter->sizes();
        m_chart->setCompact(true);
        // After the layout settled: the timeline is the slide, the chart a footnote.
        QTimer::singleShot(0, this, [this] {
            const int h = m_centreSplitter->height();
            m_centreSplitter->setSizes({h * 3 / 4, h - h * 3 / 4});
        });
    } else {
        setFont(m_normalFont);
        for (QToolBar *bar : findChildren<QToolBar *>())
            bar->setIconSize(QSize(24, 24));
        m_scenarioDock->setVisible(m_dockWasVisible);
        m_chart->setCompact(false);
        if (!m_normalSplitterSizes.isEmpty())
            m_centreSplitter->setSizes(m_normalSplitterSizes);
    }
    applyTheme();
}

void MainWindow::setSpeed(double factor)
{
    int best = 0;
    for (int i = 0; i < m_speedCombo->count(); ++i) {
        if (std::abs(m_speedCombo->itemData(i).toDouble() - factor)
            < std::abs(m_speedCombo->itemData(best).toDouble() - factor))
            best = i;
    }
    m_speedCombo->setCurrentIndex(best);
    m_playback->setSpeed(m_speedCombo->currentData().toDouble());
}

void MainWindow::applyTheme()
{
    const Theme base = Theme::byName(m_themeName).value_or(Theme::light());
    m_effectiveTheme = m_presenter ? base.presenter() : base;
    for (QAction *action : std::as_const(m_themeActions))
        action->setChecked(action->data().toString() == m_themeName);
    // The whole application, so dialogs and menus match the timeline.
    QApplication::setPalette(windowPalette(m_effectiveTheme));
    setPalette(windowPalette(m_effectiveTheme));
    m_timeline->setTheme(m_effectiveTheme);
    m_chart->setTheme(m_effectiveTheme);
    updatePlaybackIcons();
}

void MainWindow::updatePlaybackIcons()
{
    const QColor color = m_effectiveTheme.text;
    m_playAction->setIcon(playbackIcon(m_playback->isPlaying() ? PlaybackIcon::Pause : PlaybackIcon::Play, color));
    m_stepBackAction->setIcon(playbackIcon(PlaybackIcon::StepBack, color));
    m_stepForwardAction->setIcon(playbackIcon(PlaybackIcon::StepForward, color));
    m_restartAction->setIcon(playbackIcon(PlaybackIcon::Restart, color));
    m_toStartAction->setIcon(playbackIcon(PlaybackIcon::ToStart, color));
    m_toEndAction->setIcon(playbackIcon(PlaybackIcon::ToEnd, color));
}

// ---------------------------------------------------------------- files

bool MainWindow::openFile(const QString &fileArgument, QString *error)
{
    if (isTraceFile(fileArgument))
        return openTrace(fileArgument, error);
    const bool wasTrace = isTraceOnly();
    leaveTraceMode();
    if (!m_document->load(fileArgument, error)) {
        if (wasTrace)
            rerun(); // the trace is gone: show the scenario that is still open
        return false;
    }
    if (!m_document->filePath().isEmpty())
        rememberFile(m_document->filePath());
    m_playback->toEnd();
    m_timeline->setHighlightedTask(QString());
    m_timeline->fitAll();
    return true;
}

bool MainWindow::requestOpen(const QString &fileArgument)
{
    if (!maybeSave())
        return false;
    QString error;
    if (!openFile(fileArgument, &error)) {
        QMessageBox::warning(this, tr("Cannot open scenario"), error);
        if (!fileArgument.startsWith(QLatin1String("example:")))
            m_recentFiles->remove(fileArgument);
        return false;
    }
    return true;
}

bool MainWindow::openTrace(const QString &path, QString *error)
{
    std::optional<RunTrace> trace = importTrace(path, error);
    if (!trace)
        return false;
    m_traceFile = QFileInfo(path).fileName();
    // Nothing to edit or re-run: the scenario's editors, code and lesson stand aside.
    m_scenarioDock->setEnabled(false);
    m_codeDock->hide();
    m_lessonDock->hide();
    m_lessonPlans.clear();
    setLessonCurtain(false);
    m_seedSpin->setEnabled(false);
    m_clockCombo->setEnabled(false);
    m_saveAction->setEnabled(false);
    m_trace = std::move(*trace);
    showTrace(m_trace);
    m_playback->toEnd();
    m_timeline->setHighlightedTask(QString());
    m_timeline->fitAll();
    rememberFile(path);
    setWindowTitle(tr("%1 (trace, read-only) — asyncscope").arg(m_traceFile));
    setWindowModified(false);
    updateStatus();
    return true;
}

void MainWindow::leaveTraceMode()
{
    if (m_traceFile.isEmpty())
        return;
    m_traceFile.clear();
    m_scenarioDock->setEnabled(true);
    m_seedSpin->setEnabled(true);
    m_clockCombo->setEnabled(true);
    m_saveAction->setEnabled(true);
    updateTitle();
}

void MainWindow::rememberFile(const QString &path)
{
    m_lastDirectory = QFileInfo(path).absolutePath();
    m_recentFiles->add(path);
    if (m_useSettings) {
        m_recentFiles->save();
        QSettings().setValue(QStringLiteral("lastFile"), path);
    }
}

void MainWindow::setUnsavedChangesQuestion(std::function<QMessageBox::StandardButton()> ask)
{
    m_askUnsaved = std::move(ask);
}

bool MainWindow::maybeSave()
{
    if (!m_document->isDirty())
        return true;
    const QMessageBox::StandardButton answer = m_askUnsaved
        ? m_askUnsaved()
        : QMessageBox::warning(this, tr("Unsaved changes"),
                               tr("“%1” has unsaved changes. Save them first?").arg(m_document->displayName()),
                               QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    switch (answer) {
    case QMessageBox::Save: return save();
    case QMessageBox::Discard: return true;
    default: return false;
    }
}

bool MainWindow::save()
{
    if (m_document->filePath().isEmpty())
        return saveAs();
    QString error;
    if (!m_document->save(&error)) {
        QMessageBox::warning(this, tr("Cannot save scenario"), error);
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(m_document->filePath()), 3000);
    return true;
}

bool MainWindow::saveAs()
{
    QString suggestion = m_document->filePath();
    if (suggestion.isEmpty()) {
        QString base = m_document->displayName();
        base.remove(QLatin1String("example:"));
        suggestion = QDir(m_lastDirectory.isEmpty() ? QDir::homePath() : m_lastDirectory).filePath(base + QLatin1String(".json"));
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Scenario"), suggestion,
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (path.isEmpty())
        return false;
    QString error;
    if (!m_document->saveAs(path, &error)) {
        QMessageBox::warning(this, tr("Cannot save scenario"), error);
        return false;
    }
    rememberFile(m_document->filePath());
    statusBar()->showMessage(tr("Saved %1").arg(m_document->filePath()), 3000);
    return true;
}

void MainWindow::newScenario()
{
    if (!maybeSave())
        return;
    leaveTraceMode();
    m_document->newScenario();
    m_playback->toEnd();
    m_timeline->fitAll();
}

void MainWindow::openDialog()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Scenario"),
                                                      m_lastDirectory.isEmpty() ? QDir::homePath() : m_lastDirectory,
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!openFile(path, &error))
        QMessageBox::warning(this, tr("Cannot open scenario"), error);
}

void MainWindow::exportImage()
{
    // The export uses the light theme unless the window shows another one;
    // presenter scaling is for the projector, not for a file.
    ExportOptions options;
    options.theme = Theme::byName(m_themeName).value_or(Theme::light());
    options.atMs = m_timeline->playhead();
    ExportDialog dialog(m_trace, this);
    dialog.setOptions(options);
    QString base = m_document->displayName();
    base.remove(QLatin1String("example:"));
    dialog.setSuggestedFileName(QFileInfo(base).completeBaseName());
    dialog.exec();
    if (!dialog.lastSavedPath().isEmpty())
        statusBar()->showMessage(tr("Exported %1").arg(dialog.lastSavedPath()), 3000);
}

// ---------------------------------------------------------------- events

void MainWindow::setRecoveryQuestion(std::function<QMessageBox::StandardButton(const Recovery &)> ask)
{
    m_askRecover = std::move(ask);
}

void MainWindow::offerRecoveries()
{
    if (!m_autosave)
        return;
    const QList<Recovery> found = Autosave::findRecoveries(m_autosave->recoveryDirectory());
    if (found.isEmpty())
        return;
    const Recovery &newest = found.first(); // older ones are offered on later starts
    const QString name = newest.displayName.isEmpty() ? tr("Untitled") : newest.displayName;
    const QMessageBox::StandardButton answer = m_askRecover
        ? m_askRecover(newest)
        : QMessageBox::question(
              this, tr("Recover unsaved changes?"),
              tr("asyncscope did not close cleanly. Recover the unsaved changes to %1 from %2?")
                  .arg(name, QLocale().toString(newest.savedAt.toLocalTime(), QLocale::ShortFormat)),
              QMessageBox::Yes | QMessageBox::Discard, QMessageBox::Yes);
    if (answer != QMessageBox::Yes) {
        Autosave::remove(newest);
        return;
    }
    Autosave::restore(newest, *m_document);
    m_playback->toEnd();
    m_timeline->fitAll();
}

void MainWindow::askToReload(const QString &path)
{
    if (m_askingToReload)
        return; // one question at a time; it reloads the latest content anyway
    m_askingToReload = true;
    const QString name = QFileInfo(path).fileName();
    const QString question = m_document->isDirty()
        ? tr("%1 changed on disk. Reload it and lose your unsaved changes?").arg(name)
        : tr("%1 changed on disk. Reload it?").arg(name);
    const bool reload = QMessageBox::question(this, tr("File changed on disk"), question,
                                              QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes)
        == QMessageBox::Yes;
    m_askingToReload = false;
    if (!reload)
        return;
    QString error;
    if (!openFile(path, &error))
        QMessageBox::warning(this, tr("Cannot reload scenario"), error);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
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
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && isScenarioFile(urls.constFirst()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() != 1 || !isScenarioFile(urls.constFirst()))
        return;
    event->acceptProposedAction();
    const QString path = urls.constFirst().toLocalFile();
    // Not inside the drop: a modal question would block the drag source.
    QMetaObject::invokeMethod(this, [this, path] { requestOpen(path); }, Qt::QueuedConnection);
}

void MainWindow::readSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const QString theme = settings.value(QStringLiteral("view/theme"), QStringLiteral("light")).toString();
    if (Theme::byName(theme))
        m_themeName = theme;
    setSpeed(settings.value(QStringLiteral("playback/speed"), kDefaultSpeed).toDouble());
    m_recentFiles->load();
    m_recentFiles->pruneMissing();
    const QString lastFile = settings.value(QStringLiteral("lastFile")).toString();
    if (!lastFile.isEmpty())
        m_lastDirectory = QFileInfo(lastFile).absolutePath();
}

void MainWindow::writeSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("view/theme"), m_themeName);
    settings.setValue(QStringLiteral("playback/speed"), m_playback->speed());
    m_recentFiles->save();
}

} // namespace asyncscope
