#pragma once
// Moving and copying a program's own rows (and the files they name) from
// one tenant to another: all or none, and safe against a crash at any point.
//
// Tenants stay in WAL mode, where SQLite cannot commit two databases at
// once, so a row transfer is an intent log with idempotent steps, recorded
// in the two tenants themselves (never only in the workspace):
//   1. prepare: the source records "outgoing transfer T of these keys and
//      files to tenant U" (table quire_row_transfers_out);
//   2. place: the files are linked (same file system, for a move) or copied
//      and fsynced into the destination folder, under the same relative
//      names or the ones the program chose, never overwriting anything;
//   3. apply: the program's RowMover::insert copies the rows, in one
//      destination transaction that also records "incoming T"
//      (quire_row_transfers_in);
//   4. settle: for a move, RowMover::remove deletes the rows in one source
//      transaction that marks T "removed", then the source's files go; for
//      a copy, the source marks T "arrived";
//   5. done: the destination's marker, then the source's record, are cleared.
// A crash before step 3 commits is undone; one after it is finished (the
// source says so from step 4 on, the destination's marker until then). Opening
// either tenant through a Registry whose options went through
// withRowTransfers() does that before the tenant is handed out, and
// recoverRowTransfers() does it on demand. While a record or marker exists
// the identity table's row 'transfers' says so, so opening a tenant with
// none costs nothing more.
//
// The two tables are the engine's; a format that moves rows adds them with
// a migration step whose SQL is rowTransferSchema() (the engine never
// changes a schema behind the program's back). Their text never changes.
//
// A transfer holds its source's transfer lock (<control folder>/
// transfers.lock, any process): transfers from one tenant run one after the
// other, recovery leaves a running one alone, and copy, move, rename and
// delete of the source folder wait for it or refuse.
//
// Thread safety: may be called from any thread; a transfer takes the write
// sessions of both tenants in turn, never both at once.

#include "quire/error.h"
#include "quire/registry_types.h"
#include "quire/tenant.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>
#include <QVariant>

#include <functional>

namespace quire {

class Registry;
class Session;

enum class RowTransferKind { Move, Copy };

// One kind of rows a program lets travel between its tenants, named so
// that recovery (possibly in another process, after a crash) finds the code
// that finishes the job. Keys are what the program's SQL selects its rows
// by (ids, UUIDs, a customer number): integers, reals or text, stored as
// JSON in the intent record. A key may also be a list of those (a
// composite key, e.g. a row's UUID and the name it gets in the
// destination); its first element then names the row.
struct RowMover {
    QString name; // "entries"; unique among a registry's movers
    // Copies the rows named by `keys` from `source` (a read session on a
    // snapshot) into `destination` (a write session inside the transfer's
    // transaction: do not commit). Must insert all or fail: an error rolls
    // the destination back and the transfer is undone. For a Copy it may
    // give the rows new identities; for a Move it should keep them.
    std::function<Result<void>(Session &source, Session &destination, const QVariantList &keys,
                               RowTransferKind kind)>
        insert;
    // Deletes the rows named by `keys` from `source` (a write session inside
    // a transaction). Run only for a move, only once the rows have reached
    // the destination; must succeed when some are gone already (recovery
    // may run it again).
    std::function<Result<void>(Session &source, const QVariantList &keys)> remove;
};

struct RowTransfer {
    QString mover;        // a RowMover::name
    QVariantList keys;    // which rows; at least one
    // Files inside the source folder that travel with the rows, relative
    // ("receipts/2026-001.pdf"); they keep their names in the destination
    // unless `renamedTo` gives another (a program that never overwrites
    // picks a free name there, "IMG_1 (2).jpg").
    QStringList files;
    QHash<QString, QString> renamedTo; // source name -> destination name
};

struct RowTransferReport {
    QUuid transfer;
    QUuid source;
    QUuid destination;
    int rows = 0;  // keys given
    int files = 0; // files placed
};

struct RowRecoveryReport {
    enum class Outcome { Finished, Undone, Pending };
    struct Entry {
        QUuid transfer;
        QUuid source;
        QUuid destination;
        QString mover;
        RowTransferKind kind = RowTransferKind::Move;
        Outcome outcome = Outcome::Pending;
        int rows = 0;    // keys recorded (0 when only the destination was found)
        QString message; // why it is still pending
    };
    QList<Entry> entries;
    QList<Error> problems; // tenants that could not be looked at
};

// The SQL of the engine's two row-transfer tables, for a migration step of
// a format that moves rows. Constant forever.
QUIRE_CORE_EXPORT QByteArray rowTransferSchema();

// Options for a Registry whose tenants move rows with these movers: opening
// a tenant finishes or undoes its interrupted row transfers first. Keeps a
// recoverOnOpen hook already set (it runs first).
QUIRE_CORE_EXPORT RegistryOptions withRowTransfers(RegistryOptions options, QList<RowMover> movers);

// Moves (or copies) the rows and files: all or none. Refused, with nothing
// changed, for the same tenant, no keys, a mover without insert (or, for a
// move, remove), read-only tenants, tenants without the transfer tables, a
// file path that leads out of the folder or into its control folder, a
// file missing in the source or already present in the destination, a row
// already in an unfinished transfer from the source (code Busy), and when
// the program's insert fails (its error is kept in the message).
QUIRE_CORE_EXPORT Result<RowTransferReport> moveRows(Registry &registry, const Tenant &source,
                                                     const Tenant &destination, const RowMover &mover,
                                                     const RowTransfer &transfer);
QUIRE_CORE_EXPORT Result<RowTransferReport> copyRows(Registry &registry, const Tenant &source,
                                                     const Tenant &destination, const RowMover &mover,
                                                     const RowTransfer &transfer);

// Finishes or undoes every interrupted row transfer recorded in the tenants
// the registry knows (its catalog and its open tenants).
QUIRE_CORE_EXPORT Result<RowRecoveryReport> recoverRowTransfers(Registry &registry, const QList<RowMover> &movers);
// The same for the tenants in these folders (when the workspace is gone or
// never knew them); the registry's open tenants and catalog still help find
// the other tenant of each transfer.
QUIRE_CORE_EXPORT Result<RowRecoveryReport> recoverRowTransfers(Registry &registry, const QStringList &folders,
                                                                const QList<RowMover> &movers);

QUIRE_CORE_EXPORT QString rowRecoveryOutcomeName(RowRecoveryReport::Outcome outcome);

} // namespace quire
