// What the picture transfer adds to the engine's file helpers
// (ops/transfer_files.h): the album's rule for stored paths and its lock.

#include "across/transfer_private.h"

#include "quire/pictures.h"

namespace quire::detail {

bool staysInAlbum(const QString &relativePath)
{
    // The rules a path follows when Quire stores it; a stored path that is
    // not already in that form was written by something else.
    const Result<QString> normal = Pictures::normalisedPath(relativePath);
    return normal && *normal == relativePath;
}

std::optional<TransferLock> takeTransferLock(const Album &source, bool wait)
{
    return TransferLock::take(transferLockFile(source.folder(), source.format()), wait);
}

} // namespace quire::detail
