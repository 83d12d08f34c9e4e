// The album's sidecar write-back setting in the desktop app, as a person
// sets it: Album > Write Edits to XMP Sidecars, clicked in the menu. Off
// (the default), rating a picture with a key writes no sidecar; on, the
// key writes its NAME.EXT.xmp (read back with the real exiftool); a
// sidecar that is not XMP is an error naming it, the rating shown as
// saved; the entry shows each album's own setting as albums are
// selected; off again, the sidecar is left as it was.

#include <quire/album_registry.h>
#include <quire/ui/mainwindow.h>
#include <quire/ui/picturegridmodel.h>
#include <quire/ui/picturegridview.h>

#include "uitest.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using quire::AlbumRegistry;
using quire::ui::MainWindow;

class tst_SidecarSetting : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void theAlbumMenuTurnsWriteBackOnAndOff();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    QAction *entry() const { return m_window->findChild<QAction *>(QStringLiteral("sidecarWriteBackAction")); }
    // Opens the Album menu and clicks the entry, with the mouse.
    void clickEntry();
    void rateFirst(Qt::Key key);
    QString ratingInSidecar(const QString &file) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AlbumRegistry> m_registry;
    std::unique_ptr<MainWindow> m_window;
    QUuid m_album;
    QUuid m_other;
};

void tst_SidecarSetting::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    quire::uitest::isolateSettings(path(QStringLiteral("settings")));
    m_registry = std::make_unique<AlbumRegistry>(path(QStringLiteral("workspace")));
    auto album = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Darkroom")), QStringLiteral("Darkroom"), 2);
    QVERIFY2(album, qPrintable(album.error().toString()));
    m_album = album->uuid();
    auto other = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Other")), QStringLiteral("Other"), 1);
    QVERIFY2(other, qPrintable(other.error().toString()));
    m_other = other->uuid();
    m_window = std::make_unique<MainWindow>(*m_registry);
    QVERIFY(quire::uitest::showOnAlbum(*m_window, m_album, 2));
}

void tst_SidecarSetting::cleanup()
{
    m_window.reset();
    m_registry.reset();
    m_dir.reset();
}

void tst_SidecarSetting::clickEntry()
{
    QMenuBar *bar = m_window->menuBar();
    QAction *albumMenu = nullptr;
    for (QAction *action : bar->actions()) {
        if (action->text() == MainWindow::tr("&Album"))
            albumMenu = action;
    }
    QVERIFY(albumMenu && albumMenu->menu());
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(albumMenu).center());
    QMenu *menu = albumMenu->menu();
    QVERIFY(QTest::qWaitFor([&] { return menu->isVisible(); }, 5000));
    QVERIFY(entry()->isEnabled());
    QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(entry()).center());
    QVERIFY(QTest::qWaitFor([&] { return !menu->isVisible(); }, 5000));
    QVERIFY(quire::uitest::waitIdle(*m_window));
    // The keys go to the window again once the menu is gone (the
    // offscreen platform leaves the closed menu the active window).
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitFor([&] { return QApplication::activeWindow() == m_window.get(); }, 5000));
}

void tst_SidecarSetting::rateFirst(Qt::Key key)
{
    quire::ui::PictureGridView *grid = m_window->pictureView();
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {},
                      grid->visualRect(m_window->pictureModel()->index(0)).center());
    QTest::keyClick(grid, key);
    QVERIFY(quire::uitest::waitIdle(*m_window));
}

QString tst_SidecarSetting::ratingInSidecar(const QString &file) const
{
    QProcess exiftool;
    exiftool.start(QStringLiteral("exiftool"), {QStringLiteral("-s3"), QStringLiteral("-XMP-xmp:Rating"), file});
    if (!exiftool.waitForFinished(60000))
        return QStringLiteral("exiftool did not finish");
    return QString::fromUtf8(exiftool.readAllStandardOutput()).trimmed();
}

void tst_SidecarSetting::theAlbumMenuTurnsWriteBackOnAndOff()
{
    const QString sidecar = path(QStringLiteral("Darkroom/IMG_00001.jpg.xmp"));
    QVERIFY(entry());
    QVERIFY(entry()->isCheckable());
    QVERIFY(!entry()->isChecked());

    // Off: a rating is saved, no sidecar appears.
    rateFirst(Qt::Key_2);
    QVERIFY(!QFile::exists(sidecar));

    clickEntry();
    QVERIFY(entry()->isChecked());
    auto album = m_registry->resolve(m_album.toString(QUuid::WithoutBraces));
    QVERIFY(album);
    QCOMPARE(quire::Album(*album).writesSidecars().value(), true);

    QSignalSpy errors(m_window.get(), &MainWindow::errorShown);
    rateFirst(Qt::Key_4);
    QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().first().toString()));
    QCOMPARE(m_window->pictureModel()->item(0).picture.rating, 4);
    QVERIFY(QFile::exists(sidecar));
    QCOMPARE(ratingInSidecar(sidecar), QStringLiteral("4"));

    // A sidecar that is not XMP is not written over: the window says so,
    // naming it, and shows the rating as saved (it is).
    const QString garbage = path(QStringLiteral("Darkroom/IMG_00002.jpg.xmp"));
    QVERIFY(quire::test::writeFile(garbage, QByteArray("not xmp\n")));
    quire::ui::PictureGridView *grid = m_window->pictureView();
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {},
                      grid->visualRect(m_window->pictureModel()->index(1)).center());
    QTest::keyClick(grid, Qt::Key_5);
    QVERIFY(quire::uitest::waitIdle(*m_window));
    QCOMPARE(errors.count(), 1);
    QVERIFY2(errors.first().first().toString().contains(QStringLiteral("IMG_00002.jpg.xmp")),
             qPrintable(errors.first().first().toString()));
    QCOMPARE(m_window->pictureModel()->item(1).picture.rating, 5);
    QFile kept(garbage);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("not xmp\n"));

    // Each album shows its own setting.
    m_window->selectAlbum(m_other);
    QVERIFY(quire::uitest::waitIdle(*m_window));
    QVERIFY(!entry()->isChecked());
    QVERIFY(quire::uitest::showOnAlbum(*m_window, m_album, 2));
    QVERIFY(entry()->isChecked());

    // Off again: the sidecar stays as Quire last wrote it.
    clickEntry();
    QVERIFY(!entry()->isChecked());
    QCOMPARE(quire::Album(*album).writesSidecars().value(), false);
    rateFirst(Qt::Key_1);
    QCOMPARE(ratingInSidecar(sidecar), QStringLiteral("4"));
}

QTEST_MAIN(tst_SidecarSetting)
#include "tst_sidecar_setting.moc"
