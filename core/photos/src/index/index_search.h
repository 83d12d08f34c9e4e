#pragma once
// A SearchQuery answered by one SELECT on the index file.

#include "quire/connection.h"
#include "quire/search.h"

#include <QList>
#include <QUuid>

namespace quire::detail {

// The hits among the indexed pictures of `albums` (empty: every album),
// sorted and limited as the query asks, ties broken as the fan-out's merge
// breaks them (album UUID, then path).
Result<QList<SearchHit>> searchIndex(Connection &index, const SearchQuery &query, const QList<QUuid> &albums);

} // namespace quire::detail
