#include "quire/session.h"

#include "session/album_private.h"

namespace quire {

Session::Session(std::shared_ptr<AlbumPrivate> album, std::unique_ptr<Connection> connection,
                 Access access, quint64 lease)
    : m_album(std::move(album)), m_connection(std::move(connection)), m_access(access), m_lease(lease)
{
}

Session::Session(Session &&other) noexcept
    : m_album(std::move(other.m_album)),
      m_connection(std::move(other.m_connection)),
      m_access(other.m_access),
      m_lease(other.m_lease)
{
}

Session &Session::operator=(Session &&other) noexcept
{
    if (this != &other) {
        end();
        m_album = std::move(other.m_album);
        m_connection = std::move(other.m_connection);
        m_access = other.m_access;
        m_lease = other.m_lease;
    }
    return *this;
}

Session::~Session()
{
    end();
}

void Session::end()
{
    if (!m_album)
        return;
    // A transaction left open by a caller is rolled back, so the next
    // session starts clean.
    if (m_connection && m_connection->inTransaction())
        (void)m_connection->exec("ROLLBACK");
    m_album->giveBack(std::move(m_connection), m_access, m_lease);
    m_album.reset();
}

Album Session::album() const
{
    return AlbumPrivate::handle(m_album);
}

Result<Transaction> Session::transaction()
{
    return Transaction::begin(*m_connection, m_access == Access::Write);
}

Error Session::error(ErrorCode code, const QString &message) const
{
    return Error(code, m_album ? m_album->folder : QString(), message);
}

} // namespace quire
