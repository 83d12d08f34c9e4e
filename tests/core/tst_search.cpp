// Search across albums: the merged answer equals a brute force over every
// album, damaged and missing albums are reported beside the others'
// results, a cancel stops the fan-out, and locate() finds pictures by UUID.

#include "search_oracle.h"
#include "testsupport.h"

#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <algorithm>

using namespace quire;

namespace {

const QStringList TagPool = {QStringLiteral("Places/Beach"), QStringLiteral("Places/City"),
                             QStringLiteral("People/Ann"), QStringLiteral("People/Bob")};
const QStringList Makes = {QStringLiteral("Canon"), QStringLiteral("NIKON CORPORATION"),
                           QStringLiteral("Fujifilm"), QString()};

QDateTime utc(int y, int m, int d)
{
    return test::utcDate(y, m, d);
}

// Random pictures made through the API; the seed fixes everything.
bool fillAlbum(const Album &album, QRandomGenerator &random, int count)
{
    return test::fillAlbum(album, random, count, {TagPool, Makes, {}, 4, 60});
}

// Every picture of every album, filtered and sorted in the test itself.
QList<SearchHit> bruteForce(const QList<Album> &albums, const SearchQuery &q)
{
    return test::bruteForceSearch(albums, q);
}

QStringList describe(const QList<SearchHit> &hits)
{
    return test::describeHits(hits);
}

} // namespace

Q_DECLARE_METATYPE(SearchQuery::Sort)

