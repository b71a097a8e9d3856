// `asyncscope export` through the real binary: every built-in example in every
// format, the option errors (exit 2, message on stderr) and byte-identical output.

#include "cli_process.h"

#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

class TstExportCommand : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QString stdErr;
    };

    static Run run(const QStringList &args)
    {
        const asyncscope::test::CliResult result =
            asyncscope::test::runAsyncscope(QStringList{QStringLiteral("export")} + args, asyncscope::test::CliOptions{{}, {}, 60000});
        return {result.exitCode, QString::fromLocal8Bit(result.err)};
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void everyExampleEveryFormat_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("suffix");
        const QDir examples(QStringLiteral(ASYNCSCOPE_SOURCE_DIR "/resources/examples"));
        const QStringList files = examples.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(!files.isEmpty());
        for (const QString &file : files) {
            for (const QString &suffix : {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")})
                QTest::addRow("%s.%s", qPrintable(QFileInfo(file).completeBaseName()), qPrintable(suffix))
                    << examples.filePath(file) << suffix;
        }
    }
    void everyExampleEveryFormat()
    {
        QFETCH(QString, file);
        QFETCH(QString, suffix);
        const QString out = m_dir.filePath(QFileInfo(file).completeBaseName() + QLatin1Char('.') + suffix);
        const Run r = run({file, QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stdErr));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray data = f.readAll();
        if (suffix == QLatin1String("png")) {
            QImage image;
            QVERIFY(image.loadFromData(data, "PNG"));
            QCOMPARE(image.width(), 1600);
        } else if (suffix == QLatin1String("svg")) {
            QVERIFY(data.contains("<svg"));
            QVERIFY(data.contains("<text"));
        } else {
            QVERIFY(data.startsWith("%PDF"));
        }
    }

    void optionsShapeTheImage()
    {
        const QString out = m_dir.filePath(QStringLiteral("scaled.png"));
        const Run r = run({QStringLiteral("example:profile"), QStringLiteral("--out"), out, QStringLiteral("--width"),
                           QStringLiteral("900"), QStringLiteral("--scale"), QStringLiteral("2"), QStringLiteral("--theme"),
                           QStringLiteral("dark"), QStringLiteral("--plan"), QStringLiteral("parallel"),
                           QStringLiteral("--at"), QStringLiteral("100"), QStringLiteral("--title"), QStringLiteral("Slide 3")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stdErr));
        QImage image(out);
        QCOMPARE(image.width(), 1800);
        QCOMPARE(image.pixelColor(3, 3), QColor(0x16, 0x19, 0x1d)); // the dark theme's background
    }

    void sameInputSameBytes_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::addRow("png") << QStringLiteral("png");
        QTest::addRow("svg") << QStringLiteral("svg");
    }
    void sameInputSameBytes()
    {
        QFETCH(QString, suffix);
        QByteArray outputs[2];
        for (int i = 0; i < 2; ++i) {
            const QString out = m_dir.filePath(QStringLiteral("same%1.%2").arg(i).arg(suffix));
            QCOMPARE(run({QStringLiteral("example:cdn-failover"), QStringLiteral("--out"), out}).exitCode, 0);
            QFile f(out);
            QVERIFY(f.open(QIODevice::ReadOnly));
            outputs[i] = f.readAll();
        }
        QVERIFY(!outputs[0].isEmpty());
        QCOMPARE(outputs[0], outputs[1]);
    }

    // Recordings of 100 000 threads (a task each) once crashed the export (SIGSEGV) or failed with
    // "could not encode the PNG image": the lanes past what fits collapse into one, the picture stays small.
    void manyThreadsExport_data()
    {
        QTest::addColumn<int>("events");
        QTest::addRow("100 000 events on 100 000 threads") << 100000;
        QTest::addRow("200 000 events on 100 000 threads") << 200000;
    }
    void manyThreadsExport()
    {
        QFETCH(int, events);
        QByteArray json = "{\"traceEvents\":[";
        for (int i = 0; i < events; ++i) {
            const QByteArray thread = QByteArray::number(i % 100000);
            json += (i ? "," : "") + QByteArrayLiteral("{\"name\":\"e") + thread + "\",\"ph\":\"X\",\"ts\":"
                    + QByteArray::number(1000 + i * 10) + ",\"dur\":50,\"pid\":1,\"tid\":" + thread + "}";
        }
        json += "]}";
        const QString in = m_dir.filePath(QStringLiteral("threads-%1.json").arg(events));
        QFile file(in);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json);
        file.close();
        const QString out = m_dir.filePath(QStringLiteral("threads-%1.png").arg(events));
        const Run r = run({in, QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.stdErr.contains(QLatin1String("QPainter")) && !r.stdErr.contains(QLatin1String("encode")),
                 qPrintable(r.stdErr)); // no QPainter warnings, no encode error
        const QImage image(out);
        QCOMPARE(image.size(), QSize(1600, 3745)); // 160 lanes, the last "+99841 lanes"
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString out = QStringLiteral("/tmp/asyncscope-never-written.png");
        QTest::addRow("no out") << QStringList{QStringLiteral("example:profile")} << QStringLiteral("missing --out");
        QTest::addRow("no file") << QStringList{QStringLiteral("--out"), out} << QStringLiteral("missing FILE");
        QTest::addRow("bad suffix") << QStringList{QStringLiteral("example:profile"), QStringLiteral("--out"), QStringLiteral("x.jpg")}
                                    << QStringLiteral(".png, .svg or .pdf");
        QTest::addRow("bad theme") << QStringList{QStringLiteral("example:profile"), QStringLiteral("--out"), out,
                                                  QStringLiteral("--theme"), QStringLiteral("neon")}
                                   << QStringLiteral("--theme");
        QTest::addRow("bad scale") << QStringList{QStringLiteral("example:profile"), QStringLiteral("--out"), out,
                                                  QStringLiteral("--scale"), QStringLiteral("4")}
                                   << QStringLiteral("--scale");
        QTest::addRow("bad width") << QStringList{QStringLiteral("example:profile"), QStringLiteral("--out"), out,
                                                  QStringLiteral("--width"), QStringLiteral("wide")}
                                   << QStringLiteral("--width");
        QTest::addRow("bad at") << QStringList{QStringLiteral("example:profile"), QStringLiteral("--out"), out,
                                               QStringLiteral("--at"), QStringLiteral("-5")}
                                << QStringLiteral("--at");
        QTest::addRow("unknown option") << QStringList{QStringLiteral("example:profile"), QStringLiteral("--out"), out,
                                                       QStringLiteral("--colour"), QStringLiteral("red")}
                                        << QStringLiteral("colour");
        QTest::addRow("unknown plan") << QStringList{QStringLiteral("example:profile"), QStringLiteral("--out"), out,
                                                     QStringLiteral("--plan"), QStringLiteral("nope")}
                                      << QStringLiteral("unknown plan \"nope\"");
        QTest::addRow("missing file") << QStringList{QStringLiteral("/no/such/file.json"), QStringLiteral("--out"), out}
                                      << QStringLiteral("/no/such/file.json");
        QTest::addRow("unknown example") << QStringList{QStringLiteral("example:nope"), QStringLiteral("--out"), out}
                                         << QStringLiteral("nope");
    }
    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.stdErr.contains(message), qPrintable(r.stdErr));
        QVERIFY(!QFile::exists(QStringLiteral("/tmp/asyncscope-never-written.png")));
    }
};

QTEST_MAIN(TstExportCommand)
#include "tst_export_command.moc"
