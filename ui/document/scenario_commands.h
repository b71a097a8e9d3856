#pragma once

// The undo-able edits of a ScenarioDocument. Every edit is one
// ScenarioEditCommand holding the document's state before and after it (the
// scenario is implicitly shared, so a command costs what it changed), what it
// touched (one task, one plan, the lists, the scenario's name), and its text
// for the Undo menu and the undo view ("weather latency 150 → 400 ms").
// Commands with the same merge key merge: the steps of one drag are one
// undo step, and a drag that ends where it began leaves nothing to undo.

#include "scenario.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUndoCommand>

#include <optional>

namespace asyncscope {

class ScenarioDocument;

// What a ScenarioDocument holds besides its file: the runnable scenario and
// each plan's text as typed, with the parser's message while it is invalid.
struct DocumentState
{
    Scenario scenario;
    QStringList planDrafts;
    QList<std::optional<ExpressionError>> planErrors;
};

enum class EditScope {
    Task,        // one task's fields: taskChanged(row)
    Plan,        // one plan's text or name: planChanged(row)
    Structure,   // tasks or plans added, removed, moved, renamed: structureChanged()
    Description, // the scenario's name or description: descriptionChanged()
    Lesson,      // the scenario's lesson: lessonChanged()
};

struct EditChange
{
    EditScope scope = EditScope::Structure;
    int row = -1;                 // the task or plan, for Task and Plan
    bool runnable = true;         // the runnable scenario changed: edited() (an invalid draft does not)
    QString what;                 // "weather latency"
    QString before;               // "150" (empty for edits without a value, "add task c")
    QString after;                // "400"
    QString unit;                 // " ms"
    QString mergeKey;             // empty: never merges
};

class ScenarioEditCommand : public QUndoCommand
{
public:
    static constexpr int kId = 0x5ce1;

    ScenarioEditCommand(ScenarioDocument *document, DocumentState before, DocumentState after, EditChange change);

    void undo() override;
    void redo() override;
    int id() const override { return kId; }
    bool mergeWith(const QUndoCommand *other) override;

    const EditChange &change() const { return m_change; }
    static QString describe(const EditChange &change);

private:
    ScenarioDocument *m_document; // not owned: the document owns the stack that owns this
    DocumentState m_before;
    DocumentState m_after;
    EditChange m_change;
};

} // namespace asyncscope
