#pragma once
// The index file itself: opening it, and making it anew when it cannot be
// trusted. Nothing here knows what a search asks of it.

#include "quire/connection.h"
#include "quire/error.h"

#include <QString>

#include <memory>

namespace quire::detail {

// PRAGMA application_id of a workspace index: "QIDX". An album is "QUIR"-like
// and the catalog has none, so neither is ever taken for an index.
constexpr int IndexApplicationId = 0x51494458;
// PRAGMA user_version; a file of any other version is rebuilt (a cache
// needs no migration).
// Version 2: titles and descriptions are among the searchable words.
// Version 3: each picture's colour label and pick, for label: and pick:.
// Version 4: a digest per picture, so a changed album rewrites only its
// changed pictures.
constexpr int IndexVersion = 4;

struct OpenedIndex {
    std::unique_ptr<Connection> connection;
    QString rebuiltBecause; // empty when the file was trusted as it was
};

enum class IndexCheck {
    // Application id and version: what every search can afford. Damage
    // then shows as a Damaged error when the index is read.
    Quick,
    // Also PRAGMA quick_check and FTS5's integrity-check: reads the whole
    // file, for a first open or after a read found damage.
    Thorough,
};

// Why the open file is not a usable index (a phrase: "it is of index
// version 99, ..."), or empty when it is.
QString distrustedBecause(Connection &db, IndexCheck level);

// Opens the index at path, checked as asked; a missing, damaged, foreign
// or newer file is removed and made anew, empty, and rebuiltBecause says
// why.
Result<OpenedIndex> openIndexFile(const QString &path, IndexCheck check);

} // namespace quire::detail
