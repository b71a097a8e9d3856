#include "scenario_panel.h"

#include "plan_list_editor.h"
#include "scenario_document.h"
#include "task_editor_delegate.h"
#include "task_table_model.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace asyncscope {

ScenarioPanel::ScenarioPanel(ScenarioDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_description(new QLabel(this))
    , m_taskModel(new TaskTableModel(document, this))
    , m_taskTable(new QTableView(this))
    , m_planEditor(new PlanListEditor(document, this))
{
    m_description->setWordWrap(true);
    m_description->setContentsMargins(6, 4, 6, 4);

    m_taskTable->setModel(m_taskModel);
    m_taskTable->setItemDelegate(new TaskEditorDelegate(m_taskTable));
    m_taskTable->verticalHeader()->hide();
    m_taskTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_taskTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_taskTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_taskTable->setWordWrap(false);
    m_taskTable->setTextElideMode(Qt::ElideMiddle); // "GET /api/…/posts" keeps both ends
    m_taskTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_taskTable->verticalHeader()->setDefaultSectionSize(30);
    QHeaderView *header = m_taskTable->horizontalHeader();
    header->setSectionResizeMode(TaskTableModel::IdColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(TaskTableModel::LabelColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(TaskTableModel::LatencyColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(TaskTableModel::FailsColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(TaskTableModel::FailureRateColumn, QHeaderView::ResizeToContents);
    header->resizeSection(TaskTableModel::LabelColumn, 120);

    auto *plansScroll = new QScrollArea(this);
    plansScroll->setWidgetResizable(true);
    plansScroll->setFrameShape(QFrame::NoFrame);
    plansScroll->setWidget(m_planEditor);

    auto *tasksBox = new QWidget(this);
    auto *tasksLayout = new QVBoxLayout(tasksBox);
    tasksLayout->setContentsMargins(0, 0, 0, 0);
    auto *tasksTitle = new QLabel(tr("<b>Tasks</b>"), tasksBox);
    tasksTitle->setContentsMargins(6, 4, 6, 0);
    tasksLayout->addWidget(m_description);
    tasksLayout->addWidget(tasksTitle);
    tasksLayout->addWidget(m_taskTable);

    auto *plansBox = new QWidget(this);
    auto *plansLayout = new QVBoxLayout(plansBox);
    plansLayout->setContentsMargins(0, 0, 0, 0);
    auto *plansTitle = new QLabel(tr("<b>Plans</b>"), plansBox);
    plansTitle->setContentsMargins(6, 4, 6, 0);
    plansLayout->addWidget(plansTitle);
    plansLayout->addWidget(plansScroll);

    m_splitter = new QSplitter(Qt::Vertical, this);
    auto *splitter = m_splitter;
    splitter->addWidget(tasksBox);
    splitter->addWidget(plansBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_document, &ScenarioDocument::scenarioReplaced, this, &ScenarioPanel::openLiveEditors);
    openLiveEditors();
}

void ScenarioPanel::openLiveEditors()
{
    m_description->setText(m_document->scenario().description);
    m_description->setVisible(!m_document->scenario().description.isEmpty());
    // Persistent editors: the sliders are always there to drag, no double-click first.
    for (int row = 0; row < m_taskModel->rowCount(); ++row) {
        for (int column = 0; column < TaskTableModel::ColumnCount; ++column) {
            if (!TaskEditorDelegate::hasLiveEditor(column))
                continue;
            const QModelIndex index = m_taskModel->index(row, column);
            m_taskTable->openPersistentEditor(index);
            // The view selects a spin box editor's text as it opens it (meant
            // for an editor opened to type in); in an always-open editor every
            // row would show highlighted text.
            if (QWidget *editor = m_taskTable->indexWidget(index)) {
                for (QLineEdit *text : editor->findChildren<QLineEdit *>())
                    text->deselect();
            }
        }
    }
    // Give the task table the height of its rows (up to two thirds), the plans the rest.
    const int rows = m_taskModel->rowCount();
    const int tableHeight = m_taskTable->horizontalHeader()->sizeHint().height()
        + rows * m_taskTable->verticalHeader()->defaultSectionSize() + 2 * m_taskTable->frameWidth() + 4;
    const int tasksHeight = tableHeight + 40 + (m_description->isVisible() ? m_description->sizeHint().height() : 0);
    const int total = std::max(height(), 600);
    const int tasks = std::min(tasksHeight, total * 2 / 3);
    m_splitter->setSizes({tasks, total - tasks});
}

} // namespace asyncscope
