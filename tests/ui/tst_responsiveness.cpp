// The GUI thread stays responsive while the window's workers import 2,000
// images, copy an album and search across albums at once: a 5 ms timer
// probe measures the worst gap between its ticks. The figure is printed
// (the aim is under 50 ms); the test fails only over a second,
// which would mean a core call ran on the GUI thread.

#include <quire/album_registry.h>
#include <quire/ui/actionrunner.h>
#include <quire/ui/albumlistmodel.h>
#include <quire/ui/mainwindow.h>
#include <quire/ui/picturegridmodel.h>
#include <quire/ui/searchpanel.h>

#include "uitest.h"

#include <QElapsedTimer>
#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using quire::AlbumRegistry;
using quire::Registry;
using quire::ui::AlbumListModel;
using quire::ui::MainWindow;

class tst_Responsiveness : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void guiThreadNeverStallsDuringImportCopyAndSearch();
};

void tst_Responsiveness::guiThreadNeverStallsDuringImportCopyAndSearch()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    quire::uitest::isolateSettings(dir.filePath(QStringLiteral("settings")));
    const int images = qEnvironmentVariableIntValue("QUIRE_STALL_IMAGES") > 0
                           ? qEnvironmentVariableIntValue("QUIRE_STALL_IMAGES")
                           : 2000;
    // Photo-like files: a gradient with some detail, so decoding costs something.
    for (int i = 0; i < images; ++i) {
        QImage image(640, 480, QImage::Format_RGB32);
        image.fill(QColor::fromHsv((i * 37) % 360, 120, 200));
        QPainter painter(&image);
        painter.setPen(Qt::white);
        painter.drawText(image.rect(), Qt::AlignCenter, QString::number(i));
        painter.drawEllipse(QPoint(100 + i % 400, 200), 60, 40);
        painter.end();
        QVERIFY(quire::test::writeFile(dir.filePath(QStringLiteral("Camera/%1/IMG_%2.jpg").arg(i / 500).arg(i, 5, 10, QLatin1Char('0'))),
                                       quire::uitest::jpeg(image)));
    }
    AlbumRegistry registry(dir.filePath(QStringLiteral("workspace")));
    auto target = registry.create(dir.filePath(QStringLiteral("Import here")), QStringLiteral("Import here"));
    QVERIFY(target.ok());
    auto big = quire::uitest::makeAlbum(registry, dir.filePath(QStringLiteral("Big")), QStringLiteral("Big"), 500,
                                        {QStringLiteral("Places/Beach")});
    QVERIFY2(big.ok(), qPrintable(big.error().toString()));
    for (int i = 0; i < 3; ++i) {
        QVERIFY(quire::uitest::makeAlbum(registry, dir.filePath(QStringLiteral("Other %1").arg(i)),
                                         QStringLiteral("Other %1").arg(i), 200, {QStringLiteral("Places/Beach")}).ok());
    }

    MainWindow window(registry);
    window.resize(1200, 760);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(quire::uitest::waitIdle(window));
    window.selectAlbum(target->uuid());
    QVERIFY(quire::uitest::waitIdle(window));

    // The probe: a 5 ms timer; the worst gap between two ticks is the
    // longest the GUI thread was kept from its event loop.
    QElapsedTimer clock;
    qint64 last = 0, worst = 0, ticks = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    connect(&probe, &QTimer::timeout, &probe, [&] {
        const qint64 now = clock.elapsed();
        worst = qMax(worst, now - last);
        last = now;
        ++ticks;
    });
    clock.start();
    probe.start();

    QSignalSpy searched(window.searchPanel(), &quire::ui::SearchPanel::finished);
    QSignalSpy errors(&window, &MainWindow::errorShown);
    window.importPictures(target->uuid(), dir.filePath(QStringLiteral("Camera")));
    window.copyAlbumTo(big->uuid(), dir.filePath(QStringLiteral("Big copy")));
    window.search(QStringLiteral("tag:Places/Beach"));
    // The grid keeps paging the album being imported into, as a person
    // watching would see.
    window.showAlbumPage();
    QVERIFY(QTest::qWaitFor([&] { return !window.runner()->isBusy() && searched.count() >= 1; }, 600000));
    QVERIFY(quire::uitest::waitIdle(window));
    probe.stop();
    const qint64 elapsed = clock.elapsed();

    qInfo("GUI thread: worst stall %lld ms over %lld ms (%lld ticks of 5 ms) while importing %d images, "
          "copying a 500-picture album and searching %d albums",
          worst, elapsed, ticks, images, int(window.albumModel()->rowCount()));
    QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().first().toString()));
    // Every album's Places/Beach pictures, up to the search's limit.
    QCOMPARE(window.searchPanel()->results()->rowCount(), qMin(500 + 600, 1000));
    const QModelIndex imported = window.albumModel()->index(window.albumModel()->rowOf(target->uuid()));
    QTRY_COMPARE(imported.data(AlbumListModel::CountRole).toInt(), images);
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("Big copy/IMG_00500.jpg"))));
    QVERIFY2(worst < 1000, qPrintable(QStringLiteral("the GUI thread stalled for %1 ms").arg(worst)));
}

QTEST_MAIN(tst_Responsiveness)
#include "tst_responsiveness.moc"
