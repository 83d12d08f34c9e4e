#pragma once
// What the transfer steps share: the source's record of a transfer, the
// steps themselves (each idempotent, each usable by recovery), the file
// operations, and how recovery finds the other album of a transfer.

#include "quire/album.h"
#include "quire/transfer.h"

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

// A lock held for the whole of a transfer, on its source album (flock on
// <source>/.quire/transfers.lock, a file kept for good so that it can never
// be left stale): recovery leaves the album's transfers alone while a
// transfer holds it, in this process or another. Transfers from one album
// therefore run one after the other.
class TransferLock
{
public:
    TransferLock() = default;
    TransferLock(TransferLock &&other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    TransferLock &operator=(TransferLock &&) = delete;
    ~TransferLock();
    // Blocks when `wait`, else fails at once when another holds it.
    static std::optional<TransferLock> take(const QString &sourceFolder, bool wait);

private:
    int m_fd = -1;
};

// File operations (transfer_files.cpp). Paths are absolute.
// Puts a copy of `from` at `to` without ever overwriting: a hard link when
// `link` and on the same file system, else a copy through a temporary name,
// fsynced. Succeeds when `to` already holds the same file.
Result<void> placeFile(const QString &from, const QString &to, bool link, const QString &partialSuffix);
// Whether two files are the same file or hold the same bytes.
bool sameFileOrContent(const QString &a, const QString &b);
bool fileExists(const QString &path);
// Whether a path read from an album database names a file inside the album
// folder: relative, no '..' leading out, not in .quire/. Databases come
// from anywhere; a transfer never acts on a path that fails this.
bool staysInAlbum(const QString &relativePath);
Result<void> syncFolder(const QString &folder);
// A free name in the folder: "IMG_1.jpg", else "IMG_1 (2).jpg", ...
QString freeName(const QString &relativePath, const std::function<bool(const QString &)> &taken);

// Finds the other album of a transfer by UUID; `hint` is a folder where it
// was. A null Album when it cannot be found.
using AlbumLocator = std::function<Album(const QUuid &uuid, const QString &hint)>;
AlbumLocator registryLocator(Registry &registry);
// A locator over what a registry knows: its open albums and the folders
// of its catalog; albums not open are opened outside it (no recursion
// into recovery on open).
AlbumLocator makeLocator(std::function<Album(const QUuid &)> openAlbum,
                         std::function<QString(const QUuid &)> knownFolder);
// The partial name of a copied file until it is complete and fsynced.
QString partialSuffix(const QUuid &transfer);

// Recovers every transfer album takes part in (as source or destination).
void recoverAlbum(const Album &album, const AlbumLocator &locate, RecoveryReport &report);

} // namespace detail
} // namespace quire
