#pragma once

// The scenario's tasks as a table the user edits: id (a rename follows into
// the plans), label, latency, whether it fails, and its failure rate. Writes go straight to the ScenarioDocument, which
// re-runs the plans; the model only translates rows and roles.

#include <QAbstractTableModel>

namespace asyncscope {

class ScenarioDocument;

class TaskTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { IdColumn, LabelColumn, LatencyColumn, FailsColumn, FailureRateColumn, ColumnCount };

    explicit TaskTableModel(ScenarioDocument *document, QObject *parent = nullptr); // document not owned

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void refused(const QString &message); // a rename or label the document refused, in one line

private:
    ScenarioDocument *m_document;
    int m_rows = 0; // the row count the view knows: a structure change that keeps it is new data, not a reset
};

} // namespace asyncscope
