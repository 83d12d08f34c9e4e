// Damaged tenants: the database cut short, overwritten with garbage, a page
// overwritten in the middle, another tenant's -wal beside it, a folder or an
// empty file where it should be. Opening says "damaged" and why, naming
// the tenant; the other tenants of the registry keep working; the catalog
// shows the state; repair salvages what can be read and keeps the original.
// The whole suite runs for the photo album and for a second format.

#include "formats_under_test.h"
#include "testsupport.h"

#include <quire/quire.h>
#include <quire/album_folders.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace quire;
using quire::test::formatUnderTest;
using quire::test::rawQuery;

namespace {

constexpr int RowCount = 300;

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// A leaf page of the format's table in the middle of the file (dbstat),
// else the middle page.
int middleLeafPage(const QString &db)
{
    const QString pages = rawQuery(db, QStringLiteral("SELECT pageno FROM dbstat WHERE name = '%1' AND pagetype = 'leaf' "
                                                      "ORDER BY pageno")
                                           .arg(formatUnderTest().table));
    if (!pages.startsWith(QLatin1String("error")) && !pages.isEmpty()) {
        const QStringList list = pages.split(u'\n');
        return list.at(list.size() / 2).toInt();
    }
    return rawQuery(db, QStringLiteral("PRAGMA page_count")).toInt() / 2;
}

} // namespace

class TestDamaged : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static bool fill(const Tenant &tenant, int count)
    {
        Result<Session> session = tenant.write();
        return session && formatUnderTest().fill(*session, count).ok();
    }

    static QString databaseFileName() { return QFileInfo(formatUnderTest().format.databasePath()).fileName(); }

