#pragma once
// The album's row mover: how pictures, with their tags, thumbnails and
// sidecar records, travel between albums through the engine's row
// transfers (quire/row_transfer.h). Named "pictures" in transfer records,
// so that recovery, in any process, finds this code again.
//
// A key is [picture UUID, path in the destination, its XMP sidecar's path
// there or ""]: the album never overwrites, so each picture's free name
// there is chosen before the transfer starts and recorded with it.

#include "quire/row_transfer.h"

#include <QHash>
#include <QString>
#include <QUuid>

namespace quire::detail {

inline constexpr const char *PictureMoverName = "pictures";

// `copiedTo`, when given, receives source UUID -> destination UUID for
// every picture the insert wrote (a copy gives each a new UUID).
RowMover pictureMover(QHash<QUuid, QUuid> *copiedTo = nullptr);

QVariant pictureKey(const QUuid &picture, const QString &destinationPath, const QString &destinationSidecar);

} // namespace quire::detail
