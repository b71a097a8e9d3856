#include "task_editor_delegate.h"

#include "latency_editor.h"
#include "task_table_model.h"

#include <QApplication>
#include <QDoubleSpinBox>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QSignalBlocker>

#include <cmath>

namespace asyncscope {

TaskEditorDelegate::TaskEditorDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

bool TaskEditorDelegate::hasLiveEditor(int column)
{
    return column == TaskTableModel::LatencyColumn || column == TaskTableModel::FailureRateColumn;
}

QWidget *TaskEditorDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                          const QModelIndex &index) const
{
    if (index.column() == TaskTableModel::LatencyColumn) {
        auto *editor = new LatencyEditor(parent);
        connect(editor, &LatencyEditor::valueChanged, this, [this, editor] {
            emit const_cast<TaskEditorDelegate *>(this)->commitData(editor);
        });
        const QPersistentModelIndex row(index);
        connect(editor, &LatencyEditor::dragStarted, this, [this, row] {
            emit const_cast<TaskEditorDelegate *>(this)->latencyDragStarted(row.row());
        });
        connect(editor, &LatencyEditor::dragFinished, this, [this] {
            emit const_cast<TaskEditorDelegate *>(this)->latencyDragFinished();
        });
        return editor;
    }
    if (index.column() == TaskTableModel::FailureRateColumn) {
        auto *editor = new QDoubleSpinBox(parent);
        editor->setRange(0.0, 1.0);
        editor->setSingleStep(0.05);
        editor->setDecimals(2);
        editor->setAutoFillBackground(true);
        editor->setKeyboardTracking(false);
        connect(editor, &QDoubleSpinBox::valueChanged, this, [this, editor] {
            emit const_cast<TaskEditorDelegate *>(this)->commitData(editor);
        });
        return editor;
    }
    return QStyledItemDelegate::createEditor(parent, option, index);
}

void TaskEditorDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    // Called again whenever the model changes; never echo it back as an edit.
    if (auto *latency = qobject_cast<LatencyEditor *>(editor)) {
        latency->setValue(int(std::lround(index.data(Qt::EditRole).toDouble())));
        return;
    }
    if (auto *rate = qobject_cast<QDoubleSpinBox *>(editor)) {
        const QSignalBlocker block(rate);
        rate->setValue(index.data(Qt::EditRole).toDouble());
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void TaskEditorDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (auto *latency = qobject_cast<LatencyEditor *>(editor)) {
        model->setData(index, double(latency->value()), Qt::EditRole);
        return;
    }
    if (auto *rate = qobject_cast<QDoubleSpinBox *>(editor)) {
        model->setData(index, rate->value(), Qt::EditRole);
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}

void TaskEditorDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (hasLiveEditor(index.column())) {
        // The persistent editor covers the cell; draw only the background so
        // no text shows through while the editor is being laid out.
        QStyleOptionViewItem plain = option;
        initStyleOption(&plain, index);
        plain.text.clear();
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &plain, painter, widget);
        return;
    }
    if (index.column() == TaskTableModel::FailsColumn) {
        // Drawn here rather than by the style: the style's check box frame
        // vanishes on the dark palette, and a toggle must be seen to be used.
        QStyleOptionViewItem plain = option;
        initStyleOption(&plain, index);
        plain.features &= ~QStyleOptionViewItem::HasCheckIndicator;
        plain.text.clear();
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &plain, painter, widget);

        const bool checked = index.data(Qt::CheckStateRole).toInt() == Qt::Checked;
        const QColor ink = option.palette.color(QPalette::Text);
        const QRectF box = failsBox(option.rect);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(ink, 1.5));
        painter->setBrush(checked ? ink : option.palette.color(QPalette::Base));
        painter->drawRoundedRect(box, 3, 3);
        if (checked) {
            QPen mark(option.palette.color(QPalette::Base), 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
            painter->setPen(mark);
            const QPointF c = box.center();
            const qreal r = box.width() * 0.28;
            painter->drawLine(c + QPointF(-r, -r), c + QPointF(r, r)); // ✗: this task rejects
            painter->drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
        }
        painter->restore();
        return;
    }
    QStyledItemDelegate::paint(painter, option, index);
}

QRectF TaskEditorDelegate::failsBox(const QRect &cell)
{
    const qreal side = 16;
    return QRectF(cell.center().x() - side / 2 + 0.5, cell.center().y() - side / 2 + 0.5, side, side);
}

bool TaskEditorDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                                     const QModelIndex &index)
{
    if (index.column() != TaskTableModel::FailsColumn)
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    bool toggle = false;
    if (event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        toggle = mouse->button() == Qt::LeftButton && option.rect.contains(mouse->position().toPoint());
    } else if (event->type() == QEvent::MouseButtonDblClick) {
        return true; // two clicks toggle twice, not three times
    } else if (event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        toggle = key == Qt::Key_Space || key == Qt::Key_Select;
    }
    if (!toggle)
        return false;
    const bool checked = index.data(Qt::CheckStateRole).toInt() == Qt::Checked;
    return model->setData(index, checked ? Qt::Unchecked : Qt::Checked, Qt::CheckStateRole);
}

QSize TaskEditorDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.column() == TaskTableModel::LatencyColumn)
        size.setWidth(std::max(size.width(), 230));
    else if (index.column() == TaskTableModel::FailureRateColumn)
        size.setWidth(std::max(size.width(), 70));
    size.setHeight(std::max(size.height(), 28));
    return size;
}

} // namespace asyncscope
