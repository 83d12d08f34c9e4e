// Pictures in the main window: multi-select in the grid, drag onto another
// album in the sidebar (through the models' mimeData/dropMimeData) moves
// them, or copies them with Ctrl, and Ctrl+Z undoes it; the detail pane
// shows the current picture (a phone's HEIC too, through the core's
// decoder) and edits its tags (with completion) and rating.

#include <quire/album_registry.h>
#include <quire/import.h>
#include <quire/tags.h>
#include <quire/pictures.h>
#include <quire/session.h>
#include <quire/ui/albumlistmodel.h>
#include <quire/ui/detailpane.h>
#include <quire/ui/mainwindow.h>
#include <quire/ui/picturegridmodel.h>
#include <quire/ui/picturegridview.h>

#include "uitest.h"

#include <QComboBox>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using quire::AlbumRegistry;
using quire::Registry;
using quire::ui::AlbumListModel;
using quire::ui::MainWindow;
using quire::ui::PictureGridModel;

class tst_Pictures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void ctrlClickSelectsSeveralPictures();
    void dropOntoAnotherAlbumMovesThePictures();
    void dropWithCtrlCopiesThePictures();
    void ctrlZUndoesTheMove();
    void ctrlZUndoesTheCopy();
    void dropOntoTheSameAlbumIsRefused();
    void detailPaneShowsPreviewAndExif();
    void detailPaneShowsAnImportedHeicUpright();
    void tagsAreAddedWithCompletionAndRemoved();
    void ratingIsSavedAndShownInTheGrid();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    void openWindow();
    QModelIndex albumRow(const QUuid &uuid) const
    {
        return m_window->albumModel()->index(m_window->albumModel()->rowOf(uuid));
    }
    // Drops the grid's rows onto the album, as the sidebar's view does.
    bool drop(const QList<int> &rows, const QUuid &target, Qt::DropAction action);
    int countIn(const QUuid &album);
    bool waitIdle() { return quire::uitest::waitIdle(*m_window); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<MainWindow> m_window;
    QUuid m_holiday, m_family;
};

void tst_Pictures::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    quire::uitest::isolateSettings(path(QStringLiteral("settings")));
    m_registry = std::make_unique<AlbumRegistry>(path(QStringLiteral("workspace")));
}

void tst_Pictures::cleanup()
{
    m_window.reset();
    m_registry.reset();
    m_dir.reset();
}

void tst_Pictures::openWindow()
{
    auto family = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Family")), QStringLiteral("Family"), 2,
                                           {QStringLiteral("People/Ann")});
    QVERIFY2(family.ok(), qPrintable(family.error().toString()));
    auto holiday = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Holiday")), QStringLiteral("Holiday"), 5,
                                            {QStringLiteral("Places/Beach")});
    QVERIFY2(holiday.ok(), qPrintable(holiday.error().toString()));
    m_family = family->uuid();
    m_holiday = holiday->uuid();
    m_window = std::make_unique<MainWindow>(*m_registry);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->selectAlbum(m_holiday);
    QVERIFY(waitIdle());
    QTRY_COMPARE(m_window->pictureModel()->rowCount(), 5);
}

bool tst_Pictures::drop(const QList<int> &rows, const QUuid &target, Qt::DropAction action)
{
    QModelIndexList indexes;
    for (int row : rows)
        indexes.append(m_window->pictureModel()->index(row));
    std::unique_ptr<QMimeData> data(m_window->pictureModel()->mimeData(indexes));
    AlbumListModel *albums = m_window->albumModel();
    const QModelIndex onto = albumRow(target);
    if (!albums->canDropMimeData(data.get(), action, -1, -1, onto))
        return false;
    return albums->dropMimeData(data.get(), action, -1, -1, onto);
}

int tst_Pictures::countIn(const QUuid &album)
{
    auto opened = m_registry->resolve(album.toString(QUuid::WithoutBraces));
    if (!opened)
        return -1;
    auto session = opened->read();
    return session ? int(*quire::Pictures(*session).count()) : -1;
}

