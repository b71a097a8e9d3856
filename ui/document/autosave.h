#pragma once

// The window never loses work (issue 11). Autosave watches a ScenarioDocument:
//  - a few seconds after an edit it writes a recovery file (QSaveFile, so a
//    kill mid-write leaves the previous one) holding the scenario, the plan
//    texts as typed and where the document came from;
//  - a save, loading another scenario or a clean shutdown removes it, so a
//    recovery file found on the next start means the last session crashed or
//    was killed: findRecoveries() lists those, restore() puts one back;
//  - a QLockFile per recovery file, held while its window runs, keeps a second
//    running instance from offering the first one's edits;
//  - the open file is watched (QFileSystemWatcher): a change on disk that is
//    not the document's own save emits fileChangedOnDisk(), so the window can
//    ask whether to reload.
// No dialog here: the window decides how to ask; tests drive this class.

#include "scenario.h"

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QJsonObject>
#include <QLockFile>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace asyncscope {

class ScenarioDocument;

struct Recovery
{
    QString recoveryPath;     // the recovery file itself
    QString originalPath;     // the scenario file it was edited from; empty for examples and new scenarios
    QString displayName;      // what the window called it ("profile.json", "example:zombies")
    QDateTime savedAt;        // when the recovery file was written (UTC)
    Scenario scenario;        // the last edited, runnable state
    QStringList planDrafts;   // the plan texts as typed (may be invalid), one per plan
};

class Autosave final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultDelayMs = 3000;

    // `document` is not owned and must outlive this. Recovery files go to
    // defaultRecoveryDirectory() unless setRecoveryDirectory() says otherwise.
    explicit Autosave(ScenarioDocument &document, QObject *parent = nullptr);
    // A clean shutdown: the recovery file is removed (the window asked to save).
    ~Autosave() override;

    // <AppDataLocation>/recovery, e.g. ~/.local/share/asyncscope/asyncscope/recovery.
    static QString defaultRecoveryDirectory();
    void setRecoveryDirectory(const QString &directory);
    QString recoveryDirectory() const { return m_directory; }
    void setDelay(int ms);

    // The file this document's edits go to (it need not exist yet).
    QString recoveryFilePath() const;
    // Writes the recovery file now if the document has unsaved changes; false on an I/O error.
    bool writeNow(QString *error = nullptr);
    // Forgets the current recovery file (the user declined it, or saved).
    void discard();

    // Recovery files in `directory` that no running window holds, newest first.
    // Files that do not parse are skipped (and named in `problems`, one line each).
    static QList<Recovery> findRecoveries(const QString &directory, QStringList *problems = nullptr);
    // Puts `recovery` into `document` (dirty, drafts as typed) and removes its file.
    static void restore(const Recovery &recovery, ScenarioDocument &document);
    // Deletes a recovery the user declined.
    static bool remove(const Recovery &recovery);

Q_SIGNALS:
    void recoveryWritten(const QString &path);
    void recoveryWriteFailed(const QString &message);
    // The open file changed on disk and no longer holds what the document last loaded or saved.
    void fileChangedOnDisk(const QString &path);

private:
    void onEdited();
    void onDirtyChanged(bool dirty);
    void onFileChanged();            // the document's path changed
    void onWatchedFileChanged(const QString &path);
    void releaseRecoveryFile();
    void watchDocumentFile();

    ScenarioDocument &m_document;  // not owned
    QString m_directory;
    QTimer m_timer;
    QFileSystemWatcher m_watcher;
    QString m_watchedPath;
    QString m_currentRecoveryPath; // written by this window (and locked), or empty
    std::unique_ptr<QLockFile> m_lock;
    QJsonObject m_diskSnapshot;    // the scenario as last loaded or saved, to tell our saves from others' writes
    QString m_untitledId;          // names the recovery file of a document without a path
};

} // namespace asyncscope
