#include "format/schema_text.h"

#include <sqlite3.h>

namespace quire::detail {

QByteArray schemaText(sqlite3 *db)
{
    QByteArray text;
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db,
                           "SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_schema "
                           "ORDER BY type, name",
                           -1, &stmt, nullptr)
        != SQLITE_OK)
        return {};
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        for (int column = 0; column < 4; ++column) {
            text += reinterpret_cast<const char *>(sqlite3_column_text(stmt, column));
            text += '\x1f';
        }
        text += '\n';
    }
    sqlite3_finalize(stmt);
    return text;
}

} // namespace quire::detail
