#include "scenario_panel.h"

#include "field_teardown.h"

#include "plan_list_editor.h"
#include "scenario_document.h"
#include "task_detail_editor.h"
#include "task_editor_delegate.h"
#include "task_table_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace asyncscope {

namespace {

QToolButton *button(QWidget *parent, const QString &text, const QString &toolTip)
{
    auto *made = new QToolButton(parent);
    made->setText(text);
    made->setToolTip(toolTip);
    made->setAutoRaise(true);
    return made;
}

QLabel *title(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setContentsMargins(6, 4, 6, 0);
    return label;
}

} // namespace

ScenarioPanel::~ScenarioPanel()
{
    disconnectFieldsFrom(this);
}

ScenarioPanel::ScenarioPanel(ScenarioDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_name(new QLineEdit(this))
    , m_description(new QPlainTextEdit(this))
    , m_taskModel(new TaskTableModel(document, this))
    , m_taskTable(new QTableView(this))
    , m_taskDetail(new TaskDetailEditor(document, this))
    , m_planEditor(new PlanListEditor(document, this))
    , m_message(new QLabel(this))
{
    m_name->setPlaceholderText(tr("Scenario name"));
    QFont bold = m_name->font();
    bold.setBold(true);
    m_name->setFont(bold);
    m_description->setPlaceholderText(tr("What this scenario shows (one line or a paragraph)"));
    m_description->setTabChangesFocus(true);
    m_description->setMaximumHeight(m_description->fontMetrics().lineSpacing() * 3 + 12);
    m_description->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setStyleSheet(QStringLiteral("color: #d0312d;"));
    m_message->setContentsMargins(6, 0, 6, 0);
    m_message->hide();

    auto *delegate = new TaskEditorDelegate(m_taskTable);
    m_taskTable->setModel(m_taskModel);
    m_taskTable->setItemDelegate(delegate);
    m_taskTable->verticalHeader()->hide();
    m_taskTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_taskTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_taskTable->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
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
    header->resizeSection(TaskTableModel::LabelColumn, 110);
    header->setMinimumSectionSize(40);

    // The latency slider held: one undo step for the whole drag.
    connect(delegate, &TaskEditorDelegate::latencyDragStarted, this, [this](int row) {
        m_document->beginInteractiveEdit(tr("drag %1 latency").arg(m_document->scenario().tasks.value(row).id));
    });
    connect(delegate, &TaskEditorDelegate::latencyDragFinished, m_document, &ScenarioDocument::endInteractiveEdit);
    connect(m_taskModel, &TaskTableModel::refused, this, &ScenarioPanel::showMessage);
    connect(m_planEditor, &PlanListEditor::refused, this, &ScenarioPanel::showMessage);

    auto *plansScroll = new QScrollArea(this);
    plansScroll->setWidgetResizable(true);
    plansScroll->setFrameShape(QFrame::NoFrame);
    plansScroll->setWidget(m_planEditor);
    plansScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *detailScroll = new QScrollArea(this);
    detailScroll->setWidgetResizable(true);
    detailScroll->setFrameShape(QFrame::NoFrame);
    detailScroll->setWidget(m_taskDetail);
    detailScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *tasksBox = new QWidget(this);
    auto *tasksLayout = new QVBoxLayout(tasksBox);
    tasksLayout->setContentsMargins(0, 0, 0, 0);
    tasksLayout->setSpacing(2);
    auto *scenarioRow = new QVBoxLayout;
    scenarioRow->setContentsMargins(6, 4, 6, 0);
    scenarioRow->addWidget(m_name);
    scenarioRow->addWidget(m_description);
    tasksLayout->addLayout(scenarioRow);
    auto *tasksHeader = new QHBoxLayout;
    tasksHeader->setContentsMargins(0, 0, 0, 0);
    tasksHeader->addWidget(title(tr("<b>Tasks</b>"), tasksBox));
    tasksHeader->addStretch(1);
    tasksHeader->addWidget(taskButtons());
    tasksLayout->addLayout(tasksHeader);
    tasksLayout->addWidget(m_taskTable);

    auto *plansBox = new QWidget(this);
    auto *plansLayout = new QVBoxLayout(plansBox);
    plansLayout->setContentsMargins(0, 0, 0, 0);
    auto *plansHeader = new QHBoxLayout;
    plansHeader->addWidget(title(tr("<b>Plans</b>"), plansBox));
    plansHeader->addStretch(1);
    plansHeader->addWidget(planButtons());
    plansLayout->addLayout(plansHeader);
    plansLayout->addWidget(plansScroll);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(tasksBox);
    m_splitter->addWidget(detailScroll);
    m_splitter->addWidget(plansBox);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setChildrenCollapsible(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addWidget(m_splitter);

    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        QString error;
        if (!m_document->setScenarioName(m_name->text(), &error))
            showMessage(error);
    });
    connect(m_description, &QPlainTextEdit::textChanged, this, [this] {
        if (m_description->toPlainText() != m_document->scenario().description)
            m_document->setScenarioDescription(m_description->toPlainText());
    });
    connect(m_document, &ScenarioDocument::descriptionChanged, this, &ScenarioPanel::reloadDescription);
    connect(m_document, &ScenarioDocument::scenarioReplaced, this, &ScenarioPanel::openLiveEditors);
    connect(m_document, &ScenarioDocument::structureChanged, this, [this] {
        const int row = m_taskDetail->taskRow();
        openLiveEditors();
        selectTask(row);
    });
    connect(m_taskTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { m_taskDetail->setTaskRow(current.isValid() ? current.row() : -1); });
    openLiveEditors();
}

