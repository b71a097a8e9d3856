#pragma once

// The scenario open in the window: the data being edited, where it came from,
// whether it has unsaved changes, and saving it atomically (QSaveFile).
// Every edit goes through here, as one command on the document's QUndoStack
// (scenario_commands.h), so undo, the dirty flag and the re-run signal cannot
// be forgotten by one of the editors. The stack's clean state is the saved
// state: undo after a save marks the document modified again.

#include "scenario.h"
#include "scenario_commands.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QUndoStack;

namespace asyncscope {

class ScenarioDocument : public QObject
{
    Q_OBJECT
public:
    explicit ScenarioDocument(QObject *parent = nullptr);

    // A path, "-" or "example:NAME". On failure the document is unchanged and
    // `error` holds loadScenarioFile's one-line message.
    bool load(const QString &fileArgument, QString *error = nullptr);
    // Replaces the document (and clears the undo history); `filePath` is empty
    // for examples and new scenarios (Save asks for a name).
    void setScenario(const Scenario &scenario, const QString &filePath, const QString &displayName);
    // A small starter scenario (two tasks, sequential vs parallel), unnamed and clean.
    void newScenario();

    bool save(QString *error = nullptr);                        // needs a filePath()
    bool saveAs(const QString &path, QString *error = nullptr);
    // What save writes: the format of docs/scenario-format.md, keys in the documented order.
    QByteArray fileContents() const;

    const Scenario &scenario() const { return m_state.scenario; }
    QString filePath() const { return m_filePath; }
    QString displayName() const { return m_displayName; }
    bool isDirty() const { return m_dirty; }
    // false: the current state becomes the saved one. true: modified whatever
    // the history says (a restored recovery, a picture opened as a scenario).
    void setDirty(bool dirty);

    QUndoStack *undoStack() const { return m_undoStack; }

    // A drag (the latency slider, a bar in the timeline): every edit between
    // begin and end merges into one undo step. interactiveEditStarted() comes
    // before the first change, so a listener can keep "the state before this drag".
    void beginInteractiveEdit(const QString &what);
    void endInteractiveEdit();
    bool isInteractiveEditActive() const { return m_interactiveDepth > 0; }

    // Task edits. Each pushes one command when it changes something and
    // returns false (with a one-line message in `error`) when it is refused.
    void setTaskLatency(int row, double ms);
    // Invocation `instance` (1-based) of a task with per-invocation latencies; else the task's latency.
    void setTaskInvocationLatency(int row, int instance, double ms);
    void setTaskFails(int row, bool fails);
    // Invocation `instance` of a task with per-invocation fails; else the task's.
    void setTaskInvocationFails(int row, int instance, bool fails);
    void setTaskFailureRate(int row, double rate);
    bool setTaskLatencies(int row, const QList<double> &perInvocationMs, QString *error = nullptr);
    bool setTaskFailsList(int row, const QList<bool> &perInvocation, QString *error = nullptr);
    bool setTaskDistribution(int row, const std::optional<LatencyDistribution> &distribution, QString *error = nullptr);
    bool setTaskJitter(int row, double ms, QString *error = nullptr);
    bool setTaskLabel(int row, const QString &label, QString *error = nullptr);
    bool setTaskValue(int row, const QJsonValue &value, QString *error = nullptr);  // undefined: the default (the id)
    bool setTaskError(int row, const QJsonValue &reason, QString *error = nullptr); // undefined: "<id> failed"
    bool setTaskNeeds(int row, const QStringList &needs, QString *error = nullptr); // a cycle is refused, named
    bool setTaskUrl(int row, const QString &url, QString *error = nullptr);
    bool setTaskHost(int row, const QString &host, QString *error = nullptr);
    // Renames the task everywhere: other tasks' needs, expression plans (by the
    // parser's tokens, so "a" in "all(a, aa)" is the only one renamed), and
    // JavaScript plans when the task's function was derived from its id.
    bool renameTask(int row, const QString &newId, QString *error = nullptr);

    // Task and plan lists. Rows returned are where the new item went (-1 when refused).
    int addTask(QString *error = nullptr);                      // "task1", "task2"... 100 ms
    int duplicateTask(int row, QString *error = nullptr);       // below it, as "<id>_copy"
    bool removeTask(int row, QString *error = nullptr);         // refused while a plan or a need uses it
    bool moveTask(int from, int to, QString *error = nullptr);
    int addPlan(QString *error = nullptr);                      // all(every task)
    int duplicatePlan(int row, QString *error = nullptr);
    bool removePlan(int row, QString *error = nullptr);
    bool movePlan(int from, int to, QString *error = nullptr);
    bool renamePlan(int row, const QString &name, QString *error = nullptr);

    bool setScenarioName(const QString &name, QString *error = nullptr);
    bool setScenarioDescription(const QString &description, QString *error = nullptr);

    // The scenario's lesson (core/model/lesson.h) as it is written in the file;
    // an empty object removes it. Checked by parseLesson against the scenario's
    // plans and tasks, so a lesson that would not load is refused with the
    // parser's message ("lesson.steps[1].text: must not be blank"). `what` is the
    // undo text ("step 2 text"); edits with the same non-empty `mergeKey` in a
    // row are one undo step (typing in one field). Not runnable: no re-run.
    bool setLesson(const QJsonObject &lesson, const QString &what, const QString &mergeKey = {}, QString *error = nullptr);

    // Parses `text`; when it is invalid the plan keeps its last good expression
    // (so its trace stays) and the error is remembered for the editor.
    // Typing in one plan merges into one undo step per plan.
    std::optional<ExpressionError> setPlanRun(int row, const QString &text);
    // Makes the plan a JavaScript plan with `code` (the body of an async
    // function, SPEC §6), or edits its code; Node judges the syntax when it
    // runs. Typing in one plan merges into one undo step per plan. False when
    // the row is unknown or the code is empty.
    bool setPlanJavaScript(int row, const QString &code);
    QString planDraft(int row) const;                           // the text as typed, valid or not
    std::optional<ExpressionError> planError(int row) const;
    bool hasInvalidPlans() const;

    static bool taskFails(const TaskSpec &task) { return task.nominalFails(1); }

Q_SIGNALS:
    void scenarioReplaced();                                    // load, new: editors rebuild
    void structureChanged();                                    // tasks or plans added, removed, moved, renamed: rebuild
    void descriptionChanged();                                  // scenario name or description
    void lessonChanged();                                       // setLesson, its undo and redo
    void taskChanged(int row);
    void planChanged(int row);
    void edited();                                              // the runnable scenario changed: re-run
    void dirtyChanged(bool dirty);
    void fileChanged();                                         // path or display name changed
    void interactiveEditStarted();                              // before the first change of a drag

private:
    friend class ScenarioEditCommand;
    void applyState(const DocumentState &state, const EditChange &change);

    bool validTaskRow(int row, QString *error) const;
    bool validPlanRow(int row, QString *error) const;
    // Pushes a change of one task; `validate` checks the whole scenario as the loader would.
    bool commitTask(int row, const TaskSpec &after, EditChange change, bool validate, QString *error);
    bool commitState(DocumentState after, EditChange change, bool validate, QString *error);
    QString mergeKeyFor(const QString &edit) const;
    void setDirtyFlag(bool dirty);

    DocumentState m_state;
    QString m_filePath;
    QString m_displayName;
    bool m_dirty = false;
    QUndoStack *m_undoStack;
    int m_interactiveDepth = 0;
    int m_interactiveSerial = 0;
};

} // namespace asyncscope
