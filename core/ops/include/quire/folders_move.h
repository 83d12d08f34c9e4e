#pragma once
// Moving an album folder, even while it is in use, crash-safe.
//
// moveTenant() drains and closes the album's connections through the
// registry (a session still held when the wait ends refuses the move and
// names the session; nothing is moved), then renames the folder (rename(2),
// both parent directories fsynced). The registry follows: the catalog holds
// the new folder and tenantMoved is emitted.
//
// Crash safety: before anything moves, an intent record is written to the
// workspace (<workspace>/folder-moves/<operation>.json, fsynced). A rename
// is atomic, so the album is always whole in exactly one of the two places;
// recoverFolderOperations() (and `quirectl recover`) reads the records,
// points the catalog at wherever the album is and drops the record. Without
// the workspace the folders alone decide: the album is wherever its
// .quire/album.db is, and folders named "<folder>.quire-partial-<op>" or
// "<folder>.quire-deleting-<op>" (left by an interrupted copy between file
// systems) are finished or undone from their marker files when found under
// the roots given to recovery.
//
// Refused, nothing changed: the destination inside the source, a
// destination that exists and is not empty, the album held by another
// process, a source that cannot be removed (read-only media or parent).

#include "quire/tenant.h"
#include "quire/error.h"
#include "quire/export.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <atomic>
#include <chrono>
#include <functional>

namespace quire {

class Registry;

struct MoveProgress {
    qint64 files = 0, filesTotal = 0, bytes = 0, bytesTotal = 0;
};

struct MoveOptions {
    // Called during a copy between file systems; return false to cancel.
    std::function<bool(const MoveProgress &)> progress;
    // Set to true (from any thread) to cancel before the album is in place.
    const std::atomic<bool> *cancel = nullptr;
    // How long to wait for the album's sessions to end.
    std::chrono::milliseconds wait = std::chrono::seconds(10);
};

struct FolderRecoveryReport {
    struct Entry {
        enum class Outcome { Finished, Undone, Cleaned, Pending };
        QUuid album;
        QString folder;   // where the album is now (or the leftover handled)
        Outcome outcome = Outcome::Finished;
        QString message;
    };
    QList<Entry> entries;
};

// Moves the album to destinationFolder (the album's new folder path, which
// must not exist or be an empty folder) and returns it opened there.
QUIRE_CORE_EXPORT Result<Tenant> moveTenant(Registry &registry, const QUuid &album, const QString &destinationFolder,
                                          const MoveOptions &options = {});

// Finishes or undoes interrupted folder moves: those recorded in the
// registry's workspace, and the self-describing leftovers found directly
// under each root folder.
QUIRE_CORE_EXPORT Result<FolderRecoveryReport> recoverFolderOperations(Registry &registry,
                                                                       const QStringList &roots = {});

QUIRE_CORE_EXPORT QString folderRecoveryOutcomeName(FolderRecoveryReport::Entry::Outcome outcome);

} // namespace quire