QWidget *ScenarioPanel::taskButtons()
{
    auto *box = new QWidget(this);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 4, 0);
    row->setSpacing(0);
    QToolButton *add = button(box, tr("+"), tr("Add a task"));
    QToolButton *duplicate = button(box, tr("Dup"), tr("Duplicate the selected task"));
    QToolButton *remove = button(box, tr("−"), tr("Remove the selected task (refused while a plan or a need uses it)"));
    QToolButton *up = button(box, tr("↑"), tr("Move the selected task up"));
    QToolButton *down = button(box, tr("↓"), tr("Move the selected task down"));
    add->setObjectName(QStringLiteral("addTask"));
    duplicate->setObjectName(QStringLiteral("duplicateTask"));
    remove->setObjectName(QStringLiteral("removeTask"));
    up->setObjectName(QStringLiteral("moveTaskUp"));
    down->setObjectName(QStringLiteral("moveTaskDown"));
    for (QToolButton *b : {add, duplicate, remove, up, down})
        row->addWidget(b);
    connect(add, &QToolButton::clicked, this, [this] {
        QString error;
        const int made = m_document->addTask(&error);
        made < 0 ? showMessage(error) : (showMessage({}), selectTask(made));
    });
    connect(duplicate, &QToolButton::clicked, this, [this] {
        QString error;
        const int made = m_document->duplicateTask(currentTaskRow(), &error);
        made < 0 ? showMessage(error) : (showMessage({}), selectTask(made));
    });
    connect(remove, &QToolButton::clicked, this, [this] {
        QString error;
        const int row = currentTaskRow();
        m_document->removeTask(row, &error) ? (showMessage({}), selectTask(std::max(0, row - 1))) : showMessage(error);
    });
    connect(up, &QToolButton::clicked, this, [this] {
        const int row = currentTaskRow();
        QString error;
        if (row > 0 && m_document->moveTask(row, row - 1, &error))
            selectTask(row - 1);
    });
    connect(down, &QToolButton::clicked, this, [this] {
        const int row = currentTaskRow();
        QString error;
        if (row >= 0 && m_document->moveTask(row, row + 1, &error))
            selectTask(row + 1);
    });
    return box;
}

