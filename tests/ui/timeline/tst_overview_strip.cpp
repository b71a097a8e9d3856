// The overview strip draws its rows (every span of the trace) once into an
// image per trace, theme, size and trace range; a zoom or pan step only draws
// that image and the window. Here: the cache is reused while only the window
// moves, and each of its keys drops it, so a changed trace never shows stale
// rows (compared pixel for pixel with a strip that never had a cache).

#include "overview_strip.h"
#include "timeline_zoom_control.h"

#include <QApplication>
#include <QImage>
#include <QTest>

#include <memory>

using namespace asyncscope;

class TstOverviewStrip : public QObject
{
    Q_OBJECT

private:
    // One plan, one span [0, 500) of `outcome` on an axis of 1 000 ms.
    static RunTrace oneSpan(SpanOutcome outcome, double endMs = 500)
    {
        RunTrace trace;
        PlanTrace plan;
        plan.name = QStringLiteral("p");
        Span span;
        span.task = QStringLiteral("a");
        span.instance = 1;
        span.startMs = span.queuedMs = 0;
        span.endMs = endMs;
        span.outcome = outcome;
        plan.spans.append(span);
        plan.finishedMs = endMs;
        trace.plans.append(plan);
        return trace;
    }

    struct Strip
    {
        Strip(const RunTrace *trace, const QSize &size)
        {
            zoom.setTraceRange(0, 1000);
            zoom.fitAll();
            strip = std::make_unique<OverviewStrip>(&zoom);
            strip->resize(size);
            strip->setTrace(trace);
        }
        QImage grab() const
        {
            QImage image(strip->size(), QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::magenta);
            strip->render(&image);
            return image;
        }
        TimelineZoomControl zoom;
        std::unique_ptr<OverviewStrip> strip;
    };

    // The middle of the row, at `ms` (the strip maps [0, 1000] onto its width less 6 px each side).
    static QRgb rowPixel(const QImage &image, double ms)
    {
        const double x = 6 + ms * (image.width() - 12) / 1000.0;
        return image.pixel(int(x), image.height() / 2);
    }

private Q_SLOTS:
    void rowsAreDrawnOnceWhileTheWindowMoves()
    {
        const RunTrace trace = oneSpan(SpanOutcome::Fulfilled);
        Strip s(&trace, QSize(400, 38));
        const QImage first = s.grab();
        QCOMPARE(rowPixel(first, 250), Theme::light().fulfilled.rgb());
        QCOMPARE(rowPixel(first, 750), Theme::light().surface.rgb()); // no span there
        QCOMPARE(s.strip->rowsBuildCount(), 1);
        s.grab();
        for (int step = 0; step < 20; ++step)
            s.zoom.setRange(step * 10.0, step * 10.0 + 100);
        const QImage zoomed = s.grab();
        QCOMPARE(s.strip->rowsBuildCount(), 1); // zoom and pan steps reuse the rows
        // The window moved: outside it the rows are shaded, inside they are not.
        QCOMPARE(rowPixel(zoomed, 240), Theme::light().fulfilled.rgb());
        QVERIFY(rowPixel(zoomed, 450) != Theme::light().fulfilled.rgb());
    }

    void eachKeyDropsTheRows_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addRow("trace content, same address") << QStringLiteral("trace");
        QTest::addRow("theme") << QStringLiteral("theme");
        QTest::addRow("size") << QStringLiteral("size");
        QTest::addRow("trace range") << QStringLiteral("range");
    }

    void eachKeyDropsTheRows()
    {
        QFETCH(QString, change);
        RunTrace trace = oneSpan(SpanOutcome::Fulfilled);
        Strip s(&trace, QSize(400, 38));
        s.grab();
        QCOMPARE(s.strip->rowsBuildCount(), 1);
        QSize size(400, 38);
        Theme theme = Theme::light();
        double rangeEnd = 1000;
        if (change == QLatin1String("trace")) {
            trace = oneSpan(SpanOutcome::Rejected, 800); // what TimelineView::setTrace does: same object, new content
            s.strip->setTrace(&trace);
        } else if (change == QLatin1String("theme")) {
            theme = Theme::dark();
            s.strip->setTheme(theme);
        } else if (change == QLatin1String("size")) {
            size = QSize(300, 38);
            s.strip->resize(size);
        } else {
            rangeEnd = 2000;
            s.zoom.setTraceRange(0, rangeEnd);
            s.zoom.fitAll();
        }
        const QImage cached = s.grab();
        QCOMPARE(s.strip->rowsBuildCount(), 2);
        // The same picture as a strip that starts in the final state.
        Strip fresh(&trace, size);
        fresh.strip->setTheme(theme);
        fresh.zoom.setTraceRange(0, rangeEnd);
        fresh.zoom.fitAll();
        QCOMPARE(cached, fresh.grab());
        if (change == QLatin1String("trace"))
            QCOMPARE(rowPixel(cached, 650), theme.rejected.rgb());
        if (change == QLatin1String("theme"))
            QCOMPARE(rowPixel(cached, 750), theme.surface.rgb());
    }

    void noTraceDrawsTheBackground()
    {
        Strip s(nullptr, QSize(200, 38));
        const QImage image = s.grab();
        QCOMPARE(rowPixel(image, 500), Theme::light().surface.rgb());
    }
};

QTEST_MAIN(TstOverviewStrip)
#include "tst_overview_strip.moc"