private Q_SLOTS:
    void initTestCase_data() { quire::test::addFormatRows(); }
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void damageIsReportedAndRepaired_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<bool>("openFails");
        QTest::newRow("truncated") << QStringLiteral("truncated") << true;
        QTest::newRow("garbage bytes") << QStringLiteral("garbage") << true;
        QTest::newRow("page overwritten") << QStringLiteral("page") << false;
        QTest::newRow("another tenant's -wal") << QStringLiteral("foreign-wal") << true;
        QTest::newRow("folder instead of database") << QStringLiteral("folder") << true;
        QTest::newRow("zero-length database") << QStringLiteral("empty") << true;
    }

    void damageIsReportedAndRepaired()
    {
        QFETCH(QString, damage);
        QFETCH(bool, openFails);
        const quire::test::FormatUnderTest &f = formatUnderTest();
        QTemporaryDir run(m_dir.filePath(QStringLiteral("run-XXXXXX")));
        const QString workspace = run.filePath(QStringLiteral("ws"));
        const QString target = run.filePath(QStringLiteral("Broken"));
        const QString good = run.filePath(QStringLiteral("Good"));
        const QString other = run.filePath(QStringLiteral("Other"));
        QUuid targetUuid, goodUuid;
        {
            std::unique_ptr<Registry> registry = f.registry(workspace);
            for (const QString &folder : {target, good, other}) {
                Result<Tenant> tenant = registry->create(folder, QFileInfo(folder).fileName());
                QVERIFY(tenant.ok());
                QVERIFY(fill(*tenant, folder == target ? RowCount : 20));
                if (folder == target)
                    targetUuid = tenant->uuid();
                if (folder == good)
                    goodUuid = tenant->uuid();
                QVERIFY(registry->close(tenant->uuid()).ok());
            }
        }
        const QString db = Tenant::databasePathFor(target, f.format);
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        const QByteArray intact = readAll(db);
        QVERIFY(intact.size() > 8 * 4096);
        // The most rows one leaf page of the table holds: what overwriting
        // one page may cost at most.
        const int rowsPerPage = rawQuery(db, QStringLiteral("SELECT max(ncell) FROM dbstat WHERE name = '%1' AND "
                                                            "pagetype = 'leaf'")
                                                 .arg(f.table))
                                    .toInt();
        QVERIFY(rowsPerPage > 0 && rowsPerPage < RowCount / 4);

        if (damage == QLatin1String("truncated")) {
            QVERIFY(QFile::resize(db, intact.size() / 2));
        } else if (damage == QLatin1String("garbage")) {
            QByteArray junk(intact.size(), Qt::Uninitialized);
            for (char &c : junk)
                c = char(QRandomGenerator::global()->bounded(256));
            QVERIFY(writeAll(db, junk));
        } else if (damage == QLatin1String("page")) {
            const int page = middleLeafPage(db);
            QVERIFY(page > 1);
            QByteArray bytes = intact;
            bytes.replace(qsizetype(page - 1) * 4096, 4096, QByteArray(4096, char(0xA5)));
            QVERIFY(writeAll(db, bytes));
        } else if (damage == QLatin1String("foreign-wal")) {
            // Another tenant's log, taken while it was open and written.
            const QString otherDb = Tenant::databasePathFor(other, f.format);
            const QByteArray writes = "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; " + f.rawInsertSql +
                                      "; UPDATE " + f.format.identityTable().toUtf8() +
                                      " SET value = value WHERE key = 'uuid'";
            sqlite3 *g = nullptr;
            QCOMPARE(sqlite3_open(QFile::encodeName(otherDb).constData(), &g), SQLITE_OK);
            QCOMPARE(sqlite3_exec(g, writes.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
            QVERIFY(QFile::copy(otherDb + QStringLiteral("-wal"), db + QStringLiteral("-wal")));
            sqlite3_close(g);
        } else if (damage == QLatin1String("folder")) {
            QVERIFY(QFile::remove(db));
            QVERIFY(QDir().mkpath(db));
        } else if (damage == QLatin1String("empty")) {
            QVERIFY(QFile::resize(db, 0));
        }
        const QByteArray damaged = QFileInfo(db).isFile() ? readAll(db) : QByteArray();
        const QByteArray damagedWal = readAll(db + QStringLiteral("-wal"));

        std::unique_ptr<Registry> registry = f.registry(workspace);
        Result<Tenant> opened = registry->open(target);
        if (openFails) {
            QVERIFY2(!opened.ok(), "a damaged tenant opened");
            const Error &e = opened.error();
            QVERIFY2(e.code() == ErrorCode::Damaged || e.code() == ErrorCode::NotSqlite, qPrintable(e.toString()));
            QVERIFY2(e.album().contains(QLatin1String("Broken")), qPrintable(e.toString()));
            QVERIFY2(e.message().contains(QLatin1String("damaged")), qPrintable(e.toString()));
            // The catalog shows it.
            const Result<QList<CatalogEntry>> catalog = registry->catalog();
            QVERIFY(catalog.ok());
            bool seen = false;
            for (const CatalogEntry &entry : *catalog) {
                if (entry.uuid == targetUuid) {
                    seen = true;
                    QCOMPARE(entry.state, TenantState::Damaged);
                    QVERIFY(!entry.problem.isEmpty());
                }
                if (entry.uuid == goodUuid)
                    QCOMPARE(entry.state, TenantState::Available);
            }
            QVERIFY(seen);
        } else {
            // Damage where opening does not read: the check finds it, and
            // reading the rows says the tenant is damaged.
            QVERIFY2(opened.ok(), qPrintable(opened.error().toString()));
            const Result<CheckReport> check = opened->check();
            QVERIFY(check.ok());
            QVERIFY(!check->ok);
            Result<Session> session = opened->read();
            QVERIFY(session.ok());
            const Result<Rows> all = session->query(("SELECT * FROM " + f.table).toUtf8());
            if (!all.ok()) {
                QCOMPARE(all.error().code(), ErrorCode::Damaged);
                QVERIFY2(all.error().toString().contains(QLatin1String("Broken")), qPrintable(all.error().toString()));
            }
        }
        // Every other tenant keeps working, read and write.
        for (const QString &folder : {good, other}) {
            Result<Tenant> tenant = registry->open(folder);
            QVERIFY2(tenant.ok(), qPrintable(tenant.error().toString()));
            const qint64 before = f.count(*tenant);
            QVERIFY(before >= 20);
            Result<Session> session = tenant->write();
            QVERIFY(session.ok());
            QVERIFY(f.addRow(*session, QStringLiteral("new")).ok());
            QCOMPARE(f.count(*tenant), before + 1);
        }
        opened = Tenant();

        // Repair: a new database in place, the original kept byte for byte.
        const Result<RepairReport> repaired = repairTenant(*registry, target);
        QVERIFY2(repaired.ok(), qPrintable(repaired.error().toString()));
        QCOMPARE(repaired->uuid, targetUuid);
        QCOMPARE(repaired->name, QStringLiteral("Broken"));
        const QString kept = QDir(repaired->originalKeptIn).filePath(databaseFileName());
        if (damage == QLatin1String("folder"))
            QVERIFY(QFileInfo(kept).isDir());
        else
            QVERIFY(readAll(kept) == damaged);
        if (!damagedWal.isEmpty())
            QVERIFY(readAll(kept + QStringLiteral("-wal")) == damagedWal);
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA foreign_key_check")), QString());
        Result<Tenant> again = registry->open(target);
        QVERIFY2(again.ok(), qPrintable(again.error().toString()));
        QCOMPARE(again->uuid(), targetUuid);
        QVERIFY(again->check()->ok);
        const qint64 rows = f.count(*again);
        qInfo().noquote() << QStringLiteral("damaged %1: %2: repair salvaged %3 rows (%4 of %5 %6), lost %7%8")
                                 .arg(f.name, damage)
                                 .arg(repaired->salvaged())
                                 .arg(rows)
                                 .arg(RowCount)
                                 .arg(f.table)
                                 .arg(repaired->lost())
                                 .arg(repaired->lossUnknown() ? QStringLiteral(" (some tables unknown)") : QString());
        if (damage == QLatin1String("page") || damage == QLatin1String("foreign-wal")) {
            // Every row but those of the page overwritten (and an album's
            // pictures their tags with them).
            QVERIFY2(rows >= RowCount - rowsPerPage,
                     qPrintable(QStringLiteral("%1 rows kept, %2 on a page").arg(rows).arg(rowsPerPage)));
            if (f.name == QLatin1String("album"))
                QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM pictures WHERE id NOT IN "
                                                     "(SELECT picture_id FROM picture_tags)")),
                         QStringLiteral("0"));
        }
        if (damage == QLatin1String("foreign-wal"))
            QCOMPARE(rows, qint64(RowCount)); // the database itself was whole
        // A file cut in half keeps its rows only where the b-tree's pages
        // survive; the salvage of such a file is weak so far (see the report).
        // The catalog shows it available again.
        const Result<QList<CatalogEntry>> catalog = registry->catalog(); // kept alive for the loop
        QVERIFY(catalog);
        for (const CatalogEntry &entry : *catalog) {
            if (entry.uuid == targetUuid)
                QCOMPARE(entry.state, TenantState::Available);
        }
    }

    // Copying a tenant with a damaged page: the copy is refused as
    // damaged, naming the tenant; nothing is left at the destination or
    // beside it, and the original is not touched.
    void copyOfDamagedTenantIsRefused()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        QTemporaryDir run(m_dir.filePath(QStringLiteral("run-XXXXXX")));
        const QString workspace = run.filePath(QStringLiteral("ws"));
        const QString target = run.filePath(QStringLiteral("Broken"));
        const QString copy = run.filePath(QStringLiteral("Broken copy"));
        QUuid uuid;
        {
            std::unique_ptr<Registry> registry = f.registry(workspace);
            Result<Tenant> tenant = registry->create(target, QStringLiteral("Broken"));
            QVERIFY(tenant.ok());
            QVERIFY(fill(*tenant, RowCount));
            uuid = tenant->uuid();
            QVERIFY(registry->close(uuid).ok());
        }
        const QString db = Tenant::databasePathFor(target, f.format);
        const int page = middleLeafPage(db);
        QVERIFY(page > 1);
        QByteArray bytes = readAll(db);
        bytes.replace(qsizetype(page - 1) * 4096, 4096, QByteArray(4096, char(0xA5)));
        QVERIFY(writeAll(db, bytes));

        std::unique_ptr<Registry> registry = f.registry(workspace);
        const Result<Tenant> made = copyTenant(*registry, uuid, copy);
        QVERIFY2(!made, "a damaged tenant was copied");
        QVERIFY2(made.error().code() == ErrorCode::Damaged,
                 qPrintable(QStringLiteral("%1: %2").arg(Error::codeName(made.error().code()), made.error().toString())));
        QVERIFY2(made.error().toString().contains(QLatin1String("Broken")), qPrintable(made.error().toString()));
        QVERIFY2(made.error().message().contains(QLatin1String("damaged")) || made.error().message().contains(QLatin1String("integrity")),
                 qPrintable(made.error().toString()));
        QVERIFY(!QFileInfo::exists(copy));
        QCOMPARE(QDir(run.path()).entryList({QStringLiteral("*.quire-partial-*")}, QDir::Dirs | QDir::Hidden).size(), 0);
        QCOMPARE(registry->catalog()->size(), 1);
        QVERIFY(readAll(db) == bytes);
    }
};

QTEST_GUILESS_MAIN(TestDamaged)
#include "tst_damaged.moc"
