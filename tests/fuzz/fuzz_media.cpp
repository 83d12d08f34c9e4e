// Fuzzes what an import does with the bytes of a HEIF image or a video,
// the two kinds of file read through libraries other than exiv2: Quire's
// own walk of a HEIF file's boxes (irot/imir of the primary item), the
// libheif read of the primary image and its thumbnail, FFmpeg's open,
// probe and poster decode (through a file, as the importer reads videos),
// and the parsing of the container tags that come out of it. Compiled in
// from core/photos/src/media, as the library does not export them. Any
// outcome but a crash, a leak, undefined behaviour or a hang.
//
// The seeds in corpus/fuzz_media were made by the real tools:
//   ffmpeg -f lavfi -i testsrc=size=64x48:rate=10 -t 0.5 -c:v libx264 -pix_fmt yuv420p -g 5 \
//     -metadata creation_time=2023-07-14T10:20:30Z -metadata location=+48.8584+002.2945/ clip.mp4
//   ffmpeg -f lavfi -i testsrc=size=48x32:rate=10 -t 0.3 -c:v mpeg4 -metadata:s:v rotate=90 rot.mov
//   ffmpeg -f lavfi -i testsrc=size=64x48 -frames:v 1 src.jpg
//   exiftool -Orientation=6 -n -DateTimeOriginal='2023:07:14 10:20:30' src.jpg
//   heif-enc -q 30 -o small.heic src.jpg; heif-enc -A -q 30 -o small.avif src.jpg

#include "media/heif_boxes.h"
#include "media/heif_image.h"
#include "media/video_file.h"
#include "media/video_metadata.h"

#include <QFile>
#include <QGuiApplication>
#include <QImageReader>
#include <QTemporaryDir>

#include <cstdint>

namespace {

struct Scratch {
    QTemporaryDir dir;
    QByteArray videoPath;
};

Scratch &scratch()
{
    static Scratch *s = [] {
        auto *made = new Scratch;
        made->videoPath = QFile::encodeName(made->dir.filePath(QStringLiteral("clip.mp4")));
        return made;
    }();
    return *s;
}

// The container tags a video gave, and the same bytes read as tags of
// its own ("key=value" lines), so the text parsers see hostile values too.
void parseTags(const QHash<QString, QString> &fromFile, QByteArrayView bytes)
{
    (void)quire::detail::videoMetadata(fromFile);
    QHash<QString, QString> tags;
    for (const QByteArray &line : QByteArray(bytes.data(), bytes.size()).split('\n')) {
        const qsizetype equals = line.indexOf('=');
        if (equals > 0)
            tags.insert(QString::fromUtf8(line.left(equals)).toLower(), QString::fromUtf8(line.mid(equals + 1)));
    }
    (void)quire::detail::videoMetadata(tags);
    (void)quire::detail::parseIso6709(QString::fromUtf8(bytes.data(), bytes.size()));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
    static int argc = 1;
    static char name[] = "fuzz_media";
    static char *argv[] = {name, nullptr};
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static QGuiApplication *app = new QGuiApplication(argc, argv);
    (void)app;
    QImageReader::setAllocationLimit(64);
    (void)scratch();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    // As the importer holds it for its whole run.
    static quire::detail::HeifLibrary *heif = new quire::detail::HeifLibrary;
    (void)heif;

    (void)quire::detail::looksLikeHeif(bytes);
    (void)quire::detail::primaryImageHasTransform(bytes);
    const quire::detail::HeifImage image = quire::detail::readHeifImage(bytes, 256);
    (void)image;

    QFile clip(QFile::decodeName(scratch().videoPath));
    if (clip.open(QIODevice::WriteOnly | QIODevice::Truncate) && clip.write(bytes.data(), bytes.size()) == bytes.size()) {
        clip.close();
        const quire::detail::VideoFile video = quire::detail::readVideoFile(scratch().videoPath, 256, 2000);
        parseTags(video.tags, bytes);
    }
    return 0;
}
