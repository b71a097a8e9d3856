// A recorded trace (our own chrome-trace output here) opens in the window
// read-only, next to nothing to edit; opening a scenario afterwards brings
// the editors back.

#include "scenario_run.h"
#include "document_controller.h"
#include "main_window.h"
#include "recording_notice.h"
#include "scenario_panel.h"
#include "task_table_model.h"
#include "scenario.h"
#include "timeline_view.h"
#include "trace_json.h"

#include <QDockWidget>
#include <QTemporaryDir>
#include <QPushButton>
#include <QStackedWidget>
#include <QTest>

using namespace asyncscope;

class TestTraceWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chromeTraceOpensReadOnly();
};

void TestTraceWindow::chromeTraceOpensReadOnly()
{
    const LoadResult loaded = loadScenarioFile(QStringLiteral("example:zombies"));
    QVERIFY(loaded.ok());
    const RunTrace run = runVirtual(*loaded.scenario, {});
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("zombies.trace.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(toChromeTrace(run));
    file.close();

    MainWindow window(false);
    QVERIFY(window.openFile(QStringLiteral("example:profile")));
    QString error;
    QVERIFY2(window.openFile(path, &error), qPrintable(error));
    QVERIFY(window.documentController()->isTraceOnly());
    QVERIFY(window.windowTitle().contains(QLatin1String("read-only")));
    const RunTrace &shown = window.timeline()->trace();
    QCOMPARE(shown.plans.size(), run.plans.size());
    QCOMPARE(shown.plans.at(0).spans.size(), 3);
    QCOMPARE(shown.plans.at(0).settledMs.value_or(-1), 100.0);
    // The Scenario dock says what is shown instead of an empty editor, and offers the way to one.
    QVERIFY(!window.scenarioPanel()->isEnabled());
    auto *notice = window.findChild<RecordingNotice *>(QStringLiteral("recordingNotice"));
    QVERIFY(notice);
    auto *pages = qobject_cast<QStackedWidget *>(notice->parentWidget());
    QVERIFY(pages);
    QCOMPARE(pages->currentWidget(), notice);
    QVERIFY2(notice->text().startsWith(QLatin1String("zombies.trace.json is shown as it was recorded")), qPrintable(notice->text()));
    QPushButton *turn = notice->findChild<QPushButton *>();
    QVERIFY(turn);
    QCOMPARE(turn->text(), QStringLiteral("Turn Recording into Scenario…"));
    // Its button makes the scenario of the recording shown: one task per span, the editor back.
    turn->click();
    QVERIFY(!window.documentController()->isTraceOnly());
    QCOMPARE(pages->currentWidget(), window.scenarioPanel());
    QVERIFY(window.scenarioPanel()->isEnabled());
    int spans = 0;
    for (const PlanTrace &plan : run.plans)
        spans += int(plan.spans.size());
    QCOMPARE(spans, 6); // two processes of three spans each
    QCOMPARE(window.scenarioPanel()->taskModel()->rowCount(), spans);

    QVERIFY(window.openFile(QStringLiteral("example:profile")));
    QVERIFY(!window.documentController()->isTraceOnly());
    QVERIFY(window.scenarioPanel()->isEnabled());
    QCOMPARE(pages->currentWidget(), window.scenarioPanel());
    QCOMPARE(window.timeline()->trace().plans.at(0).settledMs.value_or(-1), 800.0);
}

QTEST_MAIN(TestTraceWindow)
#include "tst_trace_window.moc"
