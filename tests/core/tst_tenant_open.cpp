// Create and open for every format: what each refusal says (not SQLite,
// another program's or format's application id, a newer schema, damaged,
// a changed schema), read-only folders and media, a busy database, a folder
// reached through a link. Every refusal names the tenant's folder and
// leaves its database byte for byte as it was. The whole suite runs for
// the photo album and for a second format; what only the album has (its
// meta table, pictures already in a folder) stays in tst_album_format.

#include "formats_under_test.h"
#include "testsupport.h"

#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <sys/mount.h>

using namespace quire;
using quire::test::formatUnderTest;
using quire::test::rawQuery;
using quire::test::writeFile;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

TenantOptions optionsOf(const quire::test::FormatUnderTest &f)
{
    TenantOptions options;
    options.format = f.format;
    return options;
}

// The other format under test: its tenants must be refused by this one.
const quire::test::FormatUnderTest &otherFormat(const quire::test::FormatUnderTest &f)
{
    return quire::test::formatNamed(f.name == QLatin1String("album") ? QStringLiteral("customer")
                                                                     : QStringLiteral("album"));
}

// A row the raw insert (rawInsertSql) wrote, counted raw.
QString rawRowCountSql(const quire::test::FormatUnderTest &f)
{
    return f.name == QLatin1String("album") ? QStringLiteral("SELECT count(*) FROM tags WHERE name = 'raw'")
                                            : QStringLiteral("SELECT count(*) FROM entries WHERE uuid = 'raw'");
}

} // namespace

class TestTenantOpen : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_next = 0;
    // A folder of its own for each test and format.
    QString path(const QString &name)
    {
        return m_dir.filePath(QStringLiteral("%1-%2-%3").arg(formatUnderTest().name, name).arg(++m_next));
    }

    // A plain SQLite database where the format's database goes, through the C API.
    static void writeRawDatabase(const QString &folder, const QString &sql)
    {
        const QString db = Tenant::databasePathFor(folder, formatUnderTest().format);
        QDir().mkpath(QFileInfo(db).path());
        const QString out = rawQuery(db, sql);
        QVERIFY2(!out.startsWith(QLatin1String("error")), qPrintable(out));
    }

