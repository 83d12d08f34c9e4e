// Fuzzes what an import does with a photo's bytes: the metadata reader
// (exiv2, previews of RAW files included) and the thumbnail made from them
// (the importer's own decodeThumbnail, compiled in from core/src/media, as
// the library does not export it). Any outcome but a crash, a leak or
// undefined behaviour.

#include "media/thumbnail.h"

#include <quire/photo_metadata.h>

#include <QGuiApplication>
#include <QImageReader>

#include <cstdint>
#include <cstdlib>

namespace {

void ensureApplication()
{
    static int argc = 1;
    static char name[] = "fuzz_photo_metadata";
    static char *argv[] = {name, nullptr};
    // The image plugins (TIFF, WebP, HEIF...) come with a Gui application;
    // offscreen needs no display.
    static bool platform = qputenv("QT_QPA_PLATFORM", "offscreen");
    static QGuiApplication *app = new QGuiApplication(argc, argv);
    (void)platform;
    (void)app;
}

void thumbnail(QByteArrayView bytes, int orientation)
{
    (void)quire::detail::jpegIsComplete(bytes);
    quire::detail::DecodedThumbnail t = quire::detail::decodeThumbnail(bytes, 256, orientation);
    if (!t.image.isNull())
        (void)quire::detail::encodeThumbnail(t.image);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // Every damaged input makes the image plugins warn; a fuzz log should
    // show crashes, not a million of those.
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
    ensureApplication();
    // As in the importer's process: Qt refuses images over its default
    // allocation limit (256 MB); keep the fuzzer's memory well below that.
    QImageReader::setAllocationLimit(64);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    quire::Result<quire::PhotoMetadata> metadata = quire::readPhotoMetadata(bytes, true);
    const int orientation = metadata ? metadata->orientation : 1;
    thumbnail(bytes, orientation);
    if (metadata && !metadata->preview.isEmpty())
        thumbnail(metadata->preview, orientation);
    return 0;
}
