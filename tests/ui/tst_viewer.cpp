// The picture viewer, as a person uses it: double-click (or Enter) on a
// picture of the grid shows it large, its pixels on the screen; the arrow
// keys step at once because the neighbours were decoded ahead; Space plays
// a slideshow; Z and the
// mouse wheel zoom to actual pixels and back; F11 is full screen with the
// picture alone; Esc goes back to the grid at the picture viewed last; a
// picture whose file has gone says so, naming it.

#include <quire/album_registry.h>
#include <quire/import.h>
#include <quire/ui/mainwindow.h>
#include <quire/ui/picturegridmodel.h>
#include <quire/ui/picturegridview.h>
#include <quire/ui/pictureviewer.h>
#include <quire/ui/searchpanel.h>

#include "uitest.h"

#include <QListView>
#include <QMenuBar>
#include <QPainter>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

using quire::AlbumRegistry;
using quire::ui::MainWindow;
using quire::ui::PictureViewer;

namespace {

// The four pictures, in the grid's order (by path).
const QStringList Names = {QStringLiteral("a_red.jpg"), QStringLiteral("b_green.jpg"), QStringLiteral("c_blue.jpg"),
                           QStringLiteral("d_marker.jpg")};

bool writeJpeg(const QString &path, const QImage &image)
{
    return image.save(path, "JPEG", 90);
}

QImage solid(const QColor &colour)
{
    QImage image(800, 600, QImage::Format_RGB32);
    image.fill(colour);
    return image;
}

// Large and white with a small black square at its centre: at fit the
// square is a few pixels; at actual pixels it is 60.
QImage marker()
{
    QImage image(3000, 2000, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.fillRect(QRect(1470, 970, 60, 60), Qt::black);
    return image;
}

// The colour the viewer shows at offset from its centre, as a person sees it.
QColor shownAt(PictureViewer *viewer, QPoint offset = {})
{
    const QImage shot = viewer->grab().toImage();
    return shot.pixelColor(shot.rect().center() + offset * shot.devicePixelRatio());
}

bool isRed(const QColor &c) { return c.red() > 200 && c.green() < 60 && c.blue() < 60; }
bool isGreen(const QColor &c) { return c.green() > 200 && c.red() < 60 && c.blue() < 60; }
bool isBlue(const QColor &c) { return c.blue() > 200 && c.red() < 60 && c.green() < 60; }
bool isBlack(const QColor &c) { return c.lightness() < 40; }
bool isWhite(const QColor &c) { return c.lightness() > 215; }

QString describe(const QColor &c)
{
    return c.name();
}

} // namespace

class tst_Viewer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void doubleClickShowsThePictureAndArrowsStepAtOnce();
    void steppingFastKeepsOnlyTheNeighboursDecoded();
    void viewPictureWhileViewingKeepsTheWayBack();
    void escGoesBackToTheGridAtThePictureViewed();
    void enterOpensTheCurrentPicture();
    void spacePlaysASlideshowToTheLast();
    void zoomToActualPixelsAndBack();
    void fullScreenShowsThePictureAlone();
    void aPictureWhoseFileIsGoneSaysSo();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    QStackedWidget *pages() const { return m_window->findChild<QStackedWidget *>(); }
    PictureViewer *viewer() const { return m_window->viewer(); }
    // Double-clicks the grid's picture at row, as a person does.
    void doubleClick(int row);
    // Until every decode asked for has ended.
    bool waitDecoded() { return QTest::qWaitFor([&] { return !viewer()->isBusy(); }, 60000); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AlbumRegistry> m_registry;
    std::unique_ptr<MainWindow> m_window;
    QString m_album;
};

void tst_Viewer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    quire::uitest::isolateSettings(path(QStringLiteral("settings")));
    m_registry = std::make_unique<AlbumRegistry>(path(QStringLiteral("workspace")));
    m_album = path(QStringLiteral("Colours"));
    QVERIFY(QDir().mkpath(m_album));
    QVERIFY(writeJpeg(QDir(m_album).filePath(Names[0]), solid(Qt::red)));
    QVERIFY(writeJpeg(QDir(m_album).filePath(Names[1]), solid(Qt::green)));
    QVERIFY(writeJpeg(QDir(m_album).filePath(Names[2]), solid(Qt::blue)));
    QVERIFY(writeJpeg(QDir(m_album).filePath(Names[3]), marker()));
    QVERIFY(writeJpeg(QDir(m_album).filePath(QStringLiteral("e_gone.jpg")), solid(Qt::yellow)));
    quire::Result<quire::Album> album = m_registry->create(m_album, QStringLiteral("Colours"));
    QVERIFY2(album, qPrintable(album.error().toString()));
    const quire::Result<quire::ImportReport> imported = quire::importPictures(*album);
    QVERIFY2(imported && imported->added == 5, imported ? "not all imported" : qPrintable(imported.error().toString()));

