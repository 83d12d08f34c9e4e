#pragma once
// The schema of a database as one comparable text: every sqlite_schema row
// (type, name, table, SQL) ordered by type and name.

#include <QByteArray>
#include <QList>

struct sqlite3;

namespace quire::detail {

struct SchemaRow {
    QByteArray type, name, table, sql;
};

// The query whose rows schemaText() takes, in this column order.
constexpr const char *SchemaRowsSql = "SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_schema";

QByteArray schemaText(QList<SchemaRow> rows);
QByteArray schemaText(sqlite3 *db);

} // namespace quire::detail
