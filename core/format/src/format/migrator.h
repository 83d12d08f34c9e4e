#pragma once
// Brings an album database from its schema version to the format's latest.

#include "quire/error.h"

namespace quire {
class TenantFormat;
class Connection;
}

namespace quire::detail {

// Runs every step after `fromVersion` inside one transaction (each step a
// savepoint of its own), so a failing step leaves the album exactly as it
// was. The caller makes the backup first. With commit false (a dry run)
// everything is rolled back once it has succeeded.
Result<void> migrate(Connection &connection, const TenantFormat &format, int fromVersion,
                     bool commit = true);

} // namespace quire::detail
