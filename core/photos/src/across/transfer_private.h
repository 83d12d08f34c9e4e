#pragma once
// What the transfer steps share: the source's record of a transfer, the
// steps themselves (each idempotent, each usable by recovery), the file
// operations, and how recovery finds the other album of a transfer.

#include "quire/album.h"
#include "quire/transfer.h"

#include "ops/transfer_files.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QUuid>

#include <functional>
#include <optional>

namespace quire {

class Registry;

namespace detail {

// The source's record (transfers_out + transfer_pictures).
struct TransferRecord {
    QUuid id;
    QString kind;              // "move" or "copy"
    QUuid destinationUuid;
    QString destinationFolder; // a hint; the UUID is the truth
    QString state;             // "prepared" or "removed"
    struct Entry {
        QUuid pictureUuid;
        QString sourcePath;
        QString destinationPath;
    };
    QList<Entry> pictures;
    bool isMove() const { return kind == QLatin1String("move"); }
};

// Outgoing records of album (all, or the one with this id).
Result<QList<TransferRecord>> readOutgoing(const Album &source, const QUuid &only = {});

// The steps, in order. prepare writes the record; the others read it.
Result<TransferRecord> prepareTransfer(const Album &source, const Album &destination, const QUuid &id,
                                       const QString &kind, const QList<QUuid> &pictures);
Result<void> placeFiles(const Album &source, const Album &destination, const TransferRecord &record);
// Inserts rows, tags and thumbnails marked "incoming T" (nothing when the
// markers are there already). Fills the new UUIDs of a copy.
Result<void> applyRows(const Album &source, const Album &destination, const TransferRecord &record,
                       QHash<QUuid, QUuid> *destinationUuids);
// Whether the destination holds rows marked "incoming T".
Result<bool> hasIncoming(const Album &destination, const QUuid &transfer);
Result<void> removeFromSource(const Album &source, const Album &destination, TransferRecord &record);
Result<void> clearIncoming(const Album &destination, const QUuid &transfer);
Result<void> clearOutgoing(const Album &source, const QUuid &transfer);
// Removes the meta row 'transfers' when no record or marker is left.
Result<void> clearPendingNote(const Album &album);
// Removes what placeFiles put into the destination, then the record.
Result<void> undoTransfer(const Album &source, const Album &destination, const TransferRecord &record);

// File operations: ops/transfer_files.h (placeFile, sameFileOrContent,
// fileExists, syncFolder, freeName, TransferLock).

// Whether a path read from an album database names a file inside the album
// folder: relative, no '..' leading out, not in .quire/. Databases come
// from anywhere; a transfer never acts on a path that fails this.
bool staysInAlbum(const QString &relativePath);
// The album's transfer lock (ops/transfer_files.h) on its source.
std::optional<TransferLock> takeTransferLock(const Album &source, bool wait);

// Finds the other album of a transfer by UUID; `hint` is a folder where it
// was. A null Album when it cannot be found.
using AlbumLocator = std::function<Album(const QUuid &uuid, const QString &hint)>;
AlbumLocator registryLocator(Registry &registry);
// A locator over what a registry knows: its open albums and the folders
// of its catalog; albums not open are opened outside it (no recursion
// into recovery on open).
AlbumLocator makeLocator(std::function<Album(const QUuid &)> openAlbum,
                         std::function<QString(const QUuid &)> knownFolder);

// Recovers every transfer album takes part in (as source or destination).
void recoverAlbum(const Album &album, const AlbumLocator &locate, RecoveryReport &report);

} // namespace detail
} // namespace quire
