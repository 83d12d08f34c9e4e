#pragma once
// One question about a HEIF file's boxes that libheif 1.15 has no call for:
// does its primary image carry a rotation or mirror property (irot, imir)?
//
// Why it matters: phones write irot *and* an EXIF orientation saying the
// same thing, and libheif applies irot while decoding, so the EXIF value
// must then be ignored (applying it too turns the picture twice). Files
// converted from a rotated JPEG by older tools (heif-enc 1.15 among them)
// have no irot and keep the JPEG's EXIF orientation as the only record of
// how to show the pixels; there it must be applied.

#include <QByteArrayView>

namespace quire::detail {

// True when the primary item (pitm) has an irot or imir property associated
// in ipma. False when it has none, and when the boxes cannot be followed
// (libheif then decoded a file whose transforms we cannot see; the EXIF
// orientation is the best record left). Reads only within `bytes`.
bool primaryImageHasTransform(QByteArrayView bytes);

} // namespace quire::detail
