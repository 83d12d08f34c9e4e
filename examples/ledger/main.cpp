// ledger: a walkthrough of the Quire tenant engine with a format of its own.
// One SQLite database per customer folder (<folder>/.ledger/ledger.db):
//
//   1. 200 customers created on ledger v1, with entries;
//   2. the format grows to v3 (v2: SQL + a C++ data step; v3: the
//      engine's row-transfer tables), every customer migrated through a
//      new registry (dry run first);
//   3. the 10 newest entries across all customers, by a fan-out query;
//   4. one customer's entries moved to another, crash-safe;
//   5. customers copied, moved and renamed as folders;
//   6. what the engine refuses.
//
// Usage: ledger [WORK_FOLDER]   (an empty or new folder; default: a
// temporary one). Prints a line per step and OK last; on the first failure
// prints why and exits 1.

#include "ledger_format.h"

#include <quire/fanout.h>
#include <quire/folders.h>
#include <quire/folders_move.h>
#include <quire/row_transfer.h>
#include <quire/registry.h>
#include <quire/session.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QTemporaryDir>
#include <QTimeZone>

#include <algorithm>
#include <cstdio>
#include <optional>

using namespace quire;

namespace {

constexpr int Customers = 200;
constexpr int EntriesEach = 20;
constexpr qint64 Start = 1767225600000; // 2026-01-01T00:00:00Z

// What step 1 writes, so that later steps can check what they read against
// it. Customers' entries interleave in time (a minute apart per entry, a
// millisecond apart per customer), so the newest overall come from many
// customers and every `at` is distinct.
qint64 entryAt(int customer, int entry) { return Start + qint64(entry) * 60000 + customer; }
qint64 entryCents(int customer, int entry)
{
    const qint64 cents = qint64(customer) * 100 + entry;
    return entry % 5 == 4 ? -cents : cents; // every fifth entry is a refund
}
QString customerName(int customer) { return QStringLiteral("Customer %1").arg(customer, 3, 10, QLatin1Char('0')); }
QString customerFolder(const QString &work, int customer)
{
    return QStringLiteral("%1/customers/customer-%2").arg(work).arg(customer, 3, 10, QLatin1Char('0'));
}

// The walkthrough stops at its first failure, so it unwraps each Result
// with need() instead of branching on every one. A real program branches
// on error().code() where it can do something about it, as step 6 does.
struct Failed {
    QString why;
};

template <typename T>
T need(Result<T> &&result, const char *doing)
{
    if (!result)
        throw Failed{QStringLiteral("%1: %2").arg(QLatin1String(doing), result.error().toString())};
    return std::move(*result);
}

void need(Result<void> &&result, const char *doing)
{
    if (!result)
        throw Failed{QStringLiteral("%1: %2").arg(QLatin1String(doing), result.error().toString())};
}

void expect(bool holds, const QString &what)
{
    if (!holds)
        throw Failed{what};
}

void say(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

qint64 countEntries(const Tenant &tenant)
{
    Session reader = need(tenant.read(), "read session");
    Rows rows = need(reader.query("SELECT count(*) FROM entries"), "count entries");
    return rows.values.value(0).value(0).toLongLong();
}

// Every entry of a tenant, oldest first, without its id (ids are the
// tenant's own business: a copied or moved row may get another).
QList<QVariantList> entriesOf(const Tenant &tenant)
{
    Session reader = need(tenant.read(), "read session");
    return need(reader.query("SELECT at, amount, cents FROM entries ORDER BY at, amount"), "read entries").values;
}

// 1. ------------------------------------------------------------------------
QList<QUuid> createCustomers(const QString &work)
{
    QElapsedTimer timer;
    timer.start();
    const TenantFormat v1 = need(ledger::format(1), "define ledger v1");
    // This registry lives only for this step: a program that knows only v1,
    // whose tenants must be closed before a newer program upgrades them.
    Registry registry(v1, work + QStringLiteral("/workspace"));
    QList<QUuid> uuids;
    for (int c = 0; c < Customers; ++c) {
        Tenant tenant = need(registry.create(customerFolder(work, c), customerName(c)), "create a customer");
        Session writer = need(tenant.write(), "write session");
        // One transaction per customer: one commit (one fsync) for all its
        // entries instead of one per entry.
        Transaction tx = need(writer.transaction(), "begin");
        Statement insert = need(writer.statement("INSERT INTO entries (at, amount) VALUES (?1, ?2)"), "prepare insert");
        for (int e = 0; e < EntriesEach; ++e)
            need(insert.bind(1, entryAt(c, e)).bind(2, ledger::formatCents(entryCents(c, e))).run(), "insert entry");
        need(tx.commit(), "commit");
        uuids.append(tenant.uuid());
    }
    say(QStringLiteral("1. created %1 customer ledgers (schema v%2), %3 entries each, in %4 ms")
            .arg(Customers)
            .arg(v1.latestVersion())
            .arg(EntriesEach)
            .arg(timer.elapsed()));
    return uuids;
}

// 2. ------------------------------------------------------------------------
void migrateCustomers(Registry &registry, const QString &work)
{
    QElapsedTimer timer;
    timer.start();
    MigrationReport dry = need(registry.migrateAll(true), "migration dry run");
    expect(dry.entries.size() == Customers && dry.count(MigrationReport::Status::WouldUpgrade) == Customers,
           QStringLiteral("the dry run should find %1 ledgers to upgrade, found %2 of %3")
               .arg(Customers)
               .arg(dry.count(MigrationReport::Status::WouldUpgrade))
               .arg(dry.entries.size()));
    MigrationReport done = need(registry.migrateAll(false), "migration");
    for (const MigrationReport::Entry &entry : std::as_const(done.entries)) {
        expect(entry.status == MigrationReport::Status::Upgraded,
               QStringLiteral("%1 was not upgraded: %2").arg(entry.folder, entry.message));
    }
    expect(done.count(MigrationReport::Status::Upgraded) == Customers,
           QStringLiteral("%1 ledgers upgraded, not %2").arg(done.count(MigrationReport::Status::Upgraded)).arg(Customers));

    const int c = 42;
    Tenant tenant = need(registry.open(customerFolder(work, c)), "open a migrated customer");
    expect(tenant.schemaVersion() == ledger::LatestVersion,
           QStringLiteral("customer %1 is at v%2, not v%3").arg(c).arg(tenant.schemaVersion()).arg(ledger::LatestVersion));
    Session reader = need(tenant.read(), "read session");
    Rows rows = need(reader.query("SELECT at, cents FROM entries ORDER BY at"), "read cents");
    expect(rows.size() == EntriesEach, QStringLiteral("customer %1 has %2 entries").arg(c).arg(rows.size()));
    for (int e = 0; e < EntriesEach; ++e) {
        const qint64 cents = rows.values[e][1].toLongLong();
        expect(rows.values[e][0].toLongLong() == entryAt(c, e) && cents == entryCents(c, e),
               QStringLiteral("customer %1 entry %2 has %3 cents, not %4").arg(c).arg(e).arg(cents).arg(entryCents(c, e)));
    }
    say(QStringLiteral("2. migrated to v%1: dry run %2 would upgrade, then %3 upgraded; cents checked (%4 ms)")
            .arg(registry.format().latestVersion())
            .arg(dry.count(MigrationReport::Status::WouldUpgrade))
            .arg(done.count(MigrationReport::Status::Upgraded))
            .arg(timer.elapsed()));
}

// 3. ------------------------------------------------------------------------
void newestAcrossCustomers(Registry &registry, const QList<QUuid> &uuids)
{
    QElapsedTimer timer;
    timer.start();
    FanOutQuery query;
    // Each tenant's SELECT orders by the merge key itself, so SQLite reads it
    // backwards off entries_at and the engine stops reading a tenant as soon
    // as its rows can no longer make the global top 10.
    query.sql = "SELECT at, cents FROM entries ORDER BY at DESC";
    query.orderBy = {FanOutKey{QStringLiteral("at"), true}};
    query.limit = 10;
    FanOutResult result = need(fanOut(registry, query), "fan-out");
    expect(result.failures.isEmpty(),
           QStringLiteral("%1 tenants failed, first: %2")
               .arg(result.failures.size())
               .arg(result.failures.isEmpty() ? QString() : result.failures.first().toString()));
    expect(result.tenantsSearched == Customers, QStringLiteral("searched %1 tenants").arg(result.tenantsSearched));
    expect(result.rows.size() == 10, QStringLiteral("%1 rows, not 10").arg(result.rows.size()));

    QHash<QUuid, QString> names;
    for (const CatalogEntry &entry : need(registry.catalog(), "read the catalog"))
        names.insert(entry.uuid, entry.name);

    say(QStringLiteral("3. the 10 newest entries of %1 customers (%2 ms):").arg(result.tenantsSearched).arg(timer.elapsed()));
    for (int k = 0; k < 10; ++k) {
        const FanOutRow &row = result.rows[k];
        // Step 1 made the newest entries the last ones of the highest
        // numbered customers.
        const int c = Customers - 1 - k;
        const qint64 at = row.values[0].toLongLong(), cents = row.values[1].toLongLong();
        expect(at == entryAt(c, EntriesEach - 1) && cents == entryCents(c, EntriesEach - 1) && row.tenant == uuids[c],
               QStringLiteral("row %1 is (%2, %3) from %4, not customer %5's last entry")
                   .arg(k)
                   .arg(at)
                   .arg(cents)
                   .arg(row.folder)
                   .arg(c));
        say(QStringLiteral("   %1  %2  %3")
                .arg(QDateTime::fromMSecsSinceEpoch(at, QTimeZone::utc()).toString(Qt::ISODateWithMs))
                .arg(ledger::formatCents(cents), 8)
                .arg(names.value(row.tenant)));
    }
}

// 4. ------------------------------------------------------------------------
// The engine moves the rows: an intent recorded in both ledgers, the rows
// inserted in B and the marker in one transaction, then deleted from A. A
// crash at any point is finished or undone when either ledger is next opened
// through a registry made withRowTransfers() (as this one is), so the
// entries are always in exactly one ledger.
void moveEntries(Registry &registry, const QString &work)
{
    const int from = 7, to = 8;
    Tenant a = need(registry.open(customerFolder(work, from)), "open the source customer");
    Tenant b = need(registry.open(customerFolder(work, to)), "open the destination customer");
    const QList<QVariantList> moving = entriesOf(a);

    RowTransfer transfer;
    transfer.mover = QStringLiteral("entries");
    {
        Session reader = need(a.read(), "read session on A");
        for (const QVariantList &row : need(reader.query("SELECT id FROM entries ORDER BY id"), "read A's ids").values)
            transfer.keys.append(row[0]);
    }
    const RowTransferReport report =
        need(moveRows(registry, a, b, ledger::entriesMover(), transfer), "move A's entries to B");

    const qint64 left = countEntries(a), now = countEntries(b);
    expect(left == 0 && now == 2 * EntriesEach,
           QStringLiteral("after the move A has %1 entries and B %2").arg(left).arg(now));
    const QList<QVariantList> inB = entriesOf(b);
    for (const QVariantList &entry : moving)
        expect(inB.contains(entry), QStringLiteral("an entry of A did not arrive in B"));
    // A bad move changes nothing: an id A does not have fails B's insert.
    transfer.keys = {qint64(999999)};
    Result<RowTransferReport> refused = moveRows(registry, b, a, ledger::entriesMover(), transfer);
    expect(!refused && refused.error().toString().contains(QStringLiteral("No entry 999999")),
           QStringLiteral("a move of an unknown entry was not refused"));
    expect(countEntries(a) == 0 && countEntries(b) == 2 * EntriesEach,
           QStringLiteral("a refused move changed the ledgers"));
    say(QStringLiteral("4. moved %1 entries from %2 to %3 (crash-safe, transfer %4): now %5 and %6; an unknown entry "
                       "was refused with nothing changed")
            .arg(report.rows)
            .arg(a.name(), b.name(), report.transfer.toString(QUuid::WithoutBraces))
            .arg(left)
            .arg(now));
}

// 5. ------------------------------------------------------------------------
void rearrangeFolders(Registry &registry, const QString &work, const QList<QUuid> &uuids)
{
    // Copy: a new tenant (new UUID) with the same rows, the database copied
    // through SQLite's backup API, never as a file.
    const int copied = 3;
    // Copied while open: the database through SQLite's backup API, the
    // folder's other files as files, the control folder (.ledger/) never.
    Tenant copy = need(copyTenant(registry, uuids[copied], customerFolder(work, copied) + QStringLiteral("-copy")), "copy");
    Tenant original = need(registry.open(customerFolder(work, copied)), "open the copied customer");
    expect(copy.uuid() != original.uuid(), QStringLiteral("the copy kept its original's UUID"));
    expect(entriesOf(copy) == entriesOf(original), QStringLiteral("the copy's entries differ from its original's"));
    say(QStringLiteral("5a. copied %1 to %2 ('%3', new UUID, same %4 entries)")
            .arg(QDir(work).relativeFilePath(original.folder()), QDir(work).relativeFilePath(copy.folder()), copy.name())
            .arg(countEntries(copy)));

    // Move: the same tenant (same UUID) somewhere else; the catalog follows.
    const int moved = 4;
    const QString oldFolder = customerFolder(work, moved);
    expect(QDir().mkpath(work + QStringLiteral("/archive")), QStringLiteral("cannot make the archive folder"));
    Tenant there = need(moveTenant(registry, uuids[moved], work + QStringLiteral("/archive/customer-004")), "move");
    expect(there.uuid() == uuids[moved], QStringLiteral("the moved customer has a new UUID"));
    expect(!QFileInfo::exists(oldFolder), QStringLiteral("%1 is still there after the move").arg(oldFolder));
    expect(countEntries(there) == EntriesEach, QStringLiteral("the moved customer lost entries"));
    expect(registry.resolve(uuids[moved].toString()).ok() && registry.resolve(uuids[moved].toString())->folder() == there.folder(),
           QStringLiteral("the registry does not find the moved customer by its UUID"));
    say(QStringLiteral("5b. moved %1 to %2 (same UUID, %3 entries)")
            .arg(QDir(work).relativeFilePath(oldFolder), QDir(work).relativeFilePath(there.folder()))
            .arg(countEntries(there)));

    // Rename: folder and display name together.
    const int renamed = 5;
    Tenant initech = need(renameTenant(registry, uuids[renamed], QStringLiteral("Initech")), "rename");
    expect(initech.uuid() == uuids[renamed] && initech.name() == QStringLiteral("Initech")
               && QFileInfo(initech.folder()).fileName() == QStringLiteral("Initech"),
           QStringLiteral("the renamed customer is '%1' in %2").arg(initech.name(), initech.folder()));
    say(QStringLiteral("5c. renamed %1 to '%2' in %3")
            .arg(customerName(renamed), initech.name(), QDir(work).relativeFilePath(initech.folder())));
}

// 6. ------------------------------------------------------------------------
void showRefusal(const char *label, const Error &error, ErrorCode expected, const QString &mustSay = {})
{
    expect(error.code() == expected,
           QStringLiteral("%1: refused as %2, not %3: %4")
               .arg(QLatin1String(label), Error::codeName(error.code()), Error::codeName(expected), error.toString()));
    expect(mustSay.isEmpty() || error.message().contains(mustSay),
           QStringLiteral("%1: the message does not say '%2': %3").arg(QLatin1String(label), mustSay, error.message()));
    say(QStringLiteral("   %1 -> %2: %3").arg(QLatin1String(label), Error::codeName(error.code()), error.toString()));
}

template <typename T>
Error refusal(const Result<T> &result, const char *label)
{
    expect(!result.ok(), QStringLiteral("%1 was accepted").arg(QLatin1String(label)));
    return result.error();
}

void showRefusals(Registry &registry, const QString &work)
{
    say(QStringLiteral("6. refusals:"));
    TenantOptions asLedger;
    asLedger.format = registry.format();

    // Another program's database where a ledger's goes (it picked the same
    // file name): the application id tells them apart, and the file is left
    // untouched.
    constexpr qint32 InvoicerId = 0x494E5643; // "INVC"
    TenantFormatSpec invoices;
    invoices.applicationId = InvoicerId;
    invoices.databasePath = QStringLiteral(".ledger/ledger.db");
    invoices.kind = QStringLiteral("invoice book");
    invoices.program = QStringLiteral("Invoicer");
    MigrationStep step;
    step.version = 1;
    step.description = QStringLiteral("invoices");
    step.sql = "CREATE TABLE invoices (id INTEGER PRIMARY KEY, number TEXT NOT NULL)\n";
    invoices.steps = {step};
    TenantOptions asInvoices;
    asInvoices.format = need(TenantFormat::make(invoices), "define the invoice format");
    const QString foreign = work + QStringLiteral("/invoices");
    {
        Tenant book = need(Tenant::create(foreign, QStringLiteral("Invoices"), asInvoices), "create an invoice book");
        need(book.close(), "close the invoice book");
    }
    showRefusal("another program's database", refusal(Tenant::open(foreign, asLedger), "another program's database"),
                ErrorCode::NotAnAlbum, QString::number(InvoicerId));

    // A folder that holds no ledger at all.
    const QString plain = work + QStringLiteral("/just-a-folder");
    expect(QDir().mkpath(plain), QStringLiteral("cannot make %1").arg(plain));
    QFile notes(plain + QStringLiteral("/notes.txt"));
    expect(notes.open(QIODevice::WriteOnly) && notes.write("not a ledger\n") > 0, QStringLiteral("cannot write notes.txt"));
    notes.close();
    showRefusal("a folder with no ledger", refusal(registry.open(plain), "a folder with no ledger"),
                ErrorCode::NotAnAlbum, registry.format().databasePath());

    // Format definitions the engine will not build.
    TenantFormatSpec bad;
    bad.kind = QStringLiteral("ledger");
    bad.steps = {step};
    bad.applicationId = 0;
    bad.databasePath = QStringLiteral(".ledger/ledger.db");
    showRefusal("application id 0", refusal(TenantFormat::make(bad), "application id 0"), ErrorCode::InvalidArgument);
    bad.applicationId = ledger::ApplicationId;
    bad.databasePath = QStringLiteral("../x.db");
    showRefusal("database path ../x.db", refusal(TenantFormat::make(bad), "database path ../x.db"),
                ErrorCode::InvalidArgument);
}

// A work folder given on the command line must be empty (or new): the
// walkthrough creates customers by fixed names and would find them taken.
std::optional<QString> workFolder(const QStringList &arguments, QTemporaryDir &temporary)
{
    if (arguments.size() < 2) {
        if (!temporary.isValid())
            return std::nullopt;
        return temporary.path();
    }
    const QString folder = QFileInfo(arguments.at(1)).absoluteFilePath();
    if (!QDir().mkpath(folder) || !QDir(folder).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        return std::nullopt;
    return QDir(folder).canonicalPath();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QElapsedTimer total;
    total.start();
    QTemporaryDir temporary;
    const std::optional<QString> work = workFolder(app.arguments(), temporary);
    if (!work) {
        std::fprintf(stderr, "ledger: the work folder must be a new or empty folder\n");
        return 1;
    }
    say(QStringLiteral("ledger: working in %1").arg(*work));
    try {
        const QList<QUuid> uuids = createCustomers(*work);
        // A new program (v3) on the same workspace: its registry finds the
        // customers in the catalog the v1 registry wrote.
        // withRowTransfers: opening a ledger finishes or undoes an entry
        // move a crash interrupted (step 4).
        Registry registry(need(ledger::format(), "define the latest ledger"), *work + QStringLiteral("/workspace"),
                          withRowTransfers(RegistryOptions(), {ledger::entriesMover()}));
        migrateCustomers(registry, *work);
        newestAcrossCustomers(registry, uuids);
        moveEntries(registry, *work);
        rearrangeFolders(registry, *work, uuids);
        showRefusals(registry, *work);
    } catch (const Failed &failure) {
        std::fprintf(stderr, "ledger: FAILED: %s\n", qPrintable(failure.why));
        return 1;
    }
    say(QStringLiteral("done in %1 ms").arg(total.elapsed()));
    say(QStringLiteral("OK"));
    return 0;
}
