#include "needs_model.h"

#include "scenario_document.h"

namespace asyncscope {

NeedsModel::NeedsModel(ScenarioDocument *document, QObject *parent)
    : QAbstractListModel(parent)
    , m_document(document)
{
    connect(m_document, &ScenarioDocument::scenarioReplaced, this, [this] { setTaskRow(-1); });
    connect(m_document, &ScenarioDocument::structureChanged, this, &NeedsModel::reload);
    connect(m_document, &ScenarioDocument::taskChanged, this, [this](int row) {
        if (row == m_row && !m_candidates.isEmpty())
            emit dataChanged(index(0), index(int(m_candidates.size()) - 1), {Qt::CheckStateRole});
    });
}

void NeedsModel::setTaskRow(int row)
{
    m_row = row;
    reload();
}

void NeedsModel::reload()
{
    beginResetModel();
    m_candidates.clear();
    const Scenario &scenario = m_document->scenario();
    if (m_row >= scenario.tasks.size())
        m_row = -1;
    if (m_row >= 0) {
        for (int i = 0; i < scenario.tasks.size(); ++i) {
            if (i != m_row)
                m_candidates << scenario.tasks.at(i).id;
        }
    }
    endResetModel();
}

int NeedsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_candidates.size());
}

QVariant NeedsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_candidates.size() || m_row < 0)
        return {};
    const QString &id = m_candidates.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return id;
    case Qt::CheckStateRole:
        return m_document->scenario().tasks.at(m_row).needs.contains(id) ? Qt::Checked : Qt::Unchecked;
    case Qt::ToolTipRole:
        return tr("%1 starts only after %2 fulfilled (in graph() and levels() plans)")
            .arg(m_document->scenario().tasks.at(m_row).id, id);
    default:
        return {};
    }
}

bool NeedsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole || !index.isValid() || index.row() >= m_candidates.size() || m_row < 0)
        return false;
    const QString &id = m_candidates.at(index.row());
    QStringList needs = m_document->scenario().tasks.at(m_row).needs;
    const bool check = value.toInt() == Qt::Checked;
    if (check == needs.contains(id))
        return true;
    if (check) {
        needs << id;
    } else {
        needs.removeAll(id);
    }
    QString error;
    if (!m_document->setTaskNeeds(m_row, needs, &error)) {
        emit refused(error);
        return false;
    }
    emit dataChanged(index, index, {Qt::CheckStateRole});
    return true;
}

Qt::ItemFlags NeedsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable;
}

} // namespace asyncscope
