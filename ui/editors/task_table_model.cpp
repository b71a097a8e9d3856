#include "task_table_model.h"

#include "scenario_document.h"

#include <QFont>

namespace asyncscope {

namespace {

QString distributionText(const LatencyDistribution &d)
{
    switch (d.kind) {
    case LatencyDistribution::Kind::Fixed: return QStringLiteral("fixed %1 ms").arg(d.a);
    case LatencyDistribution::Kind::Uniform: return QStringLiteral("uniform %1–%2 ms").arg(d.a).arg(d.b);
    case LatencyDistribution::Kind::Normal: return QStringLiteral("normal mean %1 ms, sd %2 ms").arg(d.a).arg(d.b);
    case LatencyDistribution::Kind::LogNormal: return QStringLiteral("lognormal median %1 ms, p95 %2 ms").arg(d.a).arg(d.b);
    case LatencyDistribution::Kind::Exponential: return QStringLiteral("exponential mean %1 ms").arg(d.a);
    }
    return {};
}

} // namespace

TaskTableModel::TaskTableModel(ScenarioDocument *document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    m_rows = int(m_document->scenario().tasks.size());
    const auto reset = [this] {
        beginResetModel();
        m_rows = int(m_document->scenario().tasks.size());
        endResetModel();
    };
    connect(m_document, &ScenarioDocument::scenarioReplaced, this, reset);
    // A rename (typed into this table: the view is still committing its editor) or a
    // move keeps the rows: new data, so the view keeps its editors and selection.
    connect(m_document, &ScenarioDocument::structureChanged, this, [this, reset] {
        if (m_rows != int(m_document->scenario().tasks.size()) || m_rows == 0)
            return reset();
        emit dataChanged(index(0, 0), index(m_rows - 1, ColumnCount - 1));
    });
    connect(m_document, &ScenarioDocument::taskChanged, this, [this](int row) {
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    });
}

int TaskTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_document->scenario().tasks.size());
}

int TaskTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TaskTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const TaskSpec &task = m_document->scenario().tasks.at(index.row());
    switch (index.column()) {
    case IdColumn:
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return task.id;
        if (role == Qt::FontRole) {
            QFont mono(QStringLiteral("monospace"));
            mono.setStyleHint(QFont::Monospace);
            return mono;
        }
        break;
    case LabelColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return task.label.isEmpty() ? task.id : task.label;
        if (role == Qt::EditRole)
            return task.label;
        break;
    case LatencyColumn:
        if (role == Qt::EditRole)
            return task.nominalLatencyMs(1);
        if (role == Qt::DisplayRole)
            return QStringLiteral("%1 ms").arg(task.nominalLatencyMs(1));
        if (role == Qt::ToolTipRole) {
            QString tip = tr("Latency of the first invocation: %1 ms").arg(task.nominalLatencyMs(1));
            if (task.latency)
                tip += QLatin1Char('\n') + tr("Distribution: %1 (the slider scales it)").arg(distributionText(*task.latency));
            if (task.latencyMs.size() > 1)
                tip += QLatin1Char('\n') + tr("Per invocation: %1 (the slider scales them)")
                                                 .arg([&] {
                                                     QStringList parts;
                                                     for (double ms : task.latencyMs)
                                                         parts << QString::number(ms);
                                                     return parts.join(QStringLiteral(", "));
                                                 }());
            if (task.jitterMs > 0)
                tip += QLatin1Char('\n') + tr("Jitter: ±%1 ms").arg(task.jitterMs);
            return tip;
        }
        break;
    case FailsColumn:
        if (role == Qt::CheckStateRole)
            return ScenarioDocument::taskFails(task) ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ToolTipRole)
            return tr("Always reject with %1").arg(task.reason().toVariant().toString());
        break;
    case FailureRateColumn:
        if (role == Qt::EditRole)
            return task.failureRate;
        if (role == Qt::DisplayRole)
            return QString::number(task.failureRate, 'f', 2);
        if (role == Qt::ToolTipRole)
            return tr("Probability that an invocation rejects (drawn from the seed)");
        break;
    default:
        break;
    }
    if (role == Qt::TextAlignmentRole && (index.column() == LatencyColumn || index.column() == FailureRateColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

bool TaskTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.row() >= rowCount())
        return false;
    switch (index.column()) {
    case IdColumn: {
        if (role != Qt::EditRole)
            return false;
        QString error;
        if (!m_document->renameTask(index.row(), value.toString().trimmed(), &error)) {
            emit refused(error);
            return false;
        }
        return true;
    }
    case LabelColumn: {
        if (role != Qt::EditRole)
            return false;
        QString error;
        if (!m_document->setTaskLabel(index.row(), value.toString(), &error)) {
            emit refused(error);
            return false;
        }
        return true;
    }
    case LatencyColumn:
        if (role != Qt::EditRole)
            return false;
        m_document->setTaskLatency(index.row(), value.toDouble());
        return true;
    case FailsColumn:
        if (role != Qt::CheckStateRole)
            return false;
        m_document->setTaskFails(index.row(), value.toInt() == Qt::Checked);
        return true;
    case FailureRateColumn:
        if (role != Qt::EditRole)
            return false;
        m_document->setTaskFailureRate(index.row(), value.toDouble());
        return true;
    default:
        return false;
    }
}

Qt::ItemFlags TaskTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    switch (index.column()) {
    case IdColumn:
    case LabelColumn:
    case LatencyColumn:
    case FailureRateColumn:
        return f | Qt::ItemIsEditable;
    case FailsColumn:
        return f | Qt::ItemIsUserCheckable;
    default:
        return f;
    }
}

QVariant TaskTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn: return tr("Task");
    case LabelColumn: return tr("Label");
    case LatencyColumn: return tr("Latency (ms)");
    case FailsColumn: return tr("Fails");
    case FailureRateColumn: return tr("Fail rate");
    default: return {};
    }
}

} // namespace asyncscope
