// G1, G3: the engine with a format that is not the album (a ledger, one
// database per customer folder), measured against the same statements on
// the sqlite3 C API.
//
// G1: 100,000 rows inserted through a raw-SQL session (Session::exec with
//     bound values) in transactions of 1,000. Target: within 1.10x.
// G3: a fan-out of the ledger's own SELECT over 1,000 open tenants, merged
//     newest 100 overall, against a sequential loop running the same SELECT
//     on each open connection and merging (under a connection cap, as many
//     kept open as the cap allows). Target: 0.7 (both cores).

#include "bench.h"
#include "raw_sqlite.h"

#include <quire/fanout.h>
#include <quire/format.h>
#include <quire/registry.h>
#include <quire/session.h>

#include <QDir>
#include <QFile>
#include <QRandomGenerator>

#include <sqlite3.h>

#include <algorithm>

namespace quire::bench {

namespace {

constexpr int Batch = 1000;
constexpr int Newest = 100;
const QByteArray InsertSql = "INSERT INTO entries (at, amount, cents) VALUES (?1, ?2, ?3)";
const QByteArray NewestSql = "SELECT at, cents FROM entries ORDER BY at DESC LIMIT 100";

const char *LedgerSchema = "CREATE TABLE entries (\n"
                           "    id     INTEGER PRIMARY KEY,\n"
                           "    at     INTEGER NOT NULL,\n"
                           "    amount TEXT NOT NULL,\n"
                           "    cents  INTEGER NOT NULL\n"
                           ")\n;;\n"
                           "CREATE INDEX entries_at ON entries (at)\n";

TenantFormat ledgerFormat()
{
    TenantFormatSpec spec;
    spec.applicationId = 0x4C444752; // "LDGR"
    spec.databasePath = QStringLiteral(".ledger/ledger.db");
    spec.kind = QStringLiteral("ledger");
    spec.program = QStringLiteral("Ledger");
    MigrationStep step;
    step.version = 1;
    step.description = QStringLiteral("entries");
    step.sql = LedgerSchema;
    spec.steps = {step};
    Result<TenantFormat> format = TenantFormat::make(spec);
    if (!format)
        qFatal("ledger format: %s", qPrintable(format.error().message()));
    return *format;
}

struct Entry {
    qint64 at;
    QString amount;
    QByteArray amountUtf8;
    qint64 cents;
};

QList<Entry> makeEntries(qint64 count, quint32 seed)
{
    QRandomGenerator random(seed);
    QList<Entry> entries;
    entries.reserve(count);
    for (qint64 i = 0; i < count; ++i) {
        const qint64 cents = random.bounded(1'000'000);
        const QString amount = QString::number(double(cents) / 100, 'f', 2);
        entries.append({1'700'000'000'000 + qint64(random.bounded(1'000'000'000)), amount, amount.toUtf8(), cents});
    }
    return entries;
}

// --- G1 --------------------------------------------------------------------

qint64 insertCount(double scale)
{
    return std::max<qint64>(Batch, qint64(100'000 * scale));
}

Run insertThroughQuire(const QString &folder, double scale)
{
    const QList<Entry> entries = makeEntries(insertCount(scale), 7);
    QList<QVariantList> values;
    values.reserve(entries.size());
    for (const Entry &e : entries)
        values.append({e.at, e.amount, e.cents});
    TenantOptions options;
    options.format = ledgerFormat();
    Result<Tenant> ledger = Tenant::create(QDir(folder).filePath(QStringLiteral("ledger")), {}, options);
    if (!ledger)
        return Run{0, 0, ledger.error().toString(), {}};
    QString error;
    const double elapsed = seconds([&] {
        Result<Session> session = ledger->write();
        if (!session) {
            error = session.error().toString();
            return;
        }
        for (qsizetype start = 0; start < values.size(); start += Batch) {
            Result<Transaction> tx = session->transaction();
            if (!tx) {
                error = tx.error().toString();
                return;
            }
            const qsizetype end = std::min(values.size(), start + Batch);
            for (qsizetype i = start; i < end; ++i) {
                if (Result<qint64> r = session->exec(InsertSql, values[i]); !r) {
                    error = r.error().toString();
                    return;
                }
            }
            if (auto r = tx->commit(); !r) {
                error = r.error().toString();
                return;
            }
        }
    });
    return Run{elapsed, entries.size(), error, {}};
}

Run insertOnRawSqlite(const QString &folder, double scale)
{
    const QList<Entry> entries = makeEntries(insertCount(scale), 7);
    sqlite3 *db = raw::open(QDir(folder).filePath(QStringLiteral("ledger.db")));
    for (const QByteArray &statement : TenantFormat::statements(LedgerSchema))
        raw::exec(db, statement);
    const double elapsed = seconds([&] {
        sqlite3_stmt *insert = raw::prepare(db, InsertSql);
        for (qsizetype i = 0; i < entries.size(); ++i) {
            if (i % Batch == 0)
                raw::exec(db, "BEGIN IMMEDIATE");
            const Entry &e = entries[i];
            sqlite3_bind_int64(insert, 1, e.at);
            sqlite3_bind_text(insert, 2, e.amountUtf8.constData(), int(e.amountUtf8.size()), SQLITE_STATIC);
            sqlite3_bind_int64(insert, 3, e.cents);
            if (sqlite3_step(insert) != SQLITE_DONE)
                qFatal("raw G1 insert: %s", sqlite3_errmsg(db));
            sqlite3_reset(insert);
            if (i % Batch == Batch - 1 || i == entries.size() - 1)
                raw::exec(db, "COMMIT");
        }
        sqlite3_finalize(insert);
    });
    sqlite3_close(db);
    return Run{elapsed, entries.size(), {}, {}};
}

// --- G3 --------------------------------------------------------------------

int tenantCount(double scale)
{
    return std::max(10, int(1000 * scale));
}

constexpr int EntriesPerTenant = 200;
constexpr int Queries = 5; // per run; the figure is the time of one

QString workspaceOf(const QString &folder)
{
    return QDir(folder).filePath(QStringLiteral("workspace"));
}

QString makeLedgers(const QString &folder, double scale)
{
    Registry registry(ledgerFormat(), workspaceOf(folder));
    const int count = tenantCount(scale);
    for (int t = 0; t < count; ++t) {
        Result<Tenant> ledger =
            registry.create(QDir(albumsFolder(folder)).filePath(QStringLiteral("c%1").arg(t, 5, 10, QLatin1Char('0'))));
        if (!ledger)
            return ledger.error().toString();
        Result<Session> session = ledger->write();
        if (!session)
            return session.error().toString();
        Result<Transaction> tx = session->transaction();
        if (!tx)
            return tx.error().toString();
        for (const Entry &e : makeEntries(EntriesPerTenant, quint32(t))) {
            if (auto r = session->exec(InsertSql, {e.at, e.amount, e.cents}); !r)
                return r.error().toString();
        }
        if (auto r = tx->commit(); !r)
            return r.error().toString();
    }
    return {};
}

Run fanOutThroughQuire(const QString &folder, double)
{
    RegistryOptions options;
    options.maxConnections = connectionCapFromEnvironment();
    Registry registry(ledgerFormat(), workspaceOf(folder), options);
    for (const Result<Tenant> &ledger : registry.openAll(albumFolders(folder))) {
        if (!ledger)
            return Run{0, 0, ledger.error().toString(), {}};
    }
    FanOutQuery query;
    query.sql = NewestSql;
    query.orderBy = {FanOutKey{QStringLiteral("at"), true}};
    query.limit = Newest;
    QString error;
    qint64 rows = 0;
    const double elapsed = seconds([&] {
        for (int q = 0; q < Queries; ++q) {
            Result<FanOutResult> result = fanOut(registry, query);
            if (!result || !result->failures.isEmpty()) {
                error = result ? result->failures.first().toString() : result.error().toString();
                return;
            }
            rows = result->rows.size();
        }
    });
    return Run{elapsed / Queries, rows, error, {}};
}

// Under a connection cap (QUIRE_BENCH_MAX_CONNECTIONS) the loop keeps as
// many tenants open as the cap allows and opens, queries and closes the
// others on every query, as Quire's registry must (and as W3-warm's limit
// does): a program with a desktop's 1,024 descriptors cannot hold 5,000
// databases open either.
Run fanOutOnRawSqlite(const QString &folder, double)
{
    QStringList paths;
    for (const QString &f : albumFolders(folder))
        paths.append(QDir(f).filePath(QStringLiteral(".ledger/ledger.db")));
    const int cap = connectionCapFromEnvironment();
    const int kept = cap > 0 ? std::min<int>(cap, int(paths.size())) : int(paths.size());
    QList<sqlite3 *> dbs;
    for (int t = 0; t < kept; ++t)
        dbs.append(raw::open(paths[t]));
    struct Row {
        qint64 at, cents;
        int tenant;
    };
    qint64 rows = 0;
    const double elapsed = seconds([&] {
        for (int q = 0; q < Queries; ++q) {
            QList<Row> top;
            for (int t = 0; t < paths.size(); ++t) {
                sqlite3 *db = t < kept ? dbs[t] : raw::openToRead(paths[t]);
                sqlite3_stmt *select = raw::prepare(db, NewestSql);
                QList<Row> mine;
                while (sqlite3_step(select) == SQLITE_ROW)
                    mine.append({sqlite3_column_int64(select, 0), sqlite3_column_int64(select, 1), t});
                sqlite3_finalize(select);
                if (t >= kept)
                    sqlite3_close(db);
                QList<Row> merged;
                std::merge(top.begin(), top.end(), mine.begin(), mine.end(), std::back_inserter(merged),
                           [](const Row &a, const Row &b) { return a.at > b.at; });
                if (merged.size() > Newest)
                    merged.resize(Newest);
                top = std::move(merged);
            }
            rows = top.size();
        }
    });
    for (sqlite3 *db : dbs)
        sqlite3_close(db);
    return Run{elapsed / Queries, rows, {}, {}};
}

} // namespace

Workload engineInsertWorkload()
{
    Workload w;
    w.name = QStringLiteral("G1");
    w.description = QStringLiteral("a second format (ledger): 100,000 rows through raw-SQL sessions, batches of 1,000");
    w.target = 1.10;
    w.quire = insertThroughQuire;
    w.limit = insertOnRawSqlite;
    return w;
}

Workload engineFanOutWorkload()
{
    Workload w;
    w.name = QStringLiteral("G3");
    w.description = QStringLiteral("the ledger's own SELECT over 1,000 open tenants, merged newest 100, "
                                   "vs a sequential loop (one query)");
    w.target = 0.7;
    w.setup = makeLedgers;
    w.quire = fanOutThroughQuire;
    w.limit = fanOutOnRawSqlite;
    return w;
}

} // namespace quire::bench
