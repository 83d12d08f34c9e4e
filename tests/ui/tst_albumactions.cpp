// The album actions of the main window on real albums, driven the way a
// person does (shortcuts, menu actions, answers to the window's questions):
// new, add, scan, import, copy (and cancel), move, rename (and undo),
// delete to the trash, close, check; errors in plain words; busy albums.

#include <quire/album.h>
#include <quire/album_registry.h>
#include <quire/ui/actionrunner.h>
#include <quire/ui/albumlistmodel.h>
#include <quire/ui/mainwindow.h>
#include <quire/ui/picturegridmodel.h>

#include "uitest.h"

#include <QAction>
#include <QDir>
#include <QListView>
#include <QMenu>
#include <QMimeData>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using quire::AlbumRegistry;
using quire::Registry;
using quire::ui::AlbumListModel;
using quire::ui::MainWindow;
using quire::uitest::ScriptedPrompts;

class tst_AlbumActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void newAlbumWithCtrlN();
    void addExistingFolderWithCtrlOIsRemembered();
    void scanFindsTheAlbumsUnderAFolder();
    void importPhotosCopiesThemInAndCountsThem();
    void f5RescansTheAlbumFolder();
    void copyToMakesARegisteredCopy();
    void copyCancelledLeavesNothingBehind();
    void moveToMovesTheFolder();
    void renameWithF2IsUndoneWithCtrlZ();
    void deleteWithDelAsksThenMovesToTheTrash();
    void closeLeavesTheAlbumListedAsClosed();
    void checkSaysTheAlbumIsInGoodOrder();
    void refusedCopySaysWhyInPlainWords();
    void albumIsBusyWhileAnActionRuns();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    // A window on a workspace with the album "Holiday" (pictures files and
    // thumbnails), shown and active, the album selected.
    void openWindow(int pictures = 3);
    QModelIndex rowNamed(const QString &name) const;
    bool waitIdle() { return quire::uitest::waitIdle(*m_window); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<MainWindow> m_window;
    ScriptedPrompts *m_prompts = nullptr;
    QUuid m_holiday;
};

void tst_AlbumActions::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    quire::uitest::isolateSettings(path(QStringLiteral("settings")));
    m_registry = std::make_unique<AlbumRegistry>(path(QStringLiteral("workspace")));
}

void tst_AlbumActions::cleanup()
{
    m_window.reset();
    m_registry.reset();
    m_dir.reset();
}

void tst_AlbumActions::openWindow(int pictures)
{
    auto album = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Holiday")), QStringLiteral("Holiday"), pictures);
    QVERIFY2(album.ok(), qPrintable(album.error().toString()));
    m_holiday = album->uuid();
    m_window = std::make_unique<MainWindow>(*m_registry);
    auto prompts = std::make_unique<ScriptedPrompts>();
    m_prompts = prompts.get();
    m_window->setPrompts(std::move(prompts));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QVERIFY(waitIdle());
    QCOMPARE(m_window->currentAlbum(), m_holiday);
    m_window->albumView()->setFocus();
}

QModelIndex tst_AlbumActions::rowNamed(const QString &name) const
{
    const AlbumListModel *model = m_window->albumModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row).data(Qt::DisplayRole).toString() == name)
            return model->index(row);
    }
    return {};
}

void tst_AlbumActions::newAlbumWithCtrlN()
{
    openWindow();
    QVERIFY(QDir().mkpath(path(QStringLiteral("Pictures"))));
    m_prompts->texts.enqueue(QStringLiteral("Trip to Rome"));
    m_prompts->folders.enqueue(path(QStringLiteral("Pictures")));
    QTest::keyClick(m_window->albumView(), Qt::Key_N, Qt::ControlModifier);
    QVERIFY(waitIdle());
    const QString folder = path(QStringLiteral("Pictures/Trip to Rome"));
    QVERIFY(QFile::exists(quire::Album::databasePathFor(folder)));
    const QModelIndex row = rowNamed(QStringLiteral("Trip to Rome"));
    QVERIFY(row.isValid());
    QCOMPARE(m_window->albumView()->currentIndex(), row);
    QTRY_COMPARE(row.data(AlbumListModel::CountRole).toInt(), 0);
    QCOMPARE(row.data(AlbumListModel::StatusRole).toString(), QStringLiteral("0 pictures \u00b7 open"));
}

