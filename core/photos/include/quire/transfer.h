#pragma once
// Moving and copying pictures between albums, atomic as a set and safe
// against a crash at any point.
//
// Albums stay in WAL mode, where SQLite cannot commit two databases at
// once, so a transfer is an intent log with idempotent steps, recorded in
// the albums themselves (never only in the workspace):
//   1. prepare: the source records "outgoing transfer T of pictures P to
//      album U", with a free destination name for each picture;
//   2. apply: the image files are linked (same file system, for a move) or
//      copied and fsynced into the destination folder, then the rows, tags
//      and thumbnails are inserted there in one transaction, marked
//      "incoming T";
//   3. remove (a move only): the source's rows go in one transaction that
//      marks T "removed", then its files;
//   4. done: the destination's markers, then the source's record, are cleared.
// Opening either album through a Registry, or recoverTransfers(), finishes a
// transfer whose rows reached the destination and undoes one whose rows did
// not. A copy gets new picture UUIDs in the destination; a move keeps them.
// (Album::open alone does not recover: it has no registry to find the other
// album with.) While records or markers exist, the album's meta row
// 'transfers' says so, so opening an album with none costs nothing more.
//
// A transfer holds a lock on its source (flock on .quire/transfers.lock, in
// any process), so transfers from one album run one after the other and
// recovery leaves a running one alone (reported as pending).
//
// Thread safety: may be called from any thread; a transfer takes the write
// sessions of both albums in turn.

#include "quire/album.h"
#include "quire/error.h"

#include <QList>
#include <QString>
#include <QUuid>

namespace quire {

class Registry;

struct TransferReport {
    QUuid transfer;
    QUuid source;
    QUuid destination;
    struct Item {
        QUuid sourceUuid;       // the picture in the source
        QUuid destinationUuid;  // the same for a move, new for a copy
        QString sourcePath;
        QString destinationPath; // relative to the destination folder
    };
    QList<Item> items;
};

struct RecoveryReport {
    enum class Outcome { Finished, Undone, Pending };
    struct Entry {
        QUuid transfer;
        QUuid source;
        QUuid destination;
        QString kind;        // "move" or "copy"
        Outcome outcome = Outcome::Pending;
        int pictures = 0;
        QString message;     // why it is still pending
    };
    QList<Entry> entries;
    QList<Error> problems;   // albums that could not be looked at
};

// Moves pictures (by picture UUID) from source to destination: all or none.
// Refused, with nothing changed, for the same album, an unknown picture, a
// read-only album or a picture already in another transfer.
QUIRE_CORE_EXPORT Result<TransferReport> movePictures(Registry &registry, const Album &source,
                                                      const Album &destination, const QList<QUuid> &pictures);
// The same without removing anything from the source; copies get new UUIDs.
QUIRE_CORE_EXPORT Result<TransferReport> copyPictures(Registry &registry, const Album &source,
                                                      const Album &destination, const QList<QUuid> &pictures);

// Finishes or undoes every interrupted transfer recorded in the albums the
// registry knows (its catalog and its open albums).
QUIRE_CORE_EXPORT Result<RecoveryReport> recoverTransfers(Registry &registry);
// The same for the albums in these folders (when the workspace is gone).
QUIRE_CORE_EXPORT Result<RecoveryReport> recoverTransfers(Registry &registry, const QStringList &folders);

QUIRE_CORE_EXPORT QString recoveryOutcomeName(RecoveryReport::Outcome outcome);

} // namespace quire
