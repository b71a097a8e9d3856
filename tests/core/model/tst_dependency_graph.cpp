// The dependency graph of a scenario's needs in levels, as the graph view draws
// it: the tutorial's buildOrder is two steps, the quiz's five calls three.

#include "dependency_graph.h"
#include "scenario.h"

#include <QTest>

using namespace asyncscope;

namespace {

Scenario example(const QString &name)
{
    const LoadResult loaded = loadScenarioFile(QStringLiteral("example:") + name);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.error));
    return *loaded.scenario;
}

TaskSpec task(const QString &id, const QStringList &needs = {})
{
    TaskSpec t;
    t.id = id;
    t.latencyMs = {100};
    t.needs = needs;
    return t;
}

QList<int> levelsOf(const DependencyGraph &graph)
{
    QList<int> levels;
    for (const DependencyNode &node : graph.nodes)
        levels << node.level;
    return levels;
}

} // namespace

class TestDependencyGraph : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildOrderIsTwoSteps()
    {
        const DependencyGraph g = dependencyGraph(example(QStringLiteral("build-order")));
        // user, cart | shipping, tax, inventory
        QCOMPARE(levelsOf(g), (QList<int>{0, 0, 1, 1, 1}));
        QCOMPARE(g.levelCount(), 2);
        QCOMPARE(g.levelWidths, (QList<int>{2, 3}));
        QCOMPARE(g.nodes.at(4).slot, 2); // inventory is the third of level 1
        QCOMPARE(g.edges, (QList<DependencyEdge>{{0, 2}, {1, 2}, {0, 3}, {1, 3}, {1, 4}}));
        QVERIFY(g.hasNeeds());
    }

    void quizIsThreeSteps()
    {
        const DependencyGraph g = dependencyGraph(example(QStringLiteral("quiz")));
        QCOMPARE(levelsOf(g), (QList<int>{0, 0, 1, 1, 2}));
        QCOMPARE(g.levelCount(), 3);
        QCOMPARE(g.levelWidths, (QList<int>{2, 2, 1}));
        QCOMPARE(g.edges.size(), 4);
    }

    void noNeedsIsOneLevel()
    {
        const DependencyGraph g = dependencyGraph(example(QStringLiteral("profile")));
        QCOMPARE(g.levelCount(), 1);
        QVERIFY(!g.hasNeeds());
        QCOMPARE(g.nodes.size(), 4);
    }

    void emptyScenarioHasNoLevels()
    {
        const DependencyGraph g = dependencyGraph(Scenario{});
        QCOMPARE(g.levelCount(), 0);
        QVERIFY(g.nodes.isEmpty());
    }

    void longestChainDecidesTheLevel()
    {
        // d needs a (level 0) and c (level 2): it is level 3, not 1.
        Scenario s;
        s.tasks = {task("a"), task("b", {"a"}), task("c", {"b"}), task("d", {"a", "c"})};
        QCOMPARE(levelsOf(dependencyGraph(s)), (QList<int>{0, 1, 2, 3}));
    }

    void cycleAndUnknownNeedsDoNotHang()
    {
        // An editor may hold a cycle for a moment; the view must still draw.
        Scenario s;
        s.tasks = {task("a", {"b"}), task("b", {"a"}), task("c", {"nope", "c"})};
        const DependencyGraph g = dependencyGraph(s);
        QCOMPARE(g.nodes.size(), 3);
        QCOMPARE(g.edges.size(), 2); // unknown and self needs are left out
        QCOMPARE(levelsOf(g), (QList<int>{1, 0, 0}));
    }
};

QTEST_GUILESS_MAIN(TestDependencyGraph)
#include "tst_dependency_graph.moc"