void tst_AlbumActions::addExistingFolderWithCtrlOIsRemembered()
{
    openWindow();
    {
        auto other = quire::Album::create(path(QStringLiteral("Attic")), QStringLiteral("Attic scans"));
        QVERIFY(other.ok());
        QVERIFY(other->close().ok());
    }
    m_prompts->folders.enqueue(path(QStringLiteral("Attic")));
    QTest::keyClick(m_window->albumView(), Qt::Key_O, Qt::ControlModifier);
    QVERIFY(waitIdle());
    QVERIFY(rowNamed(QStringLiteral("Attic scans")).isValid());
    QCOMPARE(m_window->albumView()->currentIndex(), rowNamed(QStringLiteral("Attic scans")));
    // Recent folders are kept in the settings, for the File menu and the next start.
    QCOMPARE(m_window->recentFolders().value(0), QDir::cleanPath(path(QStringLiteral("Attic"))));
    auto *recent = m_window->findChild<QMenu *>(QStringLiteral("recentMenu"));
    QVERIFY(recent);
    QCOMPARE(recent->actions().size(), 1);
}

void tst_AlbumActions::scanFindsTheAlbumsUnderAFolder()
{
    openWindow();
    {
        // Albums made elsewhere, unknown to this workspace.
        QVERIFY(quire::Album::create(path(QStringLiteral("Library/A")), QStringLiteral("Alps"))->close().ok());
        QVERIFY(quire::Album::create(path(QStringLiteral("Library/deep/B")), QStringLiteral("Baltic"))->close().ok());
    }
    QSignalSpy infos(m_window.get(), &MainWindow::infoShown);
    m_prompts->folders.enqueue(path(QStringLiteral("Library")));
    m_window->findChild<QAction *>(QStringLiteral("scanAction"))->trigger();
    QVERIFY(waitIdle());
    QVERIFY(rowNamed(QStringLiteral("Alps")).isValid());
    QVERIFY(rowNamed(QStringLiteral("Baltic")).isValid());
    QCOMPARE(m_window->albumModel()->rowCount(), 3);
    QVERIFY(!infos.isEmpty());
    QVERIFY2(infos.last().at(0).toString().contains(QStringLiteral("2 new")), qPrintable(infos.last().at(0).toString()));
}

void tst_AlbumActions::importPhotosCopiesThemInAndCountsThem()
{
    openWindow(0);
    for (int i = 0; i < 5; ++i)
        QVERIFY(quire::test::writeImage(path(QStringLiteral("Camera/DCIM/P%1.jpg").arg(i)), 320, 240));
    QVERIFY(quire::test::writeFile(path(QStringLiteral("Camera/DCIM/broken.jpg")), "not a jpeg at all"));
    QSignalSpy infos(m_window.get(), &MainWindow::infoShown);
    QSignalSpy errors(m_window.get(), &MainWindow::errorShown);
    m_prompts->folders.enqueue(path(QStringLiteral("Camera")));
    QTest::keyClick(m_window->albumView(), Qt::Key_I, Qt::ControlModifier);
    QVERIFY(waitIdle());
    const QModelIndex row = rowNamed(QStringLiteral("Holiday"));
    QTRY_COMPARE(row.data(AlbumListModel::CountRole).toInt(), 5);
    QTRY_COMPARE(m_window->pictureModel()->rowCount(), 5);
    QVERIFY(QFile::exists(path(QStringLiteral("Holiday/DCIM/P0.jpg"))));
    QVERIFY2(infos.last().at(0).toString().contains(QStringLiteral("Imported 5 new pictures")),
             qPrintable(infos.last().at(0).toString()));
    // The bad file is named, in words, and did not stop the others.
    QCOMPARE(errors.count(), 1);
    QVERIFY2(errors.at(0).at(0).toString().contains(QStringLiteral("broken.jpg")), qPrintable(errors.at(0).at(0).toString()));
}

void tst_AlbumActions::f5RescansTheAlbumFolder()
{
    openWindow(2);
    // Another program adds one file and removes one.
    QVERIFY(quire::test::writeImage(path(QStringLiteral("Holiday/new.jpg")), 320, 240));
    QVERIFY(QFile::remove(path(QStringLiteral("Holiday/IMG_00002.jpg"))));
    QSignalSpy infos(m_window.get(), &MainWindow::infoShown);
    QTest::keyClick(m_window->albumView(), Qt::Key_F5);
    QVERIFY(waitIdle());
    QVERIFY(!infos.isEmpty());
    const QString message = infos.last().at(0).toString();
    QVERIFY2(message.startsWith(QStringLiteral("Imported 1 new picture into Holiday")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("1 missing")), qPrintable(message));
    // Missing pictures keep their rows (and tags) for when the file returns.
    QTRY_COMPARE(rowNamed(QStringLiteral("Holiday")).data(AlbumListModel::CountRole).toInt(), 3);
    QTRY_COMPARE(m_window->pictureModel()->rowCount(), 3);
}

