#pragma once
// Copying, renaming and deleting tenant folders, for any format.
//
// copyTenant() copies a tenant to a new folder, even while it is open and
// being written: the database through SQLite's backup API inside one read
// transaction (a consistent snapshot; writers in WAL mode are never blocked),
// the rest of the folder by the folder-copy engine (symbolic links kept as
// links, the format's control folder - .quire/ for albums - skipped, every
// file and folder fsynced). The copy is built under
// "<destination>.quire-partial-<uuid>" with a marker file, verified
// (integrity_check, file count and sizes), renamed into place and
// registered with a new tenant UUID and the name "<name> (copy)". A leftover
// partial folder is removed by recoverFolderCopies().
//
// renameTenant() renames the folder and the display name together (the
// tenant's connections drained first, rename(2) in the same parent, the
// registry follows and emits tenantMoved), or only the display name.
//
// deleteTenant() moves the folder to the desktop trash, or removes it when
// asked (renamed aside first, and forgotten by the registry before anything
// is removed, so the workspace never lists a folder that is going).
//
// Refused with an error naming the tenant and its kind, nothing changed: a
// destination inside the source, a destination that exists and is not
// empty, not enough free space, the tenant held by another process or by a
// running row transfer, a new name with '/' or of an existing folder.

#include "quire/tenant.h"
#include "quire/error.h"
#include "quire/export.h"

#include <QString>
#include <QUuid>

#include <atomic>
#include <functional>

namespace quire {

class Registry;

struct CopyTenantProgress {
    qint64 files = 0, filesTotal = 0, bytes = 0, bytesTotal = 0;
    qint64 elapsedMs = 0;
    qint64 remainingMs = -1; // an estimate; -1 while unknown
};

struct CopyTenantOptions {
    // Called after each file; return false to cancel.
    std::function<bool(const CopyTenantProgress &)> progress;
    // Set to true (from any thread) to cancel.
    const std::atomic<bool> *cancel = nullptr;
    // The copy's display name; "<name> (copy)" when empty.
    QString name;
};

// Copies the album to destinationFolder (which must not exist or be an
// empty folder; its parent must exist) and returns the copy, registered.
QUIRE_CORE_EXPORT Result<Tenant> copyTenant(Registry &registry, const QUuid &album, const QString &destinationFolder,
                                          const CopyTenantOptions &options = {});

// Renames the album: folder and display name, or only the display name
// when keepFolder is true.
QUIRE_CORE_EXPORT Result<Tenant> renameTenant(Registry &registry, const QUuid &album, const QString &newName,
                                            bool keepFolder = false);

// Deletes the album: to the desktop trash, or permanently.
QUIRE_CORE_EXPORT Result<void> deleteTenant(Registry &registry, const QUuid &album, bool permanently = false);

namespace detail {
// Removes interrupted copies ("*.quire-partial-*" folders holding the copy
// marker) directly under parentFolder; returns the folders removed.
QUIRE_CORE_EXPORT QStringList recoverFolderCopies(const QString &parentFolder, const TenantFormat &format);
} // namespace detail

} // namespace quire
