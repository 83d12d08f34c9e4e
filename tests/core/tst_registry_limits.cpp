// The registry's bounds: a cap on open connections, eviction of idle ones
// only, transparent reopening, and many threads on many albums at once.

#include "fault_vfs.h"
#include "testsupport.h"

#include <quire/quire.h>

#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <QtConcurrent>

#include <atomic>

using namespace quire;
using quire::test::rawQuery;

class TestRegistryLimits : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QList<Album> makeAlbums(Registry &registry, const QString &prefix, int count)
    {
        QList<Album> albums;
        for (int i = 0; i < count; ++i) {
            Result<Album> album = registry.create(m_dir.filePath(QStringLiteral("%1/album%2").arg(prefix).arg(i)));
            if (!album)
                qFatal("%s", qPrintable(album.error().toString()));
            albums.append(*album);
        }
        return albums;
    }

private Q_SLOTS:
    // Every connection a registry opens counts against its cap, the ones
    // that live only for a moment too: the quick_check of an album the
    // workspace never saw, the read of a database file alone beside its
    // log, the UUID peek at a folder the catalog knew. Counted by a VFS
    // that sees every database file SQLite opens.
    void checksAndPeeksStayUnderTheCap()
    {
        const QString root = m_dir.filePath(QStringLiteral("peaks"));
        // Albums made elsewhere: unknown to the registry under test. Each
        // keeps a -wal, as one a program of another machine wrote last
        // (here: a write by the sqlite3 library that does not checkpoint
        // on close), so opening reads the database file alone to match it
        // with its log.
        QStringList folders;
        {
            AlbumRegistry elsewhere(root + QStringLiteral("/ws-elsewhere"));
            for (int i = 0; i < 5; ++i) {
                Result<Album> album = elsewhere.create(root + QStringLiteral("/albums/album%1").arg(i));
                QVERIFY(album);
                folders.append(album->folder());
            }
        }
        for (const QString &folder : std::as_const(folders)) {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open_v2(QFile::encodeName(Album::databasePathFor(folder)).constData(), &db,
                                     SQLITE_OPEN_READWRITE, nullptr),
                     SQLITE_OK);
            sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
            QCOMPARE(sqlite3_exec(db, "UPDATE meta SET value = 'Elsewhere' WHERE key = 'name'", nullptr, nullptr,
                                  nullptr),
                     SQLITE_OK);
            sqlite3_close(db);
            QVERIFY(QFileInfo(Album::databasePathFor(folder) + QStringLiteral("-wal")).size() > 0);
        }
        quire::test::FaultVfs vfs;
        vfs.watchDatabasesUnder(QFileInfo(root + QStringLiteral("/albums")).canonicalFilePath()); // not the catalog
        RegistryOptions options;
        options.maxConnections = 2;
        AlbumRegistry registry(root + QStringLiteral("/ws"), options);
        for (const QString &folder : std::as_const(folders)) {
            Result<Album> album = registry.open(folder);
            QVERIFY2(album, qPrintable(album.error().toString()));
            Result<Session> writer = album->write();
            QVERIFY(writer);
            Picture p;
            p.path = QStringLiteral("a.jpg");
            QVERIFY(quire::Pictures(*writer).add(p));
        }
        QVERIFY2(vfs.databasesPeak() <= 2,
                 qPrintable(QStringLiteral("%1 album databases were open at once under a cap of 2")
                                .arg(vfs.databasesPeak())));
        QVERIFY(registry.stats().connectionsPeak <= 2);
        QCOMPARE(registry.stats().tenantsOpen, 5);
        // Each album was checked once and kept its picture.
        for (const QString &folder : std::as_const(folders))
            QCOMPARE(rawQuery(Album::databasePathFor(folder), QStringLiteral("SELECT count(*) FROM pictures")),
                     QStringLiteral("1"));
    }

    void connectionsStayUnderTheCapAndEvictedAlbumsReopen()
    {
        RegistryOptions options;
        options.maxConnections = 3;
        AlbumRegistry registry(m_dir.filePath(QStringLiteral("ws-cap")), options);
        const QList<Album> albums = makeAlbums(registry, QStringLiteral("cap"), 6);
        QVERIFY(registry.stats().connectionsOpen <= 3);

        for (int round = 0; round < 3; ++round) {
            for (const Album &album : albums) {
                Result<Session> session = album.write();
                QVERIFY2(session.ok(), qPrintable(session.error().toString()));
                Picture p;
                p.path = QStringLiteral("r%1.jpg").arg(round);
                QVERIFY(quire::Pictures(*session).add(p).ok());
                QVERIFY(registry.stats().connectionsOpen <= 3);
            }
        }
        const RegistryStats stats = registry.stats();
        QVERIFY(stats.evictions > 0);
        QVERIFY(stats.connectionsPeak <= 3);
        QCOMPARE(stats.connectionsLeased, 0);
        QCOMPARE(stats.tenantsOpen, 6);
        QCOMPARE(stats.tenantsKnown, 6);
        for (const Album &album : albums)
            QCOMPARE(*quire::Pictures(*album.read()).count(), 3);
    }

    void evictionNeverTakesALeasedConnection()
    {
        RegistryOptions options;
        options.maxConnections = 2;
        options.busyTimeoutMs = 200;
        AlbumRegistry registry(m_dir.filePath(QStringLiteral("ws-leased")), options);
        const QList<Album> albums = makeAlbums(registry, QStringLiteral("leased"), 3);

        Result<Session> first = albums[0].write();
        Result<Session> second = albums[1].write();
        QVERIFY(first.ok() && second.ok());
        // Both connections are leased: the third album must wait, then say so.
        Result<Session> third = albums[2].write();
        QVERIFY(!third.ok());
        QCOMPARE(third.error().code(), ErrorCode::Busy);
        QVERIFY2(third.error().message().contains(QLatin1String("connections")), qPrintable(third.error().message()));
        // The leased sessions still work: nothing was closed under them.
        Picture p;
        p.path = QStringLiteral("still.jpg");
        QVERIFY(quire::Pictures(*first).add(p).ok());
        QVERIFY(quire::Pictures(*second).add(p).ok());

        // When one ends, its idle connection is evicted for the third album.
        first = Result<Session>(Error(ErrorCode::Cancelled, {}, {}));
        Result<Session> now = albums[2].write();
        QVERIFY2(now.ok(), qPrintable(now.error().toString()));
        QVERIFY(quire::Pictures(*second).count().ok());
    }

    void closeWhileLeasedNamesTheSession()
    {
        AlbumRegistry registry(m_dir.filePath(QStringLiteral("ws-close")));
        const QList<Album> albums = makeAlbums(registry, QStringLiteral("close"), 1);
        QThread::currentThread()->setObjectName(QStringLiteral("main"));
        Result<Session> session = albums[0].session(Access::Write, QStringLiteral("import"));
        QVERIFY(session.ok());
        Album album = albums[0];
        Result<void> closed = album.close(std::chrono::milliseconds(20));
        QVERIFY(!closed.ok());
        QVERIFY2(closed.error().message().contains(QLatin1String("'import' write session on thread main")),
                 qPrintable(closed.error().message()));
        QVERIFY(!albums[0].isClosed());
        QVERIFY(quire::Pictures(*session).count().ok());
    }

    void statsReportMemoryAndDescriptors()
    {
        AlbumRegistry registry(m_dir.filePath(QStringLiteral("ws-stats")));
        const QList<Album> albums = makeAlbums(registry, QStringLiteral("stats"), 2);
        for (const Album &album : albums)
            QVERIFY(quire::Pictures(*album.read()).count().ok());
        RegistryStats stats = registry.stats();
        QVERIFY(stats.fileDescriptors > 0);
        QVERIFY(stats.sqliteMemoryUsed > 0);
        QVERIFY(stats.connectionsOpen >= 2);
        QCOMPARE(stats.connectionCap, Registry::defaultConnectionCap());
        registry.releaseIdleMemory();
        QVERIFY(registry.stats().idlePageCacheBytes <= stats.idlePageCacheBytes);
    }

    // 8 threads, 200 albums, a cap low enough that eviction runs all the
    // time: no write lost, no connection leaked, no warning printed.
    void stressManyThreadsManyAlbumsLowCap()
    {
        RegistryOptions options;
        options.maxConnections = 24;
        options.busyTimeoutMs = 20000;
        AlbumRegistry registry(m_dir.filePath(QStringLiteral("ws-stress")), options);
        const int albumCount = 200, threads = 8, operations = 400;
        const QList<Album> albums = makeAlbums(registry, QStringLiteral("stress"), albumCount);
        std::vector<std::atomic<int>> written(albumCount);

        quire::test::MessageCatcher messages;
        QThreadPool pool;
        pool.setMaxThreadCount(threads);
        QList<int> workers;
        for (int i = 0; i < threads; ++i)
            workers.append(i);
        const QStringList failures = QtConcurrent::blockingMapped(&pool, workers, [&](int worker) {
            QRandomGenerator random(quint32(worker + 1));
            for (int i = 0; i < operations; ++i) {
                const int a = random.bounded(albumCount);
                if (random.bounded(3) == 0) {
                    Result<Session> session = albums[a].write();
                    if (!session)
                        return session.error().toString();
                    Picture p;
                    p.path = QStringLiteral("w%1-%2.jpg").arg(worker).arg(i);
                    if (auto r = quire::Pictures(*session).add(p); !r)
                        return r.error().toString();
                    ++written[a];
                } else {
                    Result<Session> session = albums[a].read();
                    if (!session)
                        return session.error().toString();
                    if (auto r = quire::Pictures(*session).count(); !r)
                        return r.error().toString();
                }
            }
            return QString();
        });
        for (const QString &failure : failures)
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QVERIFY2(messages.messages().isEmpty(), qPrintable(messages.messages().join(QLatin1Char('\n'))));

        const RegistryStats stats = registry.stats();
        QCOMPARE(stats.connectionsLeased, 0);
        QVERIFY(stats.connectionsPeak <= 24);
        QVERIFY(stats.evictions > 0);
        int total = 0;
        for (int a = 0; a < albumCount; ++a) {
            QCOMPARE(*quire::Pictures(*albums[a].read()).count(), qint64(written[a].load()));
            total += written[a];
        }
        QVERIFY(total > 0);
        for (const Album &album : albums) {
            const QString db = album.databasePath();
            QVERIFY(registry.close(album.uuid()).ok());
            QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        }
        QCOMPARE(registry.stats().connectionsOpen, 0);
    }
};

QTEST_MAIN(TestRegistryLimits)
#include "tst_registry_limits.moc"
