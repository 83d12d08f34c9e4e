// The migration runner: an older tenant is backed up, then upgraded in one
// transaction; a damaged one is checked before anything is changed; a
// failing step leaves it exactly as it was. These run for the album and
// for a second format; the last two tests are about the album's own steps
// and the step splitter, which knows no format.

#include "formats_under_test.h"
#include "testsupport.h"

#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace quire;
using quire::test::FormatUnderTest;
using quire::test::rawQuery;

namespace {

// The next version: a column and an index on the format's main table.
MigrationStep addColumnStep(const FormatUnderTest &f)
{
    const QByteArray table = f.table.toUtf8();
    MigrationStep step;
    step.version = f.format.latestVersion() + 1;
    step.description = QStringLiteral("colour label column");
    step.sql = "ALTER TABLE " + table + " ADD COLUMN colour_label TEXT\n;;\n"
               "CREATE INDEX " + table + "_colour_label ON " + table + " (colour_label)\n";
    return step;
}

MigrationStep brokenStep(const FormatUnderTest &f)
{
    MigrationStep step;
    step.version = f.format.latestVersion() + 1;
    step.description = QStringLiteral("broken");
    // The first statement works, the second fails: nothing of it may stay.
    step.sql = "CREATE TABLE half_done (x)\n;;\nALTER TABLE no_such_table ADD COLUMN y\n";
    return step;
}

TenantOptions optionsFor(const TenantFormat &format)
{
    TenantOptions options;
    options.format = format;
    return options;
}

QString backupsOf(const FormatUnderTest &f, const QString &folder)
{
    return f.format.controlPath(folder, QStringLiteral("backups"));
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // A tenant at the current version holding one row: an album's picture
    // "sea.jpg" tagged Places/Beach, a customer's entry.
    QString makeOldTenant(const FormatUnderTest &f, const QString &name)
    {
        const QString folder = m_dir.filePath(f.name + QLatin1Char('-') + name);
        Result<Tenant> tenant = Tenant::create(folder, {}, optionsFor(f.format));
        if (!tenant)
            return {};
        Result<Session> session = tenant->write();
        if (!session)
            return {};
        if (f.name == QLatin1String("album")) {
            Result<Tag> tag = quire::Tags(*session).ensure(QStringLiteral("Places/Beach"));
            Picture picture;
            picture.path = QStringLiteral("sea.jpg");
            picture.tagIds = {tag->id};
            if (!quire::Pictures(*session).add(picture))
                return {};
        } else if (!f.addRow(*session, QStringLiteral("sea"))) {
            return {};
        }
        return folder;
    }

private Q_SLOTS:
    void olderTenantIsBackedUpAndUpgraded_data() { quire::test::addFormatRows(); }
    void olderTenantIsBackedUpAndUpgraded()
    {
        QFETCH(QString, format);
        const FormatUnderTest &f = quire::test::formatNamed(format);
        const QString folder = makeOldTenant(f, QStringLiteral("upgrade"));
        QVERIFY(!folder.isEmpty());
        const int oldVersion = f.format.latestVersion();
        const QString rowsBefore = f.fingerprint(folder);
        QVERIFY(!rowsBefore.isEmpty());

        const TenantOptions options = optionsFor(f.withStep(addColumnStep(f)));
        Result<Tenant> tenant = Tenant::open(folder, options);
        QVERIFY2(tenant.ok(), qPrintable(tenant.error().toString()));
        QCOMPARE(tenant->schemaVersion(), oldVersion + 1);
        QCOMPARE(f.count(*tenant), qint64(1));
        if (f.name == QLatin1String("album")) {
            Result<Session> session = tenant->read();
            Result<QList<Picture>> pictures = quire::Pictures(*session).query({});
            QCOMPARE(pictures->size(), 1);
            QCOMPARE(pictures->first().path, QStringLiteral("sea.jpg"));
            QCOMPARE(quire::Tags(*session).of(pictures->first().id)->first().path, QStringLiteral("Places/Beach"));
        }
        QVERIFY(tenant->close().ok());
        QCOMPARE(f.fingerprint(folder), rowsBefore);
        const QString db = Tenant::databasePathFor(folder, f.format);
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM pragma_table_info('%1') WHERE name = 'colour_label'").arg(f.table)),
                 QStringLiteral("1"));
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT value FROM %1 WHERE key = 'min_write_version'").arg(f.format.identityTable())),
                 QString::number(oldVersion + 1));

