#pragma once
// What the row-transfer steps share (quire/row_transfer.h): the source's
// record of a transfer and the steps, each idempotent so that recovery runs
// the same code again.

#include "quire/row_transfer.h"

#include <QList>
#include <QString>
#include <QUuid>

#include <functional>

namespace quire::detail {

// A file of a transfer: its name in the source and in the destination.
struct RowFile {
    QString from;
    QString to;
};

// The source's record (quire_row_transfers_out).
struct RowTransferRecord {
    QUuid id;
    QString mover;
    RowTransferKind kind = RowTransferKind::Move;
    QUuid destinationUuid;
    QString destinationFolder; // a hint; the UUID is the truth
    // "prepared"; then, once the rows reached the destination, "removed"
    // (a move, source rows deleted) or "arrived" (a copy). The source says
    // so before the destination's marker goes: recovery finishes a
    // transfer when either says the rows arrived.
    QString state;
    QVariantList keys;
    QList<RowFile> files;
    bool isMove() const { return kind == RowTransferKind::Move; }
};

// Whether the tenant's database has the engine's row-transfer tables.
Result<bool> hasRowTransferTables(const Tenant &tenant);
// An error naming the tenant when it has no row-transfer tables.
Error missingTablesError(const Tenant &tenant);

// Outgoing records of the tenant (all, or the one with this id). A record
// the engine did not write is an error naming the tenant; with `refused`
// given, it is left out and its error added there instead, so one forged
// record does not keep the others from being recovered.
Result<QList<RowTransferRecord>> readRowRecords(const Tenant &source, const QUuid &only = {},
                                                QList<Error> *refused = nullptr);

// The steps, in order (row_transfer_steps.cpp).
Result<RowTransferRecord> prepareRows(const Tenant &source, const Tenant &destination, const QUuid &id,
                                      const RowMover &mover, RowTransferKind kind, const RowTransfer &transfer);
Result<void> placeRowFiles(const Tenant &source, const Tenant &destination, const RowTransferRecord &record);
Result<void> applyRows(const Tenant &source, const Tenant &destination, const RowMover &mover,
                       const RowTransferRecord &record);
Result<bool> hasRowMarker(const Tenant &destination, const QUuid &transfer);
Result<void> removeRows(const Tenant &source, const Tenant &destination, const RowMover &mover,
                        RowTransferRecord &record);
// A copy's counterpart of removeRows: records in the source that the rows arrived.
Result<void> markArrived(const Tenant &source, RowTransferRecord &record);
Result<void> clearRowMarker(const Tenant &destination, const QUuid &transfer);
Result<void> clearRowRecord(const Tenant &source, const QUuid &transfer);
// Removes what placeRowFiles put into the destination, then the record.
Result<void> undoRows(const Tenant &source, const Tenant &destination, const RowTransferRecord &record);

// Whether a relative path names a place inside the tenant folder: no
// absolute path, no '..', no empty or '.' parts, not in the control folder.
bool rowFilePathAllowed(const QString &relative, const TenantFormat &format);

// Finds the other tenant of a transfer by UUID; `hint` is a folder where it
// was. A null Tenant when it cannot be found.
using TenantLocator = std::function<Tenant(const QUuid &uuid, const QString &hint)>;
TenantLocator makeTenantLocator(const TenantFormat &format, std::function<Tenant(const QUuid &)> openTenant,
                                std::function<QString(const QUuid &)> knownFolder);

// Recovers every row transfer the tenant takes part in (as source or destination).
void recoverTenantRows(const Tenant &tenant, const TenantLocator &locate, const QList<RowMover> &movers,
                       RowRecoveryReport &report);

} // namespace quire::detail
