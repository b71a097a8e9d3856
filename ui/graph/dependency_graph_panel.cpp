#include "dependency_graph_panel.h"

#include "dependency_graph_view.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace asyncscope {

namespace {
// The plan whose run is the eager dependency graph says most about it, then one run level by level.
int defaultPlan(const RunTrace &trace)
{
    for (const QLatin1String kind : {QLatin1String("graph("), QLatin1String("levels(")}) {
        for (int i = 0; i < trace.plans.size(); ++i) {
            if (trace.plans.at(i).run.trimmed().startsWith(kind))
                return i;
        }
    }
    return trace.plans.isEmpty() ? -1 : 0;
}
} // namespace

DependencyGraphPanel::DependencyGraphPanel(QWidget *parent)
    : QWidget(parent), m_plans(new QComboBox(this)), m_view(new DependencyGraphView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *row = new QHBoxLayout;
    auto *label = new QLabel(tr("Critical path of"), this);
    label->setBuddy(m_plans);
    row->addWidget(label);
    row->addWidget(m_plans, 1);
    m_plans->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_plans->setMinimumContentsLength(8);
    layout->addLayout(row);
    layout->addWidget(m_view, 1);
    connect(m_plans, &QComboBox::activated, this, [this] {
        m_userChosePlan = true;
        showSelectedPlan();
    });
}

void DependencyGraphPanel::setScenario(const Scenario &scenario)
{
    m_view->setScenario(scenario);
    showSelectedPlan();
}

void DependencyGraphPanel::setTrace(const RunTrace &trace)
{
    const QString previous = m_plans->currentText();
    m_trace = trace;
    const QSignalBlocker blocker(m_plans);
    m_plans->clear();
    for (const PlanTrace &plan : m_trace.plans)
        m_plans->addItem(plan.name);
    const int kept = m_userChosePlan ? m_plans->findText(previous) : -1;
    m_plans->setCurrentIndex(kept >= 0 ? kept : defaultPlan(m_trace));
    showSelectedPlan();
}

void DependencyGraphPanel::selectPlan(int planIndex)
{
    if (planIndex < 0 || planIndex >= m_plans->count())
        return;
    m_userChosePlan = true;
    m_plans->setCurrentIndex(planIndex);
    showSelectedPlan();
}

int DependencyGraphPanel::selectedPlan() const
{
    return m_plans->currentIndex();
}

void DependencyGraphPanel::showSelectedPlan()
{
    const int index = m_plans->currentIndex();
    m_view->setPlanRun(index >= 0 && index < m_trace.plans.size() ? &m_trace.plans.at(index) : nullptr);
}

} // namespace asyncscope
