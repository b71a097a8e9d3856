#include "dependency_graph_view.h"

#include "critical_path.h"
#include "ruler_ticks.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace asyncscope {

namespace {
constexpr double kMargin = 12;
constexpr double kNodeHeight = 38;
constexpr double kMaxRowStep = 72;   // a tall dock does not spread a few tasks thin
constexpr double kMinColumnGap = 36;

QString nodeLatency(const TaskSpec &task)
{
    return formatDuration(task.nominalLatencyMs(1)) + (task.isRandom() ? QStringLiteral(" ~") : QString());
}
} // namespace

DependencyGraphView::DependencyGraphView(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void DependencyGraphView::setScenario(const Scenario &scenario)
{
    m_scenario = scenario;
    m_graph = dependencyGraph(m_scenario);
    layoutNodes();
    update();
}

void DependencyGraphView::setPlanRun(const PlanTrace *plan)
{
    m_criticalTasks.clear();
    m_criticalMs = 0;
    m_planName = plan ? plan->name : QString();
    if (plan) {
        const QList<int> path = criticalPath(*plan, m_scenario);
        for (int index : path)
            m_criticalTasks << plan->spans.at(index).task;
        if (!path.isEmpty())
            m_criticalMs = plan->spans.at(path.last()).endOr(0) - plan->spans.at(path.first()).startMs;
    }
    layoutNodes(); // the headline's height may change
    update();
}

// "2 steps" on the first line, the critical path wrapped under it.
QString DependencyGraphView::stepsText() const
{
    const int steps = m_graph.levelCount();
    return steps == 1 ? tr("1 step") : tr("%1 steps").arg(steps);
}

QString DependencyGraphView::pathText() const
{
    if (m_planName.isEmpty() || m_criticalTasks.isEmpty())
        return {};
    return tr("critical path of %1: %2, %3")
        .arg(m_planName, m_criticalTasks.join(QStringLiteral(" → ")), formatDuration(m_criticalMs));
}

double DependencyGraphView::headlineHeight() const
{
    QFont bold = font();
    bold.setBold(true);
    double h = QFontMetricsF(bold).height() + 4;
    const QString path = pathText();
    if (!path.isEmpty())
        h += QFontMetricsF(font())
                 .boundingRect(QRectF(0, 0, std::max(40.0, width() - 2 * kMargin), 1000), Qt::TextWordWrap, path)
                 .height();
    return h + 10;
}

QString DependencyGraphView::headline() const
{
    const QString path = pathText();
    return path.isEmpty() ? stepsText() : stepsText() + QStringLiteral(" · ") + path;
}

bool DependencyGraphView::isCriticalEdge(const DependencyEdge &edge) const
{
    const QString need = m_scenario.tasks.value(edge.need).id;
    const QString dependent = m_scenario.tasks.value(edge.dependent).id;
    for (qsizetype i = 0; i + 1 < m_criticalTasks.size(); ++i) {
        if (m_criticalTasks.at(i) == need && m_criticalTasks.at(i + 1) == dependent)
            return true;
    }
    return false;
}

QRectF DependencyGraphView::nodeRect(const QString &taskId) const
{
    return m_nodeRects.value(taskId);
}

QSize DependencyGraphView::sizeHint() const
{
    int widest = 1;
    for (int w : m_graph.levelWidths)
        widest = std::max(widest, w);
    return QSize(int(std::max(1, m_graph.levelCount()) * 150 + 2 * kMargin),
                 int(60 + widest * (kNodeHeight + 14) + 2 * kMargin));
}

QSize DependencyGraphView::minimumSizeHint() const
{
    return {200, 120};
}

void DependencyGraphView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutNodes();
}

