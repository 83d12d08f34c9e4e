#pragma once
// The transaction every typed write runs in: the caller's own when one is
// open (as a savepoint), else one of its own.

#include "quire/session.h"

namespace quire::detail {

inline Result<Transaction> beginWrite(Session &session)
{
    if (!session.isWritable()) {
        return session.error(ErrorCode::InvalidArgument,
                             QStringLiteral("This change needs a write session; the session "
                                            "given only reads."));
    }
    return session.transaction();
}

inline qint64 toMs(const QDateTime &time)
{
    return time.toMSecsSinceEpoch();
}

inline QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace quire::detail
