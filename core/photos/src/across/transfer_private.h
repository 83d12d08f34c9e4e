#pragma once
// What the picture transfer shares beside its mover: the album's rule for
// stored paths, and the engine's file helpers it picks free names with.

#include "ops/transfer_files.h"

#include <QString>

namespace quire::detail {

// Whether a path read from an album database names a file inside the album
// folder: relative, no '..' leading out, not in .quire/. Databases come
// from anywhere; a transfer never acts on a path that fails this.
bool staysInAlbum(const QString &relativePath);

} // namespace quire::detail
