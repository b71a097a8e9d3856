// The window never loses work (issue 11): edits reach a recovery file a few
// seconds later, a recovery file left by a crashed or killed session is found
// and restored on the next start, saves and clean exits remove it, and a file
// changed on disk by someone else is noticed.

#include "autosave.h"
#include "scenario_document.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace asyncscope;

namespace {

const char kScenario[] = R"json({
  "format": "asyncscope-scenario/1", "name": "Profile",
  "tasks": [{"id": "user", "latency_ms": 200}, {"id": "posts", "latency_ms": 120}],
  "plans": [{"name": "sequential", "run": "seq(user, posts)"}, {"name": "parallel", "run": "all(user, posts)"}]
})json";

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class TestAutosave : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_file = m_dir->filePath(QStringLiteral("profile.json"));
        m_recovery = m_dir->filePath(QStringLiteral("recovery"));
        QVERIFY(writeFile(m_file, kScenario));
        m_document = std::make_unique<ScenarioDocument>();
        QString error;
        QVERIFY2(m_document->load(m_file, &error), qPrintable(error));
        m_autosave = std::make_unique<Autosave>(*m_document);
        m_autosave->setRecoveryDirectory(m_recovery);
        m_autosave->setDelay(50);
    }
    void cleanup()
    {
        m_autosave.reset();
        m_document.reset();
        m_dir.reset();
    }

    void defaultsToTheAppDataFolder()
    {
        QVERIFY(Autosave::defaultRecoveryDirectory().endsWith(QLatin1String("/recovery")));
        QVERIFY(Autosave::defaultRecoveryDirectory().contains(QCoreApplication::applicationName()));
    }

    void noEditNoRecoveryFile()
    {
        QTest::qWait(150);
        QVERIFY(QDir(m_recovery).entryList(QDir::Files).isEmpty());
    }

    void editWritesTheRecoveryFileSoonAfter()
    {
        QSignalSpy written(m_autosave.get(), &Autosave::recoveryWritten);
        m_document->setTaskLatency(0, 777);
        m_document->setPlanRun(1, QStringLiteral("all(user, pos")); // still being typed
        QVERIFY(!QFile::exists(m_autosave->recoveryFilePath())); // not at once: after the delay
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, 2000);
        const QString path = written.at(0).at(0).toString();
        QCOMPARE(path, m_autosave->recoveryFilePath());
        QVERIFY(path.startsWith(m_recovery));

        const QJsonObject root = readJson(path);
        QCOMPARE(root.value("format").toString(), QStringLiteral("asyncscope-recovery/1"));
        QCOMPARE(root.value("original_path").toString(), m_file);
        QCOMPARE(root.value("display_name").toString(), QStringLiteral("profile.json"));
        QCOMPARE(root.value("scenario")["tasks"][0]["latency_ms"].toDouble(), 777.0);
        QCOMPARE(root.value("plan_drafts").toArray(),
                 (QJsonArray{"seq(user, posts)", "all(user, pos"}));
        // The original file is untouched until the user saves.
        QCOMPARE(readJson(m_file).value("tasks")[0]["latency_ms"].toDouble(), 200.0);
    }

    void laterEditsThatRunNothingAreWrittenToo()
    {
        // The first edit makes the document dirty; a lesson or description edit after it
        // re-runs nothing, and must still reach the recovery file.
        QSignalSpy written(m_autosave.get(), &Autosave::recoveryWritten);
        m_document->setTaskLatency(0, 777);
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, 2000);
        QVERIFY(m_document->setScenarioDescription(QStringLiteral("for Tuesday's class")));
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 2, 2000);
        QCOMPARE(readJson(m_autosave->recoveryFilePath()).value("scenario")["description"].toString(),
                 QStringLiteral("for Tuesday's class"));
        const QJsonObject lesson{{"title", "Awaits add up"},
                                 {"steps", QJsonArray{QJsonObject{{"text", "Predict the sequential plan."}}}}};
        QString error;
        QVERIFY2(m_document->setLesson(lesson, QStringLiteral("lesson"), QString(), &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 3, 2000);
        QCOMPARE(readJson(m_autosave->recoveryFilePath()).value("scenario")["lesson"]["title"].toString(),
                 QStringLiteral("Awaits add up"));
    }

    void runningWindowsRecoveryIsNotOffered()
    {
        m_document->setTaskLatency(0, 777);
        QVERIFY(m_autosave->writeNow());
        // Held by this (running) window's lock.
        QVERIFY(Autosave::findRecoveries(m_recovery).isEmpty());
    }

    void crashedSessionIsOfferedAndRestored()
    {
        m_document->setTaskLatency(0, 777);
        m_document->setPlanRun(1, QStringLiteral("all(user, pos"));
        QVERIFY(m_autosave->writeNow());
        const QString path = m_autosave->recoveryFilePath();

        // What a killed process leaves: the recovery file and a lock whose
        // process is gone. Copy both to a folder the next session reads.
        const QString next = m_dir->filePath(QStringLiteral("next-session"));
        QVERIFY(QDir().mkpath(next));
        const QString left = QDir(next).filePath(QFileInfo(path).fileName());
        QVERIFY(QFile::copy(path, left));
        QVERIFY(writeFile(left + QStringLiteral(".lock"), "2147483000\nasyncscope\n" + QSysInfo::machineHostName().toUtf8() + "\n"));

        QStringList problems;
        const QList<Recovery> offered = Autosave::findRecoveries(next, &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QCOMPARE(offered.size(), 1);
        QCOMPARE(offered[0].originalPath, m_file);
        QCOMPARE(offered[0].displayName, QStringLiteral("profile.json"));
        QCOMPARE(offered[0].scenario.tasks[0].nominalLatencyMs(), 777.0);
        QVERIFY(offered[0].savedAt.secsTo(QDateTime::currentDateTimeUtc()) < 60);

        // A fresh window restores it: dirty, the edit and the half-typed plan back.
        ScenarioDocument fresh;
        Autosave::restore(offered[0], fresh);
        QVERIFY(fresh.isDirty());
        QCOMPARE(fresh.filePath(), m_file);
        QCOMPARE(fresh.scenario().tasks[0].nominalLatencyMs(), 777.0);
        QCOMPARE(fresh.planDraft(1), QStringLiteral("all(user, pos"));
        QVERIFY(fresh.planError(1).has_value());
        QCOMPARE(fresh.scenario().plans[1].run, QStringLiteral("all(user, posts)")); // the last good one runs
        QVERIFY(!QFile::exists(left));
        QVERIFY(Autosave::findRecoveries(next).isEmpty());
    }

    void damagedRecoveryFileIsReportedNotOffered()
    {
        QVERIFY(QDir().mkpath(m_recovery));
        const QString bad = QDir(m_recovery).filePath(QStringLiteral("x.asyncscope-recovery.json"));
        QVERIFY(writeFile(bad, "{\"format\": \"asyncscope-recovery/1\", \"scenario\": {\"name\": 1}}"));
        QStringList problems;
        QVERIFY(Autosave::findRecoveries(m_recovery, &problems).isEmpty());
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems[0].startsWith(bad + QStringLiteral(": ")), qPrintable(problems[0]));
    }

    void saveRemovesTheRecoveryFile()
    {
        m_document->setTaskLatency(0, 777);
        QVERIFY(m_autosave->writeNow());
        const QString path = m_autosave->recoveryFilePath();
        QVERIFY(QFile::exists(path));
        QString error;
        QVERIFY2(m_document->save(&error), qPrintable(error));
        QVERIFY(!QFile::exists(path));
        QVERIFY(!QFile::exists(path + QStringLiteral(".lock")));
    }

    void cleanExitRemovesTheRecoveryFile()
    {
        m_document->setTaskLatency(0, 777);
        QVERIFY(m_autosave->writeNow());
        const QString path = m_autosave->recoveryFilePath();
        m_autosave.reset();
        QVERIFY(!QFile::exists(path));
    }

    void untitledScenarioGetsItsOwnFile()
    {
        m_document->newScenario();
        m_document->setTaskLatency(0, 5);
        QVERIFY(m_autosave->writeNow());
        QVERIFY(QFileInfo(m_autosave->recoveryFilePath()).fileName().startsWith(QLatin1String("untitled-")));
        QCOMPARE(readJson(m_autosave->recoveryFilePath()).value("original_path").toString(), QString());
    }

    void externalChangeIsNoticed()
    {
        QSignalSpy changed(m_autosave.get(), &Autosave::fileChangedOnDisk);
        QByteArray other = kScenario;
        other.replace("\"latency_ms\": 200", "\"latency_ms\": 999");
        QVERIFY(writeFile(m_file, other)); // an editor's atomic save
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 3000);
        QCOMPARE(changed.at(0).at(0).toString(), m_file);

        // Still watched after the rename: a second change is noticed too.
        other.replace("\"latency_ms\": 999", "\"latency_ms\": 998");
        QVERIFY(writeFile(m_file, other));
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 3000);
    }

    void ownSaveIsNotAnExternalChange()
    {
        QSignalSpy changed(m_autosave.get(), &Autosave::fileChangedOnDisk);
        m_document->setTaskLatency(0, 321);
        QString error;
        QVERIFY2(m_document->save(&error), qPrintable(error));
        QTest::qWait(300);
        QCOMPARE(changed.count(), 0);
        // ... and the watch survived our own atomic save.
        QByteArray other = kScenario;
        other.replace("\"latency_ms\": 120", "\"latency_ms\": 5");
        QVERIFY(writeFile(m_file, other));
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 3000);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_file;
    QString m_recovery;
    std::unique_ptr<ScenarioDocument> m_document;
    std::unique_ptr<Autosave> m_autosave;
};

QTEST_MAIN(TestAutosave)
#include "tst_autosave.moc"