void tst_Pictures::ctrlClickSelectsSeveralPictures()
{
    openWindow();
    quire::ui::PictureGridView *view = m_window->pictureView();
    const QPoint first = view->visualRect(m_window->pictureModel()->index(0)).center();
    const QPoint third = view->visualRect(m_window->pictureModel()->index(2)).center();
    const QPoint fifth = view->visualRect(m_window->pictureModel()->index(4)).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, first);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier, third);
    QCOMPARE(view->selectionModel()->selectedIndexes().size(), 2);
    // Shift extends from the last Ctrl+clicked picture: 1, 3, 4 and 5.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, fifth);
    QCOMPARE(view->selectionModel()->selectedIndexes().size(), 4);
    // The detail pane follows the current picture.
    QTRY_COMPARE(m_window->detailPane()->picture().path, QStringLiteral("IMG_00005.jpg"));
    // What a drag of the selection carries: every selected picture.
    std::unique_ptr<QMimeData> data(m_window->pictureModel()->mimeData(view->selectionModel()->selectedIndexes()));
    QCOMPARE(quire::ui::decodePictureRefs(data.get()).size(), 4);
}

void tst_Pictures::dropOntoAnotherAlbumMovesThePictures()
{
    openWindow();
    const QUuid moved = m_window->pictureModel()->index(1).data(PictureGridModel::PictureUuidRole).toUuid();
    QVERIFY(drop({1, 3}, m_family, Qt::MoveAction));
    QVERIFY(waitIdle());
    QCOMPARE(countIn(m_holiday), 3);
    QCOMPARE(countIn(m_family), 4);
    // The grid and the sidebar counts follow.
    QTRY_COMPARE(m_window->pictureModel()->rowCount(), 3);
    QTRY_COMPARE(albumRow(m_family).data(AlbumListModel::CountRole).toInt(), 4);
    QTRY_COMPARE(albumRow(m_holiday).data(AlbumListModel::CountRole).toInt(), 3);
    // A move keeps the picture's UUID, tags and file.
    auto family = m_registry->find(m_family);
    auto session = family.read();
    QVERIFY(session.ok());
    auto picture = quire::Pictures(*session).byUuid(moved);
    QVERIFY(picture.ok() && picture->has_value());
    QVERIFY(QFile::exists(QDir(family.folder()).filePath((*picture)->path)));
    QVERIFY(!QFile::exists(path(QStringLiteral("Holiday/IMG_00002.jpg"))));
    auto tags = quire::Tags(*session).of((*picture)->id);
    QVERIFY(tags.ok());
    QCOMPARE(tags->size(), 1);
    QCOMPARE(tags->first().path, QStringLiteral("Places/Beach"));
    QCOMPARE(m_window->undoStack()->count(), 1);
}

void tst_Pictures::dropWithCtrlCopiesThePictures()
{
    openWindow();
    QVERIFY(drop({0, 1, 2}, m_family, Qt::CopyAction));
    QVERIFY(waitIdle());
    QCOMPARE(countIn(m_holiday), 5);
    QCOMPARE(countIn(m_family), 5);
    QTRY_COMPARE(albumRow(m_family).data(AlbumListModel::CountRole).toInt(), 5);
    QVERIFY(QFile::exists(path(QStringLiteral("Holiday/IMG_00001.jpg"))));
    QVERIFY(QFile::exists(path(QStringLiteral("Family/IMG_00003.jpg"))));
}

