#pragma once
// Helpers shared by copy, rename and delete of album folders.

#include "quire/tenant.h"
#include "quire/error.h"

#include <QJsonObject>
#include <QString>
#include <QUuid>

namespace quire {
class Registry;
}

namespace quire::detail {

// The album with this UUID: open in the registry, or opened from its
// catalog folder.
Result<Tenant> albumFor(Registry &registry, const QUuid &uuid);

// True when another process holds the album's transfer lock.
bool transferLockHeld(const QString &folder, const TenantFormat &format);
// True when a folder move of the album is running (<control folder>/move.lock, any process).
bool moveLockHeld(const QString &folder, const TenantFormat &format);

// True when another process has the album's database open (its SQLite
// locks); call only when this process has no connection to it, since
// probing the file would drop this process's own POSIX locks.
bool albumHeldElsewhere(const QString &folder, const TenantFormat &format);

// The workspace's records of folder operations in flight
// (<workspace>/folder-moves/<operation>.json): written before anything
// moves, removed when done; recoverFolderOperations reads them.
QString folderJournalFolder(const Registry &registry);

// A small JSON file written whole or not at all: a temporary file, fsynced,
// renamed into place, and its folder fsynced.
bool writeJsonSynced(const QString &path, const QJsonObject &object);
// The object in a JSON file; empty when the file is missing or not JSON.
QJsonObject readJsonFile(const QString &path);
// Removes a file and fsyncs its folder; true when the file is gone.
bool removeFileSynced(const QString &path);

} // namespace quire::detail
