#pragma once

// The open file's life cycle, for the window: open (a scenario file, an
// example:NAME, or a recording, which is shown read-only), new, save and save
// as, the unsaved-changes question, the Recent Files and Open Example menus,
// reloading a file changed on disk, and offering what a crashed session
// autosaved (autosave.h). The window shows what this emits; the questions and
// dialogs are asked here, over the window, and tests can replace them.

#include "picture_scenario.h"
#include "trace.h"

#include <QMessageBox>
#include <QObject>

#include <functional>

class QMenu;
class QMimeData;
class QWidget;

namespace asyncscope {

class Autosave;
class RecentFiles;
class ScenarioDocument;
struct Recovery;

class DocumentController : public QObject
{
    Q_OBJECT
public:
    // `document` is not owned and must outlive this; `window` is the parent of
    // this object and of every dialog. `useSettings` false: nothing is read from
    // or written to QSettings and there is no autosave (tests, screenshots).
    DocumentController(ScenarioDocument *document, bool useSettings, QWidget *window);

    // Opens without asking about unsaved changes; false and `error` on a bad file.
    bool openFile(const QString &fileArgument, QString *error = nullptr);
    // Asks about unsaved changes first and reports errors in a message box.
    bool requestOpen(const QString &fileArgument);
    // A Chrome Trace Event or HAR file opens read-only: recorded traffic next to the models.
    bool isTraceOnly() const { return !m_traceFile.isEmpty(); }
    QString traceFileName() const { return m_traceFile; } // the recording shown, empty if none
    // File ▸ Turn Recording into Scenario: the recording shown (or, when none is,
    // one picked in a dialog) becomes an unsaved scenario (recording_scenario.h).
    // `path` empty: the one shown or asked for. False and a message box on a bad file.
    bool turnRecordingIntoScenario(const QString &path = QString());

    // Save, Discard or Cancel when the document is dirty; true when it may go.
    bool maybeSave();
    bool save();
    bool saveAs();
    void newScenario();
    void openDialog();

    // A drag of one scenario file (*.json), a picture asyncscope exported
    // (*.png, *.svg, *.pdf) or a copied scenario may be dropped on the window;
    // the drop opens it once the drag is over (a question must not block the drag source).
    bool acceptsDrop(const QMimeData *data) const;
    bool openDropped(const QMimeData *data);
    // Edit ▸ Paste Scenario: what Copy Picture put there (the scenario type or a
    // PNG with its scenario), or scenario JSON as text. Asks about unsaved changes.
    bool pasteScenario(const QMimeData *data);

    // Fills the File menu's submenus and keeps Recent Files current; not owned.
    void setMenus(QMenu *recentMenu, QMenu *exampleMenu);
    RecentFiles *recentFiles() const { return m_recentFiles; }
    QString lastDirectory() const { return m_lastDirectory; }

    // Crash safety, only with settings: edits go to a recovery file; null otherwise.
    Autosave *autosave() const { return m_autosave; }
    // Asks whether to restore the newest recovery file a crashed or killed
    // session left behind (called once the window is shown).
    void offerRecoveries();

    // A scenario with JavaScript plans runs only if its content was saved here
    // or the user allowed it once (remembered by content); built-in examples
    // are trusted. Tests replace the question: true allows.
    void setJavaScriptQuestion(std::function<bool(const QString &name, const QStringList &plans)> ask);

    // Tests replace the Save/Discard/Cancel question.
    void setUnsavedChangesQuestion(std::function<QMessageBox::StandardButton()> ask);
    // Tests replace the recovery question: Yes restores `offered`, anything else deletes it.
    void setRecoveryQuestion(std::function<QMessageBox::StandardButton(const Recovery &offered)> ask);

    void readSettings();
    void writeSettings() const;
    // Emits titleChanged() for the current file (the window calls it once at the start).
    void updateTitle();

Q_SIGNALS:
    void recordingOpened(const asyncscope::RunTrace &recording);
    void recordingClosed();
    // After Turn Recording into Scenario's scenarioOpened(): the recording, to show beside the scenario.
    void recordingBesideScenario(const asyncscope::RunTrace &recording);
    // Load (`fromFile`), new or recovered: the window shows it whole, from the end.
    void scenarioOpened(bool fromFile);
    // After scenarioOpened(), for a scenario that came out of a picture: what it showed.
    void pictureViewRestored(const asyncscope::PictureView &view);
    // A recording was closed and no scenario replaced it: the one still open must be run again.
    void rerunRequested();
    void titleChanged(const QString &title, bool modified);
    void statusMessage(const QString &text, int timeoutMs);

private:
    bool openTrace(const QString &path, QString *error);
    // A scenario out of a picture (or the clipboard): unsaved, named after it.
    bool openPicture(const PictureLoad &picture, const QString &name, QString *error);
    static QString contentKey(const Scenario &scenario);
    bool mayRunJavaScript(const Scenario &scenario, const QString &name);
    void trust(const Scenario &scenario);
    void leaveTraceMode();
    void askToReload(const QString &path);   // the open file changed on disk
    void rememberFile(const QString &path);
    void rebuildRecentMenu();
    void rebuildExampleMenu();

    ScenarioDocument *m_document;           // not owned
    QWidget *m_window;                      // not owned: the parent
    bool m_useSettings;
    RecentFiles *m_recentFiles;             // child
    bool m_javaScriptDeclined = false;      // the last open stopped at the user's "no" to its JavaScript
    Autosave *m_autosave = nullptr;         // child, when m_useSettings
    QMenu *m_recentMenu = nullptr;          // not owned
    QMenu *m_exampleMenu = nullptr;         // not owned
    QString m_traceFile;                    // non-empty: showing an imported trace, read-only
    QString m_tracePath;                    // its path, for Turn Recording into Scenario
    QString m_lastDirectory;
    bool m_askingToReload = false;
    std::function<QMessageBox::StandardButton()> m_askUnsaved;
    std::function<QMessageBox::StandardButton(const Recovery &)> m_askRecover;
    std::function<bool(const QString &, const QStringList &)> m_askJavaScript;
    QStringList m_trustedContent;           // contentKey()s, newest first
};

} // namespace asyncscope