    m_window = std::make_unique<MainWindow>(*m_registry);
    m_window->resize(1000, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->selectAlbum(album->uuid());
    QVERIFY(quire::uitest::waitIdle(*m_window));
    QTRY_COMPARE(m_window->pictureModel()->rowCount(), 5);
}

void tst_Viewer::cleanup()
{
    m_window.reset();
    m_registry.reset();
    m_dir.reset();
}

void tst_Viewer::doubleClick(int row)
{
    quire::ui::PictureGridView *grid = m_window->pictureView();
    const QPoint where = grid->visualRect(m_window->pictureModel()->index(row)).center();
    // The first click of the two (QTest's double-click event alone has no
    // press before it).
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, where);
    QTest::mouseDClick(grid->viewport(), Qt::LeftButton, {}, where);
}

void tst_Viewer::doubleClickShowsThePictureAndArrowsStepAtOnce()
{
    doubleClick(0);
    QCOMPARE(pages()->currentWidget(), viewer());
    QCOMPARE(viewer()->current(), 0);
    QVERIFY(viewer()->hasFocus());
    QVERIFY(waitDecoded());
    QVERIFY2(isRed(shownAt(viewer())), qPrintable(describe(shownAt(viewer()))));
    // The next picture was decoded while the first was shown: Right shows
    // it at once, before anything else runs.
    QVERIFY(viewer()->isDecoded(1));
    QTest::keyClick(viewer(), Qt::Key_Right);
    QCOMPARE(viewer()->current(), 1);
    QVERIFY2(isGreen(shownAt(viewer())), qPrintable(describe(shownAt(viewer()))));
    QVERIFY(waitDecoded());
    QVERIFY(viewer()->isDecoded(2)); // and the one after it, in turn
    QTest::keyClick(viewer(), Qt::Key_Right);
    QVERIFY2(isBlue(shownAt(viewer())), qPrintable(describe(shownAt(viewer()))));
    QTest::keyClick(viewer(), Qt::Key_Left);
    QVERIFY2(isGreen(shownAt(viewer())), qPrintable(describe(shownAt(viewer()))));
    // Only the neighbours are kept ready; a jump waits for its decode.
    QTest::keyClick(viewer(), Qt::Key_Home);
    QCOMPARE(viewer()->current(), 0);
    QVERIFY(waitDecoded());
    QVERIFY2(isRed(shownAt(viewer())), qPrintable(describe(shownAt(viewer()))));
    QTest::keyClick(viewer(), Qt::Key_Left); // before the first: stays
    QCOMPARE(viewer()->current(), 0);
    // The grid (and so the detail pane) follows the picture viewed.
    QTest::keyClick(viewer(), Qt::Key_Right);
    QCOMPARE(m_window->pictureView()->currentIndex().row(), 1);
}

void tst_Viewer::steppingFastKeepsOnlyTheNeighboursDecoded()
{
    doubleClick(0);
    QVERIFY(waitDecoded());
    // Four steps before any decode can finish: the ones asked for on the
    // way (rows 1 to 3) finish after the viewer has passed them.
    for (int step = 0; step < 4; ++step)
        QTest::keyClick(viewer(), Qt::Key_Right);
    QCOMPARE(viewer()->current(), 4);
    QVERIFY(waitDecoded());
    QVERIFY(viewer()->isDecoded(4));
    QVERIFY(viewer()->isDecoded(3));
    for (int row = 0; row < 3; ++row)
        QVERIFY2(!viewer()->isDecoded(row), qPrintable(QStringLiteral("row %1 kept").arg(row)));
}

