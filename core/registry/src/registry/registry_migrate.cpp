// Registry::migrateAll: Turso's schema-database fan-out for album folders.
// A dry run on every album first (its upgrade run inside a transaction and
// rolled back); then each album upgraded in its own transaction after a
// backup. One failure leaves that album as it was and the others go on.

#include "quire/registry.h"

#include "format/migrator.h"
#include "quire/format.h"
#include "registry/registry_private.h"

namespace quire {

namespace {

using Entry = MigrationReport::Entry;
using Status = MigrationReport::Status;

Entry dryRun(const CatalogEntry &known, const TenantOptions &tenantOptions)
{
    const TenantFormat &format = tenantOptions.format;
    Entry entry{known.uuid, known.folder, 0, format.latestVersion(), Status::UpToDate, {}};
    TenantOptions probe = tenantOptions;
    probe.migrate = false;
    Result<Tenant> album = Tenant::open(known.folder, probe);
    if (album) {
        entry.fromVersion = album->schemaVersion();
        return entry;
    }
    if (album.error().code() != ErrorCode::NeedsUpgrade) {
        entry.status = Status::Failed;
        entry.message = album.error().message();
        entry.code = album.error().code();
        return entry;
    }
    ConnectionOptions o;
    o.label = known.folder;
    o.kind = tenantOptions.format.kind();
    o.setJournalMode = false;
    o.busyTimeoutMs = tenantOptions.busyTimeoutMs;
    Result<std::unique_ptr<Connection>> connection = Connection::open(Tenant::databasePathFor(known.folder, tenantOptions.format), o);
    if (!connection) {
        entry.status = Status::Failed;
        entry.message = connection.error().message();
        entry.code = connection.error().code();
        return entry;
    }
    {
        Result<Statement> version = (*connection)->prepare("PRAGMA user_version");
        if (version && version->step().ok())
            entry.fromVersion = version->integer(0);
    }
    const Result<void> tried = detail::migrate(**connection, format, entry.fromVersion, false);
    entry.status = tried ? Status::WouldUpgrade : Status::Failed;
    entry.code = tried ? ErrorCode::Ok : tried.error().code();
    entry.message = tried ? QStringLiteral("would be upgraded from schema %1 to %2").arg(entry.fromVersion).arg(entry.toVersion)
                          : tried.error().message();
    return entry;
}

} // namespace

Result<MigrationReport> Registry::migrateAll(bool dryRunOnly)
{
    Result<QList<CatalogEntry>> known = d->catalog.all();
    if (!known)
        return known.error();
    MigrationReport report;
    report.dryRun = dryRunOnly;
    for (const CatalogEntry &entry : std::as_const(*known)) {
        if (entry.state == TenantState::Missing) {
            report.entries.append(Entry{entry.uuid, entry.folder, 0, 0, Status::Failed,
                                        QStringLiteral("The %1 is missing; scan the folder it is in now "
                                                       "('quirectl scan').")
                                            .arg(d->format.kind()),
                                        ErrorCode::NotFound});
            continue;
        }
        report.entries.append(dryRun(entry, d->tenantOptions()));
    }
    if (dryRunOnly)
        return report;

    for (Entry &entry : report.entries) {
        if (entry.status != Status::WouldUpgrade)
            continue;
        // Drained and closed first: the upgrade needs the album to itself.
        if (Tenant open = find(entry.uuid); !open.isNull()) {
            if (auto r = close(entry.uuid); !r) {
                entry.status = Status::Failed;
                entry.message = r.error().message();
                entry.code = r.error().code();
                continue;
            }
        }
        Result<Tenant> upgraded = open(entry.folder); // backs up, then upgrades in one transaction
        if (!upgraded) {
            entry.status = Status::Failed;
            entry.message = upgraded.error().message();
            entry.code = upgraded.error().code();
            continue;
        }
        entry.status = Status::Upgraded;
        entry.message = QStringLiteral("upgraded from schema %1 to %2 (backup in %3/backups)")
                            .arg(entry.fromVersion)
                            .arg(upgraded->schemaVersion())
                            .arg(d->format.controlFolder());
    }
    return report;
}

} // namespace quire