void tst_AlbumActions::copyToMakesARegisteredCopy()
{
    openWindow(4);
    QVERIFY(QDir().mkpath(path(QStringLiteral("Backup"))));
    m_prompts->folders.enqueue(path(QStringLiteral("Backup")));
    m_window->findChild<QAction *>(QStringLiteral("copyAction"))->trigger();
    QVERIFY(waitIdle());
    const QModelIndex copy = rowNamed(QStringLiteral("Holiday (copy)"));
    QVERIFY(copy.isValid());
    QCOMPARE(copy.data(AlbumListModel::FolderRole).toString(), QDir(path(QStringLiteral("Backup/Holiday (copy)"))).canonicalPath());
    QTRY_COMPARE(copy.data(AlbumListModel::CountRole).toInt(), 4);
    QVERIFY(copy.data(AlbumListModel::UuidRole).toUuid() != m_holiday);
    QVERIFY(QFile::exists(path(QStringLiteral("Backup/Holiday (copy)/IMG_00004.jpg"))));
}

void tst_AlbumActions::copyCancelledLeavesNothingBehind()
{
    // Enough files (each copied and fsynced) that the copy is still going
    // when Cancel is pressed.
    openWindow(300);
    QSignalSpy infos(m_window.get(), &MainWindow::infoShown);
    QSignalSpy errors(m_window.get(), &MainWindow::errorShown);
    const QString destination = path(QStringLiteral("Holiday copy"));
    m_window->copyAlbumTo(m_holiday, destination);
    QProgressDialog *dialog = m_window->runner()->currentDialog();
    QVERIFY(dialog);
    QVERIFY(!dialog->isModal());
    auto *cancel = dialog->findChild<QPushButton *>();
    QVERIFY(cancel);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(waitIdle());
    QCOMPARE(errors.count(), 0);
    QVERIFY(!infos.isEmpty());
    QVERIFY2(infos.last().at(0).toString().contains(QStringLiteral("cancelled")), qPrintable(infos.last().at(0).toString()));
    QVERIFY(!QFileInfo::exists(destination));
    QCOMPARE(QDir(m_dir->path()).entryList({QStringLiteral("*quire-partial*")}, QDir::AllEntries | QDir::Hidden).size(), 0);
    QCOMPARE(m_window->albumModel()->rowCount(), 1);
}

void tst_AlbumActions::moveToMovesTheFolder()
{
    openWindow(2);
    QVERIFY(QDir().mkpath(path(QStringLiteral("Elsewhere"))));
    m_prompts->folders.enqueue(path(QStringLiteral("Elsewhere")));
    m_window->findChild<QAction *>(QStringLiteral("moveAction"))->trigger();
    QVERIFY(waitIdle());
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("Holiday"))));
    QVERIFY(QFile::exists(path(QStringLiteral("Elsewhere/Holiday/IMG_00002.jpg"))));
    const QModelIndex row = rowNamed(QStringLiteral("Holiday"));
    QCOMPARE(row.data(AlbumListModel::UuidRole).toUuid(), m_holiday);
    QCOMPARE(row.data(AlbumListModel::FolderRole).toString(), QDir(path(QStringLiteral("Elsewhere/Holiday"))).canonicalPath());
    QTRY_COMPARE(m_window->pictureModel()->rowCount(), 2);
    QCOMPARE(m_window->pictureModel()->albumFolder(), row.data(AlbumListModel::FolderRole).toString());
}

void tst_AlbumActions::renameWithF2IsUndoneWithCtrlZ()
{
    openWindow(1);
    QSignalSpy errors(m_window.get(), &MainWindow::errorShown);
    m_prompts->texts.enqueue(QStringLiteral("Summer 2024"));
    QTest::keyClick(m_window->albumView(), Qt::Key_F2);
    QVERIFY(waitIdle());
    QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.at(0).at(0).toString()));
    QCOMPARE(m_prompts->asked.value(0), QStringLiteral("Rename Album"));
    QVERIFY(rowNamed(QStringLiteral("Summer 2024")).isValid());
    QVERIFY(QFileInfo::exists(path(QStringLiteral("Summer 2024/IMG_00001.jpg"))));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("Holiday"))));
    QCOMPARE(m_window->undoStack()->count(), 1);

    QTest::keyClick(m_window->albumView(), Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(waitIdle());
    QVERIFY(rowNamed(QStringLiteral("Holiday")).isValid());
    QCOMPARE(rowNamed(QStringLiteral("Holiday")).data(AlbumListModel::UuidRole).toUuid(), m_holiday);
    QVERIFY(QFileInfo::exists(path(QStringLiteral("Holiday/IMG_00001.jpg"))));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("Summer 2024"))));
    QCOMPARE(m_window->undoStack()->count(), 0);
}

