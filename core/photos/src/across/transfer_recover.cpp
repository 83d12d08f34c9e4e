// Recovery of interrupted picture transfers: the engine's row-transfer
// recovery with the album's mover, reported in the album's terms.

#include "quire/transfer.h"

#include "across/picture_mover.h"

#include "quire/registry.h"

namespace quire {

namespace {

RecoveryReport fromRows(const RowRecoveryReport &rows)
{
    RecoveryReport report;
    for (const RowRecoveryReport::Entry &e : rows.entries) {
        RecoveryReport::Entry entry;
        entry.transfer = e.transfer;
        entry.source = e.source;
        entry.destination = e.destination;
        entry.kind = e.kind == RowTransferKind::Move ? QStringLiteral("move") : QStringLiteral("copy");
        switch (e.outcome) {
        case RowRecoveryReport::Outcome::Finished: entry.outcome = RecoveryReport::Outcome::Finished; break;
        case RowRecoveryReport::Outcome::Undone: entry.outcome = RecoveryReport::Outcome::Undone; break;
        case RowRecoveryReport::Outcome::Pending: entry.outcome = RecoveryReport::Outcome::Pending; break;
        }
        entry.pictures = e.rows;
        entry.message = e.message;
        report.entries.append(entry);
    }
    report.problems = rows.problems;
    return report;
}

} // namespace

Result<RecoveryReport> recoverTransfers(Registry &registry, const QStringList &folders)
{
    Result<RowRecoveryReport> rows = recoverRowTransfers(registry, folders, {detail::pictureMover()});
    if (!rows)
        return rows.error();
    return fromRows(*rows);
}

Result<RecoveryReport> recoverTransfers(Registry &registry)
{
    Result<RowRecoveryReport> rows = recoverRowTransfers(registry, {detail::pictureMover()});
    if (!rows)
        return rows.error();
    return fromRows(*rows);
}

QString recoveryOutcomeName(RecoveryReport::Outcome outcome)
{
    switch (outcome) {
    case RecoveryReport::Outcome::Finished: return QStringLiteral("finished");
    case RecoveryReport::Outcome::Undone: return QStringLiteral("undone");
    case RecoveryReport::Outcome::Pending: return QStringLiteral("pending");
    }
    return QStringLiteral("unknown");
}

} // namespace quire
