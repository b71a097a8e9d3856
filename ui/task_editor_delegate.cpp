#include "task_editor_delegate.h"

#include "latency_editor.h"
#include "task_table_model.h"

#include <QApplication>
#include <QDoubleSpinBox>
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
    QStyledItemDelegate::paint(painter, option, index);
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
