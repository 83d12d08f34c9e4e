#pragma once
// Flushing files and folders to the disk: the one place Quire calls fsync
// on a path. A folder is flushed after a file in it was created, renamed or
// removed, so that the change survives a power cut.
//
// Never call these on a database file: closing the descriptor they open
// would drop the POSIX locks SQLite holds on it through its own
// (sqlite.org/howtocorrupt.html, 2.2). Databases are made durable by SQLite.

#include "quire/export.h"

#include <QString>

namespace quire::detail {

// True on success; errno says why not.
QUIRE_CORE_EXPORT bool fsyncFile(const QString &path);
QUIRE_CORE_EXPORT bool fsyncFolder(const QString &path);

} // namespace quire::detail
