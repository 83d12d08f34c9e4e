#include "format/schema_text.h"

#include <sqlite3.h>

#include <algorithm>

namespace quire::detail {

QByteArray schemaText(QList<SchemaRow> rows)
{
    // Sorted here rather than with ORDER BY: SQLite would set up a sorter
    // for a dozen rows, which costs more than the whole query on every open.
    // BINARY collation is a byte comparison, as QByteArray's.
    std::sort(rows.begin(), rows.end(), [](const SchemaRow &a, const SchemaRow &b) {
        return std::tie(a.type, a.name) < std::tie(b.type, b.name);
    });
    QByteArray text;
    for (const SchemaRow &row : std::as_const(rows)) {
        for (const QByteArray *field : {&row.type, &row.name, &row.table, &row.sql}) {
            text += *field;
            text += '\x1f';
        }
        text += '\n';
    }
    return text;
}

QByteArray schemaText(sqlite3 *db)
{
    QList<SchemaRow> rows;
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, SchemaRowsSql, -1, &stmt, nullptr) != SQLITE_OK)
        return {};
    auto column = [stmt](int i) {
        return QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(stmt, i)), sqlite3_column_bytes(stmt, i));
    };
    while (sqlite3_step(stmt) == SQLITE_ROW)
        rows.append(SchemaRow{column(0), column(1), column(2), column(3)});
    sqlite3_finalize(stmt);
    return schemaText(std::move(rows));
}

} // namespace quire::detail