QWidget *ScenarioPanel::planButtons()
{
    auto *box = new QWidget(this);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 4, 0);
    row->setSpacing(0);
    QToolButton *add = button(box, tr("+"), tr("Add a plan"));
    QToolButton *duplicate = button(box, tr("Dup"), tr("Duplicate the current plan"));
    QToolButton *remove = button(box, tr("−"), tr("Remove the current plan"));
    QToolButton *up = button(box, tr("↑"), tr("Move the current plan up"));
    QToolButton *down = button(box, tr("↓"), tr("Move the current plan down"));
    add->setObjectName(QStringLiteral("addPlan"));
    duplicate->setObjectName(QStringLiteral("duplicatePlan"));
    remove->setObjectName(QStringLiteral("removePlan"));
    up->setObjectName(QStringLiteral("movePlanUp"));
    down->setObjectName(QStringLiteral("movePlanDown"));
    for (QToolButton *b : {add, duplicate, remove, up, down})
        row->addWidget(b);
    auto current = [this] { return std::max(0, m_planEditor->currentPlan()); };
    connect(add, &QToolButton::clicked, this, [this] {
        QString error;
        const int made = m_document->addPlan(&error);
        made < 0 ? showMessage(error) : (showMessage({}), m_planEditor->setCurrentPlan(made));
    });
    connect(duplicate, &QToolButton::clicked, this, [this, current] {
        QString error;
        const int made = m_document->duplicatePlan(current(), &error);
        made < 0 ? showMessage(error) : (showMessage({}), m_planEditor->setCurrentPlan(made));
    });
    connect(remove, &QToolButton::clicked, this, [this, current] {
        QString error;
        m_document->removePlan(current(), &error) ? showMessage({}) : showMessage(error);
    });
    connect(up, &QToolButton::clicked, this, [this, current] {
        const int row = current();
        if (row > 0 && m_document->movePlan(row, row - 1))
            m_planEditor->setCurrentPlan(row - 1);
    });
    connect(down, &QToolButton::clicked, this, [this, current] {
        const int row = current();
        if (m_document->movePlan(row, row + 1))
            m_planEditor->setCurrentPlan(row + 1);
    });
    return box;
}

QString ScenarioPanel::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void ScenarioPanel::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setToolTip(text);
    m_message->setVisible(!text.isEmpty());
}

int ScenarioPanel::currentTaskRow() const
{
    const QModelIndex current = m_taskTable->currentIndex();
    return current.isValid() ? current.row() : m_taskDetail->taskRow();
}

void ScenarioPanel::selectTask(int row)
{
    if (row < 0 || row >= m_taskModel->rowCount())
        return;
    m_taskTable->setCurrentIndex(m_taskModel->index(row, TaskTableModel::IdColumn));
    m_taskDetail->setTaskRow(row);
}

void ScenarioPanel::reloadDescription()
{
    const Scenario &scenario = m_document->scenario();
    if (m_name->text() != scenario.name) {
        const QSignalBlocker block(m_name);
        m_name->setText(scenario.name);
    }
    if (m_description->toPlainText() != scenario.description) {
        const QSignalBlocker block(m_description);
        m_description->setPlainText(scenario.description);
    }
}

void ScenarioPanel::openLiveEditors()
{
    reloadDescription();
    showMessage({});
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
    // Give the task table the height of its rows (up to half), the details and plans the rest.
    const int rows = m_taskModel->rowCount();
    const int tableHeight = m_taskTable->horizontalHeader()->sizeHint().height()
        + rows * m_taskTable->verticalHeader()->defaultSectionSize() + 2 * m_taskTable->frameWidth() + 4;
    const int tasksHeight = tableHeight + 40 + m_name->sizeHint().height() + m_description->maximumHeight();
    const int total = std::max(height(), 700);
    const int tasks = std::min(tasksHeight, total / 2);
    const int details = (total - tasks) / 2;
    m_splitter->setSizes({tasks, details, total - tasks - details});
}

} // namespace asyncscope
