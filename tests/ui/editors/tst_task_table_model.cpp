// The Scenario dock's task table: QAbstractItemModelTester watches it (every
// signal and index it emits must be consistent) while the user edits
// latencies, failures and failure rates and replaces the whole scenario.

#include "scenario_document.h"
#include "task_table_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace asyncscope;

class TestTaskTableModel : public QObject
{
    Q_OBJECT

private slots:
    void consistentThroughEdits()
    {
        ScenarioDocument document;
        QVERIFY(document.load(QStringLiteral("example:profile")));
        TaskTableModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), int(TaskTableModel::ColumnCount));
        QCOMPARE(model.data(model.index(0, TaskTableModel::IdColumn)).toString(), QStringLiteral("user"));
        QCOMPARE(model.data(model.index(0, TaskTableModel::LatencyColumn), Qt::EditRole).toDouble(), 200.0);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.setData(model.index(1, TaskTableModel::LatencyColumn), 450.0));
        QCOMPARE(document.scenario().tasks.at(1).nominalLatencyMs(), 450.0);
        QVERIFY(model.setData(model.index(2, TaskTableModel::FailsColumn), Qt::Checked, Qt::CheckStateRole));
        QVERIFY(document.scenario().tasks.at(2).nominalFails());
        QVERIFY(model.setData(model.index(3, TaskTableModel::FailureRateColumn), 0.25));
        QCOMPARE(document.scenario().tasks.at(3).failureRate, 0.25);
        QVERIFY(changed.count() >= 3);
        // The id is renamed in place (plans follow); a taken id is refused in one line.
        QSignalSpy refused(&model, &TaskTableModel::refused);
        QVERIFY(model.setData(model.index(0, TaskTableModel::IdColumn), QStringLiteral("renamed")));
        QCOMPARE(document.scenario().tasks.at(0).id, QStringLiteral("renamed"));
        QVERIFY(!model.setData(model.index(0, TaskTableModel::IdColumn), document.scenario().tasks.at(1).id));
        QCOMPARE(refused.count(), 1);
        QVERIFY(model.setData(model.index(0, TaskTableModel::LabelColumn), QStringLiteral("GET /renamed")));
        QCOMPARE(model.data(model.index(0, TaskTableModel::LabelColumn)).toString(), QStringLiteral("GET /renamed"));
        // Rows added and removed through the document are announced as resets.
        QCOMPARE(document.addTask(), 4);
        QCOMPARE(model.rowCount(), 5);
        QVERIFY(document.removeTask(4));
        QCOMPARE(model.rowCount(), 4);
        QVERIFY(!model.setData(model.index(9, TaskTableModel::LatencyColumn), 1.0));                  // no such row

        // A new scenario resets the table; the tester checks the reset is announced properly.
        QVERIFY(document.load(QStringLiteral("example:build-order")));
        QCOMPARE(model.rowCount(), int(document.scenario().tasks.size()));
        document.newScenario();
        QCOMPARE(model.rowCount(), int(document.scenario().tasks.size()));
    }
};

QTEST_MAIN(TestTaskTableModel)
#include "tst_task_table_model.moc"
