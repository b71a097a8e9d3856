// Pictures that carry their scenario (core/model/picture_scenario.h): the
// envelope round-trips through PNG, SVG and PDF containers unchanged, the
// pixels stay as they were, and damaged or hostile pictures get one line.

#include "picture_scenario.h"
#include "scenario.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonDocument>
#include <QTest>

using namespace asyncscope;

namespace {

Scenario profile()
{
    LoadResult loaded = loadScenarioFile(QStringLiteral("example:profile"));
    if (!loaded.ok())
        qFatal("example:profile does not load: %s", qPrintable(loaded.error));
    return *loaded.scenario;
}

QByteArray smallPng()
{
    QImage image(7, 5, QImage::Format_ARGB32);
    for (int y = 0; y < 5; ++y)
        for (int x = 0; x < 7; ++x)
            image.setPixel(x, y, qRgba(x * 30, y * 50, 200, 255));
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

const QByteArray kSvg = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                        "<svg width=\"10\" height=\"10\" xmlns=\"http://www.w3.org/2000/svg\" version=\"1.2\">\n"
                        "<rect x=\"1\" y=\"1\" width=\"8\" height=\"8\"/>\n</svg>\n";

} // namespace

class TestPictureScenario : public QObject
{
    Q_OBJECT

private slots:
    void envelopeRoundTrip_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addRow("png") << int(PictureKind::Png);
        QTest::addRow("svg") << int(PictureKind::Svg);
        QTest::addRow("pdf (xmp)") << int(PictureKind::Pdf);
    }
    void envelopeRoundTrip()
    {
        QFETCH(int, kind);
        const Scenario scenario = profile();
        PictureView view;
        view.seed = 42;
        view.plans = QStringList{QStringLiteral("parallel")};
        view.atMs = 150.5;
        view.theme = QStringLiteral("dark");
        view.width = 1200;
        view.scale = 2;
        view.title = QStringLiteral("Ünïcode & <markup> \"quoted\"");
        const QByteArray envelope = pictureEnvelope(scenario, view);

        QByteArray file;
        switch (PictureKind(kind)) {
        case PictureKind::Png: file = withPngEnvelope(smallPng(), envelope); break;
        case PictureKind::Svg: file = withSvgEnvelope(kSvg, envelope); break;
        case PictureKind::Pdf:
            file = "%PDF-1.4\n2 0 obj\n<< /Type /Metadata /Subtype /XML >>\nstream\n"
                   + xmpPacketWithEnvelope(envelope, view.title) + "\nendstream\nendobj\n%%EOF\n";
            break;
        }
        QCOMPARE(pictureKind(file), std::optional<PictureKind>(PictureKind(kind)));
        const PictureLoad back = loadPicture(file, QStringLiteral("x"));
        QVERIFY2(back.ok(), qPrintable(back.loaded.error));
        QCOMPARE(QJsonDocument(back.loaded.scenario->toJson()).toJson(), QJsonDocument(scenario.toJson()).toJson());
        QCOMPARE(back.view.seed, quint64(42));
        QCOMPARE(back.view.plans, view.plans);
        QCOMPARE(back.view.atMs, view.atMs);
        QCOMPARE(back.view.theme, view.theme);
        QCOMPARE(back.view.width, 1200);
        QCOMPARE(back.view.scale, 2);
        QCOMPARE(back.view.title, view.title);
    }

    void pngPixelsUnchanged()
    {
        const QByteArray png = smallPng();
        const QByteArray embedded = withPngEnvelope(png, pictureEnvelope(profile(), {}));
        QVERIFY(embedded.size() > png.size());
        QCOMPARE(embedded.left(png.size() - 12), png.left(png.size() - 12)); // every chunk before IEND kept as is
        QVERIFY(embedded.endsWith(png.right(12)));                         // IEND still last
        QImage before;
        QImage after;
        QVERIFY(before.loadFromData(png, "PNG"));
        QVERIFY(after.loadFromData(embedded, "PNG")); // Qt's decoder accepts the chunk (CRC right)
        QCOMPARE(after.convertToFormat(QImage::Format_ARGB32), before.convertToFormat(QImage::Format_ARGB32));
    }

    void sameInputSameBytes()
    {
        const QByteArray a = withPngEnvelope(smallPng(), pictureEnvelope(profile(), {}));
        const QByteArray b = withPngEnvelope(smallPng(), pictureEnvelope(profile(), {}));
        QCOMPARE(a, b);
    }

