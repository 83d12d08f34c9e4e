// movePictures and copyPictures: the steps of quire/transfer.h run in
// order under the transfer's lock.

#include "quire/transfer.h"

#include "base/crash_point.h"
#include "across/transfer_private.h"

#include "quire/registry.h"

namespace quire {

namespace {

QString describe(const Album &album)
{
    return album.name().isEmpty() ? album.folder() : QStringLiteral("'%1' (%2)").arg(album.name(), album.folder());
}

Result<TransferReport> transfer(const Album &source, const Album &destination, const QList<QUuid> &pictures,
                                const QString &kind)
{
    const QString verb = kind == QLatin1String("move") ? QStringLiteral("Moving") : QStringLiteral("Copying");
    auto fail = [&](ErrorCode code, const QString &cause) {
        return Error(code, source.isNull() ? QString() : source.folder(),
                     QStringLiteral("%1 %2 picture(s) from album %3 to album %4 failed: %5")
                         .arg(verb)
                         .arg(pictures.size())
                         .arg(source.isNull() ? QStringLiteral("(none)") : describe(source),
                              destination.isNull() ? QStringLiteral("(none)") : describe(destination), cause));
    };
    auto failWith = [&](const Error &e) {
        const QString cause = e.album().isEmpty() || e.album() == source.folder() || e.album() == destination.folder()
            ? e.message() : e.toString();
        return fail(e.code(), cause);
    };

    if (source.isNull() || destination.isNull() || source.isClosed() || destination.isClosed())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("both albums must be open."));
    if (source.uuid() == destination.uuid())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("the source and the destination are the same album."));
    if (pictures.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("no pictures were given."));
    if (destination.isReadOnly())
        return fail(ErrorCode::ReadOnly,
                    QStringLiteral("the destination is read-only (%1).").arg(destination.readOnlyReason()));
    if (source.isReadOnly())
        return fail(ErrorCode::ReadOnly,
                    QStringLiteral("the source is read-only (%1); a transfer records itself there.")
                        .arg(source.readOnlyReason()));

    const QUuid id = QUuid::createUuid();
    std::optional<detail::TransferLock> lock = detail::takeTransferLock(source, true);
    if (!lock)
        return fail(ErrorCode::Io, QStringLiteral("the lock file .quire/transfers.lock cannot be made."));

    Result<detail::TransferRecord> record = detail::prepareTransfer(source, destination, id, kind, pictures);
    if (!record)
        return failWith(record.error()); // nothing was done
    QHash<QUuid, QUuid> uuids;
    Result<void> applied = detail::placeFiles(source, destination, *record);
    if (applied)
        applied = detail::applyRows(source, destination, *record, &uuids);
    if (!applied) {
        // The rows did not reach the destination: undo.
        (void)detail::undoTransfer(source, destination, *record); // else recovery undoes it
        return failWith(applied.error());
    }
    // From here on the transfer is decided: a failure leaves it to recovery.
    Result<void> finished;
    if (record->isMove())
        finished = detail::removeFromSource(source, destination, *record);
    if (finished)
        finished = detail::clearIncoming(destination, id);
    if (finished)
        finished = detail::clearOutgoing(source, id);
    if (!finished) {
        return fail(finished.error().code(),
                    finished.error().message()
                        + QStringLiteral(" The pictures are in the destination; the transfer will be finished when "
                                         "either album is next opened ('quirectl recover')."));
    }
    detail::crashPoint("transfer.done");

    TransferReport report;
    report.transfer = id;
    report.source = source.uuid();
    report.destination = destination.uuid();
    for (const detail::TransferRecord::Entry &e : std::as_const(record->pictures))
        report.items.append({e.pictureUuid, uuids.value(e.pictureUuid), e.sourcePath, e.destinationPath});
    return report;
}

} // namespace

Result<TransferReport> movePictures(Registry &, const Album &source, const Album &destination,
                                    const QList<QUuid> &pictures)
{
    return transfer(source, destination, pictures, QStringLiteral("move"));
}

Result<TransferReport> copyPictures(Registry &, const Album &source, const Album &destination,
                                    const QList<QUuid> &pictures)
{
    return transfer(source, destination, pictures, QStringLiteral("copy"));
}

} // namespace quire
