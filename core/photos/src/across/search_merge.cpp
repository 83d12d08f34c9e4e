#include "across/search_merge.h"

#include <algorithm>
#include <iterator>

namespace quire::detail {

namespace {

// -1, 0, 1 by taken_at; a picture without a date comes after every dated
// one in both directions, as the albums' ORDER BY taken_at IS NULL does.
int compareTaken(const QDateTime &a, const QDateTime &b, bool newestFirst)
{
    if (a.isValid() != b.isValid())
        return a.isValid() ? -1 : 1;
    if (!a.isValid())
        return 0;
    const qint64 x = a.toMSecsSinceEpoch();
    const qint64 y = b.toMSecsSinceEpoch();
    if (x == y)
        return 0;
    return (x < y) != newestFirst ? -1 : 1;
}

// SQLite's BINARY collation compares UTF-8 bytes, QString UTF-16 units:
// the two disagree only between U+E000..U+FFFF and characters above
// U+FFFF, so paths are compared as SQLite does to keep each album's order.
int comparePaths(const QString &a, const QString &b)
{
    for (qsizetype i = 0, n = std::min(a.size(), b.size()); i < n; ++i) {
        const char16_t x = a.at(i).unicode();
        const char16_t y = b.at(i).unicode();
        if (x == y)
            continue;
        const bool xs = QChar::isSurrogate(x);
        if (xs != QChar::isSurrogate(y))
            return xs ? 1 : -1; // a surrogate pair encodes a larger code point
        return x < y ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

} // namespace

bool hitBefore(const SearchHit &a, const SearchHit &b, SearchQuery::Sort sort)
{
    if (sort == SearchQuery::Sort::Path) {
        if (const int c = comparePaths(a.picture.path, b.picture.path))
            return c < 0;
        return a.albumUuid < b.albumUuid;
    }
    const bool newestFirst = sort == SearchQuery::Sort::TakenNewestFirst;
    if (const int c = compareTaken(a.picture.takenAt, b.picture.takenAt, newestFirst))
        return c < 0;
    if (a.albumUuid != b.albumUuid)
        return a.albumUuid < b.albumUuid;
    return comparePaths(a.picture.path, b.picture.path) < 0;
}

bool mergeHits(QList<SearchHit> &merged, const QList<SearchHit> &more, SearchQuery::Sort sort,
               int limit)
{
    if (more.isEmpty())
        return false;
    if (limit >= 0 && merged.size() >= limit && !hitBefore(more.first(), merged.last(), sort))
        return false; // none of them makes the cut
    QList<SearchHit> out;
    const qsizetype total = merged.size() + more.size();
    out.reserve(limit >= 0 ? std::min<qsizetype>(limit, total) : total);
    auto a = merged.cbegin();
    auto b = more.cbegin();
    auto full = [&] { return limit >= 0 && out.size() >= limit; };
    while (!full() && (a != merged.cend() || b != more.cend())) {
        if (b == more.cend() || (a != merged.cend() && !hitBefore(*b, *a, sort)))
            out.append(*a++);
        else
            out.append(*b++);
    }
    merged = std::move(out);
    return true;
}

} // namespace quire::detail
