#pragma once

// The scenario open in the window: the data being edited, where it came from,
// whether it has unsaved changes, and saving it atomically (QSaveFile).
// Every edit goes through here so the dirty flag and the re-run signal cannot
// be forgotten by one of the editors.

#include "scenario.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

namespace asyncscope {

class ScenarioDocument : public QObject
{
    Q_OBJECT
public:
    explicit ScenarioDocument(QObject *parent = nullptr);

    // A path, "-" or "example:NAME". On failure the document is unchanged and
    // `error` holds loadScenarioFile's one-line message.
    bool load(const QString &fileArgument, QString *error = nullptr);
    // Replaces the document; `filePath` is empty for examples and new scenarios (Save asks for a name).
    void setScenario(const Scenario &scenario, const QString &filePath, const QString &displayName);
    // A small starter scenario (two tasks, sequential vs parallel), unnamed and clean.
    void newScenario();

    bool save(QString *error = nullptr);                        // needs a filePath()
    bool saveAs(const QString &path, QString *error = nullptr);

    const Scenario &scenario() const { return m_scenario; }
    QString filePath() const { return m_filePath; }
    QString displayName() const { return m_displayName; }
    bool isDirty() const { return m_dirty; }
    void setDirty(bool dirty);

    // Edits. Each emits taskChanged/planChanged and edited() when it changed something.
    void setTaskLatency(int row, double ms);
    void setTaskFails(int row, bool fails);
    void setTaskFailureRate(int row, double rate);
    // Parses `text`; when it is invalid the plan keeps its last good expression
    // (so its trace stays) and the error is remembered for the editor.
    std::optional<ExpressionError> setPlanRun(int row, const QString &text);
    QString planDraft(int row) const;                           // the text as typed, valid or not
    std::optional<ExpressionError> planError(int row) const;
    bool hasInvalidPlans() const;

    static bool taskFails(const TaskSpec &task) { return task.nominalFails(1); }

Q_SIGNALS:
    void scenarioReplaced();                                    // load, new: editors rebuild
    void taskChanged(int row);
    void planChanged(int row);
    void edited();                                              // the runnable scenario changed: re-run
    void dirtyChanged(bool dirty);
    void fileChanged();                                         // path or display name changed

private:
    void markEdited();

    Scenario m_scenario;
    QString m_filePath;
    QString m_displayName;
    bool m_dirty = false;
    QStringList m_planDrafts;
    QList<std::optional<ExpressionError>> m_planErrors;
};

} // namespace asyncscope
