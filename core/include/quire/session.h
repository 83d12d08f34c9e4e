#pragma once
// Session: one unit of work on one album, holding one leased connection
// until it ends. A write session holds the album's single writer; a read
// session one of its readers (in WAL mode they run beside the writer).
//
// Thread safety: use a Session on one thread at a time; it may be moved to
// and ended on any thread. Its operations outside an explicit Transaction
// each run in a transaction of their own.

#include "quire/album.h"
#include "quire/connection.h"
#include "quire/pictures.h"
#include "quire/tags.h"
#include "quire/transaction.h"

#include <memory>

namespace quire {

class QUIRE_CORE_EXPORT Session
{
public:
    Session(Session &&other) noexcept;
    Session &operator=(Session &&other) noexcept;
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;
    ~Session();

    Album album() const;
    bool isWritable() const { return m_access == Access::Write; }

    // BEGIN IMMEDIATE on a write session (BEGIN on a read one, for a
    // consistent snapshot); a SAVEPOINT when a transaction is already open.
    Result<Transaction> transaction();

    Pictures pictures() { return Pictures(*this); }
    Tags tags() { return Tags(*this); }

    // The raw connection, for SQL of your own. Do not close or keep it.
    Connection &connection() { return *m_connection; }

    // Builds an Error about this session's album.
    Error error(ErrorCode code, const QString &message) const;

private:
    friend class AlbumPrivate;
    Session(std::shared_ptr<AlbumPrivate> album, std::unique_ptr<Connection> connection,
            Access access, quint64 lease);
    void end();

    std::shared_ptr<AlbumPrivate> m_album;
    std::unique_ptr<Connection> m_connection;
    Access m_access = Access::Read;
    quint64 m_lease = 0; // the album's record of this lease
};

} // namespace quire
