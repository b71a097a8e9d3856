// The main window end to end (offscreen): open an example, edit tasks and
// plans through the real editors, and check the re-run, the status bar, the
// inline errors, saving and the unsaved-changes question.

#include "code_panel.h"
#include "document_controller.h"
#include "latency_scale.h"
#include "main_window.h"
#include "plan_list_editor.h"
#include "playback_controller.h"
#include "run_controller.h"
#include "scenario_document.h"
#include "scenario_panel.h"
#include "summary_chart.h"
#include "task_table_model.h"
#include "timeline_view.h"

#include <QDockWidget>
#include <QLineEdit>
#include <QMimeData>
#include <QApplication>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace asyncscope;

namespace {

QModelIndex taskIndex(MainWindow &window, const QString &id, int column)
{
    const int row = window.document()->scenario().taskIndex(id);
    return window.scenarioPanel()->taskModel()->index(row, column);
}

void typeExpression(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void opensTheProfileExample()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const RunTrace &trace = window.timeline()->trace();
        QCOMPARE(trace.plans.size(), 2);
        QCOMPARE(trace.plans.at(0).settledMs, std::optional<double>(800));
        QCOMPARE(trace.plans.at(1).settledMs, std::optional<double>(200));
        QCOMPARE(window.statusComparison(), QStringLiteral("sequential 800 ms · parallel 200 ms (4.0× faster)"));
        QCOMPARE(window.summaryChart()->barCount(), 2);
        QCOMPARE(window.summaryChart()->barValue(0), 800.0);
        // Paused at the end: the final state, no playhead line.
        QCOMPARE(window.timeline()->playhead(), std::nullopt);
        QVERIFY(!window.document()->isDirty());
        QVERIFY(!window.isWindowModified());
    }

