#pragma once
// One album's part of a search: the query's filter in this album's terms
// (its own tag ids), run in a read session that a cancel can interrupt.

#include "quire/error.h"
#include "quire/picture.h"
#include "quire/search.h"

#include <QList>

#include <atomic>

namespace quire {
class Session;
}

namespace quire::detail {

// At most query.limit pictures, sorted as the query asks. An album lacking
// a tag of allTags (or every tag of anyTags) gives none. Fails with
// Cancelled when `cancelled` became true while it ran.
Result<QList<Picture>> searchAlbum(Session &session, const SearchQuery &query,
                                   const std::atomic_bool &cancelled);

// Makes SQLite stop the session's running statement (SQLITE_INTERRUPT)
// once `cancelled` is true, for as long as the guard lives.
class InterruptGuard
{
public:
    InterruptGuard(Session &session, const std::atomic_bool &cancelled);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

private:
    Session &m_session;
};

} // namespace quire::detail
