// Recovery of interrupted row transfers: for each record a source tenant
// holds, finish it when its rows reached the destination (the marker
// "incoming T" there, or the source already marked it "removed"), else undo
// it. Only the tenant databases are needed; the workspace catalog only
// helps find tenants.

#include "ops/row_transfer_private.h"
#include "ops/transfer_files.h"

#include "registry/registry_private.h"

#include "quire/registry.h"
#include "quire/session.h"

#include <QFileInfo>
#include <QSet>

namespace quire {

namespace detail {

namespace {

const RowMover *moverNamed(const QList<RowMover> &movers, const QString &name)
{
    for (const RowMover &m : movers) {
        if (m.name == name)
            return &m;
    }
    return nullptr;
}

// Finishes or undoes one transfer, given its source's record.
void recoverRecord(const Tenant &source, RowTransferRecord record, const TenantLocator &locate,
                   const QList<RowMover> &movers, RowRecoveryReport &report)
{
    RowRecoveryReport::Entry entry;
    entry.transfer = record.id;
    entry.source = source.uuid();
    entry.destination = record.destinationUuid;
    entry.mover = record.mover;
    entry.kind = record.kind;
    entry.rows = int(record.keys.size());
    auto pending = [&](const QString &why) {
        entry.outcome = RowRecoveryReport::Outcome::Pending;
        entry.message = why;
        report.entries.append(entry);
    };
    std::optional<TransferLock> lock = TransferLock::take(transferLockFile(source.folder(), source.format()), false);
    if (!lock)
        return pending(QStringLiteral("a transfer from this %1 is running (its lock is held)").arg(source.format().kind()));
    // Read again under the lock: the transfer may have ended meanwhile.
    Result<QList<RowTransferRecord>> again = readRowRecords(source, record.id);
    if (!again)
        return pending(again.error().toString());
    if (again->isEmpty())
        return;
    record = again->first();
    const RowMover *mover = moverNamed(movers, record.mover);
    if (!mover)
        return pending(QStringLiteral("no row mover named '%1' was given to recovery").arg(record.mover));
    const Tenant destination = locate(record.destinationUuid, record.destinationFolder);
    if (destination.isNull())
        return pending(QStringLiteral("the destination %1 was not found (last in %2)")
                           .arg(record.destinationUuid.toString(QUuid::WithoutBraces), record.destinationFolder));
    if (source.isReadOnly() || destination.isReadOnly())
        return pending(QStringLiteral("a %1 of the transfer is read-only").arg(source.format().kind()));

    bool finish = record.state != QLatin1String("prepared");
    if (!finish) {
        Result<bool> applied = hasRowMarker(destination, record.id);
        if (!applied)
            return pending(applied.error().toString());
        finish = *applied;
    }
    Result<void> done;
    if (finish) {
        done = record.isMove() ? removeRows(source, destination, *mover, record) : markArrived(source, record);
        if (done)
            done = clearRowMarker(destination, record.id);
        if (done)
            done = clearRowRecord(source, record.id);
    } else {
        done = undoRows(source, destination, record);
    }
    if (!done)
        return pending(done.error().toString());
    entry.outcome = finish ? RowRecoveryReport::Outcome::Finished : RowRecoveryReport::Outcome::Undone;
    report.entries.append(entry);
}

// A problem once, however many tenants of the transfer lead to it (a
// forged record is met from its source and from the destination's marker).
void addProblem(RowRecoveryReport &report, const Error &problem)
{
    for (const Error &known : std::as_const(report.problems)) {
        if (known.code() == problem.code() && known.album() == problem.album() && known.message() == problem.message())
            return;
    }
    report.problems.append(problem);
}

struct Incoming {
    QUuid transfer;
    QUuid source;
    QString sourceFolder;
};

} // namespace

TenantLocator makeTenantLocator(const TenantFormat &format, std::function<Tenant(const QUuid &)> openTenant,
                                std::function<QString(const QUuid &)> knownFolder)
{
    return [format, openTenant = std::move(openTenant), knownFolder = std::move(knownFolder)](const QUuid &uuid,
                                                                                          const QString &hint) {
        if (Tenant open = openTenant(uuid); !open.isNull())
            return open;
        // Not open: opened outside the registry, so that recovery does not
        // recurse into recovery on open.
        for (const QString &folder : {knownFolder(uuid), hint}) {
            if (folder.isEmpty() || peekTenantUuid(folder, format) != uuid)
                continue;
            TenantOptions options;
            options.format = format;
            Result<Tenant> tenant = Tenant::open(folder, options);
            if (tenant && tenant->uuid() == uuid)
                return *tenant;
        }
        return Tenant();
    };
}

void recoverTenantRows(const Tenant &tenant, const TenantLocator &locate, const QList<RowMover> &movers,
                       RowRecoveryReport &report)
{
    if (tenant.isNull() || tenant.isReadOnly())
        return;
    Result<bool> tables = hasRowTransferTables(tenant);
    if (!tables) {
        report.problems.append(tables.error());
        return;
    }
    if (!*tables)
        return; // the 'transfers' note belongs to some other kind of transfer
    QList<Incoming> incoming;
    {
        Result<Session> session = tenant.read();
        if (!session) {
            report.problems.append(session.error());
            return;
        }
        Result<Rows> in = session->query("SELECT transfer_id, source_uuid, source_folder FROM quire_row_transfers_in");
        if (!in) {
            report.problems.append(in.error());
            return;
        }
        for (const QVariantList &row : std::as_const(in->values))
            incoming.append({QUuid::fromString(row.value(0).toString()), QUuid::fromString(row.value(1).toString()),
                             row.value(2).toString()});
    }
    QList<Error> forged;
    Result<QList<RowTransferRecord>> outgoing = readRowRecords(tenant, {}, &forged);
    for (const Error &e : std::as_const(forged))
        addProblem(report, e);
    if (!outgoing) {
        addProblem(report, outgoing.error());
        return;
    }
    for (const RowTransferRecord &record : std::as_const(*outgoing))
        recoverRecord(tenant, record, locate, movers, report);
    for (const Incoming &in : std::as_const(incoming)) {
        const Tenant source = locate(in.source, in.sourceFolder);
        if (source.isNull()) {
            RowRecoveryReport::Entry e;
            e.transfer = in.transfer;
            e.source = in.source;
            e.destination = tenant.uuid();
            e.message = QStringLiteral("the source %1 was not found (last in %2)")
                            .arg(in.source.toString(QUuid::WithoutBraces), in.sourceFolder);
            report.entries.append(e);
            continue;
        }
        Result<QList<RowTransferRecord>> record = readRowRecords(source, in.transfer);
        if (!record) {
            addProblem(report, record.error());
            continue;
        }
        if (!record->isEmpty()) {
            recoverRecord(source, record->first(), locate, movers, report);
            continue;
        }
        // The source has forgotten the transfer: it was finished, and only
        // the marker was left.
        if (auto r = clearRowMarker(tenant, in.transfer); !r)
            report.problems.append(r.error());
    }
}

} // namespace detail

RegistryOptions withRowTransfers(RegistryOptions options, QList<RowMover> movers)
{
    auto earlier = options.recoverOnOpen;
    options.recoverOnOpen = [earlier, movers = std::move(movers)](const Tenant &tenant, const RecoveryContext &context) {
        if (earlier)
            earlier(tenant, context);
        RowRecoveryReport report;
        detail::recoverTenantRows(tenant, detail::makeTenantLocator(tenant.format(), context.openTenant, context.knownFolder),
                                  movers, report);
        for (const RowRecoveryReport::Entry &e : std::as_const(report.entries)) {
            if (e.outcome == RowRecoveryReport::Outcome::Pending)
                qInfo("Quire: row transfer %s left pending: %s", qPrintable(e.transfer.toString()),
                      qPrintable(e.message));
        }
        // Opening goes on (the tenant itself is sound); 'quirectl recover'
        // reports the same again.
        for (const Error &problem : std::as_const(report.problems))
            qWarning("Quire: %s", qPrintable(problem.toString()));
    };
    return options;
}

namespace {

// Recovers the transfers of each tenant named (UUID and a folder where it
// may be), once per UUID, finding the others through the registry.
Result<RowRecoveryReport> recoverNamed(Registry &registry, const QList<QPair<QUuid, QString>> &tenants,
                                       const QList<RowMover> &movers)
{
    Result<QList<CatalogEntry>> catalog = registry.catalog();
    if (!catalog)
        return catalog.error();
    auto knownFolder = [&](const QUuid &uuid) {
        for (const CatalogEntry &e : std::as_const(*catalog)) {
            if (e.uuid == uuid)
                return e.folder;
        }
        return QString();
    };
    const detail::TenantLocator locate = detail::makeTenantLocator(
        registry.format(), [&registry](const QUuid &uuid) { return registry.find(uuid); }, knownFolder);
    RowRecoveryReport report;
    QSet<QUuid> seen;
    for (const auto &[uuid, folder] : tenants) {
        if (seen.contains(uuid))
            continue;
        seen.insert(uuid);
        const Tenant tenant = locate(uuid, folder);
        if (tenant.isNull()) {
            report.problems.append(Error(ErrorCode::NotFound, folder,
                                         QStringLiteral("The %1 could not be opened.").arg(registry.format().kind())));
            continue;
        }
        detail::recoverTenantRows(tenant, locate, movers, report);
    }
    return report;
}

} // namespace

Result<RowRecoveryReport> recoverRowTransfers(Registry &registry, const QList<RowMover> &movers)
{
    Result<QList<CatalogEntry>> catalog = registry.catalog();
    if (!catalog)
        return catalog.error();
    QList<QPair<QUuid, QString>> tenants;
    for (const Tenant &open : registry.openTenants())
        tenants.append({open.uuid(), open.folder()});
    for (const CatalogEntry &e : std::as_const(*catalog)) {
        if (e.state != TenantState::Missing)
            tenants.append({e.uuid, e.folder});
    }
    return recoverNamed(registry, tenants, movers);
}

Result<RowRecoveryReport> recoverRowTransfers(Registry &registry, const QStringList &folders,
                                              const QList<RowMover> &movers)
{
    QList<QPair<QUuid, QString>> tenants;
    for (const QString &folder : folders) {
        const QString absolute = QFileInfo(folder).absoluteFilePath();
        // A folder that holds no tenant of the format has nothing to recover.
        if (const QUuid uuid = detail::peekTenantUuid(absolute, registry.format()); !uuid.isNull())
            tenants.append({uuid, absolute});
    }
    return recoverNamed(registry, tenants, movers);
}

} // namespace quire
