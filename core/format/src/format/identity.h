#pragma once
// The engine's identity table, which every format gets: key/value rows
// uuid, name, created_at, min_write_version (and 'transfers' while a move of
// rows between tenants is unfinished). The photo album's `meta` table has
// exactly this shape, made by its own step 1.

#include <QByteArray>
#include <QString>

namespace quire::detail {

// The table's name is checked to be a plain identifier when the format is
// made, so it can be written into SQL as it is.
inline QByteArray identityTableSql(const QString &table)
{
    return "CREATE TABLE IF NOT EXISTS " + table.toUtf8()
        + " (\n    key   TEXT PRIMARY KEY NOT NULL,\n    value ANY\n) WITHOUT ROWID";
}

// "SELECT value FROM <table> WHERE key = 'uuid'", and the like.
inline QByteArray identitySql(const QString &table, const char *before, const char *after = "")
{
    return QByteArray(before) + table.toUtf8() + after;
}

} // namespace quire::detail