        // The backup is a whole database at the old version, in the
        // format's own control folder.
        const QStringList backups = QDir(backupsOf(f, folder)).entryList(QDir::Files);
        QCOMPARE(backups.size(), 1);
        const QString backup = QDir(backupsOf(f, folder)).filePath(backups.first());
        QVERIFY(backups.first().contains(QStringLiteral("schema%1").arg(oldVersion)));
        QCOMPARE(rawQuery(backup, QStringLiteral("PRAGMA user_version")), QString::number(oldVersion));
        QCOMPARE(rawQuery(backup, f.countSql()), QStringLiteral("1"));
        if (f.name == QLatin1String("album"))
            QCOMPARE(rawQuery(backup, QStringLiteral("SELECT path FROM pictures")), QStringLiteral("sea.jpg"));
        QCOMPARE(rawQuery(backup, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));

        // Upgraded and freshly made tenants are the same schema: a fresh one
        // made with the newer format opens with it, and so does this one again.
        QVERIFY(Tenant::create(m_dir.filePath(f.name + QStringLiteral("-fresh-newer")), {}, options).ok());
        QVERIFY(Tenant::open(folder, options).ok());
    }

    // A tenant this workspace has never seen, at an older schema, with a
    // damaged page: the first open through a registry quick_checks it
    // before anything is changed, so it is refused as damaged, naming the
    // tenant, and no backup was written, the schema version is the old one
    // and the database's bytes are as they were.
    void damagedOlderTenantIsCheckedBeforeItIsUpgraded_data() { quire::test::addFormatRows(); }
    void damagedOlderTenantIsCheckedBeforeItIsUpgraded()
    {
        QFETCH(QString, format);
        const FormatUnderTest &f = quire::test::formatNamed(format);
        const QString folder = m_dir.filePath(f.name + QStringLiteral("-damaged-older"));
        {
            Result<Tenant> tenant = Tenant::create(folder, QStringLiteral("Damaged older"), optionsFor(f.format));
            QVERIFY(tenant);
            {
                Result<Session> session = tenant->write();
                QVERIFY(session);
                QVERIFY(f.fill(*session, 300));
            }
            QVERIFY(tenant->close());
        }
        const QString db = Tenant::databasePathFor(folder, f.format);
        const int oldVersion = f.format.latestVersion();
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA user_version")), QString::number(oldVersion));
        // A leaf page of the format's table, overwritten: opening does not
        // read it, quick_check does.
        QString pages = rawQuery(db, QStringLiteral("SELECT pageno FROM dbstat WHERE name = '%1' AND pagetype = 'leaf' ORDER BY pageno")
                                         .arg(f.table));
        const QStringList leaves = pages.startsWith(QLatin1String("error")) ? QStringList() : pages.split(u'\n', Qt::SkipEmptyParts);
        const int page = leaves.isEmpty() ? rawQuery(db, QStringLiteral("PRAGMA page_count")).toInt() / 2 : leaves.at(leaves.size() / 2).toInt();
        QVERIFY(page > 1);
        QFile file(db);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(qint64(page - 1) * 4096));
        QCOMPARE(file.write(QByteArray(4096, char(0xA5))), qint64(4096));
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray damaged = file.readAll();
        file.close();

        std::unique_ptr<Registry> registry =
            f.makeRegistry(f.withStep(addColumnStep(f)), m_dir.filePath(f.name + QStringLiteral("-ws-damaged-older")), {});
        Result<Tenant> tenant = registry->open(folder);
        QVERIFY2(!tenant, "a damaged tenant was opened");
        QVERIFY2(tenant.error().code() == ErrorCode::Damaged, qPrintable(tenant.error().toString()));
        QVERIFY2(tenant.error().toString().contains(QLatin1String("damaged-older")), qPrintable(tenant.error().toString()));
        QVERIFY2(tenant.error().message().contains(QLatin1String("quick_check")), qPrintable(tenant.error().toString()));
        const QStringList backups = QDir(backupsOf(f, folder)).entryList(QDir::Files);
        QVERIFY2(backups.isEmpty(), qPrintable(backups.join(u' ')));
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA user_version")), QString::number(oldVersion));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(file.readAll() == damaged, "the damaged tenant's database was changed");
    }

    void failingStepLeavesTenantAsItWas_data() { quire::test::addFormatRows(); }
    void failingStepLeavesTenantAsItWas()
    {
        QFETCH(QString, format);
        const FormatUnderTest &f = quire::test::formatNamed(format);
        const QString folder = makeOldTenant(f, QStringLiteral("broken"));
        QVERIFY(!folder.isEmpty());
        const QString db = Tenant::databasePathFor(folder, f.format);
        const QString schemaBefore = rawQuery(db, QStringLiteral("SELECT group_concat(name) FROM sqlite_schema"));
        const QString rowsBefore = f.fingerprint(folder);

        Result<Tenant> tenant = Tenant::open(folder, optionsFor(f.withStep(brokenStep(f))));
        QVERIFY(!tenant.ok());
        QVERIFY2(tenant.error().message().contains(QLatin1String("broken")), qPrintable(tenant.error().message()));
        QVERIFY(tenant.error().album().endsWith(QLatin1String("broken")));

        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA user_version")), QString::number(f.format.latestVersion()));
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT group_concat(name) FROM sqlite_schema")), schemaBefore);
        QCOMPARE(f.fingerprint(folder), rowsBefore);
        if (f.name == QLatin1String("album"))
            QCOMPARE(rawQuery(db, QStringLiteral("SELECT path FROM pictures")), QStringLiteral("sea.jpg"));
        // And the tenant still opens with the format it has.
        QVERIFY(Tenant::open(folder, optionsFor(f.format)).ok());
    }

    void migrationCanBeRefused_data() { quire::test::addFormatRows(); }
    void migrationCanBeRefused()
    {
        QFETCH(QString, format);
        const FormatUnderTest &f = quire::test::formatNamed(format);
        const QString folder = makeOldTenant(f, QStringLiteral("no-migrate"));
        QVERIFY(!folder.isEmpty());
        TenantOptions options = optionsFor(f.withStep(addColumnStep(f)));
        options.migrate = false;
        Result<Tenant> tenant = Tenant::open(folder, options);
        QVERIFY(!tenant.ok());
        QCOMPARE(tenant.error().code(), ErrorCode::NeedsUpgrade);
        QVERIFY(tenant.error().message().contains(QLatin1String("needs an upgrade")));
        QVERIFY2(tenant.error().message().contains(QStringLiteral("The %1 has the older schema").arg(f.format.kind())),
                 qPrintable(tenant.error().message()));
        QVERIFY(!QDir(backupsOf(f, folder)).exists());
        QCOMPARE(rawQuery(Tenant::databasePathFor(folder, f.format), QStringLiteral("PRAGMA user_version")),
                 QString::number(f.format.latestVersion()));
    }

    void statementsSplitAtSeparatorLines()
    {
        const QList<QByteArray> parts = TenantFormat::statements("CREATE TABLE a (x);\n;;\n\n;;\nCREATE TABLE b (y)\n");
        QCOMPARE(parts.size(), 2);
        QVERIFY(parts[0].contains("TABLE a"));
        QVERIFY(parts[1].contains("TABLE b"));
    }

    void everyStepOfQuiresFormatIsValid()
    {
        const TenantFormat &format = albumFormat();
        QVERIFY(format.latestVersion() >= 1);
        for (const MigrationStep &step : format.steps())
            QVERIFY2(!format.fingerprint(step.version).isEmpty(), qPrintable(step.description));
        QVERIFY(format.fingerprint(1).contains("pictures"));
    }
};

QTEST_MAIN(TestMigrations)
#include "tst_migrations.moc"
