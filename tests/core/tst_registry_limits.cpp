// The registry's bounds: a cap on open connections, eviction of idle ones
// only, transparent reopening, and many threads on many tenants at once.
// The whole suite runs for the photo album and for a second format.

#include "fault_vfs.h"
#include "formats_under_test.h"
#include "testsupport.h"

#include <quire/quire.h>

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <QtConcurrent>

#include <atomic>

using namespace quire;
using quire::test::formatUnderTest;
using quire::test::rawQuery;

class TestRegistryLimits : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Each data row (format) gets folders of its own.
    QString path(const QString &name) const
    {
        return m_dir.filePath(formatUnderTest().name + QLatin1Char('/') + name);
    }

    QList<Tenant> makeTenants(Registry &registry, const QString &prefix, int count)
    {
        QList<Tenant> tenants;
        for (int i = 0; i < count; ++i) {
            Result<Tenant> tenant = registry.create(path(QStringLiteral("%1/tenant%2").arg(prefix).arg(i)));
            if (!tenant)
                qFatal("%s", qPrintable(tenant.error().toString()));
            tenants.append(*tenant);
        }
        return tenants;
    }

    static QString addRow(const Tenant &tenant, const QString &label)
    {
        Result<Session> writer = tenant.write();
        if (!writer)
            return writer.error().toString();
        Result<void> added = formatUnderTest().addRow(*writer, label);
        return added ? QString() : added.error().toString();
    }

