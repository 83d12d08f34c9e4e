// PictureGridModel and ThumbnailLoader on real albums: a large album opens
// at once and pages in as the view asks; thumbnails arrive from worker
// threads and are cached; dragged rows carry their album and picture UUIDs.

#include <quire/album_registry.h>
#include <quire/pictures.h>
#include <quire/search.h>
#include <quire/ui/picturegridmodel.h>
#include <quire/ui/picturegridview.h>
#include <quire/ui/thumbnailloader.h>

#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using quire::AlbumRegistry;
using quire::Registry;
using quire::ui::PictureGridModel;
using quire::ui::ThumbnailLoader;

class tst_PictureGridModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void tenThousandPicturesOpenWithTheFirstPage();
    void fetchMoreReadsThePagesInOrderToTheEnd();
    void viewPagesInAsItScrolls();
    void thumbnailsArriveFromWorkersAndAreCached();
    void pictureWithoutStoredThumbnailIsDecodedFromItsFile();
    void heicWithoutStoredThumbnailIsDecodedUpright();
    void dragCarriesAlbumAndPictureUuids();
    void searchHitsNameTheirAlbum();
    void missingAlbumReportsTheErrorInsteadOfRows();
    void passesModelTester();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Registry> m_registry;
};

void tst_PictureGridModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_registry = std::make_unique<AlbumRegistry>(path(QStringLiteral("workspace")));
}

void tst_PictureGridModel::cleanup()
{
    m_registry.reset();
    m_dir.reset();
}

void tst_PictureGridModel::tenThousandPicturesOpenWithTheFirstPage()
{
    // Rows only (no files): what matters is how many rows the album has.
    auto album = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Big")), QStringLiteral("Big"), 10000, {}, false);
    QVERIFY2(album.ok(), qPrintable(album.error().toString()));
    PictureGridModel model(*m_registry, nullptr);
    QSignalSpy pages(&model, &PictureGridModel::pageLoaded);

    model.showAlbum(album->uuid(), QStringLiteral("Big"), album->folder());
    // Nothing is read on the GUI thread: the model is empty until the page comes.
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.isFetching());
    QTRY_COMPARE_WITH_TIMEOUT(pages.count(), 1, 30000);
    QCOMPARE(model.rowCount(), PictureGridModel::PageSize);
    QCOMPARE(model.index(0).data(PictureGridModel::PathRole).toString(), QStringLiteral("IMG_00001.jpg"));
    QVERIFY(model.canFetchMore({}));
    QVERIFY(!model.isComplete());
}

void tst_PictureGridModel::fetchMoreReadsThePagesInOrderToTheEnd()
{
    const int count = PictureGridModel::PageSize * 2 + 17;
    auto album = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Mid")), QStringLiteral("Mid"), count, {}, false);
    QVERIFY2(album.ok(), qPrintable(album.error().toString()));
    PictureGridModel model(*m_registry, nullptr);
    model.showAlbum(album->uuid(), QStringLiteral("Mid"), album->folder());
    QTRY_VERIFY_WITH_TIMEOUT(!model.isFetching(), 30000);
    // While a page is on its way no second one is asked for.
    model.fetchMore({});
    QVERIFY(model.isFetching());
    QVERIFY(!model.canFetchMore({}));
    QTRY_VERIFY_WITH_TIMEOUT(!model.isFetching(), 30000);
    model.fetchMore({});
    QTRY_VERIFY_WITH_TIMEOUT(model.isComplete(), 30000);
    QCOMPARE(model.rowCount(), count);
    QVERIFY(!model.canFetchMore({}));
    for (int row = 0; row < count; ++row) {
        QCOMPARE(model.index(row).data(PictureGridModel::PathRole).toString(),
                 QStringLiteral("IMG_%1.jpg").arg(row + 1, 5, 10, QLatin1Char('0')));
    }
}

