#pragma once

// The History dock: every edit of the open scenario, one row each, on the
// document's QUndoStack (a drag is one row: its steps merge). The first row is
// the state the history starts from ("Opened profile.json", "New scenario"),
// the disk icon marks the saved state, and clicking a row (or moving to it with
// the arrow keys) undoes or redoes every edit up to it: the document emits its
// change signals for each, so the editors follow and every plan re-runs.
// The document is never replaced (File ▸ New and Open load into it and clear
// its stack); the view still re-reads the stack at each new scenario, so it
// can never show a stack the document no longer has.

#include <QDockWidget>
#include <QPointer>

class QLabel;
class QUndoView;

namespace asyncscope {

class ScenarioDocument;

class UndoHistoryDock : public QDockWidget
{
    Q_OBJECT
public:
    // `document` is not owned; the dock may outlive it (the view then shows nothing).
    explicit UndoHistoryDock(ScenarioDocument *document, QWidget *parent = nullptr);

    QUndoView *view() const { return m_view; }
    // The first row's text: the state before the first edit.
    QString originText() const;

    // DocumentController::scenarioOpened: names the first row by how the
    // scenario came (`fromFile` false: File ▸ New or a recovered session).
    void showOrigin(bool fromFile);

private:
    void followStack();
    QString originFor(bool fromFile) const;

    QPointer<ScenarioDocument> m_document; // not owned
    QUndoView *m_view;                     // child
    QLabel *m_hint;                        // child
};

} // namespace asyncscope
