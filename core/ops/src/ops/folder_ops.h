#pragma once
// Helpers shared by copy, rename and delete of album folders.

#include "quire/tenant.h"
#include "quire/error.h"

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

} // namespace quire::detail