void tst_PictureGridModel::viewPagesInAsItScrolls()
{
    auto album = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Big")), QStringLiteral("Big"), 10000, {}, false);
    QVERIFY2(album.ok(), qPrintable(album.error().toString()));
    ThumbnailLoader thumbnails(*m_registry);
    PictureGridModel model(*m_registry, &thumbnails);
    quire::ui::PictureGridView view(&thumbnails);
    view.setModel(&model);
    view.resize(800, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    model.showAlbum(album->uuid(), QStringLiteral("Big"), album->folder());
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), PictureGridModel::PageSize, 30000);
    // Going to the end asks for more pages (the view calls fetchMore()).
    for (int i = 0; i < 5 && model.rowCount() < 3 * PictureGridModel::PageSize; ++i) {
        view.scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(!model.isFetching(), 30000);
        QTest::qWait(20);
    }
    QVERIFY2(model.rowCount() > PictureGridModel::PageSize, qPrintable(QString::number(model.rowCount())));
    // Only what is on screen asked for thumbnails, not the whole album.
    QVERIFY2(thumbnails.loadsStarted() < 1000, qPrintable(QString::number(thumbnails.loadsStarted())));
}

void tst_PictureGridModel::thumbnailsArriveFromWorkersAndAreCached()
{
    auto album = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Small")), QStringLiteral("Small"), 3);
    QVERIFY2(album.ok(), qPrintable(album.error().toString()));
    ThumbnailLoader thumbnails(*m_registry);
    PictureGridModel model(*m_registry, &thumbnails);
    model.showAlbum(album->uuid(), QStringLiteral("Small"), album->folder());
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, 30000);

    QSignalSpy loaded(&thumbnails, &ThumbnailLoader::loaded);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const qint64 id = model.index(1).data(PictureGridModel::PictureIdRole).toLongLong();
    // The first ask answers at once with a placeholder.
    const QPixmap placeholder = model.index(1).data(Qt::DecorationRole).value<QPixmap>();
    QVERIFY(!placeholder.isNull());
    QVERIFY(!thumbnails.isCached(album->uuid(), id));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
    QCOMPARE(loaded.at(0).at(1).toLongLong(), id);
    QVERIFY(thumbnails.isCached(album->uuid(), id));
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).value<QModelIndex>().row(), 1);
    const QPixmap pixmap = model.index(1).data(Qt::DecorationRole).value<QPixmap>();
    QCOMPARE(pixmap.size(), QSize(64, 48)); // the stored thumbnail, not the placeholder
    // Asked again: from the cache, no new read.
    const int started = thumbnails.loadsStarted();
    (void)model.index(1).data(Qt::DecorationRole);
    QCOMPARE(thumbnails.loadsStarted(), started);
}

void tst_PictureGridModel::pictureWithoutStoredThumbnailIsDecodedFromItsFile()
{
    auto album = m_registry->create(path(QStringLiteral("Plain")), QStringLiteral("Plain"));
    QVERIFY(album.ok());
    QVERIFY(quire::test::writeImage(path(QStringLiteral("Plain/big.png")), 1600, 1200));
    {
        auto session = album->write();
        QVERIFY(session.ok());
        quire::Picture picture;
        picture.path = QStringLiteral("big.png");
        QVERIFY(quire::Pictures(*session).add(picture).ok());
    }
    const QImage image = ThumbnailLoader::read(*m_registry, album->uuid(), 1, ThumbnailLoader::Size);
    QCOMPARE(image.size(), QSize(ThumbnailLoader::Size, ThumbnailLoader::Size * 3 / 4));
}

