#pragma once
// Importer: adds image files to an album, either the ones already in the
// album folder (found recursively, .quire/ skipped) or ones copied in from
// another folder, keeping their paths relative to it. A file already in
// the album (same path) is skipped, so importing twice adds nothing the
// second time; a file in the album folder is never overwritten.
//
// Pixel sizes are read from the image header (QImageReader::size(), no
// decoding). A file whose size cannot be read is still added, as 0x0, with
// a warning: one bad file never stops an import.

#include <quire/album.h>
#include <quire/error.h>

#include <QSet>
#include <QString>
#include <QStringList>

namespace quirectl {

struct ImportSummary {
    int added = 0;
    int skipped = 0;       // found but not added: already in the album, or not copied
    QStringList warnings;  // "<path>: <why>", one for each file that needs a look
};

class Importer
{
public:
    explicit Importer(quire::Album album) : m_album(std::move(album)) {}

    // Copy images from this folder into the album; empty (the default): add
    // the images already in the album folder.
    void setSource(const QString &folder) { m_source = folder; }

    // Adds in batches of this many pictures, each batch one transaction.
    static constexpr int BatchSize = 256;

    quire::Result<ImportSummary> run();

    // jpg jpeg png tif tiff webp heic heif gif bmp, in any letter case.
    static bool isImageFile(const QString &fileName);

private:
    quire::Error error(quire::ErrorCode code, const QString &message) const;

    quire::Album m_album;
    QString m_source;
};

} // namespace quirectl