void tst_AlbumActions::deleteWithDelAsksThenMovesToTheTrash()
{
    openWindow(1);
    // "No" leaves everything as it was.
    m_prompts->confirms.enqueue(false);
    QTest::keyClick(m_window->albumView(), Qt::Key_Delete);
    QVERIFY(waitIdle());
    QCOMPARE(m_prompts->asked.size(), 1);
    QVERIFY(QFileInfo::exists(path(QStringLiteral("Holiday"))));
    QCOMPARE(m_window->albumModel()->rowCount(), 1);

    m_prompts->confirms.enqueue(true);
    QTest::keyClick(m_window->albumView(), Qt::Key_Delete);
    QVERIFY(waitIdle());
    QSignalSpy errors(m_window.get(), &MainWindow::errorShown);
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("Holiday"))));
    QCOMPARE(m_window->albumModel()->rowCount(), 0);
    QCOMPARE(m_registry->catalog()->size(), 0);
    QCOMPARE(errors.count(), 0);
}

void tst_AlbumActions::closeLeavesTheAlbumListedAsClosed()
{
    openWindow(1);
    QVERIFY(!m_registry->find(m_holiday).isNull());
    m_window->findChild<QAction *>(QStringLiteral("closeAction"))->trigger();
    QVERIFY(waitIdle());
    QVERIFY(m_registry->find(m_holiday).isNull());
    // Closed albums leave no -wal or -shm behind.
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("Holiday/.quire/album.db-wal"))));
    const QModelIndex row = rowNamed(QStringLiteral("Holiday"));
    QCOMPARE(row.data(AlbumListModel::OpenRole).toBool(), false);
    QCOMPARE(row.data(AlbumListModel::StatusRole).toString(), QStringLiteral("1 picture \u00b7 closed"));
}

void tst_AlbumActions::checkSaysTheAlbumIsInGoodOrder()
{
    openWindow(1);
    QSignalSpy infos(m_window.get(), &MainWindow::infoShown);
    m_window->findChild<QAction *>(QStringLiteral("checkAction"))->trigger();
    QVERIFY(waitIdle());
    QVERIFY(!infos.isEmpty());
    QVERIFY2(infos.last().at(0).toString().contains(QStringLiteral("no problems")), qPrintable(infos.last().at(0).toString()));
}

void tst_AlbumActions::refusedCopySaysWhyInPlainWords()
{
    openWindow(1);
    QVERIFY(quire::test::writeFile(path(QStringLiteral("Full/something.txt")), "taken"));
    QSignalSpy errors(m_window.get(), &MainWindow::errorShown);
    m_window->copyAlbumTo(m_holiday, path(QStringLiteral("Full")));
    QVERIFY(waitIdle());
    QCOMPARE(errors.count(), 1);
    const QString message = errors.at(0).at(0).toString();
    QVERIFY2(message.startsWith(QStringLiteral("The album \"Holiday\" could not be copied.")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("not empty")), qPrintable(message));
    const auto boxes = m_window->findChildren<QMessageBox *>();
    QCOMPARE(boxes.size(), 1);
    QCOMPARE(boxes.first()->text(), message);
    // The window is not blocked by the box.
    QVERIFY(!boxes.first()->isModal() || boxes.first()->windowModality() != Qt::ApplicationModal);
}

void tst_AlbumActions::albumIsBusyWhileAnActionRuns()
{
    openWindow(200);
    auto *copy = m_window->findChild<QAction *>(QStringLiteral("copyAction"));
    QVERIFY(copy->isEnabled());
    m_window->copyAlbumTo(m_holiday, path(QStringLiteral("Busy copy")));
    // Marked at once, before the worker even starts.
    const QModelIndex row = rowNamed(QStringLiteral("Holiday"));
    QVERIFY(row.data(AlbumListModel::BusyRole).toBool());
    QVERIFY2(row.data(AlbumListModel::StatusRole).toString().endsWith(QStringLiteral("busy")),
             qPrintable(row.data(AlbumListModel::StatusRole).toString()));
    QVERIFY(!copy->isEnabled());
    // A drop onto a busy album is refused.
    std::unique_ptr<QMimeData> data(quire::ui::encodePictureRefs({{QUuid::createUuid(), QUuid::createUuid()}}));
    QVERIFY(!m_window->albumModel()->canDropMimeData(data.get(), Qt::MoveAction, -1, -1, row));
    QVERIFY(waitIdle());
    QVERIFY(!rowNamed(QStringLiteral("Holiday")).data(AlbumListModel::BusyRole).toBool());
    QVERIFY(copy->isEnabled());
}

QTEST_MAIN(tst_AlbumActions)
#include "tst_albumactions.moc"
