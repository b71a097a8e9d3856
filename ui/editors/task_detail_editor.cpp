#include "task_detail_editor.h"

#include "field_teardown.h"

#include "distribution_preview.h"
#include "json_value_text.h"
#include "needs_model.h"
#include "scenario_document.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSignalBlocker>

namespace asyncscope {

namespace {

using Kind = LatencyDistribution::Kind;

QString numbersText(const QList<double> &values)
{
    QStringList parts;
    for (double v : values)
        parts << QString::number(v, 'g', 12);
    return parts.join(QStringLiteral(", "));
}

QString boolsText(const QList<bool> &values)
{
    QStringList parts;
    for (bool v : values)
        parts << (v ? QStringLiteral("true") : QStringLiteral("false"));
    return parts.join(QStringLiteral(", "));
}

QStringList items(const QString &text)
{
    QString plain = text.trimmed();
    if (plain.startsWith(QLatin1Char('[')) && plain.endsWith(QLatin1Char(']')))
        plain = plain.mid(1, plain.size() - 2);
    QStringList out;
    for (const QString &part : plain.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    }
    return out;
}

// The combo's rows: 0 is "none" (the latencies above), then the five shapes.
int comboRow(const std::optional<LatencyDistribution> &d)
{
    return d ? int(d->kind) + 1 : 0;
}

} // namespace

TaskDetailEditor::~TaskDetailEditor()
{
    disconnectFieldsFrom(this);
}

TaskDetailEditor::TaskDetailEditor(ScenarioDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_id(new QLineEdit(this))
    , m_label(new QLineEdit(this))
    , m_value(new QLineEdit(this))
    , m_error(new QLineEdit(this))
    , m_latencies(new QLineEdit(this))
    , m_fails(new QLineEdit(this))
    , m_distribution(new QComboBox(this))
    , m_firstLabel(new QLabel(this))
    , m_first(new QDoubleSpinBox(this))
    , m_secondLabel(new QLabel(this))
    , m_second(new QDoubleSpinBox(this))
    , m_preview(new DistributionPreview(this))
    , m_jitter(new QDoubleSpinBox(this))
    , m_url(new QLineEdit(this))
    , m_host(new QLineEdit(this))
    , m_needsModel(new NeedsModel(document, this))
    , m_needsView(new QListView(this))
    , m_message(new QLabel(this))
{
    m_id->setToolTip(tr("Letters, digits and _; renaming updates every plan and need that uses it"));
    m_value->setPlaceholderText(tr("JSON; empty: the id"));
    m_value->setToolTip(tr("What the task fulfils with, as JSON: 42, \"ok\", {\"id\": 42}"));
    m_error->setPlaceholderText(tr("empty: \"<id> failed\""));
    m_error->setToolTip(tr("The rejection reason: text, or JSON such as {\"status\": 503}"));
    m_latencies->setToolTip(tr("Latency per invocation in ms, the last repeats: 300, 120"));
    m_fails->setPlaceholderText(tr("never"));
    m_fails->setToolTip(tr("Fails per invocation, the last repeats: true, false"));
    m_distribution->addItems({tr("none (the latencies above)"), tr("fixed"), tr("uniform"), tr("normal"), tr("lognormal"),
                              tr("exponential")});
    for (QDoubleSpinBox *box : {m_first, m_second, m_jitter}) {
        box->setRange(0, kMaxLatencyMs);
        box->setDecimals(1);
        box->setSuffix(QStringLiteral(" ms"));
        box->setKeyboardTracking(false);
        box->setSingleStep(10);
    }
    m_url->setPlaceholderText(QStringLiteral("{server}/delay/200"));
    m_host->setToolTip(tr("Tasks with the same host share connections_per_host"));
    m_needsView->setModel(m_needsModel);
    m_needsView->setMaximumHeight(110);
    m_needsView->setToolTip(tr("The tasks this one waits for in graph() and levels() plans"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setStyleSheet(QStringLiteral("color: #d0312d;"));
    m_message->hide();

    auto *form = new QFormLayout(this);
    form->setContentsMargins(6, 4, 6, 4);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Id"), m_id);
    form->addRow(tr("Label"), m_label);
    form->addRow(tr("Value"), m_value);
    form->addRow(tr("Error"), m_error);
    form->addRow(tr("Latencies"), m_latencies);
    form->addRow(tr("Fails"), m_fails);
    form->addRow(tr("Distribution"), m_distribution);
    auto *params = new QHBoxLayout;
    params->addWidget(m_firstLabel);
    params->addWidget(m_first, 1);
    params->addWidget(m_secondLabel);
    params->addWidget(m_second, 1);
    form->addRow(params);
    form->addRow(m_preview);
    form->addRow(tr("Jitter ±"), m_jitter);
    form->addRow(tr("Needs"), m_needsView);
    form->addRow(tr("URL"), m_url);
    form->addRow(tr("Host"), m_host);
    form->addRow(m_message);

    connect(m_id, &QLineEdit::editingFinished, this, [this] {
        QString error;
        if (m_row >= 0 && !m_document->renameTask(m_row, m_id->text().trimmed(), &error)) {
            showMessage(error);
            m_id->setText(m_document->scenario().tasks.value(m_row).id);
        }
    });
    connect(m_label, &QLineEdit::editingFinished, this, [this] {
        QString error;
        if (m_row >= 0 && !m_document->setTaskLabel(m_row, m_label->text(), &error))
            showMessage(error);
    });
    connect(m_value, &QLineEdit::textEdited, this, [this](const QString &text) {
        QString error;
        if (text.trimmed().isEmpty() || parseJsonValueText(text, &error)) {
            m_value->setStyleSheet(QString());
            showMessage({});
        } else {
            m_value->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #d0312d; }"));
            showMessage(tr("value: %1").arg(error));
        }
    });
    connect(m_value, &QLineEdit::editingFinished, this, [this] {
        if (m_row < 0)
            return;
        const QString text = m_value->text();
        std::optional<QJsonValue> value = text.trimmed().isEmpty() ? std::optional<QJsonValue>(QJsonValue::Undefined)
                                                                   : parseJsonValueText(text);
        QString error;
        if (value && !m_document->setTaskValue(m_row, *value, &error))
            showMessage(error);
    });
    connect(m_error, &QLineEdit::editingFinished, this, [this] {
        if (m_row < 0)
            return;
        const QString text = m_error->text();
        QJsonValue reason = QJsonValue::Undefined;
        if (!text.trimmed().isEmpty()) {
            const std::optional<QJsonValue> json = parseJsonValueText(text);
            reason = json && !json->isString() ? *json : QJsonValue(json ? json->toString() : text);
        }
        QString error;
        if (!m_document->setTaskError(m_row, reason, &error))
            showMessage(error);
    });
    connect(m_latencies, &QLineEdit::editingFinished, this, [this] {
        if (m_row < 0)
            return;
        QList<double> values;
        for (const QString &item : items(m_latencies->text())) {
            bool ok = false;
            const double ms = item.toDouble(&ok);
            if (!ok || ms < 0) {
                showMessage(tr("latencies: \"%1\" is not a number of milliseconds").arg(item));
                return;
            }
            values << ms;
        }
        QString error;
        if (!m_document->setTaskLatencies(m_row, values, &error))
            showMessage(error);
    });
    connect(m_fails, &QLineEdit::editingFinished, this, [this] {
        if (m_row < 0)
            return;
        QList<bool> values;
        for (const QString &item : items(m_fails->text())) {
            const QString word = item.toLower();
            if (word == QLatin1String("true") || word == QLatin1String("yes") || word == QLatin1String("1"))
                values << true;
            else if (word == QLatin1String("false") || word == QLatin1String("no") || word == QLatin1String("0"))
                values << false;
            else {
                showMessage(tr("fails: \"%1\" is neither true nor false").arg(item));
                return;
            }
        }
        QString error;
        if (!m_document->setTaskFailsList(m_row, values, &error))
            showMessage(error);
    });
    connect(m_distribution, &QComboBox::currentIndexChanged, this, [this] {
        updateDistributionFields();
        commitDistribution();
    });
    connect(m_first, &QDoubleSpinBox::valueChanged, this, &TaskDetailEditor::commitDistribution);
    connect(m_second, &QDoubleSpinBox::valueChanged, this, &TaskDetailEditor::commitDistribution);
    connect(m_jitter, &QDoubleSpinBox::valueChanged, this, [this](double ms) {
        QString error;
        if (!m_reloading && m_row >= 0 && !m_document->setTaskJitter(m_row, ms, &error))
            showMessage(error);
    });
    connect(m_url, &QLineEdit::editingFinished, this, [this] {
        QString error;
        if (m_row >= 0 && !m_document->setTaskUrl(m_row, m_url->text().trimmed(), &error))
            showMessage(error);
    });
    connect(m_host, &QLineEdit::editingFinished, this, [this] {
        QString error;
        if (m_row >= 0 && !m_document->setTaskHost(m_row, m_host->text().trimmed(), &error))
            showMessage(error);
    });
    connect(m_needsModel, &NeedsModel::refused, this, &TaskDetailEditor::showMessage);

    connect(m_document, &ScenarioDocument::scenarioReplaced, this, [this] { setTaskRow(m_document->scenario().tasks.isEmpty() ? -1 : 0); });
    connect(m_document, &ScenarioDocument::structureChanged, this, [this] {
        setTaskRow(std::min(m_row, int(m_document->scenario().tasks.size()) - 1));
    });
    connect(m_document, &ScenarioDocument::taskChanged, this, [this](int row) {
        if (row == m_row)
            reload();
    });
    setTaskRow(m_document->scenario().tasks.isEmpty() ? -1 : 0);
}

QString TaskDetailEditor::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void TaskDetailEditor::setTaskRow(int row)
{
    m_row = row;
    m_needsModel->setTaskRow(row);
    showMessage({});
    reload();
}

void TaskDetailEditor::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void TaskDetailEditor::reload()
{
    m_reloading = true;
    const bool valid = m_row >= 0 && m_row < m_document->scenario().tasks.size();
    setEnabled(valid);
    const TaskSpec task = valid ? m_document->scenario().tasks.at(m_row) : TaskSpec();
    auto setText = [](QLineEdit *edit, const QString &text) {
        if (edit->text() != text && !edit->isModified()) {
            const QSignalBlocker block(edit);
            edit->setText(text);
            edit->setCursorPosition(0);
        } else if (edit->text() != text) {
            const QSignalBlocker block(edit);
            edit->setText(text);
        }
        edit->setModified(false);
    };
    setText(m_id, task.id);
    setText(m_label, task.label);
    setText(m_value, task.value.isUndefined() || task.value.isNull() ? QString() : jsonValueText(task.value));
    m_value->setStyleSheet(QString());
    setText(m_error, task.error.isUndefined() || task.error.isNull()
                         ? QString()
                         : (task.error.isString() ? task.error.toString() : jsonValueText(task.error)));
    setText(m_latencies, numbersText(task.latencyMs));
    setText(m_fails, boolsText(task.fails));
    setText(m_url, task.url);
    setText(m_host, task.host);
    {
        const QSignalBlocker b1(m_distribution), b2(m_first), b3(m_second), b4(m_jitter);
        m_distribution->setCurrentIndex(comboRow(task.latency));
        m_first->setValue(task.latency ? task.latency->a : task.nominalLatencyMs(1));
        m_second->setValue(task.latency ? task.latency->b : 0);
        m_jitter->setValue(task.jitterMs);
        updateDistributionFields();
    }
    m_preview->setDistribution(task.latency);
    m_reloading = false;
}

void TaskDetailEditor::updateDistributionFields()
{
    static const char *const first[] = {"", "ms", "min", "mean", "median", "mean"};
    static const char *const second[] = {"", "", "max", "sd", "p95", ""};
    const int row = m_distribution->currentIndex();
    const bool any = row > 0;
    const bool two = any && second[row][0] != '\0';
    m_firstLabel->setText(tr(first[std::max(row, 0)]));
    m_secondLabel->setText(tr(second[std::max(row, 0)]));
    m_firstLabel->setVisible(any);
    m_first->setVisible(any);
    m_secondLabel->setVisible(two);
    m_second->setVisible(two);
    m_preview->setVisible(any);
}

void TaskDetailEditor::commitDistribution()
{
    if (m_reloading || m_row < 0)
        return;
    const int row = m_distribution->currentIndex();
    std::optional<LatencyDistribution> distribution;
    if (row > 0) {
        LatencyDistribution d;
        d.kind = Kind(row - 1);
        d.a = m_first->value();
        d.b = m_second->value();
        // A shape just picked gets a second parameter that makes sense.
        if (d.kind == Kind::Uniform && d.b <= d.a)
            d.b = d.a * 2;
        if (d.kind == Kind::LogNormal && d.b <= d.a)
            d.b = d.a * 3;
        if (d.kind == Kind::Normal && d.b <= 0)
            d.b = d.a / 4;
        if (d.kind == Kind::Fixed || d.kind == Kind::Exponential)
            d.b = 0;
        distribution = d;
    }
    QString error;
    if (!m_document->setTaskDistribution(m_row, distribution, &error))
        showMessage(error);
    else
        showMessage({});
}

} // namespace asyncscope
