#pragma once
// The hook opening an album calls: finishes or undoes the transfers the
// album takes part in (see quire/transfer.h). Cheap when there are none.

#include "quire/album.h"

#include <QString>
#include <QUuid>

#include <functional>

namespace quire::detail {

// openAlbum: an album already open (else null); knownFolder: where the
// catalog last saw an album (else empty).
void recoverTransfersOnOpen(const Album &album, std::function<Album(const QUuid &)> openAlbum,
                            std::function<QString(const QUuid &)> knownFolder);

} // namespace quire::detail
