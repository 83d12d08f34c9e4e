// The tenant engine with a format that is not the photo album: a ledger,
// one database per customer folder (.ledger/ledger.db). Proves that a
// program's own schema gets create/open/refuse, raw SQL sessions, a
// migration with a C++ data step, the registry, fan-out queries merged
// across tenants, and folder copy and move.

#include <quire/album.h>
#include <quire/fanout.h>
#include <quire/folders.h>
#include <quire/folders_move.h>
#include <quire/format.h>
#include <quire/registry.h>
#include <quire/session.h>

#include "registry/registry_private.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace quire;

namespace {

constexpr qint32 LedgerId = 0x4C444752; // "LDGR"

MigrationStep ledgerV1()
{
    MigrationStep step;
    step.version = 1;
    step.description = QStringLiteral("entries");
    step.sql = "CREATE TABLE entries (\n"
               "    id     INTEGER PRIMARY KEY,\n"
               "    at     INTEGER NOT NULL,\n"
               "    amount TEXT NOT NULL\n"
               ")\n;;\n"
               "CREATE INDEX entries_at ON entries (at)\n";
    return step;
}

// v2 keeps amounts as integer cents: a column added in SQL, filled by C++.
MigrationStep ledgerV2()
{
    MigrationStep step;
    step.version = 2;
    step.description = QStringLiteral("amounts in cents");
    step.sql = "ALTER TABLE entries ADD COLUMN cents INTEGER NOT NULL DEFAULT 0\n";
    step.run = [](Connection &db) -> Result<void> {
        Result<Statement> read = db.prepare("SELECT id, amount FROM entries");
        if (!read)
            return read.error();
        QList<QPair<qint64, qint64>> cents;
        if (auto r = read->each([&](Statement &row) {
                cents.append({row.int64(0), qRound64(row.text(1).toDouble() * 100)});
            });
            !r)
            return r;
        Result<Statement> write = db.prepare("UPDATE entries SET cents = ?2 WHERE id = ?1");
        if (!write)
            return write.error();
        for (const auto &[id, value] : std::as_const(cents)) {
            if (auto r = write->bind(1, id).bind(2, value).run(); !r)
                return r;
        }
        return {};
    };
    return step;
}

TenantFormat ledgerFormat(bool withV2)
{
    TenantFormatSpec spec;
    spec.applicationId = LedgerId;
    spec.databasePath = QStringLiteral(".ledger/ledger.db");
    spec.kind = QStringLiteral("ledger");
    spec.program = QStringLiteral("Ledger");
    spec.steps = {ledgerV1()};
    if (withV2)
        spec.steps.append(ledgerV2());
    Result<TenantFormat> format = TenantFormat::make(spec);
    Q_ASSERT(format.ok());
    return *format;
}

TenantOptions ledgerOptions(bool withV2 = true)
{
    TenantOptions o;
    o.format = ledgerFormat(withV2);
    return o;
}

} // namespace

