// The timeline widget's interaction: zoom around the cursor, scrubbing on the
// ruler, click to highlight a task, pan by dragging. Events are sent to the
// viewport at positions computed from the view's own time mapping.

#include "export_dialog.h"
#include "../sample_traces.h"
#include "timeline_view.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

using namespace asyncscope;

class TstTimelineView : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TimelineView> makeView()
    {
        auto view = std::make_unique<TimelineView>();
        view->resize(1000, 600);
        view->setTrace(samples::profile());
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get()))
            qWarning("window not exposed");
        return view;
    }

    static void sendWheel(QWidget *target, const QPointF &pos, int deltaY, Qt::KeyboardModifiers modifiers)
    {
        QWheelEvent event(pos, target->mapToGlobal(pos), QPoint(), QPoint(0, deltaY), Qt::NoButton, modifiers,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(target, &event);
    }

private Q_SLOTS:
    void startsFitted()
    {
        auto view = makeView();
        QCOMPARE(view->zoomControl()->startMs(), 0.0);
        QCOMPARE(view->zoomControl()->endMs(), 850.0);
        QVERIFY(view->zoomControl()->isFitAll());
    }

    void ctrlWheelZoomsAroundCursor()
    {
        auto view = makeView();
        QSignalSpy zoomSpy(view.get(), &TimelineView::zoomRequested);
        QSignalSpy rangeSpy(view->zoomControl(), &TimelineZoomControl::rangeChanged);
        const TimeAxis axis = view->timeAxis();
        const double cursorMs = 600;
        const QPointF pos(timeToPixel(axis, cursorMs), 200);
        sendWheel(view->viewport(), pos, 120, Qt::ControlModifier);
        QCOMPARE(zoomSpy.count(), 1);
        QCOMPARE(rangeSpy.count(), 1);
        QVERIFY(std::abs(zoomSpy.at(0).at(0).toDouble() - cursorMs) < 1.0);
        const double start = view->zoomControl()->startMs();
        const double end = view->zoomControl()->endMs();
        QVERIFY(end - start < 850);
        QVERIFY(std::abs((end - start) - 850 * 0.8) < 1e-6);
        // The time under the cursor stays under the cursor.
        QVERIFY(std::abs(pixelToTime(view->timeAxis(), pos.x()) - cursorMs) < 1.0);
        // The overview strip appears when zoomed in; fit all hides it again.
        view->fitAll();
        QVERIFY(view->zoomControl()->isFitAll());
    }

    void plainWheelDoesNotZoom()
    {
        auto view = makeView();
        QSignalSpy zoomSpy(view.get(), &TimelineView::zoomRequested);
        sendWheel(view->viewport(), QPointF(500, 200), -120, Qt::NoModifier);
        QCOMPARE(zoomSpy.count(), 0);
        QVERIFY(view->zoomControl()->isFitAll());
    }

    void dragOnRulerScrubs()
    {
        auto view = makeView();
        QSignalSpy spy(view.get(), &TimelineView::playheadDragged);
        const TimeAxis axis = view->timeAxis();
        const int y = int(view->rulerBottom() / 2);
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, QPoint(int(timeToPixel(axis, 300)), y));
        QTest::mouseMove(view->viewport(), QPoint(int(timeToPixel(axis, 450)), y));
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, QPoint(int(timeToPixel(axis, 450)), y));
        QVERIFY(spy.count() >= 2);
        const double pxPerMs = axis.pixelsPerMs();
        QVERIFY(std::abs(spy.first().at(0).toDouble() - 300) <= 1.0 / pxPerMs + 1e-9);
        QVERIFY(std::abs(spy.last().at(0).toDouble() - 450) <= 1.0 / pxPerMs + 1e-9);
    }

    void clickHighlightsTask()
    {
        auto view = makeView();
        QSignalSpy spy(view.get(), &TimelineView::spanClicked);
        const TimeAxis axis = view->timeAxis();
        // In the first band, lane 1 is "posts #1" (200–400 ms).
        const auto ref = view->spanAt(QPointF(timeToPixel(axis, 300), 0)); // on the ruler: nothing
        QVERIFY(!ref);
        // Find the row of posts by probing down the column.
        int rowY = -1;
        for (int y = int(view->rulerBottom()) + 1; y < view->viewport()->height(); ++y) {
            if (auto hit = view->spanAt(QPointF(timeToPixel(axis, 300), y)); hit && hit->plan == 0 && hit->span == 1) {
                rowY = y;
                break;
            }
        }
        QVERIFY(rowY > 0);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, QPoint(int(timeToPixel(axis, 300)), rowY + 4));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toInt(), 0);
        QCOMPARE(spy.at(0).at(1).toInt(), 1);
        QCOMPARE(view->highlightedTask(), QStringLiteral("posts"));
        QVERIFY(view->toolTipFor({0, 1}).contains(QStringLiteral("200 ms")));
        // A click on empty space clears it.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, QPoint(int(timeToPixel(axis, 850)), rowY + 4));
        QCOMPARE(view->highlightedTask(), QString());
        QCOMPARE(spy.count(), 1);
    }

    void dragPansWhenZoomed()
    {
        auto view = makeView();
        view->zoomControl()->setRange(200, 400);
        QSignalSpy panSpy(view.get(), &TimelineView::panRequested);
        const TimeAxis axis = view->timeAxis();
        const int y = view->viewport()->height() - 60;
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, QPoint(int(timeToPixel(axis, 300)), y));
        QTest::mouseMove(view->viewport(), QPoint(int(timeToPixel(axis, 250)), y));
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, QPoint(int(timeToPixel(axis, 250)), y));
        QVERIFY(panSpy.count() >= 1);
        // Dragging left by 50 ms of pixels shows 50 ms later.
        QVERIFY(std::abs(view->zoomControl()->startMs() - 250) < 1.0);
        QVERIFY(std::abs(view->zoomControl()->endMs() - 450) < 1.0);
    }

    void setTraceKeepsZoomForSmallChange()
    {
        auto view = makeView();
        view->zoomControl()->setRange(100, 300);
        RunTrace edited = samples::profile();
        edited.plans[0].spans[3].endMs = 820; // axis end 850 → 900: a small change
        edited.plans[0].settledMs = 820;
        view->setTrace(edited);
        QCOMPARE(view->zoomControl()->startMs(), 100.0);
        QCOMPARE(view->zoomControl()->endMs(), 300.0);
        RunTrace longer = samples::profile();
        longer.plans[0].spans[3].endMs = 5000;
        longer.plans[0].settledMs = 5000;
        view->setTrace(longer);
        QVERIFY(view->zoomControl()->isFitAll());
    }

    void exportDialogSavesWhatItShows()
    {
        ExportDialog dialog(samples::mixed());
        ExportOptions options;
        options.theme = Theme::print();
        options.plans = {QStringLiteral("race"), QStringLiteral("queued")};
        options.width = 900;
        dialog.setOptions(options);
        const ExportOptions shown = dialog.options();
        QCOMPARE(shown.theme.name, QStringLiteral("print"));
        QCOMPARE(shown.plans, options.plans);
        QCOMPARE(shown.width, 900);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("picture.svg"));
        QCOMPARE(dialog.saveTo(path), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray svg = file.readAll();
        QVERIFY(svg.contains("race"));
        QVERIFY(!svg.contains(">timeout<")); // a plan left out
    }

    void renderToImageDrawsBars()
    {
        auto view = makeView();
        const QImage image = view->renderToImage(QSize(800, 500));
        QCOMPARE(image.size(), QSize(800, 500));
        int fulfilledPixels = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2)
                fulfilledPixels += image.pixelColor(x, y) == view->theme().fulfilled;
        QVERIFY(fulfilledPixels > 500);
    }
};

QTEST_MAIN(TstTimelineView)
#include "tst_timeline_view.moc"
