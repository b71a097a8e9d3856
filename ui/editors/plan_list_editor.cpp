#include "plan_list_editor.h"

#include "field_teardown.h"

#include "scenario_document.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QEvent>
#include <QFontDatabase>
#include <QStringListModel>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace asyncscope {

PlanListEditor::~PlanListEditor()
{
    disconnectFieldsFrom(this);
}

PlanListEditor::PlanListEditor(ScenarioDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_layout(new QVBoxLayout(this))
    , m_completer(new QCompleter(this))
{
    m_completer->setModel(new QStringListModel(m_completer));
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this, [this](const QString &completion) {
        auto *edit = qobject_cast<QLineEdit *>(m_completer->widget());
        if (!edit)
            return;
        int cursor = 0;
        const QString text = completedText(edit->text(), edit->cursorPosition(), completion, &cursor);
        edit->setText(text);
        edit->setCursorPosition(cursor);
        const int row = int(std::find_if(m_rows.cbegin(), m_rows.cend(), [edit](const Row &r) { return r.expression == edit; })
                            - m_rows.cbegin());
        m_document->setPlanRun(row, text);
    });
    m_layout->setContentsMargins(6, 6, 6, 6);
    m_layout->setSpacing(2);
    connect(m_document, &ScenarioDocument::scenarioReplaced, this, &PlanListEditor::rebuild);
    connect(m_document, &ScenarioDocument::structureChanged, this, &PlanListEditor::rebuild);
    connect(m_document, &ScenarioDocument::planChanged, this, &PlanListEditor::showState);
    rebuild();
}

QLineEdit *PlanListEditor::expressionEdit(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).expression : nullptr;
}

QString PlanListEditor::errorText(int row) const
{
    return row >= 0 && row < m_rows.size() && !m_rows.at(row).error->isHidden() ? m_rows.at(row).error->text() : QString();
}

bool PlanListEditor::isErrorShown(int row) const
{
    return row >= 0 && row < m_rows.size() && !m_rows.at(row).error->isHidden();
}

QLineEdit *PlanListEditor::nameEdit(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).name : nullptr;
}

void PlanListEditor::setCurrentPlan(int row)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        QFont font = m_rows.at(i).name->font();
        font.setUnderline(i == row);
        m_rows.at(i).name->setFont(font);
    }
    if (row != m_currentPlan) {
        m_currentPlan = row;
        emit currentPlanChanged(row);
    }
}

QString PlanListEditor::completedText(const QString &text, int cursor, const QString &completion, int *newCursor)
{
    cursor = std::clamp(cursor, 0, int(text.size()));
    int start = cursor;
    while (start > 0 && (text.at(start - 1).isLetterOrNumber() || text.at(start - 1) == QLatin1Char('_')))
        --start;
    int end = cursor;
    while (end < text.size() && (text.at(end).isLetterOrNumber() || text.at(end) == QLatin1Char('_')))
        ++end;
    if (newCursor)
        *newCursor = start + int(completion.size());
    return text.left(start) + completion + text.mid(end);
}

void PlanListEditor::completeAtCursor(QLineEdit *edit)
{
    const QString text = edit->text();
    const int cursor = edit->cursorPosition();
    int start = cursor;
    while (start > 0 && (text.at(start - 1).isLetterOrNumber() || text.at(start - 1) == QLatin1Char('_')))
        --start;
    const QString prefix = text.mid(start, cursor - start);
    if (prefix.isEmpty() || prefix.at(0).isDigit()) {
        m_completer->popup()->hide();
        return;
    }
    QStringList words = m_document->scenario().taskIds();
    words += combinatorNames();
    auto *model = static_cast<QStringListModel *>(m_completer->model());
    if (model->stringList() != words)
        model->setStringList(words);
    m_completer->setWidget(edit);
    m_completer->setCompletionPrefix(prefix);
    if (m_completer->completionCount() == 0
        || (m_completer->completionCount() == 1 && m_completer->currentCompletion() == prefix)) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->complete();
}

bool PlanListEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::FocusIn) {
        for (int i = 0; i < m_rows.size(); ++i) {
            if (m_rows.at(i).expression == watched || m_rows.at(i).name == watched)
                setCurrentPlan(i);
        }
    }
    return QWidget::eventFilter(watched, event);
}

