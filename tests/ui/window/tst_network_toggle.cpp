// The window's "Simulated / Real network" toggle runs the same scenario both
// ways: the real run goes through QNetworkAccessManager to the embedded
// latency server and lands on the same timeline.

#include "main_window.h"
#include "run_controller.h"
#include "timeline_view.h"

#include <QComboBox>
#include <QTest>

using namespace asyncscope;

class TestNetworkToggle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameScenarioBothWays();
};

void TestNetworkToggle::sameScenarioBothWays()
{
    MainWindow window(false);
    QVERIFY(window.openFile(QStringLiteral("example:profile")));
    QCOMPARE(window.runController()->trace().clock, QStringLiteral("virtual"));
    QCOMPARE(window.runController()->trace().plans.at(1).settledMs.value_or(-1), 200.0);

    window.runController()->setRealNetwork(true);
    const RunTrace &real = window.runController()->trace();
    QCOMPARE(real.clock, QStringLiteral("real"));
    QCOMPARE(real.plans.size(), 2);
    for (int i = 0; i < 2; ++i) {
        const double virtualMs = i == 0 ? 800 : 200;
        QVERIFY(real.plans.at(i).outcome == PlanOutcome::Fulfilled);
        const double settled = real.plans.at(i).settledMs.value_or(-1);
        // Loopback is fast; the margin is for a loaded CI machine.
        QVERIFY2(settled >= virtualMs && settled <= virtualMs + 60 + virtualMs * 0.15,
                 qPrintable(QStringLiteral("%1 settled at %2 ms").arg(real.plans.at(i).name).arg(settled)));
    }
    QCOMPARE(window.timeline()->trace().clock, QStringLiteral("real"));
    QCOMPARE(window.findChild<QComboBox *>(QStringLiteral("clockCombo"))->currentIndex(), 1);

    window.runController()->setRealNetwork(false);
    QCOMPARE(window.runController()->trace().clock, QStringLiteral("virtual"));
    QCOMPARE(window.runController()->trace().plans.at(0).settledMs.value_or(-1), 800.0);
    QCOMPARE(window.findChild<QComboBox *>(QStringLiteral("clockCombo"))->currentIndex(), 0);
}

QTEST_MAIN(TestNetworkToggle)
#include "tst_network_toggle.moc"
