// The registry as the foundation uses it: create and open through a
// workspace, one Album per folder, lookup by UUID through the catalog.

#include "testsupport.h"

#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QSet>
#include <QTest>

using namespace quire;
using quire::test::rawQuery;

namespace {

// Adds pictures (path, file size) through Quire.
bool addPictures(const Album &album, const QList<QPair<QString, qint64>> &rows)
{
    Result<Session> session = album.write();
    if (!session)
        return false;
    QList<Picture> pictures;
    for (const auto &row : rows) {
        Picture p;
        p.path = row.first;
        p.fileSize = row.second;
        pictures.append(p);
    }
    return quire::Pictures(*session).add(pictures).ok();
}

// A copy as a person makes it in a file manager, .quire included.
bool copyFolder(const QString &from, const QString &to)
{
    return QProcess::execute(QStringLiteral("cp"), {QStringLiteral("-a"), from, to}) == 0;
}

CatalogEntry entryFor(Registry &registry, const QUuid &uuid)
{
    const Result<QList<CatalogEntry>> catalog = registry.catalog();
    for (const CatalogEntry &e : *catalog) {
        if (e.uuid == uuid)
            return e;
    }
    return {};
}

} // namespace

class TestRegistry : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void createRecordsAlbumInCatalog()
    {
        AlbumRegistry registry(m_dir.filePath(QStringLiteral("workspace1")));
        QSignalSpy added(&registry, &Registry::tenantAdded);
        Result<Album> album = registry.create(m_dir.filePath(QStringLiteral("Holiday")), QStringLiteral("Holiday"));
        QVERIFY2(album.ok(), qPrintable(album.error().toString()));
        QCOMPARE(added.count(), 1);
        QCOMPARE(added.first().first().toUuid(), album->uuid());

        Result<QList<CatalogEntry>> catalog = registry.catalog();
        QVERIFY(catalog.ok());
        QCOMPARE(catalog->size(), 1);
        QCOMPARE(catalog->first().uuid, album->uuid());
        QCOMPARE(catalog->first().name, QStringLiteral("Holiday"));
        QCOMPARE(catalog->first().folder, album->folder());
        QCOMPARE(catalog->first().state, AlbumState::Available);
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("workspace1/catalog.db"))));
    }

    void oneAlbumPerFolderEvenThroughASymlink()
    {
        AlbumRegistry registry(m_dir.filePath(QStringLiteral("workspace2")));
        const QString folder = m_dir.filePath(QStringLiteral("Garden"));
        QVERIFY(Album::create(folder).ok());
        QVERIFY(QFile::link(folder, m_dir.filePath(QStringLiteral("garden-link"))));
        Result<Album> first = registry.open(folder);
        Result<Album> second = registry.open(m_dir.filePath(QStringLiteral("garden-link")));
        QVERIFY(first.ok() && second.ok());
        QVERIFY(*first == *second);
        QCOMPARE(registry.openTenants().size(), 1);
    }

    void resolveFindsAlbumByUuidFromAnotherRegistry()
    {
        const QString workspace = m_dir.filePath(QStringLiteral("workspace3"));
        QUuid uuid;
        {
            AlbumRegistry registry(workspace);
            Result<Album> album = registry.create(m_dir.filePath(QStringLiteral("Paris")));
            QVERIFY(album.ok());
            uuid = album->uuid();
        }
        // A new registry (a new process, say) on the same workspace.
        AlbumRegistry registry(workspace);
        Result<Album> album = registry.resolve(uuid.toString(QUuid::WithoutBraces));
        QVERIFY2(album.ok(), qPrintable(album.error().toString()));
        QCOMPARE(album->uuid(), uuid);
        QVERIFY(album->folder().endsWith(QLatin1String("Paris")));

        Result<Album> unknown = registry.resolve(QUuid::createUuid().toString());
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code(), ErrorCode::NotFound);
        QVERIFY(unknown.error().message().contains(QLatin1String("scan")));
    }

    void closeKeepsAlbumInCatalog()
    {
        AlbumRegistry registry(m_dir.filePath(QStringLiteral("workspace4")));
        Result<Album> album = registry.create(m_dir.filePath(QStringLiteral("Closing")));
        QVERIFY(album.ok());
        const QUuid uuid = album->uuid();
        QVERIFY(registry.close(uuid).ok());
        QVERIFY(album->isClosed());
        QCOMPARE(registry.openTenants().size(), 0);
        QCOMPARE(registry.catalog()->size(), 1);
        // Opening again works and gives a live album.
        Result<Album> again = registry.resolve(uuid.toString());
        QVERIFY(again.ok());
        QVERIFY(!again->isClosed());
        QCOMPARE(registry.close(QUuid::createUuid()).error().code(), ErrorCode::NotFound);
    }

    void twoRegistriesShareOneAlbumFolder()
    {
        const QString folder = m_dir.filePath(QStringLiteral("Shared"));
        QVERIFY(Album::create(folder).ok());
        AlbumRegistry app(m_dir.filePath(QStringLiteral("workspace5")));
        AlbumRegistry plugin(m_dir.filePath(QStringLiteral("workspace6")));
        Result<Album> a = app.open(folder);
        Result<Album> b = plugin.open(folder);
        QVERIFY(a.ok() && b.ok());
        {
            Result<Session> writer = a->write();
            Picture p;
            p.path = QStringLiteral("from-app.jpg");
            QVERIFY(quire::Pictures(*writer).add(p).ok());
        }
        {
            Result<Session> writer = b->write();
            Picture p;
            p.path = QStringLiteral("from-plugin.jpg");
            QVERIFY(quire::Pictures(*writer).add(p).ok());
        }
        QCOMPARE(*quire::Pictures(*a->read()).count(), 2);
        QCOMPARE(*quire::Pictures(*b->read()).count(), 2);
    }

    void copyMadeOutsideQuireIsDetectedAndCanBecomeItsOwnAlbum()
    {
        AlbumRegistry registry(m_dir.filePath(QStringLiteral("workspace-copy")));
        const QString original = m_dir.filePath(QStringLiteral("Rome"));
        Result<Album> album = registry.create(original);
        QVERIFY(album.ok());
        QVERIFY(addPictures(*album, {{QStringLiteral("colosseum.jpg"), 10}}));
        const QUuid uuid = album->uuid();
        QVERIFY(registry.close(uuid).ok());
        const QString copy = m_dir.filePath(QStringLiteral("Rome copy"));
        QVERIFY(copyFolder(original, copy));
        QVERIFY(registry.open(original).ok());

        Result<Album> refused = registry.open(copy);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code(), ErrorCode::AlreadyExists);
        QVERIFY2(refused.error().message().contains(QLatin1String("copy of the album in")),
                 qPrintable(refused.error().message()));
        QVERIFY(refused.error().message().contains(QFileInfo(original).canonicalFilePath()));
        QVERIFY(refused.error().album().endsWith(QLatin1String("Rome copy")));

        QSignalSpy added(&registry, &Registry::tenantAdded);
        Result<Album> own = registry.open(copy, OpenMode::AsCopy);
        QVERIFY2(own.ok(), qPrintable(own.error().toString()));
        QVERIFY(own->uuid() != uuid);
        QCOMPARE(added.count(), 1);
        QCOMPARE(*quire::Pictures(*own->read()).count(), 1);
        QCOMPARE(QUuid::fromString(rawQuery(own->databasePath(), QStringLiteral("SELECT value FROM meta WHERE key = 'uuid'"))),
                 own->uuid());
        QCOMPARE(registry.catalog()->size(), 2);
        QCOMPARE(registry.find(uuid).folder(), QFileInfo(original).canonicalFilePath());
    }

    void asCopyOnTheKnownFolderReplacesItsIdentity()
    {
        AlbumRegistry registry(m_dir.filePath(QStringLiteral("workspace-ascopy")));
        const QString folder = m_dir.filePath(QStringLiteral("Lisbon"));
        Result<Album> album = registry.create(folder);
        QVERIFY(album.ok());
        const QUuid old = album->uuid();
        QVERIFY(registry.close(old).ok());
        Result<Album> renewed = registry.open(folder, OpenMode::AsCopy);
        QVERIFY(renewed.ok());
        QVERIFY(renewed->uuid() != old);
        // One folder, one entry: the old identity does not linger as a ghost.
        const Result<QList<CatalogEntry>> catalog = registry.catalog();
        QCOMPARE(catalog->size(), 1);
        QCOMPARE(catalog->first().uuid, renewed->uuid());
    }

    void catalogOfAnOlderLayoutIsRebuilt()
    {
        // A catalog.db from before the current layout (user_version 0, no
        // state column) is a cache: it is replaced, and scan fills it again.
        const QString workspace = m_dir.filePath(QStringLiteral("workspace-old-layout"));
        QVERIFY(QDir().mkpath(workspace));
        QCOMPARE(rawQuery(workspace + QStringLiteral("/catalog.db"),
                          QStringLiteral("CREATE TABLE albums (uuid TEXT PRIMARY KEY, folder TEXT);"
                                         "INSERT INTO albums VALUES ('x', '/nowhere');")),
                 QString());
        AlbumRegistry registry(workspace);
        Result<QList<CatalogEntry>> catalog = registry.catalog();
        QVERIFY2(catalog.ok(), qPrintable(catalog.error().toString()));
        QCOMPARE(catalog->size(), 0);
        QVERIFY(registry.create(m_dir.filePath(QStringLiteral("After rebuild"))).ok());
        QCOMPARE(registry.catalog()->size(), 1);
    }

    void catalogDeletedIsRebuiltByScan()
    {
        const QString workspace = m_dir.filePath(QStringLiteral("workspace-scan"));
        const QString library = m_dir.filePath(QStringLiteral("library"));
        QSet<QUuid> made;
        {
            AlbumRegistry registry(workspace);
            for (const QString &name : {QStringLiteral("2021/Spring"), QStringLiteral("2021/Summer"),
                                        QStringLiteral("2022/Winter")}) {
                Result<Album> album = registry.create(library + QLatin1Char('/') + name);
                QVERIFY(album.ok());
                made.insert(album->uuid());
            }
        }
        QVERIFY(QFile::remove(workspace + QStringLiteral("/catalog.db")));
        QFile::remove(workspace + QStringLiteral("/catalog.db-wal"));
        QFile::remove(workspace + QStringLiteral("/catalog.db-shm"));
        // A folder that only looks like an album is reported, not fatal.
        QVERIFY(quire::test::writeFile(library + QStringLiteral("/broken/.quire/album.db"), "not a database"));

        AlbumRegistry registry(workspace);
        QCOMPARE(registry.catalog()->size(), 0);
        Result<ScanReport> report = registry.scan(library);
        QVERIFY2(report.ok(), qPrintable(report.error().toString()));
        QCOMPARE(QSet<QUuid>(report->found.begin(), report->found.end()), made);
        QCOMPARE(report->added.size(), 3);
        QCOMPARE(report->problems.size(), 1);
        QVERIFY(report->problems.first().album().endsWith(QLatin1String("broken")));
        QCOMPARE(registry.catalog()->size(), 3);

        QCOMPARE(registry.scan(m_dir.filePath(QStringLiteral("nowhere"))).error().code(), ErrorCode::NotFound);
    }

    void albumMovedOutsideQuireIsFoundAgainByScan()
    {
        AlbumRegistry registry(m_dir.filePath(QStringLiteral("workspace-move")));
        const QString before = m_dir.filePath(QStringLiteral("shelf-a/Trip"));
        Result<Album> album = registry.create(before);
        QVERIFY(album.ok());
        QVERIFY(addPictures(*album, {{QStringLiteral("a.jpg"), 1}}));
        const QUuid uuid = album->uuid();
        QVERIFY(registry.close(uuid).ok());
        album = Result<Album>(Album());
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("shelf-b"))));
        QVERIFY(QDir().rename(before, m_dir.filePath(QStringLiteral("shelf-b/Trip"))));

        // Until a scan finds it, it is missing, not gone.
        Result<Album> lost = registry.resolve(uuid.toString());
        QVERIFY(!lost.ok());
        QVERIFY(lost.error().message().contains(QLatin1String("missing")));
        QCOMPARE(entryFor(registry, uuid).state, AlbumState::Missing);

        QSignalSpy moved(&registry, &Registry::tenantMoved);
        Result<ScanReport> report = registry.scan(m_dir.filePath(QStringLiteral("shelf-b")));
        QVERIFY(report.ok());
        QCOMPARE(report->moved, QList<QUuid>{uuid});
        QCOMPARE(moved.count(), 1);
        QCOMPARE(moved.first().at(2).toString(), QFileInfo(m_dir.filePath(QStringLiteral("shelf-b/Trip"))).canonicalFilePath());
        const CatalogEntry entry = entryFor(registry, uuid);
        QCOMPARE(entry.state, AlbumState::Available);
        QVERIFY(entry.folder.endsWith(QLatin1String("shelf-b/Trip")));
        Result<Album> found = registry.resolve(uuid.toString());
        QVERIFY(found.ok());
        QCOMPARE(*quire::Pictures(*found->read()).count(), 1);
    }

    void missingAlbumIsMarkedNeverDropped()
    {
        AlbumRegistry registry(m_dir.filePath(QStringLiteral("workspace-missing")));
        const QString root = m_dir.filePath(QStringLiteral("shelf-c"));
        Result<Album> keep = registry.create(root + QStringLiteral("/Keep"));
        Result<Album> gone = registry.create(root + QStringLiteral("/Gone"));
        QVERIFY(keep.ok() && gone.ok());
        const QUuid goneUuid = gone->uuid();
        QVERIFY(registry.close(goneUuid).ok());
        QVERIFY(QDir(root + QStringLiteral("/Gone")).removeRecursively());

        QSignalSpy state(&registry, &Registry::tenantStateChanged);
        Result<ScanReport> report = registry.scan(root);
        QVERIFY(report.ok());
        QCOMPARE(report->missing, QList<QUuid>{goneUuid});
        QCOMPARE(state.count(), 1);
        QCOMPARE(state.first().at(1).value<AlbumState>(), AlbumState::Missing);
        QCOMPARE(registry.catalog()->size(), 2);
        QCOMPARE(entryFor(registry, goneUuid).state, AlbumState::Missing);
        QVERIFY(entryFor(registry, goneUuid).folder.endsWith(QLatin1String("Gone")));

        // Forgetting is the only way out of the catalog.
        QSignalSpy removed(&registry, &Registry::tenantRemoved);
        QVERIFY(registry.forget(goneUuid).ok());
        QCOMPARE(removed.count(), 1);
        QCOMPARE(registry.catalog()->size(), 1);
        QCOMPARE(registry.forget(goneUuid).error().code(), ErrorCode::NotFound);
        QVERIFY(QFile::exists(keep->databasePath()));
    }

    void migrateAllDryRunThenUpgradesEachAlbumAlone()
    {
        // A next schema step that fails on an album with two pictures of the
        // same size: one album fails, the others upgrade.
        QList<MigrationStep> steps = albumFormat().steps();
        MigrationStep next;
        next.version = albumFormat().latestVersion() + 1;
        next.description = QStringLiteral("unique sizes");
        next.sql = "CREATE UNIQUE INDEX pictures_unique_size ON pictures (file_size)\n";
        steps.append(next);
        const TenantFormat newer = *albumFormatWithSteps(steps);

        const QString workspace = m_dir.filePath(QStringLiteral("workspace-migrate"));
        const QString root = m_dir.filePath(QStringLiteral("shelf-m"));
        QMap<QString, QUuid> uuids;
        {
            AlbumRegistry old(workspace);
            for (const QString &name : {QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")}) {
                Result<Album> album = old.create(root + QLatin1Char('/') + name);
                QVERIFY(album.ok());
                uuids.insert(name, album->uuid());
                const qint64 secondSize = name == QLatin1String("B") ? 1 : 2;
                QVERIFY(addPictures(*album, {{QStringLiteral("x.jpg"), 1}, {QStringLiteral("y.jpg"), secondSize}}));
            }
        }
        const QString oldVersion = QString::number(albumFormat().latestVersion());
        AlbumRegistry registry(newer, workspace);

        Result<MigrationReport> dry = registry.migrateAll(true);
        QVERIFY(dry.ok());
        QCOMPARE(dry->count(MigrationReport::Status::WouldUpgrade), 2);
        QCOMPARE(dry->count(MigrationReport::Status::Failed), 1);
        for (const QString &name : uuids.keys())
            QCOMPARE(rawQuery(Album::databasePathFor(root + QLatin1Char('/') + name), QStringLiteral("PRAGMA user_version")), oldVersion);
        QVERIFY(!QDir(root + QStringLiteral("/A/.quire/backups")).exists());

        Result<MigrationReport> real = registry.migrateAll(false);
        QVERIFY(real.ok());
        QCOMPARE(real->count(MigrationReport::Status::Upgraded), 2);
        QCOMPARE(real->count(MigrationReport::Status::Failed), 1);
        for (const MigrationReport::Entry &entry : real->entries) {
            if (entry.uuid == uuids[QStringLiteral("B")]) {
                QCOMPARE(entry.status, MigrationReport::Status::Failed);
                QVERIFY2(entry.message.contains(QLatin1String("UNIQUE")), qPrintable(entry.message));
            }
        }
        const QString newVersion = QString::number(newer.latestVersion());
        QCOMPARE(rawQuery(Album::databasePathFor(root + QStringLiteral("/A")), QStringLiteral("PRAGMA user_version")), newVersion);
        QCOMPARE(rawQuery(Album::databasePathFor(root + QStringLiteral("/C")), QStringLiteral("PRAGMA user_version")), newVersion);
        // B is exactly as it was, with both pictures.
        const QString b = Album::databasePathFor(root + QStringLiteral("/B"));
        QCOMPARE(rawQuery(b, QStringLiteral("PRAGMA user_version")), oldVersion);
        QCOMPARE(rawQuery(b, QStringLiteral("SELECT count(*) FROM pictures")), QStringLiteral("2"));
        QCOMPARE(QDir(root + QStringLiteral("/A/.quire/backups")).entryList(QDir::Files).size(), 1);

        // Nothing left to do on a second run, but B still fails.
        Result<MigrationReport> again = registry.migrateAll(true);
        QCOMPARE(again->count(MigrationReport::Status::UpToDate), 2);
        QCOMPARE(again->count(MigrationReport::Status::Failed), 1);
    }
};

QTEST_MAIN(TestRegistry)
#include "tst_registry.moc"
