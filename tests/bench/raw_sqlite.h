#pragma once
// Small helpers for the raw-SQLite side of each workload: plain C API, no
// Quire, the same pragmas Quire uses (so the comparison is fair).

#include <QByteArray>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace quire::bench::raw {

// Opens (creating) a database with WAL, synchronous=NORMAL, foreign_keys ON.
sqlite3 *open(const QString &path);
// A connection that only reads: opened with no settings made (what W3's and
// G3's limits reopen under a connection cap).
sqlite3 *openToRead(const QString &path);
// Runs SQL, aborting the bench with a message when it fails.
void exec(sqlite3 *db, const QByteArray &sql);
sqlite3_stmt *prepare(sqlite3 *db, const QByteArray &sql);
// Quire's album schema (the same statements Quire runs), for the raw side.
void createAlbumSchema(sqlite3 *db);

} // namespace quire::bench::raw
