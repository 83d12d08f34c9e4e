// The album's rule for stored paths (across/transfer_private.h).

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

} // namespace quire::detail
