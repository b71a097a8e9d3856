#include "scenario_commands.h"

#include "scenario_document.h"

namespace asyncscope {

ScenarioEditCommand::ScenarioEditCommand(ScenarioDocument *document, DocumentState before, DocumentState after,
                                         EditChange change)
    : m_document(document)
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_change(std::move(change))
{
    setText(describe(m_change));
}

QString ScenarioEditCommand::describe(const EditChange &change)
{
    if (change.before.isEmpty() && change.after.isEmpty())
        return change.what;
    return QStringLiteral("%1 %2 → %3%4").arg(change.what, change.before, change.after, change.unit);
}

void ScenarioEditCommand::undo()
{
    m_document->applyState(m_before, m_change);
}

void ScenarioEditCommand::redo()
{
    m_document->applyState(m_after, m_change);
}

bool ScenarioEditCommand::mergeWith(const QUndoCommand *other)
{
    if (other->id() != id())
        return false;
    const auto *next = static_cast<const ScenarioEditCommand *>(other);
    if (m_change.mergeKey.isEmpty() || next->m_change.mergeKey != m_change.mergeKey)
        return false;
    // One drag may touch one task, then another (a per-invocation value, the
    // task's): the merged command then redraws everything it touched.
    if (next->m_change.scope != m_change.scope || next->m_change.row != m_change.row)
        m_change.scope = EditScope::Structure;
    m_change.runnable = m_change.runnable || next->m_change.runnable;
    if (next->m_change.what != m_change.what) {
        m_change.what = next->m_change.what;
        m_change.before.clear();
        m_change.after.clear();
    } else {
        m_change.after = next->m_change.after;
    }
    m_after = next->m_after;
    setText(describe(m_change));
    // Back where it started: nothing to undo.
    if (!m_change.before.isEmpty() && m_change.before == m_change.after)
        setObsolete(true);
    return true;
}

} // namespace asyncscope
