// moveRows and copyRows: the steps of quire/row_transfer.h run in order
// under the source's transfer lock.

#include "ops/row_transfer_private.h"
#include "ops/transfer_files.h"

#include "base/crash_point.h"

#include "quire/registry.h"

namespace quire {

QByteArray rowTransferSchema()
{
    // Never edited: tenants hold this text in their sqlite_schema, and the
    // engine checks it. A change would be a new table in a new step.
    return "CREATE TABLE quire_row_transfers_out (\n"
           "    id                 TEXT PRIMARY KEY NOT NULL,\n"
           "    mover              TEXT NOT NULL,\n"
           "    kind               TEXT NOT NULL CHECK (kind IN ('move', 'copy')),\n"
           "    destination_uuid   TEXT NOT NULL,\n"
           "    destination_folder TEXT NOT NULL,\n"
           "    state              TEXT NOT NULL CHECK (state IN ('prepared', 'arrived', 'removed')),\n"
           "    keys               TEXT NOT NULL,\n"
           "    files              TEXT NOT NULL,\n"
           "    created_at         INTEGER NOT NULL\n"
           ")\n"
           ";;\n"
           "CREATE TABLE quire_row_transfers_in (\n"
           "    transfer_id   TEXT PRIMARY KEY NOT NULL,\n"
           "    source_uuid   TEXT NOT NULL,\n"
           "    source_folder TEXT NOT NULL,\n"
           "    mover         TEXT NOT NULL,\n"
           "    created_at    INTEGER NOT NULL\n"
           ")\n";
}

namespace {

QString describe(const Tenant &tenant)
{
    return tenant.name().isEmpty() ? tenant.folder() : QStringLiteral("'%1' (%2)").arg(tenant.name(), tenant.folder());
}

Result<RowTransferReport> transferRows(const Tenant &source, const Tenant &destination, const RowMover &mover,
                                       const RowTransfer &transfer, RowTransferKind kind)
{
    const QString verb = kind == RowTransferKind::Move ? QStringLiteral("Moving") : QStringLiteral("Copying");
    const QString kindName = !source.isNull() ? source.format().kind() : QStringLiteral("tenant");
    auto fail = [&](ErrorCode code, const QString &cause) {
        return Error(code, source.isNull() ? QString() : source.folder(),
                     QStringLiteral("%1 %2 %3 from %4 %5 to %4 %6 failed: %7")
                         .arg(verb)
                         .arg(transfer.keys.size())
                         .arg(mover.name.isEmpty() ? QStringLiteral("row(s)") : mover.name, kindName,
                              source.isNull() ? QStringLiteral("(none)") : describe(source),
                              destination.isNull() ? QStringLiteral("(none)") : describe(destination), cause));
    };
    auto failWith = [&](const Error &e) {
        const QString cause = e.album().isEmpty() || e.album() == source.folder() ? e.message() : e.toString();
        return fail(e.code(), cause);
    };

    if (source.isNull() || destination.isNull() || source.isClosed() || destination.isClosed())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("both must be open."));
    if (!(source.format() == destination.format()))
        return fail(ErrorCode::InvalidArgument, QStringLiteral("the two are of different formats."));
    if (source.uuid() == destination.uuid())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("the source and the destination are the same."));
    if (transfer.keys.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("no rows were named."));
    if (mover.name.isEmpty() || !mover.insert || (kind == RowTransferKind::Move && !mover.remove))
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("the row mover needs a name, an insert function and, to move, a remove function."));
    if (transfer.mover != mover.name && !transfer.mover.isEmpty())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("the transfer names the mover '%1' but '%2' was given.").arg(transfer.mover, mover.name));
    if (destination.isReadOnly())
        return fail(ErrorCode::ReadOnly,
                    QStringLiteral("the destination is read-only (%1).").arg(destination.readOnlyReason()));
    if (source.isReadOnly())
        return fail(ErrorCode::ReadOnly, QStringLiteral("the source is read-only (%1); a transfer records itself there.")
                                             .arg(source.readOnlyReason()));
    for (const Tenant *tenant : {&source, &destination}) {
        Result<bool> tables = detail::hasRowTransferTables(*tenant);
        if (!tables)
            return failWith(tables.error());
        if (!*tables)
            return failWith(detail::missingTablesError(*tenant));
    }

    std::optional<detail::TransferLock> lock =
        detail::TransferLock::take(detail::transferLockFile(source.folder(), source.format()), true);
    if (!lock)
        return fail(ErrorCode::Io, QStringLiteral("its transfer lock file cannot be made."));

    const QUuid id = QUuid::createUuid();
    Result<detail::RowTransferRecord> record = detail::prepareRows(source, destination, id, mover, kind, transfer);
    if (!record)
        return failWith(record.error()); // nothing was done
    Result<void> applied = detail::placeRowFiles(source, destination, *record);
    if (applied)
        applied = detail::applyRows(source, destination, mover, *record);
    if (!applied) {
        // The rows did not reach the destination: undo.
        (void)detail::undoRows(source, destination, *record); // else recovery undoes it
        return failWith(applied.error());
    }
    // From here on the transfer is decided: a failure leaves it to recovery.
    Result<void> finished = record->isMove() ? detail::removeRows(source, destination, mover, *record)
                                             : detail::markArrived(source, *record);
    if (finished)
        finished = detail::clearRowMarker(destination, id);
    if (finished)
        finished = detail::clearRowRecord(source, id);
    if (!finished)
        return fail(finished.error().code(),
                    finished.error().message()
                        + QStringLiteral(" The %1 are in the destination; the transfer is finished when either is "
                                         "next opened through a registry with its row movers ('quirectl recover').")
                              .arg(source.format().rowNoun()));
    detail::crashPoint("rows.done");

    RowTransferReport report;
    report.transfer = id;
    report.source = source.uuid();
    report.destination = destination.uuid();
    report.rows = int(transfer.keys.size());
    report.files = int(record->files.size());
    return report;
}

} // namespace

Result<RowTransferReport> moveRows(Registry &, const Tenant &source, const Tenant &destination, const RowMover &mover,
                                   const RowTransfer &transfer)
{
    return withKind(transferRows(source, destination, mover, transfer, RowTransferKind::Move), source.format().kind());
}

Result<RowTransferReport> copyRows(Registry &, const Tenant &source, const Tenant &destination, const RowMover &mover,
                                   const RowTransfer &transfer)
{
    return withKind(transferRows(source, destination, mover, transfer, RowTransferKind::Copy), source.format().kind());
}

QString rowRecoveryOutcomeName(RowRecoveryReport::Outcome outcome)
{
    switch (outcome) {
    case RowRecoveryReport::Outcome::Finished: return QStringLiteral("finished");
    case RowRecoveryReport::Outcome::Undone: return QStringLiteral("undone");
    case RowRecoveryReport::Outcome::Pending: return QStringLiteral("pending");
    }
    return QStringLiteral("unknown");
}

} // namespace quire
