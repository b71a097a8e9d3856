#pragma once

// Editors for the task table's live columns: a LatencyEditor for latency and a
// 0..1 spin box for the failure rate. Both commit on every change so the
// timeline follows the slider while it moves.

#include <QStyledItemDelegate>

namespace asyncscope {

class TaskEditorDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit TaskEditorDelegate(QObject *parent = nullptr);

    static bool hasLiveEditor(int column);
    static QRectF failsBox(const QRect &cell); // the toggle's square, centred in the cell

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

Q_SIGNALS:
    // The latency slider is held / let go: the panel makes the drag one undo step.
    void latencyDragStarted(int row);
    void latencyDragFinished();
};

} // namespace asyncscope
