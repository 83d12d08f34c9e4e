#pragma once
// The engine's own files in a tenant's control folder (".quire" for
// albums), named in this one place. Paths relative to the tenant folder;
// the recovery of each operation finds its files by these names, so they
// never change.

#include "quire/format.h"

#include <QString>

namespace quire::detail::control {

inline QString file(const TenantFormat &format, const char *name)
{
    return format.controlFolder() + QLatin1Char('/') + QLatin1String(name);
}

// Held (flock) by a transfer from the tenant for as long as it runs.
inline QString transfersLock(const TenantFormat &format) { return file(format, "transfers.lock"); }
// Held by a folder move of the tenant.
inline QString moveLock(const TenantFormat &format) { return file(format, "move.lock"); }
// In a folder move's partial copy, and in the old folder on its way out.
inline QString movePartialMarker(const TenantFormat &format) { return file(format, "move-partial.json"); }
inline QString moveDeletingMarker(const TenantFormat &format) { return file(format, "move-deleting.json"); }
// In a folder copy being built: its marker (locked while it runs) and its database.
inline QString copyMarker(const TenantFormat &format) { return file(format, "copy-partial"); }
inline QString copyDatabase(const TenantFormat &format) { return file(format, "copy-partial.db"); }

} // namespace quire::detail::control
