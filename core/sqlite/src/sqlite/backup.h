#pragma once
// Copies a live database through SQLite's backup API: a consistent
// snapshot even while other connections write, never a byte copy of the
// file (which can catch a transaction half-way or miss the WAL).

#include "quire/error.h"

namespace quire {
class Connection;
}

namespace quire::detail {

Result<void> backupTo(Connection &source, const QString &destinationPath);

} // namespace quire::detail
