#pragma once

// One task's `needs` as a checklist of the other tasks. Checking a task that
// would close a cycle is refused at once: the box stays clear and refused()
// says which cycle ("refused: the needs would make a cycle a → b → a").

#include <QAbstractListModel>

namespace asyncscope {

class ScenarioDocument;

class NeedsModel : public QAbstractListModel
{
    Q_OBJECT
public:
    explicit NeedsModel(ScenarioDocument *document, QObject *parent = nullptr); // document not owned

    void setTaskRow(int row);       // -1: no task
    int taskRow() const { return m_row; }
    QString candidate(int listRow) const { return m_candidates.value(listRow); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    void refused(const QString &message);

private:
    void reload();

    ScenarioDocument *m_document;
    int m_row = -1;
    QStringList m_candidates;       // every other task id, in scenario order
};

} // namespace asyncscope
