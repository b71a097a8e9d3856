// Export to PNG, SVG and PDF from hand-made traces: each format is valid,
// carries the picture (pixels, <text>, <rect>s, one PDF page) and PNG/SVG
// bytes are identical from run to run.

#include "image_exporter.h"
#include "../sample_traces.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace asyncscope;

class TstImageExport : public QObject
{
    Q_OBJECT

private:
    static ExportOptions options(ExportFormat format)
    {
        ExportOptions o;
        o.format = format;
        o.width = 1200;
        return o;
    }

private Q_SLOTS:
    void formatFromPath_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("format");
        QTest::addRow("png") << QStringLiteral("a/b.png") << int(ExportFormat::Png);
        QTest::addRow("SVG upper") << QStringLiteral("B.SVG") << int(ExportFormat::Svg);
        QTest::addRow("pdf") << QStringLiteral("x.pdf") << int(ExportFormat::Pdf);
        QTest::addRow("other") << QStringLiteral("x.jpg") << -1;
    }
    void formatFromPath()
    {
        QFETCH(QString, path);
        QFETCH(int, format);
        const auto f = exportFormatForPath(path);
        QCOMPARE(f ? int(*f) : -1, format);
    }

    void pngHasThePicture()
    {
        const RunTrace trace = samples::profile();
        ExportOptions o = options(ExportFormat::Png);
        const ExportResult result = ImageExporter::render(trace, o);
        QVERIFY(result.ok());
        QImage image;
        QVERIFY(image.loadFromData(result.data, "PNG"));
        QCOMPARE(image.width(), 1200);
        QCOMPARE(image.height(), result.logicalSize.height());
        // A column at about 130 ms crosses five fulfilled bars (sequential user, parallel ×4).
        int fulfilled = 0;
        for (int y = 0; y < image.height(); ++y)
            fulfilled += image.pixelColor(image.width() / 4, y) == o.theme.fulfilled;
        QVERIFY2(fulfilled >= 5 * 12, qPrintable(QString::number(fulfilled)));
        QCOMPARE(image.pixelColor(2, 2), o.theme.background);
    }

    void pngScaleMultipliesPixels()
    {
        ExportOptions o = options(ExportFormat::Png);
        o.scale = 2;
        const QImage image = ImageExporter::renderImage(samples::profile(), o);
        const QSize logical = ImageExporter::logicalSize(samples::profile(), o);
        QCOMPARE(image.size(), logical * 2);
    }

    void selectPlans()
    {
        QString error;
        const RunTrace one = ImageExporter::selectPlans(samples::mixed(), {QStringLiteral("timeout")}, &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(one.plans.size(), 1);
        QCOMPARE(one.plans.first().name, QStringLiteral("timeout"));
        ImageExporter::selectPlans(samples::mixed(), {QStringLiteral("nope")}, &error);
        QVERIFY(error.contains(QStringLiteral("unknown plan \"nope\"")));
    }

    void svgIsVectorWithTextAndRects()
    {
        const RunTrace trace = samples::profile();
        const ExportResult result = ImageExporter::render(trace, options(ExportFormat::Svg));
        QVERIFY(result.ok());
        QXmlStreamReader xml(result.data);
        QStringList texts;
        int rects = 0;
        int fulfilledRects = 0;
        const QString fulfilledFill = Theme::light().fulfilled.name();
        QStringList fillStack; // QSvgGenerator puts the fill on an enclosing <g>
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isEndElement() && xml.name() == QLatin1String("g"))
                fillStack.removeLast();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == QLatin1String("g")) {
                const QString fill = xml.attributes().value(QLatin1String("fill")).toString();
                fillStack.append(fill.isEmpty() && !fillStack.isEmpty() ? fillStack.constLast() : fill);
            } else if (xml.name() == QLatin1String("text")) {
                texts.append(xml.readElementText(QXmlStreamReader::IncludeChildElements).simplified());
            } else if (xml.name() == QLatin1String("rect")) {
                ++rects;
                fulfilledRects += !fillStack.isEmpty() && fillStack.constLast() == fulfilledFill;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(texts.contains(trace.scenario));
        QVERIFY(texts.contains(QStringLiteral("user #1")));
        QVERIFY(texts.contains(QStringLiteral("800 ms")));
        // Vector bars: one <rect> filled with the fulfilled colour per span (8), plus the legend swatch.
        QCOMPARE(result.barCount, 8);
        QCOMPARE(fulfilledRects, 8 + 1);
        QVERIFY(rects > fulfilledRects);
    }

    // The plan's explanation sentence is drawn under its settle label, and the
    // band grows to hold it; only once the playhead has passed the settle point.
    void explanationUnderSettleLabel()
    {
        RunTrace trace = samples::profile();
        const QString sentence = QStringLiteral("parallel fulfilled at 200 ms: it waited for all 4");
        const ExportResult plain = ImageExporter::render(trace, options(ExportFormat::Svg));
        trace.plans[1].explanation = sentence;
        const ExportResult explained = ImageExporter::render(trace, options(ExportFormat::Svg));
        QVERIFY(!plain.data.contains(sentence.toUtf8()));
        QVERIFY(explained.data.contains(sentence.toUtf8()));
        QCOMPARE(explained.logicalSize.height(), plain.logicalSize.height() + 18);

        ExportOptions early = options(ExportFormat::Svg);
        early.atMs = 100;
        QVERIFY(!ImageExporter::render(trace, early).data.contains(sentence.toUtf8()));
    }

    void pdfHasOnePage()
    {
        const ExportResult result = ImageExporter::render(samples::mixed(), options(ExportFormat::Pdf));
        QVERIFY(result.ok());
        QVERIFY(result.data.startsWith("%PDF"));
        const int pages = int(result.data.count("/Type /Page\n") + result.data.count("/Type /Page ")
                              + result.data.count("/Type /Page/") + result.data.count("/Type /Page>"));
        QCOMPARE(pages, 1);
    }

    void deterministic_data()
    {
        QTest::addColumn<int>("format");
        QTest::addRow("png") << int(ExportFormat::Png);
        QTest::addRow("svg") << int(ExportFormat::Svg);
    }
    void deterministic()
    {
        QFETCH(int, format);
        ExportOptions o = options(ExportFormat(format));
        o.theme = Theme::dark();
        const QByteArray first = ImageExporter::render(samples::mixed(), o).data;
        const QByteArray second = ImageExporter::render(samples::mixed(), o).data;
        QVERIFY(!first.isEmpty());
        QCOMPARE(first, second);
    }

    void writesFiles()
    {
        QTemporaryDir dir;
        for (ExportFormat f : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf}) {
            const QString path = dir.filePath(QStringLiteral("out.") + exportFormatSuffix(f));
            QCOMPARE(ImageExporter::exportToFile(samples::profile(), options(f), path), QString());
            QVERIFY(QFileInfo(path).size() > 500);
        }
        QVERIFY(!ImageExporter::exportToFile(samples::profile(), options(ExportFormat::Png),
                                             dir.filePath(QStringLiteral("no/such/dir/x.png"))).isEmpty());
    }

    void tenPlansThousandSpansUnderASecond()
    {
        const RunTrace trace = samples::large(10, 100);
        for (ExportFormat f : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf}) {
            QElapsedTimer timer;
            timer.start();
            const ExportResult result = ImageExporter::render(trace, options(f));
            const qint64 ms = timer.elapsed();
            qInfo("10 plans x 100 spans as %s: %lld ms, %lld bytes", qPrintable(exportFormatSuffix(f)), ms,
                  qint64(result.data.size()));
            QVERIFY(result.ok());
            QVERIFY2(ms < 1000, qPrintable(QString::number(ms)));
        }
    }
};

QTEST_MAIN(TstImageExport)
#include "tst_image_export.moc"
