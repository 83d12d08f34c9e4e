// Recovery of interrupted transfers: for each record a source album holds,
// finish it when its rows reached the destination (markers "incoming T"
// there, or the source already marked it "removed"), else undo it. Only the
// album databases are needed; the workspace catalog only helps find albums.

#include "quire/transfer.h"

#include "across/transfer_private.h"
#include "across/transfer_recovery.h"

#include "quire/registry.h"
#include "quire/album.h"
#include "quire/session.h"

#include <QDir>
#include "registry/registry_private.h"

#include <QFileInfo>
#include <QSet>

namespace quire {

namespace detail {

namespace {


RecoveryReport::Entry entryFor(const Album &source, const TransferRecord &record)
{
    RecoveryReport::Entry e;
    e.transfer = record.id;
    e.source = source.uuid();
    e.destination = record.destinationUuid;
    e.kind = record.kind;
    e.pictures = int(record.pictures.size());
    return e;
}

// Finishes or undoes one transfer, given its source's record.
void recoverRecord(const Album &source, TransferRecord record, const AlbumLocator &locate, const Album &knownDestination,
                   RecoveryReport &report)
{
    RecoveryReport::Entry entry = entryFor(source, record);
    auto pending = [&](const QString &why) {
        entry.outcome = RecoveryReport::Outcome::Pending;
        entry.message = why;
        report.entries.append(entry);
    };
    std::optional<TransferLock> lock = takeTransferLock(source, false);
    if (!lock)
        return pending(QStringLiteral("a transfer from this album is running (its lock is held)"));
    // Read again under the lock: the transfer may have ended meanwhile.
    Result<QList<TransferRecord>> again = readOutgoing(source, record.id);
    if (!again)
        return pending(again.error().toString());
    if (again->isEmpty())
        return;
    record = again->first();
    Album destination = knownDestination.isNull() || knownDestination.uuid() != record.destinationUuid
        ? locate(record.destinationUuid, record.destinationFolder)
        : knownDestination;
    if (destination.isNull())
        return pending(QStringLiteral("the destination album %1 was not found (last in %2)")
                           .arg(record.destinationUuid.toString(QUuid::WithoutBraces), record.destinationFolder));
    if (source.isReadOnly() || destination.isReadOnly())
        return pending(QStringLiteral("an album of the transfer is read-only"));

    Result<void> done;
    bool finish = record.state == QLatin1String("removed");
    if (!finish) {
        Result<bool> applied = hasIncoming(destination, record.id);
        if (!applied)
            return pending(applied.error().toString());
        finish = *applied;
    }
    if (finish) {
        if (record.isMove())
            done = removeFromSource(source, destination, record);
        if (done)
            done = clearIncoming(destination, record.id);
        if (done)
            done = clearOutgoing(source, record.id);
    } else {
        done = undoTransfer(source, destination, record);
    }
    if (!done)
        return pending(done.error().toString());
    entry.outcome = finish ? RecoveryReport::Outcome::Finished : RecoveryReport::Outcome::Undone;
    report.entries.append(entry);
}

struct Incoming {
    QUuid transfer;
    QUuid source;
    QString sourceFolder;
};

} // namespace

AlbumLocator makeLocator(std::function<Album(const QUuid &)> openAlbum, std::function<QString(const QUuid &)> knownFolder)
{
    return [openAlbum = std::move(openAlbum), knownFolder = std::move(knownFolder)](const QUuid &uuid,
                                                                                      const QString &hint) {
        if (Album open = openAlbum(uuid); !open.isNull())
            return open;
        for (const QString &folder : {knownFolder(uuid), hint}) {
            if (peekTenantUuid(folder, albumFormat()) != uuid)
                continue;
            Result<Album> album = Album::open(folder);
            if (album && album->uuid() == uuid)
                return *album;
        }
        return Album();
    };
}

AlbumLocator registryLocator(Registry &registry)
{
    return makeLocator([&registry](const QUuid &uuid) { return registry.find(uuid); },
                       [&registry](const QUuid &uuid) {
                           Result<QList<CatalogEntry>> all = registry.catalog();
                           if (all) {
                               for (const CatalogEntry &e : std::as_const(*all)) {
                                   if (e.uuid == uuid)
                                       return e.folder;
                               }
                           }
                           return QString();
                       });
}

void recoverAlbum(const Album &album, const AlbumLocator &locate, RecoveryReport &report)
{
    if (album.isNull() || album.isReadOnly())
        return;
    QList<Incoming> incoming;
    bool nothing = false;
    bool noted = false;
    do {
        Result<Session> session = album.read();
        if (!session) {
            report.problems.append(session.error());
            return;
        }
        Result<Statement> any = session->connection().cached(
            "SELECT EXISTS (SELECT 1 FROM transfers_out) OR EXISTS (SELECT 1 FROM transfers_in),"
            " EXISTS (SELECT 1 FROM meta WHERE key = 'transfers')");
        if (!any) {
            report.problems.append(any.error());
            return;
        }
        Result<bool> row = any->step();
        nothing = !row || !*row || any->integer(0) == 0;
        noted = row && *row && any->integer(1) != 0;
        if (nothing)
            break; // the usual case: nothing to do
        Result<Statement> in = session->connection().prepare(
            "SELECT DISTINCT transfer_id, source_uuid, source_folder FROM transfers_in");
        if (!in) {
            report.problems.append(in.error());
            return;
        }
        (void)in->each([&](const Statement &s) {
            incoming.append({QUuid::fromString(s.text(0)), QUuid::fromString(s.text(1)), s.text(2)});
        });
    } while (false);
    if (nothing) {
        if (noted)
            (void)clearPendingNote(album); // a note left without records
        return;
    }
    Result<QList<TransferRecord>> outgoing = readOutgoing(album);
    if (!outgoing) {
        report.problems.append(outgoing.error());
        return;
    }
    for (const TransferRecord &record : std::as_const(*outgoing))
        recoverRecord(album, record, locate, {}, report);
    for (const Incoming &in : std::as_const(incoming)) {
        const Album source = locate(in.source, in.sourceFolder);
        if (source.isNull()) {
            RecoveryReport::Entry e;
            e.transfer = in.transfer;
            e.source = in.source;
            e.destination = album.uuid();
            e.message = QStringLiteral("the source album %1 was not found (last in %2)")
                            .arg(in.source.toString(QUuid::WithoutBraces), in.sourceFolder);
            report.entries.append(e);
            continue;
        }
        Result<QList<TransferRecord>> record = readOutgoing(source, in.transfer);
        if (!record) {
            report.problems.append(record.error());
            continue;
        }
        if (!record->isEmpty()) {
            recoverRecord(source, record->first(), locate, album, report);
            continue;
        }
        // The source has forgotten the transfer: it was finished, and only
        // the markers were left.
        if (auto r = clearIncoming(album, in.transfer); !r)
            report.problems.append(r.error());
    }
}

void recoverTransfersOnOpen(const Album &album, std::function<Album(const QUuid &)> openAlbum,
                            std::function<QString(const QUuid &)> knownFolder)
{
    RecoveryReport report;
    recoverAlbum(album, makeLocator(std::move(openAlbum), std::move(knownFolder)), report);
    for (const RecoveryReport::Entry &e : std::as_const(report.entries)) {
        if (e.outcome == RecoveryReport::Outcome::Pending)
            qInfo("Quire: transfer %s left pending: %s", qPrintable(e.transfer.toString()), qPrintable(e.message));
    }
}

} // namespace detail

Result<RecoveryReport> recoverTransfers(Registry &registry, const QStringList &folders)
{
    RecoveryReport report;
    const detail::AlbumLocator locate = detail::registryLocator(registry);
    QSet<QUuid> seen;
    for (const QString &folder : folders) {
        const QUuid uuid = detail::peekTenantUuid(QFileInfo(folder).absoluteFilePath(), albumFormat());
        if (uuid.isNull() || seen.contains(uuid))
            continue;
        seen.insert(uuid);
        Album album = locate(uuid, QFileInfo(folder).absoluteFilePath());
        if (album.isNull()) {
            report.problems.append(Error(ErrorCode::NotFound, folder, QStringLiteral("The album could not be opened.")));
            continue;
        }
        detail::recoverAlbum(album, locate, report);
    }
    return report;
}

Result<RecoveryReport> recoverTransfers(Registry &registry)
{
    QStringList folders;
    for (const Tenant &album : registry.openTenants())
        folders.append(album.folder());
    Result<QList<CatalogEntry>> catalog = registry.catalog();
    if (!catalog)
        return catalog.error();
    for (const CatalogEntry &e : std::as_const(*catalog)) {
        if (e.state != AlbumState::Missing)
            folders.append(e.folder);
    }
    return recoverTransfers(registry, folders);
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