void PlanListEditor::rebuild()
{
    for (const Row &row : std::as_const(m_rows)) {
        delete row.name;
        delete row.expression;
        delete row.error;
    }
    m_rows.clear();
    while (QLayoutItem *item = m_layout->takeAt(0))
        delete item;

    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const auto &plans = m_document->scenario().plans;
    for (int i = 0; i < plans.size(); ++i) {
        Row row;
        row.name = new QLineEdit(plans.at(i).name, this);
        QFont bold = row.name->font();
        bold.setBold(true);
        row.name->setFont(bold);
        row.name->setFrame(false);
        row.name->setToolTip(tr("The plan's name: click to rename"));
        row.name->installEventFilter(this);
        connect(row.name, &QLineEdit::editingFinished, this, [this, i] {
            QLineEdit *edit = m_rows.value(i).name;
            if (!edit || edit->text() == m_document->scenario().plans.value(i).name)
                return;
            QString error;
            if (!m_document->renamePlan(i, edit->text(), &error)) {
                edit->setText(m_document->scenario().plans.value(i).name);
                emit refused(error);
            }
        });
        row.expression = new QLineEdit(m_document->planDraft(i), this);
        row.expression->setFont(mono);
        row.expression->setClearButtonEnabled(false);
        row.expression->setToolTip(tr("A plan expression, e.g. all(user, posts), race(a, timeout(b, 500))"));
        if (plans.at(i).isJavaScript()) {
            // Its code is the Code dock's to show; one line here cannot hold it.
            const QString &js = plans.at(i).js;
            row.expression->setReadOnly(true);
            const qsizetype lines = js.count(QLatin1Char('\n')) + 1;
            const QString firstLine = js.section(QLatin1Char('\n'), 0, 0).trimmed();
            row.expression->setText(lines == 1 ? tr("JavaScript: %1").arg(firstLine)
                                               : tr("JavaScript, %1 lines: %2").arg(lines).arg(firstLine));
            row.expression->setCursorPosition(0);
            row.expression->setToolTip(js.left(2000));
        }
        row.expression->installEventFilter(this);
        row.error = new QLabel(this);
        row.error->setWordWrap(true);
        row.error->setTextInteractionFlags(Qt::TextSelectableByMouse);
        row.error->setStyleSheet(QStringLiteral("color: #d0312d;"));
        row.error->hide();
        connect(row.expression, &QLineEdit::textEdited, this, [this, i](const QString &text) {
            m_document->setPlanRun(i, text);
            if (QLineEdit *edit = m_rows.value(i).expression)
                completeAtCursor(edit);
        });
        m_layout->addWidget(row.name);
        m_layout->addWidget(row.expression);
        m_layout->addWidget(row.error);
        m_layout->addSpacing(6);
        m_rows.append(row);
        showState(i);
    }
    m_layout->addStretch(1);
    if (m_currentPlan >= m_rows.size())
        setCurrentPlan(int(m_rows.size()) - 1);
}

void PlanListEditor::showState(int row)
{
    if (row < 0 || row >= m_rows.size())
        return;
    const Row &r = m_rows.at(row);
    const QString name = m_document->scenario().plans.value(row).name;
    if (r.name->text() != name && !r.name->hasFocus())
        r.name->setText(name);
    if (m_document->scenario().plans.value(row).isJavaScript())
        return; // nothing to parse: Node checks it when it runs
    const QString draft = m_document->planDraft(row);
    if (r.expression->text() != draft) {
        const QSignalBlocker block(r.expression);
        r.expression->setText(draft);
    }
    const std::optional<ExpressionError> error = m_document->planError(row);
    if (error) {
        // The parser's messages already name the column; the rare one that
        // does not gets it in front, so the user always knows where to look.
        r.error->setText(error->message.contains(QLatin1String("column"))
                             ? error->message
                             : tr("column %1: %2").arg(error->column).arg(error->message));
        r.error->setToolTip(tr("The timeline keeps showing the last valid version of this plan."));
        r.error->show();
        r.expression->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #d0312d; }"));
    } else {
        r.error->hide();
        r.expression->setStyleSheet(QString());
    }
}

} // namespace asyncscope
