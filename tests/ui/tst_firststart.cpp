// First start and the app's conventions: an empty workspace offers a demo
// workspace, which is made of real albums with pictures, tags and dates;
// window geometry and recent folders persist in QSettings; the About box
// names the versions; the standard shortcuts are in place. Renders the
// window on the demo workspace to docs/screenshot.png for the README.

#include <quire/album_registry.h>
#include <quire/tags.h>
#include <quire/pictures.h>
#include <quire/session.h>
#include <quire/ui/aboutbox.h>
#include <quire/ui/albumlistmodel.h>
#include <quire/ui/demoworkspace.h>
#include <quire/ui/detailpane.h>
#include <quire/ui/mainwindow.h>
#include <quire/ui/picturegridmodel.h>
#include <quire/ui/picturegridview.h>
#include <quire/photo_metadata.h>
#include <quire/ui/thumbnailloader.h>

#include "uitest.h"

#include <QAction>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QScopeGuard>
#include <QTest>

#include <sqlite3.h>

using quire::AlbumRegistry;
using quire::Registry;
using quire::ui::AlbumListModel;
using quire::ui::MainWindow;

class tst_FirstStart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void emptyWorkspaceOffersTheDemo();
    void demoButtonMakesAlbumsWithPicturesTagsAndDates();
    void demoWorkspaceTwiceKeepsTheAlbums();
    void geometryAndRecentFoldersPersist();
    void aboutBoxNamesTheVersions();
    void standardShortcutsAreInPlace();
    void screenshotOfTheDemoWorkspace();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_FirstStart::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    quire::uitest::isolateSettings(path(QStringLiteral("settings")));
}

void tst_FirstStart::cleanup()
{
    m_dir.reset();
}

void tst_FirstStart::emptyWorkspaceOffersTheDemo()
{
    AlbumRegistry registry(path(QStringLiteral("workspace")));
    MainWindow window(registry);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *demo = window.findChild<QPushButton *>(QStringLiteral("demoButton"));
    QVERIFY(demo);
    QVERIFY(demo->isVisible());
    auto *details = window.findChild<QLabel *>(QStringLiteral("albumDetails"));
    QVERIFY2(details->text().contains(QStringLiteral("demo workspace")), qPrintable(details->text()));
}

void tst_FirstStart::demoButtonMakesAlbumsWithPicturesTagsAndDates()
{
    AlbumRegistry registry(path(QStringLiteral("workspace")));
    MainWindow window(registry);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *demo = window.findChild<QPushButton *>(QStringLiteral("demoButton"));
    QTest::mouseClick(demo, Qt::LeftButton);
    QVERIFY(quire::uitest::waitIdle(window));
    QVERIFY(!demo->isVisible());

    const AlbumListModel *albums = window.albumModel();
    QCOMPARE(albums->rowCount(), 4);
    int pictures = 0;
    for (int row = 0; row < albums->rowCount(); ++row) {
        QTRY_VERIFY(albums->index(row).data(AlbumListModel::CountRole).toInt() > 0);
        pictures += albums->index(row).data(AlbumListModel::CountRole).toInt();
    }
    QCOMPARE(pictures, 44);
    QTRY_VERIFY(window.pictureModel()->rowCount() > 0);

    // Real albums: files, tags, dates, ratings, thumbnails.
    const QUuid first = albums->index(0).data(AlbumListModel::UuidRole).toUuid();
    auto album = registry.resolve(first.toString(QUuid::WithoutBraces));
    QVERIFY(album.ok());
    auto session = album->read();
    auto all = quire::Pictures(*session).query();
    QVERIFY(all.ok() && !all->isEmpty());
    int rated = 0;
    for (const quire::Picture &picture : *all) {
        QVERIFY(QFile::exists(QDir(album->folder()).filePath(picture.path)));
        QVERIFY(picture.takenAt.isValid());
        QVERIFY(quire::Pictures(*session).thumbnail(picture.id)->has_value());
        QVERIFY(!quire::Tags(*session).of(picture.id)->isEmpty());
        rated += picture.rating > 0;
    }
    QVERIFY(rated > 0);
}

void tst_FirstStart::demoWorkspaceTwiceKeepsTheAlbums()
{
    AlbumRegistry registry(path(QStringLiteral("workspace")));
    auto first = quire::ui::makeDemoWorkspace(registry, quire::ui::demoFolder(registry));
    QVERIFY2(first.ok(), qPrintable(first.error().toString()));
    auto second = quire::ui::makeDemoWorkspace(registry, quire::ui::demoFolder(registry));
    QVERIFY2(second.ok(), qPrintable(second.error().toString()));
    QCOMPARE(second->albums, first->albums);
    QCOMPARE(registry.catalog()->size(), 4);
}

void tst_FirstStart::geometryAndRecentFoldersPersist()
{
    AlbumRegistry registry(path(QStringLiteral("workspace")));
    QVERIFY(quire::uitest::makeAlbum(registry, path(QStringLiteral("Holiday")), QStringLiteral("Holiday"), 1).ok());
    QRect saved;
    {
        MainWindow window(registry);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(900, 640);
        QTRY_COMPARE(window.size(), QSize(900, 640));
        window.addFolder(path(QStringLiteral("Holiday")));
        QVERIFY(quire::uitest::waitIdle(window));
        saved = window.geometry();
        window.close();
    }
    QVERIFY(QSettings().contains(QStringLiteral("window/geometry")));
    MainWindow again(registry);
    QCOMPARE(again.size(), saved.size());
    QCOMPARE(again.recentFolders(), QStringList{QDir::cleanPath(path(QStringLiteral("Holiday")))});
}

