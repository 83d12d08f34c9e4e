#pragma once
// PRAGMA data_version: a number that changes when another connection (of
// this process or another) commits to the database, and never for this
// connection's own commits. What a cache of a database's rows compares to
// know, cheaply, whether to read them again.

#include "quire/error.h"

namespace quire {

class Connection;

QUIRE_CORE_EXPORT Result<qint64> dataVersion(Connection &connection);

} // namespace quire
