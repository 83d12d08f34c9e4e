// The registry as the foundation uses it: create and open through a
// workspace, one tenant per folder, lookup by UUID through the catalog,
// copies, moves and missing tenants found by scan, migrate-all. The whole
// suite runs for the photo album and for a second format.

#include "formats_under_test.h"
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
using quire::test::formatUnderTest;
using quire::test::rawQuery;

namespace {

// Adds rows named by labels through the format's API.
bool addRows(const Tenant &tenant, const QStringList &labels)
{
    Result<Session> session = tenant.write();
    if (!session)
        return false;
    for (const QString &label : labels) {
        if (!formatUnderTest().addRow(*session, label))
            return false;
    }
    return true;
}

std::unique_ptr<Registry> makeRegistry(const QString &workspace)
{
    return formatUnderTest().registry(workspace);
}

Result<Tenant> createTenant(const QString &folder)
{
    TenantOptions options;
    options.format = formatUnderTest().format;
    return Tenant::create(folder, {}, options);
}

// "the customer", "album" in messages.
QString kind()
{
    return formatUnderTest().format.kind();
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

    // Each data row (format) gets folders of its own.
    QString path(const QString &name) const
    {
        return m_dir.filePath(formatUnderTest().name + QLatin1Char('/') + name);
    }

private Q_SLOTS:
    void initTestCase_data() { quire::test::addFormatRows(); }

    void createRecordsTenantInCatalog()
    {
        std::unique_ptr<Registry> owner = makeRegistry(path(QStringLiteral("workspace1")));
        Registry &registry = *owner;
        QSignalSpy added(&registry, &Registry::tenantAdded);
        Result<Tenant> album = registry.create(path(QStringLiteral("Holiday")), QStringLiteral("Holiday"));
        QVERIFY2(album.ok(), qPrintable(album.error().toString()));
        QCOMPARE(added.count(), 1);
        QCOMPARE(added.first().first().toUuid(), album->uuid());

        Result<QList<CatalogEntry>> catalog = registry.catalog();
        QVERIFY(catalog.ok());
        QCOMPARE(catalog->size(), 1);
        QCOMPARE(catalog->first().uuid, album->uuid());
        QCOMPARE(catalog->first().name, QStringLiteral("Holiday"));
        QCOMPARE(catalog->first().folder, album->folder());
        QCOMPARE(catalog->first().state, TenantState::Available);
        QVERIFY(QFile::exists(path(QStringLiteral("workspace1/catalog.db"))));
    }

    // A registry refusing a tenant (a newer schema, a changed one) leaves
    // its folder as it was: no -wal or -shm appear beside the database,
    // which is in WAL mode but closed, and its bytes are unchanged.
    void refusedTenantIsLeftWithoutLogFiles_data()
    {
        QTest::addColumn<QString>("change");
        QTest::newRow("newer schema") << QStringLiteral("PRAGMA user_version = 99; "
                                                        "UPDATE %1 SET value = 99 WHERE key = 'min_write_version'");
        QTest::newRow("changed schema") << QStringLiteral("CREATE TABLE extra (x)");
    }
    void refusedTenantIsLeftWithoutLogFiles()
    {
        QFETCH(QString, change);
        const QString folder = path(QStringLiteral("Refused ") + QString::fromLatin1(QTest::currentDataTag()));
        QVERIFY(createTenant(folder).ok());
        const QString db = Tenant::databasePathFor(folder, formatUnderTest().format);
        QCOMPARE(rawQuery(db, change.arg(formatUnderTest().format.identityTable())), QString());
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("wal"));
        QVERIFY(!QFile::exists(db + QStringLiteral("-wal")));
        QFile file(db);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();

        std::unique_ptr<Registry> registry = makeRegistry(path(QStringLiteral("workspace-refused")));
        const Result<Tenant> refused = registry->open(folder);
        QVERIFY(!refused);
        QVERIFY2(refused.error().toString().contains(QLatin1String("Refused")), qPrintable(refused.error().toString()));
        QVERIFY2(!QFile::exists(db + QStringLiteral("-wal")), "a -wal was left beside the refused database");
        QVERIFY2(!QFile::exists(db + QStringLiteral("-shm")), "a -shm was left beside the refused database");
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll() == before);
    }

    void oneTenantPerFolderEvenThroughASymlink()
    {
        std::unique_ptr<Registry> owner = makeRegistry(path(QStringLiteral("workspace2")));
        Registry &registry = *owner;
        const QString folder = path(QStringLiteral("Garden"));
        QVERIFY(createTenant(folder).ok());
        QVERIFY(QFile::link(folder, path(QStringLiteral("garden-link"))));
        Result<Tenant> first = registry.open(folder);
        Result<Tenant> second = registry.open(path(QStringLiteral("garden-link")));
        QVERIFY(first.ok() && second.ok());
        QVERIFY(*first == *second);
        QCOMPARE(registry.openTenants().size(), 1);
    }

    void resolveFindsTenantByUuidFromAnotherRegistry()
    {
        const QString workspace = path(QStringLiteral("workspace3"));
        QUuid uuid;
        {
            std::unique_ptr<Registry> registry = makeRegistry(workspace);
            Result<Tenant> album = registry->create(path(QStringLiteral("Paris")));
            QVERIFY(album.ok());
            uuid = album->uuid();
        }
        // A new registry (a new process, say) on the same workspace.
        std::unique_ptr<Registry> owner = makeRegistry(workspace);
        Registry &registry = *owner;
        Result<Tenant> album = registry.resolve(uuid.toString(QUuid::WithoutBraces));
        QVERIFY2(album.ok(), qPrintable(album.error().toString()));
        QCOMPARE(album->uuid(), uuid);
        QVERIFY(album->folder().endsWith(QLatin1String("Paris")));

        Result<Tenant> unknown = registry.resolve(QUuid::createUuid().toString());
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code(), ErrorCode::NotFound);
        QVERIFY(unknown.error().message().contains(QLatin1String("scan")));
        QVERIFY2(unknown.error().message().startsWith(QStringLiteral("No %1 with this UUID").arg(kind())),
                 qPrintable(unknown.error().message()));
    }

    void closeKeepsTenantInCatalog()
    {
        std::unique_ptr<Registry> owner = makeRegistry(path(QStringLiteral("workspace4")));
        Registry &registry = *owner;
        Result<Tenant> album = registry.create(path(QStringLiteral("Closing")));
        QVERIFY(album.ok());
        const QUuid uuid = album->uuid();
        QVERIFY(registry.close(uuid).ok());
        QVERIFY(album->isClosed());
        QCOMPARE(registry.openTenants().size(), 0);
        QCOMPARE(registry.catalog()->size(), 1);
        // Opening again works and gives a live tenant.
        Result<Tenant> again = registry.resolve(uuid.toString());
        QVERIFY(again.ok());
        QVERIFY(!again->isClosed());
        QCOMPARE(registry.close(QUuid::createUuid()).error().code(), ErrorCode::NotFound);
    }

    void twoRegistriesShareOneTenantFolder()
    {
        const QString folder = path(QStringLiteral("Shared"));
        QVERIFY(createTenant(folder).ok());
        std::unique_ptr<Registry> app = makeRegistry(path(QStringLiteral("workspace5")));
        std::unique_ptr<Registry> plugin = makeRegistry(path(QStringLiteral("workspace6")));
        Result<Tenant> a = app->open(folder);
        Result<Tenant> b = plugin->open(folder);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(addRows(*a, {QStringLiteral("from-app")}));
        QVERIFY(addRows(*b, {QStringLiteral("from-plugin")}));
        QCOMPARE(formatUnderTest().count(*a), qint64(2));
        QCOMPARE(formatUnderTest().count(*b), qint64(2));
    }

    void copyMadeOutsideQuireIsDetectedAndCanBecomeItsOwnTenant()
    {
        std::unique_ptr<Registry> owner = makeRegistry(path(QStringLiteral("workspace-copy")));
        Registry &registry = *owner;
        const QString original = path(QStringLiteral("Rome"));
        Result<Tenant> album = registry.create(original);
        QVERIFY(album.ok());
        QVERIFY(addRows(*album, {QStringLiteral("colosseum")}));
        const QUuid uuid = album->uuid();
        QVERIFY(registry.close(uuid).ok());
        const QString copy = path(QStringLiteral("Rome copy"));
        QVERIFY(copyFolder(original, copy));
        QVERIFY(registry.open(original).ok());

        Result<Tenant> refused = registry.open(copy);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code(), ErrorCode::AlreadyExists);
        QVERIFY2(refused.error().message().contains(QStringLiteral("copy of the %1 in").arg(kind())),
                 qPrintable(refused.error().message()));
        QVERIFY(refused.error().message().contains(QFileInfo(original).canonicalFilePath()));
        QVERIFY(refused.error().album().endsWith(QLatin1String("Rome copy")));

        QSignalSpy added(&registry, &Registry::tenantAdded);
        Result<Tenant> own = registry.open(copy, OpenMode::AsCopy);
        QVERIFY2(own.ok(), qPrintable(own.error().toString()));
        QVERIFY(own->uuid() != uuid);
        QCOMPARE(added.count(), 1);
        QCOMPARE(formatUnderTest().count(*own), qint64(1));
        QCOMPARE(QUuid::fromString(rawQuery(own->databasePath(), QStringLiteral("SELECT value FROM %1 WHERE key = 'uuid'")
                                                                     .arg(formatUnderTest().format.identityTable()))),
                 own->uuid());
        QCOMPARE(registry.catalog()->size(), 2);
        QCOMPARE(registry.find(uuid).folder(), QFileInfo(original).canonicalFilePath());
    }

    void asCopyOnTheKnownFolderReplacesItsIdentity()
    {
        std::unique_ptr<Registry> owner = makeRegistry(path(QStringLiteral("workspace-ascopy")));
        Registry &registry = *owner;
        const QString folder = path(QStringLiteral("Lisbon"));
        Result<Tenant> album = registry.create(folder);
        QVERIFY(album.ok());
        const QUuid old = album->uuid();
        QVERIFY(registry.close(old).ok());
        Result<Tenant> renewed = registry.open(folder, OpenMode::AsCopy);
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
        const QString workspace = path(QStringLiteral("workspace-old-layout"));
        QVERIFY(QDir().mkpath(workspace));
        QCOMPARE(rawQuery(workspace + QStringLiteral("/catalog.db"),
                          QStringLiteral("CREATE TABLE albums (uuid TEXT PRIMARY KEY, folder TEXT);"
                                         "INSERT INTO albums VALUES ('x', '/nowhere');")),
                 QString());
        std::unique_ptr<Registry> owner = makeRegistry(workspace);
        Registry &registry = *owner;
        Result<QList<CatalogEntry>> catalog = registry.catalog();
        QVERIFY2(catalog.ok(), qPrintable(catalog.error().toString()));
        QCOMPARE(catalog->size(), 0);
        QVERIFY(registry.create(path(QStringLiteral("After rebuild"))).ok());
        QCOMPARE(registry.catalog()->size(), 1);
    }

    void catalogDeletedIsRebuiltByScan()
    {
        const QString workspace = path(QStringLiteral("workspace-scan"));
        const QString library = path(QStringLiteral("library"));
        QSet<QUuid> made;
        {
            std::unique_ptr<Registry> registry = makeRegistry(workspace);
            for (const QString &name : {QStringLiteral("2021/Spring"), QStringLiteral("2021/Summer"),
                                        QStringLiteral("2022/Winter")}) {
                Result<Tenant> album = registry->create(library + QLatin1Char('/') + name);
                QVERIFY(album.ok());
                made.insert(album->uuid());
            }
        }
        QVERIFY(QFile::remove(workspace + QStringLiteral("/catalog.db")));
        QFile::remove(workspace + QStringLiteral("/catalog.db-wal"));
        QFile::remove(workspace + QStringLiteral("/catalog.db-shm"));
        // A folder that only looks like a tenant is reported, not fatal.
        QVERIFY(quire::test::writeFile(library + QStringLiteral("/broken/") + formatUnderTest().format.databasePath(),
                                       "not a database"));

        std::unique_ptr<Registry> owner = makeRegistry(workspace);
        Registry &registry = *owner;
        QCOMPARE(registry.catalog()->size(), 0);
        Result<ScanReport> report = registry.scan(library);
        QVERIFY2(report.ok(), qPrintable(report.error().toString()));
        QCOMPARE(QSet<QUuid>(report->found.begin(), report->found.end()), made);
        QCOMPARE(report->added.size(), 3);
        QCOMPARE(report->problems.size(), 1);
        QVERIFY(report->problems.first().album().endsWith(QLatin1String("broken")));
        QCOMPARE(registry.catalog()->size(), 3);

        QCOMPARE(registry.scan(path(QStringLiteral("nowhere"))).error().code(), ErrorCode::NotFound);
    }

    void tenantMovedOutsideQuireIsFoundAgainByScan()
    {
        std::unique_ptr<Registry> owner = makeRegistry(path(QStringLiteral("workspace-move")));
        Registry &registry = *owner;
        const QString before = path(QStringLiteral("shelf-a/Trip"));
        Result<Tenant> album = registry.create(before);
        QVERIFY(album.ok());
        QVERIFY(addRows(*album, {QStringLiteral("a")}));
        const QUuid uuid = album->uuid();
        QVERIFY(registry.close(uuid).ok());
        album = Result<Tenant>(Tenant());
        QVERIFY(QDir().mkpath(path(QStringLiteral("shelf-b"))));
        QVERIFY(QDir().rename(before, path(QStringLiteral("shelf-b/Trip"))));

        // Until a scan finds it, it is missing, not gone.
        Result<Tenant> lost = registry.resolve(uuid.toString());
        QVERIFY(!lost.ok());
        QVERIFY2(lost.error().message().startsWith(QStringLiteral("The %1 is missing").arg(kind())),
                 qPrintable(lost.error().message()));
        QCOMPARE(entryFor(registry, uuid).state, TenantState::Missing);

        QSignalSpy moved(&registry, &Registry::tenantMoved);
        Result<ScanReport> report = registry.scan(path(QStringLiteral("shelf-b")));
        QVERIFY(report.ok());
        QCOMPARE(report->moved, QList<QUuid>{uuid});
        QCOMPARE(moved.count(), 1);
        QCOMPARE(moved.first().at(2).toString(), QFileInfo(path(QStringLiteral("shelf-b/Trip"))).canonicalFilePath());
        const CatalogEntry entry = entryFor(registry, uuid);
        QCOMPARE(entry.state, TenantState::Available);
        QVERIFY(entry.folder.endsWith(QLatin1String("shelf-b/Trip")));
        Result<Tenant> found = registry.resolve(uuid.toString());
        QVERIFY(found.ok());
        QCOMPARE(formatUnderTest().count(*found), qint64(1));
    }

    void missingTenantIsMarkedNeverDropped()
    {
        std::unique_ptr<Registry> owner = makeRegistry(path(QStringLiteral("workspace-missing")));
        Registry &registry = *owner;
        const QString root = path(QStringLiteral("shelf-c"));
        Result<Tenant> keep = registry.create(root + QStringLiteral("/Keep"));
        Result<Tenant> gone = registry.create(root + QStringLiteral("/Gone"));
        QVERIFY(keep.ok() && gone.ok());
        const QUuid goneUuid = gone->uuid();
        QVERIFY(registry.close(goneUuid).ok());
        QVERIFY(QDir(root + QStringLiteral("/Gone")).removeRecursively());

        QSignalSpy state(&registry, &Registry::tenantStateChanged);
        Result<ScanReport> report = registry.scan(root);
        QVERIFY(report.ok());
        QCOMPARE(report->missing, QList<QUuid>{goneUuid});
        QCOMPARE(state.count(), 1);
        QCOMPARE(state.first().at(1).value<TenantState>(), TenantState::Missing);
        QCOMPARE(registry.catalog()->size(), 2);
        QCOMPARE(entryFor(registry, goneUuid).state, TenantState::Missing);
        QVERIFY(entryFor(registry, goneUuid).folder.endsWith(QLatin1String("Gone")));

        // Forgetting is the only way out of the catalog.
        QSignalSpy removed(&registry, &Registry::tenantRemoved);
        QVERIFY(registry.forget(goneUuid).ok());
        QCOMPARE(removed.count(), 1);
        QCOMPARE(registry.catalog()->size(), 1);
        QCOMPARE(registry.forget(goneUuid).error().code(), ErrorCode::NotFound);
        QVERIFY(QFile::exists(keep->databasePath()));
    }

    void migrateAllDryRunThenUpgradesEachTenantAlone()
    {
        // A next schema version whose C++ data step fails on a tenant with
        // more than two rows: one tenant fails, the others upgrade.
        const quire::test::FormatUnderTest &f = formatUnderTest();
        MigrationStep next;
        next.version = f.format.latestVersion() + 1;
        next.description = QStringLiteral("at most two rows");
        next.sql = "CREATE TABLE next_version (x)\n";
        const QByteArray count = f.countSql().toUtf8();
        next.run = [count](Connection &connection) -> Result<void> {
            Result<Statement> rows = connection.prepare(count);
            if (!rows)
                return rows.error();
            if (Result<bool> row = rows->step(); !row || !*row)
                return row ? Error(ErrorCode::Sqlite, {}, QStringLiteral("no count")) : row.error();
            if (rows->int64(0) > 2)
                return Error(ErrorCode::Constraint, {}, QStringLiteral("UNIQUE: more than two rows"));
            return {};
        };
        const TenantFormat newer = f.withStep(next);

        const QString workspace = path(QStringLiteral("workspace-migrate"));
        const QString root = path(QStringLiteral("shelf-m"));
        const QString control = f.format.controlFolder();
        auto database = [&](const QString &name) { return Tenant::databasePathFor(root + QLatin1Char('/') + name, f.format); };
        QMap<QString, QUuid> uuids;
        {
            std::unique_ptr<Registry> old = makeRegistry(workspace);
            for (const QString &name : {QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")}) {
                Result<Tenant> tenant = old->create(root + QLatin1Char('/') + name);
                QVERIFY(tenant.ok());
                uuids.insert(name, tenant->uuid());
                QStringList labels{QStringLiteral("x"), QStringLiteral("y")};
                if (name == QLatin1String("B"))
                    labels.append(QStringLiteral("z"));
                QVERIFY(addRows(*tenant, labels));
            }
        }
        const QString oldVersion = QString::number(f.format.latestVersion());
        std::unique_ptr<Registry> owner = f.makeRegistry(newer, workspace, {});
        Registry &registry = *owner;

        Result<MigrationReport> dry = registry.migrateAll(true);
        QVERIFY(dry.ok());
        QCOMPARE(dry->count(MigrationReport::Status::WouldUpgrade), 2);
        QCOMPARE(dry->count(MigrationReport::Status::Failed), 1);
        for (const QString &name : uuids.keys())
            QCOMPARE(rawQuery(database(name), QStringLiteral("PRAGMA user_version")), oldVersion);
        QVERIFY(!QDir(root + QStringLiteral("/A/") + control + QStringLiteral("/backups")).exists());

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
        QCOMPARE(rawQuery(database(QStringLiteral("A")), QStringLiteral("PRAGMA user_version")), newVersion);
        QCOMPARE(rawQuery(database(QStringLiteral("C")), QStringLiteral("PRAGMA user_version")), newVersion);
        QCOMPARE(rawQuery(database(QStringLiteral("A")), QStringLiteral("SELECT count(*) FROM next_version")),
                 QStringLiteral("0"));
        // B is exactly as it was, with its three rows and without the step's table.
        const QString b = database(QStringLiteral("B"));
        QCOMPARE(rawQuery(b, QStringLiteral("PRAGMA user_version")), oldVersion);
        QCOMPARE(rawQuery(b, f.countSql()), QStringLiteral("3"));
        QCOMPARE(rawQuery(b, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = 'next_version'")),
                 QStringLiteral("0"));
        QCOMPARE(QDir(root + QStringLiteral("/A/") + control + QStringLiteral("/backups")).entryList(QDir::Files).size(), 1);

        // Nothing left to do on a second run, but B still fails.
        Result<MigrationReport> again = registry.migrateAll(true);
        QCOMPARE(again->count(MigrationReport::Status::UpToDate), 2);
        QCOMPARE(again->count(MigrationReport::Status::Failed), 1);
    }
};

QTEST_MAIN(TestRegistry)
#include "tst_registry.moc"