    void oneLineRefusals_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("message");
        const QByteArray envelope = pictureEnvelope(profile(), {});
        const QByteArray good = withPngEnvelope(smallPng(), envelope);

        QTest::addRow("png without scenario")
            << smallPng() << QStringLiteral("x: this PNG picture has no embedded asyncscope scenario");
        QTest::addRow("svg without scenario")
            << kSvg << QStringLiteral("x: this SVG picture has no embedded asyncscope scenario");
        QTest::addRow("pdf without scenario")
            << QByteArray("%PDF-1.4\n%%EOF\n") << QStringLiteral("x: this PDF picture has no embedded asyncscope scenario");
        QTest::addRow("not a picture") << QByteArray("GIF89a") << QStringLiteral("x: not a PNG, SVG or PDF picture");

        QByteArray flipped = good;
        const qsizetype text = flipped.indexOf("\"format\"");
        flipped[text + 2] = 'F'; // inside the chunk: the CRC no longer matches
        QTest::addRow("damaged chunk") << flipped << QStringLiteral("x: its asyncscope scenario chunk is damaged (CRC mismatch)");

        QByteArray huge = smallPng();
        huge[8] = '\x7f'; // the first chunk claims ~2 GB
        QTest::addRow("chunk longer than the file") << huge << QStringLiteral("x: the PNG image is cut short or damaged");

        QTest::addRow("truncated")
            << good.left(good.indexOf("iTXt") + 20) << QStringLiteral("x: the PNG image is cut short or damaged");

        QByteArray compressed = good;
        compressed[compressed.indexOf("asyncscope-scenario") + 20] = '\1';
        QTest::addRow("compressed chunk") << compressed << QStringLiteral("x: its asyncscope scenario chunk is damaged (CRC mismatch)");

        QTest::addRow("unknown envelope field")
            << withSvgEnvelope(kSvg, QByteArray(R"({"format":"asyncscope-picture/1","scenario":{},"colour":1})"))
            << QStringLiteral("x (embedded scenario): unknown field \"colour\"");
        QTest::addRow("wrong format")
            << withSvgEnvelope(kSvg, QByteArray(R"({"format":"other/1","scenario":{}})"))
            << QStringLiteral("x (embedded scenario): format: expected \"asyncscope-picture/1\"");
        QTest::addRow("scenario refused by the strict loader")
            << withSvgEnvelope(kSvg, QByteArray(R"({"format":"asyncscope-picture/1","scenario":{"format":"asyncscope-scenario/1","tasks":[]}})"))
            << QStringLiteral("x (embedded scenario): name: missing (a string)");
        QTest::addRow("unknown plan in the view")
            << withSvgEnvelope(kSvg, pictureEnvelope(profile(), PictureView{1, {QStringLiteral("nope")}, {}, {}, 0, 0, {}}))
            << QStringLiteral("x (embedded scenario): plans: no plan \"nope\" in the scenario");
        QTest::addRow("negative seed")
            << withSvgEnvelope(kSvg, QByteArray(R"({"format":"asyncscope-picture/1","scenario":{},"seed":-1})"))
            << QStringLiteral("x (embedded scenario): seed: must be a whole number >= 0");
        QTest::addRow("broken xml")
            << QByteArray("<?xml version=\"1.0\"?>\n<svg><metadata><a></b></metadata></svg>")
            << QStringLiteral("x: its XML is not well-formed");
    }
    void oneLineRefusals()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, message);
        const PictureLoad result = loadPicture(file, QStringLiteral("x"));
        QVERIFY(!result.ok());
        QVERIFY2(result.loaded.error.startsWith(message), qPrintable(result.loaded.error));
        QVERIFY(!result.loaded.error.contains(QLatin1Char('\n')));
    }

    // Entity expansion ("billion laughs") in an SVG must not hang or eat memory.
    void entityBombIsRefusedQuickly()
    {
        QByteArray bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\">";
        for (char c = 'b'; c <= 'k'; ++c)
            bomb += QByteArray("<!ENTITY ") + c + " \"" + QByteArray(10, '&').replace("&", QByteArray("&") + char(c - 1) + ";") + "\">";
        bomb += "]>\n<svg><metadata><asyncscope:scenario xmlns:asyncscope=\"" + QByteArray(kPictureNamespace) + "\">&k;"
                "</asyncscope:scenario></metadata></svg>";
        QElapsedTimer timer;
        timer.start();
        const PictureLoad result = loadPicture(bomb, QStringLiteral("x"));
        QVERIFY(!result.ok());
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestPictureScenario)
#include "tst_picture_scenario.moc"
