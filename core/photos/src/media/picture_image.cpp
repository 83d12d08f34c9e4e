#include "quire/picture_image.h"

#include "media/photo_file.h"

#include <QDir>
#include <QFileInfo>

namespace quire {

Result<QImage> readPictureImage(const QString &filePath, int longEdge)
{
    const QString shown = QDir::toNativeSeparators(filePath);
    if (longEdge <= 0)
        return Error(ErrorCode::InvalidArgument, {},
                     QStringLiteral("Cannot show '%1': asked for %2 pixels, not a size").arg(shown).arg(longEdge));
    // The name only picks RAW handling and the wording of errors; the bytes
    // decide the format (a HEIC saved as .jpg is still read as HEIC).
    detail::PhotoImage image =
        detail::readPhotoImage(QFile::encodeName(filePath), QFileInfo(filePath).fileName(), longEdge);
    if (!image.failure.isEmpty())
        return Error(image.unreadable ? ErrorCode::Io : ErrorCode::InvalidArgument, {},
                     QStringLiteral("Cannot show '%1': %2").arg(shown, image.failure));
    return std::move(image.image);
}

} // namespace quire