void tst_Viewer::escGoesBackToTheGridAtThePictureViewed()
{
    doubleClick(0);
    QVERIFY(waitDecoded());
    QTest::keyClick(viewer(), Qt::Key_Right);
    QTest::keyClick(viewer(), Qt::Key_Right);
    QCOMPARE(viewer()->current(), 2);
    QTest::keyClick(viewer(), Qt::Key_Escape);
    QCOMPARE(pages()->currentIndex(), 0); // the album's grid
    QCOMPARE(m_window->pictureView()->currentIndex().row(), 2);
    QVERIFY(m_window->pictureView()->hasFocus());
}

void tst_Viewer::enterOpensTheCurrentPicture()
{
    quire::ui::PictureGridView *grid = m_window->pictureView();
    grid->setFocus();
    grid->setCurrentIndex(m_window->pictureModel()->index(2));
    QTest::keyClick(grid, Qt::Key_Return);
    QCOMPARE(pages()->currentWidget(), viewer());
    QCOMPARE(viewer()->current(), 2);
    QVERIFY(waitDecoded());
    QVERIFY2(isBlue(shownAt(viewer())), qPrintable(describe(shownAt(viewer()))));
}

void tst_Viewer::spacePlaysASlideshowToTheLast()
{
    viewer()->setSlideshowInterval(30); // the test's patience, not the app's pace
    quire::ui::PictureGridView *grid = m_window->pictureView();
    grid->setFocus();
    grid->setCurrentIndex(m_window->pictureModel()->index(1));
    QTest::keyClick(grid, Qt::Key_Space);
    QCOMPARE(pages()->currentWidget(), viewer());
    QVERIFY(viewer()->isSlideshowPlaying());
    QTRY_COMPARE_WITH_TIMEOUT(viewer()->current(), 4, 30000);
    QTRY_VERIFY(!viewer()->isSlideshowPlaying()); // the last one stays
    QTest::keyClick(viewer(), Qt::Key_Space);     // nothing after it to play
    QVERIFY(!viewer()->isSlideshowPlaying());
    // Space again stops it where it is (slow slides: no step comes
    // between the two keys however busy the machine is).
    viewer()->setSlideshowInterval(600000);
    QTest::keyClick(viewer(), Qt::Key_Home);
    QTest::keyClick(viewer(), Qt::Key_Space);
    QVERIFY(viewer()->isSlideshowPlaying());
    QTest::keyClick(viewer(), Qt::Key_Space);
    QVERIFY(!viewer()->isSlideshowPlaying());
    viewer()->setSlideshowInterval(30);
    QTest::qWait(200); // six slides' time: none comes once stopped
    QCOMPARE(viewer()->current(), 0);
    // Esc ends it and goes back to the grid at the picture shown.
    QTest::keyClick(viewer(), Qt::Key_Space);
    QVERIFY(viewer()->isSlideshowPlaying());
    QTest::keyClick(viewer(), Qt::Key_Escape);
    QVERIFY(!viewer()->isSlideshowPlaying());
    QCOMPARE(pages()->currentIndex(), 0);
    QCOMPARE(grid->currentIndex().row(), viewer()->current());
}

