// The window asks before it runs JavaScript from a file it did not write
// itself (SPEC §6), once per file content; built-in examples and files saved
// here are trusted; a picture that carries JavaScript plans asks the same.

#include "document_controller.h"
#include "main_window.h"
#include "recent_files.h"
#include "picture_scenario.h"
#include "scenario_document.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QTest>

using namespace asyncscope;

namespace {

QString writeScenarioWithJs(const QTemporaryDir &dir, const QString &name, int latency)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(QStringLiteral(R"({"format": "asyncscope-scenario/1", "name": "mine",
      "tasks": [{"id": "user", "latency_ms": %1}],
      "plans": [{"name": "await", "js": "return await fetchUser();"}, {"name": "expr", "run": "user"}]})")
                   .arg(latency)
                   .toUtf8());
    return path;
}

} // namespace

class TestJavaScriptTrust : public QObject
{
    Q_OBJECT

private slots:
    void asksOncePerContent()
    {
        QTemporaryDir dir;
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        int asked = 0;
        bool allow = false;
        QStringList askedPlans;
        window.documentController()->setJavaScriptQuestion([&](const QString &, const QStringList &plans) {
            ++asked;
            askedPlans = plans;
            return allow;
        });

        const QString path = writeScenarioWithJs(dir, QStringLiteral("mine.json"), 200);
        QString error;
        QVERIFY(!window.openFile(path, &error)); // refused: nothing of it runs, the old scenario stays
        QCOMPARE(asked, 1);
        QCOMPARE(askedPlans, QStringList{QStringLiteral("await")});
        QVERIFY2(error.contains(QLatin1String("not allowed to run")), qPrintable(error));
        QCOMPARE(window.document()->scenario().name, QStringLiteral("Load a profile: sequential awaits vs Promise.all"));

        allow = true;
        QVERIFY2(window.openFile(path, &error), qPrintable(error));
        QCOMPARE(asked, 2);
        QCOMPARE(window.document()->scenario().name, QStringLiteral("mine"));
        QVERIFY(window.openFile(path, &error)); // the same content: not asked again
        QCOMPARE(asked, 2);

        // Another content asks again, even under the same name.
        writeScenarioWithJs(dir, QStringLiteral("mine.json"), 300);
        QVERIFY(window.openFile(path, &error));
        QCOMPARE(asked, 3);

        // Built-in examples never ask.
        QVERIFY(window.openFile(QStringLiteral("example:js-load-profile")));
        QCOMPARE(asked, 3);
    }

    void declinedFileStaysInRecentFiles()
    {
        // Saying no is a choice, not a broken file: no error box, and the file stays in File > Open Recent.
        QTemporaryDir dir;
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        bool allow = true;
        window.documentController()->setJavaScriptQuestion([&](const QString &, const QStringList &) { return allow; });
        const QString path = writeScenarioWithJs(dir, QStringLiteral("lesson.json"), 200);
        QVERIFY(window.documentController()->requestOpen(path));
        QVERIFY(window.documentController()->recentFiles()->files().contains(path));

        writeScenarioWithJs(dir, QStringLiteral("lesson.json"), 300); // new content: asked again
        allow = false;
        QSignalSpy status(window.documentController(), &DocumentController::statusMessage);
        QVERIFY(!window.documentController()->requestOpen(path)); // a warning box here would block the test
        QVERIFY(window.documentController()->recentFiles()->files().contains(path));
        QCOMPARE(status.size(), 1);
        QVERIFY(status.at(0).at(0).toString().contains(QLatin1String("not allowed to run")));
    }

    void savedHereIsTrusted()
    {
        QTemporaryDir dir;
        MainWindow window(false);
        int asked = 0;
        window.documentController()->setJavaScriptQuestion([&](const QString &, const QStringList &) { ++asked; return false; });
        QVERIFY(window.openFile(QStringLiteral("example:js-combinators")));
        const QString path = dir.filePath(QStringLiteral("saved.json"));
        QVERIFY(window.document()->saveAs(path));
        QVERIFY(window.documentController()->save()); // through the controller: it wrote the file
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        QVERIFY(window.openFile(path));
        QCOMPARE(asked, 0);
    }

    void picturesWithJavaScriptAsk()
    {
        QTemporaryDir dir;
        const LoadResult js = loadScenarioFile(QStringLiteral("example:js-load-profile"));
        PictureView view;
        const QString picture = dir.filePath(QStringLiteral("slide.svg"));
        QFile file(picture);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(withSvgEnvelope("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n",
                                   pictureEnvelope(*js.scenario, view)));
        file.close();
        MainWindow window(false);
        int asked = 0;
        window.documentController()->setJavaScriptQuestion([&](const QString &, const QStringList &) { ++asked; return false; });
        QString error;
        QVERIFY(!window.openFile(picture, &error)); // the example's content, but from a picture file: asked
        QCOMPARE(asked, 1);
    }
};

QTEST_MAIN(TestJavaScriptTrust)
#include "tst_javascript_trust.moc"
