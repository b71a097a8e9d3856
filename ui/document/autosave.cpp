#include "autosave.h"

#include "scenario_document.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>

namespace asyncscope {

namespace {

const QLatin1String kFormat("asyncscope-recovery/1");
const QLatin1String kSuffix(".asyncscope-recovery.json");

QString lockPathFor(const QString &recoveryPath)
{
    return recoveryPath + QStringLiteral(".lock");
}

std::unique_ptr<QLockFile> tryLock(const QString &recoveryPath)
{
    auto lock = std::make_unique<QLockFile>(lockPathFor(recoveryPath));
    // 0: a lock is stale only when its process is gone (a crash or a kill), never by age.
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0))
        return nullptr;
    return lock;
}

} // namespace

Autosave::Autosave(ScenarioDocument &document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_directory(defaultRecoveryDirectory())
    , m_untitledId(QUuid::createUuid().toString(QUuid::Id128).left(12))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDefaultDelayMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { writeNow(); });
    connect(&m_document, &ScenarioDocument::edited, this, &Autosave::onEdited);
    connect(&m_document, &ScenarioDocument::taskChanged, this, &Autosave::onEdited);
    connect(&m_document, &ScenarioDocument::planChanged, this, &Autosave::onEdited);
    // Edits that re-run nothing are edits all the same: a lesson, the name and description.
    connect(&m_document, &ScenarioDocument::lessonChanged, this, &Autosave::onEdited);
    connect(&m_document, &ScenarioDocument::descriptionChanged, this, &Autosave::onEdited);
    connect(&m_document, &ScenarioDocument::dirtyChanged, this, &Autosave::onDirtyChanged);
    connect(&m_document, &ScenarioDocument::fileChanged, this, &Autosave::onFileChanged);
    connect(&m_document, &ScenarioDocument::scenarioReplaced, this, &Autosave::onFileChanged);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &Autosave::onWatchedFileChanged);
    onFileChanged();
}

Autosave::~Autosave()
{
    releaseRecoveryFile();
}

QString Autosave::defaultRecoveryDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recovery");
}

void Autosave::setRecoveryDirectory(const QString &directory)
{
    releaseRecoveryFile();
    m_directory = directory;
    onEdited(); // edits made so far go to the new place
}

void Autosave::setDelay(int ms)
{
    m_timer.setInterval(std::max(0, ms));
}

QString Autosave::recoveryFilePath() const
{
    if (!m_currentRecoveryPath.isEmpty())
        return m_currentRecoveryPath;
    // One name per file, so the newest edits of a file replace older ones.
    const QString key = m_document.filePath().isEmpty()
        ? QStringLiteral("untitled-") + m_untitledId
        : QString::fromLatin1(QCryptographicHash::hash(m_document.filePath().toUtf8(), QCryptographicHash::Sha1)
                                  .toHex()
                                  .left(16));
    return QDir(m_directory).filePath(key + kSuffix);
}

