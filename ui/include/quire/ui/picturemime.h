#pragma once
// The pictures a drag carries: which album each one is in, by UUID.
// Encoded as JSON under the MIME type "application/x-quire-pictures", so a
// drop target needs nothing but the mime data to find the pictures again.

#include <QList>
#include <QString>
#include <QUuid>

class QMimeData;

namespace quire::ui {

struct PictureRef {
    QUuid album;
    QUuid picture;
    bool operator==(const PictureRef &) const = default;
};

QString pictureMimeType();
// A new QMimeData (the caller owns it) carrying refs.
QMimeData *encodePictureRefs(const QList<PictureRef> &refs);
// The refs in data; empty when it carries none.
QList<PictureRef> decodePictureRefs(const QMimeData *data);

} // namespace quire::ui