void tst_Viewer::zoomToActualPixelsAndBack()
{
    doubleClick(3);
    QVERIFY(waitDecoded());
    const QPoint besideTheCentre(20, 0);
    QCOMPARE(viewer()->zoom(), PictureViewer::Zoom::Fit);
    // At fit the 60-pixel square is a few pixels: beside the centre is white.
    QVERIFY2(isBlack(shownAt(viewer())), qPrintable(describe(shownAt(viewer()))));
    QVERIFY2(isWhite(shownAt(viewer(), besideTheCentre)), qPrintable(describe(shownAt(viewer(), besideTheCentre))));
    QTest::keyClick(viewer(), Qt::Key_Z);
    QCOMPARE(viewer()->zoom(), PictureViewer::Zoom::Actual);
    QVERIFY(waitDecoded()); // the full-size pixels
    QVERIFY2(isBlack(shownAt(viewer(), besideTheCentre)), qPrintable(describe(shownAt(viewer(), besideTheCentre))));
    QTest::keyClick(viewer(), Qt::Key_Z);
    QCOMPARE(viewer()->zoom(), PictureViewer::Zoom::Fit);
    QVERIFY(isWhite(shownAt(viewer(), besideTheCentre)));
    // The wheel: up over the picture looks at actual pixels, down fits.
    const QPoint centre = viewer()->rect().center();
    QWheelEvent up(centre, viewer()->mapToGlobal(centre), {}, QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                   Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(viewer(), &up);
    QCOMPARE(viewer()->zoom(), PictureViewer::Zoom::Actual);
    QVERIFY(isBlack(shownAt(viewer(), besideTheCentre)));
    QWheelEvent down(centre, viewer()->mapToGlobal(centre), {}, QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                     Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(viewer(), &down);
    QCOMPARE(viewer()->zoom(), PictureViewer::Zoom::Fit);
    // Stepping on shows the next picture whole.
    QTest::keyClick(viewer(), Qt::Key_Z);
    QTest::keyClick(viewer(), Qt::Key_Left);
    QCOMPARE(viewer()->zoom(), PictureViewer::Zoom::Fit);
}

void tst_Viewer::fullScreenShowsThePictureAlone()
{
    doubleClick(1);
    QVERIFY(waitDecoded());
    QTest::keyClick(viewer(), Qt::Key_F11);
    QTRY_VERIFY(m_window->isFullScreen());
    QVERIFY(!m_window->albumView()->isVisible());
    QVERIFY(!m_window->menuBar()->isVisible());
    QVERIFY2(isGreen(shownAt(viewer())), qPrintable(describe(shownAt(viewer()))));
    QTest::keyClick(viewer(), Qt::Key_F11);
    QTRY_VERIFY(!m_window->isFullScreen());
    QVERIFY(m_window->albumView()->isVisible());
    // Esc from full screen: back to the grid, and the window as it was.
    QTest::keyClick(viewer(), Qt::Key_F11);
    QTRY_VERIFY(m_window->isFullScreen());
    QTest::keyClick(viewer(), Qt::Key_Escape);
    QTRY_VERIFY(!m_window->isFullScreen());
    QCOMPARE(pages()->currentIndex(), 0);
    QVERIFY(m_window->albumView()->isVisible());
    QVERIFY(m_window->menuBar()->isVisible());
}

void tst_Viewer::aPictureWhoseFileIsGoneSaysSo()
{
    QVERIFY(QFile::remove(QDir(m_album).filePath(QStringLiteral("e_gone.jpg"))));
    doubleClick(3);
    QVERIFY(waitDecoded());
    QTest::keyClick(viewer(), Qt::Key_End);
    QCOMPARE(viewer()->current(), 4);
    QVERIFY(waitDecoded());
    QVERIFY2(viewer()->problem().contains(QLatin1String("e_gone.jpg")), qPrintable(viewer()->problem()));
    // What a person sees: the words, on the dark background, no picture.
    const QImage shot = viewer()->grab().toImage();
    bool light = false;
    for (int y = 0; y < shot.height() && !light; ++y) {
        for (int x = 0; x < shot.width() && !light; ++x)
            light = shot.pixelColor(x, y).lightness() > 150;
    }
    QVERIFY2(light, "the problem is written on the viewer");
    QVERIFY(isBlack(shownAt(viewer(), QPoint(0, 100))));
    // The others still show.
    QTest::keyClick(viewer(), Qt::Key_Home);
    QVERIFY(waitDecoded());
    QVERIFY(isRed(shownAt(viewer())));
}

// MainWindow::viewPicture is public: a caller (a future "show in viewer"
// from elsewhere) may call it while the viewer shows. It steps within the
// same list, and Esc still goes back to the grid, not to the viewer.
void tst_Viewer::viewPictureWhileViewingKeepsTheWayBack()
{
    doubleClick(0);
    QCOMPARE(pages()->currentWidget(), viewer());
    m_window->viewPicture(2);
    QCOMPARE(pages()->currentWidget(), viewer());
    QCOMPARE(viewer()->current(), 2);
    QTest::keyClick(viewer(), Qt::Key_Escape);
    QCOMPARE(pages()->currentIndex(), 0); // the album's grid
    QCOMPARE(m_window->pictureView()->currentIndex().row(), 2);
}

QTEST_MAIN(tst_Viewer)
#include "tst_viewer.moc"