private Q_SLOTS:
    void initTestCase_data() { quire::test::addFormatRows(); }
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void createRefusesAnExistingTenant()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        const QString folder = path(QStringLiteral("twice"));
        Result<Tenant> first = Tenant::create(folder, {}, optionsOf(f));
        QVERIFY2(first.ok(), qPrintable(first.error().toString()));
        const QUuid uuid = first->uuid();
        QVERIFY(f.addRow(*first->write(), QStringLiteral("kept")).ok());
        Result<Tenant> second = Tenant::create(folder, {}, optionsOf(f));
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code(), ErrorCode::AlreadyExists);
        QVERIFY2(second.error().album().contains(QLatin1String("twice")), qPrintable(second.error().toString()));
        // Nothing lost: the first tenant is untouched.
        QVERIFY(first->close().ok());
        Result<Tenant> again = Tenant::open(folder, optionsOf(f));
        QVERIFY(again.ok());
        QCOMPARE(again->uuid(), uuid);
        QCOMPARE(f.count(*again), qint64(1));
    }

    void createRefusesAFile()
    {
        const QString file = path(QStringLiteral("plain.txt"));
        QVERIFY(writeFile(file, "hello"));
        Result<Tenant> tenant = Tenant::create(file, {}, optionsOf(formatUnderTest()));
        QVERIFY(!tenant.ok());
        QCOMPARE(tenant.error().code(), ErrorCode::InvalidArgument);
        QCOMPARE(readAll(file), QByteArray("hello"));
    }

    // `words` may hold %P (the format's program) and %K (its kind).
    void openRefuses_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("words");

        QTest::newRow("missing folder") << "missing" << int(ErrorCode::NotFound) << "does not exist";
        QTest::newRow("plain folder") << "plain" << int(ErrorCode::NotAnAlbum) << "not a %P %K";
        QTest::newRow("foreign sqlite") << "foreign" << int(ErrorCode::NotAnAlbum) << "not a %P %K (application_id 0)";
        QTest::newRow("the other format's database") << "other" << int(ErrorCode::NotAnAlbum) << "not a %P %K (application_id";
        QTest::newRow("text file") << "text" << int(ErrorCode::NotSqlite) << "not an SQLite database";
        QTest::newRow("newer schema") << "newer" << int(ErrorCode::TooNew) << "written by a newer %P";
        QTest::newRow("empty file") << "empty" << int(ErrorCode::Damaged) << "empty (0 bytes)";
        QTest::newRow("folder for db") << "dir" << int(ErrorCode::Damaged) << "is a folder";
        QTest::newRow("changed schema") << "changed" << int(ErrorCode::SchemaMismatch) << "differ from %P's schema";
        QTest::newRow("unfinished tenant") << "unfinished" << int(ErrorCode::Damaged) << "no schema";
    }

    void openRefuses()
    {
        QFETCH(QString, setup);
        QFETCH(int, code);
        QFETCH(QString, words);
        const quire::test::FormatUnderTest &f = formatUnderTest();
        words.replace(QLatin1String("%P"), f.format.program()).replace(QLatin1String("%K"), f.format.kind());

        const QString folder = path(QStringLiteral("refuse-") + setup);
        const QString db = Tenant::databasePathFor(folder, f.format);
        if (setup == QLatin1String("plain")) {
            QDir().mkpath(folder);
        } else if (setup == QLatin1String("foreign")) {
            writeRawDatabase(folder, QStringLiteral("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');"));
        } else if (setup == QLatin1String("other")) {
            // The other format's tenant, its database put where this one's goes.
            const quire::test::FormatUnderTest &other = otherFormat(f);
            const QString elsewhere = path(QStringLiteral("other-format"));
            QVERIFY(Tenant::create(elsewhere, {}, optionsOf(other)).ok());
            QVERIFY(QDir().mkpath(QFileInfo(db).path()));
            QVERIFY(QFile::copy(Tenant::databasePathFor(elsewhere, other.format), db));
            words += QLatin1Char(' ') + QString::number(other.format.applicationId());
        } else if (setup == QLatin1String("text")) {
            QVERIFY(writeFile(db, QByteArray("this is a shopping list, not a database\n").repeated(50)));
        } else if (setup == QLatin1String("newer")) {
            QVERIFY(Tenant::create(folder, {}, optionsOf(f)).ok());
            QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA user_version = 99; "
                                                 "UPDATE %1 SET value = 99 WHERE key = 'min_write_version';")
                                      .arg(f.format.identityTable())),
                     QString());
        } else if (setup == QLatin1String("empty")) {
            QVERIFY(writeFile(db, QByteArray()));
        } else if (setup == QLatin1String("dir")) {
            QDir().mkpath(db);
        } else if (setup == QLatin1String("changed")) {
            QVERIFY(Tenant::create(folder, {}, optionsOf(f)).ok());
            QCOMPARE(rawQuery(db, QStringLiteral("CREATE TABLE extra (x)")), QString());
        } else if (setup == QLatin1String("unfinished")) {
            writeRawDatabase(folder, QStringLiteral("PRAGMA application_id = %1").arg(f.format.applicationId()));
        }
        const QByteArray before = QFileInfo(db).isFile() ? readAll(db) : QByteArray();

        // Alone and through a registry (which also runs quick_check first).
        Result<Tenant> alone = Tenant::open(folder, optionsOf(f));
        std::unique_ptr<Registry> registry = f.registry(path(QStringLiteral("ws")));
        Result<Tenant> viaRegistry = registry->open(folder);
        for (const Result<Tenant> &tenant : {alone, viaRegistry}) {
            QVERIFY(!tenant.ok());
            QCOMPARE(Error::codeName(tenant.error().code()), Error::codeName(ErrorCode(code)));
            QVERIFY2(tenant.error().message().contains(words), qPrintable(tenant.error().message()));
            // The error names the tenant's folder.
            QVERIFY2(tenant.error().toString().contains(QStringLiteral("refuse-") + setup),
                     qPrintable(tenant.error().toString()));
            // It speaks of this format's kind, never the album's (the
            // "Album '...'" prefix of Error::toString() is Error's own).
            if (f.name != QLatin1String("album"))
                QVERIFY2(!tenant.error().message().contains(QLatin1String("album")), qPrintable(tenant.error().message()));
        }
        const Result<QList<CatalogEntry>> catalog = registry->catalog();
        QVERIFY(catalog.ok());
        for (const CatalogEntry &entry : *catalog)
            QVERIFY(entry.state != TenantState::Available);
        // Nothing changed: a refused file is left byte for byte as it was,
        // and no WAL files appear beside it.
        if (!before.isEmpty()) {
            QVERIFY(readAll(db) == before);
            QVERIFY(!QFile::exists(db + QStringLiteral("-wal")));
        }
        if (setup == QLatin1String("foreign"))
            QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("delete"));
    }

    void openAcceptsNewerTenantDeclaredCompatible()
    {
        // A newer program may add to the schema and still let older ones
        // write (min_write_version); this one then opens it.
        const quire::test::FormatUnderTest &f = formatUnderTest();
        const QString folder = path(QStringLiteral("compatible"));
        QVERIFY(Tenant::create(folder, {}, optionsOf(f)).ok());
        const QString db = Tenant::databasePathFor(folder, f.format);
        const int newer = f.format.latestVersion() + 1;
        QCOMPARE(rawQuery(db, QStringLiteral("CREATE TABLE future (x); PRAGMA user_version = %1;").arg(newer)), QString());
        Result<Tenant> tenant = Tenant::open(folder, optionsOf(f));
        QVERIFY2(tenant.ok(), qPrintable(tenant.error().toString()));
        QCOMPARE(tenant->schemaVersion(), newer);
        QVERIFY(f.addRow(*tenant->write(), QStringLiteral("written")).ok());
        QCOMPARE(f.count(*tenant), qint64(1));
    }

    void readOnlyTenantOpensReadOnlyAndRefusesWrites()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        const QString folder = path(QStringLiteral("read-only"));
        {
            Result<Tenant> tenant = Tenant::create(folder, {}, optionsOf(f));
            QVERIFY(tenant.ok());
            QVERIFY(f.addRow(*tenant->write(), QStringLiteral("a")).ok());
            QVERIFY(tenant->close().ok());
        }
        const QString control = f.format.controlPath(folder);
        const QString db = Tenant::databasePathFor(folder, f.format);
        QVERIFY(QFile::setPermissions(db, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
        QVERIFY(QFile::setPermissions(control, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup));
        const QByteArray before = readAll(db);

        Result<Tenant> tenant = Tenant::open(folder, optionsOf(f));
        QVERIFY2(tenant.ok(), qPrintable(tenant.error().toString()));
        QVERIFY(tenant->isReadOnly());
        QVERIFY(tenant->readOnlyReason().contains(QLatin1String("permission")));
        QVERIFY2(tenant->readOnlyReason().contains(f.format.databasePath()), qPrintable(tenant->readOnlyReason()));
        QCOMPARE(f.count(*tenant), qint64(1));

        Result<Session> writer = tenant->write();
        QVERIFY(!writer.ok());
        QCOMPARE(writer.error().code(), ErrorCode::ReadOnly);
        QVERIFY(writer.error().toString().contains(QLatin1String("read-only")));
        QVERIFY2(writer.error().toString().contains(QLatin1String("read-only-")), qPrintable(writer.error().toString()));
        QVERIFY(tenant->close().ok());

        QVERIFY(QFile::setPermissions(control, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QVERIFY(QFile::setPermissions(db, QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY(readAll(db) == before);
        QCOMPARE(rawQuery(db, f.countSql()), QStringLiteral("1"));
    }

    void tenantOnReadOnlyMediaOpensImmutable()
    {
        // A real read-only mount: a tmpfs made here, filled, then remounted
        // read-only. Needs the right to mount (root in a sandbox has it).
        const quire::test::FormatUnderTest &f = formatUnderTest();
        const QString mountPoint = path(QStringLiteral("ro-media"));
        QVERIFY(QDir().mkpath(mountPoint));
        const QByteArray point = QFile::encodeName(mountPoint);
        if (::mount("quire-test", point.constData(), "tmpfs", 0, "size=8m") != 0)
            QSKIP("cannot mount a tmpfs here (no CAP_SYS_ADMIN); read-only media not tested");
        const QString folder = mountPoint + QStringLiteral("/Tenant");
        {
            Result<Tenant> tenant = Tenant::create(folder, {}, optionsOf(f));
            QVERIFY(tenant.ok());
            QVERIFY(f.addRow(*tenant->write(), QStringLiteral("cd")).ok());
            QVERIFY(tenant->close().ok());
        }
        const bool remounted = ::mount("quire-test", point.constData(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
        if (remounted) {
            Result<Tenant> tenant = Tenant::open(folder, optionsOf(f));
            QVERIFY2(tenant.ok(), qPrintable(tenant.error().toString()));
            QVERIFY(tenant->isReadOnly());
            QVERIFY(tenant->readOnlyReason().contains(QLatin1String("read-only media")));
            QCOMPARE(f.count(*tenant), qint64(1));
            QCOMPARE(tenant->write().error().code(), ErrorCode::ReadOnly);
            QVERIFY(tenant->close().ok());
        }
        ::umount2(point.constData(), MNT_DETACH);
        if (!remounted)
            QSKIP("could not remount the tmpfs read-only");
    }

    void busyTenantReportsBusyAndLosesNothing()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        const QString folder = path(QStringLiteral("busy"));
        TenantOptions options = optionsOf(f);
        options.busyTimeoutMs = 300;
        Result<Tenant> tenant = Tenant::create(folder, {}, options);
        QVERIFY(tenant.ok());

        // Another connection (as another program would) holds the write lock.
        sqlite3 *other = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(tenant->databasePath()).constData(), &other), SQLITE_OK);
        const QByteArray held = "BEGIN IMMEDIATE; " + f.rawInsertSql + ";";
        QCOMPARE(sqlite3_exec(other, held.constData(), nullptr, nullptr, nullptr), SQLITE_OK);

        {
            Result<Session> session = tenant->write();
            QVERIFY(session.ok());
            Result<void> added = f.addRow(*session, QStringLiteral("waiting"));
            QVERIFY(!added.ok());
            QCOMPARE(added.error().code(), ErrorCode::Busy);
            QVERIFY2(added.error().toString().contains(QLatin1String("locked")), qPrintable(added.error().toString()));
            QVERIFY2(added.error().album().contains(QLatin1String("busy")), qPrintable(added.error().toString()));

            // Once the other writer commits, the same session writes and both
            // changes are there.
            QCOMPARE(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
            sqlite3_close(other);
            QVERIFY(f.addRow(*session, QStringLiteral("waiting")).ok());
        }
        QVERIFY(tenant->close().ok());
        const QString db = Tenant::databasePathFor(folder, f.format);
        QCOMPARE(rawQuery(db, rawRowCountSql(f)), QStringLiteral("1"));
        QCOMPARE(rawQuery(db, f.countSql()), f.table == QLatin1String("entries") ? QStringLiteral("2") : QStringLiteral("1"));
    }

    void tenantReachedThroughSymlinkIsTheSameFolder()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        const QString folder = path(QStringLiteral("real"));
        QVERIFY(Tenant::create(folder, {}, optionsOf(f)).ok());
        const QString link = path(QStringLiteral("link"));
        QVERIFY(QFile::link(folder, link));
        Result<Tenant> viaLink = Tenant::open(link, optionsOf(f));
        QVERIFY(viaLink.ok());
        QCOMPARE(viaLink->folder(), QFileInfo(folder).canonicalFilePath());
        // And one tenant in a registry, whichever path it was opened by.
        std::unique_ptr<Registry> registry = f.registry(path(QStringLiteral("ws")));
        QVERIFY(registry->open(folder).ok());
        QVERIFY(registry->open(link).ok());
        QCOMPARE(registry->catalog()->size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestTenantOpen)
#include "tst_tenant_open.moc"