void tst_Pictures::ctrlZUndoesTheMove()
{
    openWindow();
    const QUuid moved = m_window->pictureModel()->index(4).data(PictureGridModel::PictureUuidRole).toUuid();
    QVERIFY(drop({4}, m_family, Qt::MoveAction));
    QVERIFY(waitIdle());
    QCOMPARE(countIn(m_holiday), 4);
    m_window->pictureView()->setFocus();
    QTest::keyClick(m_window->pictureView(), Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(waitIdle());
    QCOMPARE(countIn(m_holiday), 5);
    QCOMPARE(countIn(m_family), 2);
    // Back with its UUID and its file.
    auto session = m_registry->find(m_holiday).read();
    auto picture = quire::Pictures(*session).byUuid(moved);
    QVERIFY(picture.ok() && picture->has_value());
    QVERIFY(QFile::exists(path(QStringLiteral("Holiday/") + (*picture)->path)));
    QTRY_COMPARE(m_window->pictureModel()->rowCount(), 5);
    QCOMPARE(m_window->undoStack()->count(), 0);
}

void tst_Pictures::ctrlZUndoesTheCopy()
{
    openWindow();
    QVERIFY(drop({0, 1}, m_family, Qt::CopyAction));
    QVERIFY(waitIdle());
    QCOMPARE(countIn(m_family), 4);
    QTest::keyClick(m_window->albumView(), Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(waitIdle());
    QCOMPARE(countIn(m_family), 2);
    QCOMPARE(countIn(m_holiday), 5);
    // The copies' files went with them; the originals stayed.
    QCOMPARE(QDir(path(QStringLiteral("Family"))).entryList({QStringLiteral("*.jpg")}).size(), 2);
    QCOMPARE(QDir(path(QStringLiteral("Holiday"))).entryList({QStringLiteral("*.jpg")}).size(), 5);
}

void tst_Pictures::dropOntoTheSameAlbumIsRefused()
{
    openWindow();
    QVERIFY(!drop({0}, m_holiday, Qt::MoveAction));
    // Nor between rows, nor with something that is not pictures.
    QMimeData text;
    text.setText(QStringLiteral("hello"));
    QVERIFY(!m_window->albumModel()->canDropMimeData(&text, Qt::MoveAction, -1, -1, albumRow(m_family)));
    QModelIndexList one{m_window->pictureModel()->index(0)};
    std::unique_ptr<QMimeData> data(m_window->pictureModel()->mimeData(one));
    QVERIFY(!m_window->albumModel()->canDropMimeData(data.get(), Qt::MoveAction, 0, 0, {}));
    QCOMPARE(m_window->undoStack()->count(), 0);
}

void tst_Pictures::detailPaneShowsPreviewAndExif()
{
    openWindow();
    QSignalSpy shown(m_window->detailPane(), &quire::ui::DetailPane::previewShown);
    m_window->pictureView()->setCurrentIndex(m_window->pictureModel()->index(2));
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);
    auto *preview = m_window->detailPane()->findChild<QLabel *>(QStringLiteral("preview"));
    QVERIFY(preview);
    QCOMPARE(preview->pixmap().size(), QSize(64, 48));
    auto *info = m_window->detailPane()->findChild<QLabel *>(QStringLiteral("pictureInfo"));
    QVERIFY(info);
    QVERIFY2(info->text().contains(QStringLiteral("64 \u00d7 48")), qPrintable(info->text()));
    QVERIFY2(info->text().contains(QStringLiteral("IMG_00003.jpg")), qPrintable(info->text()));
    QVERIFY2(info->text().contains(QStringLiteral("Taken")), qPrintable(info->text()));
    QTRY_COMPARE(m_window->detailPane()->tags(), QStringList{QStringLiteral("Places/Beach")});
}

// Qt reads no HEIF: before the pane used the core's decoder this showed
// "No preview: the file cannot be read". The file is a phone's: turned by
// irot, with an EXIF orientation repeating it, so a second turn shows too.
void tst_Pictures::detailPaneShowsAnImportedHeicUpright()
{
    const QString folder = path(QStringLiteral("Phone"));
    auto album = m_registry->create(folder, QStringLiteral("Phone"));
    QVERIFY2(album.ok(), qPrintable(album.error().toString()));
    const QString made = quire::uitest::writeTurnedHeic(QDir(folder).filePath(QStringLiteral("IMG_0001.heic")),
                                                        path(QStringLiteral("sensor.jpg")), 6, true);
    QVERIFY2(made.isEmpty(), qPrintable(made));
    const auto report = quire::importPictures(*album);
    QVERIFY2(report.ok(), qPrintable(report.error().toString()));
    QCOMPARE(report->added, 1);
    QVERIFY(report->problems.isEmpty());

    m_window = std::make_unique<MainWindow>(*m_registry);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->selectAlbum(album->uuid());
    QVERIFY(waitIdle());
    QTRY_COMPARE(m_window->pictureModel()->rowCount(), 1);
    QVERIFY(!m_window->pictureView()->currentIndex().isValid()); // so selecting it below loads it
    QSignalSpy shown(m_window->detailPane(), &quire::ui::DetailPane::previewShown);
    m_window->pictureView()->setCurrentIndex(m_window->pictureModel()->index(0));
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);
    auto *preview = m_window->detailPane()->findChild<QLabel *>(QStringLiteral("preview"));
    QVERIFY(preview);
    QVERIFY2(!preview->pixmap().isNull(), qPrintable(preview->text() + QLatin1Char(' ') + preview->toolTip()));
    QCOMPARE(preview->text(), QString());
    const QImage pixels = preview->pixmap().toImage();
    QVERIFY2(pixels.width() > pixels.height(), "landscape, as shown, not as stored");
    QCOMPARE(quire::test::quarterColours(pixels), QStringLiteral("RG/BB"));
}

