#pragma once
// Merging each album's sorted hits into one list under a global limit.

#include "quire/search.h"

#include <QList>

namespace quire::detail {

// Whether a comes before b: the sort key, then album UUID, then path. For
// the hits of one album this is the order its SQL gave them.
bool hitBefore(const SearchHit &a, const SearchHit &b, SearchQuery::Sort sort);

// Merges `more` (sorted by hitBefore) into `merged` (sorted too), keeping
// the first `limit` (-1: all). Returns whether `merged` changed.
bool mergeHits(QList<SearchHit> &merged, const QList<SearchHit> &more, SearchQuery::Sort sort,
               int limit);

} // namespace quire::detail
