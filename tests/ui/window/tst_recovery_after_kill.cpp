// Recovery after a real kill (issue 11), across processes. tst_autosave fakes
// what a dead session leaves; here this executable re-launches itself as a
// child that opens an example in a real MainWindow, edits a latency through the
// task table's model, waits for the recovery file and is then SIGKILLed. A
// fresh MainWindow in the same (isolated) data folder must offer that file;
// accepting restores the exact edit, declining deletes it.

#include "autosave.h"
#include "document_controller.h"
#include "main_window.h"
#include "run_controller.h"
#include "scenario_document.h"
#include "scenario_panel.h"
#include "task_table_model.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <memory>
#include <optional>

using namespace asyncscope;

namespace {

// argv[1] of the child: "be the session that gets killed".
const char kChildArgument[] = "--killed-session";
const char kWrittenLine[] = "recovery-written ";
const char kExample[] = "example:profile";
constexpr double kEditedLatencyMs = 777; // examples/profile.json has 200 for every task

// The child: a real window with settings on (so autosave is on), one edit, then wait to be killed.
int runKilledSession()
{
    MainWindow window(true);
    QString error;
    if (!window.openFile(QString::fromLatin1(kExample), &error)) {
        std::fprintf(stderr, "child: %s\n", qPrintable(error));
        return 2;
    }
    window.show();
    QObject::connect(window.documentController()->autosave(), &Autosave::recoveryWritten, [](const QString &path) {
        std::printf("%s%s\n", kWrittenLine, qPrintable(path));
        std::fflush(stdout);
    });
    QObject::connect(window.documentController()->autosave(), &Autosave::recoveryWriteFailed, [](const QString &message) {
        std::fprintf(stderr, "child: %s\n", qPrintable(message));
        QCoreApplication::exit(3);
    });
    QAbstractItemModel *tasks = window.scenarioPanel()->taskTable()->model();
    if (!tasks->setData(tasks->index(0, TaskTableModel::LatencyColumn), kEditedLatencyMs)) {
        std::fprintf(stderr, "child: the task table refused the latency\n");
        return 4;
    }
    return QCoreApplication::exec(); // until SIGKILL
}

} // namespace

class TestRecoveryAfterKill : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Both processes keep settings and recovery files in this folder, never the user's:
        // QStandardPaths follows XDG_*_HOME, and the child inherits the environment.
        QVERIFY(m_home.isValid());
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
        qputenv("XDG_CACHE_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("cache"))));
        QVERIFY(Autosave::defaultRecoveryDirectory().startsWith(m_home.path()));
    }

    void init()
    {
        QDir recovery(Autosave::defaultRecoveryDirectory());
        QVERIFY(!recovery.exists() || recovery.removeRecursively());
    }

    void acceptingRestoresTheEdit()
    {
        const QString left = killSessionAfterEdit();
        QVERIFY(!left.isEmpty());

        MainWindow fresh(true);
        QCOMPARE(fresh.documentController()->autosave()->recoveryDirectory(), QFileInfo(left).absolutePath());
        std::optional<Recovery> offered;
        fresh.documentController()->setRecoveryQuestion([&offered](const Recovery &recovery) {
            offered = recovery;
            return QMessageBox::Yes;
        });
        fresh.offerRecoveries();

        QVERIFY(offered.has_value());
        QCOMPARE(offered->recoveryPath, left);
        QCOMPARE(offered->originalPath, QString()); // an example has no file
        QVERIFY(offered->savedAt.secsTo(QDateTime::currentDateTimeUtc()) < 60);

        const ScenarioDocument &document = *fresh.document();
        QVERIFY(document.isDirty());
        QCOMPARE(document.displayName(), offered->displayName);
        QCOMPARE(document.scenario().name, QStringLiteral("Load a profile: sequential awaits vs Promise.all"));
        QCOMPARE(document.scenario().tasks.size(), 4);
        QCOMPARE(document.scenario().tasks[0].id, QStringLiteral("user"));
        QCOMPARE(document.scenario().tasks[0].nominalLatencyMs(), kEditedLatencyMs);
        QCOMPARE(document.scenario().tasks[1].nominalLatencyMs(), 200.0); // only the edit changed
        // The window re-ran with it: seq(user, posts, followers, recommendations) = 777 + 3 × 200.
        QCOMPARE(fresh.runController()->trace().plans.size(), 2);
        QCOMPARE(fresh.runController()->trace().plans[0].settledMs, std::optional<double>(1377));
        QCOMPARE(fresh.runController()->trace().plans[1].settledMs, std::optional<double>(777));
        QVERIFY(!QFile::exists(left));
        QVERIFY(!QFile::exists(left + QStringLiteral(".lock")));
    }

    void decliningRemovesTheRecoveryFile()
    {
        const QString left = killSessionAfterEdit();
        QVERIFY(!left.isEmpty());

        MainWindow fresh(true);
        int asked = 0;
        fresh.documentController()->setRecoveryQuestion([&asked](const Recovery &) {
            ++asked;
            return QMessageBox::Discard;
        });
        fresh.offerRecoveries();
        QCOMPARE(asked, 1);
        QVERIFY(!QFile::exists(left));
        QVERIFY(!QFile::exists(left + QStringLiteral(".lock")));
        QVERIFY(!fresh.document()->isDirty());
        QVERIFY(fresh.document()->scenario().name != QStringLiteral("Load a profile: sequential awaits vs Promise.all"));

        // Gone for good: the next start asks nothing.
        fresh.offerRecoveries();
        QCOMPARE(asked, 1);
    }

private:
    // Runs the child until its recovery file is written, SIGKILLs it, and
    // returns the file it left behind (empty after a failed check).
    QString killSessionAfterEdit()
    {
        QProcess child;
        child.setProgram(QCoreApplication::applicationFilePath());
        child.setArguments({QString::fromLatin1(kChildArgument)});
        child.start();
        if (!child.waitForStarted(10000)) {
            qWarning("could not start the child: %s", qPrintable(child.errorString()));
            return {};
        }
        // Autosave writes Autosave::kDefaultDelayMs after the edit.
        QString written;
        QByteArray output;
        QDeadlineTimer deadline(30000);
        while (written.isEmpty() && child.state() == QProcess::Running && !deadline.hasExpired()) {
            child.waitForReadyRead(200);
            output += child.readAllStandardOutput();
            for (const QByteArray &line : output.split('\n')) {
                if (line.startsWith(kWrittenLine))
                    written = QString::fromUtf8(line.mid(int(sizeof(kWrittenLine)) - 1));
            }
        }
        if (written.isEmpty()) {
            child.kill();
            child.waitForFinished(5000);
            qWarning("the child wrote no recovery file; stdout: %s stderr: %s", output.constData(),
                     child.readAllStandardError().constData());
            return {};
        }
        child.kill(); // SIGKILL: no destructor, no clean-up, the lock stays behind
        if (!child.waitForFinished(10000) || child.exitStatus() != QProcess::CrashExit) {
            qWarning("the child did not die of the kill");
            return {};
        }
        if (!QFile::exists(written) || !QFile::exists(written + QStringLiteral(".lock"))) {
            qWarning("the killed child left no recovery file and lock at %s", qPrintable(written));
            return {};
        }
        return written;
    }

    QTemporaryDir m_home;
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc > 1 && qstrcmp(argv[1], kChildArgument) == 0)
        return runKilledSession();
    TestRecoveryAfterKill test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_recovery_after_kill.moc"
