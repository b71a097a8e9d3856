#include "document_controller.h"

#include "autosave.h"
#include "recent_files.h"
#include "scenario_document.h"
#include "recording_scenario.h"
#include "trace_import.h"

#include <QAction>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QMimeData>
#include <QSettings>

namespace asyncscope {

DocumentController::DocumentController(ScenarioDocument *document, bool useSettings, QWidget *window)
    : QObject(window)
    , m_document(document)
    , m_window(window)
    , m_useSettings(useSettings)
    , m_recentFiles(new RecentFiles(this))
{
    connect(m_document, &ScenarioDocument::dirtyChanged, this, &DocumentController::updateTitle);
    connect(m_document, &ScenarioDocument::fileChanged, this, &DocumentController::updateTitle);
    if (m_useSettings) {
        m_autosave = new Autosave(*m_document, this);
        connect(m_autosave, &Autosave::fileChangedOnDisk, this, &DocumentController::askToReload);
    }
    connect(m_recentFiles, &RecentFiles::changed, this, &DocumentController::rebuildRecentMenu);
}

// ---------------------------------------------------------------- opening

bool DocumentController::openFile(const QString &fileArgument, QString *error)
{
    m_javaScriptDeclined = false;
    if (isTraceFile(fileArgument))
        return openTrace(fileArgument, error);
    if (!fileArgument.startsWith(QLatin1String("example:")) && !isPictureFile(fileArgument)) {
        // Asked before the document changes: a file of JavaScript plans we did not write.
        const LoadResult peek = loadScenarioFile(fileArgument);
        if (peek.ok() && !mayRunJavaScript(*peek.scenario, QFileInfo(fileArgument).fileName())) {
            if (error)
                *error = tr("%1 was not opened: its JavaScript plans were not allowed to run").arg(fileArgument);
            return false;
        }
    }
    if (isPictureFile(fileArgument)) {
        if (!openPicture(loadPictureFile(fileArgument), QFileInfo(fileArgument).completeBaseName(), error))
            return false;
        rememberFile(fileArgument);
        return true;
    }
    const bool wasTrace = isTraceOnly();
    leaveTraceMode();
    if (!m_document->load(fileArgument, error)) {
        if (wasTrace)
            emit rerunRequested(); // the trace is gone: show the scenario that is still open
        return false;
    }
    if (!m_document->filePath().isEmpty())
        rememberFile(m_document->filePath());
    emit scenarioOpened(true);
    return true;
}

bool DocumentController::requestOpen(const QString &fileArgument)
{
    if (!maybeSave())
        return false;
    QString error;
    if (!openFile(fileArgument, &error)) {
        if (m_javaScriptDeclined) {
            // The user's own choice, not a broken file: no error box, and it stays in Recent Files.
            emit statusMessage(error, 8000);
            return false;
        }
        QMessageBox::warning(m_window, tr("Cannot open scenario"), error);
        if (!fileArgument.startsWith(QLatin1String("example:")))
            m_recentFiles->remove(fileArgument);
        return false;
    }
    return true;
}

bool DocumentController::openPicture(const PictureLoad &picture, const QString &name, QString *error)
{
    if (!picture.ok()) {
        if (error)
            *error = picture.loaded.error;
        return false;
    }
    if (!mayRunJavaScript(*picture.loaded.scenario, name)) {
        if (error)
            *error = tr("%1 was not opened: its JavaScript plans were not allowed to run").arg(name);
        return false;
    }
    leaveTraceMode();
    // Not the picture's path: Save must not write JSON over an image.
    m_document->setScenario(*picture.loaded.scenario, QString(), name);
    m_document->setDirty(true);
    emit scenarioOpened(true);
    emit pictureViewRestored(picture.view);
    return true;
}

// The scenario's identity for trust: its content, whatever its file is called.
QString DocumentController::contentKey(const Scenario &scenario)
{
    return QString::fromLatin1(QCryptographicHash::hash(QJsonDocument(scenario.toJson()).toJson(QJsonDocument::Compact),
                                                        QCryptographicHash::Sha256)
                                   .toHex());
}

bool DocumentController::mayRunJavaScript(const Scenario &scenario, const QString &name)
{
    QStringList plans;
    for (const PlanSpec &plan : scenario.plans) {
        if (plan.isJavaScript())
            plans << plan.name;
    }
    if (plans.isEmpty())
        return true;
    const QString key = contentKey(scenario);
    if (m_trustedContent.contains(key))
        return true;
    const bool allowed = m_askJavaScript ? m_askJavaScript(name, plans)
                                         : QMessageBox::question(m_window, tr("Run JavaScript?"),
                                                                 tr("%1 contains JavaScript plans (%2). asyncscope runs them "
                                                                    "in a sandbox without access to files or the network. "
                                                                    "Run this file's JavaScript?")
                                                                     .arg(name, plans.join(QStringLiteral(", "))),
                                                                 QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
                                               == QMessageBox::Yes;
    if (allowed)
        trust(scenario);
    else
        m_javaScriptDeclined = true;
    return allowed;
}

void DocumentController::trust(const Scenario &scenario)
{
    const QString key = contentKey(scenario);
    if (m_trustedContent.contains(key))
        return;
    m_trustedContent.prepend(key);
    while (m_trustedContent.size() > 500)
        m_trustedContent.removeLast();
    if (m_useSettings)
        QSettings().setValue(QStringLiteral("trustedJavaScript"), m_trustedContent);
}

void DocumentController::setJavaScriptQuestion(std::function<bool(const QString &, const QStringList &)> ask)
{
    m_askJavaScript = std::move(ask);
}

bool DocumentController::pasteScenario(const QMimeData *data)
{
    if (!data)
        return false;
    PictureLoad picture;
    if (data->hasFormat(QLatin1String(kScenarioMimeType)))
        picture = loadPictureEnvelope(data->data(QLatin1String(kScenarioMimeType)), tr("the clipboard"));
    else if (data->hasFormat(QStringLiteral("image/png")))
        picture = loadPicture(data->data(QStringLiteral("image/png")), tr("the clipboard's picture"));
    else if (data->hasText()) {
        picture.loaded = loadScenario(data->text().toUtf8(), tr("the clipboard's text"));
    } else {
        QMessageBox::information(m_window, tr("Paste Scenario"),
                                 tr("The clipboard holds no scenario: copy a timeline in asyncscope, a picture it "
                                    "exported, or scenario JSON."));
        return false;
    }
    if (!maybeSave())
        return false;
    QString error;
    if (!openPicture(picture, tr("Pasted scenario"), &error)) {
        QMessageBox::warning(m_window, tr("Paste Scenario"), error);
        return false;
    }
    return true;
}

bool DocumentController::openTrace(const QString &path, QString *error)
{
    std::optional<RunTrace> trace = importTrace(path, error);
    if (!trace)
        return false;
    m_traceFile = QFileInfo(path).fileName();
    m_tracePath = path;
    emit recordingOpened(*trace);
    rememberFile(path);
    emit titleChanged(tr("%1 (trace, read-only) — asyncscope").arg(m_traceFile), false);
    return true;
}

bool DocumentController::turnRecordingIntoScenario(const QString &path)
{
    QString recording = !path.isEmpty() ? path : (isTraceOnly() ? m_tracePath : QString());
    if (recording.isEmpty()) {
        if (!maybeSave())
            return false;
        recording = QFileDialog::getOpenFileName(m_window, tr("Turn Recording into Scenario"),
                                                 m_lastDirectory.isEmpty() ? QDir::homePath() : m_lastDirectory,
                                                 tr("Recordings (*.har *.json);;All files (*)"));
        if (recording.isEmpty())
            return false;
    }
    QString error;
    const std::optional<RecordingScenario> made = importRecordingAsScenario(recording, &error);
    if (!made) {
        if (m_window->isVisible())
            QMessageBox::warning(m_window, tr("Turn Recording into Scenario"), error);
        emit statusMessage(error, 10000);
        return false;
    }
    leaveTraceMode();
    // Unsaved and without a path: Save As asks where, never over the recording.
    m_document->setScenario(made->scenario, QString(), made->scenario.name);
    m_document->setDirty(true);
    emit scenarioOpened(true);
    emit recordingBesideScenario(made->recording);
    emit statusMessage(tr("%1 requests became tasks; plans as-recorded, graph and all-at-once%2")
                           .arg(made->requests)
                           .arg(made->scenario.connectionsPerHost
                                    ? tr("; %1 waited for a connection (%2 per host)")
                                          .arg(made->waitedForConnection)
                                          .arg(*made->scenario.connectionsPerHost)
                                    : (made->contradictedWaits.isEmpty()
                                           ? QString()
                                           : tr("; no per-host limit: the recorded waits and times disagree (see the description)"))),
                       10000);
    return true;
}

void DocumentController::leaveTraceMode()
{
    if (m_traceFile.isEmpty())
        return;
    m_traceFile.clear();
    m_tracePath.clear();
    emit recordingClosed();
    updateTitle();
}

bool DocumentController::acceptsDrop(const QMimeData *data) const
{
    if (data->hasFormat(QLatin1String(kScenarioMimeType)))
        return true;
    const QList<QUrl> urls = data->urls();
    if (urls.size() != 1 || !urls.constFirst().isLocalFile())
        return false;
    const QString path = urls.constFirst().toLocalFile();
    for (const char *suffix : {".json", ".har", ".png", ".svg", ".pdf"}) {
        if (path.endsWith(QLatin1String(suffix), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool DocumentController::openDropped(const QMimeData *data)
{
    if (!acceptsDrop(data))
        return false;
    if (data->hasFormat(QLatin1String(kScenarioMimeType))) {
        const QByteArray envelope = data->data(QLatin1String(kScenarioMimeType));
        QMetaObject::invokeMethod(this, [this, envelope] {
            QMimeData copy;
            copy.setData(QLatin1String(kScenarioMimeType), envelope);
            pasteScenario(&copy);
        }, Qt::QueuedConnection);
        return true;
    }
    const QString path = data->urls().constFirst().toLocalFile();
    // Not inside the drop: a modal question would block the drag source.
    QMetaObject::invokeMethod(this, [this, path] { requestOpen(path); }, Qt::QueuedConnection);
    return true;
}

void DocumentController::openDialog()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open Scenario"),
                                                      m_lastDirectory.isEmpty() ? QDir::homePath() : m_lastDirectory,
                                                      tr("Scenarios (*.json);;Pictures asyncscope exported (*.png *.svg *.pdf);;"
                                                         "Recordings (*.har *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!openFile(path, &error))
        QMessageBox::warning(m_window, tr("Cannot open scenario"), error);
}

void DocumentController::newScenario()
{
    if (!maybeSave())
        return;
    leaveTraceMode();
    m_document->newScenario();
    emit scenarioOpened(false);
}

void DocumentController::rememberFile(const QString &path)
{
    m_lastDirectory = QFileInfo(path).absolutePath();
    m_recentFiles->add(path);
    if (m_useSettings) {
        m_recentFiles->save();
        QSettings().setValue(QStringLiteral("lastFile"), path);
    }
}

// ---------------------------------------------------------------- saving

void DocumentController::setUnsavedChangesQuestion(std::function<QMessageBox::StandardButton()> ask)
{
    m_askUnsaved = std::move(ask);
}

bool DocumentController::maybeSave()
{
    if (!m_document->isDirty())
        return true;
    const QMessageBox::StandardButton answer = m_askUnsaved
        ? m_askUnsaved()
        : QMessageBox::warning(m_window, tr("Unsaved changes"),
                               tr("“%1” has unsaved changes. Save them first?").arg(m_document->displayName()),
                               QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    switch (answer) {
    case QMessageBox::Save: return save();
    case QMessageBox::Discard: return true;
    default: return false;
    }
}

bool DocumentController::save()
{
    if (m_document->filePath().isEmpty())
        return saveAs();
    QString error;
    if (!m_document->save(&error)) {
        QMessageBox::warning(m_window, tr("Cannot save scenario"), error);
        return false;
    }
    trust(m_document->scenario()); // we wrote it
    emit statusMessage(tr("Saved %1").arg(m_document->filePath()), 3000);
    return true;
}

bool DocumentController::saveAs()
{
    QString suggestion = m_document->filePath();
    if (suggestion.isEmpty()) {
        QString base = m_document->displayName();
        base.remove(QLatin1String("example:"));
        suggestion = QDir(m_lastDirectory.isEmpty() ? QDir::homePath() : m_lastDirectory).filePath(base + QLatin1String(".json"));
    }
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save Scenario"), suggestion,
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (path.isEmpty())
        return false;
    QString error;
    if (!m_document->saveAs(path, &error)) {
        QMessageBox::warning(m_window, tr("Cannot save scenario"), error);
        return false;
    }
    rememberFile(m_document->filePath());
    trust(m_document->scenario()); // we wrote it
    emit statusMessage(tr("Saved %1").arg(m_document->filePath()), 3000);
    return true;
}

void DocumentController::updateTitle()
{
    if (isTraceOnly())
        return;
    const QString name = m_document->displayName().isEmpty() ? tr("Untitled") : m_document->displayName();
    emit titleChanged(QStringLiteral("%1[*] — asyncscope").arg(name), m_document->isDirty());
}

// ---------------------------------------------------------------- menus

void DocumentController::setMenus(QMenu *recentMenu, QMenu *exampleMenu)
{
    m_recentMenu = recentMenu;
    m_exampleMenu = exampleMenu;
    rebuildRecentMenu();
    rebuildExampleMenu();
}

void DocumentController::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList files = m_recentFiles->files();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files.at(i);
        QAction *action = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] { requestOpen(path); });
    }
    if (files.isEmpty()) {
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    connect(m_recentMenu->addAction(tr("&Clear Menu")), &QAction::triggered, m_recentFiles, &RecentFiles::clear);
}

void DocumentController::rebuildExampleMenu()
{
    if (!m_exampleMenu)
        return;
    m_exampleMenu->clear();
    for (const ExampleInfo &example : builtInExamples()) {
        const QString text = example.title.isEmpty() ? example.name : QStringLiteral("%1 — %2").arg(example.name, example.title);
        QAction *action = m_exampleMenu->addAction(text);
        action->setStatusTip(example.description);
        action->setToolTip(example.description);
        const QString argument = QStringLiteral("example:") + example.name;
        connect(action, &QAction::triggered, this, [this, argument] { requestOpen(argument); });
    }
}

// ---------------------------------------------------------------- recovery and reload

void DocumentController::setRecoveryQuestion(std::function<QMessageBox::StandardButton(const Recovery &)> ask)
{
    m_askRecover = std::move(ask);
}

void DocumentController::offerRecoveries()
{
    if (!m_autosave)
        return;
    const QList<Recovery> found = Autosave::findRecoveries(m_autosave->recoveryDirectory());
    if (found.isEmpty())
        return;
    const Recovery &newest = found.first(); // older ones are offered on later starts
    const QString name = newest.displayName.isEmpty() ? tr("Untitled") : newest.displayName;
    const QMessageBox::StandardButton answer = m_askRecover
        ? m_askRecover(newest)
        : QMessageBox::question(
              m_window, tr("Recover unsaved changes?"),
              tr("asyncscope did not close cleanly. Recover the unsaved changes to %1 from %2?")
                  .arg(name, QLocale().toString(newest.savedAt.toLocalTime(), QLocale::ShortFormat)),
              QMessageBox::Yes | QMessageBox::Discard, QMessageBox::Yes);
    if (answer != QMessageBox::Yes) {
        Autosave::remove(newest);
        return;
    }
    Autosave::restore(newest, *m_document);
    emit scenarioOpened(false);
}

void DocumentController::askToReload(const QString &path)
{
    if (m_askingToReload)
        return; // one question at a time; it reloads the latest content anyway
    m_askingToReload = true;
    const QString name = QFileInfo(path).fileName();
    const QString question = m_document->isDirty()
        ? tr("%1 changed on disk. Reload it and lose your unsaved changes?").arg(name)
        : tr("%1 changed on disk. Reload it?").arg(name);
    const bool reload = QMessageBox::question(m_window, tr("File changed on disk"), question,
                                              QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes)
        == QMessageBox::Yes;
    m_askingToReload = false;
    if (!reload)
        return;
    QString error;
    if (!openFile(path, &error))
        QMessageBox::warning(m_window, tr("Cannot reload scenario"), error);
}

// ---------------------------------------------------------------- settings

void DocumentController::readSettings()
{
    m_recentFiles->load();
    m_recentFiles->pruneMissing();
    m_trustedContent = QSettings().value(QStringLiteral("trustedJavaScript")).toStringList();
    const QString lastFile = QSettings().value(QStringLiteral("lastFile")).toString();
    if (!lastFile.isEmpty())
        m_lastDirectory = QFileInfo(lastFile).absolutePath();
}

void DocumentController::writeSettings() const
{
    m_recentFiles->save();
}

} // namespace asyncscope
