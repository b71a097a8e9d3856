// The History dock (View ▸ History): one row per edit with the command's text,
// a whole drag one row, the first row naming where the history starts, a click
// on a row going back to that state and re-running every plan, and the view
// following File ▸ New and Open.

#include "document_controller.h"
#include "main_window.h"
#include "plan_list_editor.h"
#include "run_controller.h"
#include "scenario_document.h"
#include "scenario_panel.h"
#include "task_table_model.h"
#include "time_mapping.h"
#include "timeline_view.h"
#include "undo_history_dock.h"

#include <QAction>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <QUndoView>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace asyncscope;

namespace {

QStringList rowTexts(const QUndoView *view)
{
    QStringList texts;
    const QAbstractItemModel *model = view->model();
    for (int row = 0; row < model->rowCount(); ++row)
        texts << model->index(row, 0).data().toString();
    return texts;
}

QModelIndex taskIndex(MainWindow &window, const QString &id, int column)
{
    const int row = window.document()->scenario().taskIndex(id);
    return window.scenarioPanel()->taskModel()->index(row, column);
}

double latencyOf(const ScenarioDocument &document, const QString &task)
{
    const Scenario &s = document.scenario();
    return s.tasks.at(s.taskIndex(task)).nominalLatencyMs(1);
}

std::optional<double> settledMs(const MainWindow &window, const QString &plan)
{
    for (const PlanTrace &p : window.timeline()->trace().plans) {
        if (p.name == plan)
            return p.settledMs;
    }
    return std::nullopt;
}

void clickRow(QUndoView *view, int row)
{
    const QRect rect = view->visualRect(view->model()->index(row, 0));
    QVERIFY2(rect.isValid() && view->viewport()->rect().contains(rect.center()), qPrintable(QString::number(row)));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, rect.center());
}

QAction *viewMenuAction(MainWindow &window, const QString &text)
{
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->text() != QLatin1String("&View") || !menu->menu())
            continue;
        for (QAction *action : menu->menu()->actions()) {
            if (action->text() == text)
                return action;
        }
    }
    return nullptr;
}

// The profile example in a shown window with the History dock open.
struct Window
{
    Window()
    {
        window.resize(1440, 900);
        if (!window.openFile(QStringLiteral("example:profile")))
            qFatal("example:profile did not open");
        window.historyDock()->show();
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            qWarning("window not exposed");
    }
    QUndoView *view() const { return window.historyDock()->view(); }

    MainWindow window{false};
};

} // namespace

class TestUndoHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hiddenByDefaultAndToggledFromTheViewMenu()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        UndoHistoryDock *dock = window.historyDock();
        QVERIFY(dock);
        QCOMPARE(dock->objectName(), QStringLiteral("historyDock")); // its place is saved with the window's state
        QVERIFY(!dock->isVisible());
        QAction *toggle = viewMenuAction(window, QStringLiteral("History"));
        QVERIFY(toggle);
        QVERIFY(toggle->isCheckable());
        QVERIFY(!toggle->isChecked());
        QCOMPARE(toggle->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_H));
        toggle->trigger();
        QVERIFY(dock->isVisible());
        QVERIFY(toggle->isChecked());
        QCOMPARE(dock->view()->stack(), window.document()->undoStack());
        QCOMPARE(rowTexts(dock->view()), QStringList{QStringLiteral("Opened example:profile")});
        toggle->trigger();
        QVERIFY(!dock->isVisible());
    }

    // Every kind of edit, made through the window's editors where it has one,
    // reads as what changed, in order, below the state it started from.
    void everyEditIsOneRowThatSaysWhatChanged()
    {
        Window w;
        MainWindow &window = w.window;
        ScenarioDocument *document = window.document();
        TaskTableModel *tasks = window.scenarioPanel()->taskModel();

        QVERIFY(tasks->setData(taskIndex(window, QStringLiteral("user"), TaskTableModel::LatencyColumn), 500.0));
        QVERIFY(tasks->setData(taskIndex(window, QStringLiteral("posts"), TaskTableModel::FailsColumn), Qt::Checked,
                               Qt::CheckStateRole));
        QVERIFY(tasks->setData(taskIndex(window, QStringLiteral("followers"), TaskTableModel::IdColumn),
                               QStringLiteral("fans")));
        // A drag of the end of user's bar in the sequential band, 500 → 300 ms in 20 steps: one row.
        TimelineView *timeline = window.timeline();
        std::optional<SpanRef> userBar;
        const RunTrace &trace = timeline->trace();
        for (int p = 0; p < trace.plans.size() && !userBar; ++p) {
            const QList<Span> &spans = trace.plans.at(p).spans;
            for (int s = 0; s < spans.size() && !userBar; ++s) {
                if (trace.plans.at(p).name == QLatin1String("sequential") && spans.at(s).task == QLatin1String("user"))
                    userBar = SpanRef{p, s};
            }
        }
        QVERIFY(userBar);
        const QPoint from = timeline->barEndPos(*userBar).value_or(QPointF()).toPoint();
        const auto xAt = [timeline](double ms) { return int(std::lround(timeToPixel(timeline->timeAxis(), ms))); };
        QTest::mousePress(timeline->viewport(), Qt::LeftButton, Qt::NoModifier, from);
        QVERIFY(timeline->isDraggingBar());
        for (int i = 1; i <= 20; ++i)
            QTest::mouseMove(timeline->viewport(), QPoint(xAt(500 - 10.0 * i), from.y()));
        QTest::mouseRelease(timeline->viewport(), Qt::LeftButton, Qt::NoModifier, QPoint(xAt(300), from.y()));
        QCOMPARE(latencyOf(*document, QStringLiteral("user")), 300.0);

        const int added = document->addTask();
        QVERIFY(added >= 0);
        QVERIFY(document->setTaskNeeds(added, {QStringLiteral("user")}));
        QVERIFY(document->removeTask(added));
        QVERIFY(document->addPlan() >= 0);
        QLineEdit *name = window.scenarioPanel()->planEditor()->nameEdit(2);
        QVERIFY(name);
        name->setFocus();
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("everything"));
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(document->removePlan(2));

        const QStringList expected{
            QStringLiteral("Opened example:profile"),
            QStringLiteral("user latency 200 → 500 ms"),
            QStringLiteral("posts fails"),
            QStringLiteral("rename task followers → fans"),
            QStringLiteral("user latency 500 → 300 ms"),
            QStringLiteral("add task task1"),
            QStringLiteral("task1 needs (none) → user"),
            QStringLiteral("remove task task1"),
            QStringLiteral("add plan plan1"),
            QStringLiteral("rename plan plan1 → everything"),
            QStringLiteral("remove plan everything"),
        };
        QCOMPARE(rowTexts(w.view()), expected);
        // The current state is the last row, selected.
        QCOMPARE(document->undoStack()->index(), expected.size() - 1);
        QCOMPARE(w.view()->selectionModel()->selectedIndexes().value(0).row(), expected.size() - 1);
    }

    void typingAPlanIsOneRow()
    {
        Window w;
        QLineEdit *edit = w.window.scenarioPanel()->planEditor()->expressionEdit(1);
        QVERIFY(edit);
        edit->setFocus();
        edit->end(false);
        QTest::keyClick(edit, Qt::Key_Backspace); // the closing parenthesis: invalid while typing
        QTest::keyClicks(edit, QStringLiteral(", user)"));
        QCOMPARE(rowTexts(w.view()),
                 (QStringList{QStringLiteral("Opened example:profile"),
                              QStringLiteral("plan parallel: all(user, posts, followers, recommendations, user)")}));
        QCOMPARE(settledMs(w.window, QStringLiteral("parallel")), std::optional<double>(200));
    }

    void clickingARowGoesBackToThatStateAndReRuns()
    {
        Window w;
        ScenarioDocument *document = w.window.document();
        TaskTableModel *tasks = w.window.scenarioPanel()->taskModel();
        for (double ms : {300.0, 400.0, 500.0})
            QVERIFY(tasks->setData(taskIndex(w.window, QStringLiteral("posts"), TaskTableModel::LatencyColumn), ms));
        QCOMPARE(w.view()->model()->rowCount(), 4);
        QCOMPARE(settledMs(w.window, QStringLiteral("sequential")), std::optional<double>(1100));
        QCOMPARE(settledMs(w.window, QStringLiteral("parallel")), std::optional<double>(500));
        QVERIFY(w.window.isWindowModified());

        QSignalSpy reran(w.window.runController(), &RunController::rerunFinished);
        clickRow(w.view(), 1); // "posts latency 200 → 300 ms": two steps back
        QCOMPARE(document->undoStack()->index(), 1);
        QCOMPARE(latencyOf(*document, QStringLiteral("posts")), 300.0);
        QVERIFY(reran.count() >= 1);
        QCOMPARE(settledMs(w.window, QStringLiteral("sequential")), std::optional<double>(900));
        QCOMPARE(settledMs(w.window, QStringLiteral("parallel")), std::optional<double>(300));
        QCOMPARE(document->undoStack()->redoText(), QStringLiteral("posts latency 300 → 400 ms"));

        // The first row: the example as opened, unmodified again.
        clickRow(w.view(), 0);
        QCOMPARE(document->undoStack()->index(), 0);
        QCOMPARE(latencyOf(*document, QStringLiteral("posts")), 200.0);
        QCOMPARE(settledMs(w.window, QStringLiteral("sequential")), std::optional<double>(800));
        QCOMPARE(settledMs(w.window, QStringLiteral("parallel")), std::optional<double>(200));
        QVERIFY(!document->isDirty());
        QVERIFY(!w.window.isWindowModified());

        // Forward again to the last row: the rows stay until a new edit replaces them.
        clickRow(w.view(), 3);
        QCOMPARE(latencyOf(*document, QStringLiteral("posts")), 500.0);
        QCOMPARE(settledMs(w.window, QStringLiteral("parallel")), std::optional<double>(500));
        QCOMPARE(w.view()->model()->rowCount(), 4);

        // Back one row, then an edit: the undone rows are gone, the edit is the last row.
        clickRow(w.view(), 2);
        QVERIFY(tasks->setData(taskIndex(w.window, QStringLiteral("user"), TaskTableModel::LatencyColumn), 100.0));
        QCOMPARE(rowTexts(w.view()),
                 (QStringList{QStringLiteral("Opened example:profile"), QStringLiteral("posts latency 200 → 300 ms"),
                              QStringLiteral("posts latency 300 → 400 ms"), QStringLiteral("user latency 200 → 100 ms")}));
        QCOMPARE(settledMs(w.window, QStringLiteral("sequential")), std::optional<double>(900)); // 100 + 400 + 200 + 200
    }

    // Each step undone re-runs (the document signals every command): a jump
    // of 20 rows is 20 re-runs, measured here on example:dashboard.
    void aLongJumpBackReRunsToTheFirstState()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:dashboard")));
        window.historyDock()->show();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ScenarioDocument *document = window.document();
        const double first = latencyOf(*document, document->scenario().tasks.at(0).id);
        const RunTrace before = window.timeline()->trace();
        for (int i = 1; i <= 20; ++i)
            document->setTaskLatency(0, first + 10 * i);
        QCOMPARE(window.historyDock()->view()->model()->rowCount(), 21);
        QSignalSpy reran(window.runController(), &RunController::rerunFinished);
        QElapsedTimer timer;
        timer.start();
        clickRow(window.historyDock()->view(), 0);
        const double ms = timer.nsecsElapsed() / 1e6;
        qInfo("a jump of 20 rows back on example:dashboard: %d re-runs, %.1f ms", int(reran.count()), ms);
        QCOMPARE(reran.count(), 20);
        QCOMPARE(latencyOf(*document, document->scenario().tasks.at(0).id), first);
        QCOMPARE(window.timeline()->trace().plans.size(), before.plans.size());
        for (int p = 0; p < before.plans.size(); ++p)
            QCOMPARE(window.timeline()->trace().plans.at(p).settledMs, before.plans.at(p).settledMs);
        QVERIFY(!document->isDirty());
    }

    void theArrowKeysWalkTheHistory()
    {
        Window w;
        ScenarioDocument *document = w.window.document();
        TaskTableModel *tasks = w.window.scenarioPanel()->taskModel();
        QVERIFY(tasks->setData(taskIndex(w.window, QStringLiteral("user"), TaskTableModel::LatencyColumn), 50.0));
        QVERIFY(tasks->setData(taskIndex(w.window, QStringLiteral("posts"), TaskTableModel::LatencyColumn), 50.0));
        w.view()->setFocus();
        QTest::keyClick(w.view(), Qt::Key_Up);
        QCOMPARE(document->undoStack()->index(), 1);
        QCOMPARE(latencyOf(*document, QStringLiteral("posts")), 200.0);
        QCOMPARE(settledMs(w.window, QStringLiteral("parallel")), std::optional<double>(200));
        QTest::keyClick(w.view(), Qt::Key_Up);
        QCOMPARE(document->undoStack()->index(), 0);
        QCOMPARE(latencyOf(*document, QStringLiteral("user")), 200.0);
        QTest::keyClick(w.view(), Qt::Key_Down);
        QTest::keyClick(w.view(), Qt::Key_Down);
        QCOMPARE(document->undoStack()->index(), 2);
        QCOMPARE(settledMs(w.window, QStringLiteral("sequential")), std::optional<double>(500)); // 50 + 50 + 200 + 200
    }

    // What Redo would bring back is drawn greyed: it is not the scenario shown.
    void rowsPastTheCurrentStateAreGreyed()
    {
        Window w;
        TaskTableModel *tasks = w.window.scenarioPanel()->taskModel();
        for (double ms : {300.0, 400.0, 500.0})
            QVERIFY(tasks->setData(taskIndex(w.window, QStringLiteral("posts"), TaskTableModel::LatencyColumn), ms));
        const auto darkest = [&w](int row) {
            const QImage image = w.view()->viewport()->grab().toImage();
            const QRect rect = w.view()->visualRect(w.view()->model()->index(row, 0));
            int lightness = 255;
            for (int y = rect.top(); y <= rect.bottom(); ++y) {
                for (int x = rect.left(); x <= rect.right(); ++x)
                    lightness = std::min(lightness, QColor(image.pixel(x, y)).lightness());
            }
            return lightness;
        };
        const int doneBefore = darkest(2);
        QVERIFY2(doneBefore < 60, qPrintable(QString::number(doneBefore))); // dark text, not the selected row
        clickRow(w.view(), 1);
        const int undone = darkest(2);
        QVERIFY2(undone > doneBefore + 40, qPrintable(QStringLiteral("%1 vs %2").arg(undone).arg(doneBefore)));
        QVERIFY2(darkest(0) < 60, qPrintable(QString::number(darkest(0)))); // before the current row: as done
        clickRow(w.view(), 3);
        QCOMPARE(darkest(2), doneBefore);
    }

    void theSavedStateIsMarkedAndUndoAfterSaveModifiesAgain()
    {
        Window w;
        ScenarioDocument *document = w.window.document();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        document->setTaskLatency(0, 300);
        document->setTaskLatency(0, 350);
        QVERIFY(document->saveAs(dir.filePath(QStringLiteral("mine.json"))));
        const QAbstractItemModel *model = w.view()->model();
        // The disk icon on the saved row (the last), and on no other.
        QCOMPARE(model->rowCount(), 3);
        for (int row = 0; row < 3; ++row)
            QCOMPARE(model->index(row, 0).data(Qt::DecorationRole).value<QIcon>().isNull(), row != 2);
        // The first row still says where the history began.
        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("Opened example:profile"));
        clickRow(w.view(), 1);
        QVERIFY(document->isDirty());
        QVERIFY(w.window.isWindowModified());
        QVERIFY(model->index(1, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
        clickRow(w.view(), 2);
        QVERIFY(!document->isDirty());
    }

    // File ▸ New and Open load into the same document and clear its stack: the
    // view shows the new history, named after how it started.
    void followsNewAndOpen()
    {
        Window w;
        ScenarioDocument *document = w.window.document();
        DocumentController *files = w.window.documentController();
        files->setUnsavedChangesQuestion([] { return QMessageBox::Discard; });
        document->setTaskLatency(0, 300);
        QCOMPARE(w.view()->model()->rowCount(), 2);

        files->newScenario();
        QCOMPARE(w.view()->stack(), document->undoStack());
        QCOMPARE(rowTexts(w.view()), QStringList{QStringLiteral("New scenario")});
        QCOMPARE(w.window.historyDock()->originText(), QStringLiteral("New scenario"));
        document->setTaskLatency(0, 250);
        QCOMPARE(w.view()->model()->rowCount(), 2);
        clickRow(w.view(), 0);
        QVERIFY(!document->isDirty());

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("weather.json"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(R"json({"format": "asyncscope-scenario/1", "name": "w",
                "tasks": [{"id": "weather", "latency_ms": 150}, {"id": "news", "latency_ms": 80}],
                "plans": [{"name": "both", "run": "all(weather, news)"}]})json");
        }
        QVERIFY(w.window.openFile(path));
        QCOMPARE(rowTexts(w.view()), QStringList{QStringLiteral("Opened weather.json")});
        QSignalSpy reran(w.window.runController(), &RunController::rerunFinished);
        document->setTaskLatency(0, 400);
        QCOMPARE(rowTexts(w.view()),
                 (QStringList{QStringLiteral("Opened weather.json"), QStringLiteral("weather latency 150 → 400 ms")}));
        QCOMPARE(settledMs(w.window, QStringLiteral("both")), std::optional<double>(400));
        clickRow(w.view(), 0);
        QCOMPARE(settledMs(w.window, QStringLiteral("both")), std::optional<double>(150));
        QCOMPARE(reran.count(), 2);

        // A bad file changes nothing: the history stays.
        QVERIFY(!w.window.openFile(dir.filePath(QStringLiteral("missing.json"))));
        QCOMPARE(rowTexts(w.view()),
                 (QStringList{QStringLiteral("Opened weather.json"), QStringLiteral("weather latency 150 → 400 ms")}));
    }

    // A scenario that is not its file's saved state says so in its first row.
    void anUnsavedStartIsNamed()
    {
        ScenarioDocument document;
        UndoHistoryDock dock(&document);
        document.newScenario();
        QCOMPARE(dock.originText(), QStringLiteral("New scenario"));
        QVERIFY(document.load(QStringLiteral("example:dashboard")));
        QCOMPARE(dock.originText(), QStringLiteral("Opened example:dashboard"));
        dock.showOrigin(true);
        QCOMPARE(dock.originText(), QStringLiteral("Opened example:dashboard"));
        // As a picture or a recording opens: no path of its own, modified from the start.
        document.setScenario(document.scenario(), QString(), QStringLiteral("slide"));
        document.setDirty(true);
        dock.showOrigin(true);
        QCOMPARE(dock.originText(), QStringLiteral("Opened slide (not saved)"));
        // As a recovered session comes back.
        document.setScenario(document.scenario(), QStringLiteral("/tmp/x/plan.json"), QStringLiteral("plan.json"));
        document.setDirty(true);
        dock.showOrigin(false);
        QCOMPARE(dock.originText(), QStringLiteral("Recovered plan.json"));
    }

    void theDockOutlivesItsDocument()
    {
        auto document = std::make_unique<ScenarioDocument>();
        QVERIFY(document->load(QStringLiteral("example:profile")));
        document->setTaskLatency(0, 10);
        UndoHistoryDock dock(document.get());
        QCOMPARE(dock.view()->model()->rowCount(), 2);
        document.reset();
        QCOMPARE(dock.view()->stack(), nullptr);
        QCOMPARE(dock.view()->model()->rowCount(), 0);
        dock.showOrigin(true); // nothing to name: no crash, no change
        QCOMPARE(dock.originText(), QStringLiteral("Opened example:profile"));
    }

    void aRecordingShownReadOnlyDisablesIt()
    {
        Window w;
        QString error;
        QVERIFY2(w.window.openFile(QStringLiteral(ASYNCSCOPE_TEST_DATA "/recordings/parallel.har"), &error),
                 qPrintable(error));
        QVERIFY(!w.window.historyDock()->widget()->isEnabled());
        QVERIFY(w.window.openFile(QStringLiteral("example:profile")));
        QVERIFY(w.window.historyDock()->widget()->isEnabled());
    }
};

QTEST_MAIN(TestUndoHistory)
#include "tst_undo_history.moc"