void tst_FirstStart::aboutBoxNamesTheVersions()
{
    QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));
    const QString text = quire::ui::aboutText();
    QVERIFY2(text.contains(QStringLiteral("9.8.7")), qPrintable(text));
    QVERIFY2(text.contains(QString::fromLatin1(qVersion())), qPrintable(text));
    QVERIFY2(text.contains(QString::fromLatin1(sqlite3_libversion())), qPrintable(text));
    QVERIFY2(text.contains(quire::exiv2Version()), qPrintable(text));
    QVERIFY(!quire::exiv2Version().isEmpty());

    AlbumRegistry registry(path(QStringLiteral("workspace")));
    MainWindow window(registry);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.findChild<QAction *>(QStringLiteral("aboutAction"))->trigger();
    auto *box = window.findChild<QMessageBox *>(QStringLiteral("aboutBox"));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QCOMPARE(box->text(), text);
    box->accept();
}

void tst_FirstStart::standardShortcutsAreInPlace()
{
    AlbumRegistry registry(path(QStringLiteral("workspace")));
    MainWindow window(registry);
    auto shortcut = [&](const char *name) {
        auto *action = window.findChild<QAction *>(QLatin1String(name));
        return action ? action->shortcut() : QKeySequence(QStringLiteral("missing"));
    };
    QCOMPARE(shortcut("addFolderAction"), QKeySequence(QKeySequence::Open));
    QCOMPARE(shortcut("newAlbumAction"), QKeySequence(QKeySequence::New));
    QCOMPARE(shortcut("findAction"), QKeySequence(QKeySequence::Find));
    QCOMPARE(shortcut("renameAction"), QKeySequence(Qt::Key_F2));
    QCOMPARE(shortcut("deleteAction"), QKeySequence(QKeySequence::Delete));
    QCOMPARE(shortcut("undoAction"), QKeySequence(QKeySequence::Undo));
}

void tst_FirstStart::screenshotOfTheDemoWorkspace()
{
    // A fixed workspace folder, so that the picture (which shows the
    // album's folder) is the same from run to run and docs/ stays unchanged.
    QDir workspace(QDir::temp().filePath(QStringLiteral("Quire demo")));
    QVERIFY(workspace.removeRecursively());
    const auto removeWorkspace = qScopeGuard([&] { workspace.removeRecursively(); });
    AlbumRegistry registry(workspace.path());
    MainWindow window(registry);
    window.resize(1200, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.makeDemoWorkspace();
    QVERIFY(quire::uitest::waitIdle(window));
    // The summer album, its third picture selected, as a person would see it.
    const AlbumListModel *albums = window.albumModel();
    for (int row = 0; row < albums->rowCount(); ++row) {
        if (albums->index(row).data(Qt::DisplayRole).toString() == QStringLiteral("Summer by the Sea"))
            window.selectAlbum(albums->index(row).data(AlbumListModel::UuidRole).toUuid());
    }
    QTRY_VERIFY(window.pictureModel()->rowCount() >= 3);
    window.pictureView()->setCurrentIndex(window.pictureModel()->index(2));
    QSignalSpy preview(window.detailPane(), &quire::ui::DetailPane::previewShown);
    QTRY_VERIFY_WITH_TIMEOUT(preview.count() >= 1 || window.detailPane()->hasPicture(), 30000);
    QVERIFY(quire::uitest::waitIdle(window));
    // Every visible thumbnail in.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (int row = 0; row < window.pictureModel()->rowCount(); ++row) {
                const QModelIndex index = window.pictureModel()->index(row);
                if (window.pictureView()->viewport()->rect().intersects(window.pictureView()->visualRect(index))
                    && !window.thumbnails()->isCached(index.data(quire::ui::PictureGridModel::AlbumUuidRole).toUuid(),
                                                      index.data(quire::ui::PictureGridModel::PictureIdRole).toLongLong()))
                    return false;
            }
            return true;
        }(),
        30000);
    QTest::qWait(100);
    const QImage shot = window.grab().toImage();
    QVERIFY(!shot.isNull());
    const QString file = QStringLiteral(QUIRE_SCREENSHOT);
    QVERIFY(QDir().mkpath(QFileInfo(file).absolutePath()));
    // Written only when the window looks different: a test run leaves the
    // source tree as it was unless the app changed.
    const QImage before(file);
    if (before.convertToFormat(QImage::Format_RGB32) == shot.convertToFormat(QImage::Format_RGB32)) {
        qInfo("screenshot unchanged: %s", qPrintable(file));
        return;
    }
    QVERIFY2(shot.save(file), qPrintable(file));
    qInfo("screenshot saved to %s", qPrintable(file));
}

QTEST_MAIN(tst_FirstStart)
#include "tst_firststart.moc"
