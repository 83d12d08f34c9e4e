#include "across/search_album.h"

#include "index/index_words.h"

#include "quire/session.h"
#include "quire/tags.h"
#include "quire/pictures.h"

#include <sqlite3.h>

namespace quire::detail {

namespace {

int stopWhenCancelled(void *flag)
{
    return static_cast<const std::atomic_bool *>(flag)->load(std::memory_order_relaxed) ? 1 : 0;
}

PictureFilter::Order orderFor(SearchQuery::Sort sort)
{
    switch (sort) {
    case SearchQuery::Sort::TakenNewestFirst: return PictureFilter::Order::TakenDescending;
    case SearchQuery::Sort::TakenOldestFirst: return PictureFilter::Order::TakenAscending;
    case SearchQuery::Sort::Path: return PictureFilter::Order::Path;
    }
    return PictureFilter::Order::Path;
}

} // namespace

InterruptGuard::InterruptGuard(Session &session, const std::atomic_bool &cancelled)
    : m_session(session)
{
    // Checked every 1000 virtual machine steps: a few microseconds.
    sqlite3_progress_handler(session.connection().handle(), 1000, &stopWhenCancelled,
                             const_cast<std::atomic_bool *>(&cancelled));
}

InterruptGuard::~InterruptGuard()
{
    sqlite3_progress_handler(m_session.connection().handle(), 0, nullptr, nullptr);
}

Result<QList<Picture>> searchAlbum(Session &session, const SearchQuery &query,
                                   const std::atomic_bool &cancelled)
{
    // One snapshot for the tag lookups and the query (and one read
    // transaction instead of one per statement).
    Result<Transaction> snapshot = session.transaction();
    if (!snapshot)
        return snapshot.error();
    PictureFilter filter;
    for (const QString &path : query.allTags) {
        Result<std::optional<Tag>> tag = quire::Tags(session).byPath(path);
        if (!tag)
            return tag.error();
        if (!*tag)
            return QList<Picture>(); // no picture here can carry every tag
        filter.allTags.append((*tag)->id);
    }
    for (const QString &path : query.anyTags) {
        Result<std::optional<Tag>> tag = quire::Tags(session).byPath(path);
        if (!tag)
            return tag.error();
        if (*tag)
            filter.anyTags.append((*tag)->id);
    }
    if (!query.anyTags.isEmpty() && filter.anyTags.isEmpty())
        return QList<Picture>();
    if (filter.allTags.size() == 1 && filter.anyTags.isEmpty()) {
        // Carrying every one of {t} is carrying one of {t}: the any-of SQL
        // needs no GROUP BY ... HAVING count(*).
        filter.anyTags = filter.allTags;
        filter.allTags.clear();
    }
    filter.takenFrom = query.takenFrom;
    filter.takenTo = query.takenTo;
    filter.minRating = query.minRating;
    filter.textContains = query.text;
    // Without the index, words keep the text rule: each a substring.
    filter.textContainsAll = meaningfulWords(query.words);
    filter.order = orderFor(query.sort);
    filter.limit = query.limit < 0 ? -1 : query.limit;

    InterruptGuard guard(session, cancelled);
    Result<QList<Picture>> pictures = quire::Pictures(session).query(filter);
    if (cancelled.load())
        return session.error(ErrorCode::Cancelled, QStringLiteral("The search was cancelled."));
    return pictures;
}

} // namespace quire::detail