bool Autosave::writeNow(QString *error)
{
    m_timer.stop();
    if (!m_document.isDirty())
        return true;
    const auto failed = [&](const QString &message) {
        if (error)
            *error = message;
        emit recoveryWriteFailed(message);
        return false;
    };
    if (!QDir().mkpath(m_directory))
        return failed(tr("%1: cannot create the recovery folder").arg(m_directory));

    QString path = recoveryFilePath();
    if (!m_lock) {
        m_lock = tryLock(path);
        if (!m_lock) {
            // Another running window edits the same file: keep our edits apart.
            path = QDir(m_directory).filePath(QFileInfo(path).fileName().chopped(kSuffix.size()) + u'-'
                                              + m_untitledId + kSuffix);
            m_lock = tryLock(path);
            if (!m_lock)
                return failed(tr("%1: cannot lock the recovery file").arg(path));
        }
    }

    const Scenario &scenario = m_document.scenario();
    QJsonArray drafts;
    for (qsizetype row = 0; row < scenario.plans.size(); ++row)
        drafts.append(m_document.planDraft(int(row)));
    const QJsonObject root{
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("original_path"), m_document.filePath()},
        {QStringLiteral("display_name"), m_document.displayName()},
        {QStringLiteral("saved_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("scenario"), scenario.toJson()},
        {QStringLiteral("plan_drafts"), drafts},
    };
    // QSaveFile: a kill in the middle of this write leaves the previous recovery file whole.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(tr("%1: %2").arg(path, file.errorString()));
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return failed(tr("%1: %2").arg(path, file.errorString()));
    m_currentRecoveryPath = path;
    emit recoveryWritten(path);
    return true;
}

void Autosave::discard()
{
    releaseRecoveryFile();
}

QList<Recovery> Autosave::findRecoveries(const QString &directory, QStringList *problems)
{
    QList<Recovery> found;
    const QFileInfoList files =
        QDir(directory).entryInfoList({QStringLiteral("*") + kSuffix}, QDir::Files, QDir::Time);
    for (const QFileInfo &info : files) {
        const QString path = info.absoluteFilePath();
        // Held by a running window: its edits are not lost, so they are not offered.
        if (!tryLock(path))
            continue;
        const auto problem = [&](const QString &message) {
            if (problems)
                problems->append(QStringLiteral("%1: %2").arg(path, message));
        };
        QFile file(path);
        if (info.size() > kMaxScenarioBytes * 2 || !file.open(QIODevice::ReadOnly)) {
            problem(QStringLiteral("cannot read it"));
            continue;
        }
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        if (root.value(QLatin1String("format")).toString() != kFormat) {
            problem(QStringLiteral("not an asyncscope recovery file"));
            continue;
        }
        Recovery recovery;
        recovery.recoveryPath = path;
        recovery.originalPath = root.value(QLatin1String("original_path")).toString();
        recovery.displayName = root.value(QLatin1String("display_name")).toString();
        recovery.savedAt = QDateTime::fromString(root.value(QLatin1String("saved_at")).toString(), Qt::ISODateWithMs);
        const LoadResult loaded = loadScenario(QJsonDocument(root.value(QLatin1String("scenario")).toObject()).toJson(),
                                               recovery.displayName);
        if (!loaded.ok()) {
            problem(loaded.error);
            continue;
        }
        recovery.scenario = *loaded.scenario;
        for (const QJsonValue &draft : root.value(QLatin1String("plan_drafts")).toArray())
            recovery.planDrafts.append(draft.toString());
        found.append(recovery);
    }
    return found;
}

void Autosave::restore(const Recovery &recovery, ScenarioDocument &document)
{
    document.setScenario(recovery.scenario, recovery.originalPath, recovery.displayName);
    // Plans the user was still typing come back as typed (with their errors).
    for (qsizetype row = 0; row < recovery.planDrafts.size() && row < recovery.scenario.plans.size(); ++row) {
        if (recovery.planDrafts.at(row) != recovery.scenario.plans.at(row).run)
            document.setPlanRun(int(row), recovery.planDrafts.at(row));
    }
    document.setDirty(true);
    remove(recovery);
}

bool Autosave::remove(const Recovery &recovery)
{
    QFile::remove(lockPathFor(recovery.recoveryPath));
    return QFile::remove(recovery.recoveryPath);
}

void Autosave::onEdited()
{
    if (m_document.isDirty() && !m_timer.isActive())
        m_timer.start(); // not restarted by later edits: a long slider drag still gets saved
}

void Autosave::onDirtyChanged(bool dirty)
{
    if (dirty) {
        onEdited();
        return;
    }
    // Saved: the file on disk holds the edits now.
    m_timer.stop();
    releaseRecoveryFile();
    m_diskSnapshot = m_document.scenario().toJson();
}

void Autosave::onFileChanged()
{
    // Another file (or a new name): the old recovery file no longer describes it.
    m_timer.stop();
    releaseRecoveryFile();
    if (!m_document.isDirty())
        m_diskSnapshot = m_document.scenario().toJson();
    watchDocumentFile();
    onEdited();
}

void Autosave::watchDocumentFile()
{
    if (!m_watchedPath.isEmpty())
        m_watcher.removePath(m_watchedPath);
    m_watchedPath = m_document.filePath();
    if (!m_watchedPath.isEmpty() && QFileInfo::exists(m_watchedPath))
        m_watcher.addPath(m_watchedPath);
}

void Autosave::onWatchedFileChanged(const QString &path)
{
    if (path != m_watchedPath)
        return;
    // An atomic save (ours or an editor's) replaces the file: watch the new one.
    m_watcher.removePath(path);
    if (QFileInfo::exists(path))
        m_watcher.addPath(path);
    QFile file(path);
    QJsonObject onDisk;
    if (file.open(QIODevice::ReadOnly)) {
        const LoadResult loaded = loadScenario(file.read(kMaxScenarioBytes + 1), path);
        if (loaded.ok())
            onDisk = loaded.scenario->toJson();
    }
    if (!onDisk.isEmpty() && onDisk == m_diskSnapshot)
        return; // our own save, or a write of the same content
    m_diskSnapshot = onDisk; // ask once per change, not again for the same content
    emit fileChangedOnDisk(path);
}

void Autosave::releaseRecoveryFile()
{
    if (!m_currentRecoveryPath.isEmpty())
        QFile::remove(m_currentRecoveryPath);
    m_currentRecoveryPath.clear();
    m_lock.reset(); // unlocks and removes the lock file
}

} // namespace asyncscope
