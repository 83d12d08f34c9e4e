// MainWindow on a real workspace with real albums: what a person sees in the
// sidebar and status bar, and what happens when they add a folder.

#include <quire/album.h>
#include <quire/album_registry.h>
#include <quire/ui/albumlistmodel.h>
#include <quire/ui/mainwindow.h>

#include <testsupport.h>

#include "uitest.h"

#include <QDir>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using quire::Album;
using quire::AlbumRegistry;
using quire::Registry;
using quire::ui::AlbumListModel;
using quire::ui::MainWindow;

class tst_MainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void listsTheWorkspaceAlbums();
    void emptyWorkspaceShowsNoAlbums();
    void addFolderListsAndSelectsTheAlbum();
    void addFolderOfAKnownAlbumKeepsOneRow();
    void addFolderThatIsNoAlbumReportsTheError_data();
    void addFolderThatIsNoAlbumReportsTheError();
    void unreadableWorkspaceIsReportedInTheWindow();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    QString workspace() const { return path(QStringLiteral("workspace")); }
    // Makes two albums through a registry of their own, which is gone before
    // the test's window opens: the window reads what the workspace kept.
    void makeTwoAlbums();
    static QStringList names(const AlbumListModel &model);
    static QString statusText(const MainWindow &window);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_MainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    quire::uitest::isolateSettings(path(QStringLiteral("settings")));
}

void tst_MainWindow::cleanup()
{
    m_dir.reset();
}

void tst_MainWindow::makeTwoAlbums()
{
    AlbumRegistry registry(workspace());
    QVERIFY(quire::test::writeImage(path(QStringLiteral("Holiday 2024/IMG_0001.jpg")), 32, 24));
    auto holiday = registry.create(path(QStringLiteral("Holiday 2024")));
    QVERIFY2(holiday.ok(), qPrintable(holiday.error().toString()));
    auto birthday = registry.create(path(QStringLiteral("bday")), QStringLiteral("Birthday"));
    QVERIFY2(birthday.ok(), qPrintable(birthday.error().toString()));
}

QStringList tst_MainWindow::names(const AlbumListModel &model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row).data(Qt::DisplayRole).toString());
    return result;
}

QString tst_MainWindow::statusText(const MainWindow &window)
{
    auto *label = window.statusBar()->findChild<QLabel *>(QStringLiteral("albumCount"));
    return label ? label->text() : QStringLiteral("<no albumCount label>");
}

void tst_MainWindow::listsTheWorkspaceAlbums()
{
    makeTwoAlbums();
    if (QTest::currentTestFailed())
        return;

    AlbumRegistry registry(workspace());
    MainWindow window(registry);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const AlbumListModel &model = *window.albumModel();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(names(model), (QStringList{QStringLiteral("Birthday"), QStringLiteral("Holiday 2024")}));
    QCOMPARE(model.index(0).data(AlbumListModel::FolderRole).toString(),
             QDir(path(QStringLiteral("bday"))).canonicalPath());
    QCOMPARE(model.index(1).data(AlbumListModel::StateRole).toString(), QStringLiteral("available"));
    QCOMPARE(statusText(window), QStringLiteral("2 albums"));
    // The first album is selected and described.
    QCOMPARE(window.albumView()->currentIndex().row(), 0);
    auto *details = window.findChild<QLabel *>(QStringLiteral("albumDetails"));
    QVERIFY(details);
    QVERIFY2(details->text().contains(QStringLiteral("Birthday")), qPrintable(details->text()));
}

void tst_MainWindow::emptyWorkspaceShowsNoAlbums()
{
    AlbumRegistry registry(workspace());
    MainWindow window(registry);
    QCOMPARE(window.albumModel()->rowCount(), 0);
    QCOMPARE(statusText(window), QStringLiteral("0 albums"));
    auto *details = window.findChild<QLabel *>(QStringLiteral("albumDetails"));
    QVERIFY(details);
    QVERIFY2(details->text().contains(QStringLiteral("Add Existing Folder")), qPrintable(details->text()));
}