void tst_Pictures::tagsAreAddedWithCompletionAndRemoved()
{
    openWindow();
    // A second tag in the album, for the completer to offer.
    {
        auto session = m_registry->find(m_holiday).write();
        QVERIFY(quire::Tags(*session).ensure(QStringLiteral("Places/Bay")).ok());
    }
    quire::ui::DetailPane *pane = m_window->detailPane();
    QSignalSpy tagsChanged(pane, &quire::ui::DetailPane::tagsChanged);
    m_window->pictureView()->setCurrentIndex(m_window->pictureModel()->index(0));
    QTRY_VERIFY(tagsChanged.count() >= 1);
    QCOMPARE(pane->completions(), (QStringList{QStringLiteral("Places"), QStringLiteral("Places/Bay"),
                                               QStringLiteral("Places/Beach")}));

    QLineEdit *edit = pane->tagEdit();
    edit->setFocus();
    QTest::keyClicks(edit, QStringLiteral("bay"));
    QCompleter *completer = pane->tagCompleter();
    QCOMPARE(completer->completionPrefix(), QStringLiteral("bay"));
    QCOMPARE(completer->currentCompletion(), QStringLiteral("Places/Bay"));
    // Take the completion, as picking it from the popup does.
    edit->setText(completer->currentCompletion());
    tagsChanged.clear();
    QTest::keyClick(edit, Qt::Key_Return);
    QTRY_VERIFY(tagsChanged.count() >= 1 && !pane->isBusy());
    QCOMPARE(pane->tags(), (QStringList{QStringLiteral("Places/Bay"), QStringLiteral("Places/Beach")}));

    // A new tag is made on the way.
    QTest::keyClicks(edit, QStringLiteral("People/Cleo"));
    tagsChanged.clear();
    QTest::mouseClick(pane->findChild<QPushButton *>(QStringLiteral("addTagButton")), Qt::LeftButton);
    QTRY_VERIFY(tagsChanged.count() >= 1 && !pane->isBusy());
    QVERIFY(pane->tags().contains(QStringLiteral("People/Cleo")));
    QVERIFY(pane->completions().contains(QStringLiteral("People/Cleo")));

    // Remove: select it in the list, press Remove.
    auto *list = pane->findChild<QListWidget *>(QStringLiteral("tagList"));
    const auto beach = list->findItems(QStringLiteral("Places/Beach"), Qt::MatchExactly);
    QCOMPARE(beach.size(), 1);
    list->setCurrentItem(beach.first());
    tagsChanged.clear();
    QTest::mouseClick(pane->findChild<QPushButton *>(QStringLiteral("removeTagButton")), Qt::LeftButton);
    QTRY_VERIFY(tagsChanged.count() >= 1 && !pane->isBusy());
    QCOMPARE(pane->tags(), (QStringList{QStringLiteral("People/Cleo"), QStringLiteral("Places/Bay")}));

    // In the album, not only on screen.
    auto session = m_registry->find(m_holiday).read();
    auto tags = quire::Tags(*session).of(pane->picture().id);
    QStringList paths;
    for (const quire::Tag &tag : *tags)
        paths.append(tag.path);
    paths.sort();
    QCOMPARE(paths, (QStringList{QStringLiteral("People/Cleo"), QStringLiteral("Places/Bay")}));
}

void tst_Pictures::ratingIsSavedAndShownInTheGrid()
{
    openWindow();
    quire::ui::DetailPane *pane = m_window->detailPane();
    m_window->pictureView()->setCurrentIndex(m_window->pictureModel()->index(3));
    QTRY_VERIFY(!pane->isBusy() && pane->hasPicture());
    QSignalSpy changed(pane, &quire::ui::DetailPane::pictureChanged);
    QComboBox *rating = pane->ratingBox();
    rating->setFocus();
    // Four steps down from "No rating": four stars.
    for (int i = 0; i < 4; ++i)
        QTest::keyClick(rating, Qt::Key_Down);
    QTRY_VERIFY(changed.count() >= 1 && !pane->isBusy());
    QCOMPARE(pane->picture().rating, 4);
    QCOMPARE(m_window->pictureModel()->item(3).picture.rating, 4);
    auto session = m_registry->find(m_holiday).read();
    auto picture = quire::Pictures(*session).byId(pane->picture().id);
    QCOMPARE((*picture)->rating, 4);
}

QTEST_MAIN(tst_Pictures)
#include "tst_pictures.moc"