// Levels are columns left to right (as time runs in the timeline); a level's
// tasks are spread evenly down its column.
void DependencyGraphView::layoutNodes()
{
    m_nodeRects.clear();
    const int columns = m_graph.levelCount();
    if (columns == 0)
        return;
    const QFontMetricsF fm(font());
    double nodeWidth = 70;
    for (const TaskSpec &task : m_scenario.tasks)
        nodeWidth = std::max(nodeWidth, fm.horizontalAdvance(task.id) + 18);
    const double areaLeft = kMargin;
    const double areaWidth = std::max(1.0, width() - 2 * kMargin);
    int widest = 1;
    for (int w : m_graph.levelWidths)
        widest = std::max(widest, w);
    const double available = std::max(1.0, height() - kMargin - headlineHeight() - kMargin);
    const double areaHeight = std::min(available, widest * kMaxRowStep);
    const double areaTop = kMargin + headlineHeight() + (available - areaHeight) / 2;
    nodeWidth = std::min(nodeWidth, std::max(40.0, (areaWidth - (columns - 1) * kMinColumnGap) / columns));
    // Columns at most 220 px apart, the graph centred in what is left.
    const double graphWidth = std::min(areaWidth, nodeWidth + (columns - 1) * 220.0);
    const double columnStep = columns > 1 ? (graphWidth - nodeWidth) / (columns - 1) : 0;
    const double graphLeft = areaLeft + (areaWidth - graphWidth) / 2;
    for (const DependencyNode &node : m_graph.nodes) {
        const int rows = m_graph.levelWidths.at(node.level);
        const double rowStep = areaHeight / rows;
        const double height = std::min(kNodeHeight, rowStep - 6);
        const double x = graphLeft + node.level * columnStep;
        const double y = areaTop + rowStep * node.slot + (rowStep - height) / 2;
        m_nodeRects.insert(m_scenario.tasks.at(node.task).id, QRectF(x, y, nodeWidth, std::max(14.0, height)));
    }
}

void DependencyGraphView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    const QPalette &pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const QColor ink = pal.color(QPalette::Text);
    const QColor muted = pal.color(QPalette::PlaceholderText);
    const QColor accent = pal.color(QPalette::Highlight);

    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(ink);
    const double stepsHeight = QFontMetricsF(bold).height() + 4;
    p.drawText(QRectF(kMargin, kMargin, width() - 2 * kMargin, stepsHeight), Qt::AlignLeft | Qt::AlignVCenter,
               stepsText());
    p.setFont(font());
    p.setPen(accent);
    p.drawText(QRectF(kMargin, kMargin + stepsHeight, width() - 2 * kMargin, headlineHeight() - stepsHeight),
               Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, pathText());
    if (!m_graph.hasNeeds()) {
        p.setFont(font());
        p.setPen(muted);
        p.drawText(rect().adjusted(int(kMargin), int(kMargin + headlineHeight()), -int(kMargin), -int(kMargin)),
                   Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No task needs another: every task can start at once."));
        return;
    }

    // Arrows first, boxes over them.
    for (const DependencyEdge &edge : m_graph.edges) {
        const QRectF from = m_nodeRects.value(m_scenario.tasks.at(edge.need).id);
        const QRectF to = m_nodeRects.value(m_scenario.tasks.at(edge.dependent).id);
        const bool critical = isCriticalEdge(edge);
        const QPointF a(from.right(), from.center().y());
        const QPointF b(to.left(), to.center().y());
        QPainterPath path(a);
        const double bend = std::max(12.0, (b.x() - a.x()) / 2);
        path.cubicTo(a + QPointF(bend, 0), b - QPointF(bend, 0), b);
        p.setPen(QPen(critical ? accent : muted, critical ? 3 : 1.3));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        // Arrow head into the dependent.
        const double h = critical ? 8 : 6;
        QPolygonF head;
        head << b << b + QPointF(-h, -h / 2) << b + QPointF(-h, h / 2);
        p.setBrush(critical ? accent : muted);
        p.setPen(Qt::NoPen);
        p.drawPolygon(head);
    }

    const QFontMetricsF fm(font());
    for (const DependencyNode &node : m_graph.nodes) {
        const TaskSpec &task = m_scenario.tasks.at(node.task);
        const QRectF r = m_nodeRects.value(task.id);
        const bool critical = m_criticalTasks.contains(task.id);
        p.setPen(QPen(critical ? accent : ink, critical ? 3 : 1));
        p.setBrush(pal.color(critical ? QPalette::AlternateBase : QPalette::Button));
        p.drawRoundedRect(r, 6, 6);
        p.setPen(ink);
        p.setFont(critical ? bold : font());
        const QString text = QStringLiteral("%1\n%2").arg(task.id, nodeLatency(task));
        if (r.height() >= 2 * fm.height())
            p.drawText(r, Qt::AlignCenter, text);
        else
            p.drawText(r, Qt::AlignCenter, fm.elidedText(task.id, Qt::ElideRight, r.width() - 6));
    }
}

} // namespace asyncscope