void tst_MainWindow::addFolderListsAndSelectsTheAlbum()
{
    makeTwoAlbums();
    if (QTest::currentTestFailed())
        return;
    // An album the workspace has never seen, made without any registry.
    auto made = Album::create(path(QStringLiteral("From elsewhere")), QStringLiteral("Attic scans"));
    QVERIFY2(made.ok(), qPrintable(made.error().toString()));
    const QUuid uuid = made->uuid();
    QVERIFY(made->close().ok());

    AlbumRegistry registry(workspace());
    MainWindow window(registry);
    QSignalSpy errors(&window, &MainWindow::errorShown);

    window.addFolder(path(QStringLiteral("From elsewhere")));
    QVERIFY(quire::uitest::waitIdle(window));
    QCOMPARE(errors.count(), 0);
    QCOMPARE(names(*window.albumModel()),
             (QStringList{QStringLiteral("Attic scans"), QStringLiteral("Birthday"),
                          QStringLiteral("Holiday 2024")}));
    QCOMPARE(statusText(window), QStringLiteral("3 albums"));
    QCOMPARE(window.albumView()->currentIndex().data(AlbumListModel::UuidRole).toUuid(), uuid);

    // The workspace kept it: a new window on a new registry lists it too.
    AlbumRegistry again(workspace());
    MainWindow second(again);
    QCOMPARE(second.albumModel()->rowCount(), 3);

    // The registry's own signal refreshes again later; nothing changes.
    QTest::qWait(50);
    QCOMPARE(window.albumModel()->rowCount(), 3);
    QCOMPARE(window.albumView()->currentIndex().data(AlbumListModel::UuidRole).toUuid(), uuid);
}

void tst_MainWindow::addFolderOfAKnownAlbumKeepsOneRow()
{
    makeTwoAlbums();
    if (QTest::currentTestFailed())
        return;
    AlbumRegistry registry(workspace());
    MainWindow window(registry);
    QSignalSpy errors(&window, &MainWindow::errorShown);

    window.addFolder(path(QStringLiteral("Holiday 2024")));
    QVERIFY(quire::uitest::waitIdle(window));
    QCOMPARE(errors.count(), 0);
    QCOMPARE(window.albumModel()->rowCount(), 2);
    QCOMPARE(statusText(window), QStringLiteral("2 albums"));
    QCOMPARE(window.albumView()->currentIndex().data(Qt::DisplayRole).toString(),
             QStringLiteral("Holiday 2024"));
}

void tst_MainWindow::addFolderThatIsNoAlbumReportsTheError_data()
{
    QTest::addColumn<QString>("folder");
    QTest::newRow("plain folder") << QStringLiteral("just photos");
    QTest::newRow("missing folder") << QStringLiteral("no such folder");
    QTest::newRow("a file") << QStringLiteral("just photos/IMG_0002.png");
}

void tst_MainWindow::addFolderThatIsNoAlbumReportsTheError()
{
    QFETCH(QString, folder);
    makeTwoAlbums();
    if (QTest::currentTestFailed())
        return;
    QVERIFY(quire::test::writeImage(path(QStringLiteral("just photos/IMG_0002.png")), 16, 16));
    const QString target = path(folder);
    // What the core says about this folder is what the person must read.
    const auto expected = Album::open(target);
    QVERIFY(!expected.ok());

    AlbumRegistry registry(workspace());
    MainWindow window(registry);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy errors(&window, &MainWindow::errorShown);

    window.addFolder(target);
    QVERIFY(quire::uitest::waitIdle(window));
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).toString(), expected.error().toString());
    // ...in a message box, which does not block the window.
    const auto boxes = window.findChildren<QMessageBox *>();
    QCOMPARE(boxes.size(), 1);
    QCOMPARE(boxes.first()->text(), expected.error().toString());
    QVERIFY(boxes.first()->isVisible());
    boxes.first()->accept();

    // The list is as it was.
    QCOMPARE(names(*window.albumModel()), (QStringList{QStringLiteral("Birthday"), QStringLiteral("Holiday 2024")}));
    QCOMPARE(statusText(window), QStringLiteral("2 albums"));
    AlbumRegistry again(workspace());
    QCOMPARE(again.catalog()->size(), 2);
}

void tst_MainWindow::unreadableWorkspaceIsReportedInTheWindow()
{
    // A workspace folder that cannot be made: its parent is a file.
    QVERIFY(quire::test::writeFile(path(QStringLiteral("a file")), "not a folder"));
    AlbumRegistry registry(path(QStringLiteral("a file/workspace")));
    const auto expected = registry.catalog();
    QVERIFY(!expected.ok());

    MainWindow window(registry);
    QCOMPARE(window.albumModel()->rowCount(), 0);
    QCOMPARE(statusText(window), QStringLiteral("The workspace cannot be read"));
    auto *details = window.findChild<QLabel *>(QStringLiteral("albumDetails"));
    QVERIFY(details);
    QVERIFY2(details->text().contains(expected.error().toString().toHtmlEscaped()), qPrintable(details->text()));
    QCOMPARE(window.findChildren<QMessageBox *>().size(), 1);

    QSignalSpy errors(&window, &MainWindow::errorShown);
    window.refresh();
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).toString(), expected.error().toString());
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