    void latencyEditReRuns()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        QSignalSpy rerun(window.runController(), &RunController::rerunFinished);
        QVERIFY(window.scenarioPanel()->taskModel()->setData(
            taskIndex(window, QStringLiteral("user"), TaskTableModel::LatencyColumn), 500.0));
        QTRY_COMPARE(rerun.count(), 1);
        QCOMPARE(window.timeline()->trace().plans.at(0).settledMs, std::optional<double>(1100));
        QCOMPARE(window.timeline()->trace().plans.at(1).settledMs, std::optional<double>(500));
        QCOMPARE(window.summaryChart()->barValue(0), 1100.0);
        QCOMPARE(window.statusComparison(), QStringLiteral("sequential 1100 ms · parallel 500 ms (2.2× faster)"));
        QVERIFY(window.document()->isDirty());
        QVERIFY(window.isWindowModified());
    }

    void theSliderEditsTheLatency()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QWidget *editor = window.scenarioPanel()->taskTable()->indexWidget(
            taskIndex(window, QStringLiteral("posts"), TaskTableModel::LatencyColumn));
        QVERIFY(editor);
        auto *slider = editor->findChild<QSlider *>();
        QVERIFY(slider);
        QCOMPARE(slider->value(), sliderPositionForLatency(200)); // logarithmic: 1 ms … 60 s
        QSignalSpy rerun(window.runController(), &RunController::rerunFinished);
        slider->setValue(sliderPositionForLatency(50)); // as a drag would
        QCOMPARE(rerun.count(), 1);
        QCOMPARE(window.timeline()->trace().plans.at(0).settledMs, std::optional<double>(650));
        QCOMPARE(window.timeline()->trace().plans.at(1).settledMs, std::optional<double>(200));
    }

    void failsToggleRejects()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        QVERIFY(window.scenarioPanel()->taskModel()->setData(
            taskIndex(window, QStringLiteral("posts"), TaskTableModel::FailsColumn), Qt::Checked, Qt::CheckStateRole));
        const RunTrace &trace = window.timeline()->trace();
        QVERIFY(trace.plans.at(0).outcome == PlanOutcome::Rejected);
        QCOMPARE(trace.plans.at(0).settledMs, std::optional<double>(400)); // seq stops at the second step
        QVERIFY(trace.plans.at(1).outcome == PlanOutcome::Rejected);
        QCOMPARE(trace.plans.at(1).settledMs, std::optional<double>(200));
        QCOMPARE(window.statusComparison(),
                 QStringLiteral("sequential rejected at 400 ms · parallel rejected at 200 ms"));
        QVERIFY(window.scenarioPanel()->taskModel()->setData(
            taskIndex(window, QStringLiteral("posts"), TaskTableModel::FailsColumn), Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(window.timeline()->trace().plans.at(1).outcome == PlanOutcome::Fulfilled);
    }

    void clickingTheFailsToggleRejects()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTableView *table = window.scenarioPanel()->taskTable();
        const QModelIndex fails = taskIndex(window, QStringLiteral("user"), TaskTableModel::FailsColumn);
        const QPoint centre = table->visualRect(fails).center();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, centre);
        QCOMPARE(fails.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(window.timeline()->trace().plans.at(0).outcome == PlanOutcome::Rejected);
        QCOMPARE(window.timeline()->trace().plans.at(0).settledMs, std::optional<double>(200));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, centre);
        QCOMPARE(fails.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QVERIFY(window.timeline()->trace().plans.at(0).outcome == PlanOutcome::Fulfilled);
    }

    void invalidPlanShowsTheColumnAndTheWindowKeepsWorking()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        PlanListEditor *plans = window.scenarioPanel()->planEditor();
        QCOMPARE(plans->planCount(), 2);

        typeExpression(plans->expressionEdit(1), QStringLiteral("all(user, psts)"));
        QVERIFY(plans->isErrorShown(1));
        QVERIFY2(plans->errorText(1).contains(QStringLiteral("column 11")), qPrintable(plans->errorText(1)));
        QVERIFY2(plans->errorText(1).contains(QStringLiteral("posts")), qPrintable(plans->errorText(1))); // the suggestion
        // The plan keeps its last good trace, marked as such.
        QCOMPARE(window.timeline()->trace().plans.size(), 2);
        QCOMPARE(window.timeline()->trace().plans.at(1).settledMs, std::optional<double>(200));

        // Other edits still re-run everything.
        QVERIFY(window.scenarioPanel()->taskModel()->setData(
            taskIndex(window, QStringLiteral("user"), TaskTableModel::LatencyColumn), 300.0));
        QCOMPARE(window.timeline()->trace().plans.at(0).settledMs, std::optional<double>(900));
        QCOMPARE(window.timeline()->trace().plans.at(1).settledMs, std::optional<double>(300));
        QVERIFY(window.timeline()->trace().plans.at(1).name.startsWith(QStringLiteral("parallel")));
        QVERIFY(window.timeline()->trace().plans.at(1).name.contains(QStringLiteral("last valid")));
        QCOMPARE(window.timeline()->trace().plans.at(1).id, QStringLiteral("parallel")); // identity stays
        // Clicking one of its spans selects it in the code panel, by id, not by the decorated name.
        QCOMPARE(window.codePanel()->currentPlan(), QStringLiteral("sequential"));
        emit window.timeline()->spanClicked(1, 0);
        QCOMPARE(window.codePanel()->currentPlan(), QStringLiteral("parallel"));

        // Unbalanced parenthesis, then fixed.
        typeExpression(plans->expressionEdit(1), QStringLiteral("race(user, posts"));
        QVERIFY(plans->isErrorShown(1));
        QVERIFY(plans->errorText(1).contains(QStringLiteral("column")));
        typeExpression(plans->expressionEdit(1), QStringLiteral("race(user, posts)"));
        QVERIFY(!plans->isErrorShown(1));
        QCOMPARE(window.timeline()->trace().plans.at(1).run, QStringLiteral("race(user, posts)"));
        QCOMPARE(window.timeline()->trace().plans.at(1).name, QStringLiteral("parallel"));
        QCOMPARE(window.timeline()->trace().plans.at(1).settledMs, std::optional<double>(200));
    }

    void seedAndRerollReRun()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        QSignalSpy rerun(window.runController(), &RunController::rerunFinished);
        window.setSeed(42);
        QCOMPARE(rerun.count(), 1);
        QCOMPARE(window.timeline()->trace().seed, quint64(42));
    }

    void saveThroughTheDocumentAndReload()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("profile-edited.json"));
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        QVERIFY(window.scenarioPanel()->taskModel()->setData(
            taskIndex(window, QStringLiteral("followers"), TaskTableModel::LatencyColumn), 1000.0));
        QString error;
        QVERIFY2(window.document()->saveAs(path, &error), qPrintable(error));
        QVERIFY(!window.isWindowModified());
        QVERIFY(window.windowTitle().contains(QStringLiteral("profile-edited.json")));

        MainWindow other(false);
        QVERIFY(other.openFile(path, &error));
        QCOMPARE(other.document()->scenario().toJson(), window.document()->scenario().toJson());
        QCOMPARE(other.timeline()->trace().plans.at(0).settledMs, std::optional<double>(1600));
    }

    void unsavedChangesAreAskedAbout()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        int asked = 0;
        QMessageBox::StandardButton answer = QMessageBox::Cancel;
        window.documentController()->setUnsavedChangesQuestion([&] {
            ++asked;
            return answer;
        });

        QVERIFY(window.close()); // clean: no question
        QCOMPARE(asked, 0);
        window.show();

        window.document()->setTaskLatency(0, 10);
        QVERIFY(window.document()->isDirty());
        QVERIFY(!window.close());
        QCOMPARE(asked, 1);
        QVERIFY(window.isVisible());
        QVERIFY(!window.documentController()->requestOpen(QStringLiteral("example:zombies"))); // cancelled: still the profile
        QCOMPARE(asked, 2);
        QCOMPARE(window.document()->displayName(), QStringLiteral("example:profile"));

        answer = QMessageBox::Discard;
        QVERIFY(window.documentController()->requestOpen(QStringLiteral("example:zombies")));
        QCOMPARE(asked, 3);
        QCOMPARE(window.document()->displayName(), QStringLiteral("example:zombies"));
        QVERIFY(!window.document()->isDirty());
        QVERIFY(window.close());
        QCOMPARE(asked, 3);
    }

    void droppingAScenarioFileOpensIt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("dropped.json"));
        {
            MainWindow source(false);
            QVERIFY(source.openFile(QStringLiteral("example:zombies")));
            QVERIFY(source.document()->saveAs(path));
        }
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Scenario files, recordings and pictures asyncscope exported are taken
        // (tst_picture_window); anything else is refused at the door.
        QMimeData notJson;
        notJson.setUrls({QUrl::fromLocalFile(dir.filePath(QStringLiteral("notes.txt")))});
        QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &notJson, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &refused);
        QVERIFY(!refused.isAccepted());

        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QTRY_COMPARE(window.document()->displayName(), QStringLiteral("dropped.json"));
        QCOMPARE(window.document()->filePath(), QFileInfo(path).absoluteFilePath());
        QCOMPARE(window.timeline()->trace().plans.at(0).name, QStringLiteral("all"));
    }

    void playbackDrivesTheTimeline()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        window.playback()->toStart();
        QCOMPARE(window.timeline()->playhead(), std::optional<double>(0));
        window.playback()->stepForward();
        QCOMPARE(window.timeline()->playhead(), std::optional<double>(200));
        emit window.timeline()->playheadDragged(333);
        QCOMPARE(window.playback()->position(), 333.0);
        QCOMPARE(window.timeline()->playhead(), std::optional<double>(333));
        window.playback()->toEnd();
        QCOMPARE(window.timeline()->playhead(), std::nullopt);
    }

    void arrowsStepAndShiftArrowsPan()
    {
        MainWindow window(false);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        TimelineView *view = window.timeline();
        view->setFocus();
        view->zoomControl()->setRange(200, 400);
        window.playback()->toStart();

        QTest::keyClick(view, Qt::Key_Right); // the window's step: the next event, no pan
        QCOMPARE(view->playhead(), std::optional<double>(200));
        QCOMPARE(view->zoomControl()->startMs(), 200.0);

        QTest::keyClick(view, Qt::Key_Right, Qt::ShiftModifier); // pans a tenth of the window
        QCOMPARE(view->zoomControl()->startMs(), 220.0);
        QTest::keyClick(view, Qt::Key_Left, Qt::ShiftModifier);
        QCOMPARE(view->zoomControl()->startMs(), 200.0);
        QCOMPARE(view->playhead(), std::optional<double>(200));
    }

    void themesAndPresenterMode()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.setThemeName(QStringLiteral("dark")));
        QCOMPARE(window.timeline()->theme().kind, Theme::Kind::Dark);
        QCOMPARE(window.palette().color(QPalette::Base), Theme::dark().background);
        QVERIFY(!window.setThemeName(QStringLiteral("neon")));

        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("scenarioDock"));
        QVERIFY(dock && dock->isVisible());
        window.setPresenterMode(true);
        QVERIFY(!dock->isVisible());
        QVERIFY(window.timeline()->theme().scale > 1.0);
        window.setPresenterMode(false);
        QVERIFY(dock->isVisible());
        QCOMPARE(window.timeline()->theme().scale, 1.0);
        QCOMPARE(window.timeline()->theme().kind, Theme::Kind::Dark);
    }

    void badFileIsRefusedWithoutChange()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        QString error;
        QVERIFY(!window.openFile(QStringLiteral("/no/such/file.json"), &error));
        QVERIFY(error.contains(QStringLiteral("/no/such/file.json")));
        QCOMPARE(window.timeline()->trace().plans.size(), 2);
    }

    // Issue 7 point 5: an edit must be on screen within a frame.
    void rerunIsFasterThanAFrame_data()
    {
        QTest::addColumn<QString>("example");
        for (const ExampleInfo &info : builtInExamples())
            QTest::addRow("%s", qPrintable(info.name)) << info.name;
    }

    void rerunIsFasterThanAFrame()
    {
        QFETCH(QString, example);
        MainWindow window(false);
        window.resize(1440, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openFile(QStringLiteral("example:") + example));
        // JavaScript runs off the GUI thread; the first one starts the run thread's Node.
        QTRY_VERIFY_WITH_TIMEOUT(!window.runController()->isRunning(), 15000);
        QList<double> times;
        for (int i = 0; i < 7; ++i) {
            window.document()->setTaskLatency(0, window.document()->scenario().tasks.at(0).nominalLatencyMs(1) + 10);
            QTRY_VERIFY_WITH_TIMEOUT(!window.runController()->isRunning(), 15000);
            times << window.runController()->lastRerunMs();
        }
        std::sort(times.begin(), times.end());
        // The best of 7 is the cost of the work; the median also carries whatever
        // else the (shared, 2-core) machine was doing, so it is reported, not judged.
        qInfo("%s: re-run and repaint: best %.2f ms, median %.2f ms", qPrintable(example), times.first(),
              times.at(times.size() / 2));
        // JavaScript plans cross to the Node worker and back, one round trip
        // each: their goal is 20 ms (issue 17). Under AddressSanitizer the
        // budgets only catch a gross slowdown (the sanitizer costs 2-4x, and
        // CI's sanitizer run shares the machine): speed is judged by the
        // Release run.
        // The plans of one scenario take turns on the run thread's worker: each
        // JavaScript plan may cost a round trip of 10 ms, a scenario 20 ms at
        // least (the tutorial's two loadProfile versions). Measured: js-combinators'
        // five plans 12.4 ms best on Node 20 here, 22.9-42.0 ms with Debian's
        // Node.js 18 in the fresh-machine check while another test ran beside it.
        const auto &plans = window.document()->scenario().plans;
        const auto javaScriptPlans =
            std::count_if(plans.cbegin(), plans.cend(), [](const PlanSpec &p) { return p.isJavaScript(); });
        const double javaScriptMs = 10.0 * double(std::max<qsizetype>(2, javaScriptPlans));
#if defined(__SANITIZE_ADDRESS__)
        const double budgetMs = javaScriptPlans > 0 ? 150.0 : 64.0;
#else
        const double budgetMs = javaScriptPlans > 0 ? javaScriptMs : 16.0;
#endif
        QVERIFY2(times.first() < budgetMs, qPrintable(QStringLiteral("%1 ms").arg(times.first())));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
