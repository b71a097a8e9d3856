// The Dependencies dock in the real window (offscreen): the tasks of
// example:build-order in two levels ("2 steps"), the quiz's in three, the
// critical path of the chosen plan drawn thick, and both following an edit of
// a task's needs.

#include "dependency_graph_panel.h"
#include "dependency_graph_view.h"
#include "main_window.h"
#include "scenario_document.h"
#include "timeline_editing.h"
#include "timeline_view.h"

#include <QDockWidget>
#include <QTest>

using namespace asyncscope;

namespace {

struct Window
{
    explicit Window(const QString &example)
    {
        window.resize(1440, 900);
        if (!window.openFile(example))
            qFatal("%s did not open", qPrintable(example));
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            qWarning("window not exposed");
    }
    DependencyGraphPanel *panel() const { return window.timelineEditing()->graphPanel(); }
    DependencyGraphView *view() const { return panel()->view(); }
    MainWindow window{false};
};

} // namespace

class TestDependencyGraphView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void buildOrderInTwoLevels()
    {
        Window w(QStringLiteral("example:build-order"));
        QVERIFY(w.window.timelineEditing()->graphDock()->isVisible()); // a scenario with needs shows it
        QVERIFY(w.view()->headline().startsWith(QStringLiteral("2 steps")));
        // The graph() plan is chosen first: user (300 ms) then shipping (150 ms) decide its 450 ms.
        QCOMPARE(w.panel()->selectedPlan(), 2);
        QCOMPARE(w.view()->criticalTasks(), (QStringList{"user", "shipping"}));
        QCOMPARE(w.view()->headline(), QStringLiteral("2 steps · critical path of graph: user → shipping, 450 ms"));
        QVERIFY(w.view()->isCriticalEdge({0, 2}));  // user → shipping
        QVERIFY(!w.view()->isCriticalEdge({1, 4})); // cart → inventory
        // Levels are columns, left to right; a level's tasks one under another.
        const QRectF user = w.view()->nodeRect(QStringLiteral("user"));
        const QRectF cart = w.view()->nodeRect(QStringLiteral("cart"));
        const QRectF tax = w.view()->nodeRect(QStringLiteral("tax"));
        QVERIFY(!user.isEmpty());
        QCOMPARE(user.left(), cart.left());
        QVERIFY(cart.top() > user.bottom());
        QVERIFY(tax.left() > user.right());

        // The two-levels plan: the slow user call holds back the whole second level.
        w.panel()->selectPlan(1);
        QCOMPARE(w.view()->criticalTasks(), (QStringList{"user", "inventory"}));
    }

    void followsAnEditOfNeeds()
    {
        Window w(QStringLiteral("example:build-order"));
        ScenarioDocument *document = w.window.document();
        const int shipping = document->scenario().taskIndex(QStringLiteral("shipping"));
        QVERIFY(document->setTaskNeeds(shipping, {}));
        // shipping needs nothing now: it joins level 0, and starts at once.
        QCOMPARE(w.view()->graph().levelWidths, (QList<int>{3, 2}));
        QCOMPARE(w.view()->graph().edges.size(), 3);
        QCOMPARE(w.view()->graph().nodes.at(shipping).level, 0);
        // The graph plan now ends with tax (300-400 ms), which waited for user.
        QCOMPARE(w.view()->criticalTasks(), (QStringList{"user", "tax"}));
        QVERIFY(w.view()->isCriticalEdge({0, 3}));
        QVERIFY(!w.view()->isCriticalEdge({0, 2}));

        // A hidden dock is not kept up to date; shown again, it catches up.
        QDockWidget *dock = w.window.timelineEditing()->graphDock();
        dock->hide();
        QVERIFY(document->setTaskNeeds(shipping, {QStringLiteral("user"), QStringLiteral("cart")}));
        QCOMPARE(w.view()->graph().edges.size(), 3);
        dock->show();
        QTRY_COMPARE(w.view()->graph().edges.size(), 5); // as the example has them
        QCOMPARE(w.view()->criticalTasks(), (QStringList{"user", "shipping"}));
    }

    void quizIsThreeSteps()
    {
        Window w(QStringLiteral("example:quiz"));
        QVERIFY(w.view()->headline().startsWith(QStringLiteral("3 steps")));
        QCOMPARE(w.view()->graph().levelWidths, (QList<int>{2, 2, 1}));
        QCOMPARE(w.view()->criticalTasks(), (QStringList{"A", "C", "E"}));
    }

    void clickedBarChoosesThePlan()
    {
        Window w(QStringLiteral("example:build-order"));
        emit w.window.timeline()->spanClicked(0, 0);
        QCOMPARE(w.panel()->selectedPlan(), 0);
        QCOMPARE(w.view()->criticalTasks().size(), 5); // five sequential calls, each after the last
    }

    void noNeedsSaysSo()
    {
        Window w(QStringLiteral("example:profile"));
        QVERIFY(!w.view()->graph().hasNeeds());
        QVERIFY(!w.window.timelineEditing()->graphDock()->isVisible());
    }
};

QTEST_MAIN(TestDependencyGraphView)
#include "tst_dependency_graph_view.moc"
