// Pictures that carry their scenario, in the window: opening (or dropping) a
// picture asyncscope exported restores its scenario, seed, theme and time;
// Copy Picture puts both the PNG and the scenario on the clipboard; Paste
// Scenario takes either back; a plain picture says it has no scenario.

#include "document_controller.h"
#include "image_exporter.h"
#include "main_window.h"
#include "picture_scenario.h"
#include "playback_controller.h"
#include "run_controller.h"
#include "scenario_document.h"
#include "scenario_run.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QMimeData>
#include <QTemporaryDir>
#include <QTest>

using namespace asyncscope;

namespace {

QByteArray scenarioJson(const Scenario &scenario)
{
    return QJsonDocument(scenario.toJson()).toJson();
}

// What `asyncscope export example:jitter --seed 7 --theme dark --at 150 --out PATH` writes.
QString exportJitter(const QTemporaryDir &dir, const QString &suffix)
{
    const LoadResult loaded = loadScenarioFile(QStringLiteral("example:jitter"));
    RunOptions run;
    run.seed = 7;
    ExportOptions options;
    options.format = *exportFormatForPath(QStringLiteral("x.") + suffix);
    options.theme = Theme::dark();
    options.atMs = 150;
    PictureView view;
    view.seed = 7;
    view.theme = QStringLiteral("dark");
    view.atMs = 150;
    options.embeddedEnvelope = pictureEnvelope(*loaded.scenario, view);
    const QString path = dir.filePath(QStringLiteral("jitter.") + suffix);
    const QString error = ImageExporter::exportToFile(runVirtual(*loaded.scenario, run), options, path);
    if (!error.isEmpty())
        qFatal("export failed: %s", qPrintable(error));
    return path;
}

} // namespace

class TestPictureWindow : public QObject
{
    Q_OBJECT

private slots:
    void openPictureRestoresTheView_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::addRow("png") << QStringLiteral("png");
        QTest::addRow("svg") << QStringLiteral("svg");
        QTest::addRow("pdf") << QStringLiteral("pdf");
    }
    void openPictureRestoresTheView()
    {
        QFETCH(QString, suffix);
        QTemporaryDir dir;
        const QString picture = exportJitter(dir, suffix);
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        QString error;
        QVERIFY2(window.openFile(picture, &error), qPrintable(error));

        const LoadResult jitter = loadScenarioFile(QStringLiteral("example:jitter"));
        QCOMPARE(scenarioJson(window.document()->scenario()), scenarioJson(*jitter.scenario));
        QCOMPARE(window.runController()->seed(), quint64(7));
        QCOMPARE(window.playback()->position(), 150.0);
        QVERIFY(window.document()->isDirty());             // unsaved: Save asks where, never over the image
        QVERIFY(window.document()->filePath().isEmpty());
        // The run is the one the picture showed: the same seed gives the same spans.
        RunOptions seven;
        seven.seed = 7;
        QCOMPARE(window.runController()->trace().plans.at(2).settledMs, runVirtual(*jitter.scenario, seven).plans.at(2).settledMs);
    }

    void plainPictureSaysSo()
    {
        QTemporaryDir dir;
        QImage plain(10, 10, QImage::Format_RGB32);
        plain.fill(Qt::white);
        const QString path = dir.filePath(QStringLiteral("slide.png"));
        QVERIFY(plain.save(path));
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        QString error;
        QVERIFY(!window.openFile(path, &error));
        QVERIFY2(error.contains(QLatin1String("has no embedded asyncscope scenario")), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QCOMPARE(window.document()->scenario().plans.size(), 2); // profile is still open
    }

    void copyThenPaste()
    {
        MainWindow window(false);
        QVERIFY(window.openFile(QStringLiteral("example:zombies")));
        const QByteArray zombies = scenarioJson(window.document()->scenario());
        QAction *copy = nullptr;
        QAction *paste = nullptr;
        for (QAction *action : window.findChildren<QAction *>()) {
            if (action->shortcut() == QKeySequence(QKeySequence::Copy))
                copy = action;
            if (action->shortcut() == QKeySequence(QKeySequence::Paste))
                paste = action;
        }
        QVERIFY(copy && paste);
        copy->trigger();
        const QMimeData *data = QGuiApplication::clipboard()->mimeData();
        QVERIFY(data->hasImage());
        QVERIFY(data->hasFormat(QStringLiteral("image/png")));
        QVERIFY(data->hasFormat(QLatin1String(kScenarioMimeType)));
        // The PNG a slide gets carries the scenario too.
        const PictureLoad fromPng = loadPicture(data->data(QStringLiteral("image/png")), QStringLiteral("clip"));
        QVERIFY2(fromPng.ok(), qPrintable(fromPng.loaded.error));
        QCOMPARE(scenarioJson(*fromPng.loaded.scenario), zombies);

        QVERIFY(window.openFile(QStringLiteral("example:profile")));
        window.documentController()->setUnsavedChangesQuestion([] { return QMessageBox::Discard; });
        paste->trigger();
        QCOMPARE(scenarioJson(window.document()->scenario()), zombies);

        // Scenario JSON as text pastes too.
        auto *text = new QMimeData;
        text->setText(QString::fromUtf8(scenarioJson(*loadScenarioFile(QStringLiteral("example:quiz")).scenario)));
        QGuiApplication::clipboard()->setMimeData(text);
        paste->trigger();
        QCOMPARE(window.document()->scenario().name, loadScenarioFile(QStringLiteral("example:quiz")).scenario->name);
    }

    void dropAcceptsPictures()
    {
        MainWindow window(false);
        QMimeData png;
        png.setUrls({QUrl::fromLocalFile(QStringLiteral("/tmp/slide.png"))});
        QVERIFY(window.documentController()->acceptsDrop(&png));
        QMimeData copied;
        copied.setData(QLatin1String(kScenarioMimeType), "{}");
        QVERIFY(window.documentController()->acceptsDrop(&copied));
        QMimeData other;
        other.setUrls({QUrl::fromLocalFile(QStringLiteral("/tmp/notes.txt"))});
        QVERIFY(!window.documentController()->acceptsDrop(&other));
    }
};

QTEST_MAIN(TestPictureWindow)
#include "tst_picture_window.moc"