class TestSearch : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Registry> m_registry;
    QList<Album> m_albums;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_registry = std::make_unique<AlbumRegistry>(m_dir.filePath(QStringLiteral("workspace")));
        QRandomGenerator random(20261122);
        for (int i = 0; i < 7; ++i) {
            Result<Album> album = m_registry->create(m_dir.filePath(QStringLiteral("album%1").arg(i)),
                                                     QStringLiteral("Album %1").arg(i));
            QVERIFY2(album, qPrintable(album.error().toString()));
            QVERIFY(fillAlbum(*album, random, 60));
            m_albums.append(*album);
        }
    }

    void mergedResultEqualsBruteForce_data()
    {
        QTest::addColumn<SearchQuery::Sort>("sort");
        QTest::addColumn<QStringList>("allTags");
        QTest::addColumn<QStringList>("anyTags");
        QTest::addColumn<QDateTime>("from");
        QTest::addColumn<QDateTime>("to");
        QTest::addColumn<int>("minRating");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("limit");

        const QList<QPair<const char *, SearchQuery::Sort>> sorts = {
            {"newest", SearchQuery::Sort::TakenNewestFirst},
            {"oldest", SearchQuery::Sort::TakenOldestFirst},
            {"path", SearchQuery::Sort::Path}};
        const QStringList none;
        const QStringList beach = {QStringLiteral("Places/Beach")};
        for (const auto &[name, sort] : sorts) {
            auto row = [&](const char *what) -> QTestData & { return QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(name), QLatin1String(what)))); };
            row("everything, limit 25") << sort << none << none << QDateTime() << QDateTime() << -1 << QString() << 25;
            row("everything, no limit") << sort << none << none << QDateTime() << QDateTime() << -1 << QString() << -1;
            row("beach") << sort << beach << none << QDateTime() << QDateTime() << -1 << QString() << 30;
            row("beach and bob") << sort << QStringList{QStringLiteral("Places/Beach"), QStringLiteral("People/Bob")}
                                 << none << QDateTime() << QDateTime() << -1 << QString() << 40;
            row("beach or bob") << sort << none << QStringList{QStringLiteral("Places/Beach"), QStringLiteral("People/Bob")}
                                << QDateTime() << QDateTime() << -1 << QString() << 40;
            row("taken in 2023") << sort << none << none << utc(2023, 1, 1) << utc(2024, 1, 1) << -1 << QString() << 50;
            row("rated 4 or more") << sort << none << none << QDateTime() << QDateTime() << 4 << QString() << 20;
            row("text in make") << sort << none << none << QDateTime() << QDateTime() << -1 << QStringLiteral("nikon") << 30;
            row("text in model") << sort << none << none << QDateTime() << QDateTime() << -1 << QStringLiteral("x3") << 30;
            row("text in path") << sort << none << none << QDateTime() << QDateTime() << -1 << QStringLiteral("NIGHT/img_00") << -1;
            row("everything combined") << sort << beach << QStringList{QStringLiteral("People/Ann"), QStringLiteral("People/Bob")}
                                       << utc(2021, 6, 1) << utc(2024, 6, 1) << 1 << QStringLiteral("a") << 10;
            row("limit 1") << sort << none << none << QDateTime() << QDateTime() << -1 << QString() << 1;
            row("limit 0") << sort << none << none << QDateTime() << QDateTime() << -1 << QString() << 0;
            row("a tag no album has") << sort << QStringList{QStringLiteral("Places/Moon")} << none
                                      << QDateTime() << QDateTime() << -1 << QString() << 10;
        }
    }

    void mergedResultEqualsBruteForce()
    {
        QFETCH(SearchQuery::Sort, sort);
        QFETCH(QStringList, allTags);
        QFETCH(QStringList, anyTags);
        QFETCH(QDateTime, from);
        QFETCH(QDateTime, to);
        QFETCH(int, minRating);
        QFETCH(QString, text);
        QFETCH(int, limit);
        SearchQuery q;
        q.sort = sort;
        q.allTags = allTags;
        q.anyTags = anyTags;
        q.takenFrom = from;
        q.takenTo = to;
        if (minRating >= 0)
            q.minRating = minRating;
        q.text = text;
        q.limit = limit;

        Result<SearchResult> result = searchNow(*m_registry, q);
        QVERIFY2(result, qPrintable(result.error().toString()));
        QVERIFY(result->failedAlbums.isEmpty());
        QCOMPARE(result->albumsTotal, m_albums.size());
        QCOMPARE(result->albumsDone, m_albums.size());
        QVERIFY(!result->cancelled);
        QVERIFY(result->finished);
        const QList<SearchHit> expected = bruteForce(m_albums, q);
        QCOMPARE(describe(result->hits), describe(expected));
        if (limit != 0 && limit != 1 && allTags != QStringList{QStringLiteral("Places/Moon")})
            QVERIFY(expected.size() > 1); // the row tests something
        for (const SearchHit &hit : std::as_const(result->hits)) {
            const Album album = m_registry->find(hit.albumUuid);
            QCOMPARE(hit.albumFolder, album.folder());
            QCOMPARE(hit.albumName, album.name());
        }
    }

    void searchOnlyTheAlbumsAsked()
    {
        SearchQuery q;
        q.limit = -1;
        q.albums = {m_albums.at(2).uuid(), m_albums.at(5).uuid()};
        Result<SearchResult> result = searchNow(*m_registry, q);
        QVERIFY(result);
        QCOMPARE(result->albumsTotal, 2);
        QCOMPARE(describe(result->hits), describe(bruteForce({m_albums.at(2), m_albums.at(5)}, q)));

        q.albums = {m_albums.at(1).uuid(), QUuid::createUuid()};
        result = searchNow(*m_registry, q);
        QVERIFY(result);
        QCOMPARE(result->albumsTotal, 2);
        QCOMPARE(result->failedAlbums.size(), 1);
        QCOMPARE(result->failedAlbums.first().code(), ErrorCode::NotFound);
        QCOMPARE(describe(result->hits), describe(bruteForce({m_albums.at(1)}, q)));
    }

    void searchStreamsPartialResultsAndFinishesItsFuture()
    {
        SearchQuery q;
        q.limit = 15;
        Search search(*m_registry, q);
        QSignalSpy progress(&search, &Search::progress);
        QSignalSpy partial(&search, &Search::partialResults);
        QSignalSpy finished(&search, &Search::finished);
        QFuture<SearchResult> future = search.future();
        search.start();
        QVERIFY(search.wait()); // the spies record on the pool's threads, in order
        QCOMPARE(finished.count(), 1);
        QVERIFY(partial.count() >= 1);
        QCOMPARE(progress.last().at(0).toInt(), m_albums.size());
        QCOMPARE(progress.last().at(1).toInt(), m_albums.size());
        const SearchResult last = finished.first().first().value<SearchResult>();
        QCOMPARE(describe(partial.last().first().value<QList<SearchHit>>()), describe(last.hits));
        future.waitForFinished();
        QCOMPARE(describe(future.result().hits), describe(bruteForce(m_albums, q)));
        QCOMPARE(future.progressValue(), m_albums.size());
        QVERIFY(search.isFinished());
    }

    void damagedAndMissingAlbumsAreReportedBesideTheOthers()
    {
        QTemporaryDir dir;
        const QString workspace = dir.filePath(QStringLiteral("workspace"));
        QList<QString> folders;
        {
            AlbumRegistry registry(workspace);
            QRandomGenerator random(7);
            for (int i = 0; i < 5; ++i) {
                folders.append(dir.filePath(QStringLiteral("album%1").arg(i)));
                Result<Album> album = registry.create(folders.last(), QStringLiteral("A%1").arg(i));
                QVERIFY(album);
                QVERIFY(fillAlbum(*album, random, 30));
            }
        } // the registry closes its albums
        const QString damaged = QDir(folders.at(1)).canonicalPath();
        const QString missing = QDir(folders.at(3)).canonicalPath();
        QFile::remove(Album::databasePathFor(damaged));
        QVERIFY(test::writeFile(Album::databasePathFor(damaged), "this is not an album\n"));
        QVERIFY(QDir(missing).removeRecursively());

        AlbumRegistry registry(workspace);
        SearchQuery q;
        q.limit = -1;
        Result<SearchResult> result = searchNow(registry, q);
        QVERIFY2(result, qPrintable(result.error().toString()));
        QCOMPARE(result->albumsTotal, 5);
        QCOMPARE(result->albumsDone, 5);
        QCOMPARE(result->failedAlbums.size(), 2);
        QStringList failedText;
        for (const Error &e : std::as_const(result->failedAlbums))
            failedText.append(e.toString());
        QVERIFY2(std::any_of(failedText.cbegin(), failedText.cend(), [&](const QString &s) { return s.contains(damaged); }),
                 qPrintable(failedText.join(QLatin1Char('\n'))));
        QVERIFY2(std::any_of(failedText.cbegin(), failedText.cend(), [&](const QString &s) { return s.contains(missing); }),
                 qPrintable(failedText.join(QLatin1Char('\n'))));

        QList<Album> healthy;
        for (int i : {0, 2, 4})
            healthy.append(*registry.open(folders.at(i)));
        const QList<SearchHit> expected = bruteForce(healthy, q);
        QVERIFY(expected.size() > 60);
        QCOMPARE(describe(result->hits), describe(expected));
    }

    void cancelFromProgressStopsTheRest()
    {
        QTemporaryDir dir;
        AlbumRegistry registry(dir.filePath(QStringLiteral("workspace")));
        QRandomGenerator random(99);
        for (int i = 0; i < 40; ++i) {
            Result<Album> album = registry.create(dir.filePath(QStringLiteral("a%1").arg(i)));
            QVERIFY(album);
            QVERIFY(fillAlbum(*album, random, 40));
        }
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        SearchQuery q;
        q.limit = -1;
        Search search(registry, q);
        connect(&search, &Search::progress, &search, [&search](int done, int) {
            if (done >= 1)
                search.cancel();
        }, Qt::DirectConnection);
        QSignalSpy finished(&search, &Search::finished);
        search.start(&pool);
        QVERIFY(search.wait());
        const SearchResult result = search.result();
        QVERIFY(result.cancelled);
        QVERIFY(result.finished);
        QCOMPARE(result.albumsTotal, 40);
        QVERIFY2(result.albumsDone >= 1 && result.albumsDone < result.albumsTotal,
                 qPrintable(QString::number(result.albumsDone)));
        QVERIFY(result.failedAlbums.isEmpty());
        QCOMPARE(finished.count(), 1);
        pool.waitForDone();
        for (const Tenant &album : registry.openTenants())
            QCOMPARE(album.leasedConnections(), 0);
    }

    void destroyingARunningSearchCancelsAndWaitsForIt()
    {
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        SearchQuery q;
        q.limit = -1;
        {
            Search search(*m_registry, q);
            search.start(&pool);
        } // cancels, and waits for the album running now
        // Every session has ended by then (the pool's thread may still be
        // returning from its last task).
        for (const Album &album : std::as_const(m_albums))
            QCOMPARE(album.leasedConnections(), 0);
        Search never(*m_registry, q);
        QVERIFY(!never.wait()); // not started: nothing to wait for
        QVERIFY(!never.isFinished());
    }

    void locateFindsAPictureAndItsCopies()
    {
        QTemporaryDir dir;
        AlbumRegistry registry(dir.filePath(QStringLiteral("workspace")));
        QRandomGenerator random(5);
        QList<Album> albums;
        for (int i = 0; i < 12; ++i) {
            Result<Album> album = registry.create(dir.filePath(QStringLiteral("a%1").arg(i)));
            QVERIFY(album);
            QVERIFY(fillAlbum(*album, random, 20));
            albums.append(*album);
        }
        Picture one;
        one.path = QStringLiteral("only/here.jpg");
        QVERIFY(quire::Pictures(*albums.at(4).write()).add(one));
        Picture copy;
        copy.uuid = QUuid::createUuid();
        copy.path = QStringLiteral("copied.jpg");
        Picture copy2 = copy;
        QVERIFY(quire::Pictures(*albums.at(2).write()).add(copy));
        copy2.path = QStringLiteral("elsewhere/copied.jpg");
        QVERIFY(quire::Pictures(*albums.at(9).write()).add(copy2));

        Result<LocateResult> found = locate(registry, one.uuid);
        QVERIFY2(found, qPrintable(found.error().toString()));
        QCOMPARE(found->albumsTotal, 12);
        QVERIFY(found->failedAlbums.isEmpty());
        QCOMPARE(found->locations.size(), 1);
        QCOMPARE(found->locations.first().albumUuid, albums.at(4).uuid());
        QCOMPARE(found->locations.first().albumFolder, albums.at(4).folder());
        QCOMPARE(found->locations.first().picture.path, one.path);

        found = locate(registry, copy.uuid);
        QVERIFY(found);
        QCOMPARE(found->locations.size(), 2);
        QSet<QUuid> holders;
        for (const PictureLocation &l : std::as_const(found->locations))
            holders.insert(l.albumUuid);
        QCOMPARE(holders, (QSet<QUuid>{albums.at(2).uuid(), albums.at(9).uuid()}));

        found = locate(registry, QUuid::createUuid());
        QVERIFY(found);
        QVERIFY(found->locations.isEmpty());

        // An album that cannot be searched is reported, not skipped.
        const QString gone = albums.at(7).folder();
        QVERIFY(registry.close(albums.at(7).uuid()));
        QVERIFY(QDir(gone).removeRecursively());
        found = locate(registry, one.uuid);
        QVERIFY(found);
        QCOMPARE(found->locations.size(), 1);
        QCOMPARE(found->failedAlbums.size(), 1);
        QVERIFY(found->failedAlbums.first().toString().contains(gone));
    }
};

QTEST_GUILESS_MAIN(TestSearch)
#include "tst_search.moc"
