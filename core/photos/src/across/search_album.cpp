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

// The fan-out's reading of the words a person typed (the index reads them
// as word prefixes, accents aside; here they are substrings, ASCII case
// aside). A word the album's name holds is met by every picture; the
// others get the tags whose name holds them and every tag under those, so
// "beach" and "places" both find a picture tagged Places/Beach.
Result<QList<PictureFilter::Word>> wordsFor(Session &session, const QStringList &typed)
{
    QList<PictureFilter::Word> words;
    const QString albumName = session.tenant().name();
    for (const QString &text : meaningfulWords(typed)) {
        if (albumName.contains(text, Qt::CaseInsensitive))
            continue;
        PictureFilter::Word word{text, {}};
        Result<Rows> tags = session.query(
            "WITH RECURSIVE hit(id) AS (SELECT id FROM tags WHERE instr(lower(name), lower(?1)) > 0"
            " UNION SELECT t.id FROM tags t JOIN hit ON t.parent_id = hit.id) SELECT id FROM hit",
            {text});
        if (!tags)
            return tags.error();
        for (const QVariantList &row : std::as_const(tags->values))
            word.tagIds.append(row.value(0).toLongLong());
        words.append(word);
    }
    return words;
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
    filter.colourLabel = query.colourLabel;
    filter.pick = query.pick;
    filter.textContains = query.text;
    // Without the index, each word is a substring of the path, camera,
    // lens, title or description, of a tag's name at any level, or of the
    // album's name.
    Result<QList<PictureFilter::Word>> words = wordsFor(session, query.words);
    if (!words)
        return words.error();
    filter.words = *words;
    filter.order = orderFor(query.sort);
    filter.limit = query.limit < 0 ? -1 : query.limit;

    InterruptGuard guard(session, cancelled);
    Result<QList<Picture>> pictures = quire::Pictures(session).query(filter);
    if (cancelled.load())
        return session.error(ErrorCode::Cancelled, QStringLiteral("The search was cancelled."));
    return pictures;
}

} // namespace quire::detail
