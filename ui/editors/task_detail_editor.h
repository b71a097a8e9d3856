#pragma once

// Every field of the selected task (docs/scenario-format.md, "Task fields"):
// id (renaming follows into the plans), label, value as JSON (checked as it is
// typed), error, per-invocation latencies and failures, a latency
// distribution with its density drawn, jitter, needs as a checklist, url and
// host. Each field commits to the ScenarioDocument as one undo step; a
// refusal (a duplicate id, a cycle) shows under the fields, named.

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListView;

namespace asyncscope {

class DistributionPreview;
class NeedsModel;
class ScenarioDocument;

class TaskDetailEditor : public QWidget
{
    Q_OBJECT
public:
    explicit TaskDetailEditor(ScenarioDocument *document, QWidget *parent = nullptr); // document not owned
    ~TaskDetailEditor() override;

    void setTaskRow(int row);   // -1: nothing selected
    int taskRow() const { return m_row; }

    QLineEdit *idEdit() const { return m_id; }
    QLineEdit *labelEdit() const { return m_label; }
    QLineEdit *valueEdit() const { return m_value; }
    QLineEdit *errorEdit() const { return m_error; }
    QLineEdit *latenciesEdit() const { return m_latencies; }
    QLineEdit *failsEdit() const { return m_fails; }
    QComboBox *distributionKind() const { return m_distribution; }
    QDoubleSpinBox *distributionFirst() const { return m_first; }
    QDoubleSpinBox *distributionSecond() const { return m_second; }
    QLineEdit *urlEdit() const { return m_url; }
    QLineEdit *hostEdit() const { return m_host; }
    NeedsModel *needsModel() const { return m_needsModel; }
    DistributionPreview *preview() const { return m_preview; }
    QString message() const;    // the last refusal or parse message; empty when none

private:
    void reload();
    void showMessage(const QString &text);
    void commitDistribution();
    void updateDistributionFields();

    ScenarioDocument *m_document;
    int m_row = -1;
    bool m_reloading = false;
    QLineEdit *m_id;
    QLineEdit *m_label;
    QLineEdit *m_value;
    QLineEdit *m_error;
    QLineEdit *m_latencies;
    QLineEdit *m_fails;
    QComboBox *m_distribution;
    QLabel *m_firstLabel;
    QDoubleSpinBox *m_first;
    QLabel *m_secondLabel;
    QDoubleSpinBox *m_second;
    DistributionPreview *m_preview;
    QDoubleSpinBox *m_jitter;
    QLineEdit *m_url;
    QLineEdit *m_host;
    NeedsModel *m_needsModel;
    QListView *m_needsView;
    QLabel *m_message;
};

} // namespace asyncscope