class TestEngineFormats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
    }

    void aLedgerIsItsOwnFolderAndSchema()
    {
        const QString folder = m_tmp->filePath(QStringLiteral("acme"));
        Result<Tenant> ledger = Tenant::create(folder, QStringLiteral("ACME Ltd"), ledgerOptions());
        QVERIFY2(ledger.ok(), qPrintable(ledger.error().toString()));
        QVERIFY(QFileInfo(folder + QStringLiteral("/.ledger/ledger.db")).isFile());
        QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/.quire")));
        QCOMPARE(ledger->name(), QStringLiteral("ACME Ltd"));
        QCOMPARE(ledger->schemaVersion(), 2);
        QVERIFY(!ledger->uuid().isNull());

        // Raw SQL with bound values, in a transaction of its own.
        Result<Session> writer = ledger->write();
        QVERIFY(writer.ok());
        Result<qint64> changed = writer->exec("INSERT INTO entries (at, amount, cents) VALUES (?1, ?2, ?3)",
                                              {qint64(100), QStringLiteral("12.50"), qint64(1250)});
        QVERIFY2(changed.ok(), qPrintable(changed.error().toString()));
        QCOMPARE(*changed, qint64(1));
        Result<Rows> rows = writer->query("SELECT amount, cents FROM entries WHERE at = ?1", {qint64(100)});
        QVERIFY(rows.ok());
        QCOMPARE(rows->columns, (QStringList{QStringLiteral("amount"), QStringLiteral("cents")}));
        QCOMPARE(rows->size(), 1);
        QCOMPARE(rows->values[0][0].toString(), QStringLiteral("12.50"));
        QCOMPARE(rows->values[0][1].toLongLong(), qint64(1250));

        // A read session refuses to write, naming the ledger.
        Result<Session> reader = ledger->read();
        QVERIFY(reader.ok());
        Result<qint64> refused = reader->exec("DELETE FROM entries");
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().album(), ledger->folder());

        // The engine's identity table sits beside the program's tables.
        Result<Rows> identity = reader->query("SELECT value FROM quire_identity WHERE key = 'uuid'");
        QVERIFY(identity.ok());
        QCOMPARE(identity->values.value(0).value(0).toString(), ledger->uuid().toString(QUuid::WithoutBraces));

        // And the schema passes the engine's check.
        Result<CheckReport> check = ledger->check();
        QVERIFY(check.ok());
        QVERIFY2(check->ok, qPrintable(check->problems.join(QLatin1Char('\n'))));
    }

    void anOlderLedgerIsMigratedWithItsDataStep()
    {
        const QString folder = m_tmp->filePath(QStringLiteral("old"));
        {
            Result<Tenant> v1 = Tenant::create(folder, {}, ledgerOptions(false));
            QVERIFY(v1.ok());
            QCOMPARE(v1->schemaVersion(), 1);
            {
                Result<Session> writer = v1->write();
                QVERIFY(writer->exec("INSERT INTO entries (at, amount) VALUES (1, '3.20'), (2, '0.05')").ok());
            }
            QVERIFY(v1->close().ok());
        }
        Result<Tenant> v2 = Tenant::open(folder, ledgerOptions(true));
        QVERIFY2(v2.ok(), qPrintable(v2.error().toString()));
        QCOMPARE(v2->schemaVersion(), 2);
        Result<Session> reader = v2->read();
        Result<Rows> cents = reader->query("SELECT cents FROM entries ORDER BY at");
        QVERIFY(cents.ok());
        QCOMPARE(cents->size(), 2);
        QCOMPARE(cents->values[0][0].toLongLong(), qint64(320));
        QCOMPARE(cents->values[1][0].toLongLong(), qint64(5));
        // The backup went to the ledger's own control folder.
        const QStringList backups = QDir(folder + QStringLiteral("/.ledger/backups")).entryList(QDir::Files);
        QCOMPARE(backups.size(), 1);
        QVERIFY2(backups.first().startsWith(QLatin1String("ledger-schema1-")), qPrintable(backups.first()));
    }

    void formatsRefuseEachOther()
    {
        const QString ledgerFolder = m_tmp->filePath(QStringLiteral("ledger"));
        QVERIFY(Tenant::create(ledgerFolder, {}, ledgerOptions()).ok());
        const QString albumFolder = m_tmp->filePath(QStringLiteral("album"));
        QVERIFY(Album::create(albumFolder).ok());

        // An album's folder has no ledger database at all.
        Result<Tenant> asLedger = Tenant::open(albumFolder, ledgerOptions());
        QVERIFY(!asLedger.ok());
        QCOMPARE(asLedger.error().code(), ErrorCode::NotAnAlbum);
        QVERIFY2(asLedger.error().message().contains(QLatin1String(".ledger/ledger.db")),
                 qPrintable(asLedger.error().message()));

        // A ledger database put where an album's goes is refused by its
        // application id, and left byte for byte as it was.
        const QString hybrid = m_tmp->filePath(QStringLiteral("hybrid"));
        QVERIFY(QDir().mkpath(hybrid + QStringLiteral("/.quire")));
        QVERIFY(QFile::copy(ledgerFolder + QStringLiteral("/.ledger/ledger.db"), hybrid + QStringLiteral("/.quire/album.db")));
        const QByteArray before = readAll(hybrid + QStringLiteral("/.quire/album.db"));
        Result<Album> asAlbum = Album::open(hybrid);
        QVERIFY(!asAlbum.ok());
        QCOMPARE(asAlbum.error().code(), ErrorCode::NotAnAlbum);
        QVERIFY2(asAlbum.error().message().contains(QString::number(LedgerId)), qPrintable(asAlbum.error().message()));
        QCOMPARE(readAll(hybrid + QStringLiteral("/.quire/album.db")), before);

        // No format: a clear error, nothing made.
        const QString none = m_tmp->filePath(QStringLiteral("none"));
        Result<Tenant> unformatted = Tenant::create(none, {}, TenantOptions());
        QVERIFY(!unformatted.ok());
        QCOMPARE(unformatted.error().code(), ErrorCode::InvalidArgument);
        QVERIFY(!QFileInfo::exists(none));
    }

    void badFormatDefinitionsAreRefused_data()
    {
        QTest::addColumn<int>("applicationId");
        QTest::addColumn<QString>("databasePath");
        QTest::addColumn<QList<int>>("versions");
        QTest::addColumn<QString>("says");
        QTest::newRow("id 0") << 0 << ".ledger/ledger.db" << QList<int>{1} << "application id";
        QTest::newRow("path leaves the folder") << LedgerId << "../ledger.db" << QList<int>{1} << "'.' or '..'";
        QTest::newRow("absolute path") << LedgerId << "/tmp/ledger.db" << QList<int>{1} << "relative";
        QTest::newRow("path at the top") << LedgerId << "ledger.db" << QList<int>{1} << "one folder deep";
        QTest::newRow("path two deep") << LedgerId << ".ledger/db/ledger.db" << QList<int>{1} << "one folder deep";
        QTest::newRow("gap") << LedgerId << ".ledger/ledger.db" << QList<int>{1, 3} << "without gaps";
        QTest::newRow("repeat") << LedgerId << ".ledger/ledger.db" << QList<int>{1, 1} << "without gaps";
        QTest::newRow("no steps") << LedgerId << ".ledger/ledger.db" << QList<int>{} << "no migration steps";
    }

    void badFormatDefinitionsAreRefused()
    {
        QFETCH(int, applicationId);
        QFETCH(QString, databasePath);
        QFETCH(QList<int>, versions);
        QFETCH(QString, says);
        TenantFormatSpec spec;
        spec.applicationId = applicationId;
        spec.databasePath = databasePath;
        spec.kind = QStringLiteral("ledger");
        for (int v : versions) {
            MigrationStep step = ledgerV1();
            step.version = v;
            spec.steps.append(step);
        }
        Result<TenantFormat> format = TenantFormat::make(spec);
        QVERIFY(!format.ok());
        QCOMPARE(format.error().code(), ErrorCode::InvalidArgument);
        QVERIFY2(format.error().message().contains(says), qPrintable(format.error().message()));
    }

    void fanOutMergesNewestAcrossTenants()
    {
        Registry registry(ledgerFormat(true), m_tmp->filePath(QStringLiteral("workspace")));
        QList<FanOutRow> everything;
        QList<QUuid> tenants;
        for (int t = 0; t < 12; ++t) {
            Result<Tenant> ledger = registry.create(m_tmp->filePath(QStringLiteral("customers/c%1").arg(t)));
            QVERIFY2(ledger.ok(), qPrintable(ledger.error().toString()));
            tenants.append(ledger->uuid());
            Result<Session> writer = ledger->write();
            Result<Transaction> tx = writer->transaction();
            QVERIFY(tx.ok());
            for (int i = 0; i < 30; ++i) {
                // Interleaved times, so the top rows come from many tenants.
                const qint64 at = qint64(i) * 100 + (t * 7) % 100;
                QVERIFY(writer->exec("INSERT INTO entries (at, amount, cents) VALUES (?1, '1', ?2)", {at, qint64(t)}).ok());
                everything.append(FanOutRow{ledger->uuid(), ledger->folder(), {at, qint64(t)}});
            }
            QVERIFY(tx->commit().ok());
        }
        std::sort(everything.begin(), everything.end(), [](const FanOutRow &a, const FanOutRow &b) {
            return a.values[0].toLongLong() > b.values[0].toLongLong();
        });

        FanOutQuery query;
        query.sql = "SELECT at, cents FROM entries WHERE at >= ?1 ORDER BY at DESC";
        query.values = {qint64(0)};
        query.orderBy = {FanOutKey{QStringLiteral("at"), true}};
        query.limit = 25;
        int streamed = 0;
        query.rows = [&](const QStringList &, const QList<FanOutRow> &rows) { streamed += int(rows.size()); };
        int lastProgress = 0;
        query.progress = [&](const FanOutProgress &p) {
            lastProgress = p.tenantsDone;
            return true;
        };
        Result<FanOutResult> result = fanOut(registry, query);
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        QCOMPARE(result->columns, (QStringList{QStringLiteral("at"), QStringLiteral("cents")}));
        QCOMPARE(result->rows.size(), 25);
        QCOMPARE(result->tenantsSearched, 12);
        QCOMPARE(lastProgress, 12);
        QVERIFY(streamed >= 25);
        QVERIFY(result->failures.isEmpty());
        for (int i = 0; i < 25; ++i) {
            QCOMPARE(result->rows[i].values[0].toLongLong(), everything[i].values[0].toLongLong());
            // Each row names the tenant it came from, and its data agrees.
            const int t = int(result->rows[i].values[1].toLongLong());
            QCOMPARE(result->rows[i].tenant, tenants[t]);
            QVERIFY(result->rows[i].folder.endsWith(QStringLiteral("/c%1").arg(t)));
        }

        // A chosen set, and one UUID the workspace does not know.
        query.tenants = {tenants[3], tenants[5], QUuid::createUuid()};
        query.limit = -1;
        result = fanOut(registry, query);
        QVERIFY(result.ok());
        QCOMPARE(result->rows.size(), 60);
        QCOMPARE(result->failures.size(), 1);
        QCOMPARE(result->failures[0].code(), ErrorCode::NotFound);
        QVERIFY(std::is_sorted(result->rows.cbegin(), result->rows.cend(), [](const FanOutRow &a, const FanOutRow &b) {
            return a.values[0].toLongLong() > b.values[0].toLongLong();
        }));

        // An order key that is not a column is the caller's mistake.
        query.orderBy = {FanOutKey{QStringLiteral("when"), true}};
        result = fanOut(registry, query);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code(), ErrorCode::InvalidArgument);
        QVERIFY2(result.error().message().contains(QLatin1String("when")), qPrintable(result.error().message()));
    }

    void fanOutReportsADamagedTenantAndAnswersFromTheRest()
    {
        Registry registry(ledgerFormat(true), m_tmp->filePath(QStringLiteral("workspace")));
        QString damagedFolder;
        for (int t = 0; t < 4; ++t) {
            Result<Tenant> ledger = registry.create(m_tmp->filePath(QStringLiteral("d%1").arg(t)));
            QVERIFY(ledger.ok());
            QVERIFY(ledger->write()->exec("INSERT INTO entries (at, amount) VALUES (?1, '1')", {qint64(t)}).ok());
            if (t == 2)
                damagedFolder = ledger->folder();
            QVERIFY(registry.close(ledger->uuid()).ok());
        }
        // Garbage over the whole file: not a database any more.
        QFile db(damagedFolder + QStringLiteral("/.ledger/ledger.db"));
        QVERIFY(db.open(QIODevice::ReadWrite));
        const qint64 size = db.size();
        QVERIFY(db.write(QByteArray(int(size), 'x')) == size);
        db.close();

        FanOutQuery query;
        query.sql = "SELECT at FROM entries ORDER BY at";
        query.orderBy = {FanOutKey{QStringLiteral("at"), false}};
        Result<FanOutResult> result = fanOut(registry, query);
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        QCOMPARE(result->rows.size(), 3);
        QCOMPARE(result->failures.size(), 1);
        QCOMPARE(result->failures[0].album(), damagedFolder);
        QCOMPARE(result->tenantsSearched, 4);
    }

    // A folder operation that fences the folder while the registry is
    // opening it (here: during its migration, through the C++ step) wins:
    // the open is refused and the tenant is not recorded at that folder.
    void anOpenRacingAFolderOperationIsNotRecorded()
    {
        const QString folder = m_tmp->filePath(QStringLiteral("racing"));
        {
            Result<Tenant> v1 = Tenant::create(folder, {}, ledgerOptions(false));
            QVERIFY(v1.ok());
            QVERIFY(v1->close().ok());
        }
        std::unique_ptr<Registry> registry;
        std::unique_ptr<detail::FolderFence> fence;
        TenantFormatSpec spec;
        spec.applicationId = LedgerId;
        spec.databasePath = QStringLiteral(".ledger/ledger.db");
        spec.kind = QStringLiteral("ledger");
        spec.steps = {ledgerV1(), ledgerV2()};
        const auto dataStep = spec.steps[1].run;
        spec.steps[1].run = [&, dataStep](Connection &db) -> Result<void> {
            if (registry && !fence) // the fingerprint run of make() has no registry yet
                fence = std::make_unique<detail::FolderFence>(*registry, folder);
            return dataStep(db);
        };
        Result<TenantFormat> format = TenantFormat::make(spec);
        QVERIFY(format.ok());
        registry = std::make_unique<Registry>(*format, m_tmp->filePath(QStringLiteral("workspace")));

        Result<Tenant> opened = registry->open(folder);
        QVERIFY(fence);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code(), ErrorCode::Busy);
        QVERIFY2(opened.error().message().contains(QLatin1String("being renamed, moved or deleted")),
                 qPrintable(opened.error().message()));
        QVERIFY(registry->openTenants().isEmpty());
        QCOMPARE(registry->catalog()->size(), 0);

        // Once the operation is over, the folder opens (already migrated).
        fence.reset();
        opened = registry->open(folder);
        QVERIFY2(opened.ok(), qPrintable(opened.error().toString()));
        QCOMPARE(opened->schemaVersion(), 2);
    }

    void copyAndMoveALedgerFolder()
    {
        Registry registry(ledgerFormat(true), m_tmp->filePath(QStringLiteral("workspace")));
        Result<Tenant> ledger = registry.create(m_tmp->filePath(QStringLiteral("acme")), QStringLiteral("ACME"));
        QVERIFY(ledger.ok());
        QVERIFY(ledger->write()->exec("INSERT INTO entries (at, amount) VALUES (1, '9.99')").ok());
        QFile invoice(ledger->folder() + QStringLiteral("/invoice-1.pdf"));
        QVERIFY(invoice.open(QIODevice::WriteOnly));
        invoice.write("%PDF-1.4 invoice");
        invoice.close();

        // The source stays open with its rows in the -wal, and an old backup
        // of its own: neither may reach the copy as a file (only SQLite
        // copies the database).
        QVERIFY(QFileInfo(ledger->folder() + QStringLiteral("/.ledger/ledger.db-wal")).size() > 0);
        QVERIFY(QDir().mkpath(ledger->folder() + QStringLiteral("/.ledger/backups")));
        QFile oldBackup(ledger->folder() + QStringLiteral("/.ledger/backups/ledger-schema1-old.db"));
        QVERIFY(oldBackup.open(QIODevice::WriteOnly));
        oldBackup.write("an old backup of the source, with the source's UUID");
        oldBackup.close();
        Result<Tenant> copy = copyTenant(registry, ledger->uuid(), m_tmp->filePath(QStringLiteral("acme-copy")));
        QVERIFY2(copy.ok(), qPrintable(copy.error().toString()));
        QVERIFY(copy->uuid() != ledger->uuid());
        QCOMPARE(copy->name(), QStringLiteral("ACME (copy)"));
        QVERIFY(QFileInfo(copy->folder() + QStringLiteral("/invoice-1.pdf")).isFile());
        QCOMPARE(copy->read()->query("SELECT amount FROM entries")->values.value(0).value(0).toString(),
                 QStringLiteral("9.99"));
        QVERIFY(!QFileInfo::exists(copy->folder() + QStringLiteral("/.ledger/copy-partial")));
        QVERIFY(!QFileInfo::exists(copy->folder() + QStringLiteral("/.ledger/backups")));
        Result<CheckReport> copyCheck = copy->check();
        QVERIFY(copyCheck.ok() && copyCheck->ok);

        const QUuid uuid = ledger->uuid();
        QVERIFY(QDir().mkpath(m_tmp->filePath(QStringLiteral("archive"))));
        Result<Tenant> moved = moveTenant(registry, uuid, m_tmp->filePath(QStringLiteral("archive/acme")));
        QVERIFY2(moved.ok(), qPrintable(moved.error().toString()));
        QCOMPARE(moved->uuid(), uuid);
        QVERIFY(QFileInfo(moved->folder() + QStringLiteral("/.ledger/ledger.db")).isFile());
        QVERIFY(!QFileInfo::exists(m_tmp->filePath(QStringLiteral("acme"))));
        QCOMPARE(moved->read()->query("SELECT count(*) FROM entries")->values.value(0).value(0).toLongLong(), qint64(1));
    }

private:
    static QByteArray readAll(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    std::unique_ptr<QTemporaryDir> m_tmp;
};

QTEST_GUILESS_MAIN(TestEngineFormats)
#include "tst_engine_formats.moc"