// Qt reads no HEIF; the fallback goes through the core's decoder, which
// also turns the file's EXIF-only orientation (heif-enc keeps no irot).
void tst_PictureGridModel::heicWithoutStoredThumbnailIsDecodedUpright()
{
    auto album = m_registry->create(path(QStringLiteral("Phone")), QStringLiteral("Phone"));
    QVERIFY(album.ok());
    const QString made = quire::uitest::writeTurnedHeic(path(QStringLiteral("Phone/IMG_0001.heic")),
                                                        path(QStringLiteral("turned.jpg")), 8, false);
    QVERIFY2(made.isEmpty(), qPrintable(made));
    {
        auto session = album->write();
        QVERIFY(session.ok());
        quire::Picture picture;
        picture.path = QStringLiteral("IMG_0001.heic");
        QVERIFY(quire::Pictures(*session).add(picture).ok());
    }
    const QImage image = ThumbnailLoader::read(*m_registry, album->uuid(), 1, ThumbnailLoader::Size);
    QCOMPARE(image.size(), QSize(ThumbnailLoader::Size, ThumbnailLoader::Size * 3 / 4));
    QCOMPARE(quire::test::quarterColours(image), QStringLiteral("RG/BB"));
}

void tst_PictureGridModel::dragCarriesAlbumAndPictureUuids()
{
    auto album = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Small")), QStringLiteral("Small"), 4, {}, false);
    QVERIFY(album.ok());
    PictureGridModel model(*m_registry, nullptr);
    model.showAlbum(album->uuid(), QStringLiteral("Small"), album->folder());
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 4, 30000);
    QVERIFY(model.flags(model.index(0)) & Qt::ItemIsDragEnabled);
    QVERIFY(model.supportedDragActions() & Qt::MoveAction);
    QVERIFY(model.supportedDragActions() & Qt::CopyAction);

    std::unique_ptr<QMimeData> data(model.mimeData({model.index(0), model.index(2), model.index(2)}));
    QVERIFY(data);
    QVERIFY(data->hasFormat(quire::ui::pictureMimeType()));
    const QList<quire::ui::PictureRef> refs = quire::ui::decodePictureRefs(data.get());
    QCOMPARE(refs.size(), 2);
    QCOMPARE(refs.at(0).album, album->uuid());
    QCOMPARE(refs.at(0).picture, model.index(0).data(PictureGridModel::PictureUuidRole).toUuid());
    QCOMPARE(refs.at(1).picture, model.index(2).data(PictureGridModel::PictureUuidRole).toUuid());
}

void tst_PictureGridModel::searchHitsNameTheirAlbum()
{
    PictureGridModel model(*m_registry, nullptr);
    quire::SearchHit hit;
    hit.albumUuid = QUuid::createUuid();
    hit.albumName = QStringLiteral("Holiday");
    hit.picture.id = 7;
    hit.picture.path = QStringLiteral("beach/IMG_1.jpg");
    model.showHits({hit});
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.showsAlbumNames());
    QCOMPARE(model.index(0).data(Qt::DisplayRole).toString(), QStringLiteral("IMG_1.jpg\nHoliday"));
    QCOMPARE(model.index(0).data(PictureGridModel::AlbumNameRole).toString(), QStringLiteral("Holiday"));
    QVERIFY(!model.canFetchMore({}));
}

void tst_PictureGridModel::missingAlbumReportsTheErrorInsteadOfRows()
{
    PictureGridModel model(*m_registry, nullptr);
    QSignalSpy failed(&model, &PictureGridModel::loadFailed);
    model.showAlbum(QUuid::createUuid(), QStringLiteral("Gone"), path(QStringLiteral("Gone")));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("UUID")), qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
}

void tst_PictureGridModel::passesModelTester()
{
    auto album = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Mid")), QStringLiteral("Mid"), 450, {}, false);
    QVERIFY(album.ok());
    PictureGridModel model(*m_registry, nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.showAlbum(album->uuid(), QStringLiteral("Mid"), album->folder());
    QTRY_VERIFY_WITH_TIMEOUT(!model.isFetching(), 30000);
    while (model.canFetchMore({})) {
        model.fetchMore({});
        QTRY_VERIFY_WITH_TIMEOUT(!model.isFetching(), 30000);
    }
    QCOMPARE(model.rowCount(), 450);
    model.reload();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), PictureGridModel::PageSize, 30000);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(tst_PictureGridModel)
#include "tst_picturegridmodel.moc"
