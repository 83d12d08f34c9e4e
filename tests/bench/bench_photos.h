#pragma once
// What the import workloads share: photo-like pictures with a camera's
// EXIF, the files of a kind in a folder, and the Quire side of an import
// (a fresh album over the folder, importPictures on both cores). W5 makes
// JPEGs of them, W5-heic HEICs.

#include "bench.h"

#include "photo_files.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>

#include <functional>

namespace quire::bench {

// Gradients, shapes and fine grain, so that a compressed file is as large
// and as slow to decode as a camera's, and each index's bytes differ.
QImage drawPhoto(int index, QSize size);

// The EXIF (and one XMP keyword) a camera would write for photo `index`.
test::PhotoSpec cameraMetadata(int index);

// The files matching `pattern` (e.g. "*.heic") directly in folder, sorted.
QStringList filesIn(const QString &folder, const QString &pattern);

// Makes `folder` a fresh album named `name` and imports it, timed; fails
// unless every file matching `pattern` was added without a problem.
Run importAlbumFolder(const QString &folder, const QString &name, const QString &pattern);

// The limit side of an import workload: decodeOne run on each file in
// turn on this thread, timed; fails unless every file decoded.
Run decodeEachAlone(const QStringList &files, const std::function<bool(const QString &file)> &decodeOne);

} // namespace quire::bench