private Q_SLOTS:
    void initTestCase_data() { quire::test::addFormatRows(); }

    // Every connection a registry opens counts against its cap, the ones
    // that live only for a moment too: the quick_check of a tenant the
    // workspace never saw, the read of a database file alone beside its
    // log, the UUID peek at a folder the catalog knew. Counted by a VFS
    // that sees every database file SQLite opens.
    void checksAndPeeksStayUnderTheCap()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        const QString root = path(QStringLiteral("peaks"));
        // Tenants made elsewhere: unknown to the registry under test. Each
        // keeps a -wal, as one a program of another machine wrote last
        // (here: a write by the sqlite3 library that does not checkpoint
        // on close), so opening reads the database file alone to match it
        // with its log.
        QStringList folders;
        {
            std::unique_ptr<Registry> elsewhere = f.registry(root + QStringLiteral("/ws-elsewhere"));
            for (int i = 0; i < 5; ++i) {
                Result<Tenant> tenant = elsewhere->create(root + QStringLiteral("/tenants/tenant%1").arg(i));
                QVERIFY(tenant);
                folders.append(tenant->folder());
            }
        }
        const QByteArray rename = QStringLiteral("UPDATE %1 SET value = 'Elsewhere' WHERE key = 'name'")
                                      .arg(f.format.identityTable())
                                      .toUtf8();
        for (const QString &folder : std::as_const(folders)) {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open_v2(QFile::encodeName(Tenant::databasePathFor(folder, f.format)).constData(), &db,
                                     SQLITE_OPEN_READWRITE, nullptr),
                     SQLITE_OK);
            sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
            QCOMPARE(sqlite3_exec(db, rename.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
            QCOMPARE(sqlite3_changes(db), 1);
            sqlite3_close(db);
            QVERIFY(QFileInfo(Tenant::databasePathFor(folder, f.format) + QStringLiteral("-wal")).size() > 0);
        }
        quire::test::FaultVfs vfs;
        vfs.watchDatabasesUnder(QFileInfo(root + QStringLiteral("/tenants")).canonicalFilePath()); // not the catalog
        RegistryOptions options;
        options.maxConnections = 2;
        std::unique_ptr<Registry> registry = f.registry(root + QStringLiteral("/ws"), options);
        for (const QString &folder : std::as_const(folders)) {
            Result<Tenant> tenant = registry->open(folder);
            QVERIFY2(tenant, qPrintable(tenant.error().toString()));
            QCOMPARE(tenant->name(), QStringLiteral("Elsewhere"));
            QCOMPARE(addRow(*tenant, QStringLiteral("a")), QString());
        }
        QVERIFY2(vfs.databasesPeak() <= 2,
                 qPrintable(QStringLiteral("%1 tenant databases were open at once under a cap of 2")
                                .arg(vfs.databasesPeak())));
        QVERIFY(registry->stats().connectionsPeak <= 2);
        QCOMPARE(registry->stats().tenantsOpen, 5);
        // Each tenant was checked once and kept its row.
        for (const QString &folder : std::as_const(folders))
            QCOMPARE(rawQuery(Tenant::databasePathFor(folder, f.format), f.countSql()), QStringLiteral("1"));
    }

    void connectionsStayUnderTheCapAndEvictedTenantsReopen()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        RegistryOptions options;
        options.maxConnections = 3;
        std::unique_ptr<Registry> registry = f.registry(path(QStringLiteral("ws-cap")), options);
        const QList<Tenant> tenants = makeTenants(*registry, QStringLiteral("cap"), 6);
        QVERIFY(registry->stats().connectionsOpen <= 3);

        for (int round = 0; round < 3; ++round) {
            for (const Tenant &tenant : tenants) {
                QCOMPARE(addRow(tenant, QStringLiteral("r%1").arg(round)), QString());
                QVERIFY(registry->stats().connectionsOpen <= 3);
            }
        }
        const RegistryStats stats = registry->stats();
        QVERIFY(stats.evictions > 0);
        QVERIFY(stats.connectionsPeak <= 3);
        QCOMPARE(stats.connectionsLeased, 0);
        QCOMPARE(stats.tenantsOpen, 6);
        QCOMPARE(stats.tenantsKnown, 6);
        for (const Tenant &tenant : tenants)
            QCOMPARE(f.count(tenant), qint64(3));
    }

    void evictionNeverTakesALeasedConnection()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        RegistryOptions options;
        options.maxConnections = 2;
        options.busyTimeoutMs = 200;
        std::unique_ptr<Registry> registry = f.registry(path(QStringLiteral("ws-leased")), options);
        const QList<Tenant> tenants = makeTenants(*registry, QStringLiteral("leased"), 3);

        Result<Session> first = tenants[0].write();
        Result<Session> second = tenants[1].write();
        QVERIFY(first.ok() && second.ok());
        // Both connections are leased: the third tenant must wait, then say so.
        Result<Session> third = tenants[2].write();
        QVERIFY(!third.ok());
        QCOMPARE(third.error().code(), ErrorCode::Busy);
        QVERIFY2(third.error().message().contains(QLatin1String("connections")), qPrintable(third.error().message()));
        // The leased sessions still work: nothing was closed under them.
        QVERIFY(f.addRow(*first, QStringLiteral("still")).ok());
        QVERIFY(f.addRow(*second, QStringLiteral("still")).ok());

        // When one ends, its idle connection is evicted for the third tenant.
        first = Result<Session>(Error(ErrorCode::Cancelled, {}, QStringLiteral("ended")));
        Result<Session> now = tenants[2].write();
        QVERIFY2(now.ok(), qPrintable(now.error().toString()));
        QVERIFY(second->query(f.countSql().toUtf8()).ok());
    }

    void closeWhileLeasedNamesTheSession()
    {
        std::unique_ptr<Registry> registry = formatUnderTest().registry(path(QStringLiteral("ws-close")));
        const QList<Tenant> tenants = makeTenants(*registry, QStringLiteral("close"), 1);
        QThread::currentThread()->setObjectName(QStringLiteral("main"));
        Result<Session> session = tenants[0].session(Access::Write, QStringLiteral("import"));
        QVERIFY(session.ok());
        Tenant tenant = tenants[0];
        Result<void> closed = tenant.close(std::chrono::milliseconds(20));
        QVERIFY(!closed.ok());
        QVERIFY2(closed.error().message().contains(QLatin1String("'import' write session on thread main")),
                 qPrintable(closed.error().message()));
        QVERIFY(!tenants[0].isClosed());
        QVERIFY(session->query(formatUnderTest().countSql().toUtf8()).ok());
    }

    void tuningAProcessThatAlreadyUsesSqliteKeepsItsCounting()
    {
        // SQLite is in use in this process (the tenant below, and the
        // suites before): sqlite3_config refuses, and memory stays counted.
        const quire::test::FormatUnderTest &f = formatUnderTest();
        std::unique_ptr<Registry> registry = f.registry(path(QStringLiteral("ws-tuned")));
        const QList<Tenant> tenants = makeTenants(*registry, QStringLiteral("tuned"), 1);
        const quire::ProcessTuning tuning = quire::tuneProcess();
        QVERIFY(!tuning.sqliteMemoryCountingOff);
        QVERIFY(tuning.fileDescriptorLimit > 0);
        QVERIFY(registry->stats().sqliteMemoryUsed > 0);
        QVERIFY(registry->stats().heapBytesInUse > 0);
        QCOMPARE(f.count(tenants[0]), qint64(0));
    }

    // An idle tenant can close its last connection too: it then holds no
    // SQLite memory and no descriptor, its -wal and -shm are gone (no other
    // connection is left), and its next session opens one again and sees
    // every row. A leased connection is never closed.
    void closingIdleConnectionsKeepsLeasedOnesAndEveryRow()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        std::unique_ptr<Registry> registry = f.registry(path(QStringLiteral("ws-close-idle")));
        const QList<Tenant> tenants = makeTenants(*registry, QStringLiteral("close-idle"), 3);
        for (const Tenant &tenant : tenants)
            QCOMPARE(addRow(tenant, QStringLiteral("kept")), QString());
        Result<Session> reading = tenants[0].read();
        QVERIFY(reading.ok());
        const int openBefore = registry->stats().connectionsOpen;

        registry->closeIdleConnections();

        QCOMPARE(tenants[0].openConnections(), 1);
        QCOMPARE(tenants[1].openConnections(), 0);
        QCOMPARE(tenants[2].openConnections(), 0);
        QVERIFY(registry->stats().connectionsOpen <= openBefore - 2);
        const QString database = Tenant::databasePathFor(tenants[1].folder(), f.format);
        QVERIFY(QFileInfo::exists(database));
        QVERIFY(!QFileInfo::exists(database + QStringLiteral("-wal")));
        QVERIFY(!QFileInfo::exists(database + QStringLiteral("-shm")));
        QVERIFY(reading->query(f.countSql().toUtf8()).ok());

        for (const Tenant &tenant : tenants)
            QCOMPARE(f.count(tenant), qint64(1));
        QCOMPARE(tenants[1].openConnections(), 1);
        QCOMPARE(addRow(tenants[2], QStringLiteral("after")), QString());
        QCOMPARE(f.count(tenants[2]), qint64(2));
    }

    // The registry does it by itself, in the sweep that runs when another
    // tenant is used, for tenants unused for closeIdleAfter.
    void tenantsUnusedForCloseIdleAfterCloseTheirLastConnection()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        RegistryOptions options;
        options.closeIdleAfter = std::chrono::milliseconds(1);
        std::unique_ptr<Registry> registry = f.registry(path(QStringLiteral("ws-sweep-close")), options);
        const QList<Tenant> tenants = makeTenants(*registry, QStringLiteral("sweep-close"), 2);
        QCOMPARE(addRow(tenants[0], QStringLiteral("kept")), QString());
        QCOMPARE(tenants[0].openConnections(), 1);
        // The sweep runs at most once a second, when a tenant is used.
        QTRY_VERIFY_WITH_TIMEOUT(f.count(tenants[1]) == 0 && tenants[0].openConnections() == 0, 10000);
        QCOMPARE(f.count(tenants[0]), qint64(1));
        QCOMPARE(tenants[0].openConnections(), 1);
    }

    // With no connection open, nothing keeps another program from moving
    // the folder away and another tenant's in (its own registry saw
    // neither of them in use). The next session must not take that
    // tenant's database for this one's.
    void aTenantWithoutConnectionsRefusesAnotherTenantPutInItsFolder()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        std::unique_ptr<Registry> registry = f.registry(path(QStringLiteral("ws-swapped")));
        const QList<Tenant> tenants = makeTenants(*registry, QStringLiteral("swapped"), 2);
        const Tenant &left = tenants[0], &put = tenants[1];
        QCOMPARE(addRow(left, QStringLiteral("left")), QString());
        QCOMPARE(addRow(put, QStringLiteral("put one")), QString());
        QCOMPARE(addRow(put, QStringLiteral("put two")), QString());
        registry->closeIdleConnections();
        QCOMPARE(left.openConnections(), 0);
        QCOMPARE(put.openConnections(), 0);

        const QString leftFolder = left.folder();
        QVERIFY(QDir().rename(leftFolder, leftFolder + QStringLiteral("-elsewhere")));
        QVERIFY(QDir().rename(put.folder(), leftFolder));

        const Result<Session> reading = left.read();
        QVERIFY(!reading);
        QCOMPARE(reading.error().code(), ErrorCode::NotFound);
        QCOMPARE(reading.error().album(), leftFolder);
        QVERIFY2(reading.error().message().contains(QLatin1String("no longer in this folder")),
                 qPrintable(reading.error().toString()));
        QVERIFY2(reading.error().message().contains(put.uuid().toString(QUuid::WithoutBraces)),
                 qPrintable(reading.error().toString()));
        const Result<Session> writing = left.write();
        QVERIFY(!writing);
        QCOMPARE(writing.error().code(), ErrorCode::NotFound);
        QCOMPARE(left.openConnections(), 0);
        QCOMPARE(registry->stats().connectionsOpen, 0);

        // Nothing was written to either: each database has its own rows.
        std::unique_ptr<Registry> other = f.registry(path(QStringLiteral("ws-swapped-other")));
        Result<Tenant> there = other->open(leftFolder);
        QVERIFY2(there, qPrintable(there.error().toString()));
        QCOMPARE(there->uuid(), put.uuid());
        QCOMPARE(f.count(*there), qint64(2));
        Result<Tenant> moved = other->open(leftFolder + QStringLiteral("-elsewhere"));
        QVERIFY2(moved, qPrintable(moved.error().toString()));
        QCOMPARE(moved->uuid(), left.uuid());
        QCOMPARE(f.count(*moved), qint64(1));
    }

    void statsReportMemoryAndDescriptors()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        std::unique_ptr<Registry> registry = f.registry(path(QStringLiteral("ws-stats")));
        const QList<Tenant> tenants = makeTenants(*registry, QStringLiteral("stats"), 2);
        for (const Tenant &tenant : tenants)
            QCOMPARE(f.count(tenant), qint64(0));
        RegistryStats stats = registry->stats();
        QVERIFY(stats.fileDescriptors > 0);
        QVERIFY(stats.sqliteMemoryUsed > 0);
        QVERIFY(stats.connectionsOpen >= 2);
        QCOMPARE(stats.connectionCap, Registry::defaultConnectionCap());
        registry->releaseIdleMemory();
        QVERIFY(registry->stats().idlePageCacheBytes <= stats.idlePageCacheBytes);
    }

    // 8 threads, 200 tenants, a cap low enough that eviction runs all the
    // time: no write lost, no connection leaked, no warning printed.
    void stressManyThreadsManyTenantsLowCap()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        RegistryOptions options;
        options.maxConnections = 24;
        options.busyTimeoutMs = 20000;
        std::unique_ptr<Registry> registry = f.registry(path(QStringLiteral("ws-stress")), options);
        const int tenantCount = 200, threads = 8, operations = 400;
        const QList<Tenant> tenants = makeTenants(*registry, QStringLiteral("stress"), tenantCount);
        std::vector<std::atomic<int>> written(tenantCount);

        quire::test::MessageCatcher messages;
        QThreadPool pool;
        pool.setMaxThreadCount(threads);
        QList<int> workers;
        for (int i = 0; i < threads; ++i)
            workers.append(i);
        const QByteArray count = f.countSql().toUtf8();
        const QStringList failures = QtConcurrent::blockingMapped(&pool, workers, [&](int worker) {
            QRandomGenerator random(quint32(worker + 1));
            for (int i = 0; i < operations; ++i) {
                const int a = random.bounded(tenantCount);
                if (random.bounded(3) == 0) {
                    Result<Session> session = tenants[a].write();
                    if (!session)
                        return session.error().toString();
                    if (auto r = f.addRow(*session, QStringLiteral("w%1-%2").arg(worker).arg(i)); !r)
                        return r.error().toString();
                    ++written[a];
                } else {
                    Result<Session> session = tenants[a].read();
                    if (!session)
                        return session.error().toString();
                    if (auto r = session->query(count); !r)
                        return r.error().toString();
                }
            }
            return QString();
        });
        for (const QString &failure : failures)
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QVERIFY2(messages.messages().isEmpty(), qPrintable(messages.messages().join(QLatin1Char('\n'))));

        const RegistryStats stats = registry->stats();
        QCOMPARE(stats.connectionsLeased, 0);
        QVERIFY(stats.connectionsPeak <= 24);
        QVERIFY(stats.evictions > 0);
        int total = 0;
        for (int a = 0; a < tenantCount; ++a) {
            QCOMPARE(f.count(tenants[a]), qint64(written[a].load()));
            total += written[a];
        }
        QVERIFY(total > 0);
        for (const Tenant &tenant : tenants) {
            const QString db = tenant.databasePath();
            QVERIFY(registry->close(tenant.uuid()).ok());
            QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        }
        QCOMPARE(registry->stats().connectionsOpen, 0);
    }
};

QTEST_MAIN(TestRegistryLimits)
#include "tst_registry_limits.moc"
