#pragma once
// The schema of a database as one comparable text: every sqlite_schema row
// (type, name, table, SQL) in a fixed order.

#include <QByteArray>

struct sqlite3;

namespace quire::detail {

QByteArray schemaText(sqlite3 *db);

} // namespace quire::detail
