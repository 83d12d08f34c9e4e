#include "quire/error.h"

namespace quire {

QString Error::toString() const
{
    if (m_album.isEmpty())
        return m_message;
    QString kind = m_kind.isEmpty() ? QStringLiteral("album") : m_kind;
    kind[0] = kind[0].toUpper();
    return QStringLiteral("%1 '%2': %3").arg(kind, m_album, m_message);
}

Error Error::withKind(const QString &kind) const
{
    Error copy = *this;
    if (!kind.isEmpty())
        copy.m_kind = kind;
    return copy;
}

Error Error::withChangeKept() const
{
    Error e = *this;
    e.m_changeKept = true;
    return e;
}

Error Error::withAlbum(const QString &album) const
{
    Error copy = *this;
    copy.m_album = album;
    return copy;
}

QString Error::codeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Ok: return QStringLiteral("ok");
    case ErrorCode::InvalidArgument: return QStringLiteral("invalid-argument");
    case ErrorCode::NotFound: return QStringLiteral("not-found");
    case ErrorCode::AlreadyExists: return QStringLiteral("already-exists");
    case ErrorCode::NotSqlite: return QStringLiteral("not-sqlite");
    case ErrorCode::NotAnAlbum: return QStringLiteral("not-an-album");
    case ErrorCode::TooNew: return QStringLiteral("too-new");
    case ErrorCode::NeedsUpgrade: return QStringLiteral("needs-upgrade");
    case ErrorCode::SchemaMismatch: return QStringLiteral("schema-mismatch");
    case ErrorCode::Damaged: return QStringLiteral("damaged");
    case ErrorCode::ReadOnly: return QStringLiteral("read-only");
    case ErrorCode::Busy: return QStringLiteral("busy");
    case ErrorCode::Io: return QStringLiteral("io");
    case ErrorCode::Constraint: return QStringLiteral("constraint");
    case ErrorCode::Sqlite: return QStringLiteral("sqlite");
    case ErrorCode::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

} // namespace quire
