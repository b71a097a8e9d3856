#include "undo_history_dock.h"

#include "scenario_document.h"

#include <QCoreApplication>
#include <QLabel>
#include <QPixmap>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QUndoStack>
#include <QUndoView>
#include <QVBoxLayout>

namespace asyncscope {

namespace {

// Every row leaves the clean icon's room, so the texts line up under the
// saved row's; the rows past the current state (what Redo would bring back)
// are greyed, as they are not the scenario shown.
class HistoryRowDelegate : public QStyledItemDelegate
{
public:
    explicit HistoryRowDelegate(QUndoView *view)
        : QStyledItemDelegate(view)
        , m_view(view)
    {
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        return QStyledItemDelegate::sizeHint(option, index) + QSize(0, 4);
    }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->features |= QStyleOptionViewItem::HasDecoration;
        if (option->icon.isNull()) {
            QPixmap blank(option->decorationSize);
            blank.fill(Qt::transparent);
            option->icon = QIcon(blank);
        }
        const QUndoStack *stack = m_view->stack();
        if (stack && index.row() > stack->index())
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
    }

private:
    QUndoView *m_view; // not owned: the parent
};

} // namespace

UndoHistoryDock::UndoHistoryDock(ScenarioDocument *document, QWidget *parent)
    : QDockWidget(tr("History"), parent)
    , m_document(document)
    , m_view(new QUndoView)
    , m_hint(new QLabel)
{
    setObjectName(QStringLiteral("historyDock"));
    m_view->setObjectName(QStringLiteral("historyView"));
    m_view->setCleanIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    m_view->setAlternatingRowColors(true);
    m_view->setIconSize(QSize(16, 16));
    m_view->setItemDelegate(new HistoryRowDelegate(m_view));
    m_view->setWordWrap(true); // a long row (a plan's text as typed) wraps instead of being cut
    m_view->setToolTip(tr("Every edit of the scenario, oldest first. Click a row to go back to that state; "
                          "the disk icon marks the state last saved."));
    m_hint->setText(tr("Click a row to go back to it; the disk marks the saved state."));
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);

    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_hint);
    setWidget(page);

    if (m_document) {
        followStack();
        // Until scenarioOpened() says how it came: named by its file (or "New scenario").
        m_view->setEmptyLabel(originFor(!(m_document->filePath().isEmpty()
                                          && m_document->displayName() == QLatin1String("Untitled"))));
        connect(m_document, &ScenarioDocument::scenarioReplaced, this, [this] {
            followStack();
            // The dirty flag still describes the scenario before this one here: assume a clean start.
            const bool untitled = m_document->filePath().isEmpty()
                                  && m_document->displayName() == QLatin1String("Untitled");
            m_view->setEmptyLabel(originFor(!untitled));
        });
    }
}

QString UndoHistoryDock::originText() const
{
    return m_view->emptyLabel();
}

void UndoHistoryDock::showOrigin(bool fromFile)
{
    if (!m_document)
        return;
    followStack();
    QString text = originFor(fromFile);
    if (m_document->isDirty()) {
        // Opened but not from a saved file of its own: a recovered session, a
        // picture, the clipboard or a recording turned into a scenario.
        const QString name = m_document->displayName();
        if (!fromFile)
            text = tr("Recovered %1").arg(name);
        else if (name == QCoreApplication::translate("asyncscope::DocumentController", "Pasted scenario"))
            text = tr("Pasted scenario (not saved)");
        else
            text = tr("Opened %1 (not saved)").arg(name);
    }
    m_view->setEmptyLabel(text);
    m_view->viewport()->update();
}

void UndoHistoryDock::followStack()
{
    QUndoStack *stack = m_document ? m_document->undoStack() : nullptr;
    if (m_view->stack() != stack)
        m_view->setStack(stack);
}

QString UndoHistoryDock::originFor(bool fromFile) const
{
    if (!fromFile)
        return tr("New scenario");
    return tr("Opened %1").arg(m_document->displayName());
}

} // namespace asyncscope
